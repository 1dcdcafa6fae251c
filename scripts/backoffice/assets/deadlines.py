"""The deadlines an asset sets: warranty and insurance end, the next audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date, get
from backoffice.load.records import Record
from backoffice.report.deadlines import Deadline, deadline


def asset_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    if body.get("status") == "disposed":
        return
    name = str(body.get("name") or record.id)
    owner = str(body.get("custodian") or "")
    yield from deadline(
        record,
        as_date(body.get("warranty_until")),
        "warranty end",
        f"Warranty: {name}",
        owner=owner,
    )
    yield from deadline(
        record,
        as_date(get(body, "insurance", "until")),
        "insurance end",
        f"Insurance: {name}",
        owner=owner,
    )
    yield from deadline(
        record,
        as_date(body.get("next_audit")),
        "asset audit",
        f"Audit: {name}",
        owner=owner,
        stays_open=True,
    )
