"""Register schemas: loaded and compiled once per run, with the toolkit's custom keywords.

Custom keywords (declared in schemas, enforced here, so that adding a register needs no code):
- ``x-ref``: the value is the id of a record in the named register (or one of a list);
- ``x-account``: the value is a ledger account that is open;
- ``x-check``: the value passes a check-digit or code-list test (iban, bic, sk-ico, sk-dic,
  sk-rc, eu-vat, country, peppol-id; see :mod:`backoffice.load.checkdigits`);
- ``x-decimal``: the value is a number (an amount, quantity, rate or price) within the bounds
  every reader of values holds to (:mod:`backoffice.core.values`): finite, no exponent, at most
  `MAX_DIGITS` digits before the point and `MAX_PLACES` after;
- ``x-sensitive``: personal or confidential; an annotation that diffs and reports redact;
- ``x-dated``: the day the record's event happened (issued, signed, decided): a warning when it
  lies more than a month after today, which is a typo far more often than a plan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import SchemaError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from backoffice.core.clock import FUTURE_MARGIN, far_ahead, today
from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.problems import Problem
from backoffice.core.values import out_of_range
from backoffice.load.checkdigits import CHECKS
from backoffice.load.yamlfile import decode_error_position

SCHEMA_SUFFIX = ".schema.json"
SHARED = "defs"
"""The schema of shared definitions: not a register."""


@dataclass
class ReferenceContext:
    """What references are checked against; filled in before records are validated."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    accounts: set[str] | None = None
    """Open ledger accounts; None while the ledger is being loaded elsewhere, when every account
    reference is reported as a candidate problem, to be settled against the ledger later."""


def _x_ref(ctx: ReferenceContext) -> Any:
    def x_ref(
        _v: Validator, registers: str | list[str], instance: Any, _s: Any
    ) -> Iterator[ValidationError]:
        names = [registers] if isinstance(registers, str) else list(registers)
        if isinstance(instance, str) and not any(instance in ctx.ids.get(n, ()) for n in names):
            yield ValidationError(f"{instance!r} is not a record in {' or '.join(names)}")

    return x_ref


def _x_account(ctx: ReferenceContext) -> Any:
    def x_account(
        _v: Validator, enabled: bool, instance: Any, _s: Any
    ) -> Iterator[ValidationError]:
        accounts = ctx.accounts
        if enabled and isinstance(instance, str) and (accounts is None or instance not in accounts):
            yield ValidationError(f"account {instance} is not open in the ledger")

    return x_account


def _x_check(_v: Validator, kind: str, instance: Any, _s: Any) -> Iterator[ValidationError]:
    check = CHECKS.get(kind)
    if check is not None and isinstance(instance, str) and not check[2](instance):
        yield ValidationError(f"{instance!r} is not a valid {check[1]}")


def _x_dated(_v: Validator, enabled: bool, instance: Any, _s: Any) -> Iterator[ValidationError]:
    if not enabled or not isinstance(instance, str):
        return
    try:
        day = date.fromisoformat(instance)
    except ValueError:
        return  # the format keyword reports it
    if far_ahead(day):
        yield ValidationError(
            f"{instance} is more than {FUTURE_MARGIN.days} days after today ({today()}): "
            "a typo for another year?"
        )


WARNINGS = frozenset({"x-dated"})
"""Keywords whose findings are warnings: the value may be right, a person should look."""


def _x_decimal(_v: Validator, enabled: bool, instance: Any, _s: Any) -> Iterator[ValidationError]:
    """Why a number is out of range, as `core.values` reads it; its shape is the pattern's."""
    why = out_of_range(instance) if enabled else None
    if why:
        yield ValidationError(why)


def validator_class(ctx: ReferenceContext) -> type[Validator]:
    """Draft 2020-12 with the toolkit's keywords, bound to one reference context."""
    return validators.extend(  # type: ignore[no-any-return]
        Draft202012Validator,
        {
            "x-ref": _x_ref(ctx),
            "x-account": _x_account(ctx),
            "x-check": _x_check,
            "x-dated": _x_dated,
            "x-decimal": _x_decimal,
        },
    )


def problem_code(error: ValidationError) -> str:
    """The stable problem code for a schema validation error."""
    keyword = str(error.validator)
    if keyword == "x-ref":
        return "REF-UNKNOWN"
    if keyword == "x-account":
        return "ACCOUNT-UNKNOWN"
    if keyword == "x-check":
        return CHECKS[str(error.validator_value)][0]
    if keyword == "x-dated":
        return "DATE-FUTURE"
    if keyword == "x-decimal":
        return "VALUE-RANGE"
    if keyword == "format" and error.validator_value == "date":
        return "DATE-INVALID"
    return "SCHEMA"


@dataclass
class RegisterSchema:
    name: str
    rel: str
    schema: dict[str, Any]
    validator: Validator

    @property
    def inlined(self) -> dict[str, Any]:
        """The schema with every $ref replaced by its target, as it is validated."""
        return dict(self.validator.schema)  # type: ignore[arg-type]


@dataclass
class SchemaSet:
    registers: dict[str, RegisterSchema]
    problems: list[Problem]
    context: ReferenceContext
    broken: set[str]
    """Registers whose schema exists but cannot be used: their records are not validated."""


