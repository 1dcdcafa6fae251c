"""CSV exports of banks without XML statements, read by the column mapping of a bank account
(`bank_accounts[].csv` in records/company.yaml) into the same statements camt.053 gives.

A row without the bank's reference gets a stable hash of its fields as its reference, so the
same export, or an overlapping one, is booked once. A running balance, when the export has one,
is checked row by row and gives the opening and closing balance assertions."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import Any

from backoffice.bank.camt import MAX_BYTES, SYMBOLS, TEXT_VS, Balance, Entry, Refused, Statement
from backoffice.core.problems import Problem
from backoffice.core.values import MAX_DIGITS
from backoffice.core.words import count
from backoffice.load.workspace import Workspace

COMPANY = "records/company.yaml"
FIELDS = (
    "date",
    "amount",
    "debit",
    "credit",
    "currency",
    "name",
    "iban",
    "vs",
    "ss",
    "ks",
    "message",
    "reference",
    "code",
    "balance",
)
"""What a mapping's `columns` may name: the header of the column that holds each."""
HASHED = ("name", "iban", "vs", "ss", "ks", "message", "code", "balance")
"""The fields, besides the account, day, amount and currency, a row's hash is made of."""
PLACES = 2


@dataclass(frozen=True)
class Mapping:
    """How one bank account's CSV export is read."""

    name: str
    iban: str
    currency: str
    delimiter: str
    encoding: str
    decimal: str
    thousands: str
    date_format: str
    header: int
    """The line of the header row (1 = the first); the lines above it are the bank's preamble."""
    columns: dict[str, str]
    filename: re.Pattern[str] | None = None


def _key(value: object) -> str:
    return re.sub(r"\s", "", str(value or "")).upper()


def mappings(ws: Workspace) -> tuple[list[Mapping], list[Problem]]:
    """Every bank account's CSV mapping, and a problem for each that cannot read an export (so
    that `bank import`, which does not run the schema, refuses it): an unknown encoding, a
    delimiter of more than one character, a header that is no line number, a filename pattern
    that is no regular expression, the same decimal and thousands separator, no date column,
    not exactly one of amount or debit and credit."""
    found: list[Mapping] = []
    problems: list[Problem] = []
    records = ws.register("company")
    record = records[0] if records else None
    for n, item in enumerate(ws.company.get("bank_accounts") or []):
        if not isinstance(item, dict) or not isinstance(item.get("csv"), dict):
            continue
        spec: dict[str, Any] = item["csv"]
        given = spec.get("columns")
        columns = {
            k: str(v)
            for k, v in (given if isinstance(given, dict) else {}).items()
            if k in FIELDS and v
        }

        def problem(message: str, *path: str | int, n: int = n) -> None:
            where = ("bank_accounts", n, "csv", *path)
            line, column = record.position(where) if record else (1, 1)
            rel = record.rel if record else COMPANY
            problems.append(Problem(rel, line, column, "BANK-CSV-MAPPING", message))

        before = len(problems)
        pattern = None
        if spec.get("filename"):
            try:
                pattern = re.compile(str(spec["filename"]))
            except re.error as exc:
                problem(f"filename pattern: {exc}", "filename")
        encoding, delimiter = (
            str(spec.get("encoding") or "utf-8"),
            str(spec.get("delimiter") or ","),
        )
        try:
            codecs.lookup(encoding)
        except LookupError:
            problem(f"encoding {encoding!r} is not a character encoding", "encoding")
        if len(delimiter) != 1:
            problem(f"delimiter {delimiter!r} is not one character", "delimiter")
        header = spec.get("header") or 1
        if not isinstance(header, int) or isinstance(header, bool) or header < 1:
            problem(f"header {header!r} is not a line number", "header")
        decimal, thousands = str(spec.get("decimal") or "."), str(spec.get("thousands") or "")
        if thousands and thousands == decimal:
            problem(f"{decimal!r} is both the decimal and the thousands separator", "thousands")
        if "date" not in columns:
            problem("columns has no date: the column of the booking date", "columns")
        has_amount, has_sides = "amount" in columns, ("debit" in columns, "credit" in columns)
        if has_amount == any(has_sides) or (not has_amount and not all(has_sides)):
            problem(
                "columns needs either amount (signed) or both debit and credit, not both",
                "columns",
            )
        if len(problems) > before:
            continue
        found.append(
            Mapping(
                name=str(item.get("name")),
                iban=_key(item.get("iban")),
                currency=str(item.get("currency")),
                delimiter=delimiter,
                encoding=encoding,
                decimal=decimal,
                thousands=thousands,
                date_format=str(spec.get("date_format") or "%Y-%m-%d"),
                header=int(header),
                columns=columns,
                filename=pattern,
            )
        )
    return found, problems


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str], list[tuple[int, int]]]]:
    """The records of a CSV text: the line each starts on, its fields and where each field
    starts (line, column), quoted fields across lines included."""
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    found = []
    start = 1
    try:
        for fields in reader:
            end = reader.line_num
            found.append((start, fields, _starts(lines[start - 1 : end], start, delimiter)))
            start = end + 1
    except csv.Error as exc:
        raise Unreadable(start, str(exc)) from None
    return found


