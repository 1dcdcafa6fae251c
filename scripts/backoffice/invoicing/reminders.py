"""Payment reminders: a letter (PDF) per customer listing the invoices overdue at a date.

What is open comes from the ledger through the receivables aging (payments after the date are
ignored, partial payments and credit notes count); what each invoice says (currency, total,
dates, variable symbol, customer) comes from the invoice register. Typst renders
``templates/reminder.typ`` from a JSON document of already formatted texts, with a payment QR
code per invoice for its open amount. A customer's `late_payment` setting adds late-payment
interest and the flat recovery cost per invoice (`late_payment.py`), shown with the total they
make. Reminders are letters only: nothing is booked.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from textwrap import wrap
from typing import Any

from babel.dates import format_date

from backoffice.core.errors import BackOfficeError
from backoffice.core.files import write_atomic
from backoffice.core.problems import Problem, sort_problems
from backoffice.derive import sync
from backoffice.invoicing import model as inv
from backoffice.invoicing import pdf as invoice_pdf
from backoffice.invoicing.late_payment import (
    LatePayment,
    LatePaymentError,
    NoRateError,
    load_late_payment,
)
from backoffice.invoicing.status import open_by_invoice
from backoffice.load.ledger import ledger_problems as beancount_problems
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

TEMPLATE = "reminder.typ"
DOCUMENTS = Path("documents") / "reminders"

LETTER_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Payment reminder",
        "salutation": "Dear Sir or Madam,",
        "body": (
            "According to our records the following invoices are overdue. We kindly ask you "
            "to pay the open amounts to our account below, quoting the variable symbol of "
            "each invoice."
        ),
        "body_one": (
            "According to our records the following invoice is overdue. We kindly ask you to "
            "pay the open amount to our account below, quoting the invoice's variable symbol."
        ),
        "disregard": "If you have paid in the meantime, please disregard this letter.",
        "closing": "Yours faithfully,",
        "invoice": "Invoice",
        "issue_date": "Issued",
        "due_date": "Due",
        "days": "Days overdue",
        "total": "Invoice total",
        "open": "Open amount",
        "currency": "Currency",
        "total_open": "Total open",
        "payment": "Payment details",
        "amount": "Amount",
        "scan": "Scan to pay",
        "claims": "Late-payment interest and recovery costs",
        "interest_body": (
            "Under § 369 of the Commercial Code we claim interest on the open amounts at the "
            "ECB's main refinancing rate plus eight percentage points (Government Regulation "
            "21/2013 Z. z.), for each day of delay."
        ),
        "recovery_body": (
            "Under § 369c of the Commercial Code we claim a flat 40 € for the costs of "
            "recovering each invoice."
        ),
        "rate": "Rate p.a.",
        "interest": "Interest",
        "recovery": "Recovery cost",
        "total_claimed": "Total with interest and costs",
    },
    "sk": {
        "subject": "Upomienka",
        "salutation": "Vážená pani, vážený pán,",
        "body": (
            "podľa našej evidencie sú nasledujúce faktúry po splatnosti. Prosíme Vás o úhradu "
            "otvorených súm na náš účet uvedený nižšie s uvedením variabilného symbolu "
            "príslušnej faktúry."
        ),
        "body_one": (
            "podľa našej evidencie je nasledujúca faktúra po splatnosti. Prosíme Vás o úhradu "
            "otvorenej sumy na náš účet uvedený nižšie s uvedením variabilného symbolu faktúry."
        ),
        "disregard": "Ak ste medzitým zaplatili, považujte prosím tento list za bezpredmetný.",
        "closing": "S pozdravom",
        "invoice": "Faktúra",
        "issue_date": "Vyhotovená",
        "due_date": "Splatná",
        "days": "Dni po splatnosti",
        "total": "Suma faktúry",
        "open": "Nezaplatené",
        "currency": "Mena",
        "total_open": "Spolu nezaplatené",
        "payment": "Platobné údaje",
        "amount": "Suma",
        "scan": "Zaplaťte QR kódom",
        "claims": "Úroky z omeškania a paušálna náhrada nákladov",
        "interest_body": (
            "Podľa § 369 Obchodného zákonníka si uplatňujeme úroky z omeškania z nezaplatených "
            "súm vo výške základnej úrokovej sadzby ECB zvýšenej o osem percentuálnych bodov "
            "(nariadenie vlády č. 21/2013 Z. z.) za každý deň omeškania."
        ),
        "recovery_body": (
            "Podľa § 369c Obchodného zákonníka si uplatňujeme paušálnu náhradu nákladov "
            "spojených s uplatnením každej pohľadávky vo výške 40 eur."
        ),
        "rate": "Sadzba p. a.",
        "interest": "Úrok",
        "recovery": "Paušálna náhrada",
        "total_claimed": "Spolu s úrokmi a nákladmi",
    },
}
"""The letter's own texts per language (`body_one` when a single invoice is overdue); the party
labels (IČO, DIČ, IBAN …) are the invoice's."""


