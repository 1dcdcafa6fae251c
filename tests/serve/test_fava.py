"""The Fava extension, through Flask's test client on a copy of the example company."""

from __future__ import annotations

import html
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fava.application import create_app
from flask.testing import FlaskClient

from backoffice.domains import REPORTS, open_workspace
from backoffice.load.workspace import Workspace
from backoffice.report.registry import build_report, default_period
from backoffice.report.render import money
from backoffice.view.browse import build_index, sensitive_values, walk
from support import CHROMIUM_ARGS, REPO, SCREENSHOTS, browser_api, chromium_path, labels_outside

ENABLE = '\n2019-03-01 custom "fava-extension" "backoffice.serve.fava_ext"\n'
PAGE = "/javorina-digital-sro/extension/BackOffice/"


def copy_example(target: Path) -> Path:
    shutil.copytree(
        REPO,
        target,
        ignore=shutil.ignore_patterns(".venv", "build", ".git", "tests", "__pycache__"),
    )
    main = target / "ledger" / "main.beancount"
    if "backoffice.serve.fava_ext" not in main.read_text():
        main.write_text(main.read_text() + ENABLE)
    return target


def client_for(root: Path, *, read_only: bool = False) -> FlaskClient:
    app = create_app([str(root / "ledger" / "main.beancount")], read_only=read_only)
    app.testing = True
    return app.test_client()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("fava") / "company")


@pytest.fixture(scope="module")
def client(example: Path) -> Iterator[FlaskClient]:
    yield client_for(example, read_only=True)


def text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_overview_counts_every_register(client: FlaskClient) -> None:
    page = text(client, PAGE)
    assert '<a class="bo-card" href="' in page
    assert "<strong>10</strong>people" in page
    assert "<strong>16</strong>suppliers" in page
    # the one payment of the December statement that nothing matched waits for a decision
    assert "1 problem in the registers" in page and "BANK-UNMATCHED" in page


def test_every_register_and_record_page(client: FlaskClient, example: Path) -> None:
    ws = open_workspace(example)
    for register in ws.schemas.registers:
        if register == "company":
            continue
        page = text(client, f"{PAGE}?register={register}")
        records = ws.records.register(register)
        for record in records:
            assert f">{record.id}</a>" in page
            detail = text(client, f"{PAGE}?register={register}&id={record.id}")
            assert f"<code>{record.rel}</code>" in detail


def test_register_sorts_and_filters(client: FlaskClient) -> None:
    page = text(client, f"{PAGE}?register=people&sort=name&q=nov")
    assert "Zuzana Novotná" in page
    assert "Martin Kováč" not in page
    by_name = text(client, f"{PAGE}?register=people&sort=name")
    assert by_name.index("Eva Molnárová") < by_name.index("Zuzana Novotná")


def test_references_resolve_both_ways(client: FlaskClient) -> None:
    asset = text(client, f"{PAGE}?register=assets&id=A-0001")
    assert "register=people&amp;id=P-0002" in asset
    assert "/javorina-digital-sro/account/Assets:Fixed:IT/" in asset
    supplier = text(client, f"{PAGE}?register=suppliers&id=S-0006")
    assert "Referred to by" in supplier
    assert "register=assets&amp;id=A-0001" in supplier
    assert "journal/?filter=supplier:%22S-0006%22" in supplier


def test_unknown_record_or_register_is_404(client: FlaskClient) -> None:
    text(client, f"{PAGE}?register=people&id=P-9999", 404)
    text(client, f"{PAGE}?register=pets", 404)


