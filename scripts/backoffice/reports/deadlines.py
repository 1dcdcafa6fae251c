"""Deadlines: one engine over every register and the open invoices, as a list and iCalendar.

Each register contributes the dates that need someone to act: contract notice and end,
probation and fixed-term end, warranty, insurance, audits, licence renewals, maintenance,
risk and policy reviews, supplier evaluations and certificates, incident and risk actions, and
invoices and bills due. Every deadline has lead times (the record's ``reminders``, else 30, 7
and 0 days) that become alarms in the calendar.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..period import Period
from ..records import Record
from ..workspace import Workspace
from .aging import PAYABLES, RECEIVABLES, open_documents, party_names
from .base import register
from .common import (
    Duration,
    as_date,
    effective_as_of,
    get,
    has_register,
    last_transaction_date,
    reminders,
    skipped,
)
from .contracts import term_at
from .finance import books
from .model import Column, Report, Row
from .risks import next_review

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

    def next_reminder(self, as_of: date) -> date | None:
        """The first reminder on or after `as_of`."""
        days = sorted(self.day - timedelta(days=n) for n in self.reminders)
        return next((d for d in days if d >= as_of), None)


Source = Callable[[Record, date], Iterator[Deadline]]


def _deadline(
    record: Record, day: date | None, kind: str, title: str, **extra: Any
) -> Iterator[Deadline]:
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
    )


def _contracts(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    title = str(body.get("title") or record.id)
    term = term_at(body, as_of)
    if term.status == "ended":
        return
    if term.status == "renews":
        yield from _deadline(record, term.notice_deadline, "contract notice", f"Notice by: {title}")
        yield from _deadline(record, term.end, "contract renewal", f"Renews: {title}")
    elif term.end is not None:
        yield from _deadline(record, term.end, "contract end", f"Ends: {title}")


def _people(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    name = str(body.get("preferred_name") or body.get("name") or record.id)
    manager = str(body.get("manager") or "")
    end = as_date(get(body, "employment", "end"))
    for key, kind in (("probation_end", "probation end"), ("fixed_term_end", "fixed-term end")):
        day = as_date(get(body, "employment", key))
        if day is not None and (end is None or day <= end):
            yield from _deadline(record, day, kind, f"{kind.capitalize()}: {name}", owner=manager)
    if end is not None:
        yield from _deadline(record, end, "employment end", f"Leaves: {name}", owner=manager)


def _assets(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "disposed":
        return
    name = str(body.get("name") or record.id)
    owner = str(body.get("custodian") or "")
    yield from _deadline(
        record,
        as_date(body.get("warranty_until")),
        "warranty end",
        f"Warranty: {name}",
        owner=owner,
    )
    yield from _deadline(
        record,
        as_date(get(body, "insurance", "until")),
        "insurance end",
        f"Insurance: {name}",
        owner=owner,
    )
    yield from _deadline(
        record, as_date(body.get("next_audit")), "asset audit", f"Audit: {name}", owner=owner
    )


def _licenses(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    name = str(body.get("product") or record.id)
    renewal = as_date(body.get("renewal"))
    notice = Duration.parse(body.get("termination_notice"))
    if renewal is not None:
        if notice is not None:
            yield from _deadline(
                record, notice.before(renewal), "licence cancel by", f"Cancel by: {name}"
            )
        yield from _deadline(record, renewal, "licence renewal", f"Renews: {name}")
    yield from _deadline(record, as_date(body.get("expiry")), "licence expiry", f"Expires: {name}")


def _locations(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    for task in body.get("maintenance") or []:
        if not isinstance(task, dict):
            continue
        due = as_date(task.get("next_due"))
        if due is None:
            last, interval = as_date(task.get("last_done")), Duration.parse(task.get("interval"))
            due = interval.after(last) if last is not None and interval is not None else None
        yield from _deadline(
            record,
            due,
            "maintenance",
            str(task.get("task") or "Maintenance"),
            owner=task.get("owner") or body.get("responsible"),
            lead=reminders(task),
        )


def _actions(record: Record, what: str) -> Iterator[Deadline]:
    for action in record.data.get("actions") or []:
        if isinstance(action, dict) and action.get("done") is None:
            yield from _deadline(
                record,
                as_date(action.get("due")),
                f"{what} action",
                str(action.get("action") or "Action"),
                owner=action.get("owner"),
            )


def _risks(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "closed":
        return
    title = str(body.get("title") or record.id)
    yield from _deadline(record, next_review(body), "risk review", f"Review: {title}")
    yield from _actions(record, "risk")


def _incidents(record: Record, as_of: date) -> Iterator[Deadline]:
    yield from _actions(record, "incident")


def _policies(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "retired":
        return
    yield from _deadline(
        record, next_review(body), "policy review", f"Review: {body.get('title') or record.id}"
    )


def _suppliers(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "blocked":
        return
    name = str(body.get("name") or record.id)
    yield from _deadline(
        record, as_date(body.get("next_evaluation")), "supplier evaluation", f"Evaluate: {name}"
    )
    for cert in body.get("certifications") or []:
        if isinstance(cert, dict):
            yield from _deadline(
                record,
                as_date(cert.get("valid_until")),
                "certificate expiry",
                f"{cert.get('name') or 'Certificate'}: {name}",
            )


SOURCES: dict[str, Source] = {
    "contracts": _contracts,
    "people": _people,
    "assets": _assets,
    "licenses": _licenses,
    "locations": _locations,
    "risks": _risks,
    "incidents": _incidents,
    "policies": _policies,
    "suppliers": _suppliers,
}


def record_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    found: list[Deadline] = []
    for name, source in SOURCES.items():
        if not has_register(ws, name):
            continue
        for record in ws.register(name):
            if isinstance(record.data, dict):
                found += source(record, as_of)
    return found


def invoice_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """Open sales invoices (to collect) and supplier bills (to pay) by their due dates."""
    if last_transaction_date(ws) is None:
        return []
    found = books(ws)
    out = []
    for side, kind in ((RECEIVABLES, "invoice due"), (PAYABLES, "bill due")):
        names = party_names(ws, side.register)
        for doc in open_documents(found, side, as_of):
            if doc.due is None:
                continue
            who = names.get(doc.party, doc.party)
            title = f"{'Invoice' if side is RECEIVABLES else 'Bill'} {doc.number}, {who}: "
            title += f"{doc.open} {found.currency}"
            out.append(Deadline(doc.due, kind, "ledger", doc.number, title, "", "ledger", (7, 0)))
    return out


_FOUND: weakref.WeakKeyDictionary[Workspace, dict[date, list[Deadline]]] = (
    weakref.WeakKeyDictionary()
)


def deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """Every deadline of the workspace, soonest first; found once per workspace and date (the
    report and the calendar of one run share them)."""
    known = _FOUND.setdefault(ws, {})
    if as_of not in known:
        every = record_deadlines(ws, as_of) + invoice_deadlines(ws, as_of)
        known[as_of] = sorted(every, key=lambda d: (d.day, d.kind, d.record, d.title))
    return known[as_of]


def deadlines_report(found: list[Deadline], period: Period, as_of: date) -> Report:
    """Overdue deadlines (still open) and those up to a year ahead, soonest first."""
    shown = [d for d in found if d.day <= as_of + HORIZON and (d.day >= as_of or _open(d))]
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
            Column("owner", "Owner"),
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


STILL_OPEN = {
    "risk review",
    "policy review",
    "maintenance",
    "supplier evaluation",
    "certificate expiry",
    "asset audit",
    "risk action",
    "incident action",
    "invoice due",
    "bill due",
}
"""Kinds that stay to be done once their date has passed (a review, an unpaid invoice); the
others (a notice deadline, a probation end) are simply past."""


def _open(deadline: Deadline) -> bool:
    return deadline.kind in STILL_OPEN


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


@register("deadlines", "Every deadline of every register, overdue and coming")
def _deadlines(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    if not (ws.root / "records").is_dir():
        return skipped("deadlines", "Deadlines", period, day, "No records/ in this repository.")
    return deadlines_report(deadlines(ws, day), period, day)