class UnknownCustomerError(BackOfficeError):
    """`--customer` names no record of records/customers/."""


@dataclass(frozen=True)
class Overdue:
    """One overdue invoice: its open amount in EUR (ledger) and in its own currency."""

    invoice: inv.Invoice
    open_eur: Decimal
    open: Decimal
    days: int
    interest: Decimal | None = None
    """Late-payment interest in the invoice's currency, when the customer claims it."""
    rates: tuple[Decimal, ...] = ()
    """The rates of the half-years the interest runs over."""
    recovery: tuple[Decimal, str] | None = None
    """The flat recovery cost and its currency, when the customer claims it."""


@dataclass(frozen=True)
class Letter:
    customer: Record
    items: list[Overdue]
    as_of: date

    @property
    def path(self) -> Path:
        """documents/reminders/YYYY/<date>-<customer id>.pdf, relative to the root."""
        return reminder_path(self.as_of, self.customer.id)


def reminder_path(as_of: date, customer_id: str) -> Path:
    return DOCUMENTS / str(as_of.year) / f"{as_of.isoformat()}-{customer_id}.pdf"


# ----------------------------------------------------------------------------- what is owed


def overdue(ws: Workspace, as_of: date) -> list[Overdue]:
    """Invoices with a positive open amount whose due date is before `as_of`."""
    issued = inv.issued_by_number(ws)
    items = []
    for number, open_eur in sorted(open_by_invoice(ws, as_of).items()):
        record = issued.get(number)
        if open_eur <= 0 or record is None:
            continue
        invoice = inv.load(ws, record)
        if invoice.kind == "invoice" and invoice.due_date < as_of:
            days = (as_of - invoice.due_date).days
            items.append(Overdue(invoice, open_eur, invoice.open_in_currency(open_eur), days))
    return items


# ----------------------------------------------------------------------------- problems


def ledger_problems(ws: Workspace) -> list[Problem]:
    """What makes the open amounts untrustworthy: Beancount errors, unreadable issued
    invoices, and an invoices journal that does not follow from the register."""
    found = beancount_problems(ws.ledger, ws.root) + inv.ledger_problems(ws)
    return sort_problems(found or sync.stale_problems(ws, ("invoices.beancount",)))


def address_problems(customer: Record) -> list[Problem]:
    """A letter needs the customer's name and full postal address."""
    data = customer.data if isinstance(customer.data, dict) else {}
    missing = inv.missing_name_or_address(data)
    if not missing:
        return []
    line, column = customer.position(("address",) if "address" in data else ())
    return [
        Problem(
            customer.rel,
            line,
            column,
            "INVOICE-CUSTOMER-INCOMPLETE",
            f"customer {customer.id} has no complete name and address for a reminder "
            f"(missing: {', '.join(missing)})",
        )
    ]


def letters(
    ws: Workspace, as_of: date, customer_id: str | None = None
) -> tuple[list[Letter], list[Problem]]:
    """The letters to write at `as_of` (one per customer with overdue invoices, or only
    `customer_id`'s), or the problems that stop them all."""
    known = inv.customers(ws)
    if customer_id is not None and customer_id not in known:
        raise UnknownCustomerError(
            f"unknown customer {customer_id!r} (no records/customers/{customer_id}.yaml)"
        )
    found = ledger_problems(ws)
    if found:
        return [], found
    by_customer: dict[str, list[Overdue]] = defaultdict(list)
    for item in overdue(ws, as_of):
        if customer_id is None or item.invoice.customer_id == customer_id:
            by_customer[item.invoice.customer_id].append(item)
    result = []
    for cid, items in sorted(by_customer.items()):
        record = known.get(cid)
        if record is None:
            continue  # an issued invoice names a customer that is gone: `check` reports it
        found += address_problems(record)
        items.sort(key=lambda i: (i.invoice.due_date, i.invoice.number))
        claimed, problems = _with_claims(ws, record, items, as_of)
        found += problems
        result.append(Letter(record, claimed, as_of))
    if found:
        return [], sort_problems(found)
    return result, []


