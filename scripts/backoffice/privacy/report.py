"""The record of processing activities (GDPR art. 30(1)) as a report: one row per activity,
with the records each keeps and those due for deletion."""

from __future__ import annotations

from datetime import date
from typing import Any

from backoffice.core.period import Period
from backoffice.load.workspace import Workspace
from backoffice.privacy.activities import REGISTER, retentions
from backoffice.report.common import effective_as_of, has_register, skipped
from backoffice.report.model import Column, Report, Row


def _items(body: dict[str, Any], key: str) -> list[Any]:
    value = body.get(key)
    return value if isinstance(value, list) else []


def _held(body: dict[str, Any]) -> str:
    parts = []
    for entry in _items(body, "held_in"):
        if isinstance(entry, dict):
            fields = entry.get("fields")
            named = f" ({', '.join(map(str, fields))})" if isinstance(fields, list) else ""
            parts.append(f"{entry.get('register')}{named}")
    return "; ".join(parts)


def _processors(body: dict[str, Any], names: dict[str, str]) -> str:
    parts = []
    for entry in _items(body, "processors"):
        if isinstance(entry, dict):
            supplier = str(entry.get("supplier"))
            contract = entry.get("contract") or "no contract"
            parts.append(f"{names.get(supplier, supplier)} ({entry.get('service')}; {contract})")
    return "; ".join(parts)


def _transfers(body: dict[str, Any]) -> str:
    return "; ".join(
        f"{t.get('country')}: {t.get('recipient')} ({t.get('safeguard')})"
        for t in _items(body, "transfers")
        if isinstance(t, dict)
    )


def _retention(body: dict[str, Any]) -> tuple[str, str]:
    """The period (and whether it runs from the year's end), and its source."""
    found = body.get("retention")
    rule: dict[str, Any] = found if isinstance(found, dict) else {}
    after = " after the year's end" if rule.get("after_year_end") else ""
    return f"{rule.get('period')}{after}", str(rule.get("source") or "")


def processing_report(ws: Workspace, period: Period, as_of: date) -> Report:
    """Every activity: purpose, legal basis, people and data, where the data is held, who
    receives it, processors, transfers, retention; and how many records each keeps with a
    deletion date, how many are past it."""
    day = effective_as_of(ws, period, as_of)
    title = "Record of processing activities"
    if not has_register(ws, REGISTER):
        return skipped("processing", title, period, day, "No records/processing/ register.")
    suppliers = (
        {s.id: s.title() for s in ws.register("suppliers")} if has_register(ws, "suppliers") else {}
    )
    due = retentions(ws)
    rows = []
    totals = {"activities": 0, "processors": 0, "transfers": 0, "records_past_retention": 0}
    for record in ws.register(REGISTER):
        body = record.data if isinstance(record.data, dict) else {}
        mine = [d for d in due if d.holding.activity.id == record.id]
        past = sum(1 for d in mine if d.due < day)
        special = body.get("special_categories")
        rows.append(
            Row(
                {
                    "activity": record.id,
                    "name": str(body.get("name") or ""),
                    "purpose": str(body.get("purpose") or ""),
                    "legal_basis": ", ".join(
                        str(b.get("article"))
                        for b in _items(body, "legal_basis")
                        if isinstance(b, dict)
                    ),
                    "special": (
                        f"{', '.join(map(str, special.get('categories') or []))} "
                        f"({special.get('article')})"
                        if isinstance(special, dict)
                        else ""
                    ),
                    "subjects": ", ".join(map(str, _items(body, "data_subjects"))),
                    "data": ", ".join(map(str, _items(body, "data_categories"))),
                    "held_in": _held(body),
                    "recipients": ", ".join(map(str, _items(body, "recipients"))),
                    "processors": _processors(body, suppliers),
                    "transfers": _transfers(body),
                    "retention": _retention(body)[0],
                    "retention_source": _retention(body)[1],
                    "dated_records": len(mine),
                    "next_deletion": min((d.due for d in mine if d.due >= day), default=None),
                    "past_retention": past,
                }
            )
        )
        totals["activities"] += 1
        totals["processors"] += len(_items(body, "processors"))
        totals["transfers"] += len(_items(body, "transfers"))
        totals["records_past_retention"] += past
    return Report(
        name="processing",
        title=title,
        subtitle=f"GDPR art. 30(1), at {day.isoformat()}",
        period=period,
        as_of=day,
        columns=[
            Column("activity", "Id"),
            Column("name", "Activity"),
            Column("legal_basis", "Legal basis"),
            Column("special", "Special categories"),
            Column("held_in", "Held in"),
            Column("processors", "Processors (contract)"),
            Column("transfers", "Outside the EU"),
            Column("retention", "Retention"),
            Column("dated_records", "Records with a deletion date", "number"),
            Column("next_deletion", "Next deletion", "date"),
            Column("past_retention", "Past retention", "number"),
        ],
        rows=rows,
        totals=totals,
    )
