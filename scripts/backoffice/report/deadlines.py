"""Deadlines: one engine over what every area declares, as a list and iCalendar.

Each area's `Domain` names its sources: per record of a register (contract notice and end,
probation end, warranty, licence renewals, reviews, actions...) or over the whole workspace
(invoices and bills due). Every deadline has lead times (the record's ``reminders``, else 30,
7 and 0 days) that become alarms in the calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backoffice.core.period import Period
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import (
    effective_as_of,
    has_register,
    owner_name,
    people_names,
    reminders,
    skipped,
)
from backoffice.report.model import Column, Report, ReportSpec, Row

HORIZON = timedelta(days=365)
"""Deadlines up to this far after the as-of date are listed (overdue ones always are)."""


@dataclass(frozen=True)
class Deadline:
    day: date
    kind: str
    register: str
    record: str
    title: str
    owner: str
    path: str
    reminders: tuple[int, ...]
    stays_open: bool = False
    """Still to be done once its date has passed (a review, an unpaid invoice); the others (a
    notice deadline, a probation end) are simply past."""

    def next_reminder(self, as_of: date) -> date | None:
        """The first reminder on or after `as_of`."""
        days = sorted(self.day - timedelta(days=n) for n in self.reminders)
        return next((d for d in days if d >= as_of), None)


def deadline(
    record: Record, day: date | None, kind: str, title: str, **extra: Any
) -> Iterator[Deadline]:
    """The deadline of `record` on `day` (none when there is no day); ``owner``, ``lead`` and
    ``stays_open`` override what the record says."""
    if day is None:
        return
    body = record.data if isinstance(record.data, dict) else {}
    yield Deadline(
        day,
        kind,
        record.register,
        record.id,
        title,
        str(extra.get("owner") or body.get("owner") or body.get("responsible") or ""),
        record.rel,
        tuple(extra.get("lead") or reminders(body)),
        bool(extra.get("stays_open")),
    )


def record_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """The deadlines each record sets, by the sources the areas declare."""
    found: list[Deadline] = []
    for source in (s for d in ws.domains for s in d.record_deadlines):
        if not has_register(ws, source.register):
            continue
        for record in ws.register(source.register):
            if isinstance(record.data, dict):
                found += source.of(record, as_of)
    return found


def deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """Every deadline of the workspace, soonest first; found once per workspace and date (the
    report and the calendar of one run share them)."""
    return ws.derived(("deadlines", as_of), lambda: _every_deadline(ws, as_of))


def _every_deadline(ws: Workspace, as_of: date) -> list[Deadline]:
    every = record_deadlines(ws, as_of)
    for source in (s for d in ws.domains for s in d.deadlines):
        every += source(ws, as_of)
    return sorted(every, key=lambda d: (d.day, d.kind, d.record, d.title))


def deadlines_table(
    found: list[Deadline], period: Period, as_of: date, names: dict[str, str] | None = None
) -> Report:
    """Overdue deadlines (still open) and those up to a year ahead, soonest first; owners by
    name where `names` has them."""
    shown = [d for d in found if d.day <= as_of + HORIZON and (d.day >= as_of or d.stays_open)]
    rows = []
    for d in shown:
        days = (d.day - as_of).days
        rows.append(
            Row(
                {
                    "date": d.day,
                    "days": days,
                    "status": "overdue" if days < 0 else ("today" if days == 0 else ""),
                    "kind": d.kind,
                    "record": d.record,
                    "register": d.register,
                    "title": d.title,
                    "owner": d.owner,
                    "owner_name": owner_name(d.owner, names or {}),
                    "reminders": ", ".join(str(n) for n in d.reminders),
                    "next_reminder": d.next_reminder(as_of),
                }
            )
        )
    overdue = sum(1 for d in shown if d.day < as_of)
    return Report(
        name="deadlines",
        title="Deadlines",
        subtitle=f"at {as_of.isoformat()}: overdue and the next {HORIZON.days} days",
        period=period,
        as_of=as_of,
        columns=[
            Column("date", "Date", "date"),
            Column("days", "Days", "number"),
            Column("status", "Status"),
            Column("kind", "Kind"),
            Column("record", "Record"),
            Column("title", "What"),
            Column("owner_name", "Owner"),
            Column("reminders", "Reminders (days before)"),
            Column("next_reminder", "Next reminder", "date"),
        ],
        rows=rows,
        totals={
            "deadlines": len(shown),
            "overdue": overdue,
            "next_30_days": sum(1 for d in shown if as_of <= d.day <= as_of + timedelta(30)),
        },
        notes=[],
    )


def _ical_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1)."""
    if len(line) <= 75 and (line.isascii() or len(line.encode("utf-8")) <= 75):
        return line
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def to_ical(found: list[Deadline], entity: str, stamp: date) -> str:
    """An iCalendar file of all-day events, one alarm per lead time; stable UIDs, so that a
    subscribed calendar updates events rather than duplicating them."""
    name = _ical_text(f"{entity} deadlines" if entity else "Deadlines")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//backoffice//deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _fold(f"X-WR-CALNAME:{name}"),
    ]
    dtstamp = stamp.strftime("%Y%m%dT000000Z")
    for d in found:
        uid = f"{d.register}-{d.record}-{d.kind}-{d.day.isoformat()}".replace(" ", "-")
        title = _ical_text(d.title)
        alarm_text = _fold(f"DESCRIPTION:{title}")
        lines += [
            "BEGIN:VEVENT",
            _fold(f"UID:{_ical_text(uid)}@backoffice"),
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{d.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(d.day + timedelta(days=1)).strftime('%Y%m%d')}",
            _fold(f"SUMMARY:{title}"),
            _fold(f"DESCRIPTION:{_ical_text(f'{d.kind}, {d.record} ({d.path})')}"),
            _fold(f"CATEGORIES:{_ical_text(d.kind)}"),
            "TRANSP:TRANSPARENT",
        ]
        for lead in d.reminders:
            trigger = f"TRIGGER:-P{lead}D" if lead else "TRIGGER:PT0S"
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", alarm_text, trigger, "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def deadlines_report(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    if not (ws.root / "records").is_dir():
        return skipped("deadlines", "Deadlines", period, day, "No records/ in this repository.")
    return deadlines_table(deadlines(ws, day), period, day, people_names(ws))


DEADLINES = ReportSpec(
    "deadlines", "Every deadline of every register, overdue and coming", deadlines_report
)
