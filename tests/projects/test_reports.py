"""The projects' reports on the example company, and the example's time against its invoices."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.projects.model import entries, projects
from backoffice.projects.reports import invoiced
from support.golden import Golden
from support.workspace import REPO, example_report


@pytest.mark.parametrize("name", ["utilisation", "project-budget", "project-margin"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(name: str, fmt: str, golden: Golden) -> None:
    """The example company's report for 2026 at 2026-11-30."""
    golden(f"{name}.{fmt}", example_report(name, fmt))


def test_billed_hours_are_what_the_invoices_and_their_credit_notes_charge() -> None:
    """Every invoice that billed time charged its hours at the project's rate, net of the
    credit notes that correct it (D2026003 takes back a day of 20260113 billed twice)."""
    ws = open_workspace(REPO)
    known = projects(ws)
    charged: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries(ws):
        if entry.invoice is not None:
            project = known[entry.project]
            rate = project.rate_for(entry.person)[1]
            assert rate is not None
            charged[entry.invoice] += project.units(entry.hours) * rate.price
    income = invoiced(ws, parse_period("2026"), date(2026, 12, 2))
    assert len(charged) == 75
    assert {n: income[n] for n in charged} == charged
