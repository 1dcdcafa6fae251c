"""Check rules of the record of processing activities: personal data no activity accounts for,
registers and fields that do not exist, processors without a contract, and records kept past
their retention period."""

from __future__ import annotations

import re
from typing import Any

from backoffice.check.run import CheckOptions
from backoffice.core.clock import today
from backoffice.core.problems import Problem
from backoffice.load.workspace import Workspace
from backoffice.privacy.activities import (
    REGISTER,
    covers,
    has_field,
    holdings,
    retentions,
    sensitive_fields,
)
from backoffice.report.common import has_register


def _schema_line(ws: Workspace, register: str, field: tuple[str, ...]) -> tuple[str, int, int]:
    """Where a field is declared in its schema file: its key, found name by name from the
    outside in (`leave`, then `absences` after it)."""
    rel = f"schemas/{register}.schema.json"
    try:
        text = (ws.root / rel).read_text(encoding="utf-8")
    except OSError:
        return rel, 1, 1
    start = 0
    for name in field:
        match = re.compile(rf'"{re.escape(name)}"\s*:').search(text, start)
        if match is None:
            return rel, 1, 1
        start = match.start()
    line = text.count("\n", 0, start) + 1
    return rel, line, start - text.rfind("\n", 0, start)


def keeps_a_record(ws: Workspace) -> bool:
    """Whether the company has begun its record of processing activities (a new company's
    empty records/processing/ asks nothing yet)."""
    return has_register(ws, REGISTER) and bool(ws.register(REGISTER))


def uncovered_fields(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """PRIVACY-UNCOVERED: a field a register's schema marks x-sensitive that no activity's
    `held_in` names (art. 30 asks for every processing of personal data). Only once the
    company keeps a record of processing activities (a record in records/processing/)."""
    if not keeps_a_record(ws):
        return []
    held = holdings(ws)
    found = []
    for register, schema in sorted(ws.schemas.registers.items()):
        if register == REGISTER:
            continue
        for field in sensitive_fields(schema.inlined):
            if any(h.register == register and covers(h.fields, field) for h in held):
                continue
            rel, line, column = _schema_line(ws, register, field)
            name = ".".join(field)
            found.append(
                Problem(
                    rel,
                    line,
                    column,
                    "PRIVACY-UNCOVERED",
                    f"{register}.{name} is marked x-sensitive but no processing activity "
                    f"names it in held_in (GDPR art. 30)",
                )
            )
    return found


def unknown_fields(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """PRIVACY-UNKNOWN-FIELD: a `held_in` register without a schema, or a field (or
    `retained_from`) its schema does not have."""
    found = []
    for h in holdings(ws):
        record = h.activity
        schema = ws.schemas.registers.get(h.register)
        if schema is None:
            line, column = record.position(("held_in", h.index, "register"))
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "PRIVACY-UNKNOWN-FIELD",
                    f"register {h.register!r} does not exist (no schemas/{h.register}.schema.json)",
                )
            )
            continue
        named: list[tuple[str, int | None, str]] = [
            ("fields", i, f) for i, f in enumerate(h.fields)
        ]
        if h.retained_from is not None:
            named.append(("retained_from", None, h.retained_from))
        for key, i, field in named:
            if has_field(schema.inlined, tuple(field.split("."))):
                continue
            where = ("held_in", h.index, key) if i is None else ("held_in", h.index, key, i)
            line, column = record.position(where)
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "PRIVACY-UNKNOWN-FIELD",
                    f"{h.register} has no field {field!r}",
                )
            )
    return found


def _parties(ws: Workspace) -> dict[str, set[str]]:
    """The parties of each contract, by contract id."""
    parties: dict[str, set[str]] = {}
    for contract in ws.register("contracts") if has_register(ws, "contracts") else []:
        body = contract.data if isinstance(contract.data, dict) else {}
        listed = body.get("parties")
        parties[contract.id] = {str(p) for p in listed} if isinstance(listed, list) else set()
    return parties


def _processes_personal_data(body: Any) -> bool:
    access = body.get("data_access") if isinstance(body, dict) else None
    return isinstance(access, dict) and access.get("processes_personal_data") is True


def processors_without_contract(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """PRIVACY-NO-CONTRACT: a processor an activity names without a contract, or with one the
    supplier is no party to; a supplier marked as processing personal data that no contract
    binds (art. 28(3) wants the processing governed by a contract). PRIVACY-PROCESSOR-UNLISTED,
    a warning: such a supplier that no activity names as its processor."""
    if not keeps_a_record(ws):
        return []
    parties = _parties(ws)
    named: set[str] = set()
    found = []
    for record in ws.register(REGISTER):
        body = record.data if isinstance(record.data, dict) else {}
        listed = body.get("processors")
        for index, entry in enumerate(listed if isinstance(listed, list) else []):
            if not isinstance(entry, dict):
                continue
            supplier, contract = str(entry.get("supplier")), entry.get("contract")
            named.add(supplier)
            if contract is None:
                message = (
                    f"processor {supplier} names no contract holding its data processing agreement"
                )
                line, column = record.position(("processors", index, "supplier"))
            elif supplier not in parties.get(str(contract), {supplier}):
                message = f"processor {supplier} is no party to contract {contract}"
                line, column = record.position(("processors", index, "contract"))
            else:
                continue
            found.append(Problem(record.rel, line, column, "PRIVACY-NO-CONTRACT", message))
    bound = set().union(*parties.values()) if parties else set()
    for record in ws.register("suppliers") if has_register(ws, "suppliers") else []:
        if not _processes_personal_data(record.data):
            continue
        line, column = record.position(("data_access", "processes_personal_data"))
        if record.id not in bound:
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "PRIVACY-NO-CONTRACT",
                    f"{record.id} processes personal data but no contract names it as a party",
                )
            )
        if record.id not in named:
            found.append(
                Problem(
                    record.rel,
                    line,
                    column,
                    "PRIVACY-PROCESSOR-UNLISTED",
                    f"{record.id} processes personal data but no processing activity names "
                    f"it among its processors",
                    "warning",
                )
            )
    return found


def retention_passed(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """PRIVACY-RETENTION: a record still kept after its retention period ended: delete or
    anonymise it."""
    now = today()
    found = []
    for due in retentions(ws):
        if due.due >= now:
            continue
        record, holding = due.record, due.holding
        line, column = record.position(
            tuple(holding.retained_from.split(".")) if holding.retained_from else ()
        )
        found.append(
            Problem(
                record.rel,
                line,
                column,
                "PRIVACY-RETENTION",
                f"kept past its retention: {holding.activity.id} keeps {holding.register} "
                f"{due.period} after {due.start} ({holding.retained_from}), so until "
                f"{due.due}; delete or anonymise the record",
            )
        )
    return found
