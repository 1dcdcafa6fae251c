"""Check rules of the routines: a step whose due date cannot be computed, evidence that cannot
be looked for, a `done` mark for no occurrence, and an owner who has left."""

from __future__ import annotations

from datetime import date, timedelta

from backoffice.check.run import CheckOptions
from backoffice.core.clock import today
from backoffice.core.problems import Problem
from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import has_register
from backoffice.routines.calendar import DueError, days_of_rest, due_date, occurrences, routines
from backoffice.routines.evidence import EvidenceError, check_evidence
from backoffice.routines.status import steps

AHEAD = timedelta(days=366)
"""Due dates are checked for the occurrences up to a year ahead (a day 31 in a short month);
those of periods not yet ended may still wait for next year's days of rest."""


def _problem(record: Record, path: tuple[str | int, ...], code: str, message: str) -> Problem:
    line, column = record.position(path)
    return Problem(record.rel, line, column, code, message)


def due_dates(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """ROUTINE-DUE: a step whose due date cannot be computed for one of its occurrences (once
    per step, at its `due`)."""
    now, rest = today(), days_of_rest(ws)
    found = []
    for record in routines(ws):
        body = record.data if isinstance(record.data, dict) else {}
        every = list(occurrences(body, date.min, now + AHEAD))
        for index, step in steps(body):
            for occurrence in every:
                try:
                    due_date(step.get("due"), occurrence, rest)
                except DueError as error:
                    if "days of rest" in str(error) and occurrence.end >= now:
                        continue
                    found.append(
                        _problem(
                            record,
                            ("steps", index, "due"),
                            "ROUTINE-DUE",
                            f"step {step.get('id')} of {occurrence.label}: {error}",
                        )
                    )
                    break
    return found


def evidence_and_marks(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """ROUTINE-EVIDENCE: evidence without what its kind needs; ROUTINE-DONE: a `done` mark for
    a period that is no occurrence of the routine."""
    found = []
    for record in routines(ws):
        body = record.data if isinstance(record.data, dict) else {}
        labels = {o.label for o in occurrences(body, date.min, date(2999, 12, 31))}
        for index, step in steps(body):
            try:
                check_evidence(step.get("evidence"))
            except EvidenceError as error:
                found.append(
                    _problem(record, ("steps", index, "evidence"), "ROUTINE-EVIDENCE", str(error))
                )
            marks = step.get("done")
            for i, mark in enumerate(marks if isinstance(marks, list) else []):
                period = mark.get("period") if isinstance(mark, dict) else None
                if period is not None and str(period) not in labels:
                    found.append(
                        _problem(
                            record,
                            ("steps", index, "done", i, "period"),
                            "ROUTINE-DONE",
                            f"step {step.get('id')} is marked done for {period}, which is no "
                            f"{body.get('every')} of the routine (from {body.get('start')})",
                        )
                    )
    return found


def owners_who_left(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """ROUTINE-OWNER: a routine or step still running whose owner has left the company (an
    owner unknown to the people register is REF-UNKNOWN)."""
    if not has_register(ws, "people"):
        return []
    left: dict[str, date] = {}
    for person in ws.register("people"):
        job = person.data.get("employment") if isinstance(person.data, dict) else None
        end = as_date(job.get("end")) if isinstance(job, dict) else None
        if end is not None:
            left[person.id] = end
    now = today()
    found = []
    for record in routines(ws):
        body = record.data if isinstance(record.data, dict) else {}
        last = body.get("end")
        if last is not None and str(last) < now.strftime("%Y-%m"):
            continue
        owned = [(("owner",), body.get("owner"))] + [
            (("steps", i, "owner"), s.get("owner")) for i, s in steps(body)
        ]
        for path, owner in owned:
            end = left.get(str(owner))
            if end is not None and end < now:
                found.append(
                    _problem(
                        record,
                        path,
                        "ROUTINE-OWNER",
                        f"{owner} left on {end} but still owns "
                        + ("the routine" if len(path) == 1 else f"step {path[1] + 1}"),
                    )
                )
    return found