class Unreadable(Exception):
    """The CSV reader gave up at a line (a field over its size limit, say)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _starts(lines: list[str], first: int, delimiter: str) -> list[tuple[int, int]]:
    """Where each field of a record starts, as (line, column), outside quotes."""
    starts = [(first, 1)]
    quoted = False
    for offset, line in enumerate(lines):
        for column, char in enumerate(line, start=1):
            if char == '"':
                quoted = not quoted
            elif char == delimiter and not quoted:
                starts.append((first + offset, column + 1))
    return starts


def _decode(content: bytes, encoding: str) -> str | int:
    """The text, or the offset of the first byte that is not `encoding`."""
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start


def identifies(mapping: Mapping, path: Path, content: bytes) -> bool:
    """The file is this account's export: its name fits the mapping's filename pattern (when it
    has one) and its header row holds every column the mapping names."""
    if mapping.filename is not None and not mapping.filename.search(path.name):
        return False
    try:
        text = content[:65536].decode(mapping.encoding, errors="replace")
    except LookupError:
        return False
    lines = text.splitlines()
    if len(lines) < mapping.header:
        return False
    header = next(csv.reader([lines[mapping.header - 1]], delimiter=mapping.delimiter), [])
    return set(mapping.columns.values()) <= {c.strip().lstrip("\ufeff") for c in header}


def amount(cell: str, mapping: Mapping) -> Decimal | None:
    """An amount written with the mapping's separators (a sign in front allowed), or None."""
    text = re.sub(r"\s", "", cell)
    if mapping.thousands.strip():
        text = text.replace(mapping.thousands, "")
    text = text.replace(mapping.decimal, ".") if mapping.decimal != "." else text
    if not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    whole = number.as_tuple()
    exponent = whole.exponent if isinstance(whole.exponent, int) else 0
    if -exponent > PLACES or abs(number) >= Decimal(10) ** MAX_DIGITS:
        return None
    return number.quantize(Decimal("0.01"))


def parse(content: bytes, rel: str, mapping: Mapping) -> list[Statement]:
    """The export as one statement of `mapping`'s account, or `Refused` with every malformed
    row (wrong number of fields, a bad date or amount, a running balance that does not follow)."""
    problems: list[Problem] = []

    def fail(where: tuple[int, int], code: str, message: str) -> None:
        problems.append(Problem(rel, where[0], where[1], code, message))

    if len(content) > MAX_BYTES:
        raise Refused([Problem(rel, 1, 1, "BANK-CSV-SIZE", f"larger than {MAX_BYTES} bytes")])
    text = _decode(content, mapping.encoding)
    if isinstance(text, int):
        line = content[:text].count(b"\n") + 1
        column = text - content.rfind(b"\n", 0, text)
        message = f"byte 0x{content[text]:02x} is not {mapping.encoding} (csv encoding)"
        raise Refused([Problem(rel, line, column, "BANK-CSV-ENCODING", message)])
    try:
        rows = _rows(text, mapping.delimiter)
    except Unreadable as exc:
        raise Refused([Problem(rel, exc.line, 1, "BANK-CSV-COLUMNS", str(exc))]) from None
    heading = next((r for r in rows if r[0] == mapping.header), None)
    if heading is None:
        message = f"no header row at line {mapping.header} (csv header)"
        raise Refused([Problem(rel, 1, 1, "BANK-CSV-HEADER", message)])
    header = [c.strip().lstrip("\ufeff") for c in heading[1]]
    index: dict[str, int] = {}
    for key, title in mapping.columns.items():
        if title in header:
            index[key] = header.index(title)
        else:
            fail(
                (mapping.header, 1),
                "BANK-CSV-HEADER",
                f"the header has no column {title!r} (csv columns.{key} of {mapping.name})",
            )
    if problems:
        raise Refused(problems)
    parsed: list[tuple[Entry, Decimal | None, tuple[int, int]]] = []
    for line, fields, starts in rows:
        if line <= mapping.header or not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            fail(
                (line, 1),
                "BANK-CSV-COLUMNS",
                f"{count(len(fields), 'field')}, the header has {len(header)}",
            )
            continue
        row = _row(fields, starts, line, index, mapping, fail)
        if row is not None:
            parsed.append(row)
    if not parsed and not problems:
        fail((mapping.header, 1), "BANK-CSV-EMPTY", "no rows below the header: nothing to import")
    if parsed and parsed[0][0].booked > parsed[-1][0].booked:
        parsed.reverse()  # newest first, as many banks export
    _check_balances(parsed, fail)
    if problems:
        raise Refused(problems)
    entries = [e for e, _balance, _where in parsed]
    _reference(entries, [b for _e, b, _w in parsed], mapping)
    opening = closing = None
    first, last = parsed[0], parsed[-1]
    if first[1] is not None and last[1] is not None:
        opening = Balance(first[0].booked, first[1] - first[0].amount, first[0].line)
        closing = Balance(last[0].booked + timedelta(days=1), last[1], last[0].line)
    ident = Path(rel).name
    statement = Statement(
        ident, mapping.iban, mapping.currency, opening, closing, entries, "csv", mapping.header
    )
    return [statement]


