"""Invoices issued in the Peppol BIS Billing 3.0 profile (from company.yaml's
einvoice.peppol_from): the recorded profile, the electronic addresses and references, the
invoiced period, what `invoice issue` refuses, and every document checked by OpenPeppol's own
rules (EN 16931 and Peppol, release 2026.5) run in process with SaxonC-HE."""

from __future__ import annotations

import re
from pathlib import Path

import facturx
import pytest
from click.testing import Result

from backoffice.domains import open_workspace
from backoffice.invoicing import model as inv
from support import REPO, run
from support.invoices import (
    CREDIT_NOTE,
    EN_INVOICE,
    SK_INVOICE,
    Books,
    peppol_failures,
    peppol_fatal,
    schematron_errors,
)

DOCS = "documents/invoices/2026"
SWITCH = "einvoice:\n  peppol_from: 2026-04-01\n"
PERIOD = "period_start: 2026-03-01\nperiod_end: 2026-03-31\n"
CZK = "currency: CZK\nexchange_rate: 25.000\nexchange_rate_date: 2026-04-01"


@pytest.fixture
def books(tmp_path: Path) -> Books:
    books = Books(tmp_path / "company")
    company = books.root / "records/company.yaml"
    company.write_text(company.read_text("utf-8") + SWITCH, "utf-8")
    edit(
        books,
        "records/customers/C-0002.yaml",
        "vat_id: ATU12345675\n",
        peppol_id="9914:ATU12345675",
    )
    return books


def edit(books: Books, rel: str, after: str, **fields: str) -> None:
    """Add `fields` to a record after the line `after`."""
    path = books.root / rel
    added = "".join(f"{key}: {value!r}\n" for key, value in fields.items())
    path.write_text(path.read_text("utf-8").replace(after, after + added, 1), "utf-8")


def bo(books: Books, *args: str) -> Result:
    return run("--root", str(books.root), *args)


def issue_all(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE.replace("lines:\n", PERIOD + "lines:\n"))
    books.invoice("20260002", EN_INVOICE)
    books.invoice(
        "20260003",
        SK_INVOICE.replace("20260001", "20260003").replace("currency: EUR", CZK),
    )
    result = bo(books, "invoice", "issue", "--all-drafts")
    assert result.exit_code == 0, result.output
    books.invoice("D2026001", CREDIT_NOTE)
    result = bo(books, "invoice", "issue", "D2026001")
    assert result.exit_code == 0, result.output


def xml_of(books: Books, number: str) -> bytes:
    return (books.root / DOCS / f"{number}.xml").read_bytes()


@pytest.mark.parametrize(
    ("number", "flavor"),
    [
        ("20260001", "ubl-2.1-invoice"),  # domestic, with an invoiced period
        ("20260002", "ubl-2.1-invoice"),  # reverse charge to an Austrian customer
        ("20260003", "ubl-2.1-invoice"),  # in CZK, the VAT also in EUR
        ("D2026001", "ubl-2.1-creditnote"),
    ],
)
def test_every_document_passes_the_official_peppol_rules(
    books: Books, number: str, flavor: str
) -> None:
    issue_all(books)
    xml = xml_of(books, number)
    assert peppol_fatal(xml) == []
    assert facturx.xml_check_xsd(xml, flavor=flavor)
    assert schematron_errors(xml) == []


def test_the_peppol_rules_catch_what_plain_en16931_lacks(books: Books) -> None:
    issue_all(books)
    xml = xml_of(books, "20260001")
    broken = re.sub(rb"\s*<cbc:EndpointID[^>]*>[^<]*</cbc:EndpointID>", b"", xml)
    assert {f.split(" ")[0] for f in peppol_fatal(broken)} == {
        "PEPPOL-EN16931-R010",
        "PEPPOL-EN16931-R020",
    }


def test_the_profile_is_recorded_and_the_xml_follows_it(books: Books) -> None:
    issue_all(books)
    text = (books.root / "records/invoices/2026/20260001.yaml").read_text("utf-8")
    assert "profile: peppol-bis-3\n" in text
    assert 'buyer_reference: "Ing. Marek Benko"\n' in text  # the customer's contact, frozen
    xml = xml_of(books, "20260001")
    assert (
        b"<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#"
        b"urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>" in xml
    )
    assert b"<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>" in xml
    assert b'<cbc:EndpointID schemeID="0245">2120123456</cbc:EndpointID>' in xml  # the DIČ
    assert b'<cbc:EndpointID schemeID="0245">2022873413</cbc:EndpointID>' in xml
    assert b"<cbc:StartDate>2026-03-01</cbc:StartDate>" in xml
    assert b"<cbc:EndDate>2026-03-31</cbc:EndDate>" in xml
    assert b'<cbc:EndpointID schemeID="9914">ATU12345675</cbc:EndpointID>' in xml_of(
        books, "20260002"
    )
    credit = xml_of(books, "D2026001")
    assert b"<cac:InvoiceDocumentReference>\n      <cbc:ID>20260001</cbc:ID>" in credit
    assert check_clean(books)


