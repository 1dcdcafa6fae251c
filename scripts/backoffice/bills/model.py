"""The bill model: a record of records/bills/ read into Decimals, its VAT per rate, the
deductible share per line, and the ledger entry it books (the journal of ``ledger sync``)."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from backoffice.accounting import (
    VAT_CURRENCY,
    percent,
    purchase_category,
    rates_text,
    vat_rates_on,
)
from backoffice.bills.law import VEHICLE_DEDUCTION, in_force
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, as_days, cents, parse_date, parse_decimal
from backoffice.derive.journal import MetaValue, Posting, Transaction
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

REGISTER = "bills"
DOCUMENTS = Path("documents") / "bills"
JOURNAL = "bills.beancount"
VAT_INPUT = "Assets:Tax:VAT-Input"
VAT_OUTPUT = "Liabilities:Tax:VAT-Output"
DEFAULT_PAYABLE = "Liabilities:Payables:Suppliers"
PREPAYMENTS = "Assets:Prepayments"
"""Where an advance paid to a supplier waits for the bill that settles it (bill import)."""
REVERSE_CHARGE = ("AE", "K")
"""VAT categories the buyer assesses itself: the VAT is both output and input VAT."""
HUNDRED = Decimal(100)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bill_id(supplier: str, number: str, kind: str = "invoice") -> str:
    """The record id (and file name) of a supplier's bill: S-0001, 'po26/1' → S-0001-PO26-1. A
    credit note ends in -CN: a supplier may number it as the invoice it corrects."""
    slug = re.sub(r"[^A-Z0-9]+", "-", number.upper()).strip("-") or "X"
    return f"{supplier}-{slug}" + ("-CN" if kind == "credit-note" else "")


def number_key(data: dict[str, Any]) -> tuple[str, str, str]:
    """What is unique about a bill: the supplier, the kind of document, the supplier's number.
    An invoice and a credit note are documents of their own even under one number."""
    return (
        str(data.get("supplier")),
        str(data.get("kind", "invoice")),
        str(data.get("number", "")).strip().upper(),
    )


def bill_link(supplier: str, number: str) -> str:
    """The ``^bill-…`` link the payables aging and the payments use: bill-S-0001-po26-001."""
    slug = re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-") or "x"
    return f"bill-{supplier}-{slug}"


def record_path(issue: date, record_id: str) -> Path:
    return Path("records") / REGISTER / f"{issue.year}" / f"{record_id}.yaml"


def problem(record: Record, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    line, column = record.position(path) if path else (1, 1)
    return Problem(record.rel, line, column, code, message)


@dataclass
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    category: str
    rate: Decimal
    """The rate the VAT is computed at: the document's, or for reverse charge the self-assessed."""
    account: str
    deduction: str
    allowances: Decimal = ZERO
    """Allowances less charges on the line, already deducted from its amount."""
    asset: str | None = None
    """The registered asset (records/assets/) the line buys: its posting carries ``asset:``."""
    vehicle: str | None = None
    """The registered passenger car a `deduction: vehicle` line is a running cost of."""

    @property
    def reverse_charge(self) -> bool:
        return self.category in REVERSE_CHARGE


@dataclass
class VatGroup:
    category: str
    rate: Decimal
    net: Decimal = ZERO
    lines: list[int] = field(default_factory=list)

    @property
    def reverse_charge(self) -> bool:
        return self.category in REVERSE_CHARGE

    @property
    def vat(self) -> Decimal:
        """The VAT of the group in the bill's currency, rounded once per rate (EN 16931)."""
        return cents(self.net * self.rate / HUNDRED)


