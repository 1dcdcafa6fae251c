"""Ledger entries by content (identity, place, pairing across revisions, shared with the
period lock) and what a change does to the books: net change per account, result per year."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import convert, data
from beancount.parser import printer

from backoffice.core.period import parse_fiscal_start
from backoffice.load.ledger import relative
from backoffice.review.diff.personal import personal, redact_text, redacted_changes
from backoffice.review.diff.trees import Tree
from backoffice.review.lock import relative_document, written

# ----------------------------------------------------------------------------- entries by content
# Line numbers and file names change whenever someone inserts a line above; what an entry says
# does not. The diff and the period lock compare entries by the text Beancount's printer gives
# them, which leaves out ``filename`` and ``lineno``.


def canonical(entry: Any, root: Path) -> str:
    """The entry as Beancount prints it, with document paths made relative to `root`; a balance
    without the difference Beancount found when it failed, which is no part of what it says (and
    would tell the amounts of the entries before it)."""
    if isinstance(entry, data.Balance):
        entry = entry._replace(diff_amount=None)
    return str(printer.format_entry(relative_document(entry, root))).rstrip("\n") + "\n"


def match_key(entry: Any) -> Hashable:
    """What identifies an entry across revisions: date, payee, narration and links for a
    transaction; date, kind and account (or name) for the others."""
    kind = type(entry).__name__.lower()
    if isinstance(entry, data.Transaction):
        links = tuple(sorted(entry.links or ()))
        return (entry.date, kind, entry.payee or "", entry.narration or "", links)
    subject = getattr(entry, "account", None) or getattr(entry, "currency", None)
    subject = subject or getattr(entry, "type", None) or getattr(entry, "name", None) or ""
    return (entry.date, kind, str(subject))


@dataclass
class Located:
    """An entry with its canonical text and where it is written."""

    entry: Any
    text: str
    path: str
    line: int

    @property
    def date(self) -> date:
        day: date = self.entry.date
        return day


def locate(entries: Iterable[Any], root: Path) -> list[Located]:
    """Entries written in the ledger, with their canonical text and their place relative to
    `root`."""
    return [
        Located(
            e,
            canonical(e, root),
            relative(root, (e.meta or {}).get("filename")),
            int((e.meta or {}).get("lineno") or 1),
        )
        for e in entries
        if written(e)
    ]


@dataclass
class Pairing:
    added: list[Located]
    removed: list[Located]
    changed: list[tuple[Located, Located]]
    """(before, after) pairs with the same match key but different content."""


def pair(before: list[Located], after: list[Located]) -> Pairing:
    """Drop entries present on both sides (as multisets of text), then pair what is left by
    match key: the same key is a change, the rest are additions and removals."""
    common = Counter(e.text for e in before) & Counter(e.text for e in after)
    left_b, left_a = _without(before, common), _without(after, common)
    by_key: dict[Hashable, list[Located]] = {}
    for item in left_b:
        by_key.setdefault(match_key(item.entry), []).append(item)
    changed, added = [], []
    for item in left_a:
        candidates = by_key.get(match_key(item.entry))
        if candidates:
            changed.append((candidates.pop(0), item))
        else:
            added.append(item)
    removed = sorted(
        (item for items in by_key.values() for item in items), key=lambda x: (x.date, x.text)
    )
    return Pairing(added, removed, changed)


def _without(items: list[Located], common: Counter[str]) -> list[Located]:
    budget = Counter(common)
    kept = []
    for item in items:
        if budget[item.text] > 0:
            budget[item.text] -= 1
        else:
            kept.append(item)
    return kept


# ----------------------------------------------------------------------------- the ledger


@dataclass
class EntryChange:
    status: str
    """added, removed or changed."""
    date: str
    kind: str
    path: str
    line: int
    text: str
    """The entry as Beancount prints it (after the change; before it when removed)."""
    lines: list[str] = field(default_factory=list)
    """For a changed entry: the lines removed (``-``) and added (``+``); redacted, also the
    lines changed only in what is hidden (``~``)."""
    redacted: bool = False
    """A person's entry in a redacted diff: no payee, amounts or metadata values."""


@dataclass
class AmountLine:
    key: str
    """An account, or a fiscal year for the result."""
    amount: Decimal
    currency: str
    redacted: bool = False
    """Redacted entries change it too, by an amount left out of `amount`."""


