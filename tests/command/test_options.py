"""Every period, date and month a command takes, as a class: a value outside the years the
books can hold, or one that names no day, is a usage error (exit 2) naming the option, never a
traceback; the edge years themselves work."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from backoffice.cli import main
from backoffice.command.options import DateType, MonthType, PeriodType
from backoffice.core.period import FIRST_YEAR, LAST_YEAR
from support import Tiny, run

BAD = {
    PeriodType: [
        "0001",
        "9999",
        "10000",
        "2026-13",
        "0001-Q1",
        "9999-12",
        "",
        "  ",
        "0001-01-01..0001-12-31",
        "2026-01-01..9999-12-31",
        "2026-02-30..2026-03-31",
    ],
    DateType: [
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "2026-13-01",
        "2026-02-30",
        "",
        "2026",
        "20260101",
        "2026-W01-1",
    ],
    MonthType: ["0001-01", "9999-12", "10000-01", "2026-13", "2026-00", "", "2026-1"],
}


def _options(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """(command words..., option or '' for an argument, type name) of every period, date and
    month parameter of the command tree."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _options(command, (*path, name))
            continue
        for param in command.params:
            if isinstance(param.type, tuple(BAD)):
                flag = param.opts[0] if isinstance(param, click.Option) else ""
                yield (*path, name, flag, type(param.type).__name__)


OPTIONS = list(_options(main))
TYPES = {t.__name__: t for t in BAD}


def test_the_commands_take_periods_dates_and_months() -> None:
    """The class is found: report --period and --as-of, close PERIOD, payroll draft MONTH..."""
    assert ("report", "--period", "PeriodType") in OPTIONS
    assert ("report", "--as-of", "DateType") in OPTIONS
    assert ("close", "", "PeriodType") in OPTIONS
    assert ("payroll", "draft", "", "MonthType") in OPTIONS
    assert ("invoice", "new", "--date", "DateType") in OPTIONS
    assert len(OPTIONS) >= 12


def _cases() -> Iterator[tuple[tuple[str, ...], str]]:
    for option in OPTIONS:
        for value in BAD[TYPES[option[-1]]]:
            yield option, value


@pytest.mark.parametrize(("option", "value"), list(_cases()), ids=lambda v: repr(v))
def test_a_bad_period_date_or_month_is_a_usage_error(
    tiny: Tiny, option: tuple[str, ...], value: str
) -> None:
    *words, flag, _type = option
    args = [*words, flag, value] if flag else [*words, value]
    before = sorted(p for p in tiny.root.rglob("*"))
    result = run("--root", str(tiny.root), *args)
    assert result.exit_code == 2, result.output
    assert "Invalid value for" in result.stderr
    assert (flag or "'") in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.output
    assert sorted(p for p in tiny.root.rglob("*")) == before


@pytest.mark.parametrize("period", [str(FIRST_YEAR), str(LAST_YEAR), f"{LAST_YEAR}-12"])
@pytest.mark.parametrize(
    "name", ["trial-balance", "income-statement", "balance-sheet", "cash-flow"]
)
def test_the_edge_years_give_a_report(tiny: Tiny, name: str, period: str) -> None:
    """A year earlier and a year later are still dates: the comparisons hold at the edges."""
    result = run("--root", str(tiny.root), "report", name, "--period", period)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("day", [f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"])
def test_the_edge_days_give_a_report(tiny: Tiny, day: str) -> None:
    result = run("--root", str(tiny.root), "report", "balance-sheet", "--as-of", day)
    assert result.exit_code == 0, result.output
