"""Fava's import page runs the importers of `backoffice bank import` (`import-config` in the
example's main.beancount): it lists the statements and extracts only what is new."""

from __future__ import annotations

import shutil
from pathlib import Path

from fava.application import create_app

from support import REPO
from support.bank import entry, statement

SLUG = "/javorina-digital-sro"
TATRA = "SK4811000000002926871432"
IMPORTER = "backoffice.bank.importer.CamtImporter"
CSV_IMPORTER = "backoffice.bank.importer.CsvImporter"
SLSP_EXPORT = "pohyby-SK1009000000005143827761-20261202.csv"


def test_fava_lists_the_statements_and_extracts_the_new_entries(tmp_path: Path) -> None:
    root = tmp_path / "company"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    paid = entry(
        "7",
        "149.38",
        "2026-12-03",
        credit=False,
        name="Papiernictvo Centrum s.r.o.",
        iban="SK7009000000002251527726",
        text="PC-26-0533",
    )
    text = statement(
        "81355.02", "81205.64", [paid], first="2026-12-03", last="2026-12-03", iban=TATRA
    )
    new = root / "documents" / "bank" / "inbox" / "tatra-2026-12-03.xml"
    new.parent.mkdir(parents=True)
    new.write_text(text, encoding="utf-8")
    app = create_app([str(root / "ledger" / "main.beancount")], read_only=True)
    app.testing = True
    client = app.test_client()
    errors = client.get(f"{SLUG}/api/errors").get_json()["data"]
    assert not [e for e in errors if "import" in e["message"].lower()], errors
    files = client.get(f"{SLUG}/api/imports").get_json()["data"]
    found = {Path(f["name"]).name: [i["account"] for i in f["importers"]] for f in files}
    assert found["tatra-2026-12-02.xml"] == ["Assets:Bank:Tatra"]
    assert found["tatra-2026-12-03.xml"] == ["Assets:Bank:Tatra"]
    assert found[SLSP_EXPORT] == ["Assets:Bank:SLSP"]
    booked_csv = str(root / "documents" / "bank" / "2026" / SLSP_EXPORT)
    again = client.get(
        f"{SLUG}/api/extract", query_string={"filename": booked_csv, "importer": CSV_IMPORTER}
    )
    assert again.get_json()["data"] == []
    booked = str(root / "documents" / "bank" / "2026" / "tatra-2026-12-02.xml")
    again = client.get(
        f"{SLUG}/api/extract", query_string={"filename": booked, "importer": IMPORTER}
    )
    assert again.get_json()["data"] == []
    extracted = client.get(
        f"{SLUG}/api/extract", query_string={"filename": str(new), "importer": IMPORTER}
    ).get_json()["data"]
    kinds = sorted(e["t"] for e in extracted)
    assert kinds == ["Balance", "Transaction"]  # the opening is the last statement's closing
    (txn,) = [e for e in extracted if e["t"] == "Transaction"]
    assert txn["narration"] == "Payment of invoice PC-26-0533"
    assert txn["meta"]["bank-ref"] == "R7" and txn["meta"]["bill"] == "PC-26-0533"
