"""The three-way match: a supplier's bill that names a purchase order against what was ordered
and what was received, within the tolerances of the approval policy; and the bills above the
policy's amount that name no order and no standing arrangement covers.

A bill line bills the order line it names (order_line), else the one at its own position.
Quantities are added up over every bill of the order in date order (a credit note takes its
quantities back), so the line that bills more than was received is the one reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.check.run import CheckOptions
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, as_date, as_decimal
from backoffice.core.words import count
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.purchasing.orders import Order, orders
from backoffice.purchasing.policy import Policy, load_policy

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class BillLine:
    index: int
    """The bill line's index (0 for the first)."""
    order_line: int
    """The order line's index it bills (0 for the first)."""
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    sign: int
    """−1 on a credit note."""


def _body(record: Record) -> dict[str, Any]:
    return record.data if isinstance(record.data, dict) else {}


def bill_lines(bill: Record) -> list[BillLine]:
    """The readable lines of a bill, each with the order line it bills."""
    body = _body(bill)
    sign = -1 if body.get("kind") == "credit-note" else 1
    found = []
    for index, item in enumerate(body.get("lines") or []):
        if not isinstance(item, dict):
            continue
        quantity, price = as_decimal(item.get("quantity")), as_decimal(item.get("unit_price"))
        amount = as_decimal(item.get("amount"))
        named = item.get("order_line")
        target = named - 1 if isinstance(named, int) and not isinstance(named, bool) else index
        if quantity is not None and price is not None and amount is not None:
            found.append(BillLine(index, target, quantity, price, amount, sign))
    return found


def billing_bills(ws: Workspace) -> dict[str, list[Record]]:
    """The bills that name each order, in the order they were issued."""
    found: dict[str, list[Record]] = {}
    for bill in ws.register("bills"):
        order = _body(bill).get("purchase_order")
        if isinstance(order, str):
            found.setdefault(order, []).append(bill)
    for bills in found.values():
        bills.sort(key=lambda b: (as_date(_body(b).get("issue_date")) or date.min, b.id))
    return found


def billed(order: Order, bills: list[Record]) -> dict[int, Decimal]:
    """The net amount billed per order line (credit notes deducted)."""
    found: dict[int, Decimal] = {}
    for bill in bills:
        if _body(bill).get("currency") != order.currency:
            continue
        for line in bill_lines(bill):
            found[line.order_line] = found.get(line.order_line, ZERO) + line.sign * line.amount
    return found


