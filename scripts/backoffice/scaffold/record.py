"""A new record of a register, from its schema: the next free id, the fields given, and a
``TODO:`` placeholder for every other required field.

A placeholder is a string that starts with ``TODO:`` and says what belongs there; `check`
reports each one (``PLACEHOLDER``) until it is replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from backoffice.check.run import PLACEHOLDER, validate_record
from backoffice.core.clock import today
from backoffice.core.files import write_new
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import parse_yaml_text

TODO = PLACEHOLDER
OTHER_COMMANDS = {
    "invoices": "invoices are numbered by series and year: `backoffice invoice new --customer ID`",
    "bills": "bills are named by supplier and number: `backoffice bill new --supplier ID` "
    "or `backoffice bill import FILE.xml`",
    "payroll": "payroll runs are named by month: `backoffice payroll draft YYYY-MM`",
    "invoice-deliveries": "the delivery log of an invoice is written by "
    "`backoffice invoice sent NUMBER`",
}
"""Registers whose records are named by a date or a number: the command that writes them."""
NUMBERED = re.compile(r"^\^?([A-Z][A-Z0-9]*-)\[0-9\]\{(\d+)\}\$?$")
ID = re.compile(r"^([A-Z][A-Z0-9]*-)([0-9]+)$")
YEAR = re.compile(r"[0-9]{4}")


class ScaffoldError(Exception):
    """A usage error: an unknown register or field, a value that does not fit its field."""


class Todo(str):
    """A placeholder value."""


@dataclass
class Draft:
    register: str
    id: str
    rel: Path
    text: str
    todo: list[str] = field(default_factory=list)
    """The fields left as placeholders, dotted."""


def flat(node: Any) -> dict[str, Any]:
    """A schema node with its `allOf` parts merged in (properties and required joined)."""
    if not isinstance(node, dict):
        return {}
    out = {k: v for k, v in node.items() if k != "allOf"}
    for part in node.get("allOf", []):
        merged = flat(part)
        out["properties"] = {**merged.get("properties", {}), **out.get("properties", {})}
        out["required"] = [*out.get("required", []), *merged.get("required", [])]
        for key, value in merged.items():
            out.setdefault(key, value)
    return out


def _id_shape(ws: Workspace, register: str, schema: dict[str, Any]) -> tuple[str, int] | None:
    """The prefix and width of the register's ids: from its records, else its schema."""
    shapes = [ID.match(r.id) for r in ws.register(register)]
    found = [(m.group(1), len(m.group(2))) for m in shapes if m]
    if found:
        return max(found, key=lambda shape: found.count(shape))
    node = flat(flat(schema).get("properties", {}).get("id"))
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        match = NUMBERED.match(pattern)
        if match:
            return match.group(1), int(match.group(2))
    for example in node.get("examples", []):
        match = ID.match(str(example))
        if match:
            return match.group(1), len(match.group(2))
    return None


def numbered_registers(ws: Workspace) -> dict[str, tuple[str, int]]:
    """The registers `new` scaffolds a record of, with the prefix and width of their ids."""
    out = {}
    for name, register in sorted(ws.schemas.registers.items()):
        if name in OTHER_COMMANDS:
            continue
        shape = _id_shape(ws, name, register.inlined)
        if shape is not None:
            out[name] = shape
    return out


def folder(ws: Workspace, register: str) -> Path:
    """Where a new record goes: records/<register>/, or this year's folder of a register whose
    records are grouped in year folders (records/purchase-orders/2026/)."""
    base = Path("records") / register
    years = {Path(r.rel).parent.name for r in ws.register(register)}
    if years and all(YEAR.fullmatch(name) for name in years):
        return base / str(today().year)
    return base


def next_id(ws: Workspace, register: str, shape: tuple[str, int]) -> str:
    prefix, width = shape
    used = [int(m.group(2)) for r in ws.register(register) if (m := ID.match(r.id))]
    used += [
        int(m.group(2))
        for p in (ws.root / "records" / register).rglob("*.yaml")
        if (m := ID.match(p.stem)) and m.group(1) == prefix
    ]
    return f"{prefix}{max(used, default=0) + 1:0{width}d}"


def _hint(node: dict[str, Any], name: str) -> str:
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    if "x-ref" in node:
        refs = node["x-ref"] if isinstance(node["x-ref"], list) else [node["x-ref"]]
        return f"the id of a record in {' or '.join(refs)}"
    if node.get("x-account"):
        return "a ledger account"
    if node.get("format") == "date":
        return "a date, YYYY-MM-DD"
    description = node.get("description")
    if isinstance(description, str) and description:
        return description
    kind = node.get("type")
    return f"{name} ({kind})" if isinstance(kind, str) else name


def skeleton(node: Any, name: str) -> Any:
    """What a new record holds at a required place: a constant, a default, the required
    fields of an object, one item of a list that needs one, else a placeholder."""
    node = flat(node)
    if "const" in node:
        return node["const"]
    if "default" in node:
        return node["default"]
    if "enum" in node and len(node["enum"]) == 1:
        return node["enum"][0]
    kinds = node.get("type")
    if kinds == "object" or ("properties" in node and kinds is None):
        properties = node.get("properties", {})
        return {key: skeleton(properties.get(key), key) for key in _required(node)}
    if kinds == "array":
        if node.get("minItems", 0) >= 1 and isinstance(node.get("items"), dict):
            return [skeleton(node["items"], name)]
        return []
    return Todo(f"{TODO} {_hint(node, name)}")


