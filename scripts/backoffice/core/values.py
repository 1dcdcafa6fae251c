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


class BadValue(ValueError):
    """A record's value that cannot be read (the schema reports its shape; rules say where)."""


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up: the rounding of payslips and depreciation plans."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(value: Any) -> tuple[Decimal, str]:
    """'2650.00 EUR' -> (Decimal('2650.00'), 'EUR')."""
    match = re.fullmatch(r"(-?[0-9]+(?:\.[0-9]{1,2})?) ([A-Z]{3})", str(value).strip())
    if not match:
        raise BadValue(f"{value!r} is not an amount with a currency, e.g. '2650.00 EUR'")
    return Decimal(match.group(1)), match.group(2)


def parse_decimal(value: Any) -> Decimal:
    """A rate or a number of hours: a YAML number (already a Decimal) or a numeric string."""
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is not a number")
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise BadValue(f"{value!r} is not a number") from None


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
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def as_money(value: Any) -> tuple[Decimal, str] | None:
    """ "2650.00 EUR" → (Decimal("2650.00"), "EUR"); None when it is not money."""
    if not isinstance(value, str):
        return None
    try:
        return parse_money(value)
    except BadValue:
        return None


def get(record_data: Any, *path: str) -> Any:
    """A nested value of a record, or None where any step is missing."""
    value = record_data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
