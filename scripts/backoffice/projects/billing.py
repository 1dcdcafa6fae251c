"""The invoice drafted from a project's time: its unbilled billable hours in a period, one
line per role (or per person with a rate of their own) at the project's rates, and the
timesheets rewritten so that those hours name the draft that bills them."""

from __future__ import annotations

import calendar
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from backoffice.core.errors import BackOfficeError
from backoffice.core.period import Period, whole_months
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.projects.model import Entry, Project, Rate, entries, people, projects


class TimeBillingError(BackOfficeError):
    """Nothing to invoice from a project's time, or its hours cannot be priced or marked."""


@dataclass
class TimeBill:
    """What `invoice new --from-time` drafts: the customer, the invoice lines and the
    timesheet entries they bill."""

    project: Project
    customer: str
    lines: list[dict[str, Any]]
    entries: list[Entry]

    def marked(self, ws: Workspace, number: str) -> dict[Path, str]:
        """The new text of every timesheet these hours are in, each entry naming `number`."""
        by_record: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            by_record[entry.record.rel].append(entry)
        return {
            Path(rel): mark_billed(ws, group[0].record, [e.index for e in group], number)
            for rel, group in sorted(by_record.items())
        }


def plain(number: Decimal) -> Decimal:
    """`number` without trailing zeros, and never in exponent form (100, not 1E+2)."""
    reduced = number.normalize()
    return reduced.quantize(Decimal(1)) if reduced == reduced.to_integral() else reduced


def period_words(period: Period) -> str:
    """'November 2026', '16–30 November 2026' or '1 November 2026 – 15 January 2027': how an
    invoice line names the time it bills."""
    start, end = period.start, period.end
    months = whole_months(period)
    if len(months) == 1 and (months[0].first, months[0].last) == (start, end):
        return f"{calendar.month_name[start.month]} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {calendar.month_name[end.month]} {end.year}"
    first = f"{start.day} {calendar.month_name[start.month]}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} – {end.day} {calendar.month_name[end.month]} {end.year}"


def unbilled(ws: Workspace, project_id: str, period: Period) -> list[Entry]:
    """The project's billable hours in the period that no invoice has billed yet."""
    return [
        e
        for e in entries(ws)
        if e.project == project_id
        and e.billable
        and e.invoice is None
        and period.start <= e.day <= period.end
    ]


def time_bill(ws: Workspace, project_id: str, period: Period) -> TimeBill:
    """The lines of an invoice for the project's unbilled billable hours in the period;
    TimeBillingError when there are none, or when some cannot be priced."""
    project = projects(ws).get(project_id)
    if project is None:
        raise TimeBillingError(f"no project {project_id!r} (no records/projects/{project_id}.yaml)")
    if not project.billable or project.customer is None:
        raise TimeBillingError(f"{project_id} is not billable to a customer")
    found = unbilled(ws, project_id, period)
    if not found:
        raise TimeBillingError(
            f"{project_id} has no unbilled billable hours in {period.label}: nothing to invoice"
        )
    groups: dict[str, tuple[Rate, list[Entry]]] = {}
    for entry in found:
        key, rate = project.rate_for(entry.person)
        if rate is None:
            raise TimeBillingError(
                f"no rate for {entry.person}'s hours on {project_id} "
                f"(role {project.roles.get(entry.person)!r}): give their role or them a rate"
            )
        groups.setdefault(key, (rate, []))[1].append(entry)
    words = period_words(period)
    names = people(ws)
    lines = []
    for key, (rate, group) in groups.items():
        role, _, person = key.partition("\t")
        who = f" ({names[person].name})" if person in names else ""
        hours = sum((e.hours for e in group), Decimal(0))
        lines.append(
            {
                "description": f"{role}{who}, {words}",
                "quantity": plain(project.units(hours)),
                "unit": project.unit,
                "unit_price": rate.price,
                **project.invoice_line,
            }
        )
    return TimeBill(project, project.customer, lines, found)


def mark_billed(ws: Workspace, record: Record, indexes: list[int], number: str) -> str:
    """The timesheet's text with `invoice: "<number>"` added to the entries at `indexes`,
    checked by reading it back: only those entries change."""
    text = (ws.root / record.rel).read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    for index in sorted(indexes, reverse=True):
        line, column = record.position(("entries", index))
        row = rows[line - 1]
        if row[column - 1 : column] == "{":
            body = row.rstrip("\r\n")
            end = body.rfind("}")
            rows[line - 1] = body[:end] + f', invoice: "{number}"' + body[end:] + row[len(body) :]
        else:
            indent = " " * (column - 1)
            rows[line - 1] = (
                row[: column - 1] + f'invoice: "{number}"\n{indent}' + row[column - 1 :]
            )
    marked = "".join(rows)
    expected = yaml.safe_load(text)
    for index in indexes:
        expected["entries"][index]["invoice"] = number
    try:
        ok = yaml.safe_load(marked) == expected
    except yaml.YAMLError:
        ok = False
    if not ok:
        raise TimeBillingError(f"{record.rel}: cannot mark the billed hours in this layout")
    return marked


def write_all(root: Path, files: dict[Path, str]) -> None:
    """Write every file or none: each is written in full beside its target first, then all
    are renamed into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, text in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


def draft_from_time(
    ws: Workspace,
    project_id: str,
    period: Period,
    draft: Callable[[str, list[dict[str, Any]]], tuple[Path, str]],
) -> Path:
    """Draft the invoice of the project's unbilled hours in the period with `draft`
    (customer, lines → the draft's path and text), and mark those hours billed by it: the
    draft and the timesheets are written together or not at all. Returns the draft's path."""
    bill = time_bill(ws, project_id, period)
    rel, text = draft(bill.customer, bill.lines)
    if (ws.root / rel).exists():
        raise TimeBillingError(f"{rel.as_posix()} exists already")
    write_all(ws.root, {rel: text, **bill.marked(ws, rel.stem)})
    return rel
