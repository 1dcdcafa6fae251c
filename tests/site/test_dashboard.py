"""`backoffice reports`: the dashboard of the example company, a ledger with no registers, the
ledger Beancount's bean-example generates, and the pages in a real (headless) browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import beanquery
import pytest

from backoffice.core.period import parse_period
from backoffice.domains import REPORTS, open_workspace
from backoffice.load import ledger as ledger_module
from backoffice.load import workspace as workspace_module
from backoffice.load.ledger import Ledger
from backoffice.report.registry import build_report
from backoffice.site import charts
from backoffice.site.figures import Figures
from backoffice.site.publish import write_reports
from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LEDGER,
    REPO,
    SCREENSHOTS,
    browser_api,
    chromium_path,
    labels_outside,
    run,
)

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """The example company's reports, written once for the module; and how many ledger loads."""
    out = tmp_path_factory.mktemp("reports")
    loads = []
    original = ledger_module.load_ledger

    def counting(root: Path) -> Ledger:
        loads.append(root)
        return original(root)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workspace_module, "load_ledger", counting)
        write_reports(open_workspace(REPO), out, parse_period("2026"))
    yield out, len(loads)


def test_every_report_in_every_format_from_one_ledger_load(published: tuple[Path, int]) -> None:
    out, loads = published
    assert loads == 1
    names = {p.name for p in out.iterdir()}
    for name in REPORTS:
        for ext in ("md", "html", "csv", "json"):
            assert f"{name}.{ext}" in names, f"{name}.{ext} missing"
    assert {"index.html", "deadlines.ics"} <= names


def test_dashboard_shows_key_figures_and_charts(published: tuple[Path, int]) -> None:
    out, _ = published
    page = (out / "index.html").read_text(encoding="utf-8")
    ws = open_workspace(REPO)
    receivables = build_report(ws, "receivables", parse_period("2026"))
    open_total = f"{receivables.totals['open']:,.0f}".replace(",", "\u00a0")
    assert open_total in page
    for label in ("Cash and bank", "Revenue year to date", "Result year to date", "Headcount"):
        assert label in page
    assert page.count("<svg") >= 5  # revenue, cash, headcount, two heat maps
    assert "Next deadlines" in page and "Top risks" in page
    for name in REPORTS:
        assert f'href="{name}.html"' in page


def test_first_year_says_so_instead_of_comparing_with_zero(published: tuple[Path, int]) -> None:
    """The example's books start in 2026: no "▲ 575 190 against 0 a year earlier"."""
    page = (published[0] / "index.html").read_text(encoding="utf-8")
    assert page.count("no prior year in the books") == 2  # revenue and result
    assert "a year earlier" not in page


def test_top_risks_name_their_owners_and_put_unrated_ones_last(
    published: tuple[Path, int],
) -> None:
    page = (published[0] / "index.html").read_text(encoding="utf-8")
    top = page.split("Top risks")[1].split("</section>")[0]
    rows = re.findall(
        r"<tr><td>(R-\d{4})</td><td>.*?</td><td>(.*?)</td><td class=\"num\">(.*?)</td>", top
    )
    assert len(rows) == 6
    assert all(score.isdigit() for _, _, score in rows)  # R-0018 has no residual rating
    scores = [int(score) for _, _, score in rows]
    assert scores == sorted(scores, reverse=True)
    assert ("R-0001", "Zuzana Novotná", "9") in rows
    assert "P-0002" not in top


def test_deadline_amounts_are_formatted_as_money(published: tuple[Path, int]) -> None:
    """Amounts in deadline titles are grouped with a decimal comma, as the reports print them."""
    page = (published[0] / "index.html").read_text(encoding="utf-8")
    coming = page.split("Next deadlines")[1]
    amounts = re.findall(r": ([\d\u00a0]+[.,]\d\d) EUR", coming)
    assert amounts and all("," in a and "." not in a for a in amounts)


