"""Risk register: open risks by residual score, the 5×5 heat maps, overdue reviews, gaps.

A score is likelihood × impact (1–5 each). The next review is ``next_review`` when given, else
``last_review`` + ``review_interval``. Closed risks are left out. Incidents per risk come from
both sides: the risk's ``incidents`` and the incidents' ``risks``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from backoffice.core.period import Period
from backoffice.core.values import as_date, get
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import (
    Duration,
    effective_as_of,
    has_register,
    owner_name,
    people_names,
    skipped,
)
from backoffice.report.model import Column, Report, Row

SCALE = range(1, 6)


def rating(body: Any, key: str) -> tuple[int, int] | None:
    """(likelihood, impact) of the inherent or residual rating, each 1–5."""
    likelihood, impact = get(body, key, "likelihood"), get(body, key, "impact")
    valid = isinstance(likelihood, int) and isinstance(impact, int)
    if valid and likelihood in SCALE and impact in SCALE:
        return likelihood, impact
    return None


def next_review(body: Any) -> date | None:
    override = as_date(body.get("next_review"))
    if override is not None:
        return override
    last, interval = as_date(body.get("last_review")), Duration.parse(body.get("review_interval"))
    return interval.after(last) if last is not None and interval is not None else None


def heat_map(ratings: list[tuple[int, int]]) -> list[list[int]]:
    """Counts per cell: rows are impact 5 down to 1, columns likelihood 1 to 5."""
    grid = [[0] * 5 for _ in SCALE]
    for likelihood, impact in ratings:
        grid[5 - impact][likelihood - 1] += 1
    return grid


def incidents_per_risk(risks: list[Record], incidents: list[Record]) -> dict[str, set[str]]:
    linked: dict[str, set[str]] = defaultdict(set)
    for risk in risks:
        for incident in get(risk.data, "incidents") or []:
            linked[risk.id].add(str(incident))
    for incident in incidents:
        for risk_id in get(incident.data, "risks") or []:
            linked[str(risk_id)].add(incident.id)
    return linked


def risks_table(
    risks: list[Record],
    incidents: list[Record],
    period: Period,
    as_of: date,
    names: dict[str, str] | None = None,
) -> Report:
    """Open risks, those with a residual score first (highest first), then those not yet
    rated after treatment (by their inherent score); owners by name where `names` has them."""
    linked = incidents_per_risk(risks, incidents)
    open_risks = [r for r in risks if isinstance(r.data, dict) and r.data.get("status") != "closed"]
    inherent: list[tuple[int, int]] = []
    residual: list[tuple[int, int]] = []
    entries = []
    for risk in open_risks:
        body = risk.data
        before, after = rating(body, "inherent"), rating(body, "residual")
        if before:
            inherent.append(before)
        if after:
            residual.append(after)
        score = after[0] * after[1] if after else (before[0] * before[1] if before else 0)
        entries.append((risk, body, before, after, score))
    entries.sort(key=lambda e: (e[3] is None, -e[4], e[0].id))
    rows: list[Row] = []
    overdue: list[str] = []
    gaps: list[str] = []
    for risk, body, before, after, score in entries:
        review = next_review(body)
        late = review is not None and review < as_of
        if late:
            overdue.append(risk.id)
        missing = [k for k in ("owner", "treatment") if not body.get(k)]
        if missing:
            gaps.append(f"{risk.id} has no {' and no '.join(missing)}")
        rows.append(
            Row(
                {
                    "risk": risk.id,
                    "title": str(body.get("title") or ""),
                    "category": str(body.get("category") or ""),
                    "owner": str(body.get("owner") or ""),
                    "owner_name": owner_name(body.get("owner"), names or {}),
                    "treatment": str(body.get("treatment") or ""),
                    "inherent": before[0] * before[1] if before else None,
                    "inherent_likelihood": before[0] if before else None,
                    "inherent_impact": before[1] if before else None,
                    "residual": score if after else None,
                    "residual_likelihood": after[0] if after else None,
                    "residual_impact": after[1] if after else None,
                    "status": str(body.get("status") or ""),
                    "next_review": review,
                    "review": "overdue" if late else "",
                    "incidents": len(linked.get(risk.id, ())),
                }
            )
        )
    notes = []
    if overdue:
        notes.append(f"Reviews overdue at {as_of.isoformat()}: {', '.join(overdue)}.")
    notes += [f"{g}." for g in gaps]
    closed = len(risks) - len(open_risks)
    if closed:
        notes.append(f"Not shown: {closed} closed.")
    return Report(
        name="risks",
        title="Risks",
        subtitle=f"open risks by residual score (likelihood × impact), unrated last, at "
        f"{as_of.isoformat()}",
        period=period,
        as_of=as_of,
        columns=[
            Column("risk", "Id"),
            Column("title", "Risk"),
            Column("owner_name", "Owner"),
            Column("treatment", "Treatment"),
            Column("inherent", "Inherent", "number"),
            Column("residual", "Residual", "number"),
            Column("status", "Status"),
            Column("next_review", "Next review", "date"),
            Column("review", "Review"),
            Column("incidents", "Incidents", "number"),
        ],
        rows=rows,
        totals={
            "open": len(open_risks),
            "overdue_reviews": len(overdue),
            "without_owner_or_treatment": len(gaps),
            "incidents": sum(len(v) for v in linked.values()),
            "heat_map": {"inherent": heat_map(inherent), "residual": heat_map(residual)},
        },
        notes=notes,
    )


def risks_report(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, "risks"):
        return skipped("risks", "Risks", period, day, "No records/risks/ register.")
    incidents = ws.register("incidents") if has_register(ws, "incidents") else []
    return risks_table(ws.register("risks"), incidents, period, day, people_names(ws))
