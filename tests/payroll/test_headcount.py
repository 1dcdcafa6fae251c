"""Headcount by department of a small office, at a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.report.registry import build_report
from support import Tiny


def test_headcount_by_department_at_a_date(office: Tiny) -> None:
    ws = open_workspace(office.root)
    report = build_report(ws, "headcount", parse_period("2026"), date(2026, 1, 20))
    rows = {r.cells["department"]: r.cells for r in report.rows}
    assert rows["Sales"]["headcount"] == 2 and rows["Sales"]["fte"] == Decimal("1.5")
    assert rows["Sales"]["joiners"] == 1 and rows["Sales"]["leavers"] == 1
    assert rows["Total"]["headcount"] == 3 and rows["Total"]["start"] == 2
    later = build_report(ws, "headcount", parse_period("2026"), date(2026, 3, 1))
    assert later.totals["headcount"] == 2
