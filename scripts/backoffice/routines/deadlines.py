"""The deadlines routines set: each step's next occurrence not yet done, and every earlier one
still open."""

from __future__ import annotations

from datetime import date

from backoffice.load.workspace import Workspace
from backoffice.report.deadlines import HORIZON, Deadline, deadline
from backoffice.routines.status import statuses


def routine_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """Overdue steps stay listed until done; of the steps ahead, only the next occurrence of
    each, so a monthly checklist does not fill the year."""
    found: list[Deadline] = []
    ahead: set[tuple[str, int]] = set()
    every = sorted(
        statuses(ws, date.min, as_of + HORIZON), key=lambda s: (s.due or date.max, s.routine.id)
    )
    for s in every:
        if s.done is not None or s.due is None:
            continue
        key = (s.routine.id, s.index)
        if s.due >= as_of:
            if key in ahead:
                continue
            ahead.add(key)
        found += deadline(
            s.routine,
            s.due,
            "routine",
            f"{s.routine.title()} {s.occurrence.label}: {s.step.get('title')}",
            owner=s.step.get("owner"),
            lead=(7, 0),
            stays_open=True,
        )
    return found
