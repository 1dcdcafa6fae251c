"""ISO 20022 camt.053 bank-to-customer statements (versions .001.02 to .001.08) read with lxml,
by local element names so that every version's namespace reads alike; amounts stay exact."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from lxml import etree

from backoffice.core.problems import Problem
from backoffice.core.words import count
from backoffice.core.xml import safe_parser

MAX_BYTES = 50 * 1024 * 1024
"""A statement larger than this is refused: a month of a busy account is a few megabytes."""
NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.0([2-8])$")
OPENING = ("OPBD", "PRCD")
CLOSING = ("CLBD",)
SYMBOLS = re.compile(r"/(VS|SS|KS)([0-9]*)")
TEXT_VS = re.compile(r"\bVS[\s:.#-]*([0-9]{1,10})\b", re.IGNORECASE)
CREDITOR_REFERENCE = re.compile(r"^RF[0-9]{2}([0-9A-Z]{1,21})$")


class Refused(Exception):
    """The file is no statement that can be imported; the problems say why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Balance:
    """A balance as Beancount asserts it: at the start of `day`."""

    day: date
    amount: Decimal
    line: int


@dataclass
class Entry:
    """One booked statement entry (Ntry), signed: credits positive, debits negative."""

    ref: str
    booked: date
    amount: Decimal
    currency: str
    line: int
    code: str = ""
    """Bank transaction code as DOMAIN-FAMILY-SUBFAMILY (or the proprietary code)."""
    name: str = ""
    iban: str = ""
    end_to_end: str = ""
    reference: str = ""
    """The structured creditor reference (RmtInf/Strd/CdtrRefInf/Ref)."""
    text: str = ""
    vs: str = ""
    ss: str = ""
    ks: str = ""
    instructed: tuple[Decimal, str] | None = None
    """What the payer sent in another currency before the bank converted it (InstdAmt)."""
    rate: str = ""
    """The bank's exchange rate for it, as the statement gives it (CcyXchg/XchgRate)."""

    @property
    def words(self) -> str:
        """Everything the payer wrote, for rules and references: end-to-end id, reference, text."""
        return " ".join(p for p in (self.end_to_end, self.reference, self.text) if p)


@dataclass
class Statement:
    """One Stmt of a camt.053 file (or a CSV export): the account, its two balances and its
    booked entries."""

    id: str
    iban: str
    currency: str
    opening: Balance | None
    closing: Balance | None
    """A CSV export without a running balance has neither."""
    entries: list[Entry] = field(default_factory=list)
    version: str = ""
    line: int = 1
    """The line of the statement's account (Acct), where an unknown IBAN is reported."""

    @property
    def first(self) -> date:
        """The statement's first day: its opening balance's, else its first entry's."""
        days = [e.booked for e in self.entries]
        return self.opening.day if self.opening else min(days, default=date.max)

    @property
    def last(self) -> date:
        """The statement's last day: the day before its closing balance, else its last entry's."""
        days = [e.booked for e in self.entries]
        return self.closing.day - timedelta(days=1) if self.closing else max(days, default=date.min)


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _child(element: etree._Element, *path: str) -> etree._Element | None:
    """The first descendant along `path` of local names, in any namespace."""
    found: etree._Element | None = element
    for name in path:
        if found is None:
            return None
        found = next((c for c in found if isinstance(c.tag, str) and _local(c) == name), None)
    return found


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and _local(c) == name]


def _text(element: etree._Element, *path: str) -> str:
    found = _child(element, *path)
    return " ".join((found.text or "").split()) if found is not None else ""


