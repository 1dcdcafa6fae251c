"""The back office inside Fava: registers, records, problems and deadlines beside the ledger.

Enable it in the ledger's top-level file::

    2019-03-01 custom "fava-extension" "backoffice.serve.fava_ext"

It renders what the library's record and report functions return, on the entries Fava has
loaded (no second ledger load), and puts record problems on Fava's Errors page. It writes
nothing: every endpoint is a GET.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from fava.ext import FavaExtensionBase, FavaExtensionError
from flask import abort, request
from markupsafe import Markup

from backoffice.check.run import CheckResult, check_in_process
from backoffice.core.paths import inside
from backoffice.domains import open_workspace
from backoffice.load.ledger import Ledger, outside_references
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.model import Report
from backoffice.report.registry import default_period
from backoffice.report.render import html_table
from backoffice.site.figures import Figures, Published
from backoffice.site.publish import build_all
from backoffice.view.browse import (
    Index,
    RecordView,
    Table,
    build_index,
    record_view,
    register_table,
)
from backoffice.view.pages import Page, PageTable

if TYPE_CHECKING:
    from fava.core import FavaLedger

WATCHED = ("records", "schemas")


@dataclass
class State:
    """Everything computed from one load of the ledger and the records."""

    ws: Workspace
    result: CheckResult
    index: Index
    dashboard: tuple[Published, Figures] | None = None
    """The reports and key figures, built on first use of the overview or a report page."""


def fingerprint(root: Path) -> tuple[int, int]:
    """(files, newest change) under records/ and schemas/: cheap to take on every request."""
    count, newest = 0, 0
    for folder in WATCHED:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            newest = max(newest, os.stat(dirpath).st_mtime_ns)
            dirnames.sort()
            for name in filenames:
                count += 1
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime_ns)
    return count, newest


def workspace_root(ledger_path: Path, config: Any) -> Path:
    """The repository root: `root` in the extension's config (relative to the ledger file),
    else the folder above ``ledger/``."""
    if isinstance(config, dict) and isinstance(config.get("root"), str):
        return Path(ledger_path.parent / str(config["root"])).resolve()
    folder = ledger_path.parent
    return folder.parent if folder.name == "ledger" else folder


class BackOffice(FavaExtensionBase):
    """Registers, records and their problems, linked both ways with the ledger."""

    report_title = "Back office"

    def __init__(self, ledger: FavaLedger, config: str | None = None) -> None:
        super().__init__(ledger, config)
        parsed = ast.literal_eval(config) if config else {}
        self.root = workspace_root(Path(ledger.beancount_file_path), parsed)
        self._state: State | None = None
        self._seen: tuple[int, int] | None = None
        self._errors: list[FavaExtensionError] = []

    # Fava's hooks ------------------------------------------------------------------------

    def after_load_file(self) -> None:
        self._state = None
        self.state  # noqa: B018 - problems must reach Fava's Errors page right after a load

    def before_request(self) -> None:
        """Records are not Beancount files, so Fava does not watch them: look ourselves."""
        seen = fingerprint(self.root)
        if seen != self._seen:
            self._seen = seen
            self._state = None

    # what the template uses --------------------------------------------------------------

    @property
    def state(self) -> State:
        if self._state is None:
            ws = open_workspace(self.root)
            ws.use_ledger(
                Ledger(
                    Path(self.ledger.beancount_file_path),
                    self._entries_inside(),
                    [*outside_references(self.root), *self.ledger.load_errors],
                    cast(dict[str, Any], self.ledger.options),
                )
            )
            self._state = State(ws, check_in_process(ws), build_index(ws))
            self._publish_errors(self._state.result)
        return self._state

    def _entries_inside(self) -> list[Any]:
        """Fava's entries, less those of files outside the repository: Fava follows every
        include itself, but what comes from outside is no part of these pages."""
        entries = self.ledger.all_entries
        names = {e.meta.get("filename") for e in entries}
        outside = {
            name
            for name in names
            if isinstance(name, str)
            and not name.startswith("<")
            and not inside(self.root, Path(name))
        }
        return [e for e in entries if e.meta.get("filename") not in outside]

    def _publish_errors(self, result: CheckResult) -> None:
        """Show record problems on Fava's Errors page, beside Beancount's own errors."""
        errors = self.ledger.extensions.errors
        for old in self._errors:
            if old in errors:
                errors.remove(old)
        self._errors = [
            FavaExtensionError(
                {"filename": str(self.root / p.path), "lineno": p.line},
                f"{p.code} {p.message}",
                None,
            )
            for p in result.problems
            if p.code != "LEDGER"
        ]
        errors.extend(self._errors)

    def registers(self) -> list[tuple[str, int]]:
        """(register, number of records), the organisation's own record left out."""
        state = self.state
        return [
            (name, len(state.ws.records.register(name)))
            for name in sorted(state.ws.schemas.registers)
            if name != "company"
        ]

    def problems(self) -> list[Any]:
        return [p for p in self.state.result.problems if p.code != "LEDGER"]

    def table(self) -> Table:
        """The register named in the URL, sorted and filtered as the URL says."""
        register = request.args.get("register", "")
        if register not in self.state.ws.schemas.registers:
            abort(404)
        return register_table(
            self.state.ws,
            register,
            self.state.result.problems,
            sort=request.args.get("sort", "id"),
            query=request.args.get("q", ""),
        )

    def record(self) -> RecordView:
        """The record named in the URL; a 404 page for an unknown one."""
        register, record_id = request.args.get("register", ""), request.args.get("id", "")
        record = self.state.index.by_id.get(register, {}).get(record_id)
        if record is None:
            abort(404)
        return record_view(self.state.ws, self.state.index, record, self.state.result.problems)

    def find(self, register: str, record_id: str) -> Record | None:
        return self.state.index.by_id.get(register, {}).get(record_id)

    def title(self, record: Record) -> str:
        return record.title()

    def pages(self) -> list[Page]:
        """The pages the areas add to the menu (`Domain.pages`): the invoices, the bills."""
        return [p for d in self.state.ws.domains for p in d.pages]

    def page(self) -> PageTable:
        """The area's page named in the URL, at the dashboard's date."""
        name = request.args.get("page", "")
        found = next((p for p in self.pages() if p.name == name), None)
        if found is None:
            abort(404)
        return found.build(self.state.ws, self.reports()[0].today)

    def view(self) -> str:
        """Which page the URL asks for."""
        if "page" in request.args:
            return "page"
        if "id" in request.args:
            return "record"
        if "register" in request.args:
            return "register"
        if "report" in request.args:
            return "report"
        return "overview"

    def reports(self) -> tuple[Published, Figures]:
        """Every report of the books' current year and the dashboard's figures, built once per
        load: the same functions as `backoffice reports`."""
        state = self.state
        if state.dashboard is None:
            done = build_all(state.ws, default_period(state.ws))
            state.dashboard = (done, Figures.of(state.ws, done))
        return state.dashboard

    def report(self) -> tuple[Report, Markup, Markup]:
        """The report named in the URL: the report, its table and its chart (escaped HTML)."""
        done, figures = self.reports()
        report = done.reports.get(request.args.get("report", ""))
        if report is None:
            abort(404)
        table = html_table(report, self.state.ws.locale, css_class="bo-table")
        return report, Markup(table), Markup(figures.charts_for(report.name))

    def chart(self, name: str) -> Markup:
        """A dashboard chart as inline SVG, built and escaped by the library."""
        charts = self.reports()[1].charts
        return Markup(next((c.svg for c in charts if c.key == name), ""))

    def key_figures(self) -> list[tuple[str, str, Markup]]:
        return [(label, value, Markup(sub)) for label, value, sub in self.reports()[1].kpis]

    def next_deadlines(self, limit: int = 8) -> tuple[int, list[dict[str, Any]]]:
        """(how many are overdue, the next ones) from the deadlines report."""
        report = self.reports()[0].reports.get("deadlines")
        rows = [r.cells for r in report.rows] if report is not None else []
        overdue = sum(1 for cells in rows if (cells.get("days") or 0) < 0)
        return overdue, [cells for cells in rows if (cells.get("days") or 0) >= 0][:limit]

    def report_names(self) -> list[tuple[str, str]]:
        done = self.reports()[0]
        return [(name, report.title) for name, report in done.reports.items()]
