"""Routines: due dates relative to a period's end, the evidence that marks a step done, each
rule with the bad routine that breaks it, the deadlines and the report of the example."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backoffice.check.run import CheckOptions
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.registry import build_report
from backoffice.routines.calendar import (
    DaysOfRest,
    DueError,
    Occurrence,
    due_date,
    occurrences,
)
from backoffice.routines.deadlines import routine_deadlines
from backoffice.routines.rules import due_dates, evidence_and_marks, owners_who_left
from backoffice.routines.status import statuses
from support import REPO, example_report, run
from support.books import copy_example, edit
from support.golden import Golden

TODAY = date(2026, 12, 2)
REST = DaysOfRest(
    frozenset({date(2026, 1, 1), date(2026, 12, 24), date(2026, 12, 25)}), frozenset({2026})
)
NOVEMBER = Occurrence("2026-11", date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"working_days": 5}, date(2026, 12, 7)),
        ({"working_days": 18}, date(2026, 12, 28)),  # over 24 and 25 December
        ({"days": 0}, date(2026, 11, 30)),
        ({"days": -5}, date(2026, 11, 25)),
        ({"day": 25, "months": 1}, date(2026, 12, 25)),
        ({"day": 25, "months": 1, "next_working_day": True}, date(2026, 12, 28)),
        ({"day": "last", "months": 0}, date(2026, 11, 30)),
        ({"day": 10}, date(2026, 11, 10)),
    ],
)
def test_due_dates_count_from_the_period_end(rule: dict[str, Any], expected: date) -> None:
    assert due_date(rule, NOVEMBER, REST) == expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"day": 31}, "2026-11 has no day 31"),
        ({"working_days": 2, "day": 3}, "not working_days and day"),
        ({}, "due needs exactly one of"),
        ({"days": 3, "months": 1}, "months goes with day"),
        ({"working_days": 30}, "the days of rest of 2027 are not in records/payroll-rates.yaml"),
    ],
)
def test_a_due_date_that_cannot_be_computed(rule: dict[str, Any], message: str) -> None:
    with pytest.raises(DueError, match=message):
        due_date(rule, NOVEMBER, REST)


def test_occurrences_by_month_quarter_and_year() -> None:
    span = (date(2026, 1, 1), date(2026, 12, 31))
    months = [o.label for o in occurrences({"every": "month", "start": "2026-10"}, *span)]
    quarters = [o.label for o in occurrences({"every": "quarter", "start": "2026-05"}, *span)]
    years = [o.label for o in occurrences({"every": "year", "start": "2025-01"}, *span)]
    assert months == ["2026-10", "2026-11", "2026-12"]
    assert quarters == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert years == ["2026"]
    ended = occurrences({"every": "month", "start": "2026-01", "end": "2026-02"}, *span)
    assert [o.label for o in ended] == ["2026-01", "2026-02"]


ROUTINE = """\
id: RT-0009
name: Test routine
owner: P-0001
every: month
start: 2026-10
steps:
"""


def _write(root: Path, steps: str) -> None:
    (root / "records" / "routines" / "RT-0009.yaml").write_text(ROUTINE + steps)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example for the module; each test writes its own RT-0009."""
    return copy_example(tmp_path_factory.mktemp("routines"))


def _problems(root: Path, steps: str, *rules: Any) -> list[str]:
    _write(root, steps)
    ws = open_workspace(root)
    return [str(p) for rule in rules for p in rule(ws, CheckOptions())]


def test_the_example_is_clean() -> None:
    ws = open_workspace(REPO)
    for rule in (due_dates, evidence_and_marks, owners_who_left):
        assert rule(ws, CheckOptions()) == []


def test_a_day_a_month_does_not_have(root: Path) -> None:
    steps = "  - {id: a, title: A, owner: P-0001, due: {day: 31}}\n"
    assert _problems(root, steps, due_dates) == [
        "records/routines/RT-0009.yaml:7:43: ROUTINE-DUE step a of 2026-11: 2026-11 has no day 31"
    ]


def test_a_due_rule_that_says_two_things(root: Path) -> None:
    steps = "  - {id: a, title: A, owner: P-0001, due: {days: 1, day: 3}}\n"
    assert _problems(root, steps, due_dates) == [
        "records/routines/RT-0009.yaml:7:43: ROUTINE-DUE step a of 2026-10: due needs exactly "
        "one of working_days, days or day (with months), not days and day"
    ]


def test_working_days_of_a_past_period_need_that_years_days_of_rest(root: Path) -> None:
    steps = "  - {id: a, title: A, owner: P-0001, due: {working_days: 2}}\n"
    assert _problems(root, steps, due_dates) == []  # December's close waits for 2027's list
    edit(root / "records/routines/RT-0009.yaml", "start: 2026-10", "start: 2025-11")
    ws = open_workspace(root)
    assert [str(p) for p in due_dates(ws, CheckOptions())] == [
        "records/routines/RT-0009.yaml:7:43: ROUTINE-DUE step a of 2025-11: the days of rest of "
        "2025 are not in records/payroll-rates.yaml (holidays), so its working days are not known"
    ]


def test_evidence_without_what_its_kind_needs(root: Path) -> None:
    steps = (
        "  - {id: a, title: A, owner: P-0001, due: {days: 0}, evidence: {kind: ledger-link}}\n"
        "  - {id: b, title: B, owner: P-0001, due: {days: 0},"
        " evidence: {kind: file, path: ../outside.txt}}\n"
    )
    assert _problems(root, steps, evidence_and_marks) == [
        "records/routines/RT-0009.yaml:7:64: ROUTINE-EVIDENCE ledger-link evidence names no link",
        "records/routines/RT-0009.yaml:8:64: ROUTINE-EVIDENCE evidence path '../outside.txt' is "
        "not inside the repository",
    ]


