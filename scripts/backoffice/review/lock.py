"""The period lock: closed periods of the books, proven unchanged.

``books_closed_through`` in ``records/company.yaml`` is the last day of the last closed period.
``backoffice close PERIOD`` writes ``ledger/closed.lock``: one line per closed period with the
SHA-256 of its entries (every field and metadata, without file names and line numbers, sorted,
so moving entries between files changes nothing). `check` recomputes the hashes;
`check --base REV` also compares entry by entry with the revision the change starts from.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from beancount.core import data

from backoffice.core.clock import today
from backoffice.core.errors import BackOfficeError
from backoffice.core.files import write_atomic
from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.period import Month, Period
from backoffice.core.problems import Problem
from backoffice.core.words import count
from backoffice.load.ledger import relative
from backoffice.load.yamlfile import decode_error_position

LOCK_FILE = Path("ledger") / "closed.lock"
COMPANY_FILE = Path("records") / "company.yaml"
FIELD = "books_closed_through"
HEADER = (
    "# Closed periods of the books: written by `backoffice close`, "
    "verified by `backoffice check`.\n"
    "# Each line holds the SHA-256 of the entries of one period; do not edit it by hand.\n"
    "# period\tfrom\tthrough\tentries\tsha256\n"
)
BEGINNING = "-"
"""`from` of the first closed period: it covers everything before it too."""


class LockError(BackOfficeError):
    """A period cannot be closed (already closed, bad lock file, no ledger)."""


@dataclass(frozen=True)
class ClosedPeriod:
    label: str
    start: date | None
    """None for the first period: from the beginning of the books."""
    end: date
    entries: int
    digest: str
    line: int = 0

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end

    def describe(self) -> str:
        start = "the beginning" if self.start is None else self.start.isoformat()
        return f"{self.label} ({start} to {self.end.isoformat()})"

    def as_line(self) -> str:
        start = BEGINNING if self.start is None else self.start.isoformat()
        return f"{self.label}\t{start}\t{self.end.isoformat()}\t{self.entries}\t{self.digest}\n"


def closed_through(company: Any) -> date | None:
    """The lock date of a company record, or None when unset or not a date."""
    value = company.get(FIELD) if isinstance(company, dict) else None
    try:
        return date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def relative_document(entry: Any, root: Path) -> Any:
    """The entry, with a document's path made relative to `root`: where the books are checked
    out is no part of what an entry says."""
    if isinstance(entry, data.Document) and os.path.isabs(entry.filename):
        return entry._replace(filename=relative(root, entry.filename))
    return entry


def written(entry: Any) -> bool:
    """False for document entries Beancount finds in the documents folder by itself: those
    are files, compared as files, not ledger text."""
    filename = str((entry.meta or {}).get("filename") or "")
    return not isinstance(entry, data.Document) or filename.endswith(".beancount")


LOCKED_KINDS = (data.Transaction, data.Balance, data.Pad, data.Price, data.Document)
"""Entries with amounts or evidence. Opening an account, a custom or a note dated in a closed
period changes no figure of it, so the chart of accounts may still grow with old dates."""


def locked(entry: Any) -> bool:
    """Whether the period lock covers this entry."""
    return isinstance(entry, LOCKED_KINDS) and written(entry)


_POSITION = ("filename", "lineno")


def _meta(meta: Any) -> list[tuple[str, str]]:
    """An entry's own metadata, without where it is written."""
    return sorted((k, repr(v)) for k, v in (meta or {}).items() if k not in _POSITION)


def lock_text(entry: Any, root: Path) -> str:
    """What the lock hashes of an entry: every field and its own metadata, not its place.

    A plain structural form rather than Beancount's printed text: a ten-year ledger is
    hashed on every check, and printing costs several times more."""
    entry = relative_document(entry, root)
    fields = []
    for name, value in zip(entry._fields, entry, strict=True):
        if name == "meta":
            continue
        if isinstance(value, frozenset | set):
            value = sorted(value)
        elif name == "postings":
            value = [(p.account, p.units, p.cost, p.price, p.flag, _meta(p.meta)) for p in value]
        fields.append(value)
    return repr((type(entry).__name__, fields, _meta(entry.meta))) + "\n"


