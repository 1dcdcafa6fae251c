"""The period lock in a diff: periods closed, reopened or closed again from one tree's
``ledger/closed.lock`` to the other's, and lines of it that `backoffice close` did not write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backoffice.core.problems import Problem
from backoffice.review.diff.trees import Tree
from backoffice.review.lock import ClosedPeriod, read_lock


@dataclass
class LockChange:
    status: str
    """closed, reopened, closed again, or invalid (a line that is not a closed period)."""
    period: str = ""
    start: str | None = None
    """None for the first closed period: from the beginning of the books."""
    end: str = ""
    entries: int = 0
    entries_before: int | None = None
    """For a period closed again: how many entries it held before."""
    line: int = 0
    """Where the line is in the lock file of the side it is read from."""
    problem: str = ""


def lock_changes(base: Tree, head: Tree) -> list[LockChange]:
    """Closed periods that differ between the two trees, matched by label and dates (the same
    period with another hash was closed again after its entries changed), then the lines of
    the head's lock file that no longer read as closed periods."""
    before, old_problems = _read(base)
    after, problems = _read(head)
    old = {_key(p): p for p in before}
    new = {_key(p) for p in after}
    changes = [_change("reopened", p) for p in before if _key(p) not in new]
    for period in after:
        was = old.get(_key(period))
        if was is None:
            changes.append(_change("closed", period))
        elif (was.digest, was.entries) != (period.digest, period.entries):
            changes.append(_change("closed again", period, was.entries))
    changes.sort(key=lambda c: (c.end, c.status))
    seen = {(p.line, p.message) for p in old_problems}
    changes += [
        LockChange("invalid", line=p.line, problem=p.message)
        for p in problems
        if (p.line, p.message) not in seen
    ]
    return changes


def _read(tree: Tree) -> tuple[list[ClosedPeriod], list[Problem]]:
    read = read_lock(tree.root)
    return read if read is not None else ([], [])


def _key(period: ClosedPeriod) -> tuple[str, date | None, date]:
    return (period.label, period.start, period.end)


def _change(status: str, period: ClosedPeriod, before: int | None = None) -> LockChange:
    start = period.start.isoformat() if period.start is not None else None
    return LockChange(
        status, period.label, start, period.end.isoformat(), period.entries, before, period.line
    )
