"""Reports on the registers of a small office: suppliers, contract terms and risks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.registers.contracts import term_at
from backoffice.registers.risks import heat_map
from backoffice.report.registry import build_report
from support import Tiny, example_report
from support.golden import Golden


def test_suppliers_spend_and_a_blocked_supplier_paid(office: Tiny) -> None:
    report = build_report(open_workspace(office.root), "suppliers", parse_period("2026"))
    rows = {r.cells["supplier"]: r.cells for r in report.rows if r.kind == "item"}
    assert rows["S-0001"]["bought"] == Decimal("800.00") and rows["S-0001"]["paid"] == 0
    assert rows["S-0002"]["paid"] == Decimal("100.00")
    assert rows["S-0001"]["evaluation"] == "due"  # 2026-02-20, within 30 days of 2026-02-10
    assert report.totals["blocked_paid"] == 1
    assert report.notes[0].startswith("Warning: S-0002 Ads Ltd is blocked (Fraudulent invoices)")


def test_contract_terms_roll_forward_and_notice_stops_them() -> None:
    renewing = {"start": "2024-04-01", "end": "2025-03-31", "auto_renew": {"term": "P1Y"}}
    renewing["notice_period"] = "P1M"
    term = term_at(renewing, date(2026, 2, 1))
    assert (term.end, term.notice_deadline, term.status) == (
        date(2026, 3, 31),
        date(2026, 2, 28),
        "renews",
    )
    given = term_at(
        {**renewing, "end": "2026-03-31", "notice_given": "2026-01-10"}, date(2026, 2, 1)
    )
    assert (given.status, given.notice_deadline) == ("notice-given", None)
    assert term_at({"start": "2020-01-01"}, date(2026, 1, 1)).status == "active"
    assert term_at({"start": "2020-01-01", "end": "2025-01-01"}, date(2026, 1, 1)).status == "ended"


def test_risks_sorted_by_residual_with_heat_maps_and_gaps(office: Tiny) -> None:
    report = build_report(
        open_workspace(office.root), "risks", parse_period("2026"), date(2026, 2, 1)
    )
    assert [r.cells["risk"] for r in report.rows] == ["R-0001", "R-0002"]
    assert report.rows[0].cells["residual"] == 6 and report.rows[0].cells["incidents"] == 1
    assert report.rows[0].cells["review"] == "overdue"  # 2025-07-15 + 6 months
    assert report.totals["heat_map"]["inherent"][0] == [1, 0, 0, 1, 0]  # impact 5
    assert "R-0002 has no owner and no treatment." in report.notes
    assert report.rows[0].cells["owner_name"] == "Jana Nováková"  # the name, not P-0001


def test_unrated_risks_come_after_every_rated_one(office: Tiny) -> None:
    """A risk with no residual rating yet sorts last, however high its inherent score."""
    office.write(
        "records/risks/R-0003.yaml",
        "id: R-0003\ntitle: Leak\nowner: P-0404\ninherent: {likelihood: 5, impact: 5}\n"
        "status: open\n",
    )
    report = build_report(
        open_workspace(office.root), "risks", parse_period("2026"), date(2026, 2, 1)
    )
    assert [r.cells["risk"] for r in report.rows] == ["R-0001", "R-0003", "R-0002"]
    assert report.rows[1].cells["owner_name"] == "P-0404"  # no such person: as written


def test_heat_map_places_impact_top_down() -> None:
    grid = heat_map([(1, 5), (5, 1), (5, 1)])
    assert grid[0][0] == 1 and grid[4][4] == 2 and sum(map(sum, grid)) == 3


@pytest.mark.parametrize("name", ["suppliers", "contracts", "risks"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(name: str, fmt: str, golden: Golden) -> None:
    """The example company's report at 2026-11-30, as the contract (JSON) and as read."""
    golden(f"{name}.{fmt}", example_report(name, fmt))
