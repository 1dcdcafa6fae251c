"""A page an area adds to Fava beside the registers: a table whose cells may link to a record's
page or serve a document the ledger declares (an invoice's PDF, a bill's XML)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from beancount.core import data

from backoffice.load.records import Record
from backoffice.load.workspace import Workspace


@dataclass(frozen=True)
class Cell:
    """One cell: its text, after a link to `record` when there is one, or as the label of a
    link to `document`; `css` is the cell's class ("num", "bad", ...)."""

    text: str = ""
    record: Record | None = None
    document: str | None = None
    """The file name of a Beancount document entry: Fava serves it."""
    css: str = ""


@dataclass(frozen=True)
class Column:
    title: str
    css: str = ""


@dataclass(frozen=True)
class PageTable:
    title: str
    columns: Sequence[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = "Nothing here."
    """What the page says when there are no rows."""


@dataclass(frozen=True)
class Page:
    """A page of the Back office extension, at ``?page=<name>``, named `title` in its menu;
    `build` makes its table at the as-of date of the dashboard."""

    name: str
    title: str
    build: Callable[[Workspace, date], PageTable]


def documents(ws: Workspace, keep: Callable[[Path], bool]) -> dict[str, str]:
    """The ledger's document entries that `keep` accepts, by their file's stem (``20260001``)."""
    return {
        Path(entry.filename).stem: entry.filename
        for entry in ws.ledger.entries
        if isinstance(entry, data.Document) and keep(Path(entry.filename))
    }
