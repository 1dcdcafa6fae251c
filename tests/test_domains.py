"""The areas declare themselves once: an area added in one `Domain` reaches every stage, and
every register is owned by exactly one area."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import click
import pytest

from backoffice import cli
from backoffice.check.run import CheckOptions, check_in_process
from backoffice.core.domain import Domain, RecordDeadlines
from backoffice.core.period import Period, parse_period
from backoffice.core.problems import Problem
from backoffice.derive import sync
from backoffice.derive.journal import GENERATED, Posting, Transaction
from backoffice.domains import DOMAINS
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.deadlines import Deadline, deadline, deadlines
from backoffice.report.model import Column, Report, ReportSpec, Row
from backoffice.report.registry import build_report, report_specs
from support import REPO, Tiny

VEHICLES_SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "required": ["id", "plate"],
  "properties": {
    "id": {"$ref": "defs.schema.json#/$defs/id"},
    "plate": {"type": "string"},
    "inspection_due": {"$ref": "defs.schema.json#/$defs/date"}
  }
}
"""


def _inspections(record: Record, as_of: date) -> Iterator[Deadline]:
    body = record.data
    yield from deadline(
        record, date.fromisoformat(body["inspection_due"]), "inspection", f"STK: {body['plate']}"
    )


def _fleet_report(ws: Workspace, period: Period, as_of: date) -> Report:
    rows = [Row({"vehicle": r.id, "plate": r.data["plate"]}) for r in ws.register("vehicles")]
    return Report(
        name="fleet",
        title="Fleet",
        period=period,
        columns=[Column("vehicle", "Vehicle"), Column("plate", "Plate")],
        rows=rows,
    )


def _plates_upper_case(ws: Workspace, options: CheckOptions) -> list[Problem]:
    return [
        Problem(r.rel, *r.position(("plate",)), "FLEET-PLATE", "the plate is not in capitals")
        for r in ws.register("vehicles")
        if r.data["plate"] != r.data["plate"].upper()
    ]


def _fuel(ws: Workspace) -> list[Transaction]:
    return [
        Transaction(
            date(2026, 1, 31),
            "Fuel for the fleet",
            [
                Posting("Expenses:Rent", Decimal(50), "EUR"),
                Posting("Assets:Bank", Decimal(-50), "EUR"),
            ],
            payee="Fuel",
        )
    ]


FLEET = Domain(
    name="fleet",
    registers=("vehicles",),
    rules=(_plates_upper_case,),
    journals=(sync.Journal("fleet.beancount", "records/vehicles/", _fuel),),
    reports=(ReportSpec("fleet", "Vehicles and their plates", _fleet_report),),
    record_deadlines=(RecordDeadlines("vehicles", _inspections),),
)


@pytest.fixture
def fleet(tiny: Tiny) -> Workspace:
    tiny.write("schemas/vehicles.schema.json", VEHICLES_SCHEMA)
    tiny.write(
        "records/vehicles/V-01.yaml", "id: V-01\nplate: ba-123xy\ninspection_due: 2026-03-31\n"
    )
    return Workspace(tiny.root, (*DOMAINS, FLEET))


def test_an_area_added_in_one_declaration_reaches_every_stage(fleet: Workspace) -> None:
    problems = check_in_process(fleet).problems
    assert [str(p) for p in problems] == [
        "records/vehicles/V-01.yaml:2:8: FLEET-PLATE the plate is not in capitals"
    ]
    report = build_report(fleet, "fleet", parse_period("2026"))
    assert [r.cells for r in report.rows] == [{"vehicle": "V-01", "plate": "ba-123xy"}]
    assert [(d.day, d.title) for d in deadlines(fleet, date(2026, 1, 31))] == [
        (date(2026, 3, 31), "STK: ba-123xy")
    ]
    journal = sync.render(fleet, ("fleet.beancount",))[GENERATED / "fleet.beancount"]
    assert '2026-01-31 * "Fuel" "Fuel for the fleet"' in journal


def test_every_area_command_is_mounted_on_the_root_group() -> None:
    ctx = click.Context(cli.main)
    for command in (c for d in DOMAINS for c in d.commands):
        assert command.name is not None
        assert cli.main.get_command(ctx, command.name) is command


def test_a_report_declared_twice_is_refused() -> None:
    twice = Domain(name="again", reports=(ReportSpec("vat", "VAT once more", _fleet_report),))
    with pytest.raises(ValueError, match="report 'vat' is declared twice"):
        report_specs((*DOMAINS, twice))


def test_every_register_is_owned_by_exactly_one_area() -> None:
    owners: dict[str, list[str]] = {}
    for domain in DOMAINS:
        for register in domain.registers:
            owners.setdefault(register, []).append(domain.name)
    schemas = {
        p.name.removesuffix(".schema.json") for p in Path(REPO / "schemas").glob("*.schema.json")
    }
    shared = {"defs", "company"}  # shared types; the organisation itself, read by every stage
    assert {r: o for r, o in owners.items() if len(o) > 1} == {}
    assert sorted(schemas - shared - set(owners)) == []
    assert sorted(set(owners) - schemas) == []
