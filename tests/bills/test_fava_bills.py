"""Fava's bills page beside the invoices page: every bill with where it stands and, for an
imported e-invoice, its archived XML served as a Fava document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fava.application import create_app

from support import REPO, run
from support.bills import sk_invoice

PAGE = "/javorina-digital-sro/extension/BackOffice/"


def test_bills_page_lists_statuses_and_serves_the_archived_xml(tmp_path: Path) -> None:
    root = tmp_path / "company"
    for folder in ("ledger", "records", "schemas", "documents", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    xml = tmp_path / "telenet.xml"
    xml.write_bytes(sk_invoice())
    assert run("--root", str(root), "bill", "import", str(xml)).exit_code == 0
    assert run("--root", str(root), "ledger", "sync").exit_code == 0
    app = create_app([str(root / "ledger" / "main.beancount")], read_only=True)
    app.testing = True
    client = app.test_client()
    overview = client.get(PAGE).get_data(as_text=True)
    assert "?page=bills" in overview
    response = client.get(f"{PAGE}?page=bills")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    statuses = re.findall(r"<td class=\"(?:bad)?\">([a-z ]+)</td>", page)
    assert statuses.count("paid") > 100 and "open" in statuses
    assert "S-0003-2026000123" in page and "TeleNet Slovakia a.s." in page
    link = re.search(r'href="([^"]*/document/\?filename=[^"]*S-0003-2026000123\.xml)"', page)
    assert link is not None
    served = client.get(link.group(1).replace("&amp;", "&"))
    assert served.status_code == 200
    assert served.get_data() == sk_invoice()