def test_dashboard_needs_nothing_from_the_network(published: tuple[Path, int]) -> None:
    out, _ = published
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        urls = set(re.findall(r"""(?:src|href)=["']([^"']+)""", text))
        assert all(not u.startswith(("http:", "https:", "//")) for u in urls), page.name
        assert "<script" not in text
        assert "@import" not in text and "url(" not in text


def test_report_pages_link_back_and_carry_their_charts(published: tuple[Path, int]) -> None:
    out, _ = published
    risks = (out / "risks.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in risks and 'class="heat"' in risks
    assert 'href="risks.json"' in risks
    assert "<svg" in (out / "income-statement.html").read_text(encoding="utf-8")


def test_calendar_lists_the_deadlines(published: tuple[Path, int]) -> None:
    out, _ = published
    ical = (out / "deadlines.ics").read_bytes().decode("utf-8")
    assert ical.startswith("BEGIN:VCALENDAR\r\n") and ical.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Notice by: Office lease" not in ical  # indefinite: no notice deadline
    assert ical.count("BEGIN:VEVENT") > 50


def test_a_ledger_without_registers_runs_the_finance_reports(tmp_path: Path) -> None:
    root = tmp_path / "books"
    (root / "ledger").mkdir(parents=True)
    (root / "ledger" / "main.beancount").write_text(LEDGER, encoding="utf-8")
    result = run("--root", str(root), "reports")
    assert result.exit_code == 0, result.output
    out = root / "build" / "reports"
    for name in ("trial-balance", "balance-sheet", "income-statement", "cash-flow", "vat"):
        assert (out / f"{name}.json").is_file()
    for name in ("headcount", "contracts", "risks", "deadlines", "suppliers", "budget"):
        assert not (out / f"{name}.json").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Skipped: No records/people/ register." in index


@pytest.fixture(scope="module")
def bean_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ledger Beancount's bean-example writes, with a fixed seed and dates."""
    root = tmp_path_factory.mktemp("bean-example")
    (root / "ledger").mkdir()
    subprocess.run(
        [
            str(BIN / "bean-example"),
            "--seed",
            "7",
            "--date-begin",
            "2024-01-01",
            "--date-end",
            "2025-12-31",
            "--date-birth",
            "1985-05-01",
            "-o",
            str(root / "ledger" / "main.beancount"),
        ],
        check=True,
        capture_output=True,
    )
    return root


def test_bean_example_ledger_gives_every_finance_report(bean_example: Path) -> None:
    result = run("--root", str(bean_example), "reports", "--period", "2025")
    assert result.exit_code == 0, result.output
    index = (bean_example / "build" / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count("a year earlier") == 2 and "no prior year" not in index  # 2024 is there
    ws = open_workspace(bean_example)
    period = parse_period("2025")
    tb = build_report(ws, "trial-balance", period)
    assert tb.currency == "USD"
    assert any("other than USD" in n for n in tb.notes)  # vacation hours, 401k units
    conn = beanquery.connect(
        "beancount:", entries=ws.ledger.entries, errors=ws.ledger.errors, options=ws.ledger.options
    )

    def usd(where: str) -> dict[str, Decimal]:
        sql = f"SELECT account, sum(number(weight)) WHERE currency(weight) = 'USD' AND {where}"
        return {a: t for a, t in conn.execute(sql + " GROUP BY account").fetchall() if t}

    expected = usd("date <= 2025-12-31 AND account ~ '^(Assets|Liabilities|Equity)'")
    expected |= usd("year = 2025 AND account ~ '^(Income|Expenses)'")
    closing = {
        r.cells["account"]: r.cells["closing"]
        for r in tb.rows
        if r.kind == "item"
        and r.cells["closing"]
        and r.cells["account"] != "Equity:Earnings:Previous"
    }
    assert closing == expected
    bs = build_report(ws, "balance-sheet", period, period.end)
    gap = bs.totals["assets"] + bs.totals["liabilities_and_equity"]
    assert abs(gap) < Decimal("0.10")  # shares bought at a precise cost, within tolerance
    cash = build_report(ws, "cash-flow", period)
    assert cash.totals["closing"] - cash.totals["opening"] == cash.totals["net"]
    statement = build_report(ws, "income-statement", period)
    assert statement.totals["result"] == bs.totals["result"]
    assert len(statement.columns) == 4 + 12


def test_pages_in_a_headless_browser(published: tuple[Path, int]) -> None:
    """Open the dashboard and every report page from file://, check the numbers a reader sees,
    and keep screenshots under build/screenshots/."""
    sync_playwright = browser_api()
    out, _ = published
    ws = open_workspace(REPO)
    period = parse_period("2026")
    executable = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    statement = build_report(ws, "income-statement", period)
    revenue = f"{-statement.totals['income']:,.2f}".replace(",", " ").replace(".", ",")
    expected = {
        "index": ["Javorina Digital s.r.o.", "Receivables open", "Next deadlines"],
        "income-statement": [revenue],
        "balance-sheet": ["Liabilities and equity"],
        "risks": ["R-0001"],
        "deadlines": ["Notice by"],
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            failed: list[str] = []
            # A request cut short by the next navigation (ERR_ABORTED) is no failure.
            page.on(
                "requestfailed",
                lambda r: None if "ERR_ABORTED" in (r.failure or "") else failed.append(r.url),
            )
            for name in ["index", *REPORTS]:
                page.goto((out / f"{name}.html").as_uri())
                text = (page.text_content("body") or "").replace("\u00a0", " ")
                for wanted in expected.get(name, []):
                    assert wanted in text, f"{wanted!r} not on {name}.html"
                if name != "index":
                    assert page.locator("table").count() == 1
                    assert page.locator("nav.top a.home").count() == 1
                page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
            svg = page.goto((out / "index.html").as_uri())
            assert svg is not None and svg.ok
            boxes = page.locator("svg.chart").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().width)"
            )
            assert len(boxes) >= 3 and min(boxes) > 200  # the charts are drawn, not collapsed
            assert labels_outside(page) == []
            assert failed == []
        finally:
            browser.close()


def test_chart_labels_stay_inside_their_charts(tmp_path: Path) -> None:
    """Long labels, wide amounts and long series names, measured in a real browser."""
    sync_playwright = browser_api()
    wide = Figures("sk_SK", "EUR").whole
    months = ["september 2026", "október 2026", "november 2026", "december 2026"]
    many = [f"týždeň {n} roku 2026" for n in range(1, 53)]
    svgs = [
        charts.bar_chart(
            "Bars",
            months,
            [
                ("Revenue from every customer of the year", [Decimal("987654321"), 5]),
                ("Expenses of every kind, wages included", [Decimal("-123456789"), 7]),
            ],
            wide,
        ),
        charts.line_chart("Line", many, [Decimal(n * 1000003) for n in range(52)], wide),
        charts.line_chart("Short", ["dec 25", "dec 26"], [Decimal(1), Decimal(2)], wide),
    ]
    css = "svg { width: 520px; display: block } .tick { font: 12px system-ui, sans-serif }"
    html = f"<!doctype html><style>{css}</style>{''.join(svgs)}"
    (tmp_path / "charts.html").write_text(html, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto((tmp_path / "charts.html").as_uri())
            assert page.locator("svg text").count() > 20
            assert labels_outside(page) == []
            shortened = page.locator("svg text title").all_text_contents()
            assert "týždeň 1 roku 2026" in shortened  # cut to fit, whole in the tooltip
        finally:
            browser.close()


def test_key_figures_are_whole_units_grouped_as_the_locale_groups_them() -> None:
    assert Figures("en_US", "EUR").whole(Decimal("119355.40")) == "119,355"
    assert Figures("de_DE", "EUR").whole(Decimal("119355.50")) == "119.356"
    assert Figures("en_US", "EUR").whole(Decimal("-0.40")) == "0"
