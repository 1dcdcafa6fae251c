"""The balances engine: the ledger's postings summed once per day and account, from which
every statement, aging and figure reads its balances."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from beancount.core import convert, data
from beancount.parser import options

from backoffice.core.values import ZERO
from backoffice.load.workspace import Workspace

CLOSING_TAG = "closing"
"""The tag of the entries that close a year's income and expenses to the result (431)."""


@dataclass(frozen=True)
class Books:
    """What the statements need from a ledger: its entries and its naming options."""

    entries: Sequence[data.Directive]
    currency: str
    roots: dict[str, str]
    """Account type → its root name (assets → "Assets", ...), from Beancount's options."""
    previous_earnings: str
    fiscal_start: tuple[int, int] = (1, 1)

    @property
    def numbers(self) -> dict[str, str]:
        """Slovak account numbers from each Open entry's `number` metadata."""
        return {
            e.account: str(e.meta["number"])
            for e in self.entries
            if isinstance(e, data.Open) and "number" in e.meta
        }

    def fiscal_year_start(self, day: date) -> date:
        month, dom = self.fiscal_start
        start = date(day.year, month, dom)
        return start if start <= day else date(day.year - 1, month, dom)

    def is_result_account(self, account: str) -> bool:
        return account.split(":")[0] in (self.roots["income"], self.roots["expenses"])

    @cached_property
    def transactions(self) -> list[data.Transaction]:
        """The ledger's transactions in date order (the loader sorts entries by date), without
        the year-end closing entries (tag ``closing``): a year's income statement shows its
        income and expenses, and the balance sheet carries earlier years' results to the
        previous earnings account (431) just as the closing entry does."""
        return [
            e
            for e in self.entries
            if isinstance(e, data.Transaction) and CLOSING_TAG not in (e.tags or ())
        ]

    @cached_property
    def _dates(self) -> list[date]:
        return [t.date for t in self.transactions]

    def transactions_in(self, start: date | None, end: date) -> list[data.Transaction]:
        """Transactions dated in [start, end] (from the beginning when start is None)."""
        lo = 0 if start is None else bisect.bisect_left(self._dates, start)
        return self.transactions[lo : bisect.bisect_right(self._dates, end)]

    @cached_property
    def daily(self) -> Daily:
        """Debits and credits per day and account, summed once: every balance is read from it."""
        return Daily.of(self.transactions, self.currency)


@dataclass
class Daily:
    """Per day: account → (debits, credits) in the operating currency; foreign postings counted."""

    days: list[date]
    moves: list[dict[str, tuple[Decimal, Decimal]]]
    foreign: list[int]

    @classmethod
    def of(cls, transactions: Iterable[data.Transaction], currency: str) -> Daily:
        days: list[date] = []
        moves: list[dict[str, tuple[Decimal, Decimal]]] = []
        foreign: list[int] = []
        for txn in transactions:
            if not days or days[-1] != txn.date:
                days.append(txn.date)
                moves.append({})
                foreign.append(0)
            day = moves[-1]
            for posting in txn.postings:
                weight = convert.get_weight(posting)
                number = weight.number
                if weight.currency != currency or number is None:
                    foreign[-1] += 1
                    continue
                debit, credit = day.get(posting.account, (ZERO, ZERO))
                if number >= 0:
                    day[posting.account] = (debit + number, credit)
                else:
                    day[posting.account] = (debit, credit - number)
        return cls(days, moves, foreign)

    def span(self, start: date | None, end: date) -> range:
        lo = 0 if start is None else bisect.bisect_left(self.days, start)
        return range(lo, bisect.bisect_right(self.days, end))


def balances(books: Books, start: date | None, end: date) -> tuple[dict[str, Decimal], int]:
    """Sum of weights per account over [start, end], and how many foreign postings were left out."""
    daily = books.daily
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    foreign = 0
    for i in daily.span(start, end):
        foreign += daily.foreign[i]
        for account, (debit, credit) in daily.moves[i].items():
            totals[account] += debit - credit
    return dict(totals), foreign


def debits_credits(
    books: Books, start: date, end: date
) -> tuple[dict[str, Decimal], dict[str, Decimal], int]:
    """Debits and credits (both positive) per account over [start, end]."""
    daily = books.daily
    debit: dict[str, Decimal] = defaultdict(lambda: ZERO)
    credit: dict[str, Decimal] = defaultdict(lambda: ZERO)
    foreign = 0
    for i in daily.span(start, end):
        foreign += daily.foreign[i]
        for account, (d, c) in daily.moves[i].items():
            debit[account] += d
            credit[account] += c
    return debit, credit, foreign


def books(ws: Workspace) -> Books:
    """The ledger as the statements see it, with the company's fiscal year start; built once
    per workspace, so every report of a run shares one pass over the postings."""
    return ws.derived("books", lambda: _books(ws))


def _books(ws: Workspace) -> Books:
    opts = ws.ledger.options
    roots = dict(
        zip(
            ("assets", "liabilities", "equity", "income", "expenses"),
            options.get_account_types(opts),
            strict=True,
        )
    )
    previous_earnings = options.get_previous_accounts(opts)[0]
    return Books(ws.ledger.entries, ws.currency, roots, previous_earnings, ws.fiscal_start)
