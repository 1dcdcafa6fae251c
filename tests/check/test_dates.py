"""Today, and what is dated after it: `--today` and BACKOFFICE_TODAY, the warning for records
and entries dated far ahead, issued documents dated after today, and defaults that stay at
today however far the books are booked ahead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from backoffice.core.clock import TODAY_VARIABLE, BadTodayError, today
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.common import effective_as_of
from backoffice.report.registry import default_period
from support import Tiny, run
from support.books import copy_example, edit


class Copy:
    """A copy of the example company's repository."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def bo(self, *args: str) -> Result:
        return run("--root", str(self.root), *args)

    def edit(self, rel: str, old: str, new: str) -> None:
        edit(self.root / rel, old, new)


@pytest.fixture
def copy(tmp_path: Path) -> Copy:
    return Copy(copy_example(tmp_path))


def book(tiny: Tiny, *days: str) -> None:
    """Append a rent payment on each of `days` to the tiny ledger."""
    with tiny.path("ledger/main.beancount").open("a", encoding="utf-8") as ledger:
        for day in days:
            ledger.write(
                f'\n{day} * "Landlord" "Rent"\n  Expenses:Rent 300.00 EUR\n  Assets:Bank\n'
            )


# ----------------------------------------------------------------------------- today


def test_today_comes_from_the_variable_else_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    assert today() == date(2026, 12, 2)  # the suite's fixed day
    monkeypatch.delenv(TODAY_VARIABLE)
    assert today() == date.today()
    monkeypatch.setenv(TODAY_VARIABLE, "2026-02-30")
    with pytest.raises(BadTodayError, match="is not a date"):
        today()


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "0000-01-01"])
def test_a_bad_today_is_a_usage_error(
    tiny: Tiny, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, value)
    result = tiny.check()
    assert result.exit_code == 2
    assert f"{TODAY_VARIABLE}={value!r} is not a date (YYYY-MM-DD)" in result.stderr
    result = run("--today", value, "--root", str(tiny.root), "check")
    assert result.exit_code == 2
    assert "is not a date (YYYY-MM-DD)" in result.stderr


def test_the_today_option_moves_today(tiny: Tiny) -> None:
    book(tiny, "2026-04-01")
    assert "DATE-FUTURE" in run("--today", "2026-02-01", "--root", str(tiny.root), "check").stdout
    assert (
        "DATE-FUTURE" not in run("--today", "2026-03-15", "--root", str(tiny.root), "check").stdout
    )


# ----------------------------------------------------------------------------- far ahead


def test_an_entry_dated_far_ahead_is_a_warning(tiny: Tiny) -> None:
    book(tiny, "2030-06-01", "2027-01-02")
    result = tiny.check()
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "DATE-FUTURE" in line]
    assert lines == [
        "ledger/main.beancount:20:1: DATE-FUTURE warning: entry dated 2030-06-01, more than "
        "31 days after today (2026-12-02): a typo for another year?"
    ]  # 2027-01-02 is a month ahead: a rent booked in advance


@pytest.mark.parametrize(
    ("rel", "field", "old"),
    [
        ("records/decisions/D-0001.yaml", "date", "date: 2026-01-12"),
        ("records/contracts/CON-0001.yaml", "signed", "signed: 2021-12-06"),
    ],
)
def test_a_record_dated_far_ahead_is_a_warning(copy: Copy, rel: str, field: str, old: str) -> None:
    copy.edit(rel, old, f"{field}: 2030-01-12")
    result = copy.bo("check")
    found = [line for line in result.stdout.splitlines() if "DATE-FUTURE" in line]
    assert len(found) == 1, result.stdout
    assert found[0].startswith(f"{rel}:")
    assert f"DATE-FUTURE warning: {field}: 2030-01-12 is more than 31 days after today" in found[0]


def test_a_bill_dated_after_today_is_an_error(copy: Copy) -> None:
    rel = "records/bills/2026/S-0001-PO26-001.yaml"
    copy.edit(rel, "issue_date: 2026-01-01", "issue_date: 2026-12-03")
    result = copy.bo("check")
    assert result.exit_code == 1
    assert (
        f"{rel}:7:13: BILL-DATE-FUTURE issue date 2026-12-03 is after today (2026-12-02): "
        "a typo for another day?"
    ) in result.stdout


# ----------------------------------------------------------------------------- defaults


def test_defaults_stay_at_today_when_entries_are_booked_ahead(tiny: Tiny) -> None:
    """A December payroll drafted on 2 December books on the 31st; a typo books in 2030."""
    book(tiny, "2026-12-31", "2030-06-01")
    ws = open_workspace(tiny.root)
    period = default_period(ws)
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert effective_as_of(ws, period, period.end) == date(2026, 12, 2)
    year = parse_period("2025")
    assert effective_as_of(ws, year, year.end) == date(2025, 12, 31)
    later = parse_period("2030")
    assert effective_as_of(ws, later, later.end) == date(2030, 6, 1)  # asked for, not a default


def test_an_entry_typed_years_ahead_books_no_depreciation_after_today(copy: Copy) -> None:
    """Depreciation is booked through the month of the latest entry written by hand, and never
    through a month after today's."""
    with (copy.root / "ledger/2026/11.beancount").open("a", encoding="utf-8") as ledger:
        ledger.write('\n2030-01-05 * "Rent"\n  Expenses:Rent 1.00 EUR\n  Assets:Bank:Tatra\n')
    assert copy.bo("ledger", "sync").exit_code == 0
    journal = (copy.root / "ledger/generated/depreciation.beancount").read_text(encoding="utf-8")
    assert "^depreciation-2026-12" in journal
    assert "^depreciation-2027" not in journal
    assert "^depreciation-2030" not in journal
