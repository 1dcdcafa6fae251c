"""Check rules of the timesheets: hours on days a person was absent or not employed, more
hours in a day than it holds, hours on a project outside its dates or after it closed, hours
billed by another customer's invoice, a file that is not named by its person and month, and
billable hours no rate can price."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from backoffice.check.run import CheckOptions
from backoffice.core.problems import Problem, Severity
from backoffice.core.values import as_date, as_decimal
from backoffice.load.workspace import Workspace
from backoffice.projects.model import Entry, entries, people, projects

LIMITS = Path(__file__).with_name("working-time.yaml")


@dataclass(frozen=True)
class DayLimit:
    valid_from: date
    day_hours: Decimal
    warn_above: Decimal


def day_limits() -> list[DayLimit]:
    """The limits of hours a day holds, latest first (shipped with the package, with sources)."""
    found = []
    for item in yaml.safe_load(LIMITS.read_text(encoding="utf-8")):
        found.append(
            DayLimit(
                as_date(item["valid_from"]) or date.min,
                as_decimal(item["day_hours"]) or Decimal(24),
                as_decimal(item["warn_above"]) or Decimal(24),
            )
        )
    return sorted(found, key=lambda limit: limit.valid_from, reverse=True)


def _limit(day: date, limits: list[DayLimit]) -> DayLimit:
    return next((lim for lim in limits if lim.valid_from <= day), limits[-1])


def _problem(entry: Entry, key: str, code: str, message: str, sev: Severity = "error") -> Problem:
    line, column = entry.position(key)
    return Problem(entry.record.rel, line, column, code, message, sev)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f} h"


def _file_problems(ws: Workspace) -> list[Problem]:
    """TIME-FILE: a timesheet not at records/timesheets/<month>/<person>-<month>.yaml, and
    TIME-MONTH: an entry outside the timesheet's month."""
    found = []
    for record in ws.register("timesheets"):
        body = record.data if isinstance(record.data, dict) else {}
        person, month = body.get("person"), str(body.get("month"))
        expected = f"records/timesheets/{month}/{person}-{month}.yaml"
        if isinstance(person, str) and record.rel != expected:
            line, column = record.position(("person",))
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "TIME-FILE",
                    f"the timesheet of {person} for {month} belongs at {expected}",
                )
            )
    for entry in entries(ws):
        month = str(entry.record.data.get("month"))
        if entry.day.isoformat()[:7] != month:
            found.append(
                _problem(
                    entry,
                    "day",
                    "TIME-MONTH",
                    f"{entry.day} is not in the timesheet's month {month}",
                )
            )
    return found


def _person_problems(ws: Workspace, entry: Entry) -> list[Problem]:
    """Hours on a day the person was not employed or was absent."""
    person = people(ws).get(entry.person)
    if person is None:
        return []  # REF-UNKNOWN from the schema
    if not person.employed(entry.day):
        joined = (
            f"joined on {person.start}"
            if person.start and entry.day < person.start
            else (f"left on {person.end}")
        )
        return [
            _problem(
                entry,
                "day",
                "TIME-NOT-EMPLOYED",
                f"{_hours(entry.hours)} on "
                f"{entry.project} on {entry.day}, but {entry.person} {joined}",
            )
        ]
    absence = person.absence(entry.day)
    if absence is not None:
        return [
            _problem(
                entry,
                "day",
                "TIME-ABSENT",
                f"{_hours(entry.hours)} on {entry.project} on "
                f"{entry.day}, a day of {entry.person}'s absence from {absence[0]} to "
                f"{absence[1]} (correct the timesheet or the absence)",
            )
        ]
    return []


def _project_problems(ws: Workspace, entry: Entry) -> list[Problem]:
    """Hours on a project by someone not on its team, before it started, after it ended, or
    after it closed."""
    project = projects(ws).get(entry.project)
    if project is None:
        return []  # REF-UNKNOWN from the schema
    if entry.person not in project.roles:
        return [
            _problem(
                entry,
                "project",
                "TIME-NOT-ON-TEAM",
                f"{entry.person} is not on the team "
                f"of {project.id}: add them with their role (it prices their hours)",
            )
        ]
    if project.start and entry.day < project.start:
        return [
            _problem(
                entry,
                "day",
                "TIME-PROJECT-DATES",
                f"{_hours(entry.hours)} on "
                f"{project.id} on {entry.day}, before it starts on {project.start}",
            )
        ]
    if project.end and entry.day > project.end:
        code, what = (
            ("TIME-PROJECT-CLOSED", "closed")
            if project.status == "closed"
            else ("TIME-PROJECT-DATES", "ends")
        )
        return [
            _problem(
                entry,
                "day",
                code,
                f"{_hours(entry.hours)} on {project.id} on "
                f"{entry.day}, after it {what} on {project.end}",
            )
        ]
    return []


