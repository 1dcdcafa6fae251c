"""What the registers that drive the books share: money and dates read from records, months,
and ledger transactions written as Beancount text in the books' own layout."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

CENT = Decimal("0.01")
GENERATED = Path("ledger") / "generated"
"""Where `backoffice ledger sync` writes; nothing else writes there."""
AMOUNT_END = 60
"""Column at which an amount ends, as in the hand-written journal files."""


MetaValue = str | date
"""A transaction's metadata value: a string, or a date written unquoted."""


class BadValue(ValueError):
    """A record's value that cannot be read (the schema reports its shape; rules say where)."""


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up: the rounding of payslips and depreciation plans."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(value: Any) -> tuple[Decimal, str]:
    """'2650.00 EUR' -> (Decimal('2650.00'), 'EUR')."""
    match = re.fullmatch(r"(-?[0-9]+(?:\.[0-9]{1,2})?) ([A-Z]{3})", str(value).strip())
    if not match:
        raise BadValue(f"{value!r} is not an amount with a currency, e.g. '2650.00 EUR'")
    return Decimal(match.group(1)), match.group(2)


def parse_decimal(value: Any) -> Decimal:
    """A rate or a number of hours: a YAML number (already a Decimal) or a numeric string."""
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is not a number")
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise BadValue(f"{value!r} is not a number") from None


def parse_date(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadValue(f"{value!r} is not a date (YYYY-MM-DD)") from None


def money(amount: Decimal, currency: str = "EUR") -> str:
    """The record form of an amount: '2650.00 EUR'."""
    return f"{cents(amount):.2f} {currency}"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise BadValue(f"{text!r} is not a month (YYYY-MM)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month.of(self.last + timedelta(days=1))

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def name(self) -> str:
        """'January 2026', as in the journal's narrations."""
        return f"{calendar.month_name[self.month]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass
class Posting:
    account: str
    amount: Decimal
    currency: str = "EUR"
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Transaction:
    date: date
    narration: str
    postings: list[Posting]
    payee: str | None = None
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    meta: dict[str, MetaValue] = field(default_factory=dict)
    """Metadata; a date is written as a Beancount date (unquoted), anything else as a string."""
    documents: tuple[str, ...] = ()
    """Files that evidence the entry, relative to the journal file: written as ``document``
    directives on the first posting's account with the same links, so Fava lists and serves
    them beside the transaction."""

    def balance(self) -> Decimal:
        return sum((p.amount for p in self.postings), Decimal(0))


def _meta_value(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else _quote(value)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _posting_line(posting: Posting) -> str:
    head = f"  {posting.account}"
    amount = f"{cents(posting.amount):.2f}"
    pad = max(2, AMOUNT_END - len(head) - len(amount))
    return f"{head}{' ' * pad}{amount} {posting.currency}"


def render_transaction(txn: Transaction) -> str:
    """One transaction in the journal's layout (amounts end at one column, meta indented)."""
    words = [txn.date.isoformat(), "*"]
    if txn.payee is not None:
        words.append(_quote(txn.payee))
    words.append(_quote(txn.narration))
    words += [f"#{tag}" for tag in txn.tags] + [f"^{link}" for link in txn.links]
    lines = [" ".join(words)]
    lines += [f"  {key}: {_meta_value(value)}" for key, value in txn.meta.items()]
    for posting in txn.postings:
        lines.append(_posting_line(posting))
        lines += [f"    {key}: {_quote(value)}" for key, value in posting.meta.items()]
    links = "".join(f" ^{link}" for link in txn.links)
    for path in txn.documents:
        account = txn.postings[0].account
        lines += ["", f"{txn.date.isoformat()} document {account} {_quote(path)}{links}"]
    return "\n".join(lines) + "\n"


def render_journal(header: str, transactions: Iterable[Transaction]) -> str:
    """A generated journal file: a comment header, then the transactions in date order."""
    body = [render_transaction(t) for t in sorted(transactions, key=lambda t: t.date)]
    head = "".join(f"; {line}\n" if line else ";\n" for line in header.splitlines())
    return head + "".join(f"\n{text}" for text in body)


def is_generated(entry: Any, root: Path) -> bool:
    """True for a ledger entry loaded from a file under ledger/generated/."""
    filename = str((entry.meta or {}).get("filename", ""))
    return filename.startswith(str(root / GENERATED))
