"""The deadlines a person's employment sets: probation end, fixed-term end, leaving."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from backoffice.core.values import as_date, get
from backoffice.load.records import Record
from backoffice.report.deadlines import Deadline, deadline


def person_deadlines(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    name = str(body.get("preferred_name") or body.get("name") or record.id)
    manager = str(body.get("manager") or "")
    end = as_date(get(body, "employment", "end"))
    for key, kind in (("probation_end", "probation end"), ("fixed_term_end", "fixed-term end")):
        day = as_date(get(body, "employment", key))
        if day is not None and (end is None or day <= end):
            yield from deadline(record, day, kind, f"{kind.capitalize()}: {name}", owner=manager)
    if end is not None:
        yield from deadline(record, end, "employment end", f"Leaves: {name}", owner=manager)
