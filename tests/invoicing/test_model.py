"""Invoice arithmetic and numbering: line amounts, VAT per rate, rounding, series."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice.invoicing.model import Line, Series, canonical, vat_amount, vat_summary

CENT = Decimal("0.01")

quantities = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2)
rates = st.sampled_from([Decimal(23), Decimal(19), Decimal(5), Decimal(0)])
discounts = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)


def make_line(quantity: Decimal, price: Decimal, rate: Decimal, discount: Decimal) -> Line:
    return Line("x", quantity, "h", price, rate, None, discount, "Income:Sales")


@given(quantities, prices, rates, discounts)
def test_a_line_is_rounded_once_to_the_cent(
    quantity: Decimal, price: Decimal, rate: Decimal, discount: Decimal
) -> None:
    line = make_line(quantity, price, rate, discount)
    exact = quantity * price
    assert line.net == line.net.quantize(CENT)
    assert abs(line.gross_amount - exact) <= Decimal("0.005")
    assert line.net == line.gross_amount - line.discount_amount
    assert abs(line.discount_amount) <= abs(line.gross_amount)


@given(st.lists(st.tuples(quantities, prices, rates, discounts), min_size=1, max_size=12))
def test_vat_is_computed_per_rate_on_the_sum_of_the_lines(
    items: list[tuple[Decimal, Decimal, Decimal, Decimal]],
) -> None:
    lines = [make_line(*item) for item in items]
    summary = vat_summary(lines)
    assert sum(g.base for g in summary) == sum(line.net for line in lines)
    for group in summary:
        base = sum(line.net for line in lines if line.vat_rate == group.rate)
        assert group.base == base
        expected = (base * group.rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        assert group.vat == expected
    assert [g.rate for g in summary] == sorted({g.rate for g in summary}, reverse=True)


@given(st.decimals(min_value=Decimal("-1e7"), max_value=Decimal("1e7"), places=2), rates)
def test_vat_rounds_half_up_and_is_odd_in_the_base(base: Decimal, rate: Decimal) -> None:
    assert vat_amount(-base, rate) == -vat_amount(base, rate)
    assert abs(vat_amount(base, rate) - base * rate / 100) <= Decimal("0.005")


def test_half_a_cent_of_vat_rounds_up() -> None:
    assert vat_amount(Decimal("0.50"), Decimal(23)) == Decimal("0.12")  # 0.115
    assert vat_amount(Decimal("10.50"), Decimal(5)) == Decimal("0.53")  # 0.525


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=9999))
def test_series_numbers_round_trip(year: int, seq: int) -> None:
    for series in (
        Series("FA", "{year}{seq:04d}", "invoice"),
        Series("DB", "D{year}{seq:03d}", "x"),
    ):
        assert series.parse(series.format(year, seq)) == (year, seq)


def test_a_number_of_another_series_does_not_parse() -> None:
    assert Series("DB", "D{year}{seq:03d}", "credit-note").parse("20260001") is None


def test_the_canonical_record_leaves_out_status_and_hashes() -> None:
    draft = {"number": "1", "status": "draft", "lines": [{"quantity": Decimal("1.5")}]}
    issued = {**draft, "status": "issued", "hashes": {"record": "x"}}
    assert canonical(draft) == canonical(issued)
    assert canonical(draft) != canonical({**draft, "number": "2"})
