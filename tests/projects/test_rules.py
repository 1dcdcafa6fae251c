"""The timesheets' rules, each with the bad entry that breaks it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from backoffice.check.run import CheckOptions, check_records
from backoffice.domains import open_workspace
from backoffice.projects.deadlines import project_deadlines
from backoffice.projects.rules import budgets, timesheets
from support.workspace import REPO

FILE = "records/timesheets/2026-03/P-0003-2026-03.yaml"
HEAD = "person: P-0003\nmonth: 2026-03\nentries:\n"


def _company(tmp_path: Path, timesheet: str, rel: str = FILE) -> Path:
    """A copy of the example's schemas, people, projects and days of rest with one timesheet."""
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    for register in ("people", "projects", "customers", "contracts", "invoices"):
        shutil.copytree(REPO / "records" / register, tmp_path / "records" / register)
    shutil.copy(REPO / "records" / "payroll-rates.yaml", tmp_path / "records")
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text(timesheet, encoding="utf-8")
    return tmp_path


def _problems(tmp_path: Path, timesheet: str, rel: str = FILE) -> list[str]:
    found = timesheets(open_workspace(_company(tmp_path, timesheet, rel)), CheckOptions())
    return [str(p) for p in found]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            "  - {day: 2026-03-03, project: PRJ-0001, hours: 8}\n",
            f"{FILE}:4:11: TIME-ABSENT 8 h on PRJ-0001 on 2026-03-03, a day of P-0003's absence "
            "from 2026-03-02 to 2026-03-06 (correct the timesheet or the absence)",
        ),
        (
            "  - {day: 2026-03-10, project: PRJ-0001, hours: 14}\n"
            "  - {day: 2026-03-10, project: PRJ-0007, hours: 11}\n",
            f"{FILE}:5:49: TIME-DAY P-0003 recorded 25 h on 2026-03-10: a day holds 24 h",
        ),
        (
            "  - {day: 2026-03-10, project: PRJ-0001, hours: 9}\n"
            "  - {day: 2026-03-10, project: PRJ-0007, hours: 3.5}\n",
            f"{FILE}:5:49: TIME-DAY warning: P-0003 recorded 12.5 h on 2026-03-10, more than "
            "the 12 h the Labour Code allows in 24 hours (§ 85(4), § 87(4), § 92(1))",
        ),
        (
            "  - {day: 2026-03-10, project: PRJ-0005, hours: 8}\n",
            f"{FILE}:4:11: TIME-PROJECT-DATES 8 h on PRJ-0005 on 2026-03-10, before it starts "
            "on 2026-05-01",
        ),
        (
            '  - {day: 2026-03-10, project: PRJ-0001, hours: 8, invoice: "20260029"}\n',
            f"{FILE}:4:61: TIME-INVOICE 20260029 is an invoice to C-0002, not to PRJ-0001's "
            "customer C-0001",
        ),
        (
            '  - {day: 2026-03-10, project: PRJ-0007, hours: 8, invoice: "20260028"}\n',
            f"{FILE}:4:61: TIME-INVOICE 8 h on 2026-03-10 are not billable but marked billed "
            "by 20260028",
        ),
        (
            "  - {day: 2026-03-10, project: PRJ-0002, hours: 8}\n",
            f"{FILE}:4:32: TIME-NOT-ON-TEAM P-0003 is not on the team of PRJ-0002: add them "
            "with their role (it prices their hours)",
        ),
        (
            "  - {day: 2026-03-32, project: PRJ-0001, hours: 8}\n"
            "  - {day: 2026-04-01, project: PRJ-0001, hours: 8}\n",
            f"{FILE}:5:11: TIME-MONTH 2026-04-01 is not in the timesheet's month 2026-03",
        ),
    ],
)
def test_bad_entry_is_reported_where_it_is(tmp_path: Path, entries: str, expected: str) -> None:
    assert _problems(tmp_path, HEAD + entries) == [expected]


def test_hours_after_a_closed_project_ended(tmp_path: Path) -> None:
    rel = "records/timesheets/2026-11/P-0004-2026-11.yaml"
    text = "person: P-0004\nmonth: 2026-11\nentries:\n"
    text += "  - {day: 2026-11-03, project: PRJ-0005, hours: 4}\n"
    assert _problems(tmp_path, text, rel) == [
        f"{rel}:4:11: TIME-PROJECT-CLOSED 4 h on PRJ-0005 on 2026-11-03, after it closed on "
        "2026-10-31"
    ]