@dataclass
class FileLine:
    status: str
    path: str


@dataclass
class LedgerChange:
    entries: list[EntryChange] = field(default_factory=list)
    net: list[AmountLine] = field(default_factory=list)
    result: list[AmountLine] = field(default_factory=list)
    """Effect on the result (profit +, loss −) of each fiscal year touched."""
    generated: list[FileLine] = field(default_factory=list)
    errors_before: int = 0
    errors_after: int = 0


def fiscal_year(day: date, start: str) -> str:
    """The fiscal year a date falls in, named by its first calendar year (2026, or 2026/27)."""
    month, dom = parse_fiscal_start(start)
    year = day.year if (day.month, day.day) >= (month, dom) else day.year - 1
    return str(year) if (month, dom) == (1, 1) else f"{year}/{(year + 1) % 100:02d}"


def _weights(entry: Any) -> Iterator[tuple[str, str, Decimal]]:
    if isinstance(entry, data.Transaction):
        for posting in entry.postings:
            weight = convert.get_weight(posting)
            if weight is not None and isinstance(weight.number, Decimal):
                yield posting.account, weight.currency, weight.number


def ledger_changes(base: Tree, head: Tree, fiscal_start: str, redact: bool = False) -> LedgerChange:
    """Entries added, removed and changed, the net change per account and the effect on each
    year's result; with `redact`, a person's entries without who or how much (`personal`)."""
    before = locate(base.ledger.entries if base.ledger else [], base.root)
    after = locate(head.ledger.entries if head.ledger else [], head.root)
    pairing = pair(before, after)
    people = base.people | head.people if redact else set()
    private = personal((item.entry for item in [*before, *after]), people)
    change = LedgerChange(
        errors_before=len(base.ledger.errors) if base.ledger else 0,
        errors_after=len(head.ledger.errors) if head.ledger else 0,
    )
    either = head.ledger or base.ledger
    options: dict[str, Any] = either.options if either is not None else {}
    pnl_roots = (options.get("name_income", "Income"), options.get("name_expenses", "Expenses"))
    # (shown, hidden) sums: a person's entries change the books by amounts a redacted diff hides
    net: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    result: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])

    def book(item: Located, sign: int, hidden: bool) -> None:
        for account, currency, number in _weights(item.entry):
            net[(account, currency)][hidden] += sign * number
            if account.split(":")[0] in pnl_roots:
                result[(fiscal_year(item.date, fiscal_start), currency)][hidden] -= sign * number

    for item in pairing.added:
        book(item, 1, private(item.entry))
        change.entries.append(_entry(item, "added", private(item.entry)))
    for item in pairing.removed:
        book(item, -1, private(item.entry))
        change.entries.append(_entry(item, "removed", private(item.entry)))
    for old, new in pairing.changed:
        hidden = private(old.entry) or private(new.entry)
        book(old, -1, hidden)
        book(new, 1, hidden)
        entry = _entry(new, "changed", hidden)
        entry.lines = _changed_lines(old.text, new.text, hidden)
        change.entries.append(entry)
    change.entries.sort(key=lambda e: (e.date, e.kind, e.text, e.status))
    change.net = _amount_lines(net)
    change.result = _amount_lines(result)
    return change


def _amount_lines(sums: dict[tuple[str, str], list[Decimal]]) -> list[AmountLine]:
    return [
        AmountLine(key, shown, currency, bool(hidden))
        for (key, currency), (shown, hidden) in sorted(sums.items())
        if shown or hidden
    ]


def _changed_lines(old: str, new: str, hidden: bool) -> list[str]:
    """The lines removed and added from one version of an entry to the other."""
    before, after = _unaligned(old), _unaligned(new)
    if hidden:
        return redacted_changes(before, after)
    return [line for line in difflib.ndiff(before, after) if line[:1] in "-+"]


def _unaligned(text: str) -> list[str]:
    """Lines without the column alignment Beancount's printer adds, which shifts whenever the
    longest account of an entry changes: only what changed should show."""
    lines = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        lines.append(" " * indent + " ".join(line.split()))
    return lines


def _entry(item: Located, status: str, hidden: bool) -> EntryChange:
    kind = type(item.entry).__name__.lower()
    text = redact_text(item.text) if hidden else item.text
    return EntryChange(status, item.date.isoformat(), kind, item.path, item.line, text, [], hidden)
