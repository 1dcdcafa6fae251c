"""The payment QR code read back from the rendered invoice page: Typst PNG -> zxing-cpp ->
PAY by square reversed with the standard library's lzma."""

from __future__ import annotations

from pathlib import Path

from backoffice.domains import open_workspace
from backoffice.invoicing import model as inv
from backoffice.invoicing import pdf as invoice_pdf
from support.invoices import SK_INVOICE, Books
from support.qrcodes import pay_by_square_fields, qr_codes


def test_the_qr_code_on_the_page_pays_the_invoice(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    books.invoice("20260001", SK_INVOICE)
    ws = open_workspace(books.root)
    invoice = inv.load(ws, inv.find(ws, "20260001"))  # type: ignore[arg-type]
    found = qr_codes(invoice_pdf.render(ws, invoice, fmt="png", ppi=100))
    assert len(found) == 1
    fields = pay_by_square_fields(found[0])
    amount, currency, due, variable_symbol = fields[3:7]
    iban, bic = fields[12:14]
    assert (amount, currency, due, variable_symbol) == ("1728.15", "EUR", "20260416", "20260001")
    assert (iban, bic) == ("SK4811000000002926871432", "TATRSKBX")


def test_a_foreign_iban_gets_an_epc_qr_code(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    text = SK_INVOICE.replace("notes:", "payment:\n  iban: AT611904300234573201\nnotes:")
    books.invoice("20260001", text)
    ws = open_workspace(books.root)
    invoice = inv.load(ws, inv.find(ws, "20260001"))  # type: ignore[arg-type]
    found = qr_codes(invoice_pdf.render(ws, invoice, fmt="png", ppi=100))
    lines = found[0].splitlines()
    assert lines[0] == "BCD" and "AT611904300234573201" in lines and "EUR1728.15" in lines


def test_no_epc_qr_code_for_another_currency_than_euros(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    czk = "currency: CZK\nexchange_rate: 25.000\nexchange_rate_date: 2026-04-01"
    text = SK_INVOICE.replace("currency: EUR", czk).replace(
        "notes:", "payment:\n  iban: AT611904300234573201\nnotes:"
    )
    books.invoice("20260001", text)
    ws = open_workspace(books.root)
    invoice = inv.load(ws, inv.find(ws, "20260001"))  # type: ignore[arg-type]
    assert invoice.currency == "CZK" and invoice.iban == "AT611904300234573201"
    assert qr_codes(invoice_pdf.render(ws, invoice, fmt="png", ppi=100)) == []
