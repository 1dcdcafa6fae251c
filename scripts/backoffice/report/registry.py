"""The report registry and what every report shares: the default period, the build entry point.

Each area lists its reports in its `Domain`; the workspace's areas are the reports there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from beancount.core import data

from backoffice.core.clock import today
from backoffice.core.period import Period, fiscal_year
from backoffice.load.workspace import Workspace
from backoffice.report.deadlines import DEADLINES
from backoffice.report.model import Report, ReportError, ReportSpec

if TYPE_CHECKING:
    from backoffice.core.domain import Domain


def report_specs(domains: Sequence[Domain]) -> dict[str, ReportSpec]:
    """Every report by name: each area's, in the order of `DOMAINS`, then the deadlines of
    all of them."""
    found: dict[str, ReportSpec] = {}
    for spec in [*(s for d in domains for s in d.reports), DEADLINES]:
        if spec.name in found:
            raise ValueError(f"report {spec.name!r} is declared twice")
        found[spec.name] = spec
    return found


NO_DATA = "No data yet: the ledger has no transactions."


def default_period(ws: Workspace) -> Period:
    """The fiscal year of the latest transaction up to today: the books' current year, not
    the clock's, and not a later year an entry booked ahead (or mistyped) falls in."""
    dates = [e.date for e in ws.ledger.entries if isinstance(e, data.Transaction)]
    now = today()
    dates = [d for d in dates if d <= now] or dates
    # a new company's books have no transaction yet: the year its accounts were opened in
    dates = dates or [e.date for e in ws.ledger.entries if isinstance(e, data.Open)]
    if not dates:
        raise ReportError("the ledger opens no account yet: ledger/accounts.beancount is empty")
    last = max(dates)
    month, day = ws.fiscal_start
    year = last.year if (last.month, last.day) >= (month, day) else last.year - 1
    return fiscal_year(year, month, day)


def build_report(
    ws: Workspace, name: str, period: Period | None = None, as_of: date | None = None
) -> Report:
    """Build one report; the period defaults to the books' current fiscal year."""
    period = period or default_period(ws)
    report = report_specs(ws.domains)[name].build(ws, period, as_of or period.end)
    if not any(isinstance(e, data.Transaction) for e in ws.ledger.entries):
        report.notes.append(NO_DATA)
    report.entity = str(ws.company.get("legal_name") or "")
    report.currency = report.currency or ws.currency
    return report