def late_payment_setting(customer: Record) -> tuple[bool, bool]:
    """(interest, recovery cost): what the customer's `late_payment` asks reminders to claim."""
    data = customer.data if isinstance(customer.data, dict) else {}
    setting = data.get("late_payment")
    if not isinstance(setting, dict):
        return False, False
    return setting.get("interest") is True, setting.get("recovery_cost") is True


def _with_claims(
    ws: Workspace, customer: Record, items: list[Overdue], as_of: date
) -> tuple[list[Overdue], list[Problem]]:
    """The items with the interest and recovery cost the customer's setting asks for, or the
    problems of the data they come from (a gap in the ECB rates, a delay before them)."""
    interest, recovery = late_payment_setting(customer)
    if not (interest or recovery):
        return items, []
    try:
        data = _late_payment(ws)
    except LatePaymentError as exc:
        return items, exc.problems
    claimed = []
    for item in items:
        extra: dict[str, Any] = {}
        if interest:
            try:
                amount, parts = data.interest(item.open, item.invoice.due_date, as_of)
            except NoRateError as exc:
                line, column = customer.position(("late_payment", "interest"))
                return items, [
                    Problem(
                        customer.rel,
                        line,
                        column,
                        "REMINDER-NO-RATE",
                        f"invoice {item.invoice.number} is overdue since "
                        f"{item.invoice.due_date}: {exc}",
                    )
                ]
            extra["interest"] = amount
            extra["rates"] = tuple(dict.fromkeys(p.rate for p in parts))
        if recovery:
            extra["recovery"] = (data.recovery_cost, data.recovery_currency)
        claimed.append(replace(item, **extra))
    return claimed, []


def _late_payment(ws: Workspace) -> LatePayment:
    return ws.derived("late-payment", lambda: load_late_payment(ws))


# ----------------------------------------------------------------------------- the letter


def invoicing_contact(company: dict[str, Any]) -> dict[str, str]:
    """The company's contact whose role is Invoicing (exactly, else the first that names it)."""
    contacts = [c for c in company.get("contacts") or [] if isinstance(c, dict)]
    roles = [str(c.get("role") or "").casefold() for c in contacts]
    exact = [c for c, r in zip(contacts, roles, strict=True) if r == "invoicing"]
    named = [c for c, r in zip(contacts, roles, strict=True) if "invoicing" in r]
    chosen = (exact or named or [{}])[0]
    return {"name": str(chosen.get("name") or ""), "email": str(chosen.get("email") or "")}


def qr_svg(company: dict[str, Any], item: Overdue, as_of: date) -> str:
    """The payment QR code for the invoice's open amount, payable at the letter's date."""
    invoice = item.invoice
    return invoice_pdf.payment_qr_svg(
        company,
        invoice.iban,
        invoice.bic,
        item.open,
        invoice.currency,
        as_of,
        invoice.variable_symbol,
        invoice.number,
    )


