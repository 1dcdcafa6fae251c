"""One person's pay from the rates, each amount rounded to the cent as on a payslip (totals
are sums of those cents), and what the HR register and the rates say they earn in a month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backoffice.core.period import Month
from backoffice.core.values import ZERO, cents
from backoffice.payroll.people import Person
from backoffice.payroll.rates import Band, Rates, Settings

HUNDRED = Decimal(100)


@dataclass
class Pay:
    """What the rates make of one gross pay."""

    employee_social: Decimal
    employee_health: Decimal
    tax_advance: Decimal
    employer_social: Decimal
    employer_health: Decimal

    def net(self, gross: Decimal, deductions: Decimal = ZERO) -> Decimal:
        return gross - self.employee_social - self.employee_health - self.tax_advance - deductions


def compute_pay(gross: Decimal, rates: Rates, non_taxable: Decimal | None = None) -> Pay:
    """Contributions and the income tax advance of one person, each rounded to the cent.

    Tax advance = the bands applied to max(0, gross − employee contributions − non-taxable
    part) (§ 35(1) of the Income Tax Act: the monthly base with a twelfth of the yearly bands).
    The non-taxable part is the rates' unless given (none without a declaration, § 36(6)).
    """
    social = cents(rates.social.base(gross) * rates.social.employee / HUNDRED)
    health = cents(rates.health.base(gross) * rates.health.employee / HUNDRED)
    part = rates.non_taxable_monthly if non_taxable is None else non_taxable
    taxable = max(ZERO, gross - social - health - part)
    return Pay(
        employee_social=social,
        employee_health=health,
        tax_advance=cents(banded_tax(taxable, rates.tax_bands)),
        employer_social=cents(rates.social.base(gross) * rates.social.employer / HUNDRED),
        employer_health=cents(rates.health.base(gross) * rates.health.employer / HUNDRED),
    )


def banded_tax(base: Decimal, bands: tuple[Band, ...]) -> Decimal:
    """Each band's rate on the part of `base` within it, unrounded."""
    tax, floor = ZERO, ZERO
    for band in bands:
        top = base if band.up_to is None else min(base, band.up_to)
        if top > floor:
            tax += (top - floor) * band.rate / HUNDRED
        if band.up_to is None or base <= band.up_to:
            break
        floor = band.up_to
    return tax


@dataclass
class Expected:
    """What the HR register and the rates say one person earns in a month."""

    base: Decimal | None
    """None when no salary is valid (or pay is by the hour)."""
    hourly: bool
    working_days: int
    employed_days: int
    meal_days: int


def expected_pay(person: Person, month: Month, settings: Settings, rates: Rates) -> Expected:
    """Base pay pro rata by working days for joiners, leavers and salary changes in the month;
    the meal contribution for each working day of someone working more than the minimum."""
    month_days = settings.working_days(month.first, month.last)
    start, end = person.span(month)
    days = [d for d in month_days if start <= d <= end]
    shares: dict[tuple[date, Decimal | None, int] | None, int] = {}
    for day in days or [start]:
        salary = person.salary_on(day)
        shares[salary] = shares.get(salary, 0) + 1
    hourly = any(s is not None and s[1] is None for s in shares)
    if None in shares or hourly:
        base = None
    elif len(shares) == 1 and len(days) == len(month_days):
        base = next(s[1] for s in shares if s is not None and s[1] is not None)
    else:
        total = sum(
            (s[1] * n for s, n in shares.items() if s is not None and s[1] is not None), ZERO
        )
        base = cents(total / len(month_days)) if month_days else ZERO
    daily_hours = person.hours_per_week / 5
    eligible = rates.meal_per_day > 0 and daily_hours > rates.meal_min_hours_per_day
    return Expected(base, hourly, len(month_days), len(days), len(days) if eligible else 0)
