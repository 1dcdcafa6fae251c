"""The deadline an open project sets: its end, by which it is closed or extended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.report.deadlines import Deadline, deadline


def project_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    """An open project's end, open until the record is closed or its end moved on."""
    body = record.data
    if body.get("status") != "open":
        return
    yield from deadline(
        record,
        as_date(body.get("end")),
        "project end",
        f"Close or extend: {body.get('name') or record.id}",
        stays_open=True,
    )
