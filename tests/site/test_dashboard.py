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
from backoffice.site.figures import Figures
from backoffice.site.publish import write_reports
from support import CHROMIUM, CHROMIUM_ARGS, LEDGER, REPO, SCREENSHOTS, browser_api, run

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
            assert failed == []
        finally:
            browser.close()


def test_key_figures_are_whole_units_grouped_as_the_locale_groups_them() -> None:
    assert Figures("en_US", "EUR").whole(Decimal("119355.40")) == "119,355"
    assert Figures("de_DE", "EUR").whole(Decimal("119355.50")) == "119.356"
    assert Figures("en_US", "EUR").whole(Decimal("-0.40")) == "0"
