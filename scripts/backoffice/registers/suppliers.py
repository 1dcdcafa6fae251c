"""Suppliers: spend per supplier over the period, evaluations due, blocked suppliers paid.

Spend is read from transactions that carry ``supplier`` metadata: the net amount bought (the
positive postings on expense and asset accounts other than VAT and cash), and what was paid
(money out of the cash and bank accounts). Paying a blocked supplier is a warning.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from beancount.core import convert, data

from backoffice.accounting import cash_accounts, vat_accounts
from backoffice.core.period import Period
from backoffice.core.values import ZERO, as_date, get
from backoffice.derive.books import Books, books
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import effective_as_of, has_register, index, record_name, skipped
from backoffice.report.model import Column, Report, Row

EVALUATION_LEAD = timedelta(days=30)
"""An evaluation is shown as due this long before its date."""


@dataclass
class Spend:
    bought: Decimal = ZERO
    paid: Decimal = ZERO
    payments: list[tuple[date, Decimal]] = field(default_factory=list)


def _supplier_of(txn: data.Transaction) -> str | None:
    value = txn.meta.get("supplier")
    if value is None:
        found = {p.meta.get("supplier") for p in txn.postings if p.meta and "supplier" in p.meta}
        value = found.pop() if len(found) == 1 else None
    return str(value) if value is not None else None


def spend(found: Books, cash: set[str], period: Period) -> dict[str, Spend]:
    """Bought and paid per supplier id over the period."""
    vat = vat_accounts(found).all
    kinds = (found.roots["expenses"], found.roots["assets"])
    result: dict[str, Spend] = defaultdict(Spend)
    for txn in found.transactions_in(period.start, period.end):
        supplier = _supplier_of(txn)
        if supplier is None:
            continue
        entry = result[supplier]
        for posting in txn.postings:
            weight = convert.get_weight(posting)
            if weight.currency != found.currency or weight.number is None:
                continue
            if posting.account in cash:
                if weight.number < 0:
                    entry.paid -= weight.number
                    entry.payments.append((txn.date, -weight.number))
            elif (
                weight.number > 0
                and posting.account not in vat
                and posting.account.split(":")[0] in kinds
            ):
                entry.bought += weight.number
    return result


def _evaluation(body: Any) -> tuple[date | None, Decimal | None]:
    """Date and average score of the latest evaluation."""
    evaluations = [e for e in body.get("evaluations") or [] if isinstance(e, dict)]
    dated = [(as_date(e.get("date")), e) for e in evaluations]
    dated = [(d, e) for d, e in dated if d is not None]
    if not dated:
        return None, None
    day, latest = max(dated, key=lambda de: de[0] or date.min)
    scores = [
        Decimal(v)
        for v in (latest.get("scores") or {}).values()
        if isinstance(v, int | Decimal) and not isinstance(v, bool)
    ]
    if not scores:
        return day, None
    return day, (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def suppliers_table(
    records: list[Record], spent: dict[str, Spend], period: Period, as_of: date, currency: str
) -> Report:
    by_id = index(records)
    rows: list[Row] = []
    notes: list[str] = []
    totals: dict[str, Any] = {
        "bought": ZERO,
        "paid": ZERO,
        "suppliers": 0,
        "evaluations_due": 0,
        "blocked_paid": 0,
    }
    ids = sorted(set(by_id) | set(spent), key=lambda i: (-spent.get(i, Spend()).bought, i))
    for supplier_id in ids:
        record = by_id.get(supplier_id)
        body = record.data if record is not None and isinstance(record.data, dict) else {}
        money = spent.get(supplier_id, Spend())
        status = str(body.get("status") or ("unknown" if record is None else "active"))
        next_eval = as_date(body.get("next_evaluation"))
        last_eval, score = _evaluation(body)
        due = ""
        if next_eval is not None and status != "blocked":
            if next_eval < as_of:
                due = "overdue"
            elif next_eval <= as_of + EVALUATION_LEAD:
                due = "due"
        if due:
            totals["evaluations_due"] += 1
        expiring = [
            f"{c.get('name')} until {c.get('valid_until')}"
            for c in body.get("certifications") or []
            if isinstance(c, dict)
            and (until := as_date(c.get("valid_until"))) is not None
            and until <= as_of + EVALUATION_LEAD
        ]
        if status == "blocked" and money.paid:
            totals["blocked_paid"] += 1
            when = ", ".join(f"{d.isoformat()} {a} {currency}" for d, a in money.payments)
            reason = get(body, "status_reason")
            notes.append(
                f"Warning: {supplier_id} {record_name(record, '')} is blocked"
                + (f" ({reason})" if reason else "")
                + f" but was paid {money.paid} {currency} in the period: {when}."
            )
        if record is None:
            notes.append(f"{supplier_id} is named in the ledger but has no supplier record.")
        totals["bought"] += money.bought
        totals["paid"] += money.paid
        totals["suppliers"] += 1
        rows.append(
            Row(
                {
                    "supplier": supplier_id,
                    "name": record_name(record, supplier_id),
                    "category": body.get("category") or "",
                    "status": status,
                    "bought": money.bought,
                    "paid": money.paid,
                    "last_evaluation": last_eval,
                    "score": score,
                    "next_evaluation": next_eval,
                    "evaluation": due,
                    "certificates_expiring": "; ".join(expiring),
                }
            )
        )
    rows.append(
        Row({"supplier": "Total", "bought": totals["bought"], "paid": totals["paid"]}, "total")
    )
    return Report(
        name="suppliers",
        title="Suppliers",
        subtitle=(
            f"spend {period.start.isoformat()} – {period.end.isoformat()}, evaluations at "
            f"{as_of.isoformat()}, {currency}"
        ),
        period=period,
        as_of=as_of,
        currency=currency,
        columns=[
            Column("supplier", "Id"),
            Column("name", "Supplier"),
            Column("category", "Category"),
            Column("status", "Status"),
            Column("bought", "Bought (net)", "money"),
            Column("paid", "Paid", "money"),
            Column("last_evaluation", "Evaluated", "date"),
            Column("score", "Score", "number"),
            Column("next_evaluation", "Next evaluation", "date"),
            Column("evaluation", "Due"),
        ],
        rows=rows,
        totals=totals,
        notes=notes,
    )


def suppliers_report(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, "suppliers"):
        return skipped("suppliers", "Suppliers", period, day, "No records/suppliers/ register.")
    found = books(ws)
    spent = spend(found, cash_accounts(ws, found), period)
    return suppliers_table(ws.register("suppliers"), spent, period, day, found.currency)