@dataclass
class Bill:
    record: Record
    id: str
    supplier: str
    number: str
    kind: str
    status: str
    issue_date: date
    supply_date: date
    due_date: date
    currency: str
    eur_rate: Decimal | None
    lines: list[Line]
    net: Decimal
    vat: Decimal
    total: Decimal
    payable_account: str | None
    corrects: str | None
    document: str | None
    document_sha256: str | None
    title: str | None = None
    prepaid: Decimal = ZERO
    """Paid in advance (EN 16931 BT-113): the payable is the total less it."""
    prepayment_account: str | None = None
    """The account the advance was paid to; the bill clears it."""

    @property
    def sign(self) -> int:
        """+1 for an invoice, −1 for a credit note (its amounts are stated positive)."""
        return -1 if self.kind == "credit-note" else 1

    def groups(self) -> list[VatGroup]:
        found: dict[tuple[str, Decimal], VatGroup] = {}
        for index, line in enumerate(self.lines):
            key = (line.category, line.rate)
            group = found.setdefault(key, VatGroup(line.category, line.rate))
            group.net += line.amount
            group.lines.append(index)
        return list(found.values())

    def document_vat(self) -> Decimal:
        """The VAT the supplier charges (reverse charge: none)."""
        return sum((g.vat for g in self.groups() if not g.reverse_charge), ZERO)

    def to_eur(self, amount: Decimal) -> Decimal:
        if self.currency == VAT_CURRENCY:
            return amount
        if self.eur_rate is None:
            raise ValueError(f"bill {self.id} in {self.currency} has no eur_rate")
        return cents(amount * self.eur_rate)


def deductible_share(line: Line, day: date, exclusive: dict[str, date]) -> Decimal:
    """Percent of a line's input VAT that is deductible (the rest is a cost). A passenger car's
    line (`deduction: vehicle`) deducts the share § 85n allows, in full from the day its
    `vehicle` is notified as used only for business (`exclusive`: asset id -> that day)."""
    if line.deduction == "none":
        return ZERO
    if line.deduction == "vehicle":
        notified = exclusive.get(line.vehicle or "")
        if notified is not None and notified <= day:
            return HUNDRED
        return in_force(VEHICLE_DEDUCTION, day).value
    return HUNDRED


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise BadValue(f"{key} is missing")
    return value


def _number(data: dict[str, Any], key: str, default: str | None = None) -> Decimal:
    value = data.get(key, default)
    if value is None:
        raise BadValue(f"{key} is missing")
    return parse_decimal(value)


def read(record: Record) -> Bill:
    """The bill of a record; `BadValue` when a field the booking needs is missing or wrong
    (the schema reports where)."""
    data = record.data if isinstance(record.data, dict) else {}
    issue = parse_date(data.get("issue_date"))
    supply = parse_date(data.get("supply_date", data.get("issue_date")))
    lines = []
    for item in data.get("lines") or []:
        if not isinstance(item, dict):
            raise BadValue("a line is no mapping")
        category = _text(item, "vat_category")
        rate = _number(item, "vat_rate")
        if category in REVERSE_CHARGE:
            rate = _number(item, "self_assessed_rate", "0")
        lines.append(
            Line(
                description=str(item.get("description", "")),
                quantity=_number(item, "quantity"),
                unit_price=_number(item, "unit_price"),
                amount=_number(item, "amount"),
                category=category,
                rate=rate,
                account=_text(item, "account"),
                deduction=str(item.get("deduction", "full")),
                allowances=_number(item, "allowances", "0"),
                asset=str(item["asset"]) if item.get("asset") else None,
                vehicle=str(item["vehicle"]) if item.get("vehicle") else None,
            )
        )
    totals = data.get("totals") if isinstance(data.get("totals"), dict) else {}
    assert isinstance(totals, dict)
    rate_value = data.get("eur_rate")
    return Bill(
        record=record,
        id=record.id,
        supplier=_text(data, "supplier"),
        number=str(data.get("number", "")),
        kind=str(data.get("kind", "invoice")),
        status=str(data.get("status", "draft")),
        issue_date=issue,
        supply_date=supply,
        due_date=parse_date(data.get("due_date")),
        currency=_text(data, "currency"),
        eur_rate=parse_decimal(rate_value) if rate_value is not None else None,
        lines=lines,
        net=_number(totals, "net"),
        vat=_number(totals, "vat"),
        total=_number(totals, "total"),
        payable_account=data.get("payable_account"),
        corrects=data.get("corrects"),
        document=data.get("document"),
        document_sha256=data.get("document_sha256"),
        title=data.get("title"),
        prepaid=_number(totals, "prepaid", "0"),
        prepayment_account=data.get("prepayment_account"),
    )


