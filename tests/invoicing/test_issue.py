"""`backoffice invoice new|issue|render`, the invoice rules of `check` and the generated
journal, on a tiny workspace with two customers."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import facturx
import pytest
from beancount import loader
from click.testing import Result
from pypdf import PdfReader

from backoffice.core.clock import TODAY_VARIABLE
from backoffice.domains import open_workspace
from backoffice.invoicing import model as inv
from support import REPO, run
from support.invoices import CREDIT_NOTE, EN_INVOICE, SK_INVOICE, Books, schematron_errors

DOCS = "documents/invoices/2026"


@pytest.fixture
def books(tmp_path: Path) -> Books:
    return Books(tmp_path / "company")


def bo(books: Books, *args: str) -> Result:
    return run("--root", str(books.root), *args)


def issued_books(books: Books) -> Books:
    books.invoice("20260001", SK_INVOICE)
    books.invoice("20260002", EN_INVOICE)
    assert bo(books, "invoice", "issue", "--all-drafts").exit_code == 0
    return books


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages) + "\n"


def codes(result: Result) -> list[str]:
    return [line.split(" ")[1] for line in result.stdout.splitlines() if ": " in line]


# ----------------------------------------------------------------------------- new


def test_new_writes_a_draft_with_the_next_number(books: Books) -> None:
    result = bo(books, "invoice", "new", "--customer", "C-0001", "--date", "2026-04-02")
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/invoices/2026/20260001.yaml\n"
    text = (books.root / "records/invoices/2026/20260001.yaml").read_text(encoding="utf-8")
    assert 'number: "20260001"\n' in text and "status: draft\n" in text
    assert "lines: []\n" in text
    again = bo(books, "invoice", "new", "--customer", "C-0002", "--date", "2026-05-01")
    assert again.stdout == "records/invoices/2026/20260002.yaml\n"


def test_new_from_an_invoice_keeps_quotes_and_line_breaks_of_its_notes(books: Books) -> None:
    note = 'Order "A-7"\nsecond line'
    books.invoice("20260001", SK_INVOICE.split("notes:")[0] + f"notes: {json.dumps(note)}\n")
    args = ("invoice", "new", "--customer", "C-0001", "--date", "2026-04-20", "--from", "20260001")
    result = bo(books, *args)
    assert result.exit_code == 0, result.output
    ws = open_workspace(books.root)
    draft = inv.find(ws, "20260002")
    assert draft is not None and draft.data["notes"] == note


def test_new_from_an_invoice_takes_its_customer_when_none_is_given(books: Books) -> None:
    books.invoice("20260002", EN_INVOICE)
    result = bo(books, "invoice", "new", "--date", "2026-04-20", "--from", "20260002")
    assert result.exit_code == 0, result.output
    draft = inv.find(open_workspace(books.root), "20260003")
    assert draft is not None and draft.data["customer"] == "C-0002"
    args = ("--customer", "C-0001", "--date", "2026-04-21", "--from", "20260002")
    given = bo(books, "invoice", "new", *args)
    assert given.stdout == "records/invoices/2026/20260004.yaml\n", given.output
    second = inv.find(open_workspace(books.root), "20260004")
    assert second is not None and second.data["customer"] == "C-0001"


def test_new_without_a_customer_or_a_source_is_a_usage_error(books: Books) -> None:
    before = books.files()
    result = bo(books, "invoice", "new", "--date", "2026-04-02")
    assert result.exit_code == 2
    assert "Missing option '--customer' (or '--from NUMBER')." in result.stderr
    assert books.files() == before


def test_new_credit_note_copies_the_lines_negated(books: Books) -> None:
    issued_books(books)
    result = bo(
        books,
        "invoice",
        "new",
        "--customer",
        "C-0001",
        "--date",
        "2026-04-20",
        "--series",
        "DB",
        "--from",
        "20260001",
    )
    assert result.exit_code == 0, result.output
    text = (books.root / "records/invoices/2026/D2026001.yaml").read_text(encoding="utf-8")
    assert 'corrects: "20260001"' in text and "quantity: -12.5" in text
    assert bo(books, "invoice", "issue", "D2026001").exit_code == 0


def test_new_with_an_unknown_customer_writes_nothing(books: Books) -> None:
    before = books.files()
    result = bo(books, "invoice", "new", "--customer", "C-0099", "--date", "2026-04-02")
    assert result.exit_code == 1
    assert "unknown customer 'C-0099'" in result.stderr
    assert books.files() == before


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--from", "20269999"), "no invoice '20269999' to copy from"),
        (("--series", "XX"), "no invoice series 'XX' in company.yaml (known: FA, DB)"),
    ],
)
def test_new_from_an_unknown_invoice_or_series_writes_nothing(
    books: Books, option: tuple[str, str], message: str
) -> None:
    before = books.files()
    result = bo(books, "invoice", "new", "--customer", "C-0001", "--date", "2026-04-02", *option)
    assert result.exit_code == 1
    assert (result.stdout, result.stderr) == ("", f"Error: {message}\n")
    assert books.files() == before


def test_new_does_not_overwrite_a_record_at_the_next_numbers_path(books: Books) -> None:
    # a credit note saved under an invoice number: the FA series still counts 20260001 as free
    books.invoice("20260001", CREDIT_NOTE)
    before = books.files()
    result = bo(books, "invoice", "new", "--customer", "C-0001", "--date", "2026-04-02")
    assert result.exit_code == 1
    assert result.stderr == "Error: records/invoices/2026/20260001.yaml exists already\n"
    assert books.files() == before


# ----------------------------------------------------------------------------- issue


def test_issue_writes_pdf_xml_and_freezes_the_record(books: Books) -> None:
    issued_books(books)
    for number in ("20260001", "20260002"):
        assert (books.root / DOCS / f"{number}.pdf").read_bytes().startswith(b"%PDF-")
        record = (books.root / f"records/invoices/2026/{number}.yaml").read_text("utf-8")
        assert "status: issued\n" in record and "  pdf: sha256:" in record
    stale = books.check()
    assert stale.exit_code == 1 and "ledger/generated/invoices.beancount" in stale.stdout
    assert bo(books, "ledger", "sync").exit_code == 0
    clean = books.check()
    assert clean.exit_code == 0, clean.output


def test_the_same_invoice_gives_the_same_bytes(books: Books, tmp_path: Path) -> None:
    issued_books(books)
    out = tmp_path / "again"
    assert bo(books, "invoice", "render", "20260001", "--out", str(out)).exit_code == 0
    for kind in ("pdf", "xml"):
        assert (out / f"20260001.{kind}").read_bytes() == (
            books.root / DOCS / f"20260001.{kind}"
        ).read_bytes()


def test_pdf_text_in_slovak_and_english(books: Books, golden: Callable[[str, str], None]) -> None:
    issued_books(books)
    golden("invoice-sk.txt", pdf_text(books.root / DOCS / "20260001.pdf"))
    golden("invoice-en.txt", pdf_text(books.root / DOCS / "20260002.pdf"))


def test_pdf_is_pdf_a_3b(books: Books) -> None:
    issued_books(books)
    data = (books.root / DOCS / "20260001.pdf").read_bytes()
    assert b"<pdfaid:part>3</pdfaid:part>" in data and b"<pdfaid:conformance>B" in data
    attached = PdfReader(io.BytesIO(data)).attachments["20260001.xml"]
    assert attached == [(books.root / DOCS / "20260001.xml").read_bytes()]


@pytest.mark.parametrize(
    ("number", "flavor"),
    [
        ("20260001", "ubl-2.1-invoice"),
        ("20260002", "ubl-2.1-invoice"),
        ("D2026001", "ubl-2.1-creditnote"),
    ],
)
def test_ubl_passes_xsd_and_en16931_schematron(books: Books, number: str, flavor: str) -> None:
    issued_books(books)
    books.invoice("D2026001", CREDIT_NOTE)
    assert bo(books, "invoice", "issue", "D2026001").exit_code == 0
    xml = (books.root / DOCS / f"{number}.xml").read_bytes()
    assert facturx.xml_check_xsd(xml, flavor=flavor)
    assert schematron_errors(xml) == []


def test_the_schematron_check_catches_a_broken_total(books: Books) -> None:
    issued_books(books)
    xml = (books.root / DOCS / "20260001.xml").read_bytes()
    broken = re.sub(rb"(<cbc:PayableAmount[^>]*>)[0-9.]+", rb"\g<1>1.00", xml)
    assert broken != xml
    assert [e.split(":")[0] for e in schematron_errors(broken)] == ["BR-CO-16"]


def test_foreign_currency_invoice_states_vat_in_eur(books: Books) -> None:
    books.invoice(
        "20260001",
        SK_INVOICE.replace(
            "currency: EUR", "currency: CZK\nexchange_rate: 25.000\nexchange_rate_date: 2026-04-01"
        ),
    )
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0
    xml = (books.root / DOCS / "20260001.xml").read_bytes()
    assert b'<cbc:TaxAmount currencyID="EUR">12.93</cbc:TaxAmount>' in xml
    assert schematron_errors(xml) == []
    text = pdf_text(books.root / DOCS / "20260001.pdf")
    assert (
        "1 EUR = 25,000 CZK (1. 4. 2026); základ dane v EUR: 56,20 EUR; DPH v EUR: 12,93 EUR"
        in text
    )


def test_render_of_an_unknown_number_writes_nothing(books: Books) -> None:
    before = books.files()
    result = bo(books, "invoice", "render", "20269999")
    assert result.exit_code == 1
    assert result.stderr == "Error: no invoice '20269999' in records/invoices/\n"
    assert books.files() == before


def test_render_of_an_unreadable_draft_writes_nothing(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE.replace("unit_price: 80.00", "unit_price: lots"))
    before = books.files()
    result = bo(books, "invoice", "render", "20260001")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/invoices/2026/20260001.yaml:13:17: INVOICE-BAD-VALUE 'lots' is not a number\n"
    )
    assert result.stderr == "1 problem: nothing written.\n"
    assert books.files() == before


OUT_OF_RANGE = {
    ".nan": "'.nan' is not a finite number",
    ".inf": "'.inf' is not a finite number",
    "-.inf": "'-.inf' is not a finite number",
    "1e400": "'1e400' is written with an exponent; write its digits",
    "1.0e+400": "'1.0e+400' is written with an exponent; write its digits",
    "123456789012345678901234567890": (
        "123456789012345678901234567890 has 30 digits before the point; at most 12"
    ),
    "0.1234567": "0.1234567 has 7 digits after the point; at most 6",
}


@pytest.mark.parametrize("value", list(OUT_OF_RANGE))
@pytest.mark.parametrize(
    ("written", "line", "column"),
    [("quantity: 12.5", 11, 15), ("unit_price: 80.00", 13, 17), ("vat_rate: 23", 14, 15)],
    ids=["quantity", "unit_price", "vat_rate"],
)
def test_a_number_out_of_range_is_refused_by_check_issue_and_render(
    books: Books, value: str, written: str, line: int, column: int
) -> None:
    """Decimal arithmetic on NaN, infinity or 30 digits raises: each is a problem instead,
    where the number stands, and nothing is written."""
    key = written.split(":")[0]
    books.invoice("20260001", SK_INVOICE.replace(written, f"{key}: {value}", 1))
    before = books.files()
    where = f"records/invoices/2026/20260001.yaml:{line}:{column}:"
    message = OUT_OF_RANGE[value]
    checked = bo(books, "check")
    assert checked.exit_code == 1
    assert f"{where} VALUE-RANGE lines.0.{key}: {message}\n" in checked.stdout
    for command in ("issue", "render"):
        result = bo(books, "invoice", command, "20260001")
        assert result.exit_code == 1
        assert result.stdout == f"{where} INVOICE-BAD-VALUE {message}\n"
        assert result.stderr == "1 problem: nothing written.\n"
        assert books.files() == before


# ----------------------------------------------------------------------------- bad input

CUSTOMER_WITHOUT_ADDRESS = "C-0001", "address:\n  street: Dlhá 92\n  city: Nitra\n", "address:\n"


@pytest.mark.parametrize(
    ("name", "edit", "code"),
    [
        ("unknown customer", ("customer: C-0001", "customer: C-0099"), "INVOICE-UNKNOWN-CUSTOMER"),
        ("no lines", ("lines:\n", "lines: []\nx_lines:\n"), None),
        (
            "line without VAT",
            ("    vat_rate: 23\n  - description: Š", "\n  - description: Š"),
            "INVOICE-LINE-VAT",
        ),
        ("negative quantity", ("quantity: 12.5", "quantity: -12.5"), "INVOICE-NEGATIVE-QUANTITY"),
        ("foreign currency without rate", ("currency: EUR", "currency: USD"), "INVOICE-NO-RATE"),
        ("number beyond a gap", ('number: "20260001"', 'number: "20260003"'), "INVOICE-NUMBER-GAP"),
    ],
)
def test_bad_drafts_are_reported_and_nothing_is_written(
    books: Books, name: str, edit: tuple[str, str], code: str | None
) -> None:
    text = SK_INVOICE.replace(*edit)
    number = "20260003" if "20260003" in text else "20260001"
    if code is None:  # schema-level mistake: keep the test on a readable record
        text, code = SK_INVOICE.split("lines:\n")[0] + "lines: []\n", "INVOICE-NO-LINES"
    books.invoice(number, text)
    before = books.files()
    result = bo(books, "invoice", "issue", number)
    assert result.exit_code == 1, result.output
    assert code in codes(result), result.output
    assert "nothing written" in result.stderr
    assert books.files() == before


def test_customer_without_address(books: Books) -> None:
    customer = books.root / "records/customers/C-0001.yaml"
    text = customer.read_text("utf-8")
    customer.write_text(text.replace("  street: Dlhá 92\n  city: Nitra\n", ""), "utf-8")
    books.invoice("20260001", SK_INVOICE)
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert "INVOICE-CUSTOMER-INCOMPLETE" in codes(result)


def test_reverse_charge_needs_the_customers_vat_id(books: Books) -> None:
    customer = books.root / "records/customers/C-0002.yaml"
    customer.write_text(customer.read_text("utf-8").replace("vat_id: ATU12345675\n", ""), "utf-8")
    books.invoice("20260001", EN_INVOICE.replace("20260002", "20260001"))
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert "reverse charge needs the VAT id" in result.stdout


def test_duplicate_number(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE)
    books.write("records/invoices/2026/copy/20260001.yaml", SK_INVOICE)
    before = books.files()
    result = bo(books, "invoice", "issue", "--all-drafts")
    assert result.exit_code == 1
    assert "INVOICE-NUMBER-DUPLICATE" in codes(result)
    assert books.files() == before


def test_credit_note_above_its_original(books: Books) -> None:
    issued_books(books)
    books.invoice("D2026001", CREDIT_NOTE.replace("quantity: -2.5", "quantity: -30"))
    before = books.files()
    result = bo(books, "invoice", "issue", "D2026001")
    assert result.exit_code == 1
    assert "INVOICE-CREDIT-EXCEEDS" in codes(result)
    assert books.files() == before


def test_credit_note_to_another_customers_invoice(books: Books) -> None:
    issued_books(books)
    books.invoice("D2026001", CREDIT_NOTE.replace('corrects: "20260001"', 'corrects: "20260002"'))
    result = bo(books, "invoice", "issue", "D2026001")
    assert result.exit_code == 1
    assert "INVOICE-CREDIT-UNKNOWN" in codes(result)


def test_an_issued_invoice_is_not_issued_again(books: Books) -> None:
    issued_books(books)
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert "INVOICE-ALREADY-ISSUED" in codes(result)


def test_line_without_account_and_customer_without_income_account(books: Books) -> None:
    customer = books.root / "records/customers/C-0001.yaml"
    text = customer.read_text("utf-8").replace("  income: Income:Sales:Services\n", "")
    customer.write_text(text, "utf-8")
    books.invoice("20260001", SK_INVOICE)  # its first line has no account, the second has one
    before = books.files()
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/invoices/2026/20260001.yaml:10:5: INVOICE-LINE-ACCOUNT "
        "line 1 has no account and the customer no accounts.income\n"
    )
    assert books.files() == before


@pytest.mark.parametrize(
    ("corrects", "draft"),
    [("20260001", SK_INVOICE), ("20269999", None)],
    ids=["a draft", "missing"],
)
def test_credit_note_to_an_invoice_not_issued(
    books: Books, corrects: str, draft: str | None
) -> None:
    if draft is not None:
        books.invoice(corrects, draft)
    books.invoice("D2026001", CREDIT_NOTE.replace('"20260001"', f'"{corrects}"'))
    before = books.files()
    result = bo(books, "invoice", "issue", "D2026001")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/invoices/2026/D2026001.yaml:7:11: INVOICE-CREDIT-UNKNOWN credit note D2026001 "
        f"corrects '{corrects}', which is not an issued invoice\n"
    )
    assert books.files() == before


@pytest.mark.parametrize(
    "number",
    ["2026001", "20250001", "20260002"],
    ids=["not the pattern", "another year", "not the file name"],
)
def test_number_that_does_not_fit_its_series_year_or_file(books: Books, number: str) -> None:
    books.invoice("20260001", SK_INVOICE.replace('"20260001"', f'"{number}"'))
    before = books.files()
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert result.stdout == (
        f"records/invoices/2026/20260001.yaml:2:9: INVOICE-SERIES number '{number}' does not "
        "fit series FA ({year}{seq:04d}) in 2026, or differs from the file name\n"
    )
    assert books.files() == before


def test_a_lower_number_still_a_draft_is_issued_first(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE)
    books.invoice("20260002", EN_INVOICE)
    before = books.files()
    result = bo(books, "invoice", "issue", "20260002")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/invoices/2026/20260002.yaml:2:9: INVOICE-NUMBER-GAP "
        "issue 20260001 before 20260002\n"
    )
    assert books.files() == before


@pytest.mark.parametrize(
    ("line", "frozen"),
    [
        ('status: "draft"', "status: issued"),
        ("status: 'draft'", "status: issued"),
        ("status: draft  # check the VAT", "status: issued  # check the VAT"),
    ],
)
def test_a_quoted_or_commented_status_line_is_issued(books: Books, line: str, frozen: str) -> None:
    books.invoice("20260001", SK_INVOICE.replace("status: draft", line))
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 0, result.output
    record = (books.root / "records/invoices/2026/20260001.yaml").read_text("utf-8")
    assert f"\n{frozen}\n" in record and "  pdf: sha256:" in record
    assert (books.root / DOCS / "20260001.pdf").is_file()


def test_a_draft_without_a_status_line_is_not_issued(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE.replace("status: draft\n", ""))
    before = books.files()
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert result.stdout == (
        "records/invoices/2026/20260001.yaml:1:1: INVOICE-ALREADY-ISSUED "
        "the record has no line `status: draft` to change\n"
    )
    assert books.files() == before


# ----------------------------------------------------------------------------- check


def test_check_finds_an_edited_issued_invoice(books: Books) -> None:
    issued_books(books)
    path = books.root / "records/invoices/2026/20260001.yaml"
    path.write_text(path.read_text("utf-8").replace("unit_price: 80.00", "unit_price: 90.00"))
    result = books.check()
    assert result.exit_code == 1 and "INVOICE-HASH-MISMATCH" in codes(result)


def test_check_finds_a_deleted_or_changed_document(books: Books) -> None:
    issued_books(books)
    (books.root / DOCS / "20260001.pdf").unlink()
    (books.root / DOCS / "20260002.xml").write_bytes(b"<Invoice/>")
    result = books.check()
    found = codes(result)
    assert result.exit_code == 1
    assert "INVOICE-DOCUMENT-MISSING" in found and "INVOICE-HASH-MISMATCH" in found


def test_check_finds_a_gap_and_an_unknown_corrected_invoice(books: Books) -> None:
    books.invoice("20260002", EN_INVOICE)
    books.invoice("D2026001", CREDIT_NOTE.replace('"20260001"', '"20269999"'))
    result = books.check()
    found = codes(result)
    assert result.exit_code == 1
    assert "INVOICE-NUMBER-GAP" in found and "INVOICE-CREDIT-UNKNOWN" in found


def test_check_warns_about_an_old_draft(books: Books) -> None:
    books.invoice(
        "20260001", SK_INVOICE.replace("issue_date: 2026-04-02", "issue_date: 2026-02-01")
    )
    assert bo(books, "ledger", "sync").exit_code == 0
    result = books.check()
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stdout and "INVOICE-DRAFT-OLD" in result.stdout


# ----------------------------------------------------------------------------- ledger


def test_sync_writes_one_transaction_per_issued_document(
    books: Books, golden: Callable[[str, str], None]
) -> None:
    issued_books(books)
    books.invoice("D2026001", CREDIT_NOTE)
    assert bo(books, "invoice", "issue", "D2026001").exit_code == 0
    books.invoice("20260003", SK_INVOICE.replace('"20260001"', '"20260003"'))  # a draft: no entry
    assert bo(books, "ledger", "sync").exit_code == 0
    text = (books.root / "ledger/generated/invoices.beancount").read_text("utf-8")
    golden("invoices.beancount", text)
    assert bo(books, "ledger", "sync", "--check").exit_code == 0
    _, errors, _ = loader.load_file(str(books.root / "ledger/main.beancount"))
    assert not errors


def test_no_invoice_journal_without_the_register(books: Books) -> None:
    assert bo(books, "ledger", "sync").exit_code == 0
    assert not (books.root / "ledger/generated/invoices.beancount").exists()


def test_one_bad_draft_stops_the_whole_run(books: Books) -> None:
    books.invoice("20260001", SK_INVOICE)
    books.invoice("20260002", EN_INVOICE.replace("customer: C-0002", "customer: C-0077"))
    before = books.files()
    result = bo(books, "invoice", "issue", "--all-drafts")
    assert result.exit_code == 1
    assert codes(result) == ["INVOICE-UNKNOWN-CUSTOMER"]
    assert books.files() == before


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (("unit_price: 80.00", "unit_price: lots"), "INVOICE-BAD-VALUE"),
        (("supply_date: 2026-03-31", "supply_date: 2026-02-30"), "INVOICE-BAD-VALUE"),
        (("kind: invoice", "kind: credit-note\ncorrects: x"), "INVOICE-SERIES"),
        (("series: FA", "series: XX"), "INVOICE-SERIES"),
    ],
)
def test_unreadable_values_and_wrong_series(books: Books, edit: tuple[str, str], code: str) -> None:
    books.invoice("20260001", SK_INVOICE.replace(*edit))
    before = books.files()
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1, result.output
    assert code in codes(result)
    assert books.files() == before


def test_issue_without_a_number_is_a_usage_error(books: Books) -> None:
    assert bo(books, "invoice", "issue").exit_code == 2
    assert bo(books, "invoice", "issue", "20269999").exit_code == 1


def test_no_invoice_for_a_blocked_customer(books: Books) -> None:
    customer = books.root / "records/customers/C-0001.yaml"
    text = customer.read_text("utf-8").replace("status: active", "status: blocked")
    customer.write_text(text + "status_reason: Unpaid since 2025\n", "utf-8")
    books.invoice("20260001", SK_INVOICE)
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert "INVOICE-CUSTOMER-BLOCKED" in codes(result)


def test_no_invoice_in_a_closed_period(books: Books) -> None:
    books.invoice(
        "20260001", SK_INVOICE.replace("issue_date: 2026-04-02", "issue_date: 2025-12-31")
    )
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert "INVOICE-CLOSED-PERIOD" in codes(result)


def test_verify_renders_every_issued_invoice_again(books: Books, tmp_path: Path) -> None:
    issued_books(books)
    same = bo(books, "invoice", "verify", "--out", str(tmp_path / "again"))
    assert same.exit_code == 0, same.output
    assert same.stderr == "2 issued invoices rendered again: all identical.\n"
    stored = books.root / DOCS / "20260002.xml"
    stored.write_bytes(stored.read_bytes().replace(b"</Invoice>", b"</Invoice>\n"))
    differs = bo(books, "invoice", "verify", "--out", str(tmp_path / "again"))
    assert differs.exit_code == 1
    assert differs.stdout.startswith(
        "documents/invoices/2026/20260002.xml:1:1: INVOICE-RENDER-DIFFERS rendering 20260002 again"
    )


def test_every_issued_invoice_of_the_example_is_a_valid_en16931_document() -> None:
    stored = sorted((REPO / "documents" / "invoices").glob("*/*.xml"))
    assert len(stored) >= 25
    for path in stored:
        xml = path.read_bytes()
        flavor = "ubl-2.1-creditnote" if b"<CreditNote" in xml[:300] else "ubl-2.1-invoice"
        assert facturx.xml_check_xsd(xml, flavor=flavor), path.name
        assert schematron_errors(xml) == [], path.name


def test_no_invoice_dated_after_today(books: Books, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is fixed at 2026-12-02: an invoice dated the 3rd is refused, and once written as
    issued by hand, `check` reports it."""
    books.invoice(
        "20260001", SK_INVOICE.replace("issue_date: 2026-04-02", "issue_date: 2026-12-03")
    )
    before = books.files()
    result = bo(books, "invoice", "issue", "20260001")
    assert result.exit_code == 1
    assert (
        "records/invoices/2026/20260001.yaml:5:13: INVOICE-DATE-FUTURE issue date 2026-12-03 "
        "is after today (2026-12-02): an invoice is dated the day it is issued"
    ) in result.stdout
    assert books.files() == before
    assert bo(books, "--today", "2026-12-03", "invoice", "issue", "20260001").exit_code == 0
    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-02")  # the option set it for this process
    result = books.check()
    assert result.exit_code == 1
    assert "INVOICE-DATE-FUTURE" in codes(result)


def test_a_draft_dated_far_ahead_is_a_warning(books: Books) -> None:
    books.invoice(
        "20260001", SK_INVOICE.replace("issue_date: 2026-04-02", "issue_date: 2030-04-02")
    )
    result = books.check()
    assert result.exit_code == 0, result.output
    assert (
        "records/invoices/2026/20260001.yaml:5:13: DATE-FUTURE warning: draft 20260001 is dated "
        "2030-04-02, more than 31 days after today (2026-12-02): a typo for another year?"
    ) in result.stdout