class _Reader:
    """Reads one file's elements; every missing or bad element is a problem at its line."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.problems: list[Problem] = []

    def fail(self, element: etree._Element, message: str, code: str = "BANK-MALFORMED") -> None:
        self.problems.append(Problem(self.rel, element.sourceline or 1, 1, code, message))

    def required(self, element: etree._Element, *path: str) -> str:
        value = _text(element, *path)
        if not value:
            self.fail(element, f"{_local(element)} has no {'/'.join(path)}")
        return value

    def day(self, element: etree._Element, *path: str) -> date | None:
        """A date from an element holding Dt or DtTm (or the date itself)."""
        found = _child(element, *path)
        if found is None:
            self.fail(element, f"{_local(element)} has no {'/'.join(path)}")
            return None
        text = _text(found, "Dt") or _text(found, "DtTm") or " ".join((found.text or "").split())
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.fail(found, f"{'/'.join(path)} {text!r} is not a date")
            return None

    def amount(self, element: etree._Element) -> tuple[Decimal, str] | None:
        """The signed amount of a Bal or Ntry: Amt@Ccy with CdtDbtInd CRDT or DBIT."""
        amt = _child(element, "Amt")
        sign = _text(element, "CdtDbtInd")
        if amt is None:
            self.fail(element, f"{_local(element)} has no Amt")
            return None
        try:
            number = Decimal(" ".join((amt.text or "").split()))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number < 0 or abs(number) >= Decimal(10) ** 12:
            self.fail(amt, f"amount {amt.text!r} is not a decimal number")
            return None
        currency = str(amt.get("Ccy") or "")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            self.fail(amt, "Amt has no currency (Ccy)")
            return None
        if sign not in ("CRDT", "DBIT"):
            self.fail(element, f"{_local(element)} has no CdtDbtInd CRDT or DBIT")
            return None
        return (number if sign == "CRDT" else -number), currency


def parse(content: bytes, rel: str) -> list[Statement]:
    """The statements of a camt.053 file, or `Refused` with every problem found in it."""

    def refuse(code: str, message: str, line: int = 1, column: int = 1) -> Refused:
        return Refused([Problem(rel, line, column, code, message)])

    if len(content) > MAX_BYTES:
        raise refuse(
            "BANK-NOT-CAMT", f"{count(len(content), 'byte')}; at most {MAX_BYTES} are read"
        )
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise refuse("BANK-NOT-XML", "a document type declaration is not accepted in a statement")
    try:
        root = etree.fromstring(content, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        raise refuse("BANK-NOT-XML", f"not well-formed XML: {exc.msg}", line, column) from None
    version = NAMESPACE.match(etree.QName(root).namespace or "")
    statement = _child(root, "BkToCstmrStmt")
    if _local(root) != "Document" or version is None or statement is None:
        raise refuse(
            "BANK-NOT-CAMT",
            "not an ISO 20022 camt.053 statement (Document/BkToCstmrStmt in the namespace "
            "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 to .08)",
            root.sourceline or 1,
        )
    reader = _Reader(rel)
    found = [
        _statement(reader, s, f"camt.053.001.0{version[1]}") for s in _children(statement, "Stmt")
    ]
    if not found and not reader.problems:
        reader.fail(statement, "BkToCstmrStmt has no Stmt")
    if reader.problems:
        raise Refused(reader.problems)
    return [s for s in found if s is not None]


def _statement(reader: _Reader, stmt: etree._Element, version: str) -> Statement | None:
    before = len(reader.problems)
    ident = reader.required(stmt, "Id")
    iban = re.sub(r"\s", "", _text(stmt, "Acct", "Id", "IBAN")).upper()
    if not iban:
        reader.fail(stmt, "Stmt has no Acct/Id/IBAN")
    currency = _text(stmt, "Acct", "Ccy")
    opening = _balance(reader, stmt, OPENING)
    closing = _balance(reader, stmt, CLOSING)
    entries = [e for n in _children(stmt, "Ntry") if (e := _entry(reader, n)) is not None]
    if len(reader.problems) > before or opening is None or closing is None:
        return None
    account = _child(stmt, "Acct")
    line = (account if account is not None else stmt).sourceline or 1
    currency = currency or opening_currency(stmt)
    return Statement(ident, iban, currency, opening, closing, entries, version, line)


def opening_currency(stmt: etree._Element) -> str:
    """The statement's currency when Acct/Ccy is left out: the first balance's."""
    amt = _child(stmt, "Bal", "Amt")
    return str(amt.get("Ccy") or "") if amt is not None else ""


def _balance(reader: _Reader, stmt: etree._Element, kinds: tuple[str, ...]) -> Balance | None:
    """The opening (OPBD, or PRCD: the previous day's close) or the closing (CLBD) balance, as
    an assertion at the start of a day: PRCD and CLBD hold at the end of theirs."""
    for bal in _children(stmt, "Bal"):
        kind = _text(bal, "Tp", "CdOrPrtry", "Cd")
        if kind not in kinds:
            continue
        amount = reader.amount(bal)
        day = reader.day(bal, "Dt")
        if amount is None or day is None:
            return None
        start = day if kind == "OPBD" else day + timedelta(days=1)
        return Balance(start, amount[0], bal.sourceline or 1)
    reader.fail(stmt, f"Stmt has no Bal of type {' or '.join(kinds)}")
    return None


def _entry(reader: _Reader, ntry: etree._Element) -> Entry | None:
    """A booked entry (pending ones are left for a later statement), with its counterparty and
    payment symbols from the first transaction details."""
    status = _text(ntry, "Sts", "Cd") or _text(ntry, "Sts")
    if status and status != "BOOK":
        return None
    amount = reader.amount(ntry)
    booked = reader.day(ntry, "BookgDt")
    ref = _text(ntry, "AcctSvcrRef") or _text(ntry, "NtryRef")
    details = _child(ntry, "NtryDtls", "TxDtls")
    if not ref and details is not None:
        ref = _text(details, "Refs", "AcctSvcrRef")
    if not ref:
        reader.fail(ntry, "Ntry has no AcctSvcrRef or NtryRef: it could not be told from another")
    if amount is None or booked is None or not ref:
        return None
    entry = Entry(ref, booked, amount[0], amount[1], ntry.sourceline or 1, code=_code(ntry))
    if details is not None:
        _details(entry, details)
    return entry


def _code(ntry: etree._Element) -> str:
    domain = _child(ntry, "BkTxCd", "Domn")
    if domain is not None:
        parts = [
            _text(domain, "Cd"),
            _text(domain, "Fmly", "Cd"),
            _text(domain, "Fmly", "SubFmlyCd"),
        ]
        return "-".join(p for p in parts if p)
    return _text(ntry, "BkTxCd", "Prtry", "Cd")


def _details(entry: Entry, tx: etree._Element) -> None:
    """Counterparty (the debtor of a credit, the creditor of a debit), references, symbols."""
    party = "Dbtr" if entry.amount > 0 else "Cdtr"
    entry.name = _text(tx, "RltdPties", party, "Nm") or _text(tx, "RltdPties", party, "Pty", "Nm")
    entry.iban = re.sub(r"\s", "", _text(tx, "RltdPties", f"{party}Acct", "Id", "IBAN")).upper()
    end_to_end = _text(tx, "Refs", "EndToEndId")
    entry.end_to_end = "" if end_to_end == "NOTPROVIDED" else end_to_end
    entry.reference = _text(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref")
    remittance = _child(tx, "RmtInf")
    if remittance is not None:
        entry.text = " ".join(_text(u) for u in _children(remittance, "Ustrd"))
    symbols = dict(SYMBOLS.findall(entry.end_to_end)) | dict(SYMBOLS.findall(entry.reference))
    entry.vs, entry.ss, entry.ks = (symbols.get(k, "") for k in ("VS", "SS", "KS"))
    if not entry.vs and entry.reference:
        rf = CREDITOR_REFERENCE.match(re.sub(r"\s", "", entry.reference).upper())
        plain = rf[1] if rf else re.sub(r"\s", "", entry.reference)
        if plain.isdigit() and len(plain.lstrip("0")) <= 10:
            entry.vs = plain.lstrip("0") or "0"
    if not entry.vs and (found := TEXT_VS.search(entry.text)):
        entry.vs = found[1]
    _instructed(entry, tx)


def _instructed(entry: Entry, tx: etree._Element) -> None:
    """The amount the payer sent in another currency, and the bank's rate, when it converted."""
    amt = _child(tx, "AmtDtls", "InstdAmt", "Amt")
    if amt is None:
        return
    currency = str(amt.get("Ccy") or "")
    try:
        number = Decimal(" ".join((amt.text or "").split()))
    except InvalidOperation:
        return
    if currency != entry.currency and number.is_finite() and number > 0:
        entry.instructed = (number, currency)
        entry.rate = _text(tx, "AmtDtls", "InstdAmt", "CcyXchg", "XchgRate")
