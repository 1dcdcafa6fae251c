"""The value readers hold every number to one bound: finite, no exponent, at most
MAX_DIGITS digits before the point and MAX_PLACES after."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from backoffice.core.values import (
    MAX_DIGITS,
    MAX_PLACES,
    BadValue,
    OutOfRange,
    as_decimal,
    as_money,
    out_of_range,
    parse_decimal,
    parse_money,
)

LARGEST = "9" * MAX_DIGITS + "." + "9" * MAX_PLACES
THIRTY = "123456789012345678901234567890"

OUT_OF_RANGE: list[tuple[Any, str]] = [
    (".nan", "'.nan' is not a finite number"),
    (".inf", "'.inf' is not a finite number"),
    ("-.Inf", "'-.Inf' is not a finite number"),
    ("NaN", "'NaN' is not a finite number"),
    ("-Infinity", "'-Infinity' is not a finite number"),
    (Decimal("NaN"), "NaN is not a finite number"),
    (Decimal("Infinity"), "Infinity is not a finite number"),
    ("1e400", "'1e400' is written with an exponent; write its digits"),
    ("1.0e+400", "'1.0e+400' is written with an exponent; write its digits"),
    ("2E-3", "'2E-3' is written with an exponent; write its digits"),
    (THIRTY, f"'{THIRTY}' has 30 digits before the point; at most {MAX_DIGITS}"),
    (int(THIRTY), f"{THIRTY} has 30 digits before the point; at most {MAX_DIGITS}"),
    (Decimal(THIRTY + ".5"), f"{THIRTY}.5 has 30 digits before the point; at most 12"),
    ("-" + "1" * (MAX_DIGITS + 1), "has 13 digits before the point"),
    ("0." + "1" * 30, f"has 30 digits after the point; at most {MAX_PLACES}"),
    (Decimal("1.1234567"), "1.1234567 has 7 digits after the point; at most 6"),
]


@pytest.mark.parametrize(("value", "message"), OUT_OF_RANGE, ids=[str(v) for v, _ in OUT_OF_RANGE])
def test_parse_decimal_refuses_what_is_out_of_range(value: Any, message: str) -> None:
    with pytest.raises(OutOfRange, match=re.escape(message)):
        parse_decimal(value)
    assert as_decimal(value) is None
    assert out_of_range(value) is not None and message in str(out_of_range(value))


@pytest.mark.parametrize("value", ["abc", "+5", "12,5", "", True, None, [1], "2650.00 EUR"])
def test_parse_decimal_refuses_what_is_no_number(value: Any) -> None:
    with pytest.raises(BadValue, match="is not a number"):
        parse_decimal(value)
    assert as_decimal(value) is None
    assert out_of_range(value) is None  # the schema's type or pattern says it


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (LARGEST, Decimal(LARGEST)),
        ("-" + LARGEST, Decimal("-" + LARGEST)),
        (Decimal("12.5"), Decimal("12.5")),
        (40, Decimal(40)),
        (" 0.25 ", Decimal("0.25")),
        ("0", Decimal(0)),
    ],
)
def test_parse_decimal_reads_what_is_in_range(value: Any, number: Decimal) -> None:
    assert parse_decimal(value) == number
    assert as_decimal(value) == number
    assert out_of_range(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (f"{THIRTY}.00 EUR", f"'{THIRTY}.00 EUR' has 30 digits before the point; at most 12"),
        ("1" * (MAX_DIGITS + 1) + " EUR", "has 13 digits before the point; at most 12"),
    ],
)
def test_parse_money_refuses_an_amount_out_of_range(value: str, message: str) -> None:
    with pytest.raises(OutOfRange, match=re.escape(message)):
        parse_money(value)
    assert as_money(value) is None
    assert message in str(out_of_range(value))


@pytest.mark.parametrize("value", [".nan EUR", "1e400 EUR", "NaN EUR", "12.345 EUR", "12 eur"])
def test_parse_money_refuses_what_is_no_amount(value: str) -> None:
    with pytest.raises(BadValue, match="is not an amount with a currency"):
        parse_money(value)
    assert as_money(value) is None


def test_parse_money_reads_the_largest_amount() -> None:
    largest = "-" + "9" * MAX_DIGITS + ".99 EUR"
    assert parse_money(largest) == (Decimal(largest.split()[0]), "EUR")
    assert out_of_range(largest) is None