def _data(record: Record) -> dict[str, Any]:
    return record.data if isinstance(record.data, dict) else {}


def booked_records(ws: Workspace) -> list[Record]:
    return [r for r in ws.register(REGISTER) if _data(r).get("status") == "booked"]


def booked(ws: Workspace) -> list[Bill]:
    """Booked bills that can be read, in date and id order."""
    found = []
    for record in booked_records(ws):
        try:
            found.append(read(record))
        except BadValue:
            continue  # the schema and the rules report it
    return sorted(found, key=lambda b: (b.supply_date, b.id))


def arithmetic_problems(bill: Bill) -> list[Problem]:
    """The lines add up to the net total, the VAT per rate to the VAT total, both to the total."""
    record, found = bill.record, []
    for index, line in enumerate(bill.lines):
        expected = cents(line.quantity * line.unit_price) - line.allowances
        if expected != line.amount:
            found.append(
                problem(
                    record,
                    ("lines", index, "amount"),
                    "BILL-LINE-AMOUNT",
                    f"line {index + 1}: quantity × unit price less allowances is {expected:.2f}, "
                    f"the line says {line.amount}",
                )
            )
    net = sum((line.amount for line in bill.lines), ZERO)
    if net != bill.net:
        found.append(
            problem(
                record,
                ("totals", "net"),
                "BILL-TOTALS",
                f"the lines add up to {net:.2f} {bill.currency}, the net total says {bill.net}",
            )
        )
    vat = bill.document_vat()
    if vat != bill.vat:
        found.append(
            problem(
                record,
                ("totals", "vat"),
                "BILL-TOTALS",
                f"the VAT per rate adds up to {vat:.2f} {bill.currency}, the VAT total says "
                f"{bill.vat}",
            )
        )
    if bill.net + bill.vat != bill.total:
        found.append(
            problem(
                record,
                ("totals", "total"),
                "BILL-TOTALS",
                f"net {bill.net} and VAT {bill.vat} make {bill.net + bill.vat:.2f}, "
                f"the total says {bill.total}",
            )
        )
    payable = totals_of(record).get("payable")
    if payable is not None and parse_decimal(payable) != bill.total - bill.prepaid:
        found.append(
            problem(
                record,
                ("totals", "payable"),
                "BILL-TOTALS",
                f"total {bill.total} less prepaid {bill.prepaid} make "
                f"{bill.total - bill.prepaid:.2f}, the payable says {payable}",
            )
        )
    if bill.prepaid and not bill.prepayment_account:
        found.append(
            problem(
                record,
                ("totals", "prepaid"),
                "BILL-PREPAID",
                f"{bill.prepaid} {bill.currency} is prepaid: prepayment_account says where the "
                "advance was paid to (the bill clears it)",
            )
        )
    if bill.currency != VAT_CURRENCY and bill.eur_rate is None:
        found.append(
            problem(
                record,
                ("currency",),
                "BILL-RATE-MISSING",
                f"a bill in {bill.currency} needs eur_rate (EUR per 1 {bill.currency})",
            )
        )
    if bill.eur_rate is not None and bill.eur_rate <= 0:
        found.append(
            problem(
                record,
                ("eur_rate",),
                "BILL-BAD-RATE",
                f"eur_rate {bill.eur_rate} is not an exchange rate: it is the EUR per 1 "
                f"{bill.currency}, more than 0",
            )
        )
    return found


def date_and_rate_problems(bill: Bill, domestic: bool) -> list[Problem]:
    """The bill falls due on or after its issue date, and its Slovak VAT rates are in force on
    the supply date: the rate a Slovak supplier charges at the standard category (S), and the
    rate a reverse charge (AE, K) is self-assessed at. A foreign supplier's own rate is its
    country's law, and is not checked."""
    record, found = bill.record, []
    if bill.due_date < bill.issue_date:
        found.append(
            problem(
                record,
                ("due_date",),
                "BILL-DUE-DATE",
                f"due date {bill.due_date} is before the issue date {bill.issue_date}",
            )
        )
    in_force = vat_rates_on(bill.supply_date)
    known = f"in force then: {rates_text(in_force)}" if in_force else "no rate is recorded then"
    for index, line in enumerate(bill.lines):
        if line.reverse_charge:
            key, whose = "self_assessed_rate", "is self-assessed at"
        elif line.category == "S" and domestic:
            key, whose = "vat_rate", "is charged at"
        else:
            continue
        stated = key in _data(record)["lines"][index]
        if not stated or any(rate.value == line.rate for rate in in_force):
            continue
        found.append(
            problem(
                record,
                ("lines", index, key),
                "BILL-VAT-RATE",
                f"line {index + 1} {whose} {line.rate} %, which is not a Slovak VAT rate on the "
                f"supply date {bill.supply_date} ({known})",
            )
        )
    return found


