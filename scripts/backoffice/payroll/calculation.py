"""One person's pay from the rates, each amount rounded to the cent as on a payslip (totals
are sums of those cents), and what the HR register, its absences and the rates say they earn
in a month."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_UP, Decimal

from backoffice.core.period import Month
from backoffice.core.values import CENT, ZERO, cents
from backoffice.payroll.absences import (
    PAID_AT_AVERAGE,
    MonthDays,
    Past,
    average_hourly,
    daily_base,
    decisive_period,
    probable_hourly,
)
from backoffice.payroll.absences import month_days as month_days_for
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
    funds: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    """Social insurance fund by fund: (employee, employer)."""

    def net(self, gross: Decimal, deductions: Decimal = ZERO) -> Decimal:
        return gross - self.employee_social - self.employee_health - self.tax_advance - deductions

    @property
    def employer_cost(self) -> Decimal:
        return self.employer_social + self.employer_health


def compute_pay(
    gross: Decimal,
    rates: Rates,
    not_assessable: Decimal = ZERO,
    taxable_benefit: Decimal = ZERO,
    non_taxable: Decimal | None = None,
) -> Pay:
    """Contributions and the income tax advance of one person, each rounded to the cent.

    The assessment base is gross pay less what bears no contributions (the employer's sick
    pay) plus a taxable benefit (a meal contribution above the exempt amount); each social
    fund's contribution is rounded on its own, at most on the fund's ceiling. Tax advance =
    the bands applied to max(0, gross + benefit − employee contributions − non-taxable part)
    (§ 35(1) of the Income Tax Act: the monthly base with a twelfth of the yearly bands).
    The non-taxable part is the rates' unless given (none without a declaration, § 36(6)).
    """
    assessable = max(ZERO, gross - not_assessable + taxable_benefit)
    funds = {fund.name: fund.amounts(assessable) for fund in rates.social.funds}
    social = sum((a for a, _ in funds.values()), ZERO)
    health, employer_health = rates.health.amounts(assessable)
    part = rates.non_taxable_monthly if non_taxable is None else non_taxable
    taxable = max(ZERO, gross + taxable_benefit - social - health - part)
    return Pay(
        employee_social=social,
        employee_health=health,
        tax_advance=cents(banded_tax(taxable, rates.tax_bands)),
        employer_social=sum((b for _, b in funds.values()), ZERO),
        employer_health=employer_health,
        funds=funds,
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
    compensation: Decimal = ZERO
    """Wage compensation at average earnings: paid leave and, for a leaver, unused leave."""
    sick_pay: Decimal = ZERO
    days: dict[str, int] | None = None
    """The days of the month by what was done on them (runs made by absences)."""
    how: list[str] = field(default_factory=list)
    """How compensation and sick pay were worked out, for the reader of the run."""


def expected_pay(
    person: Person,
    month: Month,
    settings: Settings,
    rates: Rates,
    history: dict[Month, Past] | None = None,
    corrected: bool = True,
) -> Expected:
    """Base pay pro rata by the working days worked (`corrected`; else by the days employed,
    as a run made before absences were kept paid it), paid leave at average earnings, the
    employer's sick pay, a leaver's unused leave, and the meal contribution for each day
    worked by someone working more than the minimum hours a day."""
    month_days = settings.working_days(month.first, month.last)
    days = month_days_of(person, month_days, month)
    paid_days = days.worked if corrected else days.employed
    base = _base(person, month, month_days, paid_days)
    hourly = base is None and any(
        s is not None and s[1] is None for s in map(person.salary_on, paid_days or [month.first])
    )
    eligible = rates.meal_per_day > 0 and person.daily_hours > rates.meal_min_hours_per_day
    meal_days = len(paid_days) if eligible else 0
    expected = Expected(base, hourly, len(month_days), len(days.employed), meal_days)
    if not corrected or base is None:
        return expected
    expected.days = days.count()
    history = history or {}
    salary = _salary(person, days.employed or [month.first])
    hour = average_hourly(
        history,
        month,
        person.daily_hours,
        probable_hourly(salary, len(month_days), person.daily_hours),
    )
    leave = sum(len(days.absent.get(kind, [])) for kind in PAID_AT_AVERAGE)
    if leave:
        expected.compensation += cents(leave * person.daily_hours * hour)
        expected.how.append(f"{leave} days of paid leave at {hour} an hour")
    unused = unused_leave(person, month, settings)
    if unused > 0:
        expected.compensation += cents(unused * person.daily_hours * hour)
        expected.how.append(f"{unused} days of unused leave at {hour} an hour (§ 116)")
    expected.sick_pay = _sick_pay(person, month, settings, history, expected.how)
    return expected


def month_days_of(person: Person, month_days: list[date], month: Month) -> MonthDays:
    return month_days_for(person.absences, month_days, person.span(month))


def _base(
    person: Person, month: Month, month_days: list[date], paid_days: list[date]
) -> Decimal | None:
    """The salary for `paid_days`: the whole salary for a whole month at one salary, else
    the salaries of the days paid over the month's working days."""
    shares: dict[tuple[date, Decimal | None, int] | None, int] = {}
    for day in paid_days or [max(person.start, month.first)]:
        salary = person.salary_on(day)
        shares[salary] = shares.get(salary, 0) + 1
    if None in shares or any(s is not None and s[1] is None for s in shares):
        return None
    if not paid_days:
        return ZERO
    if len(shares) == 1 and len(paid_days) == len(month_days):
        return next(s[1] for s in shares if s is not None and s[1] is not None)
    total = sum((s[1] * n for s, n in shares.items() if s is not None and s[1] is not None), ZERO)
    return cents(total / len(month_days)) if month_days else ZERO


