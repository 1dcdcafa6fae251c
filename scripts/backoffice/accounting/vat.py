"""VAT by category and rate, per VAT period, read from what each posting says of itself.

An issued invoice, a booked bill and a manual entry that carries VAT state on every VAT posting
its category (`vat_categories`), rate and taxable base (``vat_category``, ``vat_rate``,
``vat_base``, and ``vat_charged`` where only part of the VAT is deducted); a sale without VAT
states its category and rate on its income posting. The reports read these items and never
infer a rate from VAT ÷ base. A VAT posting that does not say its category is a problem
(VAT-NO-CATEGORY).

Every VAT report reconciles its totals with the VAT accounts by a second computation that does
not read the items: the movements of the output and input VAT accounts over the period (the
daily account totals of the books), with the settlements moved back, and the amount the
period's settlement moved to the tax office's account against the payable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from beancount.core import convert, data

from backoffice.accounting.vat_categories import CATEGORIES
from backoffice.check.run import CheckOptions
from backoffice.core.period import Period, months_of
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO
from backoffice.derive.books import Books, balances, books
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row

VAT_CURRENCY = "EUR"
"""The currency an invoice states its VAT in and is booked in, whatever it is issued in (Slovak
VAT act 222/2004, § 74 ods. 1: the tax in euros); other currencies convert at their rate."""

SIDES = (("output", "Output VAT"), ("sale", "Sales without VAT"), ("input", "Input VAT"))


@dataclass
class VatAccounts:
    output: set[str]
    input: set[str]
    other: set[str]
    """Other VAT accounts (the settlement with the tax office)."""
    equity: str = "Equity"
    """The equity root: an entry that posts to it carries balances forward, not a supply."""

    @property
    def all(self) -> set[str]:
        return self.output | self.input | self.other


def vat_accounts(found: Books) -> VatAccounts:
    opened = {e.account for e in found.entries if isinstance(e, data.Open)}
    vat = {a for a in opened if "VAT" in a.split(":")[-1].upper()}
    output = {a for a in vat if "OUTPUT" in a.upper()}
    input_ = {a for a in vat if "INPUT" in a.upper()}
    return VatAccounts(output, input_, vat - output - input_, found.roots["equity"])


@dataclass(frozen=True)
class VatItem:
    """One VAT posting (or the income of a sale without VAT) as its document states it."""

    day: date
    side: str
    """output (tax due), input (tax deducted) or sale (a supply without VAT)."""
    category: str
    rate: Decimal
    base: Decimal
    vat: Decimal
    """Output: the tax due; input: the tax deducted; a sale without VAT: 0. Positive for an
    invoice, negative for a credit note."""
    charged: Decimal
    """The VAT the document charges (input: before the deductible share)."""
    document: str
    partner: str
    """The customer's or the supplier's id."""
    corrects: str
    """The number of the document a credit note corrects, else ''."""


def _decimal(meta: dict[str, object], key: str) -> Decimal | None:
    try:
        return Decimal(str(meta[key]))
    except (KeyError, InvalidOperation, ValueError):
        return None


def is_settlement(txn: data.Transaction, accounts: VatAccounts) -> bool:
    """A settlement moves VAT between the VAT accounts only; an opening or closing entry
    (one that posts to equity) carries VAT balances forward. Neither is a supply."""
    names = {p.account for p in txn.postings}
    return names <= accounts.all or any(name.split(":")[0] == accounts.equity for name in names)


def items_of(txn: data.Transaction, accounts: VatAccounts, currency: str) -> list[VatItem]:
    """The VAT items of one transaction; a VAT posting that does not say its category, rate
    and base is left out (`vat_problems` reports it)."""
    if is_settlement(txn, accounts):
        return []
    meta = txn.meta or {}
    document = str(meta.get("invoice") or meta.get("bill") or txn.narration)
    partner = str(meta.get("customer") or meta.get("supplier") or "")
    corrects = str(meta.get("corrects") or "")
    found = []
    for posting in txn.postings:
        stated = posting.meta or {}
        category = str(stated.get("vat_category") or "")
        rate = _decimal(stated, "vat_rate")
        weight = convert.get_weight(posting)
        if weight.currency != currency or weight.number is None or rate is None:
            continue
        if category not in CATEGORIES:
            continue
        if posting.account in accounts.output or posting.account in accounts.input:
            base = _decimal(stated, "vat_base")
            if base is None:
                continue
            side = "output" if posting.account in accounts.output else "input"
            vat = -weight.number if side == "output" else weight.number
            charged = _decimal(stated, "vat_charged")
            found.append(
                VatItem(
                    txn.date,
                    side,
                    category,
                    rate,
                    base,
                    vat,
                    vat if charged is None else charged,
                    document,
                    partner,
                    corrects,
                )
            )
        elif CATEGORIES[category].side == "sale" and not rate:
            found.append(
                VatItem(
                    txn.date,
                    "sale",
                    category,
                    rate,
                    -weight.number,
                    ZERO,
                    ZERO,
                    document,
                    partner,
                    corrects,
                )
            )
    return found


def vat_items(found: Books, start: date, end: date) -> list[VatItem]:
    accounts = vat_accounts(found)
    return [
        item
        for txn in found.transactions_in(start, end)
        for item in items_of(txn, accounts, found.currency)
    ]


def vat_postings(ws: Workspace, _options: CheckOptions) -> list[Problem]:
    """The check's rule: every VAT posting says its category (`vat_problems`)."""
    return vat_problems(ws)


