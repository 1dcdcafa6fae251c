"""Headcount by department of a small office, at a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.registry import build_report
from support import Tiny, example_report
from support.golden import Golden


def test_headcount_by_department_at_a_date(office: Tiny) -> None:
    ws = open_workspace(office.root)
    report = build_report(ws, "headcount", parse_period("2026"), date(2026, 1, 20))
    rows = {r.cells["department"]: r.cells for r in report.rows}
    assert rows["Sales"]["headcount"] == 2 and rows["Sales"]["fte"] == Decimal("1.5")
    assert rows["Sales"]["joiners"] == 1 and rows["Sales"]["leavers"] == 1
    assert rows["Total"]["headcount"] == 3 and rows["Total"]["start"] == 2
    later = build_report(ws, "headcount", parse_period("2026"), date(2026, 3, 1))
    assert later.totals["headcount"] == 2


@pytest.mark.parametrize("name", ["headcount"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(name: str, fmt: str, golden: Golden) -> None:
    """The example company's report at 2026-11-30, as the contract (JSON) and as read."""
    golden(f"{name}.{fmt}", example_report(name, fmt))
