"""Values that must be unique across files: ids and the fields a schema marks ``x-unique``
(an invoice's number, a person's birth number, a customer's IČO). Two branches can each add a
file that takes the same value; Git merges them without a conflict, so `check` names both files.

``"x-unique": true`` compares a field with itself in every file of the register; a string
names a group of fields compared with each other (a Slovak DIČ and the IČ DPH made of it).
Fields may sit in nested objects. Values are compared in the canonical form of their
``x-check`` kind (spaces and case do not make a second IBAN), and a sensitive field's value
is never printed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backoffice.core.problems import Problem
from backoffice.load.checkdigits import canonical
from backoffice.load.records import Record, RecordSet
from backoffice.load.schemas import SchemaSet


@dataclass(frozen=True)
class UniqueField:
    """A field whose value no two records of a register may share."""

    path: tuple[str, ...]
    group: str
    """Fields of one group are compared with each other."""
    check: str | None = None
    """Its x-check kind, which says how two ways of writing one value compare."""
    sensitive: bool = False

    @property
    def name(self) -> str:
        return ".".join(self.path)


def _fields(schema: Any, path: tuple[str, ...], sensitive: bool) -> Iterator[UniqueField]:
    """The unique fields of an (inlined) object schema and its nested objects."""
    for part in _parts(schema):
        for key, sub in (part.get("properties") or {}).items():
            here = (*path, key)
            secret = sensitive or bool(_keyword(sub, "x-sensitive"))
            marked = _keyword(sub, "x-unique")
            if marked is True or isinstance(marked, str):
                group = marked if isinstance(marked, str) else ".".join(here)
                yield UniqueField(here, group, _keyword(sub, "x-check"), secret)
            yield from _fields(sub, here, secret)


def _parts(schema: Any) -> list[dict[str, Any]]:
    """A schema and the schemas its allOf adds (where inlining a $ref put them)."""
    if not isinstance(schema, dict):
        return []
    return [schema, *(p for s in schema.get("allOf") or [] for p in _parts(s))]


def _keyword(schema: Any, name: str) -> Any:
    return next((part[name] for part in _parts(schema) if name in part), None)


def unique_fields(schemas: SchemaSet, register: str) -> tuple[UniqueField, ...]:
    """The fields whose values must be unique in a register (each once, wherever the schema
    declares it)."""
    reg = schemas.registers.get(register)
    found = {f.path: f for f in _fields(reg.inlined, (), False)} if reg else {}
    return tuple(found.values())


ID = UniqueField(("id",), "id")
"""A record's id field (the file name when the record writes none)."""


def duplicate_values(schemas: SchemaSet, records: RecordSet) -> list[Problem]:
    """VALUE-DUPLICATE for an id field that repeats another file's id, and for a unique
    field's value used by two files (same file names are ID-DUPLICATE, reported elsewhere)."""
    by_register: dict[str, list[Record]] = defaultdict(list)
    for record in records.records:
        if not record.singleton and isinstance(record.data, dict):
            by_register[record.register].append(record)
    problems = []
    for register, found in sorted(by_register.items()):
        for group in _groups(found, (ID,)).values():
            if len({r.id for r, _ in group}) > 1:
                problems += _report(register, group)
        fields = unique_fields(schemas, register)
        for name in sorted({f.group for f in fields}):
            members = tuple(f for f in fields if f.group == name)
            for group in _groups(found, members).values():
                problems += _report(register, group)
    return problems


def _value(record: Record, path: tuple[str, ...]) -> Any:
    if path == ID.path:
        return record.data.get("id", record.id)
    data = record.data
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


Group = list[tuple[Record, list[UniqueField]]]
"""The records that share a value, each with the fields it holds the value in."""


def _groups(records: list[Record], fields: tuple[UniqueField, ...]) -> dict[Any, Group]:
    """Records by the canonical value of any of `fields`, each record once per value (values
    that are not scalars are not compared)."""
    groups: dict[Any, Group] = defaultdict(list)
    for record in records:
        for field in fields:
            value = _value(record, field.path)
            if isinstance(value, bool) or not isinstance(value, str | int):
                continue
            key = canonical(field.check, value) if isinstance(value, str) else value
            held = next((f for r, f in groups[key] if r is record), None)
            if held is None:
                groups[key].append((record, [field]))
            else:
                held.append(field)
    return groups


def _report(register: str, group: Group) -> list[Problem]:
    """A problem on every file of `group` but the first (by path), naming the first (and its
    field, when the value is there in another one); the value is left out when sensitive."""
    group = sorted(group, key=lambda rf: rf[0].rel)
    first, first_fields = group[0]
    names = [f.name for f in first_fields]
    problems = []
    for record, fields in group[1:]:
        field = next((f for f in fields if f.name in names), fields[0])
        shown = "" if field.sensitive else f" {_value(record, field.path)!r}"
        other = "" if field.name in names else f" (as {names[0]})"
        problems.append(
            Problem(
                record.rel,
                *record.position(field.path),
                "VALUE-DUPLICATE",
                f"{register} {field.name}{shown} is also used by {first.rel}{other} "
                "(two changes merged that each took it?)",
            )
        )
    return problems
