"""The books: ``ledger/main.beancount`` loaded once per run with Beancount's own loader."""

from __future__ import annotations

import atexit
import gc
import glob
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from beancount import loader
from beancount.core import data
from beancount.ops import validation
from beancount.parser import booking, lexer
from beancount.parser import options as beancount_options

from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.problems import Problem
from backoffice.core.values import OutOfRange, bounded

MAIN = Path("ledger") / "main.beancount"


@dataclass
class Ledger:
    path: Path
    entries: list[Any]
    errors: list[Any]
    options: dict[str, Any]

    def open_accounts(self) -> set[str]:
        """Accounts opened in the ledger (closed ones included: a record may name a past one)."""
        return {e.account for e in self.entries if isinstance(e, data.Open)}

    def transactions(self) -> list[data.Transaction]:
        return [e for e in self.entries if isinstance(e, data.Transaction)]

    @property
    def refused(self) -> bool:
        """True when the books were not loaded because they name a file outside the
        repository: nothing derived from them would be true."""
        return any(getattr(e, "code", None) == OUTSIDE for e in self.errors)


class FileError(NamedTuple):
    """A problem with a ledger file found before Beancount reads it; shaped like Beancount's
    own errors (source, message, entry) so that Fava shows it too."""

    source: dict[str, Any]
    message: str
    entry: None
    code: str


BOM = b"\xef\xbb\xbf"


def load_ledger(root: Path) -> Ledger:
    """Parse, book, run plugins and validate, like bean-check, without writing a load cache.

    Beancount's public ``load_file`` writes ``.main.beancount.picklecache`` beside the ledger
    when a load is slow; `check` must write nothing in the repository, so the uncached steps
    behind it are run directly (`_load_bounded`).
    """
    path = (root / MAIN).absolute()  # Beancount's loader requires an absolute path
    refused = outside_references(root)
    if refused:
        return Ledger(path, [], refused, beancount_options.OPTIONS_DEFAULTS.copy())
    with without_collection():
        entries, errors, options = _load_bounded(str(path))
    return Ledger(path, entries, errors, options)


def outside_references(root: Path) -> list[FileError]:
    """Every include, ``documents`` folder and ``document`` of the ledger's files that resolves
    outside the repository, found by following the includes as Beancount would, without
    opening any file outside."""
    main = root / MAIN
    if not inside(root, main):
        return [_file_error(root, main, 1, OUTSIDE, outside_message(MAIN.as_posix()))]
    found: list[FileError] = []
    seen: set[Path] = set()
    pending = [main]
    while pending:
        file = pending.pop()
        if file in seen or not file.is_file():
            continue  # Beancount reports a missing file itself
        seen.add(file)
        for line, kind, value in _references(file):
            targets, refusal = _targets(root, file, kind, value)
            if refusal:
                found.append(_file_error(root, file, line, OUTSIDE, outside_message(refusal)))
            if kind == "include":
                pending += targets
    return found


def _references(file: Path) -> Iterator[tuple[int, str, str]]:
    """(line, kind, name) of each include, documents option and document directive of one
    file, from Beancount's own lexer (a string that only looks like one is not one)."""
    previous: list[tuple[str, Any]] = []
    for kind, line, _text, value in lexer.lex_iter(str(file)):
        if kind == "STRING":
            before = [k for k, _v in previous[-3:]]
            if before[-1:] == ["INCLUDE"]:
                yield line, "include", value
            elif before[-2:] == ["DOCUMENT", "ACCOUNT"]:
                yield line, "document", value
            elif before[-2:] == ["OPTION", "STRING"] and previous[-1][1] == "documents":
                yield line, "documents", value
        previous = [] if kind == "EOL" else [*previous[-3:], (kind, value)]


_LABELS = {"include": "include", "document": "document", "documents": 'option "documents"'}


def _targets(root: Path, file: Path, kind: str, name: str) -> tuple[list[Path], str]:
    """The files an include names (none if it leads outside), and what leads outside."""
    pattern = os.path.join(file.parent, name)
    fixed = Path(pattern)
    while glob.has_magic(str(fixed)):
        fixed = fixed.parent
    if not inside(root, fixed):
        return [], f"{_LABELS[kind]} {name!r}"
    if kind != "include":
        return [], ""
    matches = [Path(os.path.normpath(m)) for m in sorted(glob.glob(pattern, recursive=True))]
    for match in matches:
        if not inside(root, match):
            return [], f"{relative(root, str(match))} (included by {name!r})"
    return matches, ""


def _file_error(root: Path, file: Path, line: int, code: str, message: str) -> FileError:
    return FileError({"filename": str(file), "lineno": line}, message, None, code)


