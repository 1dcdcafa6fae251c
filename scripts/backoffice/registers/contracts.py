"""Contracts in force at a date: end dates, notice deadlines and automatic renewals.

Without ``end`` a contract is indefinite. With ``end`` and ``auto_renew`` it renews by its term,
so the end rolls forward term by term while it is in the past; notice must then reach the other
party by end − ``notice_period``. ``notice_given`` stops renewals and notice reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from backoffice.core.period import Period
from backoffice.core.values import as_date, as_money
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import Duration, effective_as_of, has_register, skipped
from backoffice.report.model import Column, Report, Row


@dataclass(frozen=True)
class Term:
    """A contract's state at a date."""

    start: date | None
    end: date | None
    notice_deadline: date | None
    renewal: Duration | None
    notice_period: Duration | None
    notice_given: date | None
    status: str
    """upcoming, active, renews, expires, notice-given, ended."""


def term_at(body: Any, as_of: date) -> Term:
    """Roll a renewing contract forward to the term running at `as_of`, and say what's next."""
    start = as_date(body.get("start"))
    end = as_date(body.get("end"))
    renewal_raw = body.get("auto_renew")
    renewal = Duration.parse(renewal_raw.get("term")) if isinstance(renewal_raw, dict) else None
    notice = Duration.parse(body.get("notice_period"))
    given = as_date(body.get("notice_given"))
    deadline = None
    if given is not None:
        if end is None and notice is not None:
            end = notice.after(given)
        status = "ended" if end is not None and end < as_of else "notice-given"
    elif end is not None and renewal is not None:
        guard = 0
        while end < as_of and guard < 1000:
            end, guard = renewal.after(end), guard + 1
        deadline = notice.before(end) if notice is not None else end
        status = "renews"
    elif end is not None:
        status = "ended" if end < as_of else "expires"
    else:
        status = "active"
    if start is not None and start > as_of and status != "ended":
        status = "upcoming"
    return Term(start, end, deadline, renewal, notice, given, status)


def contracts_table(records: list[Record], period: Period, as_of: date) -> Report:
    rows: list[Row] = []
    ended = 0
    totals: dict[str, Any] = {"active": 0, "renewing": 0, "notice_due_90_days": 0}
    terms = []
    for record in records:
        body = record.data if isinstance(record.data, dict) else {}
        term = term_at(body, as_of)
        if term.status == "ended":
            ended += 1
            continue
        terms.append((record, body, term))
    terms.sort(key=lambda t: (t[2].notice_deadline or t[2].end or date.max, t[0].id))
    for record, body, term in terms:
        value = body.get("value") if isinstance(body.get("value"), dict) else {}
        money = as_money(value.get("amount")) if value else None
        days = (term.notice_deadline - as_of).days if term.notice_deadline else None
        totals["active"] += 1
        totals["renewing"] += term.status == "renews"
        totals["notice_due_90_days"] += days is not None and 0 <= days <= 90
        rows.append(
            Row(
                {
                    "contract": record.id,
                    "title": str(body.get("title") or ""),
                    "kind": str(body.get("kind") or ""),
                    "parties": ", ".join(str(p) for p in body.get("parties") or []),
                    "owner": str(body.get("owner") or ""),
                    "start": term.start,
                    "end": term.end,
                    "renewal": str(term.renewal) if term.renewal else "",
                    "notice_period": str(term.notice_period) if term.notice_period else "",
                    "notice_deadline": term.notice_deadline,
                    "days_to_notice": days,
                    "notice_given": term.notice_given,
                    "status": term.status,
                    "value": money[0] if money else None,
                    "billing": str(value.get("billing") or "") if value else "",
                }
            )
        )
    notes = [f"Not shown: {ended} ended before {as_of.isoformat()}."] if ended else []
    totals["ended"] = ended
    return Report(
        name="contracts",
        title="Contracts",
        subtitle=f"in force at {as_of.isoformat()}, by next deadline",
        period=period,
        as_of=as_of,
        columns=[
            Column("contract", "Id"),
            Column("title", "Title"),
            Column("parties", "Parties"),
            Column("status", "Status"),
            Column("end", "End", "date"),
            Column("renewal", "Renews by"),
            Column("notice_period", "Notice"),
            Column("notice_deadline", "Notice by", "date"),
            Column("days_to_notice", "Days", "number"),
            Column("value", "Value", "money"),
            Column("billing", "Billing"),
        ],
        rows=rows,
        totals=totals,
        notes=notes,
    )


def contracts_report(ws: Workspace, period: Period, as_of: date) -> Report:
    day = effective_as_of(ws, period, as_of)
    if not has_register(ws, "contracts"):
        return skipped("contracts", "Contracts", period, day, "No records/contracts/ register.")
    return contracts_table(ws.register("contracts"), period, day)
