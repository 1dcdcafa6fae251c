"""The spec by which a back-office area declares itself, once, to every stage of the pipeline.

`backoffice.domains.DOMAINS` lists one `Domain` per area; the check, the generated journals,
the reports, the deadlines, the dashboard, the command line and Fava read what they need from
there, so adding an area is a package, its schemas and one line in that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backoffice.core.period import Period
from backoffice.core.problems import Problem

if TYPE_CHECKING:  # the spec names the stages' types; the stages import the core, not back
    from datetime import date

    import click

    from backoffice.check.run import Rule
    from backoffice.derive.sync import Journal
    from backoffice.load.records import Record
    from backoffice.load.workspace import Workspace
    from backoffice.report.deadlines import Deadline
    from backoffice.report.model import ReportSpec
    from backoffice.site.figures import Panel
    from backoffice.view.pages import Page


@dataclass(frozen=True)
class RecordDeadlines:
    """The deadlines one record of `register` sets (a contract's notice date, a review)."""

    register: str
    of: Callable[[Record, date], Iterator[Deadline]]


@dataclass(frozen=True)
class Domain:
    """One back-office area: the registers it owns and what it adds to each stage."""

    name: str
    registers: tuple[str, ...] = ()
    """Registers (records/<name>/) this area owns and reads."""
    rules: tuple[Rule, ...] = ()
    """Business rules `check` runs once the ledger is loaded."""
    journals: tuple[Journal, ...] = ()
    """Files under ledger/generated/ that `ledger sync` derives from this area's records."""
    sync_sources: tuple[str, ...] = ()
    """Registers whose schema problems stop `ledger sync` (the journals are derived from them)."""
    sync_rules: tuple[Callable[[Workspace], list[Problem]], ...] = ()
    """Further problems that stop `ledger sync`: the journals would be wrong."""
    reports: tuple[ReportSpec, ...] = ()
    record_deadlines: tuple[RecordDeadlines, ...] = ()
    deadlines: tuple[Callable[[Workspace, date], list[Deadline]], ...] = ()
    """Deadlines that do not come from one record (invoices due, from the ledger)."""
    dashboard: tuple[Panel, ...] = ()
    """Key figures, charts and panels this area adds to the dashboard, in order."""
    pages: tuple[Page, ...] = ()
    """Pages this area adds to Fava's Back office menu (the invoices, the bills)."""
    commands: tuple[click.Command, ...] = ()
    """Commands and command groups mounted on the root `backoffice` group."""
    before_close: tuple[Callable[[Workspace, Period], list[str]], ...] = ()
    """What this area books in every month, checked by `close`: a sentence for each month of
    the period still missing it (the month's payroll, its depreciation), printed as a warning."""