def _salary(person: Person, days: list[date]) -> Decimal:
    found = person.salary_on(days[0])
    return found[1] if found is not None and found[1] is not None else ZERO


def unused_leave(person: Person, month: Month, settings: Settings) -> Decimal:
    """A leaver's leave of the year not taken, compensated in the last month (§ 116 of the
    Labour Code): the entitlement (pro rata in the record) and the days carried over, less
    the working days of vacation taken in the year."""
    if person.end is None or Month.of(person.end) != month:
        return ZERO
    year_start = date(person.end.year, 1, 1)
    taken = sum(
        len(settings.working_days(max(a.first, year_start), min(a.last, person.end)))
        for a in person.absences
        if a.kind == "vacation"
    )
    return person.entitlement_days + person.carried_over_days - taken


def _sick_pay(
    person: Person, month: Month, settings: Settings, history: dict[Month, Past], how: list[str]
) -> Decimal:
    """The employer's sick pay for the calendar days of each incapacity in `month`: the
    rates' percentage (by the day of the incapacity) of the daily assessment base, for the
    days the employer pays, rounded up to the cent."""
    total = ZERO
    start, end = person.span(month)
    for absence in person.absences:
        if absence.kind != "sick" or absence.last < start or absence.first > end:
            continue
        then = settings.rates_on(absence.first)
        rule = then.sick_pay if then is not None else None
        if rule is None:
            continue
        base = _daily_base(person, absence.first, history, rule.max_daily_base)
        amount = ZERO
        for day in absence.days(start, end):
            percent = rule.percent((day - absence.first).days + 1)
            if percent is not None:
                amount += base * percent / HUNDRED
        if amount:
            amount = amount.quantize(CENT, rounding=ROUND_UP)
            total += amount
            how.append(f"sick from {absence.first}: daily base {base}, employer pays {amount}")
    return total


def _daily_base(
    person: Person, sick_from: date, history: dict[Month, Past], most: Decimal | None
) -> Decimal:
    """The sickness assessment bases of the decisive period over its calendar days: from the
    runs on file, or (for a month before the books) from the salary history."""
    first, last = decisive_period(person.start, sick_from)
    month, assessed = Month.of(first), ZERO
    if first > last:  # sick in the first days of the insurance: the salary's day
        days = calendar.monthrange(sick_from.year, sick_from.month)[1]
        return daily_base(_salary(person, [sick_from]), days, most)
    while month.first <= last:
        past = history.get(month)
        if past is not None:
            assessed += past.assessed
        else:
            inside = (min(last, month.last) - max(first, month.first)).days + 1
            whole = (month.last - month.first).days + 1
            assessed += _salary(person, [max(first, month.first)]) * inside / whole
        month = month.next()
    return daily_base(assessed, (last - first).days + 1, most)
