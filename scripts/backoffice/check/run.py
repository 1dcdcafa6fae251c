"""`backoffice check`: every problem in the ledger and the registers, in one run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from jsonschema import ValidationError

from backoffice.check.dates import future_entries
from backoffice.check.uniqueness import duplicate_values
from backoffice.core.errors import BackOfficeError
from backoffice.core.problems import Problem, Severity, sort_problems
from backoffice.core.words import count
from backoffice.load.ledger import ledger_problems
from backoffice.load.records import Record, RecordSet, load_records
from backoffice.load.schemas import (
    WARNINGS,
    RegisterSchema,
    SchemaSet,
    load_schemas,
    problem_code,
)
from backoffice.load.workspace import Workspace


@dataclass
class CheckResult:
    problems: list[Problem]
    records: int
    registers: int
    entries: int

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def summary(self) -> str:
        checked = (
            f"{count(self.records, 'record')} in {count(self.registers, 'register')} and "
            f"{count(self.entries, 'ledger entry', 'ledger entries')} checked"
        )
        if not self.problems:
            return f"{checked}: no problems."
        files = len({p.path for p in self.problems})
        return (
            f"{checked}: {count(self.errors, 'error')} and {count(self.warnings, 'warning')} "
            f"in {count(files, 'file')}."
        )


def identity_problems(records: RecordSet) -> list[Problem]:
    """File name equals id; ids unique per register (sub-folders may otherwise repeat one)."""
    problems = []
    seen: dict[tuple[str, str], Record] = {}
    for record in records.records:
        data = record.data
        if (
            not record.singleton
            and isinstance(data, dict)
            and data.get("id", record.id) != record.id
        ):
            line, col = record.position(("id",))
            message = f"id {data['id']!r} differs from the file name {record.id!r}"
            problems.append(Problem(record.rel, line, col, "ID-MISMATCH", message))
        first = seen.setdefault((record.register, record.id), record)
        if first is not record:
            problems.append(
                Problem(
                    record.rel,
                    1,
                    1,
                    "ID-DUPLICATE",
                    f"{record.register} id {record.id!r} is also used by {first.rel}",
                )
            )
    return problems


def _error_path(error: ValidationError) -> tuple[str | int, ...]:
    return tuple(error.absolute_path)


def _unexpected_keys(error: ValidationError) -> list[str]:
    """For additionalProperties errors: the keys the schema does not allow."""
    instance, schema = error.instance, error.schema
    if not isinstance(instance, dict) or not isinstance(schema, dict):
        return []
    allowed = set(schema.get("properties", {}))
    return [k for k in instance if k not in allowed]


def _schema_problems(record: Record, error: ValidationError) -> list[Problem]:
    path = _error_path(error)
    where = ".".join(str(p) for p in path)
    if error.validator == "additionalProperties" and not schema_has_patterns(error.schema):
        return [
            Problem(
                record.rel,
                *record.position((*path, key), key=True),
                "SCHEMA",
                f"unknown field {'.'.join(str(p) for p in (*path, key))!r}",
            )
            for key in _unexpected_keys(error)
        ]
    message = error.message if not where else f"{where}: {error.message}"
    severity: Severity = "warning" if error.validator in WARNINGS else "error"
    return [
        Problem(record.rel, *record.position(path), problem_code(error), shorten(message), severity)
    ]


def shorten(message: str, limit: int = 240) -> str:
    """Keep a message to one readable line: jsonschema quotes whole values, however large."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def schema_has_patterns(schema: Any) -> bool:
    return isinstance(schema, dict) and "patternProperties" in schema


@dataclass
class RecordsPart:
    """What `check` finds in the registers, without the ledger."""

    problems: list[Problem]
    account_refs: list[tuple[Problem, str]]
    """Problems to keep only if their account turns out not to be open in the ledger."""
    records: int
    registers: int

    def settle(self, open_accounts: set[str]) -> list[Problem]:
        """All problems, once the ledger's open accounts are known."""
        unknown = [p for p, account in self.account_refs if account not in open_accounts]
        return [*self.problems, *unknown]


PLACEHOLDER = "TODO:"
"""A string value that starts so is a placeholder (`backoffice new` writes them): reported
as PLACEHOLDER until it is replaced, instead of everything the schema says of it."""


def _placeholders(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, str):
        return [path] if value.startswith(PLACEHOLDER) else []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    return [found for key, child in items for found in _placeholders(child, (*path, key))]


