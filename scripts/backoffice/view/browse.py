"""Records as people browse them: register tables, one record's fields with its references
resolved both ways, and the ledger entries that belong to it.

Pure functions of a workspace; the Fava extension renders what they return. Values whose
schema marks them (or a field around them) ``x-sensitive`` are shown as `HIDDEN` unless the caller
asks for them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeGuard

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

HIDDEN = "hidden"
"""What a page shows instead of a personal or confidential value: that one exists, not what."""

ACRONYMS = frozenset({"iban", "bic", "id", "ico", "dic", "vat", "fte", "url", "pdf", "xml", "it"})
"""Words of a field's key written in capitals when the key is turned into a label."""


@dataclass(frozen=True)
class Link:
    """A value that points elsewhere: a record, a ledger account or a ledger link."""

    kind: str  # "record" | "account" | "ledger-link"
    target: str
    register: str = ""


@dataclass
class Field:
    """One line of a record's page: a field's label and value, or a heading (no value) above
    the fields it holds, or a small table of a list of flat items (`columns` and `rows`)."""

    path: str
    label: str
    value: str
    level: int
    link: Link | None = None
    sensitive: bool = False
    hidden: bool = False
    """Sensitive and not shown: `value` is `HIDDEN`."""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Field]] = field(default_factory=list)


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


def is_sensitive(schema: Any) -> bool:
    return bool(_keyword(schema, "x-sensitive"))


def label(key: str | int, schema: Any) -> str:
    """A field's name for people: its schema's title, else its key in words (``private_iban``
    → "Private IBAN"); a list item is numbered from 1."""
    title = _keyword(schema, "title")
    if isinstance(title, str) and title:
        return title
    if isinstance(key, int):
        return f"#{key + 1}"
    words = [w.upper() if w in ACRONYMS else w for w in key.replace("-", "_").split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


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


def sensitive_walk(data: Any, schema: Any) -> Iterator[tuple[Path_, Any, Any, bool]]:
    """`walk`, with whether each value is sensitive: marked so itself or inside a field that is."""
    marked: list[Path_] = []
    for path, value, sub in walk(data, schema):
        inside = any(path[: len(m)] == m for m in marked)
        if not inside and is_sensitive(sub):
            marked.append(path)
        yield path, value, sub, inside or is_sensitive(sub)


def references(ws: Workspace, record: Record) -> list[tuple[Path_, Link, bool]]:
    """Every reference a record makes, with where it stands and whether it is sensitive (an
    incident's people involved, an asset's buyer)."""
    found = []
    for path, value, schema, sensitive in sensitive_walk(
        record.data, schema_of(ws, record.register)
    ):
        link = _link(value, schema)
        if link is not None:
            found.append((path, link, sensitive))
    return found


def sensitive_values(ws: Workspace, record: Record) -> set[str]:
    """The scalar values of a record that are sensitive, as text: what must not be shown."""
    return {
        _display(value)
        for path, value, _schema, sensitive in sensitive_walk(
            record.data, schema_of(ws, record.register)
        )
        if sensitive and path and not isinstance(value, dict | list) and value is not None
    }


@dataclass
class Index:
    """Records by register and id, and who refers to whom: computed once per workspace load."""

    by_id: dict[str, dict[str, Record]]
    referenced_by: dict[tuple[str, str], dict[str, tuple[Record, bool]]]
    """The records (by file) that refer to a record, each with whether it does so only through
    sensitive fields: a page that hides those does not list it."""
    by_file: dict[str, Record] = field(default_factory=dict)
    """Records by their path relative to the root, as problems name them."""

    def find(self, link: Link) -> Record | None:
        registers = [link.register] if link.register else list(self.by_id)
        for register in registers:
            record = self.by_id.get(register, {}).get(link.target)
            if record is not None:
                return record
        return None


def build_index(ws: Workspace) -> Index:
    by_id = ws.records.by_id()
    index = Index(by_id, defaultdict(dict), {r.rel: r for r in ws.records.records})
    for record in ws.records.records:
        for _path, link, sensitive in references(ws, record):
            target = index.find(link) if link.kind == "record" else None
            if target is not None:
                refs = index.referenced_by[(target.register, target.id)]
                private = refs[record.rel][1] if record.rel in refs else True
                refs[record.rel] = (record, private and sensitive)
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


def _flat_items(value: Any) -> TypeGuard[list[dict[str, Any]]]:
    """A list of objects holding only plain values: shown as a table, one row per item."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(item, dict) and not any(isinstance(v, dict | list) for v in item.values())
            for item in value
        )
    )


def _value(path: Path_, key: str | int, value: Any, schema: Any, level: int, show: bool) -> Field:
    """A plain value as a field, hidden when it is sensitive and not to be shown."""
    name, dotted = label(key, schema), ".".join(str(p) for p in path)
    if is_sensitive(schema) and not show:
        return Field(dotted, name, HIDDEN, level, sensitive=True, hidden=True)
    return Field(dotted, name, _display(value), level, _link(value, schema), is_sensitive(schema))


def _rows(path: Path_, items: list[dict[str, Any]], schema: Any, show: bool) -> Field:
    """A list of flat items as one field holding a table: columns titled from the schema."""
    item_schema = _child(schema, 0)
    if is_sensitive(item_schema) and not show:
        return _value(path, path[-1], items, schema | {"x-sensitive": True}, len(path) - 1, show)
    keys = list(dict.fromkeys(k for item in items for k in item))
    field_ = Field(".".join(str(p) for p in path), label(path[-1], schema), "", len(path) - 1)
    field_.columns = [label(k, _child(item_schema, k)) for k in keys]
    for i, item in enumerate(items):
        field_.rows.append(
            [
                _value((*path, i, k), k, item.get(k), _child(item_schema, k), 0, show)
                if k in item
                else Field("", "", "", 0)
                for k in keys
            ]
        )
    return field_


def fields(data: Any, schema: Any, show: bool, path: Path_ = ()) -> Iterator[Field]:
    """A record's fields in order, labelled from the schema; a sensitive field (and all it
    holds) is one line reading `HIDDEN` unless `show`."""
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        sub, here = _child(schema, key), (*path, key)
        if not isinstance(value, dict | list) or (is_sensitive(sub) and not show):
            yield _value(here, key, value, sub, len(path), show)
        elif _flat_items(value):
            yield _rows(here, value, sub, show)
        else:
            yield Field(".".join(str(p) for p in here), label(key, sub), "", len(path))
            yield from fields(value, sub, show, here)


def record_view(
    ws: Workspace, index: Index, record: Record, problems: list[Problem], show: bool = False
) -> RecordView:
    """Every field of a record, references resolved, and what refers to it; sensitive values
    hidden unless `show`."""
    referring = index.referenced_by.get((record.register, record.id), {})
    return RecordView(
        record,
        record.title(),
        list(fields(record.data, schema_of(ws, record.register), show)),
        [p for p in problems if p.path == record.rel],
        [other for other, sensitive in referring.values() if show or not sensitive],
        _journal_filters(record),
    )


@dataclass
class Table:
    register: str
    columns: list[str]
    rows: list[tuple[Record, list[str], int]]
    """(record, cells, number of problems)."""
    titles: list[str] = field(default_factory=list)
    """The columns' headings, from the schema (`label`)."""


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
    schema = schema_of(ws, register)
    titles = [label(c, _child(schema, c)) for c in ["id", *columns]]
    return Table(register, ["id", *columns], rows, titles)
