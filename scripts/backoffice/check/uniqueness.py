"""Values that must be unique across files: ids and the fields a schema marks
``"x-unique": true`` (an invoice's number). Two branches can each add a file that takes the
same value; Git merges them without a conflict, so `check` names both files."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from backoffice.core.problems import Problem
from backoffice.load.records import Record, RecordSet
from backoffice.load.schemas import SchemaSet


def unique_fields(schemas: SchemaSet, register: str) -> tuple[str, ...]:
    """Top-level fields whose values must be unique in a register."""
    reg = schemas.registers.get(register)
    props: dict[str, Any] = reg.schema.get("properties", {}) if reg else {}
    marked = tuple(k for k, v in props.items() if isinstance(v, dict) and v.get("x-unique"))
    return marked


def duplicate_values(schemas: SchemaSet, records: RecordSet) -> list[Problem]:
    """VALUE-DUPLICATE for an id field that repeats another file's id, and for a unique
    field's value used by two files (same file names are ID-DUPLICATE, reported elsewhere)."""
    by_register: dict[str, list[Record]] = defaultdict(list)
    for record in records.records:
        if not record.singleton and isinstance(record.data, dict):
            by_register[record.register].append(record)
    problems = []
    for register, found in sorted(by_register.items()):
        ids = _groups(found, lambda r: r.data.get("id", r.id))
        problems += [
            p
            for value, group in ids.items()
            if len({r.id for r in group}) > 1
            for p in _report(register, "id", value, group)
        ]
        for name in unique_fields(schemas, register):
            for value, group in _groups(found, lambda r, n=name: r.data.get(n)).items():
                problems += _report(register, name, value, group)
    return problems


def _groups(records: list[Record], value_of: Any) -> dict[Any, list[Record]]:
    """Records by a scalar value (other values are not compared)."""
    groups: dict[Any, list[Record]] = defaultdict(list)
    for record in records:
        value = value_of(record)
        if isinstance(value, str | int) and not isinstance(value, bool):
            groups[value].append(record)
    return groups


def _report(register: str, name: str, value: Any, group: list[Record]) -> list[Problem]:
    """A problem on every file of `group` but the first (by path), naming the first."""
    group = sorted(group, key=lambda r: r.rel)
    first = group[0]
    return [
        Problem(
            record.rel,
            *record.position((name,)),
            "VALUE-DUPLICATE",
            f"{register} {name} {value!r} is also used by {first.rel} "
            "(two changes merged that each took it?)",
        )
        for record in group[1:]
    ]
