"""The record of processing activities: each rule with the bad record that breaks it, the
deadlines it sets, and the report of the example company."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from backoffice.check.run import CheckOptions, Rule
from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from backoffice.privacy.activities import sensitive_fields
from backoffice.privacy.deadlines import deletion_deadlines
from backoffice.privacy.rules import (
    processors_without_contract,
    retention_passed,
    uncovered_fields,
    unknown_fields,
)
from support import REPO, example_report
from support.books import edit
from support.golden import Golden

TODAY = date(2026, 12, 2)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The example's records and schemas, to break on purpose."""
    for part in ("records", "schemas"):
        shutil.copytree(REPO / part, tmp_path / part)
    return tmp_path


def problems(ws: Workspace, *rules: Rule) -> list[str]:
    return [str(p) for rule in rules for p in rule(ws, CheckOptions())]


EVERY_RULE = (uncovered_fields, unknown_fields, processors_without_contract, retention_passed)


def test_the_example_is_clean() -> None:
    assert problems(open_workspace(REPO), *EVERY_RULE) == []


def test_without_a_record_of_processing_nothing_is_asked(root: Path) -> None:
    for record in (root / "records" / "processing").glob("*.yaml"):
        record.unlink()
    assert problems(open_workspace(root), *EVERY_RULE) == []
    shutil.rmtree(root / "records" / "processing")
    assert problems(open_workspace(root), *EVERY_RULE) == []


def test_sensitive_fields_are_the_outermost_marked_ones() -> None:
    ws = open_workspace(REPO)
    people = list(sensitive_fields(ws.schemas.registers["people"].inlined))
    assert people == [("salary",), ("personal",), ("leave", "absences"), ("tax_declarations",)]


def test_a_sensitive_field_no_activity_names(root: Path) -> None:
    edit(
        root / "records/processing/PA-0001.yaml",
        "salary, personal, leave.absences, tax_declarations,",
        "salary, personal.home_address, tax_declarations,",
    )
    assert problems(open_workspace(root), uncovered_fields) == [
        "schemas/people.schema.json:153:5: PRIVACY-UNCOVERED people.personal is marked "
        "x-sensitive but no processing activity names it in held_in (GDPR art. 30)",
        "schemas/people.schema.json:206:9: PRIVACY-UNCOVERED people.leave.absences is marked "
        "x-sensitive but no processing activity names it in held_in (GDPR art. 30)",
    ]


def test_a_register_or_field_that_does_not_exist(root: Path) -> None:
    edit(root / "records/processing/PA-0006.yaml", "register: incidents", "register: incident")
    edit(
        root / "records/processing/PA-0001.yaml",
        "tax_declarations, documents]\n    retained_from: employment.end",
        "tax_declarations, documents, salary.bonus]\n    retained_from: employment.ended",
    )
    assert problems(open_workspace(root), unknown_fields) == [
        "records/processing/PA-0001.yaml:27:109: PRIVACY-UNKNOWN-FIELD people has no field "
        "'salary.bonus'",
        "records/processing/PA-0001.yaml:28:20: PRIVACY-UNKNOWN-FIELD people has no field "
        "'employment.ended'",
        "records/processing/PA-0006.yaml:13:15: PRIVACY-UNKNOWN-FIELD register 'incident' does "
        "not exist (no schemas/incident.schema.json)",
    ]


def test_a_processor_without_a_contract_or_not_party_to_it(root: Path) -> None:
    edit(root / "records/processing/PA-0001.yaml", "    contract: CON-0003\n", "")
    edit(root / "records/processing/PA-0005.yaml", "contract: CON-0002", "contract: CON-0003")
    assert problems(open_workspace(root), processors_without_contract) == [
        "records/processing/PA-0001.yaml:41:15: PRIVACY-NO-CONTRACT processor S-0005 names no "
        "contract holding its data processing agreement",
        "records/processing/PA-0005.yaml:28:15: PRIVACY-NO-CONTRACT processor S-0004 is no party "
        "to contract CON-0003",
    ]


def test_a_supplier_processing_personal_data_without_contract_or_activity(root: Path) -> None:
    (root / "records/contracts/CON-0021.yaml").unlink()
    edit(
        root / "records/processing/PA-0005.yaml",
        "  - supplier: S-0012\n"
        "    service: Slack, Atlassian, 1Password and JetBrains accounts bought through the "
        "reseller\n    contract: CON-0021\n",
        "",
    )
    assert problems(open_workspace(root), processors_without_contract) == [
        "records/suppliers/S-0012.yaml:31:28: PRIVACY-NO-CONTRACT S-0012 processes personal "
        "data but no contract names it as a party",
        "records/suppliers/S-0012.yaml:31:28: PRIVACY-PROCESSOR-UNLISTED warning: S-0012 "
        "processes personal data but no processing activity names it among its processors",
    ]


def test_a_record_kept_past_its_retention(root: Path) -> None:
    edit(root / "records/people/P-0008.yaml", "end: 2026-06-30", "end: 2015-06-30")
    assert problems(open_workspace(root), retention_passed) == [
        "records/people/P-0008.yaml:11:8: PRIVACY-RETENTION kept past its retention: PA-0001 "
        "keeps people P10Y after 2015-06-30 (employment.end), so until 2025-12-31; delete or "
        "anonymise the record",
    ]


def test_a_deletion_within_a_year_is_a_deadline(root: Path) -> None:
    edit(root / "records/people/P-0008.yaml", "end: 2026-06-30", "end: 2016-06-30")
    ws = open_workspace(root)
    (due,) = deletion_deadlines(ws, TODAY)
    assert (due.day, due.record, due.owner, due.stays_open) == (
        date(2026, 12, 31),
        "P-0008",
        "P-0001",
        True,
    )
    assert deletion_deadlines(open_workspace(REPO), TODAY) == []


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(fmt: str, golden: Golden) -> None:
    golden(f"processing.{fmt}", example_report("processing", fmt))
