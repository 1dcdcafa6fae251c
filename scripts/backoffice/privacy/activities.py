"""The record of processing activities read as data: where each activity keeps personal data,
the fields the schemas mark x-sensitive, and when a record falls due for deletion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from backoffice.core.values import as_date
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.common import Duration

REGISTER = "processing"


@dataclass(frozen=True)
class Holding:
    """One `held_in` entry of an activity: a register, some of its fields, and the date field
    its retention runs from."""

    activity: Record
    index: int
    register: str
    fields: tuple[str, ...]
    retained_from: str | None


def holdings(ws: Workspace) -> list[Holding]:
    """Every `held_in` entry of every activity, in file order."""
    found = []
    for record in ws.register(REGISTER):
        body = record.data if isinstance(record.data, dict) else {}
        entries = body.get("held_in")
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or not isinstance(entry.get("register"), str):
                continue
            fields = entry.get("fields")
            names = tuple(str(f) for f in fields) if isinstance(fields, list) else ()
            start = entry.get("retained_from")
            found.append(
                Holding(
                    record,
                    index,
                    entry["register"],
                    names,
                    start if isinstance(start, str) else None,
                )
            )
    return found


def sensitive_fields(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The outermost fields an inlined schema marks x-sensitive, as paths of property names
    (list items are looked through: `leave.absences`, not `leave.absences.*`)."""
    if isinstance(schema, list):
        for item in schema:
            yield from sensitive_fields(item, path)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("x-sensitive") is True and path:
        yield path
        return
    for key, sub in (schema.get("properties") or {}).items():
        yield from sensitive_fields(sub, (*path, key))
    for keyword in ("items", "additionalProperties"):
        if isinstance(schema.get(keyword), dict):
            yield from sensitive_fields(schema[keyword], path)
    for keyword in ("allOf", "anyOf", "oneOf", "then", "else"):
        if keyword in schema:
            yield from sensitive_fields(schema[keyword], path)


def has_field(schema: Any, path: tuple[str, ...]) -> bool:
    """Whether the inlined schema has the field at `path` (list items looked through)."""
    if not path:
        return True
    if not isinstance(schema, dict):
        return False
    if isinstance(schema.get("items"), dict) and has_field(schema["items"], path):
        return True
    for keyword in ("allOf", "anyOf", "oneOf", "then", "else"):
        branches = schema.get(keyword)
        for branch in branches if isinstance(branches, list) else [branches]:
            if isinstance(branch, dict) and has_field(branch, path):
                return True
    properties = schema.get("properties")
    if isinstance(properties, dict) and path[0] in properties:
        return has_field(properties[path[0]], path[1:])
    return False


def covers(named: tuple[str, ...], field: tuple[str, ...]) -> bool:
    """A holding's field list covers `field` when it names the field or a field around it
    (`personal` covers `personal.national_id`); no fields at all means the whole record."""
    if not named:
        return True
    return any(field[: len(n.split("."))] == tuple(n.split(".")) for n in named)


def value_at(data: Any, path: tuple[str, ...]) -> Any:
    """The value of a record at a dotted path, or None."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


@dataclass(frozen=True)
class Retention:
    """When one record of a holding must be deleted or anonymised."""

    holding: Holding
    record: Record
    start: date
    due: date
    period: Duration


def retention_of(holding: Holding) -> tuple[Duration | None, bool]:
    """The activity's retention period and whether it runs from the year's end."""
    body = holding.activity.data if isinstance(holding.activity.data, dict) else {}
    found = body.get("retention")
    rule: dict[str, Any] = found if isinstance(found, dict) else {}
    return Duration.parse(rule.get("period")), rule.get("after_year_end") is True


def retentions(ws: Workspace) -> list[Retention]:
    """The deletion date of every record that a holding with `retained_from` keeps and whose
    date is set (a person who has left, an invoice issued): the date, moved to 31 December of
    its year when the period counts whole years after it, plus the period."""
    found = []
    for holding in holdings(ws):
        period, year_end = retention_of(holding)
        if (
            holding.retained_from is None
            or period is None
            or holding.register not in (ws.schemas.registers)
        ):
            continue
        path = tuple(holding.retained_from.split("."))
        for record in ws.register(holding.register):
            start = as_date(value_at(record.data, path))
            if start is None:
                continue
            base = date(start.year, 12, 31) if year_end else start
            found.append(Retention(holding, record, start, period.after(base), period))
    return found
