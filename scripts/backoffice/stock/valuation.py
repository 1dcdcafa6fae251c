"""The movements valued in order: FIFO layers or a weighted average per item, quantities per
item and location, and the problems that would make the valuation wrong.

Act No. 431/2002 on accounting, § 25, values a decrease of stock of the same kind either
by the weighted arithmetic average of its costs or first in, first out. Both are kept here in
Decimal: an issue's value is rounded to the cent once, where it is booked, and the stock keeps
the exact remainder (value before less value issued), so the stock's value never drifts from
the sum of what the ledger books; the last unit out takes what is left to the cent.

The two methods are those of § 25 as a commentary on the Act states them (the paragraph's
number within § 25 was not checked against the Act's consolidated text); how often an
average must be recomputed is the procedures' matter: here it is at every receipt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, cents
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.stock.model import Item, Line, Movement, items, movements


@dataclass
class Layer:
    """A quantity received together, and its cost (not per unit: no rounding is lost)."""

    quantity: Decimal
    value: Decimal


@dataclass
class Holding:
    """One item's stock: its FIFO layers (a weighted average keeps one), and where it lies."""

    item: Item
    layers: list[Layer] = field(default_factory=list)
    places: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))

    @property
    def quantity(self) -> Decimal:
        return sum((layer.quantity for layer in self.layers), ZERO)

    @property
    def value(self) -> Decimal:
        return sum((layer.value for layer in self.layers), ZERO)

    def unit_cost(self) -> Decimal | None:
        """The cost of the next unit out: the average, or the oldest layer's."""
        layers = [layer for layer in self.layers if layer.quantity]
        if not layers:
            return None
        if self.item.valuation == "weighted-average":
            return self.value / self.quantity
        return layers[0].value / layers[0].quantity

    def receive(self, place: str, quantity: Decimal, value: Decimal) -> None:
        """Adds a receipt; under weighted average it merges with the stock into a new average."""
        self.places[place] += quantity
        if self.item.valuation == "weighted-average" and self.layers:
            self.layers[0].quantity += quantity
            self.layers[0].value += value
        else:
            self.layers.append(Layer(quantity, value))

    def take(self, place: str, quantity: Decimal) -> Decimal:
        """Removes `quantity` (no more than is held) and returns its value, rounded to the
        cent per layer it comes from; a layer emptied gives up exactly what it has left."""
        self.places[place] -= quantity
        value, wanted = ZERO, quantity
        while wanted > 0 and self.layers:
            layer = self.layers[0]
            used = min(wanted, layer.quantity)
            part = (
                layer.value
                if used == layer.quantity
                else cents(layer.value * used / layer.quantity)
            )
            layer.quantity -= used
            layer.value -= part
            value += part
            wanted -= used
            if not layer.quantity:
                self.layers.pop(0)
        return value


@dataclass(frozen=True)
class Valued:
    """One line of a movement, valued: a positive quantity and value enter the stock."""

    movement: Movement
    line: int
    """The movement's line (0 for the first); -1 for a production order's output."""
    item: Item
    location: str
    quantity: Decimal
    value: Decimal


@dataclass
class Valuation:
    holdings: dict[str, Holding]
    valued: list[Valued]
    problems: list[Problem]

    def on_hand(self) -> list[tuple[Item, str, Decimal]]:
        """Each item's quantity per location, where there is any."""
        return [
            (h.item, place, quantity)
            for h in self.holdings.values()
            for place, quantity in sorted(h.places.items())
            if quantity
        ]


