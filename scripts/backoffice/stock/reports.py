"""The stock reports: what is on hand and its value at a date, the movements of a period, the
items below their reorder level, and the sheet a stock-take counts on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice.core.period import Period
from backoffice.core.values import ZERO, cents
from backoffice.core.words import count
from backoffice.load.workspace import Workspace
from backoffice.report.common import effective_as_of, register_names
from backoffice.report.model import Column, Report, Row
from backoffice.stock.model import Item, items, movements
from backoffice.stock.valuation import Holding, value_movements


def _place(locations: dict[str, str], place: str) -> str:
    return locations.get(place, place)


def _unit_value(held: Holding, quantity: Decimal) -> tuple[Decimal | None, Decimal]:
    """The unit cost and the value of `quantity` of an item held in several places: the
    item's value shared by quantity (the last place takes the rest, to the cent)."""
    if not held.quantity:
        return None, ZERO
    unit = held.value / held.quantity
    return cents(unit), cents(unit * quantity)


def _layers(held: Holding) -> str:
    """A FIFO item's layers, oldest first: the order its units will be issued at."""
    layers = ", ".join(
        f"{layer.quantity.normalize():f} {held.item.unit} at {layer.value / layer.quantity:.2f}"
        for layer in held.layers
    )
    return f"{held.item.id} is issued first in, first out: {layers}."


def stock_on_hand_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Each item's quantity per location on `as_of`, at its FIFO or weighted-average cost."""
    as_of = effective_as_of(ws, period, as_of)  # by default, how far the books have come
    valuation = value_movements(ws, as_of)
    locations = register_names(ws, "locations")
    rows = []
    total = ZERO
    by_account: dict[str, Decimal] = {}
    for held in sorted(valuation.holdings.values(), key=lambda h: h.item.id):
        places = [(p, q) for p, q in sorted(held.places.items()) if q]
        left = held.value
        for n, (place, quantity) in enumerate(places):
            unit, value = _unit_value(held, quantity)
            value = left if n == len(places) - 1 else value
            left -= value
            rows.append(
                Row(
                    {
                        "item": held.item.id,
                        "name": held.item.name,
                        "location": _place(locations, place),
                        "quantity": quantity,
                        "unit": held.item.unit,
                        "valuation": held.item.valuation,
                        "unit_cost": unit,
                        "value": value,
                        "account": held.item.stock_account,
                    }
                )
            )
        total += held.value
        if places:
            account = held.item.stock_account
            by_account[account] = by_account.get(account, ZERO) + held.value
    rows.append(Row({"item": "Total", "value": total}, "total"))
    notes = [
        f"{account}: {value:.2f} {ws.currency}" for account, value in sorted(by_account.items())
    ]
    notes += [_layers(held) for held in valuation.holdings.values() if len(held.layers) > 1]
    return Report(
        name="stock-on-hand",
        title="Stock on hand",
        period=None,
        as_of=as_of,
        currency=ws.currency,
        subtitle=f"{count(len(rows) - 1, 'line')} on {as_of.isoformat()}, {ws.currency}",
        columns=[
            Column("item", "Item"),
            Column("name", "Name"),
            Column("location", "Location"),
            Column("quantity", "Quantity", "number"),
            Column("unit", "Unit"),
            Column("valuation", "Valuation"),
            Column("unit_cost", "Unit cost", "money"),
            Column("value", "Value", "money"),
            Column("account", "Account"),
        ],
        rows=rows,
        totals={"value": total},
        notes=notes,
    )


def _reference(kind: str, bill: str | None, invoice: str | None, to: str) -> str:
    if kind == "receipt" and bill:
        return f"bill {bill}"
    if kind in ("issue", "return") and invoice:
        return f"{'credit note' if kind == 'return' else 'invoice'} {invoice}"
    return to


