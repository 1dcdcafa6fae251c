"""`backoffice check`: every problem in the ledger and the registers, in one run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError

from .ledger import ledger_problems
from .problems import Problem, sort_problems
from .records import Record, RecordSet
from .schemas import RegisterSchema, SchemaSet, problem_code
from .workspace import Workspace


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
            f"{self.records} records in {self.registers} registers and "
            f"{self.entries} ledger entries checked"
        )
        if not self.problems:
            return f"{checked}: no problems."
        files = len({p.path for p in self.problems})
        return f"{checked}: {self.errors} errors and {self.warnings} warnings in {files} files."


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
    return [Problem(record.rel, *record.position(path), problem_code(error), message)]


def schema_has_patterns(schema: Any) -> bool:
    return isinstance(schema, dict) and "patternProperties" in schema


def validate_record(record: Record, register: RegisterSchema) -> list[Problem]:
    """Every way a record breaks its schema (including references and check digits)."""
    problems: list[Problem] = []
    for error in register.validator.iter_errors(record.data):
        problems += _schema_problems(record, error)
    return problems


def record_problems(schemas: SchemaSet, records: RecordSet) -> list[Problem]:
    problems: list[Problem] = []
    for record in records.records:
        register = schemas.registers.get(record.register)
        if register is None:  # its schema is broken, reported once on the schema file
            continue
        problems += validate_record(record, register)
    return problems


def check(ws: Workspace) -> CheckResult:
    """Load everything once, then collect every problem."""
    ledger = ws.ledger
    schemas = ws.schemas
    records = ws.records
    ids: dict[str, set[str]] = defaultdict(set)
    for record in records.records:
        ids[record.register].add(record.id)
    schemas.context.ids = dict(ids)
    schemas.context.accounts = ledger.open_accounts()
    problems = [
        *ledger_problems(ledger, ws.root),
        *schemas.problems,
        *records.problems,
        *identity_problems(records),
        *record_problems(schemas, records),
    ]
    return CheckResult(
        problems=sort_problems(problems),
        records=len(records.records),
        registers=len(schemas.registers),
        entries=len(ledger.entries),
    )