def test_done_for_a_period_the_routine_does_not_have(root: Path) -> None:
    steps = (
        "  - id: a\n    title: A\n    owner: P-0001\n    due: {days: 0}\n"
        "    done: [{period: 2026-Q4, date: 2026-12-01}]\n"
    )
    assert _problems(root, steps, evidence_and_marks) == [
        "records/routines/RT-0009.yaml:11:21: ROUTINE-DONE step a is marked done for 2026-Q4, "
        "which is no month of the routine (from 2026-10)"
    ]


def test_an_owner_who_left(root: Path) -> None:
    steps = "  - {id: a, title: A, owner: P-0008, due: {days: 0}}\n"
    assert _problems(root, steps, owners_who_left) == [
        "records/routines/RT-0009.yaml:7:30: ROUTINE-OWNER P-0008 left on 2026-06-30 but still "
        "owns step 1"
    ]


def test_an_unknown_owner_is_a_reference_problem(root: Path) -> None:
    _write(root, "  - {id: a, title: A, owner: P-0404, due: {days: 0}}\n")
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert (
        "records/routines/RT-0009.yaml:7:30: REF-UNKNOWN steps.0.owner: 'P-0404' is not a "
        "record in people"
    ) in result.output


def test_each_kind_of_evidence_marks_a_step_done(root: Path) -> None:
    steps = (
        "  - {id: run, title: Run, owner: P-0001, due: {days: 0}, evidence: {kind: payroll-run}}\n"
        "  - {id: vat, title: VAT, owner: P-0001, due: {days: 0},"
        " evidence: {kind: ledger-link, link: 'vat-{period}'}}\n"
        "  - {id: paid, title: Paid, owner: P-0001, due: {days: 25},"
        " evidence: {kind: ledger-link, link: 'vat-{period}', account: Assets:Bank}}\n"
        "  - {id: file, title: File, owner: P-0001, due: {days: 25},"
        " evidence: {kind: file, path: 'documents/filings/{period}-dph.xml'}}\n"
        "  - {id: closed, title: Closed, owner: P-0001, due: {days: 10},"
        " evidence: {kind: period-closed}}\n"
    )
    _write(root, steps)
    filing = root / "documents" / "filings" / "2026-10-dph.xml"
    filing.parent.mkdir(parents=True, exist_ok=True)
    filing.write_text("<DPH/>")
    lock = root / "ledger" / "closed.lock"
    kept = lock.read_text()
    lock.write_text(kept + "2026-10\t2026-01-01\t2026-10-31\t1\t" + "0" * 64 + "\n")
    try:
        ws = open_workspace(root)
        done = {
            (s.occurrence.label, s.step["id"]): (s.done.how, s.done.day) if s.done else None
            for s in statuses(ws, date(2026, 10, 1), date(2026, 11, 30))
            if s.routine.id == "RT-0009"
        }
    finally:
        lock.write_text(kept)
        filing.unlink()
    assert done == {
        ("2026-10", "run"): ("payroll run 2026-10", date(2026, 10, 31)),
        ("2026-10", "vat"): ("^vat-2026-10", date(2026, 10, 31)),
        ("2026-10", "paid"): ("^vat-2026-10", date(2026, 11, 25)),
        ("2026-10", "file"): ("documents/filings/2026-10-dph.xml", None),
        ("2026-10", "closed"): ("closed.lock", None),
        ("2026-11", "run"): ("payroll run 2026-11", date(2026, 11, 30)),
        ("2026-11", "vat"): ("^vat-2026-11", date(2026, 11, 30)),
        ("2026-11", "paid"): None,  # November's VAT is booked but not paid yet
        ("2026-11", "file"): None,
        ("2026-11", "closed"): None,
    }


def test_deadlines_list_the_next_occurrence_of_each_step_and_every_overdue_one() -> None:
    found = routine_deadlines(open_workspace(REPO), date(2026, 12, 9))
    titles = [(d.day.isoformat(), d.title) for d in found if d.record == "RT-0001"]
    assert titles == [
        (
            "2026-12-03",
            "Month-end close 2026-11: Import the month's bank statements and clear "
            "the suspense account",
        ),
        (
            "2026-12-09",
            "Month-end close 2026-11: Review the trial balance, receivables, payables "
            "and the bank-unmatched report",
        ),
        ("2026-12-14", "Month-end close 2026-11: Close the month (backoffice close)"),
        # December's payroll run is drafted and booked already: that step is done
        (
            "2027-01-07",
            "Month-end close 2026-12: Import the month's bank statements and clear "
            "the suspense account",
        ),
        ("2027-01-11", "Month-end close 2026-12: Book the VAT settlement of the month"),
        (
            "2027-01-31",
            "Month-end close 2027-01: Draft the month's payroll run and sync the ledger",
        ),
    ]
    assert all(d.stays_open and d.reminders == (7, 0) for d in found)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(fmt: str, golden: Golden) -> None:
    golden(f"routines.{fmt}", example_report("routines", fmt))


def test_a_period_in_which_no_occurrence_ends_says_so() -> None:
    report = build_report(open_workspace(REPO), "routines", parse_period("2026-10"), TODAY)
    assert report.rows == []
    assert report.notes == ["No routine has an occurrence whose period ends in this period."]
