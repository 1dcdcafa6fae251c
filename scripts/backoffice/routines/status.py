"""Each step of each occurrence with its due date and status: done (by evidence or by hand),
overdue, due today, open, or cannot be computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.routines.calendar import (
    DaysOfRest,
    DueError,
    Occurrence,
    days_of_rest,
    due_date,
    occurrences,
    routines,
)
from backoffice.routines.evidence import Done, by_hand, evidence_for


@dataclass(frozen=True)
class StepStatus:
    routine: Record
    index: int
    step: dict[str, Any]
    occurrence: Occurrence
    due: date | None
    done: Done | None
    error: str = ""

    def status(self, as_of: date) -> str:
        if self.done is not None:
            return "done"
        if self.due is None:
            return "no date"
        if self.due < as_of:
            return "overdue"
        return "due today" if self.due == as_of else "open"


def steps(body: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    listed = body.get("steps")
    return [
        (i, s)
        for i, s in enumerate(listed if isinstance(listed, list) else [])
        if isinstance(s, dict)
    ]


def step_status(
    ws: Workspace,
    record: Record,
    index: int,
    step: dict[str, Any],
    occurrence: Occurrence,
    rest: DaysOfRest,
) -> StepStatus:
    done = by_hand(step, occurrence) or evidence_for(ws, step.get("evidence"), occurrence)
    try:
        return StepStatus(
            record, index, step, occurrence, due_date(step.get("due"), occurrence, rest), done
        )
    except DueError as error:
        return StepStatus(record, index, step, occurrence, None, done, str(error))


def statuses(ws: Workspace, start: date, end: date) -> list[StepStatus]:
    """Every step of every routine occurrence whose period ends between `start` and `end`."""
    rest = days_of_rest(ws)
    found: list[StepStatus] = []
    for record in routines(ws):
        body = record.data if isinstance(record.data, dict) else {}
        for occurrence in occurrences(body, start, end):
            for index, step in steps(body):
                found.append(step_status(ws, record, index, step, occurrence, rest))
    return found
