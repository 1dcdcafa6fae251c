"""Invoices: the register ``records/invoices/YYYY/<number>.yaml`` read into amounts, numbering
per series and year, the problems that stop an invoice from being issued, and the canonical
hash of an issued record.

Rounding (EU VAT Directive art. 226, Slovak practice): each line's net amount is rounded to the
cent; the VAT of the invoice is computed once per rate on the sum of that rate's net amounts
and rounded half up to the cent.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from backoffice.accounting import (
    VAT_CURRENCY,
    percent,
    rates_text,
    sale_category,
    vat_rates_on,
)
from backoffice.core.clock import today
from backoffice.core.errors import BackOfficeError
from backoffice.core.problems import Problem
from backoffice.core.values import BadValue, as_days, cents, parse_date, parse_decimal
from backoffice.derive.journal import MetaValue, Posting, Transaction
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.review import closed_through

REGISTER = "invoices"
DOCUMENTS = Path("documents") / "invoices"
EN16931 = "en16931"
PEPPOL = "peppol-bis-3"
PROFILES = (EN16931, PEPPOL)
"""The e-invoice profiles an invoice can be issued in (the field `profile`); an issued invoice
without the field is EN 16931 (everything issued before profiles were recorded)."""
PEPPOL_FROM = date(2027, 1, 1)
"""From this issue date domestic B2B invoices between Slovak VAT payers are Peppol BIS Billing
3.0 e-invoices (Act 385/2025, § 85o of the VAT act 222/2004); company.yaml's
`einvoice.peppol_from` moves the switch (earlier: voluntary in 2026)."""
ZERO = Decimal(0)
HUNDRED = Decimal(100)
RATE_PLACES = Decimal("0.000001")

EXEMPTIONS: dict[str, tuple[str, str, str]] = {
    "reverse-charge": (
        "AE",
        "Reverse charge",
        "Prenesenie daňovej povinnosti (§ 69 ods. 2 zákona o DPH, čl. 196 smernice 2006/112/ES)",
    ),
    "intra-eu-goods": (
        "K",
        "Intra-Community supply of goods exempt under Article 138 of Directive 2006/112/EC",
        "Oslobodené od dane – dodanie tovaru do iného členského štátu (§ 43 zákona o DPH)",
    ),
    "export": (
        "G",
        "Export outside the EU exempt under Article 146 of Directive 2006/112/EC",
        "Oslobodené od dane – vývoz tovaru (§ 47 zákona o DPH)",
    ),
    "exempt": (
        "E",
        "Exempt from VAT under Articles 132 to 137 of Directive 2006/112/EC",
        "Oslobodené od dane (§ 28 až § 42 zákona o DPH)",
    ),
    "outside-scope": (
        "O",
        "Not subject to VAT",
        "Nepodlieha dani",
    ),
}
"""Exemption code -> (EN 16931 VAT category, English wording, Slovak wording)."""

WORDING_FROM = date(2026, 12, 8)
"""Invoices issued from this day on word their reverse charge and exemption by the provision of
their VAT category (`WORDING`); an invoice issued before keeps the wording it was issued with
(`EXEMPTIONS`), since an issued invoice never changes."""

WORDING: dict[str, tuple[str, str]] = {
    "eu-services": (
        "Reverse charge: the service is supplied where the customer is established "
        "(Article 44 of Directive 2006/112/EC); the customer is liable for the VAT (Article 196)",
        "Prenesenie daňovej povinnosti – miesto dodania služby podľa § 15 ods. 1 zákona "
        "č. 222/2004 Z. z. o DPH (čl. 44 a 196 smernice 2006/112/ES)",
    ),
    "domestic-reverse-charge": (
        "Reverse charge: the customer is liable for the VAT under § 69(12) of the Slovak VAT "
        "act 222/2004",
        "Prenesenie daňovej povinnosti – osobou povinnou platiť daň je príjemca "
        "(§ 69 ods. 12 zákona č. 222/2004 Z. z. o DPH)",
    ),
    "eu-goods": (
        "Intra-Community supply of goods exempt under § 43 of the Slovak VAT act 222/2004 "
        "(Article 138 of Directive 2006/112/EC)",
        "Oslobodené od dane – dodanie tovaru do iného členského štátu (§ 43 zákona "
        "č. 222/2004 Z. z. o DPH, čl. 138 smernice 2006/112/ES)",
    ),
    "export": (
        "Export exempt under § 47 of the Slovak VAT act 222/2004 (Article 146 of Directive "
        "2006/112/EC)",
        "Oslobodené od dane – vývoz tovaru (§ 47 zákona č. 222/2004 Z. z. o DPH, čl. 146 "
        "smernice 2006/112/ES)",
    ),
}
"""VAT category (accounting's `sale_category`) -> (English, Slovak) wording on invoices issued
from `WORDING_FROM`: § 15(1) with articles 44 and 196 of the directive for a service to a
taxable person in another member state, § 69(12) for the domestic reverse charge, § 43 for
goods to another member state, § 47 for an export."""


def exemption_wording(invoice: Invoice, exemption: str, lang: str) -> str:
    """The invoice's note on a line without VAT, in `lang`: by its category from
    `WORDING_FROM`, as it was worded before for an invoice issued earlier."""
    category = sale_category(exemption, str(invoice.customer.get("country") or "SK"))
    if invoice.issue_date >= WORDING_FROM and category in WORDING:
        english, slovak = WORDING[category]
    else:
        _, english, slovak = EXEMPTIONS[exemption]
    return slovak if lang == "sk" else english


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    vat_rate: Decimal | None
    exemption: str | None
    discount: Decimal
    account: str

    @property
    def gross_amount(self) -> Decimal:
        """Quantity × unit price, to the cent."""
        return cents(self.quantity * self.unit_price)

    @property
    def discount_amount(self) -> Decimal:
        return cents(self.gross_amount * self.discount / HUNDRED)

    @property
    def net(self) -> Decimal:
        """The line's taxable amount: quantity × unit price less the discount, to the cent."""
        return self.gross_amount - self.discount_amount

    @property
    def category(self) -> tuple[str, Decimal, str | None]:
        """(EN 16931 VAT category, rate, exemption) — the key of the VAT summary."""
        if self.exemption is not None:
            return EXEMPTIONS[self.exemption][0], ZERO, self.exemption
        rate = self.vat_rate if self.vat_rate is not None else ZERO
        return ("S" if rate else "Z"), rate, None


@dataclass(frozen=True)
class VatGroup:
    category: str
    rate: Decimal
    exemption: str | None
    base: Decimal
    vat: Decimal


def vat_amount(base: Decimal, rate: Decimal) -> Decimal:
    """VAT on a taxable amount, rounded half up to the cent (once per rate per invoice)."""
    return (base * rate / HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def vat_summary(lines: Iterable[Line]) -> list[VatGroup]:
    """Taxable amount and VAT per rate (or exemption), highest rate first."""
    bases: dict[tuple[str, Decimal, str | None], Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        bases[line.category] += line.net
    return [
        VatGroup(cat, rate, exemption, base, vat_amount(base, rate))
        for (cat, rate, exemption), base in sorted(
            bases.items(), key=lambda kv: (-kv[0][1], kv[0][0], kv[0][2] or "")
        )
    ]


@dataclass
class Invoice:
    record: Record
    series: str
    number: str
    kind: str
    status: str
    issue_date: date
    supply_date: date
    due_date: date
    customer_id: str
    customer: dict[str, Any]
    currency: str
    exchange_rate: Decimal | None
    exchange_rate_date: date | None
    lines: list[Line]
    notes: str
    variable_symbol: str
    iban: str
    bic: str
    corrects: str | None
    hashes: dict[str, str] = field(default_factory=dict)
    profile: str = EN16931
    """The e-invoice profile: as recorded when issued; for a draft, what issuing it would use."""
    order_reference: str = ""
    buyer_reference: str = ""
    period_start: date | None = None
    period_end: date | None = None
    references_defaulted: dict[str, str] = field(default_factory=dict)
    """The references taken from the customer record (not written in the invoice's own record):
    issuing writes them into the record, so that the issued record alone gives the e-invoice."""

    @property
    def year(self) -> int:
        return self.issue_date.year

    @property
    def vat(self) -> list[VatGroup]:
        return vat_summary(self.lines)

    @property
    def net_total(self) -> Decimal:
        return sum((line.net for line in self.lines), ZERO)

    @property
    def vat_total(self) -> Decimal:
        return sum((g.vat for g in self.vat), ZERO)

    @property
    def total(self) -> Decimal:
        return self.net_total + self.vat_total

    @property
    def reverse_charge(self) -> bool:
        return any(line.exemption == "reverse-charge" for line in self.lines)

    def to_eur(self, amount: Decimal) -> Decimal:
        """An amount of the invoice's currency in EUR at the invoice's rate, to the cent."""
        if self.currency == VAT_CURRENCY or self.exchange_rate is None:
            return amount
        return cents(amount / self.exchange_rate)

    def open_in_currency(self, open_eur: Decimal) -> Decimal:
        """An open EUR amount of the ledger in the invoice's currency at the invoice's own
        rate; a wholly unpaid invoice shows its total exactly (no rounding back and forth)."""
        if self.currency == VAT_CURRENCY or not self.exchange_rate:
            return open_eur
        if open_eur == self.to_eur(self.total):
            return self.total
        return cents(open_eur * self.exchange_rate)

    @property
    def pdf_path(self) -> Path:
        return DOCUMENTS / str(self.year) / f"{self.number}.pdf"

    @property
    def xml_path(self) -> Path:
        return DOCUMENTS / str(self.year) / f"{self.number}.xml"


# ----------------------------------------------------------------------------- reading


class InvoiceError(BackOfficeError):
    """An invoice that cannot be read or issued; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def problem(record: Record, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    line, column = record.position(path) if path else (1, 1)
    return Problem(record.rel, line, column, code, message)


def customers(ws: Workspace) -> dict[str, Record]:
    return {r.id: r for r in ws.register("customers")}


def customer_account(customer: dict[str, Any], role: str) -> str:
    """The customer's default account for `role` (income, receivable), or ''."""
    accounts = customer.get("accounts")
    return str(accounts.get(role) or "") if isinstance(accounts, dict) else ""


def _default_bank(ws: Workspace) -> dict[str, Any]:
    accounts = [a for a in ws.company.get("bank_accounts") or [] if isinstance(a, dict)]
    chosen = [a for a in accounts if a.get("default")] or accounts
    return chosen[0] if chosen else {}


def peppol_from(company: dict[str, Any]) -> date:
    """The first issue date of Peppol BIS 3.0 invoices: company.yaml's einvoice.peppol_from,
    by default 2027-01-01."""
    settings = company.get("einvoice")
    value = settings.get("peppol_from") if isinstance(settings, dict) else None
    try:
        return PEPPOL_FROM if value is None else parse_date(value)
    except BadValue:
        return PEPPOL_FROM  # the schema reports it


def profile_for(
    company: dict[str, Any], issue_date: date, customer: dict[str, Any] | None = None
) -> str:
    """The profile an invoice issued on `issue_date` is issued in: Peppol BIS 3.0 from the
    switch, except to a private person (`category: individual`), who has no Peppol address
    and is outside § 85o (B2B only)."""
    if customer is not None and customer.get("category") == "individual":
        return EN16931
    return PEPPOL if issue_date >= peppol_from(company) else EN16931


def _contact_name(customer: dict[str, Any]) -> str:
    contact = customer.get("contact")
    return str(contact.get("name") or "") if isinstance(contact, dict) else ""


class _LineValue(BadValue):
    """A line's number that cannot be read, with the key it stands under."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _number(data: dict[str, Any], key: str, default: Any = None) -> Decimal:
    """A line's number under `key`; `_LineValue` names the key when it cannot be read."""
    try:
        return parse_decimal(data.get(key, default))
    except BadValue as exc:
        raise _LineValue(key, str(exc)) from None


def _line(data: Any, default_account: str) -> Line:
    if not isinstance(data, dict):
        raise BadValue("a line is a mapping with description, quantity and unit_price")
    return Line(
        description=str(data.get("description", "")),
        quantity=_number(data, "quantity"),
        unit=str(data.get("unit") or ""),
        unit_price=_number(data, "unit_price"),
        vat_rate=None if data.get("vat_rate") is None else _number(data, "vat_rate"),
        exemption=None if data.get("exemption") is None else str(data["exemption"]),
        discount=_number(data, "discount", 0),
        account=str(data.get("account") or default_account),
    )


def load(ws: Workspace, record: Record) -> Invoice:
    """Read one invoice record; an unreadable value raises InvoiceError with its place."""
    data = record.data if isinstance(record.data, dict) else {}
    found: list[Problem] = []

    def read(path: tuple[str | int, ...], parse: Any, value: Any) -> Any:
        try:
            return parse(value)
        except BadValue as exc:
            where = (*path, exc.key) if isinstance(exc, _LineValue) else path
            found.append(problem(record, where, "INVOICE-BAD-VALUE", str(exc)))
            return None

    customer_id = str(data.get("customer", ""))
    customer_record = customers(ws).get(customer_id)
    customer = (
        customer_record.data if customer_record and isinstance(customer_record.data, dict) else {}
    )
    default_account = customer_account(customer, "income")
    issue = read(("issue_date",), parse_date, data.get("issue_date")) or date(1970, 1, 1)
    supply = read(("supply_date",), parse_date, data.get("supply_date", issue.isoformat()))
    if data.get("due_date") is not None:
        due = read(("due_date",), parse_date, data.get("due_date"))
    else:
        due = issue + timedelta(days=as_days(customer.get("payment_terms_days")) or 0)
    rate = data.get("exchange_rate")
    exchange_rate = None if rate is None else read(("exchange_rate",), parse_decimal, rate)
    rate_date = data.get("exchange_rate_date")
    rate_date_value = (
        None if rate_date is None else read(("exchange_rate_date",), parse_date, rate_date)
    )
    raw_lines: list[Any] = data["lines"] if isinstance(data.get("lines"), list) else []
    lines = [
        read(("lines", i), lambda v: _line(v, default_account), v) for i, v in enumerate(raw_lines)
    ]
    period = {
        key: None if data.get(key) is None else read((key,), parse_date, data.get(key))
        for key in ("period_start", "period_end")
    }
    defaulted: dict[str, str] = {}
    references = {}
    for key in ("order_reference", "buyer_reference"):
        references[key] = str(data.get(key) or "")
        if not references[key] and customer.get(key):
            references[key] = defaulted[key] = str(customer[key])
    if not references["order_reference"] and not references["buyer_reference"]:
        contact = _contact_name(customer)
        if contact:  # the orderer, for the customer's routing (Peppol R003 wants one of them)
            references["buyer_reference"] = defaulted["buyer_reference"] = contact
    status = str(data.get("status", "draft"))
    profile = str(
        data.get("profile")
        or (EN16931 if status == "issued" else profile_for(ws.company, issue, customer))
    )
    number = str(data.get("number", record.id))
    bank = _default_bank(ws)
    payment: dict[str, Any] = data["payment"] if isinstance(data.get("payment"), dict) else {}
    if found:
        raise InvoiceError(found)
    return Invoice(
        record=record,
        series=str(data.get("series", "")),
        number=number,
        kind=str(data.get("kind", "invoice")),
        status=status,
        issue_date=issue,
        supply_date=supply or issue,
        due_date=due or issue,
        customer_id=customer_id,
        customer=customer,
        currency=str(data.get("currency") or ws.currency),
        exchange_rate=exchange_rate,
        exchange_rate_date=rate_date_value,
        lines=[line for line in lines if line is not None],
        notes=str(data.get("notes") or ""),
        variable_symbol=str(payment.get("variable_symbol") or re.sub(r"\D", "", number)),
        iban=str(payment.get("iban") or bank.get("iban") or "").replace(" ", ""),
        bic=str(bank.get("bic") or ""),
        corrects=None if data.get("corrects") is None else str(data["corrects"]),
        hashes=dict(data.get("hashes") or {}),
        profile=profile,
        order_reference=references["order_reference"],
        buyer_reference=references["buyer_reference"],
        period_start=period["period_start"],
        period_end=period["period_end"],
        references_defaulted=defaulted,
    )


# ----------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class Series:
    code: str
    pattern: str
    kind: str

    def format(self, year: int, seq: int) -> str:
        return self.pattern.format(year=year, seq=seq)

    def parse(self, number: str) -> tuple[int, int] | None:
        """(year, sequence) of a number of this series, or None when it does not fit."""
        regex = ""
        for literal, name, spec, _ in string.Formatter().parse(self.pattern):
            regex += re.escape(literal)
            if name == "year":
                regex += r"(?P<year>[0-9]{4})"
            elif name == "seq":
                width = re.match(r"0?(\d+)d", spec or "")
                regex += rf"(?P<seq>[0-9]{{{width.group(1) if width else 1},}})"
        match = re.fullmatch(regex, number)
        if not match:
            return None
        return int(match.group("year")), int(match.group("seq"))


def series_list(ws: Workspace) -> list[Series]:
    return [
        Series(str(s["code"]), str(s["pattern"]), str(s.get("kind", "invoice")))
        for s in ws.company.get("invoice_series") or []
        if isinstance(s, dict) and "code" in s and "pattern" in s
    ]


def default_series(ws: Workspace, kind: str = "invoice") -> Series | None:
    return next((s for s in series_list(ws) if s.kind == kind), None)


def numbers_used(ws: Workspace, series: Series, year: int) -> dict[int, list[Record]]:
    """Sequence numbers of a series and year taken by records (drafts included)."""
    used: dict[int, list[Record]] = defaultdict(list)
    for record in ws.register(REGISTER):
        data = record.data if isinstance(record.data, dict) else {}
        if data.get("series") != series.code:
            continue
        parsed = series.parse(str(data.get("number", record.id)))
        if parsed and parsed[0] == year:
            used[parsed[1]].append(record)
    return used


def next_number(ws: Workspace, series: Series, year: int) -> str:
    """The next free number: one above the highest taken, so that numbers stay gapless."""
    used = numbers_used(ws, series, year)
    return series.format(year, max(used, default=0) + 1)


def record_path(year: int, number: str) -> Path:
    return Path("records") / REGISTER / str(year) / f"{number}.yaml"


# ----------------------------------------------------------------------------- hashes


def canonical(data: dict[str, Any]) -> bytes:
    """The record's content without status and hashes, as sorted JSON: what issuing froze."""
    content = {k: v for k, v in data.items() if k not in ("status", "hashes")}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def record_hash(data: dict[str, Any]) -> str:
    return sha256(canonical(data))


# ----------------------------------------------------------------------------- issuing rules


ADDRESS_FIELDS = ("street", "city", "postcode", "country")


def missing_name_or_address(customer: dict[str, Any]) -> list[str]:
    """What a customer lacks for a document addressed to it: address fields, else 'name'."""
    address = customer.get("address")
    missing = [f for f in ADDRESS_FIELDS if not isinstance(address, dict) or not address.get(f)]
    return missing or ([] if customer.get("name") else ["name"])


def dated_after_today(invoice: Invoice) -> list[Problem]:
    """An invoice is issued on the day it is dated, never ahead: a later date would put it in
    a VAT period not yet begun and move every report's default date past today."""
    now = today()
    if invoice.issue_date <= now:
        return []
    return [
        problem(
            invoice.record,
            ("issue_date",),
            "INVOICE-DATE-FUTURE",
            f"issue date {invoice.issue_date} is after today ({now}): "
            "an invoice is dated the day it is issued",
        )
    ]


def issue_problems(ws: Workspace, invoice: Invoice) -> list[Problem]:
    """What stops `invoice` from being issued: its customer, lines, currency, correction, and
    what is wrong in its figures (`content_problems`)."""
    record = invoice.record
    found: list[Problem] = []
    customer_record = customers(ws).get(invoice.customer_id)
    if customer_record is None:
        found.append(
            problem(
                record,
                ("customer",),
                "INVOICE-UNKNOWN-CUSTOMER",
                f"customer {invoice.customer_id!r} is not in records/customers/",
            )
        )
    else:
        missing = missing_name_or_address(invoice.customer)
        if missing:
            found.append(
                problem(
                    record,
                    ("customer",),
                    "INVOICE-CUSTOMER-INCOMPLETE",
                    f"customer {invoice.customer_id} has no complete name and address "
                    f"(missing: {', '.join(missing)})",
                )
            )
        if invoice.reverse_charge and not invoice.customer.get("vat_id"):
            found.append(
                problem(
                    record,
                    ("customer",),
                    "INVOICE-CUSTOMER-INCOMPLETE",
                    f"reverse charge needs the VAT id of customer {invoice.customer_id}",
                )
            )
        if invoice.profile == PEPPOL:
            found += _peppol_problems(ws, invoice, customer_record)
        if invoice.customer.get("status") == "blocked" and invoice.kind == "invoice":
            found.append(
                problem(
                    record,
                    ("customer",),
                    "INVOICE-CUSTOMER-BLOCKED",
                    f"customer {invoice.customer_id} is blocked: no new invoices "
                    f"({invoice.customer.get('status_reason', 'no reason given')})",
                )
            )
    closed = closed_through(ws.company)
    if closed is not None and invoice.issue_date <= closed:
        found.append(
            problem(
                record,
                ("issue_date",),
                "INVOICE-CLOSED-PERIOD",
                f"issue date {invoice.issue_date} is in a closed period "
                f"(books closed through {closed})",
            )
        )
    found += dated_after_today(invoice)
    found += _line_problems(invoice, customer_known=customer_record is not None)
    found += _period_problems(invoice)
    missing = [
        key
        for key, value in (
            ("exchange_rate", invoice.exchange_rate),
            ("exchange_rate_date", invoice.exchange_rate_date),
        )
        if value is None
    ]
    if invoice.currency != VAT_CURRENCY and missing:
        found.append(
            problem(
                record,
                ("currency",),
                "INVOICE-NO-RATE",
                f"an invoice in {invoice.currency} needs {' and '.join(missing)} "
                f"(units of {invoice.currency} per 1 EUR, and the day of that rate)",
            )
        )
    found += content_problems(invoice)
    if invoice.kind == "credit-note":
        found += _credit_problems(ws, invoice)
    return found


def endpoint(party: dict[str, Any]) -> tuple[str, str] | None:
    """A party's Peppol electronic address (EAS scheme, id): its `peppol_id`, else 0245 with
    the DIČ of a Slovak party (Act 385/2025, § 85o of the VAT act 222/2004: Slovak companies
    are reached in Peppol by their DIČ, not the IČO or the VAT id)."""
    peppol_id = str(party.get("peppol_id") or "")
    scheme, colon, ident = peppol_id.partition(":")
    if colon and scheme and ident:
        return scheme, ident
    if party.get("dic"):
        return "0245", str(party["dic"])
    return None


def _peppol_problems(ws: Workspace, invoice: Invoice, customer_record: Record) -> list[Problem]:
    """What a Peppol BIS 3.0 e-invoice needs from the customer: an electronic address (rule
    PEPPOL-EN16931-R010) and, where the customer or a contract of it in force requires it, its
    order number."""
    record = invoice.record
    found = []
    where = customer_record.rel
    if endpoint(invoice.customer) is None:
        found.append(
            problem(
                record,
                ("customer",),
                "INVOICE-PEPPOL-ID",
                f"customer {invoice.customer_id} has no Peppol address: add peppol_id "
                f"('<EAS>:<id>', e.g. '9929:CZ12345678') to {where}"
                + ("" if invoice.customer.get("country") != "SK" else " (or its dic)"),
            )
        )
    if not invoice.order_reference:
        demands = [where] if invoice.customer.get("requires_order_reference") else []
        demands += [c.rel for c in contracts_requiring_order(ws, invoice)]
        if demands:
            found.append(
                problem(
                    record,
                    ("customer",),
                    "INVOICE-ORDER-REFERENCE",
                    f"customer {invoice.customer_id} requires its order number on every "
                    f"invoice (requires_order_reference in {', '.join(demands)}): add "
                    f"order_reference to {record.rel}",
                )
            )
    return found


def contracts_requiring_order(ws: Workspace, invoice: Invoice) -> list[Record]:
    """The customer's contracts in force on the issue date that require its order number."""
    found = []
    for contract in ws.register("contracts"):
        data = contract.data if isinstance(contract.data, dict) else {}
        parties = data.get("parties") if isinstance(data.get("parties"), list) else []
        if not data.get("requires_order_reference") or invoice.customer_id not in (parties or []):
            continue
        start, end = str(data.get("start") or ""), str(data.get("end") or "")
        day = invoice.issue_date.isoformat()
        if start <= day and (not end or day <= end or data.get("auto_renew")):
            found.append(contract)
    return found


def _period_problems(invoice: Invoice) -> list[Problem]:
    start, end = invoice.period_start, invoice.period_end
    record = invoice.record
    if (start is None) != (end is None):
        given = "period_start" if start is not None else "period_end"
        return [
            problem(
                record,
                (given,),
                "INVOICE-PERIOD",
                "an invoiced period needs both period_start and period_end",
            )
        ]
    if start is not None and end is not None and end < start:
        return [
            problem(
                record,
                ("period_end",),
                "INVOICE-PERIOD",
                f"period_end {end} is before period_start {start}",
            )
        ]
    return []


def _line_problems(invoice: Invoice, customer_known: bool) -> list[Problem]:
    record = invoice.record
    if not invoice.lines:
        return [
            problem(
                record,
                ("lines",) if "lines" in record.data else (),
                "INVOICE-NO-LINES",
                f"invoice {invoice.number} has no lines",
            )
        ]
    found = []
    for i, line in enumerate(invoice.lines):
        if line.vat_rate is None and line.exemption is None:
            found.append(
                problem(
                    record,
                    ("lines", i),
                    "INVOICE-LINE-VAT",
                    f"line {i + 1} needs either vat_rate or an exemption code",
                )
            )
        if not line.account and customer_known:
            found.append(
                problem(
                    record,
                    ("lines", i),
                    "INVOICE-LINE-ACCOUNT",
                    f"line {i + 1} has no account and the customer no accounts.income",
                )
            )
    return found


def content_problems(invoice: Invoice) -> list[Problem]:
    """What is wrong in the invoice's own figures, draft or issued (`check` reports it and
    `invoice issue` refuses it): its lines' quantities, prices, discounts and VAT rates, a
    due date before the issue date, an exchange rate that is no rate."""
    record = invoice.record
    found = [p for i in range(len(invoice.lines)) for p in _line_value_problems(invoice, i)]
    if invoice.due_date < invoice.issue_date:
        found.append(
            problem(
                record,
                ("due_date",),
                "INVOICE-DUE-DATE",
                f"due date {invoice.due_date} is before the issue date {invoice.issue_date}",
            )
        )
    if invoice.exchange_rate is not None and invoice.exchange_rate <= 0:
        found.append(
            problem(
                record,
                ("exchange_rate",),
                "INVOICE-BAD-RATE",
                f"exchange_rate {invoice.exchange_rate} is not an exchange rate: it is the units "
                f"of {invoice.currency} per 1 EUR, more than 0",
            )
        )
    return found


def _line_value_problems(invoice: Invoice, i: int) -> list[Problem]:
    """A line's quantity and unit price are not zero and, but for a credit note's quantity,
    not negative (EN 16931 BR-27: no negative price); its discount is 0 to 100 %; its VAT rate
    is a Slovak rate in force on the supply date, or 0 with an exemption."""
    line, record, n = invoice.lines[i], invoice.record, i + 1
    found = []

    def add(key: str, code: str, message: str) -> None:
        found.append(problem(record, ("lines", i, key), code, f"line {n} {message}"))

    correct = (
        "correct an invoice with a credit note"
        if invoice.kind != "credit-note"
        else "a credit note takes an amount back by a negative quantity"
    )
    if line.quantity == 0:
        add("quantity", "INVOICE-ZERO-LINE", "has quantity 0: leave the line out")
    elif line.quantity < 0 and invoice.kind != "credit-note":
        add(
            "quantity",
            "INVOICE-NEGATIVE-QUANTITY",
            f"has a negative quantity ({line.quantity}); correct an invoice with a credit note",
        )
    if line.unit_price == 0:
        add("unit_price", "INVOICE-ZERO-LINE", "has unit price 0: leave the line out")
    elif line.unit_price < 0:
        add(
            "unit_price",
            "INVOICE-NEGATIVE-PRICE",
            f"has a negative unit price ({line.unit_price}); a price is never negative "
            f"(EN 16931 BR-27); {correct}",
        )
    if not ZERO <= line.discount <= HUNDRED:
        add(
            "discount",
            "INVOICE-DISCOUNT",
            f"has discount {line.discount} %: a discount is 0 to 100 % of quantity × unit price",
        )
    found += _rate_problems(invoice, i)
    return found


def _rate_problems(invoice: Invoice, i: int) -> list[Problem]:
    """A line's VAT rate against the Slovak rates in force on the supply date (`vat_rates_on`);
    a line without VAT names its exemption or reverse charge instead."""
    line = invoice.lines[i]
    if line.vat_rate is None:
        return []
    where = ("lines", i, "vat_rate")
    if line.exemption is not None:
        if not line.vat_rate:
            return []
        message = (
            f"line {i + 1} has vat_rate {line.vat_rate} and exemption {line.exemption}: "
            "a line under an exemption or reverse charge charges no VAT (vat_rate 0 or none)"
        )
        return [problem(invoice.record, where, "INVOICE-LINE-VAT", message)]
    if not line.vat_rate:
        message = (
            f"line {i + 1} has vat_rate 0 without a reason: give its exemption instead "
            f"({', '.join(EXEMPTIONS)})"
        )
        return [problem(invoice.record, where, "INVOICE-VAT-RATE", message)]
    in_force = vat_rates_on(invoice.supply_date)
    if any(rate.value == line.vat_rate for rate in in_force):
        return []
    known = f"in force then: {rates_text(in_force)}" if in_force else "no rate is recorded then"
    message = (
        f"line {i + 1} has vat_rate {line.vat_rate} %, which is not a Slovak VAT rate on the "
        f"supply date {invoice.supply_date} ({known})"
    )
    return [problem(invoice.record, where, "INVOICE-VAT-RATE", message)]


def issued_by_number(ws: Workspace) -> dict[str, Record]:
    """Issued invoice records by their number."""
    return {
        str(r.data.get("number", r.id)): r
        for r in ws.register(REGISTER)
        if isinstance(r.data, dict) and r.data.get("status") == "issued"
    }


def _credit_problems(ws: Workspace, invoice: Invoice) -> list[Problem]:
    record = invoice.record
    original_record = issued_by_number(ws).get(invoice.corrects or "")
    if original_record is None or original_record.data.get("kind") == "credit-note":
        return [
            problem(
                record,
                ("corrects",),
                "INVOICE-CREDIT-UNKNOWN",
                f"credit note {invoice.number} corrects {invoice.corrects!r}, "
                "which is not an issued invoice",
            )
        ]
    try:
        original = load(ws, original_record)
    except InvoiceError:
        return []  # the original's own problems are reported for it
    if original.customer_id != invoice.customer_id:
        return [
            problem(
                record,
                ("corrects",),
                "INVOICE-CREDIT-UNKNOWN",
                f"invoice {original.number} is of customer {original.customer_id}, "
                f"not {invoice.customer_id}",
            )
        ]
    credited = -invoice.total
    for other in ws.register(REGISTER):
        data = other.data if isinstance(other.data, dict) else {}
        if (
            other.rel != record.rel
            and data.get("status") == "issued"
            and data.get("kind") == "credit-note"
            and data.get("corrects") == original.number
        ):
            credited += -load(ws, other).total
    if credited > original.total or invoice.total > 0:
        return [
            problem(
                record,
                ("lines",),
                "INVOICE-CREDIT-EXCEEDS",
                f"credit notes to {original.number} would total {credited} "
                f"{invoice.currency}, more than its {original.total} (or a positive total)",
            )
        ]
    return []


def find(ws: Workspace, number: str) -> Record | None:
    return next(
        (
            r
            for r in ws.register(REGISTER)
            if r.id == number or (isinstance(r.data, dict) and str(r.data.get("number")) == number)
        ),
        None,
    )


# ----------------------------------------------------------------------------- ledger

VAT_ACCOUNT = "Liabilities:Tax:VAT-Output"
DEFAULT_RECEIVABLE = "Assets:Receivables:Customers"


def issued(ws: Workspace) -> list[Invoice]:
    """Issued invoices and credit notes that can be read, in number order."""
    found = []
    for record in ws.register(REGISTER):
        if isinstance(record.data, dict) and record.data.get("status") == "issued":
            try:
                found.append(load(ws, record))
            except InvoiceError:
                continue  # reported by ledger_problems
    return sorted(found, key=lambda i: (i.issue_date, i.series, i.number))


def ledger_problems(ws: Workspace) -> list[Problem]:
    """Issued invoices that cannot be read: they stop `ledger sync`."""
    found: list[Problem] = []
    for record in ws.register(REGISTER):
        if isinstance(record.data, dict) and record.data.get("status") == "issued":
            try:
                load(ws, record)
            except InvoiceError as exc:
                found += exc.problems
    return found


def transaction(invoice: Invoice) -> Transaction:
    """Receivable against income per line account and output VAT per rate, in EUR (at the
    invoice's rate for another currency), linked ^inv-<number> as the payments are."""
    country = str(invoice.customer.get("country") or "SK")
    income: dict[tuple[str, str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    for line in invoice.lines:
        _, rate, exemption = line.category
        income[(line.account, sale_category(exemption, country), rate)] += line.net
    postings = [
        Posting(
            account,
            -invoice.to_eur(amount),
            VAT_CURRENCY,
            {"vat_category": category, "vat_rate": percent(rate)},
        )
        for (account, category, rate), amount in sorted(income.items())
    ]
    for group in invoice.vat:
        if group.vat:
            stated = {
                "vat_category": sale_category(group.exemption, country),
                "vat_rate": percent(group.rate),
                "vat_base": f"{invoice.to_eur(group.base):.2f}",
            }
            postings.append(Posting(VAT_ACCOUNT, -invoice.to_eur(group.vat), VAT_CURRENCY, stated))
    receivable = customer_account(invoice.customer, "receivable") or DEFAULT_RECEIVABLE
    postings.insert(0, Posting(receivable, -sum((p.amount for p in postings), ZERO), VAT_CURRENCY))
    word = "Credit note" if invoice.kind == "credit-note" else "Invoice"
    meta: dict[str, MetaValue] = {
        "invoice": invoice.number,
        "customer": invoice.customer_id,
        "due": invoice.due_date,
        "document": invoice.pdf_path.as_posix(),
    }
    if invoice.corrects:
        meta["corrects"] = invoice.corrects
    if invoice.currency != VAT_CURRENCY:
        meta["amount"] = f"{invoice.total:.2f} {invoice.currency}"
        meta["rate"] = f"{invoice.exchange_rate} {invoice.currency}/EUR"
    return Transaction(
        date=invoice.issue_date,
        narration=f"{word} {invoice.number}",
        payee=str(invoice.customer.get("name") or invoice.customer_id),
        postings=postings,
        links=(f"inv-{invoice.corrects or invoice.number}",)
        if invoice.kind == "credit-note"
        else (f"inv-{invoice.number}",),
        meta=meta,
        documents=(f"../../{invoice.pdf_path.as_posix()}",),
    )


def transactions(ws: Workspace) -> list[Transaction]:
    return [transaction(invoice) for invoice in issued(ws)]
