"""The Slovak VAT rates as data: each rate of § 27 of the VAT act 222/2004 with the days it is in
force and the provision that sets it. A supply is taxed at the rates in force on the day the tax
liability arises, the day of supply (§ 19(1) and § 27 of the act), so invoices and bills look
their rates up by the supply date.

The table starts on 2011-01-01, when the standard rate became 20 %; earlier supplies have no
recorded rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class VatRate:
    value: Decimal
    """Percent of the taxable amount."""
    kind: str
    """standard or reduced."""
    valid_from: date
    valid_to: date | None
    """The last day in force; None while in force."""
    source: str

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


SLOVAK_VAT_RATES: tuple[VatRate, ...] = (
    VatRate(
        Decimal(20),
        "standard",
        date(2011, 1, 1),
        date(2024, 12, 31),
        "§ 27(1) of the VAT act 222/2004 (20 % until 31 December 2024)",
    ),
    VatRate(
        Decimal(10),
        "reduced",
        date(2011, 1, 1),
        date(2024, 12, 31),
        "§ 27(2) of the VAT act 222/2004 (goods of annex 7, services of annex 7a; "
        "10 % until 31 December 2024)",
    ),
    VatRate(
        Decimal(5),
        "reduced",
        date(2023, 1, 1),
        None,
        "§ 27(3) of the VAT act 222/2004, added by Act 222/2022 (state-supported rental "
        "housing) and widened by Act 278/2024 from 1 January 2025",
    ),
    VatRate(
        Decimal(23),
        "standard",
        date(2025, 1, 1),
        None,
        "§ 27(1) of the VAT act 222/2004 as amended by Act 278/2024",
    ),
    VatRate(
        Decimal(19),
        "reduced",
        date(2025, 1, 1),
        None,
        "§ 27(2) of the VAT act 222/2004 as amended by Act 278/2024 (goods of annex 7 point 1, "
        "services of annex 7a point 1)",
    ),
)
"""Every Slovak VAT rate since 2011 with the days it is in force."""


def vat_rates_on(day: date) -> tuple[VatRate, ...]:
    """The Slovak VAT rates in force on `day`, highest first (none before the table starts)."""
    return tuple(
        sorted(
            (rate for rate in SLOVAK_VAT_RATES if rate.in_force(day)),
            key=lambda rate: -rate.value,
        )
    )


def standard_vat_rate(day: date) -> VatRate:
    """The standard rate in force on `day` (the earliest recorded when `day` is before it)."""
    standard = [rate for rate in SLOVAK_VAT_RATES if rate.kind == "standard"]
    return next((rate for rate in standard if rate.in_force(day)), standard[0])


def rates_text(rates: tuple[VatRate, ...]) -> str:
    """'23 %, 19 %, 5 %': rates as a message names them."""
    return ", ".join(f"{percent(rate.value)} %" for rate in rates)


def percent(value: Decimal) -> str:
    """A rate without trailing zeros: 23, 19.5."""
    return format(value.normalize(), "f")
