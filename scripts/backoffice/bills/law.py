"""The law a bill's booking follows, as data with its source: the deductible share of input VAT
on a passenger car's costs, and the Slovak rate a reverse-charge purchase is assessed at (from
the VAT rate table of accounting)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backoffice.accounting import standard_vat_rate


@dataclass(frozen=True)
class Rule:
    valid_from: date
    value: Decimal
    source: str


VEHICLE_DEDUCTION: tuple[Rule, ...] = (
    Rule(date(2004, 5, 1), Decimal(100), "§ 49 of the VAT act 222/2004 (full deduction)"),
    Rule(
        date(2026, 1, 1),
        Decimal(50),
        "§ 85n of the VAT act 222/2004: 50 % of the input VAT on a passenger car's purchase, "
        "lease, fuel, repairs and service, unless the car is notified as used only for business "
        "(§ 85n(5)) or used only for the purposes of § 85n(4)",
    ),
    Rule(
        date(2028, 7, 1),
        Decimal(100),
        "§ 85n of the VAT act 222/2004 applies to 30 June 2028 (Council Implementing Decision "
        "(EU) 2025/852); afterwards § 49 again",
    ),
)
"""Percent of the input VAT deductible on a line marked `deduction: vehicle`."""


def self_assessed_rate(day: date) -> Decimal:
    """The rate a reverse-charge purchase supplied on `day` is assessed at on import: the
    Slovak standard rate then in force."""
    return standard_vat_rate(day).value


def in_force(rules: tuple[Rule, ...], day: date) -> Rule:
    """The rule in force on `day` (the earliest when `day` is before all of them)."""
    found = rules[0]
    for rule in rules:
        if rule.valid_from <= day:
            found = rule
    return found
