"""Ledger transactions derived from the registers, written as Beancount text in the books' own
layout (the entry writer of ``ledger sync``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from backoffice.core.values import cents

GENERATED = Path("ledger") / "generated"
"""Where `backoffice ledger sync` writes; nothing else writes there."""
AMOUNT_END = 60
"""Column at which an amount ends, as in the hand-written journal files."""


MetaValue = str | date
"""A transaction's metadata value: a string, or a date written unquoted."""


@dataclass
class Posting:
    account: str
    amount: Decimal
    currency: str
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
