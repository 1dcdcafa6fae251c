"""A report is data first: columns, rows and totals that every renderer draws the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from backoffice.core.errors import BackOfficeError
from backoffice.core.period import Period
from backoffice.load.workspace import Workspace

ColumnType = Literal["text", "money", "number", "date"]
RowKind = Literal["item", "group", "section", "total"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    type: ColumnType = "text"


@dataclass
class Row:
    cells: dict[str, Any]
    kind: RowKind = "item"
    """item: a line; group: a subtotal of the items below it; section: a heading with its
    total; total: a grand total."""
    level: int = 0
    sign: int = 1
    """Display sign: presentation formats multiply money cells by it (income shown positive);
    JSON keeps Beancount's signs and states the sign beside them."""
    private: frozenset[str] = frozenset()
    """Keys of the cells derived from fields the schemas mark x-sensitive (one person's pay):
    a view that hides personal data shows them as a placeholder (`without_private`)."""


@dataclass
class Report:
    name: str
    title: str
    period: Period | None
    columns: list[Column]
    rows: list[Row]
    totals: dict[str, Any] = field(default_factory=dict)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    as_of: date | None = None
    currency: str = ""
    """The currency of the report's amounts; `build_report` fills in the company's."""
    entity: str = ""
    """Whose books these are: the company's legal name."""

    def as_json(self) -> dict[str, Any]:
        """The stable JSON contract: money as decimal strings, dates as ISO strings."""
        return {
            "report": self.name,
            "title": self.title,
            "entity": self.entity,
            "period": self.period.as_json() if self.period else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "currency": self.currency,
            "columns": [{"key": c.key, "title": c.title, "type": c.type} for c in self.columns],
            "rows": [
                {
                    "kind": r.kind,
                    "level": r.level,
                    "sign": r.sign,
                    **{k: _plain(v) for k, v in r.cells.items()},
                }
                for r in self.rows
            ],
            "totals": {k: _plain(v) for k, v in self.totals.items()},
            "notes": self.notes,
        }


def without_private(report: Report, placeholder: str) -> Report:
    """A copy of `report` whose private cells read `placeholder`, for pages that must not show
    personal data; the totals stay (they are the company's, not a person's)."""
    rows = [
        replace(
            row, cells={k: placeholder if k in row.private else v for k, v in row.cells.items()}
        )
        if row.private
        else row
        for row in report.rows
    ]
    return replace(report, rows=rows)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


Builder = Callable[[Workspace, Period, date], Report]
"""Builds a report from the workspace, a period and an as-of date (the period's end unless
the user gave --as-of); a report uses whichever of the two it needs."""


class ReportError(BackOfficeError):
    """A report cannot be built from this workspace (for example, an empty ledger)."""


@dataclass(frozen=True)
class ReportSpec:
    name: str
    description: str
    build: Builder
