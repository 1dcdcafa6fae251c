"""The books: ``ledger/main.beancount`` loaded once per run with Beancount's own loader."""

from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data

from backoffice.core.problems import Problem

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


def load_ledger(root: Path) -> Ledger:
    """Parse, book, run plugins and validate, like bean-check, without writing a load cache.

    Beancount's public ``load_file`` writes ``.main.beancount.picklecache`` beside the ledger
    when a load is slow; `check` must write nothing in the repository, so the uncached loader
    behind it is called directly.
    """
    path = (root / MAIN).absolute()  # Beancount's loader requires an absolute path
    with without_collection():
        entries, errors, options = loader._uncached_load_file(str(path), None, None, None)
    return Ledger(path, entries, errors, options)


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
    """Beancount's own errors, as problems with file and line."""
    problems = []
    for error in ledger.errors:
        source = error.source or {}
        filename = source.get("filename")
        line = source.get("lineno") or 1
        if filename and filename.startswith("<"):
            line = 1
        message = " ".join(str(error.message).split())
        problems.append(Problem(relative(root, filename), int(line), 1, "LEDGER", message))
    return problems