def _problem(bill: Record, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    return Problem(bill.rel, *bill.position(path), code, message)


def _price_problem(
    bill: Record, line: BillLine, ordered: Decimal, order: Order, policy: Policy
) -> Problem | None:
    """A unit price above the ordered one by more than both tolerances."""
    over = line.unit_price - ordered
    if line.sign < 0 or over <= 0:
        return None
    if (
        over * HUNDRED <= ordered * policy.price_percent
        or over * line.quantity <= policy.price_amount
    ):
        return None
    return _problem(
        bill,
        ("lines", line.index, "unit_price"),
        "PO-MATCH-PRICE",
        f"line {line.index + 1} bills {line.unit_price.normalize():f} a unit, {order.id} line "
        f"{line.order_line + 1} was ordered at {ordered.normalize():f} (tolerance "
        f"{policy.price_percent.normalize():f} % or {policy.price_amount:.2f} {policy.currency})",
    )


def order_match(order: Order, bills: list[Record], policy: Policy) -> list[Problem]:
    """Every bill of `order` against it: supplier, currency, lines, prices, and quantities
    billed against those received."""
    found: list[Problem] = []
    running: dict[int, Decimal] = {}
    for bill in bills:
        body = _body(bill)
        if body.get("supplier") != order.supplier:
            found.append(
                _problem(
                    bill,
                    ("purchase_order",),
                    "PO-MATCH-SUPPLIER",
                    f"{order.id} was ordered from {order.supplier}, this bill is from "
                    f"{body.get('supplier')}",
                )
            )
            continue
        if order.stage() < 1:
            found.append(
                _problem(
                    bill,
                    ("purchase_order",),
                    "PO-MATCH-UNAPPROVED",
                    f"{order.id} is still {order.status}: nothing is billed on an order "
                    "nobody approved",
                )
            )
        if body.get("currency") != order.currency:
            found.append(
                _problem(
                    bill,
                    ("currency",),
                    "PO-MATCH-CURRENCY",
                    f"the bill is in {body.get('currency')}, {order.id} in {order.currency}",
                )
            )
            continue
        for line in bill_lines(bill):
            ordered = (
                order.lines[line.order_line] if 0 <= line.order_line < len(order.lines) else None
            )
            if ordered is None:
                found.append(
                    _problem(
                        bill,
                        ("lines", line.index),
                        "PO-MATCH-LINE",
                        f"line {line.index + 1} bills line {line.order_line + 1} of {order.id}, "
                        f"which has {count(len(order.lines), 'readable line')}",
                    )
                )
                continue
            if (price := _price_problem(bill, line, ordered.unit_price, order, policy)) is not None:
                found.append(price)
            total = running.get(line.order_line, ZERO) + line.sign * line.quantity
            running[line.order_line] = total
            received = order.received.get(line.order_line, ZERO)
            allowed = received * (HUNDRED + policy.quantity_percent) / HUNDRED
            if line.sign > 0 and total > allowed:
                found.append(
                    _problem(
                        bill,
                        ("lines", line.index, "quantity"),
                        "PO-MATCH-QUANTITY",
                        f"line {line.index + 1} brings {order.id} line {line.order_line + 1} to "
                        f"{total.normalize():f} billed, {received.normalize():f} received "
                        f"(tolerance {policy.quantity_percent.normalize():f} %)",
                    )
                )
    return found


def three_way_match(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every bill that names an order, matched against it (an unknown order is x-ref's)."""
    policy = load_policy(ws)
    if policy is None:
        return []
    by_order = billing_bills(ws)
    found: list[Problem] = []
    for order in orders(ws):
        found += order_match(order, by_order.get(order.id, []), policy)
    return found


# ------------------------------------------------------------------- bills without an order


@dataclass(frozen=True)
class Unordered:
    bill: Record
    net: Decimal
    """In the policy's currency."""
    cover: str | None
    """The contract in force or the licence that stands for an order, if any."""


def _net(body: dict[str, Any], currency: str) -> Decimal | None:
    totals = body.get("totals")
    totals = totals if isinstance(totals, dict) else {}
    net = as_decimal(totals.get("net"))
    if net is None:
        return None
    if body.get("currency") == currency:
        return net
    rate = as_decimal(body.get("eur_rate"))
    return net * rate if currency == "EUR" and rate is not None else None


def _in_force(body: dict[str, Any], day: date) -> bool:
    start, end = as_date(body.get("start")), as_date(body.get("end"))
    return (start is None or start <= day) and (end is None or day <= end)


def standing_cover(ws: Workspace, supplier: str, day: date) -> str | None:
    """The contract with `supplier` in force on `day`, else a licence it is the vendor of."""
    for contract in ws.register("contracts"):
        body = _body(contract)
        if supplier in (body.get("parties") or []) and _in_force(body, day):
            return contract.id
    for licence in ws.register("licenses"):
        if _body(licence).get("vendor") == supplier:
            return licence.id
    return None


def unordered_bills(ws: Workspace, policy: Policy) -> list[Unordered]:
    """Invoices above the policy's amount that name no order, with what covers them."""
    if policy.order_required_above is None:
        return []
    found = []
    for bill in ws.register("bills"):
        body = _body(bill)
        day = as_date(body.get("issue_date"))
        if body.get("kind") != "invoice" or body.get("purchase_order") or day is None:
            continue
        net = _net(body, policy.currency)
        if net is None or net <= policy.order_required_above:
            continue
        found.append(Unordered(bill, net, standing_cover(ws, str(body.get("supplier")), day)))
    return sorted(found, key=lambda u: (as_date(_body(u.bill).get("issue_date")), u.bill.id))


def bills_without_order(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """A warning for each bill above the policy's amount with no order and no cover."""
    policy = load_policy(ws)
    if policy is None or policy.order_required_above is None:
        return []
    return [
        Problem(
            u.bill.rel,
            *u.bill.position(("totals", "net")),
            "BILL-NO-ORDER",
            f"{u.net:.2f} {policy.currency} net, above the {policy.order_required_above:.2f} "
            f"{policy.currency} for which records/approval-policy.yaml asks an approved order, "
            "and no purchase_order, contract in force or licence covers it",
            "warning",
        )
        for u in unordered_bills(ws, policy)
        if u.cover is None
    ]