def _invoice_problems(ws: Workspace) -> list[Problem]:
    """TIME-INVOICE: hours marked billed by an invoice to another customer than the project's,
    or hours that are not billable."""
    customers = {
        r.id: r.data.get("customer") for r in ws.register("invoices") if isinstance(r.data, dict)
    }
    known = projects(ws)
    found = []
    for entry in entries(ws):
        project = known.get(entry.project)
        if entry.invoice is None or project is None or entry.invoice not in customers:
            continue
        if not entry.billable:
            found.append(
                _problem(
                    entry,
                    "invoice",
                    "TIME-INVOICE",
                    f"{_hours(entry.hours)} on "
                    f"{entry.day} are not billable but marked billed by {entry.invoice}",
                )
            )
        elif customers[entry.invoice] != project.customer:
            found.append(
                _problem(
                    entry,
                    "invoice",
                    "TIME-INVOICE",
                    f"{entry.invoice} is an invoice to "
                    f"{customers[entry.invoice]}, not to {project.id}'s customer "
                    f"{project.customer}",
                )
            )
    return found


def _day_problems(ws: Workspace) -> list[Problem]:
    """TIME-DAY: more hours in a person's day than a day holds (error) or than the Labour Code
    lets anyone work in it (warning), reported at the day's last entry."""
    limits = day_limits()
    by_day: dict[tuple[str, date], list[Entry]] = defaultdict(list)
    for entry in entries(ws):
        by_day[(entry.person, entry.day)].append(entry)
    found = []
    for (person, day), group in sorted(by_day.items()):
        total = sum((e.hours for e in group), Decimal(0))
        limit = _limit(day, limits)
        if total > limit.day_hours:
            found.append(
                _problem(
                    group[-1],
                    "hours",
                    "TIME-DAY",
                    f"{person} recorded {_hours(total)} "
                    f"on {day}: a day holds {_hours(limit.day_hours)}",
                )
            )
        elif total > limit.warn_above:
            found.append(
                _problem(
                    group[-1],
                    "hours",
                    "TIME-DAY",
                    f"{person} recorded {_hours(total)} "
                    f"on {day}, more than the {_hours(limit.warn_above)} the Labour Code "
                    "allows in 24 hours (§ 85(4), § 87(4), § 92(1))",
                    "warning",
                )
            )
    return found


def _rate_problems(ws: Workspace) -> list[Problem]:
    """PROJECT-RATE: a billable project's team member whose hours no rate prices, and a rate
    for a role nobody on the team has."""
    found = []
    for project in projects(ws).values():
        if not project.billable:
            continue
        team = project.record.data.get("team") or []
        for index, member in enumerate(team):
            person = str(member.get("person")) if isinstance(member, dict) else ""
            if person and project.rate_for(person)[1] is None:
                line, column = project.record.position(("team", index))
                found.append(
                    Problem(
                        project.record.rel,
                        line,
                        column,
                        "PROJECT-RATE",
                        f"no rate for {person} (role {project.roles.get(person)!r}) on the "
                        "billable project: give their role or them a rate",
                    )
                )
    return found


def timesheets(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every timesheet entry against the people's employment and absences, its project's
    dates and status, and the hours a day holds; every billable project's rates."""
    found = _file_problems(ws)
    for entry in entries(ws):
        found += _person_problems(ws, entry)
        found += _project_problems(ws, entry)
    return found + _invoice_problems(ws) + _day_problems(ws) + _rate_problems(ws)


def budgets(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """PROJECT-BUDGET, a warning: an open project whose hours, or their value at its rates,
    have passed its budget, so the customer hears of it before the next invoice."""
    spent: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries(ws):
        spent[entry.project].append(entry)
    found = []
    for project in projects(ws).values():
        mine = spent.get(project.id, [])
        hours = sum((e.hours for e in mine), Decimal(0))
        value = project.value(mine)
        over = []
        if project.budget_hours is not None and hours > project.budget_hours:
            over.append(f"{_hours(hours)} of {_hours(project.budget_hours)}")
        if project.budget_amount is not None and value > project.budget_amount.price:
            over.append(
                f"{value} of {project.budget_amount.price} {project.budget_amount.currency}"
            )
        if over and project.status == "open":
            line, column = project.record.position(("budget",))
            found.append(
                Problem(
                    project.record.rel,
                    line,
                    column,
                    "PROJECT-BUDGET",
                    f"{project.id} is over its budget: {' and '.join(over)}",
                    "warning",
                )
            )
    return found
