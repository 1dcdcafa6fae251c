"""Check rules of the systems register: access grants that outlive the person's employment,
that start before it, that end before they begin, that nobody approved, or that use a licence
seat nobody assigned."""

from __future__ import annotations

from datetime import date
from typing import Any

from backoffice.check.run import CheckOptions
from backoffice.core.clock import today
from backoffice.core.problems import Problem, Severity
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import has_register


def _day(value: Any) -> date | None:
    """A date written YYYY-MM-DD, or None for anything else (the schema reports it)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _employment(ws: Workspace) -> dict[str, tuple[date | None, date | None]]:
    """Each person's first and last day of employment, by id."""
    spans: dict[str, tuple[date | None, date | None]] = {}
    for person in ws.register("people"):
        job = person.data.get("employment") if isinstance(person.data, dict) else None
        job = job if isinstance(job, dict) else {}
        spans[person.id] = (_day(job.get("start")), _day(job.get("end")))
    return spans


def _grant_problems(
    record: Record, index: int, grant: dict[str, Any], span: tuple[date | None, date | None]
) -> list[Problem]:
    """The problems of one grant against the person's employment `span`."""
    found: list[Problem] = []
    person, granted, revoked = (
        grant.get("person"),
        _day(grant.get("granted")),
        _day(grant.get("revoked")),
    )
    start, end = span

    def at(field: str, code: str, message: str, severity: Severity = "error") -> None:
        line, column = record.position(
            ("access", index, field) if field in grant else ("access", index)
        )
        found.append(Problem(record.rel, line, column, code, message, severity))

    if granted and revoked and revoked < granted:
        at(
            "revoked",
            "ACCESS-DATES",
            f"grant to {person} revoked {revoked} before it was granted {granted}",
        )
    if granted and start and granted < start:
        at(
            "granted",
            "ACCESS-BEFORE-START",
            f"grant to {person} from {granted}, before they joined on {start}",
        )
    if end and (revoked is None or revoked > end):
        still = "is still active" if revoked is None else f"runs until {revoked}"
        at(
            "revoked",
            "ACCESS-LEAVER",
            f"{person} left on {end} but their {grant.get('role')} access {still}",
        )
    if "approver" not in grant:
        at("person", "ACCESS-NO-APPROVER", f"grant to {person} names no approver", "warning")
    return found


def access_grants(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Every grant of every system checked against the people register's employment dates."""
    spans = _employment(ws)
    found: list[Problem] = []
    for record in ws.register("systems"):
        grants = record.data.get("access") if isinstance(record.data, dict) else None
        for index, grant in enumerate(grants if isinstance(grants, list) else []):
            if isinstance(grant, dict):
                span = spans.get(str(grant.get("person")), (None, None))
                found += _grant_problems(record, index, grant, span)
    return found


def grants_without_seat(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """ACCESS-NO-SEAT, a warning: an active grant on a system whose licence (`license`) has no
    seat assigned to the person in the licences register, so the seats count is wrong."""
    if not has_register(ws, "licenses"):
        return []
    seats = {
        r.id: {str(p) for p in r.data.get("assigned_to") or []}
        for r in ws.register("licenses")
        if isinstance(r.data, dict) and isinstance(r.data.get("assigned_to"), list)
    }
    now = today()
    found = []
    for record in ws.register("systems"):
        body = record.data if isinstance(record.data, dict) else {}
        licence = str(body.get("license"))
        grants = body.get("access")
        if licence not in seats or not isinstance(grants, list):
            continue
        for index, grant in enumerate(grants):
            if not isinstance(grant, dict) or str(grant.get("person")) in seats[licence]:
                continue
            revoked = _day(grant.get("revoked"))
            if revoked is not None and revoked <= now:
                continue
            line, column = record.position(("access", index, "person"))
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "ACCESS-NO-SEAT",
                    f"{grant.get('person')} holds an active account but no seat of {licence} "
                    f"is assigned to them in the licences register",
                    "warning",
                )
            )
    return found
