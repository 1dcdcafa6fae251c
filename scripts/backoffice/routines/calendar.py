"""When a routine's steps fall due: its occurrences (a month, a quarter, a year) and each
step's due date relative to the end of the occurrence's period.

Working days are Monday to Friday less the days of rest that records/payroll-rates.yaml lists
(`holidays`); a date in a year that list does not cover cannot be computed, rather than be
computed wrong.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll import days_of_rest as payroll_days_of_rest
from backoffice.report.common import has_register

MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


class DueError(ValueError):
    """A step's relative date cannot be computed for an occurrence."""


@dataclass(frozen=True)
class Occurrence:
    """One period of a routine: its label (2026-11, 2026-Q4, 2026), first and last day."""

    label: str
    start: date
    end: date


@dataclass(frozen=True)
class DaysOfRest:
    """The holidays on file and the years they cover."""

    days: frozenset[date]
    years: frozenset[int]

    def working(self, day: date) -> bool:
        if day.year not in self.years:
            raise DueError(
                f"the days of rest of {day.year} are not in records/payroll-rates.yaml "
                f"(holidays), so its working days are not known"
            )
        return day.weekday() < 5 and day not in self.days


def days_of_rest(ws: Workspace) -> DaysOfRest:
    """The days of rest of records/payroll-rates.yaml (none without the file)."""
    listed = payroll_days_of_rest(ws)
    return DaysOfRest(listed.days, listed.years)


def _month(label: Any) -> tuple[int, int] | None:
    try:
        year, month = str(label).split("-")
        return (int(year), int(month)) if 1 <= int(month) <= 12 else None
    except ValueError:
        return None


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _occurrence(every: str, year: int, month: int) -> Occurrence:
    """The occurrence whose period contains the month."""
    size = MONTHS_IN[every]
    first = (month - 1) // size * size + 1
    last = first + size - 1
    if every == "month":
        label = f"{year}-{month:02d}"
    elif every == "quarter":
        label = f"{year}-Q{(first - 1) // 3 + 1}"
    else:
        label = str(year)
    return Occurrence(label, date(year, first, 1), _last_day(year, last))


def occurrences(body: dict[str, Any], start: date, end: date) -> Iterator[Occurrence]:
    """The routine's occurrences whose period ends between `start` and `end`, within its own
    `start` and `end` months."""
    every = body.get("every")
    first, last = _month(body.get("start")), _month(body.get("end"))
    if every not in MONTHS_IN or first is None:
        return
    year, month = first
    seen: set[str] = set()
    while (year, month) <= (end.year, end.month):
        if last is not None and (year, month) > last:
            return
        occurrence = _occurrence(str(every), year, month)
        if occurrence.label not in seen and start <= occurrence.end <= end:
            seen.add(occurrence.label)
            yield occurrence
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def due_date(rule: Any, occurrence: Occurrence, rest: DaysOfRest) -> date:
    """The step's due date for the occurrence; DueError when the rule says none or more than
    one thing, or names a day the month does not have."""
    if not isinstance(rule, dict):
        raise DueError("due is not a rule")
    kinds = [k for k in ("working_days", "days", "day") if k in rule]
    if len(kinds) != 1:
        raise DueError(
            "due needs exactly one of working_days, days or day (with months)"
            + (f", not {' and '.join(kinds)}" if kinds else "")
        )
    if "months" in rule and kinds != ["day"]:
        raise DueError("months goes with day: the day of the month so many months later")
    end = occurrence.end
    if kinds == ["working_days"]:
        day, left = end, int(rule["working_days"])
        while left > 0:
            day += timedelta(days=1)
            left -= rest.working(day)
    elif kinds == ["days"]:
        day = end + timedelta(days=int(rule["days"]))
    else:
        months = end.month - 1 + int(rule.get("months", 0))
        year, month = end.year + months // 12, months % 12 + 1
        length = calendar.monthrange(year, month)[1]
        wanted = length if rule["day"] == "last" else int(rule["day"])
        if wanted > length:
            raise DueError(f"{year}-{month:02d} has no day {wanted}")
        day = date(year, month, wanted)
    if rule.get("next_working_day") is True:
        while not rest.working(day):
            day += timedelta(days=1)
    return day


def routines(ws: Workspace) -> list[Record]:
    return ws.register("routines") if has_register(ws, "routines") else []
