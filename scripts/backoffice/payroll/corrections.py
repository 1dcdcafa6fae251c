"""Corrections of the runs paid before the payroll rules were corrected (the settings'
`corrected_from`): what the corrected rules give for each month of the year already paid, less
what its run paid, carried by the first corrected run.

- Wages paid short are back pay in the correcting run: income accounted then, so taxed and
  assessed for contributions with it (§ 35(1) of Act 595/2003; the assessment bases of § 138
  of Act 461/2003 and § 13 of Act 580/2004 are the employee's taxable income; that back pay
  counts in the month it is accounted is the common reading, not verified here).
- A meal contribution paid short is paid with it; one paid for days not worked is recovered
  from net pay, as agreed with the employee (§ 131(3) of the Labour Code).
- Wages paid beyond the corrected rules stay with the employee: the employer's mistake is
  returned only when the employee knew or had to presume it was not due (§ 222(2) of the
  Labour Code, cited from memory); the correction records them all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from backoffice.core.period import Month
from backoffice.core.values import ZERO, cents, parse_money
from backoffice.payroll.calculation import expected_pay
from backoffice.payroll.people import Person
from backoffice.payroll.rates import Settings


@dataclass(frozen=True)
class Correction:
    """One earlier month of one person: the corrected rules' gross and meal contribution
    less what the month's run paid (negative: paid more than the rules give)."""

    month: Month
    gross: Decimal
    meal: Decimal

    @property
    def amounts(self) -> tuple[Decimal, Decimal]:
        return self.gross, self.meal


def parse_corrections(items: Any) -> list[Correction]:
    """The corrections of a run's line as written (the schema checks their shape)."""
    return [
        Correction(
            Month.parse(str(item["month"])),
            parse_money(item["gross"])[0],
            parse_money(item["meal"])[0],
        )
        for item in items or []
    ]


def back_pay(corrections: list[Correction]) -> Decimal:
    """Wages paid short, paid now as part of the gross."""
    return sum((max(ZERO, c.gross) for c in corrections), ZERO)


def meal_back_pay(corrections: list[Correction]) -> Decimal:
    """Meal contribution paid short, paid now with the month's."""
    return sum((max(ZERO, c.meal) for c in corrections), ZERO)


def meal_recovered(corrections: list[Correction]) -> Decimal:
    """Meal contribution paid for days not worked, recovered from net pay."""
    return sum((max(ZERO, -c.meal) for c in corrections), ZERO)


def correcting(settings: Settings, month: Month) -> list[Month]:
    """The months a run of `month` corrects: those of its year before `corrected_from`, when
    `month` is the settings' first corrected month; none for any other."""
    start = settings.corrected_from
    if start is None or month != start:
        return []
    return [Month(start.year, n) for n in range(1, start.month)]


def correction(
    person: Person,
    month: Month,
    paid: tuple[Decimal, Decimal],
    settings: Settings,
    history: dict[Month, Any],
) -> Correction | None:
    """What the corrected rules give `person` for `month` less `paid` (gross, meal
    contribution); None when no rates are valid then or no salary can be worked out."""
    rates = settings.rates_for(month)
    if rates is None:
        return None
    expected = expected_pay(person, month, settings, rates, history, corrected=True)
    if expected.base is None:
        return None
    gross = expected.base + expected.compensation + expected.sick_pay
    meal = cents(rates.meal_per_day * expected.meal_days)
    return Correction(month, gross - paid[0], meal - paid[1])