def placeholder_problems(record: Record) -> list[Problem]:
    """A PLACEHOLDER problem for every placeholder value of a record."""
    problems = []
    for path in _placeholders(record.data):
        value: Any = record.data
        for key in path:
            value = value[key]
        what = ".".join(str(p) for p in path)
        hint = str(value)[len(PLACEHOLDER) :].strip()
        message = f"{what}: to fill in ({hint})" if hint else f"{what}: to fill in"
        problems.append(Problem(record.rel, *record.position(path), "PLACEHOLDER", message))
    return problems


def validate_record(record: Record, register: RegisterSchema) -> RecordsPart:
    """Every way a record breaks its schema (including references and check digits); a
    placeholder is reported as such, once, and a number out of range not also as a pattern
    or type mismatch."""
    part = RecordsPart(placeholder_problems(record), [], 1, 0)
    errors = list(register.validator.iter_errors(record.data))
    out_of_range = {_error_path(e) for e in errors if e.validator == "x-decimal"}
    for error in errors:
        if isinstance(error.instance, str) and error.instance.startswith(PLACEHOLDER):
            continue
        if error.validator in ("pattern", "type") and _error_path(error) in out_of_range:
            continue  # '.nan' or '1e400': the range problem says it better
        found = _schema_problems(record, error)
        if error.validator == "x-account":
            part.account_refs += [(p, str(error.instance)) for p in found]
        else:
            part.problems += found
    return part


def check_records(root: Path) -> RecordsPart:
    """Schemas, parsing, identity and validation of every record; accounts are left to settle."""
    schemas = load_schemas(root)
    return records_part(schemas, load_records(root, set(schemas.registers) | schemas.broken))


def records_part(schemas: SchemaSet, records: RecordSet) -> RecordsPart:
    """Identity and validation of loaded records (the schemas' reference context is reset)."""
    ids: dict[str, set[str]] = defaultdict(set)
    for record in records.records:
        ids[record.register].add(record.id)
    schemas.context.ids = dict(ids)
    schemas.context.accounts = None
    part = RecordsPart(
        [
            *schemas.problems,
            *records.problems,
            *identity_problems(records),
            *duplicate_values(schemas, records),
        ],
        [],
        len(records.records),
        len(schemas.registers),
    )
    for record in records.records:
        register = schemas.registers.get(record.register)
        if register is not None:  # else its schema is broken, reported once on the schema file
            found = validate_record(record, register)
            part.problems += found.problems
            part.account_refs += found.account_refs
    return part


@dataclass(frozen=True)
class CheckOptions:
    base: str | None = None
    """A Git revision to compare with (period lock, issued documents), from --base."""


class CheckOptionError(BackOfficeError):
    """An option of `check` cannot be used (for example, --base names no revision)."""


Rule = Callable[[Workspace, CheckOptions], list[Problem]]
"""A business rule of an area (listed in its `Domain`): it reads what it needs from the
workspace (``ws.ledger``, ``ws.register(name)``) and returns problems."""


def check(ws: Workspace, options: CheckOptions | None = None) -> CheckResult:
    """Every problem of the workspace, with the ledger loaded once.

    Loading the ledger dominates; the records are checked meanwhile in a second process, so
    a large register costs little more than Beancount's own check. Domain rules run after.
    """
    options = options or CheckOptions()
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        records_future = pool.submit(check_records, ws.root)
        ws.ledger  # noqa: B018 - loads the ledger while the records are checked beside it
        records = records_future.result()
    return _with_ledger(ws, records, options)


def check_in_process(ws: Workspace, options: CheckOptions | None = None) -> CheckResult:
    """The same as `check`, in this process, on what the workspace has loaded already.

    For a long-running server (the Fava extension), where forking is no option and the
    ledger and records are loaded anyway.
    """
    return _with_ledger(ws, records_part(ws.schemas, ws.records), options or CheckOptions())


def _with_ledger(ws: Workspace, records: RecordsPart, options: CheckOptions) -> CheckResult:
    ledger = ws.ledger
    problems = ledger_problems(ledger, ws.root)
    if ledger.refused:  # no books: what the rules would say of them would not be true
        problems += records.problems
    else:
        problems += future_entries(ledger, ws.root)
        problems += records.settle(ledger.open_accounts())
        for domain in ws.domains:
            for domain_rule in domain.rules:
                problems += domain_rule(ws, options)
    return CheckResult(
        problems=sort_problems(problems),
        records=records.records,
        registers=records.registers,
        entries=len(ledger.entries),
    )
