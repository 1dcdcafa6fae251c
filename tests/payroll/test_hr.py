"""A person's record checked on its own: salary, employment dates, working week, birth date."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.domains import open_workspace
from backoffice.payroll.hr import person_problems
from support import run
from support.books import copy_example, edit

P5 = "records/people/P-0005.yaml"


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def _problems(company: Path) -> list[str]:
    return [str(p) for p in person_problems(open_workspace(company))]


def test_the_example_people_are_clean(company: Path) -> None:
    assert _problems(company) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '"2300.00 EUR"',
            '"-2000.00 EUR"',
            "20:20: PERSON-SALARY salary.0.gross_monthly -2000.00 EUR is not a salary: it must "
            "be more than zero",
        ),
        (
            '"2300.00 EUR"',
            '"0.00 EUR"',
            "20:20: PERSON-SALARY salary.0.gross_monthly 0.00 EUR is not a salary: it must be "
            "more than zero",
        ),
        (
            'gross_monthly: "2300.00 EUR"',
            'hourly_rate: "-14.00 EUR"',
            "20:18: PERSON-SALARY salary.0.hourly_rate -14.00 EUR is not a salary: it must be "
            "more than zero",
        ),
        (
            "  start: 2026-01-05\n",
            "  start: 2026-01-05\n  end: 2025-12-31\n",
            "11:8: PERSON-DATES employment.end 2025-12-31 is before employment.start 2026-01-05",
        ),
        (
            "fixed_term_end: 2026-12-31",
            "fixed_term_end: 2025-12-31",
            "17:19: PERSON-DATES employment.fixed_term_end 2025-12-31 is before "
            "employment.start 2026-01-05",
        ),
        (
            "probation_end: 2026-04-04",
            "probation_end: 2025-04-04",
            "15:18: PERSON-DATES employment.probation_end 2025-04-04 is before "
            "employment.start 2026-01-05",
        ),
        (
            "hours_per_week: 40",
            "hours_per_week: 400",
            "13:19: PERSON-HOURS hours_per_week 400 is more than 40: § 85(5) of the Labour Code "
            "311/2001: an employee's working time is at most 40 hours a week",
        ),
        (
            "hours_per_week: 40",
            'hours_per_week: "40.5"',
            "13:19: PERSON-HOURS hours_per_week 40.5 is more than 40: § 85(5) of the Labour "
            "Code 311/2001: an employee's working time is at most 40 hours a week",
        ),
        (
            "hours_per_week: 40",
            "hours_per_week: 0",
            "13:19: PERSON-HOURS hours_per_week 0 is not more than 0",
        ),
        (
            "hours_per_week: 40",
            "hours_per_week: -8",
            "13:19: PERSON-HOURS hours_per_week -8 is not more than 0",
        ),
        (
            "birth_date: 1998-11-28",
            "birth_date: 1998-11-29",
            "23:15: PERSON-BIRTH-DATE personal.birth_date differs from the birth date that "
            "personal.national_id encodes",
        ),
        (
            "birth_date: 1998-11-28",
            "birth_date: 1989-11-28",
            "23:15: PERSON-BIRTH-DATE personal.birth_date differs from the birth date that "
            "personal.national_id encodes",
        ),
    ],
)
def test_a_person_that_makes_no_sense(company: Path, old: str, new: str, expected: str) -> None:
    edit(company / P5, old, new)
    assert _problems(company) == [f"{P5}:{expected}"]


def test_an_absence_that_ends_before_it_starts(company: Path) -> None:
    path = company / "records/people/P-0001.yaml"
    edit(path, "to: 2026-02-20", "to: 2026-02-10")
    assert _problems(company) == [
        "records/people/P-0001.yaml:44:11: PERSON-DATES leave.absences.0.to 2026-02-10 is "
        "before its from 2026-02-16"
    ]


def test_a_woman_s_birth_number_encodes_the_month_plus_50(company: Path) -> None:
    """P-0002's birth number 865903/… is of 3 September 1986: no problem."""
    assert "865903" in (company / "records/people/P-0002.yaml").read_text(encoding="utf-8")
    assert _problems(company) == []


@pytest.mark.parametrize(("hours", "found"), [("60", []), ("200", ["the 168 hours of a week"])])
def test_a_contractor_s_week_is_bounded_by_the_week(
    company: Path, hours: str, found: list[str]
) -> None:
    edit(company / P5, "contract_type: fixed-term", "contract_type: contractor")
    edit(company / P5, "hours_per_week: 40", f"hours_per_week: {hours}")
    problems = _problems(company)
    assert len(problems) == len(found)
    assert all(f in p for f, p in zip(found, problems, strict=True))


def test_check_names_the_person_s_file(company: Path) -> None:
    edit(company / P5, "  start: 2026-01-05\n", "  start: 2026-01-05\n  end: 2025-12-31\n")
    edit(company / P5, "hours_per_week: 40", "hours_per_week: 400")
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    assert (
        f"{P5}:11:8: PERSON-DATES employment.end 2025-12-31 is before employment.start 2026-01-05\n"
    ) in result.stdout
    assert f"{P5}:14:19: PERSON-HOURS hours_per_week 400 is more than 40" in result.stdout
    assert "Traceback" not in result.output


def test_a_negative_salary_is_refused_by_draft_sync_and_check(company: Path) -> None:
    edit(company / "records/people/P-0001.yaml", '"4800.00 EUR"', '"-2000.00 EUR"')
    run_file = company / "records/payroll/2026-11.yaml"
    journal = company / "ledger/generated/payroll.beancount"
    before = run_file.read_bytes(), journal.read_bytes()
    problem = (
        "records/people/P-0001.yaml:20:20: PERSON-SALARY salary.2.gross_monthly -2000.00 EUR "
        "is not a salary: it must be more than zero\n"
    )
    drafted = run("--root", str(company), "payroll", "draft", "2026-11", "--force")
    assert drafted.exit_code == 1
    assert drafted.stdout == problem
    assert drafted.stderr == "1 problem: nothing written.\n"
    synced = run("--root", str(company), "ledger", "sync")
    assert synced.exit_code == 1
    assert problem in synced.stdout
    assert "nothing written" in synced.stderr
    assert (run_file.read_bytes(), journal.read_bytes()) == before
    checked = run("--root", str(company), "check")
    assert checked.exit_code == 1 and problem in checked.stdout
