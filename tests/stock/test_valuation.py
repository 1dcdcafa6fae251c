"""FIFO and weighted average, in Decimal, rounded to the cent only where an issue is booked."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice.load.records import Record
from backoffice.stock.model import Item
from backoffice.stock.valuation import Holding

D = Decimal


def _item(valuation: str) -> Item:
    record = Record("items", "I-0001", "records/items/I-0001.yaml", {}, None)  # type: ignore[arg-type]
    return Item(
        "I-0001",
        "Tablet",
        "goods",
        "pcs",
        valuation,
        "Assets:Inventory:Goods",
        "Expenses:CostOfGoodsSold",
        "L-0001",
        None,
        None,
        (),
        record,
    )


def test_fifo_issues_the_oldest_price_first() -> None:
    held = Holding(_item("fifo"))
    held.receive("L-0001", D(1), D("570.00"))
    held.receive("L-0001", D(3), D("1755.00"))
    assert held.take("L-0001", D(2)) == D("1155.00")  # 570 + 585
    assert held.quantity == D(2) and held.value == D("1170.00")
    assert held.unit_cost() == D("585")


def test_weighted_average_merges_receipts_into_one_cost() -> None:
    held = Holding(_item("weighted-average"))
    held.receive("L-0001", D(1), D("570.00"))
    held.receive("L-0001", D(3), D("1755.00"))
    assert held.unit_cost() == D("581.25")
    assert held.take("L-0001", D(2)) == D("1162.50")
    assert held.value == D("1162.50")


def test_an_average_of_many_decimals_is_rounded_where_issued_and_the_rest_carried() -> None:
    held = Holding(_item("weighted-average"))
    held.receive("L-0001", D(3), D("100.00"))
    taken = [held.take("L-0001", D(1)) for _ in range(3)]
    assert taken == [D("33.33"), D("33.34"), D("33.33")]
    assert sum(taken) == D("100.00") and held.value == 0 and not held.layers


def test_quantities_are_kept_per_location() -> None:
    held = Holding(_item("fifo"))
    held.receive("L-0001", D(4), D("2280.00"))
    held.take("L-0001", D(1))
    held.receive("L-0002", D(1), D("570.00"))
    assert dict(held.places) == {"L-0001": D(3), "L-0002": D(1)}


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
counts = st.integers(min_value=1, max_value=50)


@given(
    st.sampled_from(["fifo", "weighted-average"]),
    st.lists(st.tuples(counts, amounts), min_size=1, max_size=6),
    st.data(),
)
def test_what_is_issued_and_what_is_left_add_up_to_what_was_received(
    valuation: str, receipts: list[tuple[int, Decimal]], data: st.DataObject
) -> None:
    held = Holding(_item(valuation))
    for quantity, value in receipts:
        held.receive("L-0001", D(quantity), value)
    received = sum((v for _, v in receipts), D(0))
    issued = D(0)
    while held.quantity:
        quantity = data.draw(st.integers(min_value=1, max_value=int(held.quantity)))
        part = held.take("L-0001", D(quantity))
        assert part == part.quantize(D("0.01"))
        issued += part
        assert issued + held.value == received
    assert issued == received
