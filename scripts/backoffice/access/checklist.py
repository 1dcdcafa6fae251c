"""On- and offboarding checklists drawn from the registers: the accounts a person holds (or that
colleagues in the same department hold) in the systems register, the assets in their custody,
and the licence seats assigned to them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import has_register
from backoffice.report.model import Column, Report, Row


@dataclass(frozen=True)
class Item:
    kind: str
    """account, asset or licence."""
    record: str
    what: str
    detail: str
    who: str
    """Who does it: the system's admin, the person handing back, the admin of the system the
    licence serves."""
    status: str


def _body(record: Record) -> dict[str, Any]:
    return record.data if isinstance(record.data, dict) else {}


def _list(ws: Workspace, register: str) -> list[Record]:
    return ws.register(register) if has_register(ws, register) else []


def leaving_day(person: Record) -> date | None:
    """The last day of employment: `end`, else the fixed term's end."""
    job = _body(person).get("employment")
    job = job if isinstance(job, dict) else {}
    return as_date(job.get("end")) or as_date(job.get("fixed_term_end"))


def grants(body: dict[str, Any]) -> list[dict[str, Any]]:
    listed = body.get("access")
    return [g for g in listed if isinstance(g, dict)] if isinstance(listed, list) else []


def _licence_admins(ws: Workspace) -> dict[str, str]:
    """The admin of the system each licence serves, by licence id."""
    admins = {}
    for system in _list(ws, "systems"):
        body = _body(system)
        if body.get("license"):
            admins[str(body["license"])] = str(body.get("admin") or body.get("owner") or "")
    return admins


def _employed_on(person: Record, day: date) -> bool:
    leaving = leaving_day(person)
    return leaving is None or leaving >= day


def _active(grant: dict[str, Any], day: date) -> bool:
    """Not revoked by `day`."""
    revoked = as_date(grant.get("revoked"))
    return revoked is None or revoked > day


def active_on(grant: dict[str, Any], day: date) -> bool:
    """Granted by `day` and not revoked by it."""
    granted = as_date(grant.get("granted"))
    return (granted is None or granted <= day) and _active(grant, day)


def offboarding(ws: Workspace, person: Record, day: date) -> list[Item]:
    """What closes on the leaving `day`: every grant still open after it, every asset in the
    person's custody, every licence seat assigned to them."""
    admins = _licence_admins(ws)
    items = []
    for system in _list(ws, "systems"):
        body = _body(system)
        for grant in grants(body):
            if grant.get("person") != person.id:
                continue
            revoked = as_date(grant.get("revoked"))
            status = f"closed {revoked}" if revoked and revoked <= day else "to close"
            items.append(
                Item(
                    "account",
                    system.id,
                    system.title(),
                    str(grant.get("role") or ""),
                    str(body.get("admin") or body.get("owner") or ""),
                    status,
                )
            )
    for asset in _list(ws, "assets"):
        body = _body(asset)
        if body.get("custodian") == person.id and not body.get("disposal"):
            items.append(
                Item(
                    "asset",
                    asset.id,
                    asset.title(),
                    str(body.get("serial_number") or ""),
                    person.id,
                    "to hand back",
                )
            )
    for licence in _list(ws, "licenses"):
        body = _body(licence)
        if person.id in (body.get("assigned_to") or []):
            items.append(
                Item(
                    "licence",
                    licence.id,
                    licence.title(),
                    f"{body.get('seats')} seats",
                    admins.get(licence.id, ""),
                    "seat to free",
                )
            )
    return items


