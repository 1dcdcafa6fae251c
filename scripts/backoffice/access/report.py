"""The systems report (who may do what where, and what needs attention) and the offboarding
report (what closes when someone leaves)."""

from __future__ import annotations

from datetime import date

from backoffice.access.checklist import COLUMNS, LOOK_AHEAD, active_on, grants, offboarding_rows
from backoffice.core.period import Period
from backoffice.core.values import as_date
from backoffice.load.workspace import Workspace
from backoffice.report.common import effective_as_of, has_register, people_names, skipped
from backoffice.report.model import Column, Report, Row


def systems_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Per system: owner, admin, licence and its seats, active grants, grants of leavers still
    open, grants without approver, and the next access review (overdue flagged)."""
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, "systems"):
        return skipped(
            "systems", "Systems and access", period, day, "No records/systems/ register."
        )
    names = people_names(ws)
    leavers = {}
    for person in ws.register("people") if has_register(ws, "people") else []:
        job = person.data.get("employment") if isinstance(person.data, dict) else None
        end = as_date(job.get("end")) if isinstance(job, dict) else None
        if end is not None:
            leavers[person.id] = end
    licences = {r.id: r for r in ws.register("licenses")} if has_register(ws, "licenses") else {}
    rows = []
    totals = {
        "systems": 0,
        "active_grants": 0,
        "leavers_open": 0,
        "no_approver": 0,
        "reviews_overdue": 0,
    }
    for system in ws.register("systems"):
        body = system.data if isinstance(system.data, dict) else {}
        held = grants(body)
        active = [g for g in held if active_on(g, day)]
        open_leavers = [
            g
            for g in active
            if str(g.get("person")) in leavers and leavers[str(g.get("person"))] < day
        ]
        review = as_date(body.get("next_access_review"))
        licence = licences.get(str(body.get("license")))
        lic_body = licence.data if licence is not None and isinstance(licence.data, dict) else {}
        seats = (
            f"{len(lic_body.get('assigned_to') or [])}/{lic_body.get('seats')}" if licence else ""
        )
        rows.append(
            Row(
                {
                    "system": system.id,
                    "name": system.title(),
                    "owner": str(body.get("owner") or ""),
                    "owner_name": names.get(str(body.get("owner")), str(body.get("owner") or "")),
                    "admin_name": names.get(str(body.get("admin")), str(body.get("admin") or "")),
                    "license": str(body.get("license") or ""),
                    "seats": seats,
                    "active": len(active),
                    "leavers_open": len(open_leavers),
                    "no_approver": sum(1 for g in held if "approver" not in g),
                    "next_review": review,
                    "review": "overdue" if review is not None and review < day else "",
                }
            )
        )
        totals["systems"] += 1
        totals["active_grants"] += len(active)
        totals["leavers_open"] += len(open_leavers)
        totals["no_approver"] += rows[-1].cells["no_approver"]
        totals["reviews_overdue"] += rows[-1].cells["review"] == "overdue"
    return Report(
        name="systems",
        title="Systems and access",
        subtitle=f"grants active at {day.isoformat()}",
        period=period,
        as_of=day,
        columns=[
            Column("system", "Id"),
            Column("name", "System"),
            Column("owner_name", "Owner"),
            Column("admin_name", "Admin"),
            Column("license", "Licence"),
            Column("seats", "Seats used"),
            Column("active", "Active grants", "number"),
            Column("leavers_open", "Leavers still in", "number"),
            Column("no_approver", "Without approver", "number"),
            Column("next_review", "Next review", "date"),
            Column("review", "Review"),
        ],
        rows=rows,
        totals=totals,
    )


def offboarding_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Everyone leaving from 30 days before the as-of date to 90 days after it: the accounts
    to close, the assets to hand back and the licence seats to free."""
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, "people"):
        return skipped("offboarding", "Offboarding", period, day, "No records/people/ register.")
    rows, totals = offboarding_rows(ws, day, people_names(ws))
    return Report(
        name="offboarding",
        title="Offboarding",
        subtitle=f"people leaving from 30 days before to {LOOK_AHEAD.days} days after "
        f"{day.isoformat()}",
        period=period,
        as_of=day,
        columns=[
            Column("person_name", "Person"),
            Column("leaving", "Leaving", "date"),
            *COLUMNS,
        ],
        rows=rows,
        totals=totals,
    )
