"""The months paid before the payroll rules were corrected, carried into December: back pay,
meal contribution paid short or recovered, and every way a correction can be wrong."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from backoffice.core.period import Month
from backoffice.domains import open_workspace
from backoffice.payroll.corrections import back_pay, meal_back_pay, meal_recovered
from backoffice.payroll.runs import load_runs
from support import REPO, run
from support.books import copy_example, edit

DECEMBER = "records/payroll/2026-12.yaml"


@pytest.fixture
def company(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def _december_line(person: str):  # type: ignore[no-untyped-def]
    runs = load_runs(open_workspace(REPO))
    december = next(r for r in runs if r.period == Month(2026, 12))
    return next(line for line in december.lines if line.person == person)


def test_p0005s_january_is_paid_as_back_pay() -> None:
    """January 2026 has 20 working days: 19 worked pay 2 185.00, not the 2 080.95 paid."""
    line = _december_line("P-0005")
    january = next(c for c in line.corrections if c.month == Month(2026, 1))
    assert january.gross == Decimal("2185.00") - Decimal("2080.95")
    assert line.amounts["back_pay"] == back_pay(line.corrections) == Decimal("216.95")


def test_the_leavers_unused_leave_is_paid_after_she_left() -> None:
    """P-0008 left on 30 June with 5 days of leave taken and 2.5 unused, all at average
    earnings (§ 116 of the Labour Code): his line carries June's shortfall and nothing else."""
    line = _december_line("P-0008")
    assert line.amounts["base"] == 0 and line.days is None
    assert line.amounts["back_pay"] == line.amounts["gross"] == Decimal("257.70")
    assert [str(c.month) for c in line.corrections] == [f"2026-0{m}" for m in range(1, 7)]


def test_meal_contributions_paid_for_days_not_worked_are_recovered() -> None:
    line = _december_line("P-0001")
    assert meal_recovered(line.corrections) == line.amounts["meal_recovered"]
    assert line.amounts["meal_recovered"] == Decimal("64.63")  # 19.00 + 38.17 + 7.46
    assert line.amounts["meal_contribution"] == Decimal("80.64") + meal_back_pay(line.corrections)


def _refused(company: Path, *lines: str) -> None:
    result = run("--root", str(company), "check")
    assert result.exit_code == 1
    for line in lines:
        assert line in result.output, result.output


def test_a_correction_that_is_not_what_the_rules_give(company: Path) -> None:
    edit(
        company / DECEMBER,
        '{month: 2026-07, gross: "235.62 EUR", meal: "-38.17 EUR"}',
        '{month: 2026-07, gross: "200.00 EUR", meal: "-38.17 EUR"}',
    )
    _refused(
        company,
        f"{DECEMBER}:15:9: PAYROLL-CORRECTION P-0001: 2026-07 by the corrected rules less what "
        "its run paid is gross 235.62 EUR, meal -38.17 EUR",
        f"{DECEMBER}:21:15: PAYROLL-CORRECTION P-0001: back_pay 235.62 EUR; the corrections "
        "give 200.00 EUR",
    )


def test_back_pay_that_is_not_the_corrections_sum(company: Path) -> None:
    edit(company / DECEMBER, 'meal_recovered: "64.63 EUR"', 'meal_recovered: "60.00 EUR"')
    _refused(
        company,
        f"{DECEMBER}:26:21: PAYROLL-CORRECTION P-0001: meal_recovered 60.00 EUR; the "
        "corrections give 64.63 EUR",
    )


def test_a_correction_in_a_run_that_corrects_nothing(company: Path) -> None:
    edit(
        company / "records/payroll/2026-11.yaml",
        "  - person: P-0001\n",
        '  - person: P-0001\n    corrections:\n      - {month: 2026-10, gross: "0.00 EUR", '
        'meal: "1.00 EUR"}\n',
    )
    _refused(
        company,
        "records/payroll/2026-11.yaml:8:9: PAYROLL-CORRECTION P-0001: a correction of 2026-10, "
        "but this run corrects no such month",
    )


def test_a_person_owed_corrections_left_out(company: Path) -> None:
    text = (company / DECEMBER).read_text(encoding="utf-8")
    start = text.index("  - person: P-0008\n")
    end = text.index("  - person: P-0009\n")
    (company / DECEMBER).write_text(text[:start] + text[end:], encoding="utf-8")
    _refused(
        company,
        f"{DECEMBER}:6:3: PAYROLL-CORRECTION P-0008 is owed corrections of 2026-01, 2026-02, "
        "2026-03, 2026-04, 2026-05, 2026-06 but has no line in 2026-12",
    )