def payment_terms(supplier: dict[str, Any] | None, company: dict[str, Any]) -> int | None:
    """Days from issue to due date: the supplier's `payment_terms_days`, else the company's."""
    for source in (supplier or {}, company):
        days = as_days(source.get("payment_terms_days"))
        if days is not None:
            return days
    return None


def totals_of(record: Record) -> dict[str, Any]:
    totals = _data(record).get("totals")
    return totals if isinstance(totals, dict) else {}


def supplier_accounts(ws: Workspace, supplier: str) -> dict[str, Any]:
    found = ws.records.get("suppliers", supplier)
    accounts = _data(found).get("accounts") if found is not None else None
    return accounts if isinstance(accounts, dict) else {}


def supplier_name(ws: Workspace, supplier: str) -> str:
    found = ws.records.get("suppliers", supplier)
    return str(_data(found).get("name") or supplier) if found is not None else supplier


def transaction(
    bill: Bill,
    payee: str,
    payable: str,
    country: str = "SK",
    exclusive: dict[str, date] | None = None,
) -> Transaction:
    """Cost or asset per line account (with the VAT that is not deductible), input VAT per
    category and rate (its deductible share), output VAT of a reverse charge, the advance it
    clears (a prepaid amount) and the payable, in EUR. Every VAT posting says its category (by
    the line's EN 16931 category and the supplier's `country`), rate and taxable base;
    `exclusive` gives the vehicles notified as used only for business, from the day."""
    sign = Decimal(bill.sign)
    cost: dict[tuple[str, str | None], Decimal] = defaultdict(lambda: ZERO)
    deductible: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    full: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    bases: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    assessed: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    charged = ZERO
    for group in bill.groups():
        key = (purchase_category(group.category, country), group.rate)
        net_eur = [bill.to_eur(bill.lines[i].amount) for i in group.lines]
        group_net = sum(net_eur, ZERO)
        if group.reverse_charge:
            vat_eur = cents(group_net * group.rate / HUNDRED)
            assessed[key] += vat_eur
        else:
            vat_eur = bill.to_eur(group.vat)
            charged += vat_eur
        kept = ZERO
        for index, net in zip(group.lines, net_eur, strict=True):
            line = bill.lines[index]
            cost[(line.account, line.asset)] += net
            share = deductible_share(line, bill.supply_date, exclusive or {})
            if share != HUNDRED and group_net:
                part = cents(vat_eur * net / group_net * (HUNDRED - share) / HUNDRED)
                cost[(line.account, line.asset)] += part
                kept += part
        if vat_eur:
            deductible[key] += vat_eur - kept
            full[key] += vat_eur
            bases[key] += group_net
    postings = [
        Posting(account, sign * v, VAT_CURRENCY, {"asset": asset} if asset else {})
        for (account, asset), v in cost.items()
    ]

    def stated(key: tuple[str, Decimal]) -> dict[str, str]:
        meta = {
            "vat_category": key[0],
            "vat_rate": percent(key[1]),
            "vat_base": f"{sign * bases[key]:.2f}",
        }
        if deductible[key] != full[key]:  # a partly deductible VAT: the VAT charged
            meta["vat_charged"] = f"{sign * full[key]:.2f}"
        return meta

    for key, vat in sorted(deductible.items()):
        if vat:
            postings.append(Posting(VAT_INPUT, sign * vat, VAT_CURRENCY, stated(key)))
    postings += [
        Posting(VAT_OUTPUT, -sign * v, VAT_CURRENCY, stated(key))
        for key, v in sorted(assessed.items())
        if v
    ]
    total = sum((bill.to_eur(line.amount) for line in bill.lines), ZERO) + charged
    if bill.prepaid:
        prepaid = bill.to_eur(bill.prepaid)
        account = bill.prepayment_account or PREPAYMENTS
        postings.append(Posting(account, -sign * prepaid, VAT_CURRENCY))
        total -= prepaid
    postings.append(Posting(payable, -sign * total, VAT_CURRENCY))
    word = "Credit note" if bill.kind == "credit-note" else "Invoice"
    meta: dict[str, MetaValue] = {"supplier": bill.supplier, "bill": bill.number}
    if bill.corrects:
        meta["corrects"] = bill.corrects
    meta["due"] = bill.due_date
    if bill.currency != VAT_CURRENCY:
        meta["amount"] = f"{bill.total:.2f} {bill.currency}"
        meta["rate"] = f"{bill.eur_rate} EUR/{bill.currency}"
    if bill.document:
        meta["document"] = bill.document
    return Transaction(
        date=bill.supply_date,
        narration=f"{word} {bill.number}" + (f" — {bill.title}" if bill.title else ""),
        payee=payee,
        postings=postings,
        links=(bill_link(bill.supplier, bill.corrects or bill.number),),
        meta=meta,
        documents=(f"../../{bill.document}",) if bill.document else (),
    )


