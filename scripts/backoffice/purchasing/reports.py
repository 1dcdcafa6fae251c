"""Purchasing reports: the open orders, the spend committed by orders against the budget, and
the bills above the policy's amount that name no order."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.accounting import budget_months
from backoffice.core.period import Period
from backoffice.core.values import ZERO, as_date, cents
from backoffice.derive.books import balances, books
from backoffice.load.workspace import Workspace
from backoffice.purchasing.match import billed, billing_bills, unordered_bills
from backoffice.purchasing.orders import COMMITTED, OPEN, REGISTER, Order, orders
from backoffice.purchasing.policy import load_policy
from backoffice.report.common import (
    effective_as_of,
    has_register,
    index,
    owner_name,
    people_names,
    record_name,
    skipped,
)
from backoffice.report.model import Column, Report, Row

NOT_BUDGETED = "Not budgeted"


def _received(order: Order) -> Decimal:
    """What has been received, at the ordered prices."""
    return sum(
        (
            cents(order.received.get(i, ZERO) * line.unit_price)
            for i, line in enumerate(order.lines)
            if line is not None
        ),
        ZERO,
    )


def _requested_by(order: Order, day: date) -> bool:
    requested = order.day("requested")
    return requested is not None and requested <= day


def open_orders_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Orders not yet closed at `as_of`: what was ordered, received and billed of each, and
    the deliveries that are late."""
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, REGISTER):
        return skipped("open-orders", "Open purchase orders", period, day, "No purchase orders.")
    suppliers, names = index(ws.register("suppliers")), people_names(ws)
    by_order = billing_bills(ws)
    rows: list[Row] = []
    totals: dict[str, Any] = {"net": ZERO, "received": ZERO, "billed": ZERO, "orders": 0, "late": 0}
    for order in orders(ws):
        if order.status not in OPEN or not _requested_by(order, day):
            continue
        expected = order.day("expected_delivery")
        late = order.status in ("approved", "ordered") and expected is not None and expected < day
        amounts = {
            "net": order.net,
            "received": _received(order),
            "billed": sum(billed(order, by_order.get(order.id, [])).values(), ZERO),
        }
        for key, value in amounts.items():
            totals[key] += value
        totals["orders"] += 1
        totals["late"] += int(late)
        rows.append(
            Row(
                {
                    "order": order.id,
                    "title": order.body.get("title") or "",
                    "supplier": record_name(suppliers.get(order.supplier), order.supplier),
                    "requester": owner_name(order.requester, names),
                    "status": order.status,
                    "requested": order.day("requested"),
                    "expected": expected,
                    **amounts,
                    "late": "late" if late else "",
                }
            )
        )
    rows.append(
        Row({"order": "Total", **{k: totals[k] for k in ("net", "received", "billed")}}, "total")
    )
    return Report(
        name="open-orders",
        title="Open purchase orders",
        subtitle=f"at {day.isoformat()}, net amounts",
        period=period,
        as_of=day,
        columns=[
            Column("order", "Order"),
            Column("title", "Title"),
            Column("supplier", "Supplier"),
            Column("requester", "Requester"),
            Column("status", "Status"),
            Column("requested", "Requested", "date"),
            Column("expected", "Expected", "date"),
            Column("net", "Ordered", "money"),
            Column("received", "Received", "money"),
            Column("billed", "Billed", "money"),
            Column("late", "Delivery"),
        ],
        rows=rows,
        totals=totals,
    )


def _covered(account: str, prefix: str) -> bool:
    return account == prefix or account.startswith(prefix + ":")