def vat_problems(ws: Workspace) -> list[Problem]:
    """VAT-NO-CATEGORY: a posting on an output or input VAT account, outside a settlement,
    that does not say its category, rate and base: no VAT report could place it."""
    found_books = books(ws)
    accounts = vat_accounts(found_books)
    problems = []
    for txn in found_books.transactions:
        if is_settlement(txn, accounts):
            continue
        for posting in txn.postings:
            if posting.account not in accounts.output | accounts.input:
                continue
            meta = posting.meta or {}
            category = str(meta.get("vat_category") or "")
            missing = [key for key in ("vat_rate", "vat_base") if _decimal(meta, key) is None]
            if category in CATEGORIES and not missing:
                continue
            what = (
                f"category {category!r} is none of {', '.join(CATEGORIES)}"
                if category
                else "no vat_category"
            )
            if missing and category in CATEGORIES:
                what = f"no {' and no '.join(missing)}"
            problems.append(
                Problem(
                    _relative(ws.root, meta.get("filename") or txn.meta.get("filename")),
                    int(meta.get("lineno") or txn.meta.get("lineno") or 1),
                    1,
                    "VAT-NO-CATEGORY",
                    f"{posting.account} {convert.get_weight(posting).number} on {txn.date} "
                    f"has {what}: a VAT posting says its vat_category, vat_rate and "
                    "vat_base (the VAT reports place it by them)",
                )
            )
    return problems


def _relative(root: Path, filename: object) -> str:
    try:
        return Path(str(filename)).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(filename)


# ----------------------------------------------------------------------------- periods


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


def is_quarterly(ws: Workspace) -> bool:
    return str(ws.company.get("vat_period") or "monthly") == "quarterly"


# ----------------------------------------------------------------------------- reconciliation


@dataclass(frozen=True)
class LedgerVat:
    """A period's VAT as the accounts show it, without reading any item."""

    output: Decimal
    input: Decimal
    settled: Decimal | None
    """What the period's settlements moved to the tax office's account (None: no settlement)."""


def ledger_vat(found: Books, accounts: VatAccounts, period: Period) -> LedgerVat:
    """The output and input VAT accounts' movements over the period with the settlements moved
    back (the daily account totals, not the postings' statements), and what the settlements
    credited to the other VAT accounts."""
    moves, _ = balances(found, period.start, period.end)
    output = -sum((moves.get(a, ZERO) for a in accounts.output), ZERO)
    input_ = sum((moves.get(a, ZERO) for a in accounts.input), ZERO)
    settled: Decimal | None = None
    for txn in found.transactions_in(period.start, period.end):
        names = {p.account for p in txn.postings}
        if not names <= accounts.all or not names & (accounts.output | accounts.input):
            continue
        for posting in txn.postings:
            number = convert.get_weight(posting).number or ZERO
            if posting.account in accounts.output:
                output += number
            elif posting.account in accounts.input:
                input_ -= number
            else:
                settled = (settled or ZERO) - number
    return LedgerVat(output, input_, settled)