def stock_movements_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Every valued movement line of the period: what came in and went out, and at what cost."""
    locations = register_names(ws, "locations")
    rows = []
    totals = {"value_in": ZERO, "value_out": ZERO}
    for v in value_movements(ws).valued:
        m = v.movement
        if not period.start <= m.day <= period.end:
            continue
        incoming = v.quantity > 0
        cells = {
            "date": m.day,
            "movement": m.id,
            "kind": m.kind,
            "item": v.item.id,
            "name": v.item.name,
            "location": _place(locations, v.location),
            "quantity_in": v.quantity if incoming else None,
            "quantity_out": -v.quantity if not incoming else None,
            "value_in": v.value if incoming else None,
            "value_out": -v.value if not incoming else None,
            "reference": _reference(m.kind, m.bill, m.invoice, _place(locations, m.to or "")),
        }
        totals["value_in" if incoming else "value_out"] += abs(v.value)
        rows.append(Row(cells))
    rows.append(Row({"date": "Total", **totals}, "total"))
    return Report(
        name="stock-movements",
        title="Stock movements",
        period=period,
        currency=ws.currency,
        subtitle=f"{period.start.isoformat()} – {period.end.isoformat()}, {ws.currency}",
        columns=[
            Column("date", "Date", "date"),
            Column("movement", "Movement"),
            Column("kind", "Kind"),
            Column("item", "Item"),
            Column("name", "Name"),
            Column("location", "Location"),
            Column("quantity_in", "In", "number"),
            Column("quantity_out", "Out", "number"),
            Column("value_in", "Value in", "money"),
            Column("value_out", "Value out", "money"),
            Column("reference", "Reference"),
        ],
        rows=rows,
        totals=totals,
    )


def stock_reorder_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """The items whose quantity on hand on `as_of` is below their reorder level."""
    as_of = effective_as_of(ws, period, as_of)  # by default, how far the books have come
    holdings = value_movements(ws, as_of).holdings
    suppliers = register_names(ws, "suppliers")
    rows = []
    for item in sorted(items(ws).values(), key=lambda i: i.id):
        if item.reorder_level is None:
            continue
        held = holdings.get(item.id)
        quantity = held.quantity if held else ZERO
        if quantity >= item.reorder_level:
            continue
        rows.append(
            Row(
                {
                    "item": item.id,
                    "name": item.name,
                    "on_hand": quantity,
                    "reorder_level": item.reorder_level,
                    "short_by": item.reorder_level - quantity,
                    "unit": item.unit,
                    "supplier": suppliers.get(item.supplier or "", item.supplier or ""),
                }
            )
        )
    return Report(
        name="stock-reorder",
        title="Stock below its reorder level",
        period=None,
        as_of=as_of,
        subtitle=f"{count(len(rows), 'item')} to order on {as_of.isoformat()}",
        columns=[
            Column("item", "Item"),
            Column("name", "Name"),
            Column("on_hand", "On hand", "number"),
            Column("reorder_level", "Reorder level", "number"),
            Column("short_by", "Short by", "number"),
            Column("unit", "Unit"),
            Column("supplier", "Supplier"),
        ],
        rows=rows,
    )


def _expected(ws: Workspace, as_of: date) -> list[tuple[str, Item, Decimal]]:
    """Every item at every location it is kept or lies on `as_of`, with the quantity the
    books expect there (zero where it is kept but none lies)."""
    holdings = value_movements(ws, as_of).holdings
    found: dict[tuple[str, str], tuple[str, Item, Decimal]] = {}
    for item in items(ws).values():
        if item.location:
            found[(item.location, item.id)] = (item.location, item, ZERO)
    for held in holdings.values():
        for place, quantity in held.places.items():
            if quantity or (place, held.item.id) in found:
                found[(place, held.item.id)] = (place, held.item, quantity)
    return [found[key] for key in sorted(found)]


def stock_take_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """The sheet a stock-take counts on (inventúrny súpis): per location, each item and the
    quantity the books expect on `as_of`, with a blank column for the count."""
    as_of = effective_as_of(ws, period, as_of)  # by default, how far the books have come
    locations = register_names(ws, "locations")
    rows = []
    current = None
    for place, item, quantity in _expected(ws, as_of):
        if place != current:
            rows.append(Row({"item": _place(locations, place) or "No location"}, "group"))
            current = place
        rows.append(
            Row(
                {
                    "item": item.id,
                    "name": item.name,
                    "unit": item.unit,
                    "expected": quantity,
                    "counted": "",
                    "difference": "",
                }
            )
        )
    last = max(
        (m.day for m in movements(ws) if m.kind == "stock-take" and m.day <= as_of), default=None
    )
    notes = [f"Last stock-take: {last.isoformat()}."] if last else ["No stock-take recorded yet."]
    return Report(
        name="stock-take",
        title="Stock-take sheet",
        period=None,
        as_of=as_of,
        subtitle=f"Expected quantities on {as_of.isoformat()}; count, then record a stock-take",
        columns=[
            Column("item", "Item"),
            Column("name", "Name"),
            Column("unit", "Unit"),
            Column("expected", "Expected", "number"),
            Column("counted", "Counted"),
            Column("difference", "Difference"),
        ],
        rows=rows,
        notes=notes,
    )