def check_clean(books: Books) -> bool:
    assert bo(books, "ledger", "sync").exit_code == 0
    result = bo(books, "check")
    assert result.exit_code == 0, result.output
    return True


def test_exactly_one_tax_total_with_subtotals_and_the_eur_one(books: Books) -> None:
    issue_all(books)
    xml = xml_of(books, "20260003")
    assert xml.count(b"<cac:TaxTotal>") == 2 and xml.count(b"<cac:TaxSubtotal>") == 1
    assert b'<cbc:TaxAmount currencyID="EUR">12.93</cbc:TaxAmount>' in xml


def test_an_issued_peppol_invoice_renders_again_byte_for_byte(books: Books, tmp_path: Path) -> None:
    issue_all(books)
    # the customer's record changes later: the issued record carries what its XML used
    edit(books, "records/customers/C-0001.yaml", "payment_terms_days: 14\n", buyer_reference="X")
    result = bo(books, "invoice", "verify", "--out", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    assert "4 issued invoices rendered again: all identical." in result.stderr


def test_invoices_before_the_switch_stay_en16931(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE.replace("2026-04-02", "2026-03-31"))
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0
    text = (books.root / "records/invoices/2026/20260001.yaml").read_text("utf-8")
    assert "profile: en16931\n" in text and "buyer_reference" not in text
    xml = xml_of(books, "20260001")
    assert b"<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>" in xml
    assert b"EndpointID" not in xml and b"ProfileID" not in xml
    assert schematron_errors(xml) == []


def test_without_the_switch_the_profile_starts_in_2027(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    ws = open_workspace(books.root)
    assert inv.peppol_from(ws.company).isoformat() == "2027-01-01"
    assert inv.profile_for(ws.company, inv.PEPPOL_FROM) == "peppol-bis-3"


def test_an_order_reference_is_taken_from_the_customer(books: Books) -> None:
    edit(books, "records/customers/C-0001.yaml", "status: active\n", order_reference="PO-2026-77")
    books.invoice("20260001", SK_INVOICE)
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0
    text = (books.root / "records/invoices/2026/20260001.yaml").read_text("utf-8")
    assert 'order_reference: "PO-2026-77"\n' in text and "buyer_reference" not in text
    xml = xml_of(books, "20260001")
    assert b"<cac:OrderReference>\n    <cbc:ID>PO-2026-77</cbc:ID>" in xml
    assert peppol_fatal(xml) == []


# ----------------------------------------------------------------------------- refused


def refused(books: Books, number: str) -> list[str]:
    before = books.files()
    result = bo(books, "invoice", "issue", number)
    assert result.exit_code == 1, result.output
    assert "nothing written" in result.stderr
    assert books.files() == before
    return result.stdout.splitlines()


def test_a_foreign_customer_without_peppol_id(books: Books) -> None:
    path = books.root / "records/customers/C-0002.yaml"
    path.write_text(path.read_text("utf-8").replace("peppol_id: '9914:ATU12345675'\n", ""))
    books.invoice("20260001", EN_INVOICE.replace("20260002", "20260001"))
    assert refused(books, "20260001") == [
        "records/invoices/2026/20260001.yaml:6:11: INVOICE-PEPPOL-ID customer C-0002 has no "
        "Peppol address: add peppol_id ('<EAS>:<id>', e.g. '9929:CZ12345678') to "
        "records/customers/C-0002.yaml"
    ]


def test_a_customer_that_requires_an_order_number(books: Books) -> None:
    edit(books, "records/customers/C-0001.yaml", "status: active\n", requires_order_reference="")
    path = books.root / "records/customers/C-0001.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "requires_order_reference: ''", "requires_order_reference: true"
        )
    )
    books.invoice("20260001", SK_INVOICE)
    assert refused(books, "20260001") == [
        "records/invoices/2026/20260001.yaml:7:11: INVOICE-ORDER-REFERENCE customer C-0001 "
        "requires its order number on every invoice (requires_order_reference in "
        "records/customers/C-0001.yaml): add order_reference to "
        "records/invoices/2026/20260001.yaml"
    ]
    books.invoice("20260001", SK_INVOICE.replace("lines:\n", 'order_reference: "42"\nlines:\n'))
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            "period_start: 2026-03-01\n",
            "records/invoices/2026/20260001.yaml:9:15: INVOICE-PERIOD an invoiced period needs "
            "both period_start and period_end",
        ),
        (
            "period_start: 2026-03-31\nperiod_end: 2026-03-01\n",
            "records/invoices/2026/20260001.yaml:10:13: INVOICE-PERIOD period_end 2026-03-01 "
            "is before period_start 2026-03-31",
        ),
    ],
)
def test_an_incomplete_or_reversed_period(books: Books, period: str, expected: str) -> None:
    books.invoice("20260001", SK_INVOICE.replace("lines:\n", period + "lines:\n"))
    assert refused(books, "20260001") == [expected]


