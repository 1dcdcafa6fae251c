"""The people register (records/people/) read once, for payroll and for headcount: each
person's employment, hours, FTE, department and salary history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from backoffice.core.period import Month
from backoffice.core.values import BadValue, parse_date, parse_decimal, parse_money
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll.absences import Absence, leave_days, read_absences

FULL_TIME_HOURS = Decimal(40)

T = TypeVar("T")


@dataclass
class Person:
    """One person's employment: from `start` through `end` (inclusive; no end: still employed).
    FTE is ``employment.fte``, else (not given, or not a number) hours per week over 40."""

    record: Record
    id: str
    name: str
    start: date
    end: date | None
    hours_per_week: Decimal
    fte: Decimal
    contract_type: str
    cost_account: str
    department: str
    """Empty when the record names none."""
    salaries: list[tuple[date, Decimal | None, int]]
    """(valid from, gross monthly or None when paid by the hour, index in the list)."""
    unreadable: tuple[str, ...] = ()
    """The values that could not be read and were left at their defaults (the schema says
    what is wrong with them)."""
    absences: tuple[Absence, ...] = ()
    entitlement_days: Decimal = Decimal(0)
    """Paid leave days of the calendar year (pro rata for a partial year)."""
    carried_over_days: Decimal = Decimal(0)

    @property
    def daily_hours(self) -> Decimal:
        return self.hours_per_week / 5

    def employed(self, month: Month) -> bool:
        return self.start <= month.last and (self.end is None or self.end >= month.first)

    def employed_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def span(self, month: Month) -> tuple[date, date]:
        """The days of `month` this person is employed."""
        end = month.last if self.end is None else min(self.end, month.last)
        return max(self.start, month.first), end

    def salary_on(self, day: date) -> tuple[date, Decimal | None, int] | None:
        valid = [s for s in self.salaries if s[0] <= day]
        return max(valid, key=lambda s: s[0]) if valid else None


def employments(people: list[Record]) -> list[Person]:
    """Everyone with a start date, in register order; records without one are left to `check`.

    A value that cannot be read is left at its default (no end, 40 hours a week, no salary,
    no cost account) and named in `Person.unreadable`: the reports count such a person all the
    same, payroll leaves them out (`load_people`).
    """
    found = []
    for record in people:
        person = _person(record)
        if person is not None:
            found.append(person)
    return found


def load_people(ws: Workspace) -> dict[str, Person]:
    """People whose employment can be read in full, by id; the schema reports the others.
    Payroll works out no one's pay from defaults."""
    return {p.id: p for p in employments(ws.register("people")) if not p.unreadable}


def _person(record: Record) -> Person | None:
    data = record.data
    employment = data.get("employment") if isinstance(data, dict) else None
    if not isinstance(employment, dict):
        return None
    try:
        start = parse_date(employment.get("start"))
    except BadValue:
        return None
    unreadable: list[str] = []

    def read(path: str, value: Callable[[], T], default: T) -> T:
        try:
            return value()
        except (BadValue, KeyError, TypeError, AttributeError):
            unreadable.append(path)
            return default

    end = employment.get("end")
    hours = read(
        "employment.hours_per_week",
        lambda: parse_decimal(employment.get("hours_per_week", 40)),
        FULL_TIME_HOURS,
    )
    return Person(
        record=record,
        id=record.id,
        name=str(data.get("name") or record.id),
        start=start,
        end=read("employment.end", lambda: parse_date(end) if end is not None else None, None),
        hours_per_week=hours,
        fte=_fte(employment.get("fte"), hours),
        contract_type=str(employment.get("contract_type", "")),
        cost_account=read("cost_account", lambda: str(data["cost_account"]), ""),
        department=str(data.get("department") or ""),
        salaries=read("salary", lambda: _salaries(data), []),
        unreadable=tuple(unreadable),
        absences=read_absences(data.get("leave")),
        entitlement_days=leave_days(data.get("leave"), "entitlement_days"),
        carried_over_days=leave_days(data.get("leave"), "carried_over_days"),
    )


def _fte(value: Any, hours: Decimal) -> Decimal:
    """What is written, else (not given, or not a number) the hours over a full week's."""
    try:
        return parse_decimal(value) if value is not None else hours / FULL_TIME_HOURS
    except BadValue:
        return hours / FULL_TIME_HOURS


def _salaries(data: dict[str, Any]) -> list[tuple[date, Decimal | None, int]]:
    salaries = []
    for i, item in enumerate(data.get("salary") or []):
        gross = item.get("gross_monthly")
        amount = parse_money(gross)[0] if gross is not None else None
        salaries.append((parse_date(item["valid_from"]), amount, i))
    return salaries
