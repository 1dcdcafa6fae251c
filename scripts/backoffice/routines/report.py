"""The routines of a period: every step of every occurrence, its owner, due date and status."""

from __future__ import annotations

from datetime import date

from backoffice.core.period import Period
from backoffice.load.workspace import Workspace
from backoffice.report.common import (
    effective_as_of,
    has_register,
    owner_name,
    people_names,
    skipped,
)
from backoffice.report.model import Column, Report, Row
from backoffice.routines.status import statuses


def routines_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """The occurrences whose period ends within `period`, step by step: done (and how we know),
    overdue, due today or open at the as-of date."""
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, "routines"):
        return skipped("routines", "Routines", period, day, "No records/routines/ register.")
    names = people_names(ws)
    rows = []
    totals = {"steps": 0, "done": 0, "overdue": 0, "open": 0}
    found = sorted(
        statuses(ws, period.start, period.end),
        key=lambda s: (s.occurrence.end, s.routine.id, s.index),
    )
    for s in found:
        state = s.status(day)
        totals["steps"] += 1
        totals["done"] += state == "done"
        totals["overdue"] += state == "overdue"
        totals["open"] += state in ("open", "due today")
        rows.append(
            Row(
                {
                    "period": s.occurrence.label,
                    "routine": s.routine.id,
                    "routine_name": s.routine.title(),
                    "step": str(s.step.get("id") or ""),
                    "title": str(s.step.get("title") or ""),
                    "owner": str(s.step.get("owner") or ""),
                    "owner_name": owner_name(str(s.step.get("owner") or ""), names),
                    "due": s.due,
                    "status": state,
                    "evidence": (
                        f"{s.done.how}" + (f" {s.done.day.isoformat()}" if s.done.day else "")
                        if s.done
                        else s.error
                    ),
                }
            )
        )
    return Report(
        name="routines",
        title="Routines",
        subtitle=f"steps of the periods ending {period.start.isoformat()} to "
        f"{period.end.isoformat()}, at {day.isoformat()}",
        period=period,
        as_of=day,
        columns=[
            Column("period", "Period"),
            Column("routine_name", "Routine"),
            Column("title", "Step"),
            Column("owner_name", "Owner"),
            Column("due", "Due", "date"),
            Column("status", "Status"),
            Column("evidence", "Done by / why no date"),
        ],
        rows=rows,
        totals=totals,
        notes=[] if rows else ["No routine has an occurrence whose period ends in this period."],
    )
