"""The deadline a system sets: its next periodic access review by its owner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.report.deadlines import Deadline, deadline


def system_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    """The next access review, open until the record moves `next_access_review` on."""
    body = record.data
    yield from deadline(
        record,
        as_date(body.get("next_access_review")),
        "access review",
        f"Review access: {body.get('name') or record.id}",
        stays_open=True,
    )
