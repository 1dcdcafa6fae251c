"""Check rules of purchase orders: approved only by someone the approval policy allows for the
amount, never a status past requested without an approval, never more received than ordered,
and budget lines the year's budget has."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from backoffice.check.run import CheckOptions
from backoffice.core.problems import Problem, Severity
from backoffice.core.values import ZERO, as_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.purchasing.orders import Order, orders, receipts
from backoffice.purchasing.policy import REGISTER as POLICY
from backoffice.purchasing.policy import (
    Person,
    Policy,
    approvers,
    limit_text,
    load_policy,
    people,
)

At = Callable[[tuple[str | int, ...], str, str], None]


def _reporter(record: Record, found: list[Problem], severity: Severity = "error") -> At:
    """Adds a problem at a field of `record` (at the nearest part of the path that exists)."""

    def at(path: tuple[str | int, ...], code: str, message: str) -> None:
        line, column = record.position(path)
        found.append(Problem(record.rel, line, column, code, message, severity))

    return at


def policy_problems(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """The bands rise from the lowest limit, and only the last is open (no limit)."""
    policy = load_policy(ws)
    if policy is None:
        return []
    found: list[Problem] = []
    at = _reporter(policy.record, found)
    last: Decimal | None = None
    for index, band in enumerate(policy.bands):
        if band.up_to is None and index < len(policy.bands) - 1:
            at(("bands", index), "PO-POLICY", f"band {index + 1} has no limit but is not the last")
        elif band.up_to is not None and last is not None and band.up_to <= last:
            at(
                ("bands", index, "up_to"),
                "PO-POLICY",
                f"band {index + 1} ends at {band.up_to:.2f}, not above the band before "
                f"({last:.2f}): the bands rise from the lowest limit",
            )
        last = band.up_to if band.up_to is not None else last
    return found


def _approval_problems(
    order: Order, policy: Policy | None, staff: dict[str, Person], missing: bool
) -> list[Problem]:
    found: list[Problem] = []
    at = _reporter(order.record, found)
    body = order.body
    approval = body.get("approval") if isinstance(body.get("approval"), dict) else None
    if order.stage() < 1:
        return found
    if approval is None:
        at(
            ("status",),
            "PO-NOT-APPROVED",
            f"{order.id} is {order.status} but nobody approved it: record the approval "
            "(approval: by, date) before the order goes further",
        )
        return found
    approved_on, by = as_date(approval.get("date")), str(approval.get("by") or "")
    ordered = order.day("ordered")
    if approved_on and ordered and ordered < approved_on:
        at(
            ("ordered",),
            "PO-NOT-APPROVED",
            f"{order.id} was ordered on {ordered}, before its approval on {approved_on}",
        )
    if policy is None:
        if missing:
            at(
                ("approval", "by"),
                "PO-NO-POLICY",
                "no records/approval-policy.yaml says who may approve an order",
            )
        return found  # else the schema says why the policy cannot be read
    if order.currency != policy.currency:
        at(
            ("currency",),
            "PO-CURRENCY",
            f"{order.id} is in {order.currency}, the approval limits in {policy.currency}: "
            "its amount cannot be placed in a band",
        )
        return found
    if approved_on is None or not order.readable:
        return found
    allowed = approvers(policy, order.net, staff, approved_on)
    if by not in allowed:
        who = ", ".join(allowed) or "nobody"
        at(
            ("approval", "by"),
            "PO-APPROVER",
            f"{by} may not approve {order.id}: {order.net:.2f} {order.currency} is "
            f"{limit_text(policy, order.net)}, which records/approval-policy.yaml lets "
            f"{who} approve (on {approved_on})",
        )
    return found


def _receipt_problems(order: Order) -> list[Problem]:
    found: list[Problem] = []
    at = _reporter(order.record, found)
    for r, i, entry in receipts(order.record):
        line = entry.get("line")
        if isinstance(line, int) and not 1 <= line <= len(order.lines):
            at(
                ("receipts", r, "lines", i, "line"),
                "PO-RECEIPT-LINE",
                f"a receipt names line {line}; {order.id} has {len(order.lines)}",
            )
    if order.received and order.stage() < 2:
        at(
            ("receipts",),
            "PO-NOT-ORDERED",
            f"{order.id} records a receipt but is only {order.status}",
        )
    for index, line in enumerate(order.lines):
        got = order.received.get(index, ZERO)
        if line is None:
            continue
        if got > line.quantity:
            at(
                ("lines", index, "quantity"),
                "PO-OVER-RECEIVED",
                f"line {index + 1} ({line.description}): {got.normalize():f} received, "
                f"{line.quantity.normalize():f} ordered",
            )
        elif got < line.quantity and order.status == "received":
            at(
                ("status",),
                "PO-NOT-RECEIVED",
                f"{order.id} is marked received but line {index + 1} ({line.description}) has "
                f"{got.normalize():f} of {line.quantity.normalize():f} received",
            )
    return found


def budget_lines(ws: Workspace) -> dict[int, set[str]]:
    """The accounts of each year's budget lines."""
    found: dict[int, set[str]] = {}
    for record in ws.register("budgets"):
        body = record.data if isinstance(record.data, dict) else {}
        if isinstance(body.get("year"), int):
            found[body["year"]] = {
                str(line.get("account"))
                for line in body.get("lines") or []
                if isinstance(line, dict)
            }
    return found


def _budget_problems(order: Order, budgets: dict[int, set[str]]) -> list[Problem]:
    found: list[Problem] = []
    at = _reporter(order.record, found)
    requested = order.day("requested")
    if requested is None:
        return found
    planned = budgets.get(requested.year)
    for index, line in enumerate(order.lines):
        if line is None or line.budget is None:
            continue
        if planned is None:
            at(
                ("lines", index, "budget"),
                "PO-BUDGET",
                f"line {index + 1} is spent against {line.budget}, but there is no budget "
                f"for {requested.year} (records/budgets/{requested.year}.yaml)",
            )
        elif line.budget not in planned:
            at(
                ("lines", index, "budget"),
                "PO-BUDGET",
                f"line {index + 1} is spent against {line.budget}, which the {requested.year} "
                "budget has no line for",
            )
    return found


def order_problems(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every order's approval, receipts and budget lines."""
    policy, staff, budgets = load_policy(ws), people(ws), budget_lines(ws)
    missing = not ws.register(POLICY)
    found: list[Problem] = []
    for order in orders(ws):
        found += _approval_problems(order, policy, staff, missing)
        found += _receipt_problems(order)
        found += _budget_problems(order, budgets)
    return found