def onboarding(ws: Workspace, person: Record, day: date) -> list[Item]:
    """What a joiner needs, as their department's colleagues have it: the accounts most of
    them hold (with the role most of them hold), the licence seats most of them have,
    and the assets already handed over."""
    admins = _licence_admins(ws)
    department = _body(person).get("department")
    people = _list(ws, "people")
    colleagues = {
        p.id
        for p in people
        if p.id != person.id and _body(p).get("department") == department and _employed_on(p, day)
    }
    items = []
    for system in _list(ws, "systems"):
        body = _body(system)
        held = grants(body)
        own = next((g for g in held if g.get("person") == person.id and _active(g, day)), None)
        roles = Counter(
            str(g.get("role")) for g in held if g.get("person") in colleagues and _active(g, day)
        )
        admin = str(body.get("admin") or body.get("owner") or "")
        if own is not None:
            items.append(
                Item(
                    "account",
                    system.id,
                    system.title(),
                    str(own.get("role") or ""),
                    admin,
                    f"opened {own.get('granted')}",
                )
            )
        elif roles and sum(roles.values()) * 2 > len(colleagues):
            role = roles.most_common(1)[0][0]
            items.append(Item("account", system.id, system.title(), role, admin, "to open"))
    for licence in _list(ws, "licenses"):
        body = _body(licence)
        assigned = set(body.get("assigned_to") or [])
        if person.id in assigned:
            items.append(
                Item(
                    "licence",
                    licence.id,
                    licence.title(),
                    "seat assigned",
                    admins.get(licence.id, ""),
                    "assigned",
                )
            )
        elif len(assigned & colleagues) * 2 > len(colleagues):
            free = (
                (body.get("seats") or 0) - len(assigned)
                if isinstance(body.get("seats"), int)
                else 0
            )
            items.append(
                Item(
                    "licence",
                    licence.id,
                    licence.title(),
                    f"{free} of {body.get('seats')} seats free",
                    admins.get(licence.id, ""),
                    "to assign" if free > 0 else "buy a seat",
                )
            )
    for asset in _list(ws, "assets"):
        body = _body(asset)
        if body.get("custodian") == person.id and not body.get("disposal"):
            items.append(Item("asset", asset.id, asset.title(), "", person.id, "handed over"))
    return items


def checklist_report(
    ws: Workspace, person: Record, kind: str, day: date, names: dict[str, str]
) -> Report:
    """One person's checklist as a report."""
    items = offboarding(ws, person, day) if kind == "offboarding" else onboarding(ws, person, day)
    return Report(
        name=f"{kind}-checklist",
        title=f"{kind.capitalize()}: {person.title()} ({person.id})",
        subtitle=("leaving on " if kind == "offboarding" else "joining on ") + day.isoformat(),
        period=None,
        as_of=day,
        columns=COLUMNS,
        rows=[_row(item, names) for item in items],
        totals=_totals(items),
    )


COLUMNS = [
    Column("kind", "Kind"),
    Column("record", "Record"),
    Column("what", "What"),
    Column("detail", "Role or detail"),
    Column("who_name", "Who"),
    Column("status", "Status"),
]
"""The columns of a checklist's items; the offboarding report shows them after whose and when."""


def _row(item: Item, names: dict[str, str], **extra: Any) -> Row:
    return Row(
        {
            **extra,
            "kind": item.kind,
            "record": item.record,
            "what": item.what,
            "detail": item.detail,
            "who": item.who,
            "who_name": names.get(item.who, item.who),
            "status": item.status,
        }
    )


def _totals(items: list[Item]) -> dict[str, Any]:
    done = ("closed", "opened", "assigned", "handed over")
    return {"items": len(items), "open": sum(1 for i in items if not i.status.startswith(done))}


LOOK_AHEAD = timedelta(days=90)
"""The offboarding report lists people leaving up to this far ahead (and 30 days back)."""


def offboarding_rows(
    ws: Workspace, day: date, names: dict[str, str]
) -> tuple[list[Row], dict[str, Any]]:
    """Every person leaving within 30 days before and `LOOK_AHEAD` after `day`, item by item."""
    rows: list[Row] = []
    items: list[Item] = []
    for person in _list(ws, "people"):
        leaving = leaving_day(person)
        if leaving is None or not day - timedelta(days=30) <= leaving <= day + LOOK_AHEAD:
            continue
        mine = offboarding(ws, person, leaving)
        items += mine
        rows += [
            _row(i, names, person=person.id, person_name=person.title(), leaving=leaving)
            for i in mine
        ]
    return rows, _totals(items)