def bom_files(ledger: Ledger, root: Path) -> list[str]:
    """The ledger files that start with a byte-order mark: Beancount reads it as part of the
    first line, which it then cannot parse."""
    found = []
    for name in ledger.options.get("include") or []:
        path = Path(name)
        if inside(root, path) and path.is_file():
            with path.open("rb") as handle:
                if handle.read(len(BOM)) == BOM:
                    found.append(name)
    return found


class RangeError(NamedTuple):
    """A number of the ledger beyond the bounds of every value (`bounded`): its entry is left
    out, for booking could not do its arithmetic."""

    source: dict[str, Any]
    message: str
    entry: Any


def _load_bounded(filename: str) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Beancount's loader step by step (parse, book, plugins, validation), with every number
    as written checked between parsing and booking: booking raises on a 30-digit amount
    instead of reporting it, so an entry with a number out of range is reported and left out."""
    entries, errors, options = loader._parse_recursive([(filename, True)], None, None)
    entries.sort(key=data.entry_sortkey)
    out_of_range = [error for entry in entries for error in _range_errors(entry)]
    if out_of_range:
        dropped = {id(error.entry) for error in out_of_range}
        entries = [entry for entry in entries if id(entry) not in dropped]
        errors.extend(out_of_range)
    entries, balance_errors = booking.book(entries, options)
    errors.extend(balance_errors)
    saved_path = list(sys.path)
    try:
        sys.path[0:0] = options.get("pythonpath") or []
        entries, errors = loader.run_transformations(entries, errors, options, None)
    finally:
        sys.path[:] = saved_path
    errors.extend(validation.validate(entries, options, None, None))
    options["input_hash"] = loader.compute_input_hash(options["include"])
    return entries, errors, options


def _range_errors(entry: Any) -> Iterator[RangeError]:
    """A `RangeError` for each number written in `entry` that is out of range."""
    for meta, number in _written_numbers(entry):
        try:
            bounded(number, number)
        except OutOfRange as exc:
            what = type(entry).__name__.lower()
            yield RangeError(meta or entry.meta, f"{exc} (the {what} is left out)", entry)


def _written_numbers(entry: Any) -> Iterator[tuple[dict[str, Any] | None, Decimal]]:
    """The numbers of an unbooked entry, each with the metadata of the line it is written on:
    amounts, costs and prices of postings, balances and their tolerance, prices, custom values,
    and numbers in metadata (such as a posting's vat_base)."""
    postings = getattr(entry, "postings", None) or ()
    for meta in (entry.meta, *(p.meta for p in postings)):
        for value in (meta or {}).values():
            if isinstance(number := getattr(value, "number", value), Decimal):
                yield meta, number
    if isinstance(entry, data.Transaction):
        for posting in entry.postings:
            parts = (
                getattr(posting.units, "number", None),  # a missing amount is MISSING
                getattr(posting.cost, "number_per", None),
                getattr(posting.cost, "number_total", None),
                getattr(posting.price, "number", None),
            )
            yield from ((posting.meta, n) for n in parts if isinstance(n, Decimal))
    elif isinstance(entry, data.Balance | data.Price):
        numbers = (entry.amount.number, getattr(entry, "tolerance", None))
        yield from ((None, n) for n in numbers if isinstance(n, Decimal))
    elif isinstance(entry, data.Custom):
        for value in entry.values:
            number = getattr(value.value, "number", value.value)
            if isinstance(number, Decimal):
                yield None, number


atexit.register(gc.unfreeze)  # what was frozen is released at exit, as extension modules expect


@contextmanager
def without_collection() -> Iterator[None]:
    """Load without Python's cyclic garbage collector, then set what was loaded aside for good.

    The books are hundreds of thousands of long-lived objects with hardly a cycle among them;
    without this, every allocation burst makes the collector walk all of them again, during
    the load and in everything that runs after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def relative(root: Path, filename: str | None) -> str:
    """A ledger file name as shown to the user: relative to the root where possible."""
    if not filename or filename.startswith("<"):
        return MAIN.as_posix()
    rel = os.path.relpath(filename, root)
    return Path(rel).as_posix()


def ledger_problems(ledger: Ledger, root: Path) -> list[Problem]:
    """Beancount's own errors, as problems with file and line; a file that starts with a
    byte-order mark gets one problem that says so, instead of what its first line became."""
    boms = bom_files(ledger, root)
    problems = [
        Problem(
            relative(root, name),
            1,
            1,
            "LEDGER-BOM",
            "the file starts with a byte-order mark; save it as UTF-8 without BOM",
        )
        for name in boms
    ]
    for error in ledger.errors:
        source = error.source or {}
        filename = source.get("filename")
        line = source.get("lineno") or 1
        if filename and filename.startswith("<"):
            line = 1
        if filename in boms and line == 1:
            continue
        message = " ".join(str(error.message).split())
        code = "VALUE-RANGE" if isinstance(error, RangeError) else getattr(error, "code", "LEDGER")
        problems.append(Problem(relative(root, filename), int(line), 1, code, message))
    return problems