def _letterhead(company: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    return {
        "name": str(company.get("legal_name") or ""),
        "address": invoice_pdf.address_lines(company),
        "ids": [
            f"{labels[key]}: {company[key]}" for key in ("ico", "dic", "vat_id") if company.get(key)
        ],
        "register": invoice_pdf.register_line(company, labels),
    }


def _seat_city(company: dict[str, Any]) -> str:
    seat = company.get("seat") or company.get("address") or {}
    return str(seat.get("city") or "") if isinstance(seat, dict) else ""


def _totals(items: list[Overdue], loc: str) -> list[list[str]]:
    """Total open per currency, in currency order."""
    sums: dict[str, Decimal] = defaultdict(lambda: inv.ZERO)
    for item in items:
        sums[item.invoice.currency] += item.open
    return [[invoice_pdf.amount_text(amount, loc), cur] for cur, amount in sorted(sums.items())]


def _claims(items: list[Overdue], loc: str) -> list[list[str]]:
    """Per invoice with a claim: number, days, rates, interest, recovery cost, currency."""
    rows = []
    for item in items:
        if item.interest is None and item.recovery is None:
            continue
        rates = ", ".join(f"{invoice_pdf.amount_text(r, loc)} %" for r in item.rates)
        recovery = (
            f"{invoice_pdf.amount_text(item.recovery[0], loc)} {item.recovery[1]}"
            if item.recovery
            else ""
        )
        interest = invoice_pdf.amount_text(item.interest, loc) if item.interest is not None else ""
        rows.append(
            [item.invoice.number, str(item.days), rates, interest, recovery, item.invoice.currency]
        )
    return rows


def _claimed_totals(items: list[Overdue], loc: str) -> list[list[str]]:
    """Open amounts, interest and recovery costs together, per currency; empty when nothing
    beside the open amounts is claimed."""
    if all(i.interest is None and i.recovery is None for i in items):
        return []
    sums: dict[str, Decimal] = defaultdict(lambda: inv.ZERO)
    for item in items:
        sums[item.invoice.currency] += item.open + (item.interest or inv.ZERO)
        if item.recovery is not None:
            sums[item.recovery[1]] += item.recovery[0]
    return [[invoice_pdf.amount_text(amount, loc), cur] for cur, amount in sorted(sums.items())]


def document(ws: Workspace, letter: Letter) -> dict[str, Any]:
    """Everything the template prints, as formatted text in the customer's language (the
    QR codes apart, as a list of SVG texts)."""
    customer = letter.customer.data if isinstance(letter.customer.data, dict) else {}
    lang, loc = invoice_pdf.language(customer), invoice_pdf.locale(customer)
    base = invoice_pdf.LABELS.get(lang, invoice_pdf.LABELS["en"])
    labels = {**base, **LETTER_LABELS[lang]}
    body = labels.pop("body_one")
    if len(letter.items) == 1:
        labels["body"] = body
    company = ws.company

    def day(value: date) -> str:
        return format_date(value, "medium", locale=loc)

    city = _seat_city(company)
    return {
        "lang": lang,
        "labels": labels,
        "company": _letterhead(company, labels),
        "customer": {
            "name": str(customer.get("name") or ""),
            "address": invoice_pdf.address_lines(customer),
        },
        "place_date": f"{city}, {day(letter.as_of)}" if city else day(letter.as_of),
        "items": [
            [
                item.invoice.number,
                day(item.invoice.issue_date),
                day(item.invoice.due_date),
                str(item.days),
                invoice_pdf.amount_text(item.invoice.total, loc),
                invoice_pdf.amount_text(item.open, loc),
                item.invoice.currency,
            ]
            for item in letter.items
        ],
        "totals": _totals(letter.items, loc),
        "claims": _claims(letter.items, loc),
        "claims_body": [
            labels[key]
            for key, used in (
                ("interest_body", any(i.interest is not None for i in letter.items)),
                ("recovery_body", any(i.recovery is not None for i in letter.items)),
            )
            if used
        ],
        "claimed_totals": _claimed_totals(letter.items, loc),
        "payments": [
            {
                "invoice": item.invoice.number,
                "vs": item.invoice.variable_symbol,
                "iban": " ".join(wrap(item.invoice.iban, 4)),
                "bic": item.invoice.bic,
                "amount": f"{invoice_pdf.amount_text(item.open, loc)} {item.invoice.currency}",
                "qr": qr_svg(company, item, letter.as_of),
            }
            for item in letter.items
        ],
        "signature": invoicing_contact(company),
    }


def render(ws: Workspace, letter: Letter, fmt: str = "pdf", ppi: float = 150) -> bytes:
    """The letter as PDF dated `as_of` (or, for tests, its first page as PNG)."""
    doc = document(ws, letter)
    codes = [payment.pop("qr") for payment in doc["payments"]]
    inputs = {"data": json.dumps(doc, ensure_ascii=False), "qr": json.dumps(codes)}
    return invoice_pdf.typeset(ws, TEMPLATE, inputs, letter.as_of, fmt, ppi)


def write(ws: Workspace, found: list[Letter]) -> list[Path]:
    """Render every letter first, then write them (atomically); the paths written."""
    rendered = [(letter.path, render(ws, letter)) for letter in found]
    for rel, pdf in rendered:
        write_atomic(ws.root / rel, pdf)
    return [rel for rel, _ in rendered]
