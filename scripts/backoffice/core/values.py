"""Reading values from records: money, numbers and dates, each read one way.

The strict readers (``parse_*``) raise `BadValue` for rules to report with a position; the
lenient ones (``as_*``) give None, for reports over records that `check` judges elsewhere.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

MAX_DIGITS = 12
"""Digits before the point of any amount, quantity, rate or price: up to 999 999 999 999, more
than a small company ever books, and few enough that Decimal's 28 significant digits hold every
product and sum of such values exactly."""
MAX_PLACES = 6
"""Digits after the point of a quantity, rate or price (an amount has at most two)."""

MAX_DAYS = 366
"""Days a record moves a date by (payment terms, reminder lead times): a year at most, as the
schemas say, so that the date arithmetic stays within the calendar."""

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_MONEY = re.compile(r"(-?[0-9]+(?:\.[0-9]{1,2})?) ([A-Z]{3})")


class BadValue(ValueError):
    """A record's value that cannot be read (the schema reports its shape; rules say where)."""


class OutOfRange(BadValue):
    """A number that is not finite or has more digits than `MAX_DIGITS` and `MAX_PLACES` allow."""


def bounded(number: Decimal, written: Any) -> Decimal:
    """`number`, when it is finite and within `MAX_DIGITS` before and `MAX_PLACES` after the
    point; else `OutOfRange`, quoting the value as `written`."""
    if not number.is_finite():
        raise OutOfRange(f"{_shown(written)} is not a finite number")
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    whole, places = len(digits) + exponent, -exponent
    if whole > MAX_DIGITS:
        message = f"has {whole} digits before the point; at most {MAX_DIGITS}"
        raise OutOfRange(f"{_shown(written)} {message}")
    if places > MAX_PLACES:
        message = f"has {places} digits after the point; at most {MAX_PLACES}"
        raise OutOfRange(f"{_shown(written)} {message}")
    return number


def _shown(value: Any) -> str:
    """A value as a message quotes it: text in quotes, a number in digits (never 1E+29)."""
    if isinstance(value, Decimal) and value.is_finite():
        return f"{value:f}"
    return repr(value) if isinstance(value, str) else str(value)


def _reading(value: Any) -> Decimal | None:
    """The number a record's value is written as, or None when it is none: a YAML number, a
    numeric string or an amount with a currency, and also NaN, infinity (YAML's .nan, .inf)
    and exponents, for `bounded` to refuse."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return None
    if not isinstance(value, str):
        return Decimal(value)
    text = value.strip()
    if match := _MONEY.fullmatch(text):
        return Decimal(match.group(1))
    lowered = text.lower()
    if lowered.lstrip("+-") in (".nan", ".inf"):
        return Decimal(lowered.replace(".", ""))
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def out_of_range(value: Any) -> str | None:
    """Why a number of a record (a YAML number, a numeric string or an amount with a currency)
    is out of range, or None: also when it is no number at all, which its shape reports."""
    number = _reading(value)
    if number is None:
        return None
    text = value.strip() if isinstance(value, str) else ""
    if text and number.is_finite() and not (_MONEY.fullmatch(text) or _NUMBER.fullmatch(text)):
        if "e" in text.lower():
            return f"{value!r} is written with an exponent; write its digits"
        return None
    try:
        bounded(number, value)
    except OutOfRange as exc:
        return str(exc)
    return None


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up: the rounding of payslips and depreciation plans."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(value: Any) -> tuple[Decimal, str]:
    """'2650.00 EUR' -> (Decimal('2650.00'), 'EUR'); `OutOfRange` beyond `MAX_DIGITS`."""
    match = _MONEY.fullmatch(str(value).strip())
    if not match:
        raise BadValue(f"{value!r} is not an amount with a currency, e.g. '2650.00 EUR'")
    return bounded(Decimal(match.group(1)), value), match.group(2)


def parse_decimal(value: Any) -> Decimal:
    """A rate, quantity or price: a YAML number (already a Decimal) or a numeric string such as
    '12.5', within the bounds of `bounded` (no NaN, infinity or exponent)."""
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is not a number")
    if isinstance(value, int | Decimal):
        return bounded(Decimal(value), value)
    text = str(value).strip()
    if _NUMBER.fullmatch(text):
        return bounded(Decimal(text), value)
    why = None if _MONEY.fullmatch(text) else out_of_range(value)
    raise OutOfRange(why) if why else BadValue(f"{value!r} is not a number")


def parse_date(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadValue(f"{value!r} is not a date (YYYY-MM-DD)") from None


def money(amount: Decimal, currency: str) -> str:
    """The record form of an amount: '2650.00 EUR'."""
    return f"{cents(amount):.2f} {currency}"


def as_date(value: Any) -> date | None:
    """An ISO date from a record, or None when absent or not a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def as_decimal(value: Any) -> Decimal | None:
    """A number from a record, or None when absent, not a number or out of range."""
    if not isinstance(value, Decimal | int | str):
        return None
    try:
        return parse_decimal(value)
    except BadValue:
        return None


def as_money(value: Any) -> tuple[Decimal, str] | None:
    """ "2650.00 EUR" → (Decimal("2650.00"), "EUR"); None when it is not money."""
    if not isinstance(value, str):
        return None
    try:
        return parse_money(value)
    except BadValue:
        return None


def as_days(value: Any) -> int | None:
    """A count of days from a record, 0 to `MAX_DAYS`; None when absent or anything else."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_DAYS:
        return value
    return None


def get(record_data: Any, *path: str) -> Any:
    """A nested value of a record, or None where any step is missing."""
    value = record_data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
