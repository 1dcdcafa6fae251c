"""Purchase orders as the rules and reports read them: the lines at their agreed prices, what
was received of each line, and where a status stands in the order's life."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.core.values import ZERO, as_date, as_decimal, cents
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

REGISTER = "purchase-orders"
STATUSES = ("requested", "approved", "ordered", "received", "closed")
"""The life of an order, in order: every status from approved on needs an approval."""
OPEN = ("requested", "approved", "ordered", "received")
COMMITTED = ("approved", "ordered", "received")
"""The statuses in which the company owes what it ordered and has not been billed for."""


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    budget: str | None

    @property
    def net(self) -> Decimal:
        return cents(self.quantity * self.unit_price)


@dataclass
class Order:
    record: Record
    status: str
    supplier: str
    requester: str
    currency: str
    lines: list[Line | None]
    """Every line in its place (None where a line cannot be read: the schema reports it)."""
    received: dict[int, Decimal] = field(default_factory=dict)
    """Quantity received so far per line index (0 for the first line)."""

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def body(self) -> dict[str, Any]:
        return self.record.data if isinstance(self.record.data, dict) else {}

    @property
    def net(self) -> Decimal:
        return sum((line.net for line in self.lines if line is not None), ZERO)

    @property
    def readable(self) -> bool:
        """Every line has a quantity and a price: the amount is known."""
        return all(line is not None for line in self.lines)

    def day(self, name: str) -> date | None:
        return as_date(self.body.get(name))

    def stage(self) -> int:
        """The status's place in `STATUSES` (−1 for one the schema refuses)."""
        return STATUSES.index(self.status) if self.status in STATUSES else -1


def _line(item: Any) -> Line | None:
    if not isinstance(item, dict):
        return None
    quantity, price = as_decimal(item.get("quantity")), as_decimal(item.get("unit_price"))
    if quantity is None or price is None:
        return None
    budget = item.get("budget")
    return Line(str(item.get("description") or ""), quantity, price, budget if budget else None)


def receipts(record: Record) -> list[tuple[int, int, dict[str, Any]]]:
    """(receipt index, line index within the receipt, entry) of every quantity received."""
    body = record.data if isinstance(record.data, dict) else {}
    found = []
    for r, receipt in enumerate(body.get("receipts") or []):
        if isinstance(receipt, dict):
            for i, entry in enumerate(receipt.get("lines") or []):
                if isinstance(entry, dict):
                    found.append((r, i, entry))
    return found


def order_of(record: Record) -> Order:
    body = record.data if isinstance(record.data, dict) else {}
    items = body.get("lines")
    order = Order(
        record,
        str(body.get("status") or ""),
        str(body.get("supplier") or ""),
        str(body.get("requester") or ""),
        str(body.get("currency") or ""),
        [_line(item) for item in items] if isinstance(items, list) else [],
    )
    for _r, _i, entry in receipts(record):
        line, quantity = entry.get("line"), as_decimal(entry.get("quantity"))
        if isinstance(line, int) and not isinstance(line, bool) and quantity is not None:
            order.received[line - 1] = order.received.get(line - 1, ZERO) + quantity
    return order


def orders(ws: Workspace) -> list[Order]:
    """Every purchase order, in id order."""
    return sorted((order_of(r) for r in ws.register(REGISTER)), key=lambda o: o.id)
