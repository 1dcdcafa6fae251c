"""Entries dated far after today: a warning, since a booking written a month ahead is normal
and one five years ahead is a typo that would move every default period and as-of date."""

from __future__ import annotations

from pathlib import Path

from beancount.core import data

from backoffice.core.clock import FUTURE_MARGIN, far_ahead, today
from backoffice.core.problems import Problem
from backoffice.load.ledger import Ledger, relative

DATED = (data.Transaction, data.Balance, data.Pad, data.Price, data.Document, data.Note)
"""Entries that record something that happened (opening an account ahead is planning)."""


def future_entries(ledger: Ledger, root: Path) -> list[Problem]:
    """DATE-FUTURE for every ledger entry dated more than the margin after today."""
    problems = []
    for entry in ledger.entries:
        if isinstance(entry, DATED) and far_ahead(entry.date):
            meta = entry.meta or {}
            problems.append(
                Problem(
                    relative(root, meta.get("filename")),
                    int(meta.get("lineno") or 1),
                    1,
                    "DATE-FUTURE",
                    f"entry dated {entry.date}, more than {FUTURE_MARGIN.days} days after "
                    f"today ({today()}): a typo for another year?",
                    "warning",
                )
            )
    return problems
