"""What a person's record must say of itself beyond its schema: a salary that is one, an
employment that ends after it starts, a working week the law allows, and a birth date that the
national id agrees with. Problems stand on the person's own file, at the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from stdnum.cz import rc  # the Slovak birth number is built as the Czech one (stdnum.sk.rc)

from backoffice.core.problems import Problem
from backoffice.core.values import BadValue, as_date, as_money, get, parse_decimal
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.payroll.absences import absence_problems
from backoffice.payroll.law import MAX_WEEKLY_HOURS, WEEK_HOURS, Rule

LATER_DATES = ("end", "fixed_term_end", "probation_end")
"""Dates of an employment that cannot come before its start."""


def person_problems(ws: Workspace) -> list[Problem]:
    """Every person's record checked on its own."""
    return [p for record in ws.register("people") for p in record_problems(record)]


def record_problems(record: Record) -> list[Problem]:
    data = record.data if isinstance(record.data, dict) else {}
    return [
        *_salaries(record, data.get("salary")),
        *_employment_dates(record, data.get("employment")),
        *_absences(record, get(data, "leave", "absences")),
        *absence_problems(record, data),
        *_hours(record, data.get("employment")),
        *_birth_date(record, data.get("personal")),
    ]


def _problem(record: Record, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    return Problem(record.rel, *record.position(path), code, message)


def _salaries(record: Record, salaries: Any) -> list[Problem]:
    """A salary of zero or less pays nothing, or takes money from the person: never a salary
    (a correction is a deduction in a payroll run)."""
    found = []
    for i, item in enumerate(salaries if isinstance(salaries, list) else []):
        for key in ("gross_monthly", "hourly_rate"):
            amount = as_money(item.get(key)) if isinstance(item, dict) else None
            if amount is not None and amount[0] <= 0:
                found.append(
                    _problem(
                        record,
                        ("salary", i, key),
                        "PERSON-SALARY",
                        f"salary.{i}.{key} {item[key]} is not a salary: it must be more than zero",
                    )
                )
    return found


def _employment_dates(record: Record, employment: Any) -> list[Problem]:
    if not isinstance(employment, dict) or (start := as_date(employment.get("start"))) is None:
        return []
    found = []
    for key in LATER_DATES:
        day = as_date(employment.get(key))
        if day is not None and day < start:
            found.append(
                _problem(
                    record,
                    ("employment", key),
                    "PERSON-DATES",
                    f"employment.{key} {day} is before employment.start {start}",
                )
            )
    return found


def _absences(record: Record, absences: Any) -> list[Problem]:
    found = []
    for i, item in enumerate(absences if isinstance(absences, list) else []):
        first = as_date(item.get("from")) if isinstance(item, dict) else None
        last = as_date(item.get("to")) if isinstance(item, dict) else None
        if first is not None and last is not None and last < first:
            found.append(
                _problem(
                    record,
                    ("leave", "absences", i, "to"),
                    "PERSON-DATES",
                    f"leave.absences.{i}.to {last} is before its from {first}",
                )
            )
    return found


def _hours(record: Record, employment: Any) -> list[Problem]:
    """More than nothing, and no more than the law allows an employee (a contractor: no more
    than the week has)."""
    if not isinstance(employment, dict) or "hours_per_week" not in employment:
        return []
    try:
        hours = parse_decimal(employment["hours_per_week"])
    except BadValue:
        return []  # the schema says what is wrong with it
    if not hours.is_finite():
        return []  # not a number of hours at all: the schema bounds it
    path = ("employment", "hours_per_week")
    if hours <= 0:
        message = f"hours_per_week {hours} is not more than 0"
        return [_problem(record, path, "PERSON-HOURS", message)]
    if employment.get("contract_type") == "contractor":
        limit, why = WEEK_HOURS, f"the {WEEK_HOURS} hours of a week"
    else:
        rule = _weekly_limit(as_date(employment.get("start")), as_date(employment.get("end")))
        limit, why = rule.value, f"{rule.value}: {rule.source}"
    if hours > limit:
        return [
            _problem(record, path, "PERSON-HOURS", f"hours_per_week {hours} is more than {why}")
        ]
    return []


def _weekly_limit(start: date | None, end: date | None) -> Rule:
    """The strictest limit in force at any time of the employment."""
    first, last = start or date.min, end or date.max
    ends = [*(r.valid_from for r in MAX_WEEKLY_HOURS[1:]), date.max]
    spans = zip(MAX_WEEKLY_HOURS, ends, strict=True)
    during = [rule for rule, until in spans if rule.valid_from <= last and until > first]
    return min(during or MAX_WEEKLY_HOURS[:1], key=lambda r: r.value)


def _birth_date(record: Record, personal: Any) -> list[Problem]:
    """The birth number (rodné číslo) encodes the birth date; the two must agree. Neither
    value is printed: both are personal data."""
    if not isinstance(personal, dict):
        return []
    born, national_id = as_date(personal.get("birth_date")), personal.get("national_id")
    if born is None or not isinstance(national_id, str):
        return []
    if not rc.is_valid(national_id) or rc.get_birth_date(national_id) == born:
        return []  # agrees, or is no birth number at all (which the schema's check reports)
    return [
        _problem(
            record,
            ("personal", "birth_date"),
            "PERSON-BIRTH-DATE",
            "personal.birth_date differs from the birth date that personal.national_id encodes",
        )
    ]