def _row(
    fields: list[str],
    starts: list[tuple[int, int]],
    line: int,
    index: dict[str, int],
    mapping: Mapping,
    fail: Any,
) -> tuple[Entry, Decimal | None, tuple[int, int]] | None:
    """One row as an entry with its running balance, or None after reporting what is wrong."""

    def cell(key: str) -> str:
        return " ".join(fields[index[key]].split()) if key in index else ""

    def where(key: str) -> tuple[int, int]:
        return starts[index[key]] if index[key] < len(starts) else (line, 1)

    bad = False
    try:
        booked = datetime.strptime(cell("date"), mapping.date_format).date()
    except ValueError:
        fail(
            where("date"),
            "BANK-CSV-DATE",
            f"{cell('date')!r} is not a date as {mapping.date_format}",
        )
        booked, bad = date.min, True
    value = _signed(cell, where, mapping, fail)
    balance = None
    if "balance" in index and cell("balance"):
        balance = amount(cell("balance"), mapping)
        if balance is None:
            fail(
                where("balance"), "BANK-CSV-AMOUNT", f"balance {cell('balance')!r} is not an amount"
            )
            bad = True
    if bad or value is None:
        return None
    currency = cell("currency").upper() or mapping.currency
    message = cell("message")
    entry = Entry(
        cell("reference"),
        booked,
        value,
        currency,
        line,
        code=cell("code"),
        name=cell("name"),
        iban=_key(cell("iban")),
        text=message,
        vs=cell("vs").lstrip("0") or ("0" if cell("vs") else ""),
        ss=cell("ss"),
        ks=cell("ks"),
    )
    symbols = dict(SYMBOLS.findall(message))
    entry.vs = entry.vs or symbols.get("VS", "")
    entry.ss = entry.ss or symbols.get("SS", "")
    entry.ks = entry.ks or symbols.get("KS", "")
    if not entry.vs and (found := TEXT_VS.search(message)):
        entry.vs = found[1]
    return entry, balance, where("balance") if "balance" in index else (line, 1)


def _signed(cell: Any, where: Any, mapping: Mapping, fail: Any) -> Decimal | None:
    """The row's amount, credits positive: the signed amount column, or debit and credit."""
    if "amount" in mapping.columns:
        value = amount(cell("amount"), mapping)
        if value is None:
            fail(where("amount"), "BANK-CSV-AMOUNT", f"{cell('amount')!r} is not an amount")
        return value
    debit, credit = cell("debit"), cell("credit")
    values = {}
    for key, text in (("debit", debit), ("credit", credit)):
        if text:
            values[key] = amount(text, mapping)
            if values[key] is None:
                fail(where(key), "BANK-CSV-AMOUNT", f"{key} {text!r} is not an amount")
                return None
    given = {k: v for k, v in values.items() if v}
    if len(given) != 1:
        what = "both a debit and a credit" if given else "neither a debit nor a credit"
        fail(where("debit"), "BANK-CSV-AMOUNT", f"the row has {what}")
        return None
    ((key, number),) = given.items()
    return -abs(number) if key == "debit" else abs(number)


def _check_balances(parsed: list[tuple[Entry, Decimal | None, tuple[int, int]]], fail: Any) -> None:
    """Each running balance is the one before plus the row's amount."""
    for (_before, previous, _w), (entry, balance, where) in pairwise(parsed):
        if previous is None or balance is None:
            continue
        if previous + entry.amount != balance:
            fail(
                where,
                "BANK-CSV-BALANCE",
                f"balance {balance} is not the previous row's {previous} plus {entry.amount}",
            )


def _reference(entries: list[Entry], balances: list[Decimal | None], mapping: Mapping) -> None:
    """A stable reference for each row the bank gave none: a hash of the account and the row's
    fields, with the count of identical rows before it in the export."""
    seen: dict[str, int] = {}
    for entry, balance in zip(entries, balances, strict=True):
        if entry.ref:
            continue
        values = {
            "name": entry.name,
            "iban": entry.iban,
            "vs": entry.vs,
            "ss": entry.ss,
            "ks": entry.ks,
            "message": entry.text,
            "code": entry.code,
            "balance": "" if balance is None else str(balance),
        }
        fields = [mapping.iban, entry.booked.isoformat(), str(entry.amount), entry.currency]
        key = "\x1f".join(fields + [values[k] for k in HASHED])
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()
        entry.ref = f"csv-{digest[:20]}"