def test_hours_before_joining_and_after_leaving(tmp_path: Path) -> None:
    rel = "records/timesheets/2026-07/P-0008-2026-07.yaml"
    text = "person: P-0008\nmonth: 2026-07\nentries:\n"
    text += "  - {day: 2026-07-01, project: PRJ-0004, hours: 8}\n"
    assert _problems(tmp_path, text, rel) == [
        f"{rel}:4:11: TIME-NOT-EMPLOYED 8 h on PRJ-0004 on 2026-07-01, but P-0008 left on "
        "2026-06-30"
    ]
    (tmp_path / rel).unlink()
    rel = "records/timesheets/2026-06/P-0009-2026-06.yaml"
    text = "person: P-0009\nmonth: 2026-06\nentries:\n"
    text += "  - {day: 2026-06-30, project: PRJ-0004, hours: 8}\n"
    shutil.rmtree(tmp_path / "schemas")
    shutil.rmtree(tmp_path / "records")
    assert _problems(tmp_path, text, rel) == [
        f"{rel}:4:11: TIME-NOT-EMPLOYED 8 h on PRJ-0004 on 2026-06-30, but P-0009 joined on "
        "2026-07-01"
    ]


def test_a_timesheet_is_named_by_its_person_and_month(tmp_path: Path) -> None:
    rel = "records/timesheets/2026-03/P-0004-2026-03.yaml"
    assert _problems(tmp_path, HEAD, rel) == [
        f"{rel}:1:9: TIME-FILE the timesheet of P-0003 for 2026-03 belongs at {FILE}"
    ]


def test_a_billable_team_member_without_a_rate(tmp_path: Path) -> None:
    root = _company(tmp_path, HEAD)
    path = root / "records/projects/PRJ-0001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - {person: P-0005, role: Development}", "  - {person: P-0005, role: Testing}"
        ),
        encoding="utf-8",
    )
    found = [str(p) for p in timesheets(open_workspace(root), CheckOptions())]
    assert found == [
        "records/projects/PRJ-0001.yaml:16:5: PROJECT-RATE no rate for P-0005 (role 'Testing') "
        "on the billable project: give their role or them a rate"
    ]


def test_unknown_person_project_and_invoice_are_unknown_references(tmp_path: Path) -> None:
    rel = "records/timesheets/2026-03/P-0099-2026-03.yaml"
    text = "person: P-0099\nmonth: 2026-03\nentries:\n"
    text += '  - {day: 2026-03-10, project: PRJ-0099, hours: 8, invoice: "20269999"}\n'
    root = _company(tmp_path, text, rel)
    found = [f"{p.line}:{p.column} {p.code}" for p in check_records(root).problems if p.path == rel]
    assert found == ["1:9 REF-UNKNOWN", "4:32 REF-UNKNOWN", "4:61 REF-UNKNOWN"]
    assert timesheets(open_workspace(root), CheckOptions()) == []


def test_closed_project_needs_its_end(tmp_path: Path) -> None:
    root = _company(tmp_path, HEAD)
    path = root / "records/projects/PRJ-0005.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("end: 2026-10-31\n", ""), encoding="utf-8"
    )
    found = check_records(root).problems
    assert [str(p) for p in found if p.path.startswith("records/projects/")] == [
        "records/projects/PRJ-0005.yaml:1:1: SCHEMA 'end' is a required property"
    ]


def test_example_timesheets_are_clean() -> None:
    assert timesheets(open_workspace(REPO), CheckOptions()) == []


def test_an_open_project_over_its_budget_is_a_warning(tmp_path: Path) -> None:
    rel = "records/timesheets/2026-02/P-0008-2026-02.yaml"
    text = "person: P-0008\nmonth: 2026-02\nentries:\n"
    text += "  - {day: 2026-02-02, project: PRJ-0006, hours: 6}\n"
    root = _company(tmp_path, text, rel)
    path = root / "records/projects/PRJ-0006.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("hours: 120", "hours: 4")
        .replace('"9360.00 EUR"', '"300.00 EUR"'),
        encoding="utf-8",
    )
    ws = open_workspace(root)
    assert [str(p) for p in budgets(ws, CheckOptions())] == [
        "records/projects/PRJ-0006.yaml:11:3: PROJECT-BUDGET warning: PRJ-0006 is over its "
        "budget: 6 h of 4 h and 468.00 of 300.00 EUR"
    ]
    assert timesheets(ws, CheckOptions()) == []


def test_an_open_project_ends_as_a_deadline() -> None:
    ws = open_workspace(REPO)
    found = {
        r.id: [(str(d.day), d.kind, d.title) for d in project_deadlines(r, date(2026, 12, 2))]
        for r in ws.register("projects")
    }
    assert found["PRJ-0003"] == [
        (
            "2027-01-31",
            "project end",
            "Close or extend: Warehouse applications and mobile picking app",
        )
    ]
    assert found["PRJ-0005"] == []  # closed
    assert found["PRJ-0006"] == []  # no end


def test_example_budgets_are_within_bounds() -> None:
    assert budgets(open_workspace(REPO), CheckOptions()) == []