def transactions(ws: Workspace) -> list[Transaction]:
    found = []
    exclusive = exclusive_business_use(ws)
    for bill in booked(ws):
        payable = (
            bill.payable_account
            or supplier_accounts(ws, bill.supplier).get("payable")
            or DEFAULT_PAYABLE
        )
        found.append(
            transaction(
                bill,
                supplier_name(ws, bill.supplier),
                str(payable),
                supplier_country(ws, bill.supplier),
                exclusive,
            )
        )
    return found


def supplier_country(ws: Workspace, supplier: str) -> str:
    found = ws.records.get("suppliers", supplier)
    return str(_data(found).get("country") or "SK") if found is not None else "SK"


def exclusive_business_use(ws: Workspace) -> dict[str, date]:
    """Vehicles notified to the tax office as used only for business (§ 85n of the VAT act),
    by asset id: the day from which their costs deduct input VAT in full."""
    found = {}
    for record in ws.register("assets"):
        value = _data(record).get("vat_exclusive_business_use")
        if value is None:
            continue
        try:
            found[record.id] = parse_date(value)
        except BadValue:
            continue  # the schema reports it
    return found


def ledger_problems(ws: Workspace) -> list[Problem]:
    """Problems that would make the bills' entries wrong: they stop `ledger sync`."""
    found = []
    for record in booked_records(ws):
        try:
            bill = read(record)
        except BadValue as exc:
            found.append(problem(record, (), "BILL-UNREADABLE", f"bill {record.id}: {exc}"))
            continue
        found += [p for p in arithmetic_problems(bill) if p.code != "BILL-LINE-AMOUNT"]
    return found + asset_problems(ws)


def asset_problems(ws: Workspace) -> list[Problem]:
    """A line that buys a registered asset books it on the asset's own account, so the asset
    register finds its purchase (ASSET-PURCHASE) and the account's balance."""
    found = []
    for record in ws.register(REGISTER):
        lines = _data(record).get("lines")
        for index, item in enumerate(lines if isinstance(lines, list) else []):
            if not isinstance(item, dict) or not item.get("asset"):
                continue
            asset = ws.records.get("assets", str(item["asset"]))
            accounts = _data(asset).get("accounts") if asset is not None else None
            account = accounts.get("asset") if isinstance(accounts, dict) else None
            if account is not None and item.get("account") != account:
                found.append(
                    problem(
                        record,
                        ("lines", index, "account"),
                        "BILL-ASSET-ACCOUNT",
                        f"line {index + 1} buys {item['asset']}: its account is the asset's "
                        f"{account}, not {item.get('account')}",
                    )
                )
    return found


def has_bills(ws: Workspace) -> bool:
    return (ws.root / "records" / REGISTER).is_dir()
