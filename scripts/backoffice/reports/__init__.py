"""Reports: pure functions from a loaded workspace to report data, rendered elsewhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from beancount.core import data
from beancount.parser import options

from ..period import Period, fiscal_year
from ..workspace import Workspace
from .finance import Books, balance_sheet, income_statement, trial_balance
from .model import Report


class ReportError(Exception):
    """A report cannot be built from this workspace (for example, an empty ledger)."""


def books(ws: Workspace) -> Books:
    """The ledger as the statements see it, with the company's fiscal year start."""
    opts = ws.ledger.options
    roots = dict(
        zip(
            ("assets", "liabilities", "equity", "income", "expenses"),
            options.get_account_types(opts),
            strict=True,
        )
    )
    previous_earnings = options.get_previous_accounts(opts)[0]
    currencies = opts.get("operating_currency") or []
    currency = str(ws.company.get("base_currency") or (currencies[0] if currencies else "EUR"))
    return Books(ws.ledger.entries, currency, roots, previous_earnings, fiscal_start(ws))


def fiscal_start(ws: Workspace) -> tuple[int, int]:
    """(month, day) the fiscal year starts on, from company.yaml's ``fiscal_year_start``."""
    value = str(ws.company.get("fiscal_year_start") or "01-01")
    match = re.fullmatch(r"(\d{2})-(\d{2})", value)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def default_period(ws: Workspace) -> Period:
    """The fiscal year of the latest transaction: the books' current year, not the clock's."""
    dates = [e.date for e in ws.ledger.entries if isinstance(e, data.Transaction)]
    if not dates:
        raise ReportError("the ledger has no transactions yet")
    last = max(dates)
    month, day = fiscal_start(ws)
    year = last.year if (last.month, last.day) >= (month, day) else last.year - 1
    return fiscal_year(year, month, day)


@dataclass(frozen=True)
class ReportSpec:
    name: str
    description: str
    build: Callable[[Workspace, Period, date], Report]


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "trial-balance",
            "Opening, debits, credits and closing per account",
            lambda ws, p, _d: trial_balance(books(ws), p),
        ),
        ReportSpec(
            "balance-sheet",
            "Assets, liabilities and equity at a date",
            lambda ws, _p, d: balance_sheet(books(ws), d),
        ),
        ReportSpec(
            "income-statement",
            "Income and expenses beside the year before",
            lambda ws, p, _d: income_statement(books(ws), p),
        ),
    )
}


def build_report(
    ws: Workspace, name: str, period: Period | None = None, as_of: date | None = None
) -> Report:
    """Build one report; the period defaults to the books' current fiscal year."""
    period = period or default_period(ws)
    report = REPORTS[name].build(ws, period, as_of or period.end)
    report.entity = str(ws.company.get("legal_name") or "")
    return report


__all__ = ["REPORTS", "Report", "ReportError", "build_report", "default_period"]
