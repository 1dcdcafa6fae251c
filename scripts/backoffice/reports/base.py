"""The report registry and what every report shares: the default period, the build entry point.

A report module registers itself with ``@register(name, description)``; every module of this
package is imported by ``backoffice.reports``, so adding a report is adding a module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from beancount.core import data

from ..period import Period, fiscal_year, parse_fiscal_start
from ..workspace import Workspace
from .model import Report

Builder = Callable[[Workspace, Period, date], Report]
"""Builds a report from the workspace, a period and an as-of date (the period's end unless
the user gave --as-of); a report uses whichever of the two it needs."""


class ReportError(Exception):
    """A report cannot be built from this workspace (for example, an empty ledger)."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    description: str
    build: Builder


REPORTS: dict[str, ReportSpec] = {}


def register(name: str, description: str) -> Callable[[Builder], Builder]:
    """Add a report under a kebab-case name, e.g. ``trial-balance``."""

    def add(build: Builder) -> Builder:
        if name in REPORTS:
            raise ValueError(f"report {name!r} is registered twice")
        REPORTS[name] = ReportSpec(name, description, build)
        return build

    return add


def fiscal_start(ws: Workspace) -> tuple[int, int]:
    """(month, day) the fiscal year starts on, from company.yaml's ``fiscal_year_start``."""
    return parse_fiscal_start(ws.company.get("fiscal_year_start"))


def default_period(ws: Workspace) -> Period:
    """The fiscal year of the latest transaction: the books' current year, not the clock's."""
    dates = [e.date for e in ws.ledger.entries if isinstance(e, data.Transaction)]
    if not dates:
        raise ReportError("the ledger has no transactions yet")
    last = max(dates)
    month, day = fiscal_start(ws)
    year = last.year if (last.month, last.day) >= (month, day) else last.year - 1
    return fiscal_year(year, month, day)


def build_report(
    ws: Workspace, name: str, period: Period | None = None, as_of: date | None = None
) -> Report:
    """Build one report; the period defaults to the books' current fiscal year."""
    period = period or default_period(ws)
    report = REPORTS[name].build(ws, period, as_of or period.end)
    report.entity = str(ws.company.get("legal_name") or "")
    return report
