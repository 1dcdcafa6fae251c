"""What the reports on registers share: reading record values, durations, the as-of date.

Record values arrive as YAML gives them (dates as ISO strings, money as "2650.00 EUR"); a
value that does not parse is treated as absent, because `check` reports it with its line.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from beancount.core import data

from backoffice.core.clock import today
from backoffice.core.period import Period
from backoffice.core.values import as_days
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.model import Report

DEFAULT_REMINDERS = (30, 7, 0)
"""Lead times in days before a deadline, unless a record lists its own `reminders`."""


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration in years, months, weeks and days (as in the schemas: P6M, P1Y)."""

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: Any) -> Duration | None:
        if not isinstance(text, str):
            return None
        match = re.fullmatch(r"P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", text)
        if not match:
            return None
        y, m, w, d = (int(g) if g else 0 for g in match.groups())
        if not (y or m or w or d):
            return None
        return cls(y, m, 7 * w + d)

    def after(self, day: date, times: int = 1) -> date:
        """`day` moved forward by this duration `times` times: months (month ends clamp),
        then days."""
        return _add_months(day, times * (12 * self.years + self.months)) + timedelta(
            days=times * self.days
        )

    def before(self, day: date) -> date:
        """`day` moved back by this duration: days, then months (the reverse of `after`)."""
        return _add_months(day - timedelta(days=self.days), -(12 * self.years + self.months))

    def __str__(self) -> str:
        parts = [f"{n}{u}" for n, u in ((self.years, "Y"), (self.months, "M")) if n]
        if self.days:
            parts.append(f"{self.days // 7}W" if self.days % 7 == 0 else f"{self.days}D")
        return "P" + "".join(parts)


def _add_months(day: date, count: int) -> date:
    months = day.month - 1 + count
    year, month = day.year + months // 12, months % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reminders(record_data: Any) -> tuple[int, ...]:
    """The record's own lead times, else the defaults 30, 7 and 0 days."""
    own = record_data.get("reminders") if isinstance(record_data, dict) else None
    days = [as_days(n) for n in own] if isinstance(own, list) else []
    if days and all(n is not None for n in days):
        return tuple(sorted({n for n in days if n is not None}, reverse=True))
    return DEFAULT_REMINDERS


def last_transaction_date(ws: Workspace) -> date | None:
    """The date of the books' latest transaction (None without a ledger or transactions)."""
    if not (ws.root / "ledger" / "main.beancount").is_file():
        return None
    dates = [e.date for e in ws.ledger.entries if isinstance(e, data.Transaction)]
    return max(dates) if dates else None


def books_today(ws: Workspace) -> date | None:
    """How far the books have come: the latest transaction's date, never after today (an entry
    booked ahead, or a typo for 2030, does not make today's drafts old or invoices overdue)."""
    last = last_transaction_date(ws)
    return None if last is None else min(last, today())


def effective_as_of(ws: Workspace, period: Period, as_of: date) -> date:
    """'Today' for aging, deadlines and reviews: the as-of date, except that the default
    (the period's end) becomes the latest transaction's date when the books end earlier, and
    never a day after today (a payroll booked ahead must not make every invoice overdue)."""
    if as_of != period.end:
        return as_of
    day = as_of
    last = last_transaction_date(ws)
    if last is not None and period.start <= last < day:
        day = last
    now = today()
    return now if period.start <= now < day else day


def has_register(ws: Workspace, name: str) -> bool:
    return (ws.root / "records" / name).is_dir()


def register_names(ws: Workspace, name: str) -> dict[str, str]:
    """Each record's title by id in register `name`: ids are shown as the reader knows them."""
    if not has_register(ws, name):
        return {}
    return {r.id: r.title() for r in ws.register(name)}


def people_names(ws: Workspace) -> dict[str, str]:
    """Each person's name by id: owners and responsibles are shown as the reader knows them."""
    return register_names(ws, "people")


def owner_name(owner: Any, names: dict[str, str]) -> str:
    """An owner as people read it: the person's name for a person's id, else as written."""
    text = str(owner or "")
    return names.get(text, text)


def skipped(name: str, title: str, period: Period | None, as_of: date, why: str) -> Report:
    """An empty report saying why it has nothing to show (e.g. no register in this repository).

    ``totals["skipped"]`` lets `backoffice reports` leave it out of the dashboard with a note.
    """
    return Report(
        name=name,
        title=title,
        period=period,
        as_of=as_of,
        columns=[],
        rows=[],
        totals={"skipped": True},
        notes=[why],
    )


def record_name(record: Record | None, fallback: str) -> str:
    """A record's display name (see Record.title), else `fallback`."""
    return fallback if record is None else record.title(fallback)


def index(records: list[Record]) -> dict[str, Record]:
    """Records of one register by id."""
    return {r.id: r for r in records}