def test_a_customer_without_street_or_postcode(books: Books) -> None:
    path = books.root / "records/customers/C-0001.yaml"
    path.write_text(path.read_text("utf-8").replace("  postcode: 949 01\n", ""), "utf-8")
    books.invoice("20260001", SK_INVOICE)
    assert refused(books, "20260001") == [
        "records/invoices/2026/20260001.yaml:7:11: INVOICE-CUSTOMER-INCOMPLETE customer "
        "C-0001 has no complete name and address (missing: postcode)"
    ]


# ----------------------------------------------------------------------------- the example
def test_the_examples_peppol_invoices_pass_the_official_rules() -> None:
    ws = open_workspace(REPO)
    peppol = [i for i in inv.issued(ws) if i.profile == inv.PEPPOL]
    assert peppol, "the example issues its December 2026 invoices in Peppol BIS 3.0"
    for invoice in peppol:
        xml = (REPO / invoice.xml_path).read_bytes()
        assert peppol_fatal(xml) == [], invoice.number
        assert schematron_errors(xml) == [], invoice.number


def test_the_examples_earlier_invoices_are_not_peppol_documents() -> None:
    ws = open_workspace(REPO)
    old = next(i for i in inv.issued(ws) if i.number == "20260116")
    assert old.profile == inv.EN16931
    failed = {f.split(" ")[0] for f in peppol_failures((REPO / old.xml_path).read_bytes())}
    assert {"PEPPOL-EN16931-R001", "PEPPOL-EN16931-R010", "PEPPOL-EN16931-R020"} <= failed


def test_a_peppol_draft_hints_at_the_period_and_the_required_order_number(books: Books) -> None:
    edit(books, "records/customers/C-0001.yaml", "status: active\n", requires_order_reference="")
    path = books.root / "records/customers/C-0001.yaml"
    text = path.read_text("utf-8").replace(
        "requires_order_reference: ''", "requires_order_reference: true"
    )
    path.write_text(text, "utf-8")
    result = bo(books, "invoice", "new", "--customer", "C-0001", "--date", "2026-04-02")
    assert result.exit_code == 0, result.output
    draft = (books.root / "records/invoices/2026/20260001.yaml").read_text("utf-8")
    assert "# period_start: 2026-04-01      # the invoiced period, with period_end\n" in draft
    assert 'order_reference: ""   # required by C-0001: its purchase order number\n' in draft
    lines = refused(books, "20260001")
    assert [line.split(" ")[1] for line in lines] == ["INVOICE-ORDER-REFERENCE", "INVOICE-NO-LINES"]


def test_a_credit_note_drafted_from_an_invoice_keeps_its_order_number(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE.replace("lines:\n", 'order_reference: "PO-9"\nlines:\n'))
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0
    args = ("--customer", "C-0001", "--date", "2026-04-10", "--series", "DB", "--from", "20260001")
    assert bo(books, "invoice", "new", *args).exit_code == 0
    draft = (books.root / "records/invoices/2026/D2026001.yaml").read_text("utf-8")
    assert 'order_reference: "PO-9"\n' in draft
    assert bo(books, "invoice", "issue", "D2026001").exit_code == 0
    assert b"<cbc:ID>PO-9</cbc:ID>" in xml_of(books, "D2026001")


CONTRACT = """\
id: CON-0001
title: Support of the wine cellar system
kind: customer
parties: [C-0001]
owner: P-0001
start: 2026-01-01
end: {end}
requires_order_reference: true
"""


@pytest.mark.parametrize(("end", "refused_then"), [("2026-12-31", True), ("2026-03-31", False)])
def test_a_contract_in_force_that_requires_an_order_number(
    books: Books, end: str, refused_then: bool
) -> None:
    books.write(
        "schemas/contracts.schema.json", (REPO / "schemas/contracts.schema.json").read_text()
    )
    books.write("records/contracts/CON-0001.yaml", CONTRACT.format(end=end))
    books.invoice("20260001", SK_INVOICE)
    if not refused_then:  # the contract ended before the issue date
        assert bo(books, "invoice", "issue", "20260001").exit_code == 0
        return
    assert refused(books, "20260001") == [
        "records/invoices/2026/20260001.yaml:7:11: INVOICE-ORDER-REFERENCE customer C-0001 "
        "requires its order number on every invoice (requires_order_reference in "
        "records/contracts/CON-0001.yaml): add order_reference to "
        "records/invoices/2026/20260001.yaml"
    ]


def test_a_private_person_gets_a_plain_en16931_invoice(books: Books) -> None:
    path = books.root / "records/customers/C-0002.yaml"
    text = path.read_text("utf-8").replace("peppol_id: '9914:ATU12345675'\n", "")
    path.write_text(text.replace("category: commercial", "category: individual"), "utf-8")
    books.invoice("20260001", EN_INVOICE.replace("20260002", "20260001"))
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0
    record = (books.root / "records/invoices/2026/20260001.yaml").read_text("utf-8")
    assert "profile: en16931\n" in record
