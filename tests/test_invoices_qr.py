"""The payment QR code read back from the rendered invoice page: Typst PNG -> zxing-cpp ->
PAY by square reversed with the standard library's lzma."""

from __future__ import annotations

import binascii
import lzma
from pathlib import Path

import zxingcpp
from invoice_helpers import SK_INVOICE, Books
from pngread import grey

from backoffice import invoice_pdf
from backoffice import invoices as inv
from backoffice.workspace import Workspace

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
LZMA_FILTER = {"id": lzma.FILTER_LZMA1, "lc": 3, "lp": 0, "pb": 2, "dict_size": 128 * 1024}


def pay_by_square_fields(code: str) -> list[str]:
    """The tab-separated fields of a PAY by square code, its checksum verified."""
    bits = "".join(f"{ALPHABET.index(ch):05b}" for ch in code)
    raw = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8))
    length = int.from_bytes(raw[2:4], "little")
    decoder = lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=[LZMA_FILTER])
    payload = decoder.decompress(raw[4:], max_length=length)
    checksum, data = payload[:4], payload[4:]
    assert binascii.crc32(data).to_bytes(4, "little") == checksum
    return data.decode("utf-8").split("\t")


def test_the_qr_code_on_the_page_pays_the_invoice(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    books.invoice("20260001", SK_INVOICE)
    ws = Workspace(books.root)
    invoice = inv.load(ws, inv.find(ws, "20260001"))  # type: ignore[arg-type]
    width, height, pixels = grey(invoice_pdf.render(ws, invoice, fmt="png", ppi=100))
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    assert len(found) == 1
    fields = pay_by_square_fields(found[0].text)
    amount, currency, due, variable_symbol = fields[3:7]
    iban, bic = fields[12:14]
    assert (amount, currency, due, variable_symbol) == ("1728.15", "EUR", "20260416", "20260001")
    assert (iban, bic) == ("SK4811000000002926871432", "TATRSKBX")


def test_a_foreign_iban_gets_an_epc_qr_code(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    text = SK_INVOICE.replace("notes:", "payment:\n  iban: AT611904300234573201\nnotes:")
    books.invoice("20260001", text)
    ws = Workspace(books.root)
    invoice = inv.load(ws, inv.find(ws, "20260001"))  # type: ignore[arg-type]
    width, height, pixels = grey(invoice_pdf.render(ws, invoice, fmt="png", ppi=100))
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    lines = found[0].text.splitlines()
    assert lines[0] == "BCD" and "AT611904300234573201" in lines and "EUR1728.15" in lines
