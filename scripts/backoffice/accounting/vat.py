"""VAT summary: taxable base and VAT per rate, for sales and purchases, per VAT period.

Read from the transactions that post to the VAT accounts (output VAT a liability, input VAT an
asset; found by name, ``…:VAT-Output`` and ``…:VAT-Input``). A reverse-charge purchase posts
both input and output VAT; a sale without VAT (reverse charge, exempt) is a sale carrying
``invoice`` metadata with no VAT posting. Settlements, which only move VAT between the VAT
accounts, are left out. The totals are checked against the movements of the VAT accounts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from beancount.core import convert, data

from backoffice.core.period import Period, months_of
from backoffice.core.values import ZERO
from backoffice.derive.books import Books, books
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row

VAT_CURRENCY = "EUR"
"""The currency an invoice states its VAT in and is booked in, whatever it is issued in (Slovak
VAT act 222/2004, § 74 ods. 1: the tax in euros); other currencies convert at their rate."""

LINES = (
    ("sales", "Sales"),
    ("sales_no_vat", "Sales without VAT (reverse charge, exempt)"),
    ("purchases", "Purchases"),
    ("reverse_charge", "Purchases, reverse charge"),
)


@dataclass
class VatAccounts:
    output: set[str]
    input: set[str]
    other: set[str]
    """Other VAT accounts (the settlement with the tax office)."""

    @property
    def all(self) -> set[str]:
        return self.output | self.input | self.other


def vat_accounts(found: Books) -> VatAccounts:
    opened = {e.account for e in found.entries if isinstance(e, data.Open)}
    vat = {a for a in opened if "VAT" in a.split(":")[-1].upper()}
    output = {a for a in vat if "OUTPUT" in a.upper()}
    input_ = {a for a in vat if "INPUT" in a.upper()}
    return VatAccounts(output, input_, vat - output - input_)


def _rate(base: Decimal, vat: Decimal) -> Decimal:
    """The rate in percent, to a whole percent (rounding of VAT per invoice blurs the cents)."""
    if not base:
        return ZERO
    return (vat / base * 100).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class VatPeriod:
    period: Period
    lines: dict[tuple[str, Decimal], list[Decimal]] = field(
        default_factory=lambda: defaultdict(lambda: [ZERO, ZERO])
    )
    output: Decimal = ZERO
    input: Decimal = ZERO
    ledger_output: Decimal = ZERO
    ledger_input: Decimal = ZERO

    def add(self, line: str, base: Decimal, vat: Decimal, rate: Decimal | None = None) -> None:
        entry = self.lines[(line, _rate(base, vat) if rate is None else rate)]
        entry[0] += base
        entry[1] += vat


def _weights(txn: data.Transaction, currency: str) -> list[tuple[str, Decimal]]:
    out = []
    for posting in txn.postings:
        weight = convert.get_weight(posting)
        if weight.currency == currency and weight.number is not None:
            out.append((posting.account, weight.number))
    return out


def _stated_rates(
    txn: data.Transaction, accounts: VatAccounts
) -> list[tuple[Decimal, Decimal, Decimal]] | None:
    """(rate, base, deducted VAT) of each input VAT posting when every one states its
    ``vat_rate`` and ``vat_base`` (a bill with a partly deductible VAT), else None."""
    found = []
    for posting in txn.postings:
        if posting.account not in accounts.input:
            continue
        meta = posting.meta or {}
        try:
            rate, base = Decimal(str(meta["vat_rate"])), Decimal(str(meta["vat_base"]))
        except (KeyError, ArithmeticError, ValueError):
            return None
        vat = convert.get_weight(posting).number or ZERO
        found.append((rate.quantize(Decimal("1"), ROUND_HALF_UP), base, vat))
    return found or None


def classify(txn: data.Transaction, found: Books, accounts: VatAccounts, into: VatPeriod) -> None:
    """Add one transaction's sales or purchases to its VAT period."""
    weights = _weights(txn, found.currency)
    names = {a for a, _ in weights}
    if names and names <= accounts.all:
        return  # a settlement or a payment to the tax office
    output = -sum((n for a, n in weights if a in accounts.output), ZERO)
    input_ = sum((n for a, n in weights if a in accounts.input), ZERO)
    into.ledger_output += output
    into.ledger_input += input_
    income = -sum(
        (n for a, n in weights if a.split(":")[0] == found.roots["income"]),
        ZERO,
    )
    if input_:
        base = sum(
            (
                n
                for a, n in weights
                if n > 0
                and a not in accounts.all
                and a.split(":")[0] in (found.roots["expenses"], found.roots["assets"])
            ),
            ZERO,
        )
        reverse = output and not income
        line = "reverse_charge" if reverse else "purchases"
        stated = _stated_rates(txn, accounts)
        if stated is not None:  # a partly deductible purchase: the full base at its rate
            for rate, stated_base, vat in stated:
                into.add(line, stated_base, vat, rate)
        else:
            into.add(line, base, input_)
        into.input += input_
        if reverse:
            into.output += output
            return
    if output:
        into.add("sales", income, output)
        into.output += output
    elif income and ("invoice" in txn.meta or any(link.startswith("inv-") for link in txn.links)):
        into.add("sales_no_vat", income, ZERO)


