"""The Fava extension, through Flask's test client on a copy of the example company."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fava.application import create_app
from flask.testing import FlaskClient

from backoffice.domains import REPORTS, open_workspace
from support import CHROMIUM_ARGS, REPO, SCREENSHOTS, browser_api, chromium_path

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
    assert "1 problems in the registers" in page and "BANK-UNMATCHED" in page


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
    # the overdue 20260109)
    assert statuses.count("overdue") == 6
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