def test_problems_reach_fava_and_follow_file_changes(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    client = client_for(root)
    assert "REF-UNKNOWN" not in text(client, PAGE)
    person = root / "records" / "people" / "P-0003.yaml"
    person.write_text(person.read_text().replace("manager: P-0002", "manager: P-0404"))
    page = text(client, PAGE)
    assert "REF-UNKNOWN" in page
    assert "2 problems in the registers, also on Fava's Errors page." in page  # and BANK-UNMATCHED
    errors = client.get("/javorina-digital-sro/api/errors").get_json()["data"]
    assert any(
        e["message"].startswith("REF-UNKNOWN manager: 'P-0404'")
        and e["source"]["filename"].endswith("records/people/P-0003.yaml")
        for e in errors
    )
    detail = text(client, f"{PAGE}?register=people&id=P-0003")
    assert "REF-UNKNOWN" in detail and "Peter Horváth" in detail


def test_a_broken_record_still_shows_and_values_are_escaped(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    (root / "records" / "people" / "P-0011.yaml").write_text(
        "id: P-0011\nname: <script>alert(1)</script>\nshoe_size: 44\n"
    )
    shutil.rmtree(root / "records" / "incidents")
    client = client_for(root)
    detail = text(client, f"{PAGE}?register=people&id=P-0011")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "<script>alert(1)</script>" not in detail
    assert "unknown field &#39;shoe_size&#39;" in detail
    assert "No records." in text(client, f"{PAGE}?register=incidents")


BAD_DRAFT = """\
series: FA
number: "20260119"
kind: invoice
status: draft
issue_date: 2026-12-02
customer: "C-0002"
currency: EUR
lines:
  - description: "Support retainer, January 2027"
    quantity: {quantity}
    unit_price: {price}
    vat_rate: 23
"""


@pytest.mark.parametrize(
    ("quantity", "price"),
    [(".nan", "1850.00"), ("1", ".inf"), ("1e400", "1"), ("1", "123456789012345678901234567890")],
)
def test_a_draft_with_a_number_out_of_range_still_shows(
    tmp_path: Path, quantity: str, price: str
) -> None:
    """The invoices page lists the draft without a total, its record page names the problem."""
    root = copy_example(tmp_path / "company")
    draft = root / "records" / "invoices" / "2026" / "20260119.yaml"
    draft.write_text(BAD_DRAFT.format(quantity=quantity, price=price), encoding="utf-8")
    client = client_for(root)
    page = text(client, f"{PAGE}?page=invoices")
    assert ">20260119</a>" in page
    assert '<td class="num"> EUR</td>' in page  # no total
    detail = text(client, f"{PAGE}?register=invoices&id=20260119")
    assert "VALUE-RANGE" in detail


def test_overview_shows_key_figures_charts_and_reports(client: FlaskClient) -> None:
    page = text(client, PAGE)
    for wanted in (
        "Cash and bank",
        "Receivables open",
        "Headcount",
        "Open risks",
        "Next deadlines",
    ):
        assert wanted in page
    assert page.count('<svg viewBox="0 0') >= 4  # revenue, cash, headcount, two heat maps
    for title, report in (
        ("Revenue and expenses per month", "income-statement"),
        ("Cash and bank at month end", "cash-flow"),
        ("Headcount at month end", "headcount"),
    ):
        assert f'<figcaption><a href="{PAGE}?report={report}">{title}</a></figcaption>' in page
    assert (
        f'<h2><a href="{PAGE}?report=risks">Risk heat map (number of open risks)</a></h2>' in page
    )
    assert "no prior year in the books" in page and "a year earlier" not in page
    assert f'href="{PAGE}?report=risks"' in page


def test_report_pages_render_the_library_reports(client: FlaskClient, example: Path) -> None:
    for name in REPORTS:
        page = text(client, f"{PAGE}?report={name}")
        assert '<table class="bo-table">' in page, name
    assert "R-0001" in text(client, f"{PAGE}?report=risks")
    text(client, f"{PAGE}?report=nope", 404)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def fava_server(example: Path) -> Iterator[str]:
    """`fava` started as a user starts it, on a free port of 127.0.0.1, read-only."""
    port = _free_port()
    fava = Path(sys.executable).parent / "fava"
    process = subprocess.Popen(
        [
            str(fava),
            "--read-only",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            str(example / "ledger" / "main.beancount"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("fava did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_every_extension_page_in_a_browser(fava_server: str, example: Path) -> None:
    """Visit every extension page in headless Chromium, go from a supplier to its journal in
    Fava and back, and keep screenshots under build/screenshots/fava-*.png."""
    sync_playwright = browser_api()
    ws = open_workspace(example)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = fava_server + PAGE
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            failed: list[str] = []
            # A request cut short by the next navigation (ERR_ABORTED) is no failure.
            page.on(
                "requestfailed",
                lambda r: None if "ERR_ABORTED" in (r.failure or "") else failed.append(r.url),
            )
            page.goto(base)
            page.wait_for_selector("text=Key figures")
            assert "Receivables open" in (page.text_content("article") or "")
            captions = page.locator("figure.bo-chart figcaption").all_text_contents()
            assert captions == [
                "Revenue and expenses per month",
                "Cash and bank at month end",
                "Headcount at month end",
            ]
            assert page.locator("svg text").count() > 40
            assert labels_outside(page) == []
            page.screenshot(path=str(SCREENSHOTS / "fava-overview.png"), full_page=True)
            for register in sorted(ws.schemas.registers):
                if register == "company":
                    continue
                page.goto(f"{base}?register={register}")
                records = ws.records.register(register)
                page.wait_for_selector(f"text={records[0].id}" if records else "text=No records.")
                page.screenshot(path=str(SCREENSHOTS / f"fava-{register}.png"), full_page=True)
            page.goto(f"{base}?page=invoices")
            page.wait_for_selector("text=D2026001")
            page.screenshot(path=str(SCREENSHOTS / "fava-invoices.png"), full_page=True)
            for name in REPORTS:
                page.goto(f"{base}?report={name}")
                page.wait_for_selector("table.bo-table")
            page.goto(f"{base}?report=risks")
            page.wait_for_selector("svg.heat")
            page.screenshot(path=str(SCREENSHOTS / "fava-risks.png"), full_page=True)
            page.goto(f"{base}?register=suppliers&id=S-0006")
            page.wait_for_selector("text=TechStore Slovakia s.r.o.")
            page.screenshot(path=str(SCREENSHOTS / "fava-supplier.png"), full_page=True)
            page.click("text=entries with supplier S-0006")
            page.wait_for_url("**/journal/**")
            page.wait_for_selector("text=TechStore Slovakia s.r.o.")
            page.screenshot(path=str(SCREENSHOTS / "fava-journal.png"), full_page=True)
            page.go_back()
            page.wait_for_selector("text=Referred to by")
            assert "S-0006" in page.url
            assert failed == []
        finally:
            browser.close()


def test_invoices_with_status_and_their_pdf_as_fava_documents(client: FlaskClient) -> None:
    page = text(client, f"{PAGE}?page=invoices")
    statuses = re.findall(r"<td class=\"(?:bad)?\">([a-z ]+)</td>", page)
    # as of 2026-12-02, the date of the latest invoices and of the Tatra statement (which pays
    # the overdue 20260109) and of the SLSP export (which pays the overdue 20260095)
    assert statuses.count("overdue") == 5
    assert {"paid", "open", "overdue"} <= set(statuses)
    assert "D2026001</a> (credit note)" in page
    assert ">credits 20260086</td>" in page and ">credits 20260107</td>" in page
    # the delivery log of the Peppol invoices: the latest event of each
    assert '<td class="bo-delivery">delivered 2026-12-02</td>' in page
    assert page.count('<td class="bo-delivery">sent 2026-12-02</td>') == 2
    pdf = re.search(r'href="([^"]*/document/\?filename=[^"]*20260104\.pdf)"', page)
    assert pdf is not None
    response = client.get(pdf.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"


SHOW = '"{\\"show_sensitive\\": true}"'


def configure(root: Path, config: str) -> None:
    """Give the extension's entry in ledger/main.beancount a config string (Beancount quoted)."""
    main = root / "ledger" / "main.beancount"
    line = '"fava-extension" "backoffice.serve.fava_ext"'
    main.write_text(main.read_text().replace(line, f"{line} {config}", 1))


def extension_pages(ws: Workspace) -> list[str]:
    """Every page of the extension: overview, reports, area pages, registers and records."""
    urls = [PAGE, *(f"{PAGE}?report={n}" for n in REPORTS)]
    urls += [f"{PAGE}?page={p.name}" for d in ws.domains for p in d.pages]
    for register in ws.schemas.registers:
        urls.append(f"{PAGE}?register={register}")
        urls += [f"{PAGE}?register={register}&id={r.id}" for r in ws.records.register(register)]
    return urls


def private_texts(ws: Workspace) -> set[str]:
    """The example's sensitive values that say something by themselves: not a date, an id, an
    amount, a single word, or a value that some record also holds in a field that is not
    sensitive (amounts are looked for on the pages that could show them)."""
    public: set[str] = set()
    private: set[str] = set()
    for record in ws.records.records:
        secret = sensitive_values(ws, record)
        private |= secret
        for _path, value, _schema in walk(record.data, None):
            if not isinstance(value, dict | list) and str(value) not in secret:
                public.add(str(value))
    return {
        v
        for v in private - public
        if len(v) >= 5 and not re.fullmatch(r"\d{4}-\d\d-\d\d|[A-Z]+-\d{4}|[\d.]+ EUR|[a-z]+", v)
    }


def shown_on(client: FlaskClient, urls: list[str], texts: set[str]) -> dict[str, list[str]]:
    """Which of `texts` the extension's part of each page shows, as whole words, unescaped
    (Fava's own data for its editor, the payees and such, is left out)."""
    words = "|".join(re.escape(v) for v in sorted(texts, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])({words})(?![\w])")
    found: dict[str, list[str]] = {}
    for url in urls:
        page = text(client, url)
        start = page.find('<p class="bo-nav">')
        part = html.unescape(page[start:] if start >= 0 else page)
        for value in set(pattern.findall(part)):
            found.setdefault(value, []).append(url)
    return found


def payroll_amounts(ws: Workspace) -> set[str]:
    """One person's pay of the year, as the payroll report's rows for a person print it."""
    report = build_report(ws, "payroll", default_period(ws))
    money_keys = [c.key for c in report.columns if c.type == "money"]
    person = {money(r.cells[k], ws.locale) for r in report.rows if r.private for k in money_keys}
    others = {
        money(r.cells[k], ws.locale) for r in report.rows if not r.private for k in money_keys
    }
    return person - others - {money(Decimal(0), ws.locale)}


def test_sensitive_fields_are_hidden_on_every_page(client: FlaskClient, example: Path) -> None:
    ws = open_workspace(example)
    secrets = private_texts(ws)
    assert {"810417/3187", "SK76 1100 0000 0010 8052 1324", "Andrea Kováčová"} <= secrets
    assert shown_on(client, extension_pages(ws), secrets) == {}
    person = text(client, f"{PAGE}?register=people&id=P-0001")
    assert person.count('<span class="bo-hidden"') >= 3  # salary, personal data, absences
    assert ">Salary history</th>" in person and ">Personal data</th>" in person
    assert "3200.00" not in person and "4100.00" not in person  # the salary history
    pay = text(client, f"{PAGE}?report=payroll")
    assert shown_on(client, [f"{PAGE}?report=payroll"], payroll_amounts(ws)) == {}
    assert "hidden" in pay and "Total" in pay


def test_sensitive_fields_show_when_configured(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    configure(root, SHOW)
    client = client_for(root)
    ws = open_workspace(root)
    person = text(client, f"{PAGE}?register=people&id=P-0001")
    for value in (
        "810417/3187",
        "SK76 1100 0000 0010 8052 1324",
        "Andrea Kováčová",
        "Vajnorská 132",
    ):
        assert value in person
    assert '<span class="bo-hidden"' not in person
    pay = f"{PAGE}?report=payroll"
    assert set(shown_on(client, [pay], payroll_amounts(ws))) == payroll_amounts(ws)


def test_records_referring_only_through_sensitive_fields_are_not_listed(
    client: FlaskClient, example: Path, tmp_path: Path
) -> None:
    ws = open_workspace(example)
    index = build_index(ws)
    pairs = [
        (target, other)
        for target, refs in index.referenced_by.items()
        for other, private in refs.values()
        if private
    ]
    assert pairs, "the example has an incident whose people involved are referred to"
    shown = client_for(configure_copy(tmp_path, SHOW))
    for (register, record_id), other in pairs:
        url = f"{PAGE}?register={register}&id={record_id}"
        link = f"register={other.register}&amp;id={other.id}"
        assert link not in text(client, url).split("Referred to by")[-1], url
        assert link in text(shown, url).split("Referred to by")[-1], url


def configure_copy(tmp_path: Path, config: str) -> Path:
    root = copy_example(tmp_path / "configured")
    configure(root, config)
    return root


def test_problems_do_not_quote_sensitive_values(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    person = root / "records" / "people" / "P-0001.yaml"
    person.write_text(
        person.read_text()
        .replace("national_id: 810417/3187", "national_id: 810417/3188")
        .replace("SK76 1100 0000 0010 8052 1324", "SK76 1100 0000 0010 8052 1325")
    )
    client = client_for(root)
    pages = [PAGE, f"{PAGE}?register=people&id=P-0001", "/javorina-digital-sro/api/errors"]
    leaked = shown_on(client, pages, {"810417/3188", "SK76 1100 0000 0010 8052 1325"})
    assert leaked == {}
    overview = html.unescape(text(client, PAGE))
    assert "personal.national_id: 'hidden' is not a valid birth number" in overview
    assert "personal.private_iban: 'hidden' is not a valid IBAN" in overview


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '"{\\"show_sensitive\\": \\"yes\\"}"',
            "config option 'show_sensitive' must be true or false, not 'yes'",
        ),
        (
            '"{\\"show_secrets\\": true}"',
            "config option 'show_secrets' is unknown (known: root, show_sensitive)",
        ),
        ('"[1, 2]"', "config '[1, 2]' is not a mapping such as {\"show_sensitive\": true}"),
        (
            '"{show_sensitive: yes"',
            "config '{show_sensitive: yes' is neither JSON nor a Python literal",
        ),
    ],
)
def test_a_wrong_config_is_an_error_and_keeps_values_hidden(
    tmp_path: Path, config: str, message: str
) -> None:
    root = copy_example(tmp_path / "company")
    configure(root, config)
    client = client_for(root)
    assert "810417/3187" not in text(client, f"{PAGE}?register=people&id=P-0001")
    errors = client.get("/javorina-digital-sro/api/errors").get_json()["data"]
    wanted = f"backoffice.serve.fava_ext: {message}"
    found = [e for e in errors if e["message"] == wanted]
    assert found, [e["message"] for e in errors]
    assert found[0]["source"]["filename"].endswith("ledger/main.beancount")
    assert found[0]["source"]["lineno"] == 10


def test_python_literal_config_is_read_too(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    configure(root, "\"{'show_sensitive': True}\"")
    assert "810417/3187" in text(client_for(root), f"{PAGE}?register=people&id=P-0001")


def test_a_record_or_an_include_linked_outside_is_not_shown(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: P-0099\nname: TOP-SECRET-42\n", encoding="utf-8")
    (root / "records/people/P-0099.yaml").symlink_to(secret)
    client = client_for(root)
    text(client, f"{PAGE}?register=people&id=P-0099", 404)
    assert "TOP-SECRET" not in text(client, f"{PAGE}?register=people")
    errors = client.get("/javorina-digital-sro/api/errors").get_json()["data"]
    assert any(
        e["message"].startswith("PATH-OUTSIDE this path resolves outside the repository")
        and e["source"]["filename"].endswith("records/people/P-0099.yaml")
        for e in errors
    )
    assert "TOP-SECRET" not in str(errors)


def test_an_include_outside_reaches_fava_errors(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "company")
    (tmp_path / "other.beancount").write_text("2026-01-01 open Assets:Secret EUR\n", "utf-8")
    main = root / "ledger" / "main.beancount"
    main.write_text(main.read_text() + '\ninclude "../../other.beancount"\n')
    client = client_for(root)
    errors = client.get("/javorina-digital-sro/api/errors").get_json()["data"]
    assert any(
        e["message"].startswith("PATH-OUTSIDE include '../../other.beancount' resolves outside")
        for e in errors
    )
    assert "PATH-OUTSIDE" in text(client, PAGE)  # Fava's own pages list what Fava read
