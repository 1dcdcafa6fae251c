"""The back office inside Fava: registers, records, problems and deadlines beside the ledger.

Enable it in the ledger's top-level file::

    2019-03-01 custom "fava-extension" "backoffice.serve.fava_ext"

Personal and confidential values (fields the schemas mark ``x-sensitive``, and what is derived
from them, such as one person's pay) read "hidden" unless the entry's config asks for them::

    2019-03-01 custom "fava-extension" "backoffice.serve.fava_ext" "{\"show_sensitive\": true}"

It renders what the library's record and report functions return, on the entries Fava has
loaded (no second ledger load), and puts record problems on Fava's Errors page. It writes
nothing: every endpoint is a GET.
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from fava.ext import FavaExtensionBase, FavaExtensionError
from flask import abort, request
from markupsafe import Markup

from backoffice.check.run import CheckResult, check_in_process
from backoffice.core.paths import inside
from backoffice.core.problems import Problem
from backoffice.core.words import count
from backoffice.domains import open_workspace
from backoffice.load.ledger import Ledger, outside_references
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace
from backoffice.report.model import Report, without_private
from backoffice.report.registry import default_period
from backoffice.report.render import html_table
from backoffice.site.figures import Figures, Published
from backoffice.site.publish import build_all
from backoffice.view.browse import (
    HIDDEN,
    Index,
    RecordView,
    Table,
    build_index,
    record_view,
    register_table,
    sensitive_values,
)
from backoffice.view.pages import Page, PageTable

if TYPE_CHECKING:
    from fava.core import FavaLedger

WATCHED = ("records", "schemas")
MODULE = "backoffice.serve.fava_ext"
OPTIONS = {"root": str, "show_sensitive": bool}
"""What the config may set, and of which type."""


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


def parse_config(text: str | None) -> tuple[dict[str, Any], list[str]]:
    """The config string of the ``fava-extension`` entry (JSON, or a Python literal as Fava's
    own extensions take it) and what is wrong with it; a wrong option is left at its default,
    so that a typo never shows personal data."""
    if not text:
        return {}, []
    try:
        parsed = json.loads(text)
    except ValueError:
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return {}, [f"config {text!r} is neither JSON nor a Python literal"]
    if not isinstance(parsed, dict):
        return {}, [f'config {text!r} is not a mapping such as {{"show_sensitive": true}}']
    config, wrong = {}, []
    for key, value in parsed.items():
        kind = OPTIONS.get(key) if isinstance(key, str) else None
        if kind is None:
            known = ", ".join(OPTIONS)
            wrong.append(f"config option {key!r} is unknown (known: {known})")
        elif not isinstance(value, kind):
            wanted = "true or false" if kind is bool else "a string"
            wrong.append(f"config option {key!r} must be {wanted}, not {value!r}")
        else:
            config[key] = value
    return config, wrong


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
        super().__init__(ledger, None)  # the config is JSON, which Fava's reader refuses
        self.config, self._config_problems = parse_config(config)
        self.root = workspace_root(Path(ledger.beancount_file_path), self.config)
        self.show_sensitive: bool = self.config.get("show_sensitive", False)
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
            self._publish_errors()
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

    def _publish_errors(self) -> None:
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
            for p in self.problems()
        ]
        entry = self._config_entry()
        self._errors += [
            FavaExtensionError(entry.meta if entry else {}, f"{MODULE}: {message}", entry)
            for message in self._config_problems
        ]
        errors.extend(self._errors)

    def _config_entry(self) -> Any:
        """The ledger's ``fava-extension`` entry that enables this extension."""
        return next(
            (
                e
                for e in self.ledger.all_entries_by_type.Custom
                if e.type == "fava-extension" and e.values and e.values[0].value == MODULE
            ),
            None,
        )

    def registers(self) -> list[tuple[str, int]]:
        """(register, number of records), the organisation's own record left out."""
        state = self.state
        return [
            (name, len(state.ws.records.register(name)))
            for name in sorted(state.ws.schemas.registers)
            if name != "company"
        ]

    def problems(self) -> list[Problem]:
        """The record problems, with any sensitive value they quote hidden unless shown."""
        state = self.state
        found = [p for p in state.result.problems if p.code != "LEDGER"]
        if self.show_sensitive:
            return found
        return [self._without_sensitive(p) for p in found]

    def _without_sensitive(self, problem: Problem) -> Problem:
        """The problem with the sensitive values of its record replaced by `HIDDEN`."""
        record = self.state.index.by_file.get(problem.path)
        if record is None:
            return problem
        message = problem.message
        for value in sorted(sensitive_values(self.state.ws, record), key=len, reverse=True):
            if len(value) >= 3:
                message = message.replace(value, HIDDEN)
        return replace(problem, message=message) if message != problem.message else problem

    def count(self, n: int, singular: str, plural: str = "") -> str:
        """'1 problem', '2 problems': the pages count as every other output does."""
        return count(n, singular, plural)

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
        return record_view(
            self.state.ws, self.state.index, record, self.problems(), self.show_sensitive
        )

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
        if not self.show_sensitive:
            report = without_private(report, HIDDEN)
        table = html_table(report, self.state.ws.locale, css_class="bo-table")
        return report, Markup(table), Markup(figures.charts_for(report.name))

    def chart(self, name: str) -> tuple[str, str, Markup] | None:
        """A dashboard chart: its title, the report that shows it and its inline SVG (built and
        escaped by the library); None when no area draws it."""
        found = next((c for c in self.reports()[1].charts if c.key == name), None)
        if found is None:
            return None
        return found.title, (found.pages or ("",))[0], Markup(found.svg)

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