def vat_periods(period: Period, quarterly: bool) -> list[Period]:
    months = months_of(period) or [period]
    if not quarterly or len(months) < 3:
        return months
    quarters = []
    for i in range(0, len(months), 3):
        chunk = months[i : i + 3]
        start, end = chunk[0].start, chunk[-1].end
        label = f"{start.year}-Q{(start.month - 1) // 3 + 1}" if start.month % 3 == 1 else ""
        quarters.append(Period(start, end, label or f"{start}..{end}"))
    return quarters


def vat_table(found: Books, period: Period, quarterly: bool = False) -> Report:
    accounts = vat_accounts(found)
    periods = [VatPeriod(p) for p in vat_periods(period, quarterly)]
    for vp in periods:
        for txn in found.transactions_in(vp.period.start, vp.period.end):
            classify(txn, found, accounts, vp)
    rows: list[Row] = []
    totals = {"output_vat": ZERO, "input_vat": ZERO, "payable": ZERO}
    bases: dict[str, Decimal] = defaultdict(lambda: ZERO)
    notes: list[str] = []
    for vp in periods:
        payable = vp.output - vp.input
        rows.append(
            Row(
                {
                    "period": vp.period.label,
                    "line": "Output VAT − input VAT = payable",
                    "vat": payable,
                },
                "section",
            )
        )
        for (line, rate), (base, vat) in sorted(
            vp.lines.items(), key=lambda kv: ([k for k, _ in LINES].index(kv[0][0]), -kv[0][1])
        ):
            label = dict(LINES)[line]
            rows.append(
                Row(
                    {
                        "period": vp.period.label,
                        "line": f"{label}, {rate} %" if line != "sales_no_vat" else label,
                        "rate": rate,
                        "base": base,
                        "vat": vat,
                    },
                    "item",
                    1,
                )
            )
            bases[line] += base
        rows.append(
            Row({"period": vp.period.label, "line": "Output VAT", "vat": vp.output}, "item", 1)
        )
        rows.append(
            Row({"period": vp.period.label, "line": "Input VAT", "vat": vp.input}, "item", 1)
        )
        totals["output_vat"] += vp.output
        totals["input_vat"] += vp.input
        totals["payable"] += payable
        if (vp.output, vp.input) != (vp.ledger_output, vp.ledger_input):
            notes.append(
                f"{vp.period.label}: the VAT accounts moved by {vp.ledger_output} output and "
                f"{vp.ledger_input} input, the summary shows {vp.output} and {vp.input}."
            )
    rows.append(
        Row(
            {"line": "Payable for the period", "vat": totals["payable"]},
            "total",
        )
    )
    totals.update({f"base_{k}": v for k, v in bases.items()})
    return Report(
        name="vat",
        title="VAT summary",
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {found.currency}",
        period=period,
        currency=found.currency,
        columns=[
            Column("period", "Period"),
            Column("line", "Line"),
            Column("base", "Taxable base", "money"),
            Column("vat", "VAT", "money"),
        ],
        rows=rows,
        totals=totals,
        notes=notes or _agreement(accounts),
    )


def _agreement(accounts: VatAccounts) -> list[str]:
    named = sorted(accounts.output | accounts.input)
    return [f"Agrees with {', '.join(named)}."] if named else ["The ledger has no VAT accounts."]


def vat_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    quarterly = str(ws.company.get("vat_period") or "monthly") == "quarterly"
    return vat_table(books(ws), period, quarterly)