def committed_spend_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Per budget line the orders name: the period's budget, what was ordered, what the books
    show spent, what approved orders still commit (ordered, not yet billed), and what is left."""
    day = effective_as_of(ws, period, as_of)
    title = "Committed spend against budget"
    if not has_register(ws, REGISTER):
        return skipped("committed-spend", title, period, day, "No purchase orders.")
    found = books(ws)
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for record in ws.register("budgets"):
        for month in budget_months(record, ws.fiscal_start):
            if period.start <= month.start <= period.end:
                planned[month.account] += month.amount
    ordered: dict[str, Decimal] = defaultdict(lambda: ZERO)
    committed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_order = billing_bills(ws)
    for order in orders(ws):
        requested = order.day("requested")
        if (
            order.stage() < 1
            or order.currency != found.currency
            or requested is None
            or not period.start <= requested <= min(period.end, day)
        ):
            continue
        done = billed(order, by_order.get(order.id, []))
        for i, line in enumerate(order.lines):
            if line is None:
                continue
            account = line.budget or NOT_BUDGETED
            ordered[account] += line.net
            if order.status in COMMITTED:
                committed[account] += max(line.net - done.get(i, ZERO), ZERO)
    actual, _ = balances(found, period.start, min(period.end, day))
    rows: list[Row] = []
    totals: dict[str, Any] = defaultdict(lambda: ZERO)
    for account in sorted(ordered, key=lambda a: (a == NOT_BUDGETED, a)):
        budgeted = account != NOT_BUDGETED
        budget = planned.get(account, ZERO) if budgeted else None
        spent = (
            sum((v for a, v in actual.items() if _covered(a, account)), ZERO) if budgeted else None
        )
        left = (
            budget - spent - committed[account]
            if budget is not None and spent is not None
            else None
        )
        cells = {
            "account": account,
            "budget": budget,
            "ordered": ordered[account],
            "actual": spent,
            "committed": committed[account],
            "available": left,
        }
        rows.append(Row(cells))
        for key, value in cells.items():
            if isinstance(value, Decimal):
                totals[key] += value
    rows.append(Row({"account": "Total", **totals}, "total"))
    return Report(
        name="committed-spend",
        title=title,
        subtitle=(
            f"orders requested {period.start.isoformat()} – {min(period.end, day).isoformat()}, "
            f"{found.currency}"
        ),
        period=period,
        as_of=day,
        currency=found.currency,
        columns=[
            Column("account", "Budget line"),
            Column("budget", "Budget", "money"),
            Column("ordered", "Ordered", "money"),
            Column("actual", "Actual", "money"),
            Column("committed", "Committed", "money"),
            Column("available", "Available", "money"),
        ],
        rows=rows,
        totals=dict(totals),
        notes=[
            "Actual is what the books show on the budget line (and its sub-accounts) in the "
            "period, ordered or not; committed is what approved orders still owe, not yet billed. "
            "Available is the budget less both."
        ],
    )


def bills_without_order_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Bills issued in the period above the policy's amount that name no order, with the
    contract or licence that stands for one (or none: `check` warns of those)."""
    day = effective_as_of(ws, period, as_of)
    title = "Bills without an order"
    policy = load_policy(ws)
    if policy is None or policy.order_required_above is None:
        return skipped(
            "bills-without-order", title, period, day, "No records/approval-policy.yaml."
        )
    suppliers = index(ws.register("suppliers"))
    rows: list[Row] = []
    totals: dict[str, Any] = {"net": ZERO, "bills": 0, "uncovered": 0}
    for item in unordered_bills(ws, policy):
        body = item.bill.data
        issued = as_date(body.get("issue_date"))
        if issued is None or not period.start <= issued <= min(period.end, day):
            continue
        totals["net"] += item.net
        totals["bills"] += 1
        totals["uncovered"] += int(item.cover is None)
        supplier = str(body.get("supplier"))
        rows.append(
            Row(
                {
                    "bill": item.bill.id,
                    "issued": issued,
                    "supplier": record_name(suppliers.get(supplier), supplier),
                    "title": body.get("title") or "",
                    "net": cents(item.net),
                    "covered_by": item.cover or "nothing: needs an order",
                }
            )
        )
    rows.append(Row({"bill": "Total", "net": totals["net"]}, "total"))
    limit = f"{policy.order_required_above:.2f} {policy.currency}"
    return Report(
        name="bills-without-order",
        title=title,
        subtitle=(
            f"issued {period.start.isoformat()} – {min(period.end, day).isoformat()}, "
            f"net above {limit}"
        ),
        period=period,
        as_of=day,
        currency=policy.currency,
        columns=[
            Column("bill", "Bill"),
            Column("issued", "Issued", "date"),
            Column("supplier", "Supplier"),
            Column("title", "Title"),
            Column("net", "Net", "money"),
            Column("covered_by", "Covered by"),
        ],
        rows=rows,
        totals=totals,
        notes=[
            f"A bill above {limit} net needs an approved purchase order unless a contract in "
            "force with the supplier or a licence it sells covers it "
            "(records/approval-policy.yaml)."
        ],
    )