def digest(entries: list[Any], root: Path, period: ClosedPeriod | Period) -> tuple[int, str]:
    """(count, SHA-256) of the entries a period covers, independent of their order in files."""
    start = period.start
    texts = sorted(
        lock_text(e, root)
        for e in entries
        if locked(e) and (start is None or start <= e.date) and e.date <= period.end
    )
    return len(texts), hashlib.sha256("".join(texts).encode("utf-8")).hexdigest()


_LINE = re.compile(
    r"^(?P<label>\S+)\t(?P<start>-|\d{4}-\d\d-\d\d)\t(?P<end>\d{4}-\d\d-\d\d)\t"
    r"(?P<entries>\d+)\t(?P<digest>[0-9a-f]{64})$"
)


def read_lock(root: Path) -> tuple[list[ClosedPeriod], list[Problem]] | None:
    """The closed periods of the lock file, with problems for lines that do not parse; None
    when there is no lock file."""
    path = root / LOCK_FILE
    if not path.is_file():
        return None
    rel = LOCK_FILE.as_posix()
    periods: list[ClosedPeriod] = []
    problems: list[Problem] = []
    if not inside(root, path):
        return [], [Problem(rel, 1, 1, OUTSIDE, outside_message("the lock file"))]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [
            Problem(rel, 1, 1, "LOCK-INVALID", f"cannot read the lock file: {exc.strerror or exc}")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        position = decode_error_position(raw, exc.start)
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        return [], [Problem(rel, *position, "LOCK-INVALID", message)]
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        found = _LINE.match(line)
        try:
            if not found:
                raise ValueError
            start = None if found["start"] == BEGINNING else date.fromisoformat(found["start"])
            period = ClosedPeriod(
                found["label"],
                start,
                date.fromisoformat(found["end"]),
                int(found["entries"]),
                found["digest"],
                number,
            )
        except ValueError:
            problems.append(
                Problem(rel, number, 1, "LOCK-INVALID", "not a line written by `backoffice close`")
            )
            continue
        expected = periods[-1].end + timedelta(days=1) if periods else None
        if period.start != expected:
            should = (
                "the day after the previous one"
                if periods
                else f"with the books ({BEGINNING}), as the first closed period must"
            )
            problems.append(
                Problem(
                    rel, number, 1, "LOCK-INVALID", f"period {period.label} does not start {should}"
                )
            )
        periods.append(period)
    return periods, problems


def period_ending(day: date) -> str:
    """The period to close so that the books are closed through `day`: the year, quarter or
    month that ends on it, else the days up to it (never a period that ends later)."""
    if (day + timedelta(days=1)).day != 1:
        return f"{day.replace(day=1).isoformat()}..{day.isoformat()}"
    if day.month == 12:
        return str(day.year)
    if day.month % 3 == 0:
        return f"{day.year}-Q{day.month // 3}"
    return f"{day.year}-{day.month:02d}"


def verify(
    ledger_entries: list[Any], root: Path, company: Any, position: tuple[int, int]
) -> list[Problem]:
    """Every closed period's entries still hash as when it was closed, and the lock file
    reaches exactly to ``books_closed_through``."""
    through = closed_through(company)
    read = read_lock(root)
    company_rel = COMPANY_FILE.as_posix()
    if through is not None and through > today():
        return [
            Problem(
                company_rel,
                *position,
                "LOCK-FUTURE",
                f"books closed through {through}, after today ({today()}): a period is closed "
                f"once it is over; set {FIELD} to the last day of the last closed period",
            )
        ]
    if read is None:
        if through is None:
            return []
        return [
            Problem(
                company_rel,
                *position,
                "LOCK-MISSING",
                f"books closed through {through} but {LOCK_FILE.as_posix()} is missing: "
                f"run `backoffice close {period_ending(through)}`",
            )
        ]
    periods, problems = read
    rel = LOCK_FILE.as_posix()
    for period in periods:
        found, value = digest(ledger_entries, root, period)
        if value != period.digest:
            problems.append(
                Problem(
                    rel,
                    period.line,
                    1,
                    "LOCK-MISMATCH",
                    f"closed period {period.describe()} changed: its entries no longer match "
                    "the hash written when it was closed "
                    f"({count(period.entries, 'entry', 'entries')} then, "
                    f"{count(found, 'entry', 'entries')} now)",
                )
            )
    last = periods[-1].end if periods else None
    if last != through:
        problems.append(
            Problem(
                company_rel,
                *position,
                "LOCK-STALE",
                f"{FIELD} is {through or 'not set'} but {rel} closes the books through "
                f"{last or 'no period'}; `backoffice close` updates both",
            )
        )
    return problems


@dataclass(frozen=True)
class Closed:
    period: ClosedPeriod
    company_updated: bool


def refuse_unfinished(entries: list[Any], period: Period) -> None:
    """A period is closed once it is over and booked: never one that ends after today, nor
    after the month of the books' latest transaction (nothing of it is entered yet)."""
    now = today()
    if period.end > now:
        raise LockError(
            f"{period.label} ends on {period.end}, after today ({now}): "
            "a period is closed once it is over"
        )
    dates = [e.date for e in entries if isinstance(e, data.Transaction)]
    if not dates:
        raise LockError("the books have no transaction yet: there is nothing to close")
    reached = Month.of(max(dates)).last
    if period.end > reached:
        raise LockError(
            f"{period.label} ends on {period.end}, but the books' latest transaction is of "
            f"{max(dates)}: book the months up to {period.end} first"
        )


@dataclass(frozen=True)
class Closing:
    """A close that may go ahead: the lock file's text and company.yaml's (None: unchanged)."""

    period: ClosedPeriod
    lock_text: str
    company_text: str | None


def closing(root: Path, entries: list[Any], period: Period) -> Closing:
    """What closing `period` writes, or LockError saying why it may not be closed (a bad lock
    file, a period already closed, not over or not booked); nothing is written.

    The first closed period also covers everything before it; a later one starts the day after
    the last closed day, whatever the period's own start, so that closed periods never leave a
    gap.
    """
    read = read_lock(root)
    periods, problems = read if read is not None else ([], [])
    if problems:
        raise LockError(f"{LOCK_FILE.as_posix()}:{problems[0].line}: {problems[0].message}")
    last = periods[-1].end if periods else None
    if last is not None and period.end <= last:
        raise LockError(f"the books are already closed through {last}")
    refuse_unfinished(entries, period)
    start = None if last is None else last + timedelta(days=1)
    draft = ClosedPeriod(period.label, start, period.end, 0, "")
    count, value = digest(entries, root, draft)
    closed = ClosedPeriod(period.label, start, period.end, count, value)
    text = HEADER + "".join(p.as_line() for p in [*periods, closed])
    return Closing(closed, text, _company_with_lock_date(root, period.end))


def write_closing(root: Path, done: Closing) -> Closed:
    """Write the lock file, then company.yaml, each atomically."""
    write_atomic(root / LOCK_FILE, done.lock_text)
    if done.company_text is not None:
        write_atomic(root / COMPANY_FILE, done.company_text)
    return Closed(done.period, done.company_text is not None)


def _company_with_lock_date(root: Path, end: date) -> str | None:
    """company.yaml with its top-level lock date set to `end`, other lines untouched; None when
    it already says so."""
    path = root / COMPANY_FILE
    if not path.is_file():
        raise LockError(f"{COMPANY_FILE.as_posix()} is missing: it holds {FIELD}")
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{FIELD}:[ \t]*[^\s#]*", re.MULTILINE)
    line = f"{FIELD}: {end.isoformat()}"
    if pattern.search(text):
        updated = pattern.sub(line, text, count=1)
    else:
        updated = text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    return None if updated == text else updated
