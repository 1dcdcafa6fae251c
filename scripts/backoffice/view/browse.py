"""Records as people browse them: register tables, one record's fields with its references
resolved both ways, and the ledger entries that belong to it.

Pure functions of a workspace; the Fava extension renders what they return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backoffice.core.problems import Problem
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

LEDGER_META = {
    "people": ("person", True),
    "customers": ("customer", False),
    "suppliers": ("supplier", False),
    "assets": ("asset", True),
}
"""Registers whose ids the ledger carries as metadata (key, on postings rather than on the
transaction): the journal filter of a record."""

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Link:
    """A value that points elsewhere: a record, a ledger account or a ledger link."""

    kind: str  # "record" | "account" | "ledger-link"
    target: str
    register: str = ""


@dataclass
class Field:
    path: str
    value: str
    level: int
    link: Link | None = None
    sensitive: bool = False


@dataclass
class RecordView:
    record: Record
    title: str
    fields: list[Field]
    problems: list[Problem]
    referenced_by: list[Record]
    journal_filters: list[tuple[str, str]] = field(default_factory=list)
    """(label, Fava filter) pairs that show the record's ledger entries."""


def _subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """The schema and the branches that also apply to the same value (allOf, then, else)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(key, []):
            yield from _subschemas(branch)
    for key in ("then", "else"):
        yield from _subschemas(schema.get(key))


def _keyword(schema: Any, name: str) -> Any:
    for sub in _subschemas(schema):
        if name in sub:
            return sub[name]
    return None


def _child(schema: Any, key: str | int) -> Any:
    for sub in _subschemas(schema):
        if isinstance(key, int) and isinstance(sub.get("items"), dict):
            return sub["items"]
        if isinstance(key, str) and key in sub.get("properties", {}):
            return sub["properties"][key]
    return None


def walk(data: Any, schema: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any, Any]]:
    """Every value of a record with the schema that governs it (None where none does)."""
    yield path, data, schema
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, _child(schema, key), (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, _child(schema, index), (*path, index))


def _link(value: Any, schema: Any) -> Link | None:
    if not isinstance(value, str):
        return None
    ref = _keyword(schema, "x-ref")
    if ref:
        return Link("record", value, ref if isinstance(ref, str) else "")
    if _keyword(schema, "x-account"):
        return Link("account", value)
    return None


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return str(value)
    return "" if value is None else str(value)


def schema_of(ws: Workspace, register: str) -> dict[str, Any]:
    reg = ws.schemas.registers.get(register)
    return reg.inlined if reg is not None else {}


def references(ws: Workspace, record: Record) -> list[tuple[Path_, Link]]:
    """Every reference a record makes, with where it stands."""
    found = []
    for path, value, schema in walk(record.data, schema_of(ws, record.register)):
        link = _link(value, schema)
        if link is not None:
            found.append((path, link))
    return found


@dataclass
class Index:
    """Records by register and id, and who refers to whom: computed once per workspace load."""

    by_id: dict[str, dict[str, Record]]
    referenced_by: dict[tuple[str, str], list[Record]]

    def find(self, link: Link) -> Record | None:
        registers = [link.register] if link.register else list(self.by_id)
        for register in registers:
            record = self.by_id.get(register, {}).get(link.target)
            if record is not None:
                return record
        return None


def build_index(ws: Workspace) -> Index:
    by_id = ws.records.by_id()
    index = Index(by_id, defaultdict(list))
    for record in ws.records.records:
        seen: set[tuple[str, str]] = set()
        for _path, link in references(ws, record):
            target = index.find(link) if link.kind == "record" else None
            key = (target.register, target.id) if target else None
            if key and key not in seen:
                seen.add(key)
                index.referenced_by[key].append(record)
    return index


def _journal_filters(record: Record) -> list[tuple[str, str]]:
    filters = []
    if record.register in LEDGER_META:
        key, on_postings = LEDGER_META[record.register]
        match = f'{key}:"{record.id}"'
        filters.append(
            (f"entries with {key} {record.id}", f"any({match})" if on_postings else match)
        )
    data = record.data if isinstance(record.data, dict) else {}
    for path, value, _schema in walk(data, None):
        if path and path[-1] == "link" and isinstance(value, str):
            filters.append((f"^{value}", f"^{value}"))
    return filters


def record_view(ws: Workspace, index: Index, record: Record, problems: list[Problem]) -> RecordView:
    """Every field of a record, references resolved, and what refers to it."""
    fields = []
    for path, value, schema in walk(record.data, schema_of(ws, record.register)):
        if not path:
            continue
        label = ".".join(str(p) for p in path)
        container = isinstance(value, dict | list)
        fields.append(
            Field(
                label,
                "" if container else _display(value),
                len(path) - 1,
                None if container else _link(value, schema),
                bool(_keyword(schema, "x-sensitive")),
            )
        )
    return RecordView(
        record,
        record.title(),
        fields,
        [p for p in problems if p.path == record.rel],
        index.referenced_by.get((record.register, record.id), []),
        _journal_filters(record),
    )


@dataclass
class Table:
    register: str
    columns: list[str]
    rows: list[tuple[Record, list[str], int]]
    """(record, cells, number of problems)."""


def summary_columns(schema: dict[str, Any], limit: int = 6) -> list[str]:
    """The first scalar fields of a register's schema: what its table shows."""
    columns = []
    for key, sub in schema.get("properties", {}).items():
        kind = _keyword(sub, "type")
        if key == "id" or _keyword(sub, "x-sensitive"):
            continue
        if kind in ("string", "integer", "number", "boolean", ["number", "string"]) or _keyword(
            sub, "enum"
        ):
            columns.append(key)
        if len(columns) == limit:
            break
    return columns


def register_table(
    ws: Workspace, register: str, problems: list[Problem], sort: str = "id", query: str = ""
) -> Table:
    """A register's records as rows, filtered by a text query and sorted by a column."""
    columns = summary_columns(schema_of(ws, register))
    counts: dict[str, int] = defaultdict(int)
    for problem in problems:
        counts[problem.path] += 1
    rows = []
    needle = query.casefold().strip()
    for record in ws.records.register(register):
        data = record.data if isinstance(record.data, dict) else {}
        cells = [_display(data.get(c)) for c in columns]
        if needle and needle not in " ".join([record.id, *cells]).casefold():
            continue
        rows.append((record, cells, counts[record.rel]))
    key = columns.index(sort) if sort in columns else None
    rows.sort(key=lambda r: (r[1][key].casefold(), r[0].id) if key is not None else (r[0].id, ""))
    return Table(register, ["id", *columns], rows)