def reconcile(
    found: Books, period: Period, output: Decimal, input_: Decimal, what: str
) -> list[str]:
    """Sentences that say whether `what` (output VAT `output`, input VAT `input_`) agrees with
    the VAT accounts, and whether the period's settlement moved the payable."""
    accounts = vat_accounts(found)
    if not accounts.output and not accounts.input:
        return ["The ledger has no VAT accounts."]
    ledger = ledger_vat(found, accounts, period)
    label = period.label
    names = ", ".join(sorted(accounts.output | accounts.input))
    notes = []
    if (ledger.output, ledger.input) == (output, input_):
        notes.append(
            f"{label}: {what} output VAT {output:.2f} and input VAT {input_:.2f} agree with "
            f"the movements of {names} (computed from the accounts, settlements moved back)."
        )
    else:
        notes.append(
            f"{label}: DIFFERENCE: {what} shows output VAT {output:.2f} and input VAT "
            f"{input_:.2f}; the accounts {names} moved by {ledger.output:.2f} and "
            f"{ledger.input:.2f} (settlements moved back)."
        )
    payable = output - input_
    if ledger.settled is None:
        notes.append(
            f"{label}: no VAT settlement entry in the period: {payable:.2f} is still on the "
            "output and input VAT accounts."
        )
    elif ledger.settled != payable:
        notes.append(
            f"{label}: DIFFERENCE: the settlement moved {ledger.settled:.2f} to the tax "
            f"office's account, the payable is {payable:.2f}."
        )
    else:
        notes.append(f"{label}: the settlement moved the payable {payable:.2f}.")
    return notes


# ----------------------------------------------------------------------------- the vat report


def _label(side: str, category: str, rate: Decimal) -> str:
    title = f"{dict(SIDES)[side]}: {CATEGORIES[category].title}"
    return f"{title}, {rate.normalize():f} %" if side != "sale" else title


def vat_table(found: Books, period: Period, quarterly: bool = False) -> Report:
    """Per VAT period: base, VAT and deducted VAT per side, category and rate; the output and
    input VAT and the payable; reconciled with the VAT accounts."""
    rows: list[Row] = []
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    notes: list[str] = []
    side_order = [s for s, _ in SIDES]
    category_order = list(CATEGORIES)
    for vp in vat_periods(period, quarterly):
        items = vat_items(found, vp.start, vp.end)
        lines: dict[tuple[str, str, Decimal], list[Decimal]] = defaultdict(
            lambda: [ZERO, ZERO, ZERO]
        )
        for item in items:
            line = lines[(item.side, item.category, item.rate)]
            line[0] += item.base
            line[1] += item.charged
            line[2] += item.vat
        output = sum((i.vat for i in items if i.side == "output"), ZERO)
        input_ = sum((i.vat for i in items if i.side == "input"), ZERO)
        label = vp.label
        rows.append(
            Row(
                {
                    "period": label,
                    "line": "Output VAT − input VAT = payable",
                    "vat": output - input_,
                },
                "section",
            )
        )
        for (side, category, rate), (base, charged, vat) in sorted(
            lines.items(),
            key=lambda kv: (
                side_order.index(kv[0][0]),
                category_order.index(kv[0][1]),
                -kv[0][2],
            ),
        ):
            cells: dict[str, object] = {
                "period": label,
                "line": _label(side, category, rate),
                "category": category,
                "rate": rate,
                "base": base,
                "vat": charged,
            }
            if side == "input":
                cells["deducted"] = vat
            rows.append(Row(cells, "item", 1))
            totals[f"base_{side}_{category}"] += base
        rows.append(Row({"period": label, "line": "Output VAT", "vat": output}, "item", 1))
        rows.append(Row({"period": label, "line": "Input VAT", "vat": input_}, "item", 1))
        totals["output_vat"] += output
        totals["input_vat"] += input_
        totals["payable"] += output - input_
        notes += reconcile(found, vp, output, input_, "the summary")
    rows.append(Row({"line": "Payable for the period", "vat": totals["payable"]}, "total"))
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
            Column("deducted", "Deducted", "money"),
        ],
        rows=rows,
        totals={"output_vat": ZERO, "input_vat": ZERO, "payable": ZERO, **totals},
        notes=notes,
    )


def vat_report(ws: Workspace, period: Period, _as_of: date) -> Report:
    return vat_table(books(ws), period, is_quarterly(ws))