def _read_schema(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            Problem(rel, 1, 1, "SCHEMA-INVALID", f"cannot be read: {exc.strerror or exc}")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        position = decode_error_position(raw, exc.start)
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        return None, [Problem(rel, *position, "SCHEMA-INVALID", message)]
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [
            Problem(rel, exc.lineno, exc.colno, "SCHEMA-INVALID", f"invalid JSON: {exc.msg}")
        ]
    if not isinstance(schema, dict):
        return None, [Problem(rel, 1, 1, "SCHEMA-INVALID", "a schema must be a JSON object")]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        return None, [Problem(rel, 1, 1, "SCHEMA-INVALID", f"at {where}: {exc.message}")]
    return schema, []


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _unresolvable_refs(
    registry: Registry[Any], name: str, rel: str, schema: dict[str, Any], text: str
) -> list[Problem]:
    """Every $ref of a schema that leads nowhere, with the line it is written on."""
    resolver = registry.resolver(base_uri=f"{name}{SCHEMA_SUFFIX}")
    problems = []
    for ref in sorted(set(_refs(schema))):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            offset = text.find(json.dumps(ref))
            line = text.count("\n", 0, offset) + 1 if offset >= 0 else 1
            column = offset - text.rfind("\n", 0, offset) if offset >= 0 else 1
            problems.append(
                Problem(rel, line, column, "SCHEMA-INVALID", f"$ref {ref!r} does not resolve")
            )
    return problems


ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "default", "x-sensitive"})
DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})


class RecursiveRefError(Exception):
    """A schema refers to itself; registers are trees, so this is refused."""


def inline_refs(node: Any, resolver: Any, seen: frozenset[int] = frozenset()) -> Any:
    """The schema with every $ref replaced by what it points to.

    Validation then needs no reference lookups, which otherwise cost more than the checks
    themselves. A $ref beside other keywords keeps its meaning: the target is merged in, or
    wrapped in allOf where both constrain the same keyword.
    """
    if isinstance(node, list):
        return [inline_refs(item, resolver, seen) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: value if key in DATA_KEYWORDS else inline_refs(value, resolver, seen)
        for key, value in node.items()
        if key != "$ref"
    }
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return out
    resolved = resolver.lookup(ref)
    if id(resolved.contents) in seen:
        raise RecursiveRefError(ref)
    target = inline_refs(resolved.contents, resolved.resolver, seen | {id(resolved.contents)})
    if not isinstance(target, dict) or (set(target) & set(out)) - ANNOTATIONS:
        return {**out, "allOf": [target, *out.get("allOf", [])]}
    return {**target, **out}


def schema_names(root: Path) -> set[str]:
    """The registers that have a schema file: all that reading records needs, without
    compiling or metaschema-checking any schema."""
    return {p.name[: -len(SCHEMA_SUFFIX)] for p in (root / "schemas").glob(f"*{SCHEMA_SUFFIX}")}


def load_schemas(root: Path) -> SchemaSet:
    """Read every ``schemas/*.schema.json``, check it against the metaschema and compile it once."""
    ctx = ReferenceContext()
    cls = validator_class(ctx)
    problems: list[Problem] = []
    loaded: dict[str, tuple[str, dict[str, Any]]] = {}
    broken: set[str] = set()
    for path in sorted((root / "schemas").glob(f"*{SCHEMA_SUFFIX}")):
        name = path.name[: -len(SCHEMA_SUFFIX)]
        rel = path.relative_to(root).as_posix()
        if inside(root, path):
            schema, found = _read_schema(path, rel)
        else:
            schema, found = None, [Problem(rel, 1, 1, OUTSIDE, outside_message("this schema"))]
        problems += found
        if schema is None:
            broken.add(name)
        else:
            loaded[name] = (rel, schema)
    if SHARED in broken:  # every register refers to the shared definitions
        return SchemaSet({}, problems, ctx, broken | set(loaded))
    registry: Registry[Any] = Registry().with_resources(
        (f"{name}{SCHEMA_SUFFIX}", Resource.from_contents(schema, DRAFT202012))
        for name, (_rel, schema) in loaded.items()
    )
    for name, (rel, schema) in list(loaded.items()):
        found = _unresolvable_refs(registry, name, rel, schema, (root / rel).read_text("utf-8"))
        if found:
            problems += found
            broken.add(name)
            del loaded[name]
    registers = {}
    for name, (rel, schema) in loaded.items():
        if name == SHARED:
            continue
        try:
            inlined = inline_refs(schema, registry.resolver(base_uri=f"{name}{SCHEMA_SUFFIX}"))
        except RecursiveRefError as exc:
            problems.append(Problem(rel, 1, 1, "SCHEMA-INVALID", f"$ref {exc} refers to itself"))
            broken.add(name)
            continue
        except Unresolvable as exc:  # a broken $ref inside a schema this one refers to
            problems.append(
                Problem(rel, 1, 1, "SCHEMA-INVALID", f"$ref {exc.ref!r} does not resolve")
            )
            broken.add(name)
            continue
        validator = cls(inlined, registry=registry, format_checker=cls.FORMAT_CHECKER)
        registers[name] = RegisterSchema(name, rel, schema, validator)
    return SchemaSet(registers, problems, ctx, broken)
