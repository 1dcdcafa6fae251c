"""Absences in a person's record (leave.absences) and what they make of a month's pay: the days
worked, vacation and other paid leave at average earnings (§ 134 of the Labour Code), the
employer's sick pay (§ 8 of Act 462/2003), unpaid leave, and a leaver's unused leave (§ 116)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from itertools import combinations
from typing import Any

from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, as_date, parse_date, parse_decimal
from backoffice.load.records import Record

KINDS = ("vacation", "sick", "parental", "unpaid", "other")
PAID_AT_AVERAGE = ("vacation", "other")
"""Leave paid at average earnings: vacation (§ 118(2)) and other paid leave (§ 141)."""
UNINSURED = ("unpaid", "parental")
"""Leave without pay, which interrupts sickness, pension and unemployment insurance (§ 26(1)
of Act 461/2003; parental leave as long as no maternity benefit is paid)."""
FOUR = Decimal("0.0001")
AVERAGE_MIN_DAYS = 22
"""Fewer days worked in the quarter: probable earnings instead (§ 134(3))."""


@dataclass(frozen=True)
class Absence:
    first: date
    last: date
    kind: str
    index: int

    def days(self, start: date, end: date) -> list[date]:
        """The calendar days of the absence from `start` to `end`."""
        day, found = max(self.first, start), []
        while day <= min(self.last, end):
            found.append(day)
            day += timedelta(days=1)
        return found


def read_absences(leave: Any) -> tuple[Absence, ...]:
    """The absences that can be read (the schema and `absence_problems` report the others)."""
    items = leave.get("absences") if isinstance(leave, dict) else None
    found = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        try:
            first, last = parse_date(item["from"]), parse_date(item["to"])
        except (BadValue, KeyError, TypeError):
            continue
        if item.get("kind") in KINDS and first <= last:
            found.append(Absence(first, last, str(item["kind"]), i))
    return tuple(found)


def leave_days(leave: Any, key: str) -> Decimal:
    try:
        return parse_decimal(leave.get(key, 0)) if isinstance(leave, dict) else ZERO
    except BadValue:
        return ZERO


def absence_problems(record: Record, data: dict[str, Any]) -> list[Problem]:
    """PERSON-ABSENCE where two absences share a day or an absence falls outside the
    employment: a day would be paid twice, or paid when no one is employed."""
    absences = read_absences(data.get("leave"))
    found = []
    for a, b in combinations(absences, 2):
        if a.first <= b.last and b.first <= a.last:
            found.append(
                _problem(
                    record,
                    b,
                    "from",
                    f"leave.absences.{b.index} ({b.kind} {b.first} to {b.last}) overlaps "
                    f"leave.absences.{a.index} ({a.kind} {a.first} to {a.last})",
                )
            )
    employment = data.get("employment")
    if not isinstance(employment, dict):
        employment = {}
    start, end = as_date(employment.get("start")), as_date(employment.get("end"))
    if start is not None and end is not None and end < start:
        return found  # the employment's own dates are wrong (PERSON-DATES)
    for a in absences:
        if start is not None and a.first < start:
            message = f"starts {a.first}, before the employment starts on {start}"
            found.append(_problem(record, a, "from", f"leave.absences.{a.index} {message}"))
        elif end is not None and a.last > end:
            message = f"ends {a.last}, after the employment ends on {end}"
            found.append(_problem(record, a, "to", f"leave.absences.{a.index} {message}"))
    return found


def _problem(record: Record, absence: Absence, key: str, message: str) -> Problem:
    path = ("leave", "absences", absence.index, key)
    return Problem(record.rel, *record.position(path), "PERSON-ABSENCE", message)


@dataclass
class MonthDays:
    """A person's working days of a month, by what they did on them."""

    working: int
    """The month's working days (Monday to Friday but days of rest)."""
    employed: list[date]
    """The working days the person is employed."""
    absent: dict[str, list[date]] = field(default_factory=dict)
    """Working days of each kind of absence."""
    uninsured: int = 0
    """Calendar days of leave without pay (insurance interrupted)."""

    @property
    def worked(self) -> list[date]:
        away = {d for days in self.absent.values() for d in days}
        return [d for d in self.employed if d not in away]

    def count(self) -> dict[str, int]:
        """What a run line records in `days`."""
        found = {"working": self.working, "worked": len(self.worked)}
        found.update({kind: len(days) for kind, days in self.absent.items() if days})
        if self.uninsured:
            found["uninsured"] = self.uninsured
        return found


def month_days(
    absences: tuple[Absence, ...], working: list[date], span: tuple[date, date]
) -> MonthDays:
    """Which of the month's `working` days in the employment `span` the person was away."""
    start, end = span
    employed = [d for d in working if start <= d <= end]
    days = MonthDays(len(working), employed)
    for absence in absences:
        on = set(absence.days(start, end))
        days.absent.setdefault(absence.kind, []).extend(d for d in employed if d in on)
        if absence.kind in UNINSURED:
            days.uninsured += len(on)
    return days


# --- average earnings (§ 134 of the Labour Code) ----------------------------------------------


@dataclass(frozen=True)
class Past:
    """What one earlier month paid a person, for average earnings and the daily base."""

    wages: Decimal
    """Base, bonuses and overtime: the wage, without wage compensation or sick pay."""
    days: int
    """The working days the wage was for."""
    assessed: Decimal
    """The sickness insurance assessment base."""


def quarter_start(month: Month) -> Month:
    return Month(month.year, 3 * ((month.month - 1) // 3) + 1)


def average_hourly(
    history: dict[Month, Past], month: Month, daily_hours: Decimal, probable: Decimal
) -> Decimal:
    """Average hourly earnings for `month`: the wages of the previous calendar quarter over
    the hours worked in it (§ 134(1)), to four places; `probable` (§ 134(3)) when fewer than
    22 days were worked in it."""
    first = quarter_start(month).plus(-3)
    earned = [history[m] for m in (first, first.plus(1), first.plus(2)) if m in history]
    days = sum(e.days for e in earned)
    if days < AVERAGE_MIN_DAYS or daily_hours <= 0:
        return probable
    wages = sum((e.wages for e in earned), ZERO)
    return (wages / (days * daily_hours)).quantize(FOUR, rounding=ROUND_HALF_UP)


def probable_hourly(monthly_salary: Decimal, working_days: int, daily_hours: Decimal) -> Decimal:
    """What a monthly salary makes an hour in a month of `working_days` (§ 134(3): the wage
    the employee would probably have earned)."""
    if working_days <= 0 or daily_hours <= 0:
        return ZERO
    return (monthly_salary / (working_days * daily_hours)).quantize(FOUR, rounding=ROUND_HALF_UP)


# --- sick pay (Act 462/2003) ----------------------------------------------------------------


def daily_base(assessed: Decimal, days: int, most: Decimal | None) -> Decimal:
    """The daily assessment base: the sickness-insurance assessment bases of the decisive
    period over its days, to four places up, at most `most` (§ 54 of Act 461/2003, to which
    § 8 of Act 462/2003 refers)."""
    if days <= 0:
        return ZERO
    value = (assessed / days).quantize(FOUR, rounding=ROUND_UP)
    return value if most is None else min(value, most)


def decisive_period(start: date, sick_from: date) -> tuple[date, date]:
    """The calendar year before the incapacity, or from the start of the insurance when it
    began later; the days before the incapacity when it began in the same year."""
    first = date(sick_from.year - 1, 1, 1)
    last = date(sick_from.year - 1, 12, 31)
    if start > last:
        return start, sick_from - timedelta(days=1)
    return max(first, start), last
