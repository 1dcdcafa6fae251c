"""Headcount: people employed at a date by department, with FTE, joiners and leavers; who is
employed when, and their FTE, as `backoffice.payroll.people` reads the register."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from backoffice.core.period import Period
from backoffice.load.workspace import Workspace
from backoffice.payroll.people import Person, employments
from backoffice.report.common import effective_as_of, has_register, skipped
from backoffice.report.model import Column, Report, Row

UNASSIGNED = "Unassigned"
"""The department of people whose record names none."""


def headcount_at(staff: list[Person], day: date) -> tuple[int, Decimal]:
    """People employed on `day` and their FTE."""
    on = [e for e in staff if e.employed_on(day)]
    return len(on), sum((e.fte for e in on), Decimal(0))


def headcount(staff: list[Person], period: Period, as_of: date) -> Report:
    by_department: dict[str, list[Person]] = defaultdict(list)
    for person in staff:
        by_department[person.department or UNASSIGNED].append(person)
    rows: list[Row] = []
    keys = ("start", "joiners", "leavers", "headcount", "fte")
    totals: dict[str, int | Decimal] = {k: 0 for k in keys}
    totals["fte"] = Decimal(0)
    names: dict[str, list[str]] = defaultdict(list)
    for department in sorted(by_department):
        members = by_department[department]
        joiners = [e for e in members if period.start <= e.start <= period.end]
        leavers = [e for e in members if e.end is not None and period.start <= e.end <= period.end]
        count, fte = headcount_at(members, as_of)
        values: dict[str, int | Decimal] = {
            "start": headcount_at(members, period.start)[0],
            "joiners": len(joiners),
            "leavers": len(leavers),
            "headcount": count,
            "fte": fte,
        }
        for key, value in values.items():
            totals[key] += value
        names["joined"] += [f"{e.name} ({e.start.isoformat()})" for e in joiners]
        names["left"] += [f"{e.name} ({e.end.isoformat()})" for e in leavers if e.end]
        rows.append(Row({"department": department, **values}))
    rows.append(Row({"department": "Total", **totals}, "total"))
    notes = [f"Joined: {', '.join(names['joined'])}."] if names["joined"] else []
    notes += [f"Left: {', '.join(names['left'])}."] if names["left"] else []
    return Report(
        name="headcount",
        title="Headcount",
        subtitle=(
            f"at {as_of.isoformat()}; joiners and leavers "
            f"{period.start.isoformat()} – {period.end.isoformat()}"
        ),
        period=period,
        as_of=as_of,
        columns=[
            Column("department", "Department"),
            Column("start", f"At {period.start.isoformat()}", "number"),
            Column("joiners", "Joiners", "number"),
            Column("leavers", "Leavers", "number"),
            Column("headcount", f"At {as_of.isoformat()}", "number"),
            Column("fte", "FTE", "number"),
        ],
        rows=rows,
        totals=totals,
        notes=notes,
    )


def headcount_report(ws: Workspace, period: Period, as_of: date) -> Report:
    if not has_register(ws, "people"):
        return skipped("headcount", "Headcount", period, as_of, "No records/people/ register.")
    return headcount(employments(ws.register("people")), period, effective_as_of(ws, period, as_of))
