"""The law the HR register follows, as data with its source: the longest working week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Rule:
    valid_from: date
    value: Decimal
    source: str


MAX_WEEKLY_HOURS: tuple[Rule, ...] = (
    Rule(
        date(2002, 4, 1),
        Decimal(40),
        "§ 85(5) of the Labour Code 311/2001: an employee's working time is at most 40 hours "
        "a week",
    ),
)
"""The most hours a week an employee's working time may be (shift work and young employees
have less; a contractor works under no employment contract)."""

WEEK_HOURS = Decimal(7 * 24)
"""The hours a week has: the most a contractor can have agreed."""