def _required(node: dict[str, Any]) -> list[str]:
    """Required fields in the order the schema lists its properties, with those of the first
    choice the object must make (`oneOf` or `anyOf` of required fields: a monthly salary or an
    hourly rate)."""
    required = list(node.get("required", []))
    for key in ("oneOf", "anyOf"):
        choices = node.get(key)
        if isinstance(choices, list) and choices and isinstance(choices[0], dict):
            required += [k for k in choices[0].get("required", []) if isinstance(k, str)]
    required = list(dict.fromkeys(required))
    order = list(node.get("properties", {}))
    return sorted(required, key=lambda k: order.index(k) if k in order else len(order))


def field_node(schema: dict[str, Any], path: list[str]) -> dict[str, Any] | None:
    """The schema of a dotted field, or None when the register has no such field."""
    node: dict[str, Any] = flat(schema)
    for key in path:
        properties = node.get("properties", {})
        if key not in properties:
            return None
        node = flat(properties[key])
    return node


def field_names(schema: dict[str, Any], prefix: str = "", depth: int = 0) -> list[str]:
    """Every field `--set` can name, dotted (objects two levels deep)."""
    names = []
    for key, child in flat(schema).get("properties", {}).items():
        names.append(prefix + key)
        node = flat(child)
        if depth < 2 and "properties" in node:
            names += field_names(node, f"{prefix}{key}.", depth + 1)
    return names


def parse_value(text: str) -> Any:
    """A `--set` value, read as a YAML scalar the way records are read."""
    parsed, problems = parse_yaml_text(f"value: {text}\n" if text.strip() else "value:\n", "--set")
    if problems or parsed is None or not isinstance(parsed.data, dict):
        raise ScaffoldError(f"{text!r} is not a YAML scalar")
    value = parsed.data.get("value")
    if isinstance(value, dict | list):
        raise ScaffoldError(f"{text!r} is not a YAML scalar")
    return value


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def emit(data: dict[str, Any], indent: int = 0) -> Iterator[str]:
    """Plain YAML for a tree of mappings, lists and scalars (strings double-quoted)."""
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict) and value:
            yield f"{pad}{key}:"
            yield from emit(value, indent + 2)
        elif isinstance(value, list) and value:
            yield f"{pad}{key}:"
            for item in value:
                if isinstance(item, dict) and item:
                    lines = list(emit(item, indent + 4))
                    yield f"{pad}  - {lines[0].lstrip()}"
                    yield from lines[1:]
                else:
                    yield f"{pad}  - {_scalar(item) if not isinstance(item, dict) else '{}'}"
        elif isinstance(value, dict):
            yield f"{pad}{key}: {{}}"
        elif isinstance(value, list):
            yield f"{pad}{key}: []"
        else:
            yield f"{pad}{key}: {_scalar(value)}"


def _todo_paths(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, str) and value.startswith(TODO):
        yield path
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _todo_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _todo_paths(child, (*path, index))


def dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)


def draft(ws: Workspace, register: str, sets: list[tuple[str, str]]) -> Draft:
    """The new record of `register` with the fields `sets` (dotted field, YAML text).

    Raises ScaffoldError for an unknown register or field, or a value its field refuses."""
    numbered = numbered_registers(ws)
    if register not in numbered:
        if register in OTHER_COMMANDS:
            raise ScaffoldError(OTHER_COMMANDS[register])
        raise ScaffoldError(
            f"no register {register!r} with numbered records "
            f"(choose from {', '.join(sorted(numbered)) or 'none'})"
        )
    schema = ws.schemas.registers[register].inlined
    record_id = next_id(ws, register, numbered[register])
    body = skeleton(schema, register)
    if not isinstance(body, dict):
        raise ScaffoldError(f"the schema of {register} does not describe an object")
    body["id"] = record_id
    body = {"id": record_id, **{k: v for k, v in body.items() if k != "id"}}
    names = field_names(schema)
    for name, text in sets:
        path = name.split(".")
        if path == ["id"]:
            raise ScaffoldError(f"the id is the next free one ({record_id}); it cannot be set")
        if field_node(schema, path) is None:
            raise ScaffoldError(
                f"unknown field {name!r} of {register} (fields: {', '.join(names)})"
            )
        value = parse_value(text)
        place = body
        for key in path[:-1]:
            if not isinstance(place.get(key), dict):
                place[key] = {}
            place = place[key]
        place[path[-1]] = value
    rel = folder(ws, register) / f"{record_id}.yaml"
    text = "\n".join(emit(body)) + "\n"
    _refuse_bad_values(ws, register, record_id, rel, text, [n for n, _ in sets])
    todo = [dotted(p) for p in _todo_paths(body)]
    return Draft(register, record_id, rel, text, todo)


def _refuse_bad_values(
    ws: Workspace, register: str, record_id: str, rel: Path, text: str, names: list[str]
) -> None:
    """Check the record against its schema; a problem at a value given by `--set` refuses it
    (the placeholders are expected to fail)."""
    parsed, problems = parse_yaml_text(text, rel.as_posix())
    if parsed is None or problems:
        raise ScaffoldError("; ".join(p.message for p in problems))
    record = Record(register, record_id, rel.as_posix(), parsed.data, parsed.positions)
    schemas = ws.schemas
    ids: dict[str, set[str]] = {}
    for other in ws.records.records:
        ids.setdefault(other.register, set()).add(other.id)
    schemas.context.ids = ids
    schemas.context.accounts = None
    found = validate_record(record, schemas.registers[register]).settle(ws.ledger.open_accounts())
    given = {record.position(tuple(name.split("."))): name for name in names}
    bad = [
        f"{given[(p.line, p.column)]}: {p.message.split(': ', 1)[-1]}"
        for p in found
        if (p.line, p.column) in given
    ]
    if bad:
        raise ScaffoldError("; ".join(bad))


def write(ws: Workspace, new: Draft) -> None:
    """Write the record; never over an existing file."""
    write_new(ws.root / new.rel, new.text)
