"""The stock registers read once: the items (records/items/) and the movements
(records/stock/YYYY/), tolerant of values the schema check reports, so that every rule and
report works on what can be read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.core.values import as_date, as_decimal
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

ITEMS = "items"
STOCK = "stock"
BILLS = "bills"
INVOICES = "invoices"
KINDS = ("receipt", "issue", "return", "transfer", "production", "stock-take")


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    kind: str
    unit: str
    valuation: str
    stock_account: str
    expense_account: str
    location: str | None
    reorder_level: Decimal | None
    supplier: str | None
    bom: tuple[tuple[str, Decimal], ...]
    record: Record


@dataclass(frozen=True)
class Line:
    index: int
    item: str
    quantity: Decimal | None
    line: int | None
    amount: Decimal | None
    counted: Decimal | None


@dataclass(frozen=True)
class Movement:
    id: str
    day: date
    kind: str
    location: str | None
    to: str | None
    bill: str | None
    invoice: str | None
    output: tuple[str, Decimal] | None
    shortage_account: str | None
    lines: tuple[Line, ...]
    record: Record

    def where(self, item: Item | None) -> str:
        """The location the movement takes `item` from (or counts it at)."""
        return self.location or (item.location if item else None) or ""


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _bom(value: Any) -> tuple[tuple[str, Decimal], ...]:
    found = []
    for part in value if isinstance(value, list) else []:
        if isinstance(part, dict) and _text(part.get("item")):
            quantity = as_decimal(part.get("quantity"))
            if quantity is not None:
                found.append((str(part["item"]), quantity))
    return tuple(found)


def item_of(record: Record) -> Item | None:
    body = record.data if isinstance(record.data, dict) else {}
    stock, expense = _text(body.get("stock_account")), _text(body.get("expense_account"))
    if stock is None or expense is None:
        return None
    return Item(
        id=record.id,
        name=str(body.get("name") or record.id),
        kind=str(body.get("kind") or "goods"),
        unit=str(body.get("unit") or ""),
        valuation=str(body.get("valuation") or "fifo"),
        stock_account=stock,
        expense_account=expense,
        location=_text(body.get("location")),
        reorder_level=as_decimal(body.get("reorder_level")),
        supplier=_text(body.get("supplier")),
        bom=_bom(body.get("bom")),
        record=record,
    )


def _line(index: int, body: Any) -> Line | None:
    if not isinstance(body, dict) or not _text(body.get("item")):
        return None
    number = body.get("line")
    return Line(
        index=index,
        item=str(body["item"]),
        quantity=as_decimal(body.get("quantity")),
        line=number if isinstance(number, int) and not isinstance(number, bool) else None,
        amount=as_decimal(body.get("amount")),
        counted=as_decimal(body.get("counted")),
    )


def movement_of(record: Record) -> Movement | None:
    body = record.data if isinstance(record.data, dict) else {}
    day, kind = as_date(body.get("date")), body.get("kind")
    if day is None or kind not in KINDS:
        return None
    output = _mapping(body.get("output"))
    made = as_decimal(output.get("quantity"))
    lines = body.get("lines")
    lines = lines if isinstance(lines, list) else []
    return Movement(
        id=record.id,
        day=day,
        kind=str(kind),
        location=_text(body.get("location")),
        to=_text(body.get("to")),
        bill=_text(body.get("bill")),
        invoice=_text(str(body["invoice"]) if body.get("invoice") is not None else None),
        output=(str(output["item"]), made) if _text(output.get("item")) and made else None,
        shortage_account=_text(body.get("shortage_account")),
        lines=tuple(x for i, b in enumerate(lines) if (x := _line(i, b)) is not None),
        record=record,
    )


def items(ws: Workspace) -> dict[str, Item]:
    """The items by id, read once per workspace."""

    def build() -> dict[str, Item]:
        found = (item_of(r) for r in ws.register(ITEMS))
        return {i.id: i for i in found if i is not None}

    return ws.derived(("stock", "items"), build)


def movements(ws: Workspace) -> list[Movement]:
    """The movements in the order they are valued: by date, then by number."""

    def build() -> list[Movement]:
        found = (movement_of(r) for r in ws.register(STOCK))
        return sorted((m for m in found if m is not None), key=lambda m: (m.day, m.id))

    return ws.derived(("stock", "movements"), build)


def index(ws: Workspace, register: str) -> dict[str, Record]:
    """The records of a register by id, built once per workspace (bills, invoices)."""
    return ws.derived(
        ("stock", "index", register), lambda: {r.id: r for r in ws.register(register)}
    )