def _problem(record: Record, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    line, column = record.position(path)
    return Problem(record.rel, line, column, code, message)


def _fmt(quantity: Decimal) -> str:
    return f"{quantity.normalize():f}"


class _Run:
    """The movements applied one by one to the holdings."""

    def __init__(self, known: dict[str, Item]) -> None:
        self.known = known
        self.holdings: dict[str, Holding] = {}
        self.valued: list[Valued] = []
        self.problems: list[Problem] = []
        self.issued: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
        """(invoice, item) → quantity and value issued to it, for returns on credit notes."""

    def holding(self, item: Item) -> Holding:
        return self.holdings.setdefault(item.id, Holding(item))

    def add(
        self, m: Movement, line: int, item: Item, place: str, qty: Decimal, value: Decimal
    ) -> None:
        self.valued.append(Valued(m, line, item, place, qty, value))

    def take(self, m: Movement, line: Line, item: Item, place: str, qty: Decimal) -> Decimal:
        """Takes `qty` out at `place`; more than lies there is a problem, and only what lies
        there is valued."""
        held = self.holding(item)
        there = held.places.get(place, ZERO)
        if qty > there:
            path: tuple[str | int, ...] = ("lines", line.index, "quantity")
            self.problems.append(
                _problem(
                    m.record,
                    path,
                    "STOCK-NEGATIVE",
                    f"{m.id} takes {_fmt(qty)} {item.unit} of {item.id} ({item.name}) out of "
                    f"{place or 'stock'} on {m.day}, where {_fmt(there)} {item.unit} are on hand",
                )
            )
            qty = max(there, ZERO)
        return held.take(place, qty)

    def receipt(self, m: Movement) -> None:
        for line in m.lines:
            item = self.known.get(line.item)
            if item is None or line.quantity is None:
                continue
            place, value = m.where(item), line.amount or ZERO  # no amount: STOCK-KIND says so
            self.holding(item).receive(place, line.quantity, value)
            self.add(m, line.index, item, place, line.quantity, value)

    def issue(self, m: Movement) -> None:
        for line in m.lines:
            item = self.known.get(line.item)
            if item is None or line.quantity is None:
                continue
            place = m.where(item)
            value = self.take(m, line, item, place, line.quantity)
            self.add(m, line.index, item, place, -line.quantity, -value)
            key = (m.invoice or "", item.id)
            qty, total = self.issued.get(key, (ZERO, ZERO))
            self.issued[key] = (qty + line.quantity, total + value)

    def give_back(self, m: Movement, corrected: str | None) -> None:
        """A return on a credit note enters at what the units cost when they were issued to
        the invoice the credit note corrects."""
        for line in m.lines:
            item = self.known.get(line.item)
            if item is None or line.quantity is None:
                continue
            qty, total = self.issued.get((corrected or "", item.id), (ZERO, ZERO))
            value = cents(total * line.quantity / qty) if qty else ZERO
            place = m.where(item)
            self.holding(item).receive(place, line.quantity, value)
            self.add(m, line.index, item, place, line.quantity, value)

    def transfer(self, m: Movement) -> None:
        for line in m.lines:
            item = self.known.get(line.item)
            if item is None or line.quantity is None or m.to is None:
                continue
            place = m.where(item)
            value = self.take(m, line, item, place, line.quantity)
            self.holding(item).receive(m.to, line.quantity, value)
            self.add(m, line.index, item, place, -line.quantity, -value)
            self.add(m, line.index, item, m.to, line.quantity, value)

    def production(self, m: Movement) -> None:
        """Consumes the lines and receives the output at their cost: a product is valued at
        its own costs (vlastné náklady, § 25), here the materials consumed into it."""
        total = ZERO
        for line in m.lines:
            item = self.known.get(line.item)
            if item is None or line.quantity is None:
                continue
            place = m.where(item)
            value = self.take(m, line, item, place, line.quantity)
            self.add(m, line.index, item, place, -line.quantity, -value)
            total += value
        product = self.known.get(m.output[0]) if m.output else None
        if product is not None and m.output is not None:
            place = m.where(product)
            self.holding(product).receive(place, m.output[1], total)
            self.add(m, -1, product, place, m.output[1], total)

    def stock_take(self, m: Movement) -> None:
        """Books the difference between the count and the books: a shortage leaves at the
        stock's cost, a surplus enters at the cost of the next unit out (the closest the
        books have to its replacement cost)."""
        for line in m.lines:
            item = self.known.get(line.item)
            if item is None or line.counted is None:
                continue
            place = m.where(item)
            held = self.holding(item)
            difference = line.counted - held.places.get(place, ZERO)
            if difference < 0:
                value = held.take(place, -difference)
                self.add(m, line.index, item, place, difference, -value)
            elif difference > 0:
                unit = held.unit_cost() or ZERO
                value = cents(unit * difference)
                held.receive(place, difference, value)
                self.add(m, line.index, item, place, difference, value)


def _corrects(ws: Workspace) -> Callable[[str | None], str | None]:
    """The invoice a credit note corrects, by the credit note's number."""
    found = {
        r.id: str(r.data.get("corrects"))
        for r in ws.register("invoices")
        if isinstance(r.data, dict) and r.data.get("corrects") is not None
    }
    return lambda number: found.get(number or "")


def value_movements(ws: Workspace, through: date | None = None) -> Valuation:
    """The movements (through a date, or all) applied in order to the items' stock."""
    if through is None:
        return ws.derived(("stock", "valuation"), lambda: _value(ws, movements(ws)))
    return _value(ws, [m for m in movements(ws) if m.day <= through])


def _value(ws: Workspace, moves: Iterable[Movement]) -> Valuation:
    run = _Run(items(ws))
    corrects = _corrects(ws)
    for m in moves:
        if m.kind == "receipt":
            run.receipt(m)
        elif m.kind == "issue":
            run.issue(m)
        elif m.kind == "return":
            run.give_back(m, corrects(m.invoice))
        elif m.kind == "transfer":
            run.transfer(m)
        elif m.kind == "production":
            run.production(m)
        else:
            run.stock_take(m)
    return Valuation(run.holdings, run.valued, run.problems)
