"""What shows a step done: one of four kinds of evidence in the repository, or a mark by hand.

- ``period-closed``: ledger/closed.lock closes the books through the period's last day;
- ``payroll-run``: the payroll run of the period's last month is on file (records/payroll/);
- ``ledger-link``: a ledger transaction carries the link ``^<link>`` ({period} filled in), and
  posts to ``account`` (or an account below it) when the evidence names one: a payment;
- ``file``: a file at ``path`` ({period} filled in) exists in the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from beancount.core import data

from backoffice.core.values import as_date
from backoffice.load.workspace import Workspace
from backoffice.report.common import has_register
from backoffice.routines.calendar import Occurrence

LOCK = Path("ledger") / "closed.lock"


@dataclass(frozen=True)
class Done:
    """A step is done for an occurrence: how we know, and when, where that is known."""

    how: str
    day: date | None


class EvidenceError(ValueError):
    """The evidence a step names cannot be looked for (no link, a path outside)."""


def _closed_through(ws: Workspace) -> date | None:
    """The last day ledger/closed.lock closes (the third column of its lines)."""
    try:
        text = (ws.root / LOCK).read_text(encoding="utf-8")
    except OSError:
        return None
    days = [
        as_date(line.split("\t")[2])
        for line in text.splitlines()
        if line and not line.startswith("#") and len(line.split("\t")) > 2
    ]
    return max((d for d in days if d is not None), default=None)


def _linked(ws: Workspace) -> dict[str, list[data.Transaction]]:
    """The ledger's transactions by link."""

    def build() -> dict[str, list[data.Transaction]]:
        found: dict[str, list[data.Transaction]] = {}
        if not (ws.root / "ledger" / "main.beancount").is_file():
            return found
        for entry in ws.ledger.entries:
            if isinstance(entry, data.Transaction):
                for link in entry.links or ():
                    found.setdefault(link, []).append(entry)
        return found

    return ws.derived(("routine-links",), build)


def _first_linked(ws: Workspace, link: str, account: str) -> date | None:
    """The first date of a transaction with the link that posts to `account` or below it
    (any account when empty)."""
    days = [
        t.date
        for t in _linked(ws).get(link, [])
        if not account
        or any(p.account == account or p.account.startswith(account + ":") for p in t.postings)
    ]
    return min(days, default=None)


def _inside(ws: Workspace, rel: str) -> Path:
    path = Path(rel)
    if path.is_absolute() or ".." in path.parts:
        raise EvidenceError(f"evidence path {rel!r} is not a path inside the repository")
    return ws.root / path


def check_evidence(evidence: Any) -> None:
    """EvidenceError when the evidence lacks what its kind needs."""
    if not isinstance(evidence, dict):
        return
    kind = evidence.get("kind")
    if kind == "ledger-link" and not evidence.get("link"):
        raise EvidenceError("ledger-link evidence names no link")
    if kind == "file":
        if not evidence.get("path"):
            raise EvidenceError("file evidence names no path")
        path = Path(str(evidence["path"]))
        if path.is_absolute() or ".." in path.parts:
            raise EvidenceError(f"evidence path {evidence['path']!r} is not inside the repository")


def evidence_for(ws: Workspace, evidence: Any, occurrence: Occurrence) -> Done | None:
    """The step's evidence for the occurrence, when the repository has it."""
    if not isinstance(evidence, dict):
        return None
    kind = evidence.get("kind")
    if kind == "period-closed":
        through = _closed_through(ws)
        return Done("closed.lock", None) if through and through >= occurrence.end else None
    if kind == "payroll-run":
        month = occurrence.end.strftime("%Y-%m")
        runs = ws.register("payroll") if has_register(ws, "payroll") else []
        run = next(
            (r for r in runs if isinstance(r.data, dict) and str(r.data.get("period")) == month),
            None,
        )
        return Done(f"payroll run {month}", as_date(run.data.get("date"))) if run else None
    if kind == "ledger-link" and evidence.get("link"):
        link = str(evidence["link"]).replace("{period}", occurrence.label)
        day = _first_linked(ws, link, str(evidence.get("account") or ""))
        return Done(f"^{link}", day) if day else None
    if kind == "file" and evidence.get("path"):
        rel = str(evidence["path"]).replace("{period}", occurrence.label)
        try:
            return Done(rel, None) if _inside(ws, rel).is_file() else None
        except EvidenceError:
            return None
    return None


def by_hand(step: dict[str, Any], occurrence: Occurrence) -> Done | None:
    """The step's `done` mark for the occurrence."""
    marks = step.get("done")
    for mark in marks if isinstance(marks, list) else []:
        if isinstance(mark, dict) and str(mark.get("period")) == occurrence.label:
            return Done("marked done", as_date(mark.get("date")))
    return None
