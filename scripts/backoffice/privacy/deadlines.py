"""The deadlines the record of processing activities sets: each record's deletion date, and
each activity's next review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.privacy.activities import retentions
from backoffice.report.deadlines import HORIZON, Deadline, deadline


def deletion_deadlines(ws: Workspace, as_of: date) -> list[Deadline]:
    """Delete or anonymise a record by the end of its retention period (open until it is);
    only those due within the deadlines' horizon, not a decade of invoices ahead."""
    found: list[Deadline] = []
    for due in retentions(ws):
        if due.due > as_of + HORIZON:
            continue
        body = due.holding.activity.data if isinstance(due.holding.activity.data, dict) else {}
        found += deadline(
            due.record,
            due.due,
            "retention ends",
            f"Delete or anonymise {due.record.id} ({due.holding.activity.id})",
            owner=body.get("owner"),
            stays_open=True,
        )
    return found


def activity_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    """The activity's next review, open until `next_review` moves on."""
    body = record.data
    yield from deadline(
        record,
        as_date(body.get("next_review")),
        "review",
        f"Review processing activity: {body.get('name') or record.id}",
        stays_open=True,
    )
