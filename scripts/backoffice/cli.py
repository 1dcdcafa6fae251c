"""The `backoffice` command: parse options, call the library, render, pick the exit code."""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import sys
from datetime import date
from pathlib import Path

import click

from . import commands
from . import problems as problem_output
from .check import CheckOptionError, CheckOptions
from .check import check as run_check
from .cliutil import (
    DateType,
    PeriodType,
    format_option,
    git_failure,
    require_clean_ledger,
    workspace,
)
from .files import write_atomic
from .gitrepo import GitError
from .ledger import MAIN
from .period import Period
from .publish import load_in_parallel, steps, write_reports
from .reports import REPORTS, ReportError, build_report
from .reports.render import render


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The back-office repository (default: the Git top level of the current directory).",
)
@click.version_option(package_name="backoffice")
def main(root: Path | None) -> None:
    """Run a small organisation's back office from plain text: Beancount books and YAML
    registers checked against JSON Schema."""


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(problem_output.RENDERERS)),
    default="text",
    show_default=True,
    help="text: path:line:column: CODE message; json: a list of problem objects; "
    "github: GitHub Actions annotations.",
)
@click.option(
    "--base",
    metavar="REV",
    help="Also compare with this Git revision: closed periods and issued documents must not "
    "change.",
)
@click.pass_context
def check(ctx: click.Context, fmt: str, base: str | None) -> None:
    """Check the ledger and every record: schemas, ids, references, check digits, rules.

    Prints every problem, sorted, then a summary line on stderr. Exit status 0 when there are
    no errors (warnings allowed), 1 when there are, 2 for a usage error.
    """
    try:
        result = run_check(workspace(ctx), CheckOptions(base=base))
    except CheckOptionError as exc:
        raise click.UsageError(str(exc), ctx) from None
    except GitError as exc:  # --base names no revision, or git cannot read it
        raise git_failure(ctx, exc) from None
    click.echo(problem_output.RENDERERS[fmt](result.problems), nl=False)
    click.echo(result.summary(), err=True)
    ctx.exit(1 if result.errors else 0)


@main.command()
@click.argument("name", type=click.Choice(sorted(REPORTS)))
@click.option(
    "--period",
    "-p",
    type=PeriodType(),
    help="2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30 (default: the fiscal year "
    "of the latest transaction).",
)
@click.option(
    "--as-of",
    type=DateType(),
    help="Date of a balance sheet, aging, headcount, contracts, risks or deadlines (default: "
    "the period's end; for aging, deadlines and reviews the latest transaction's date when "
    "the books end earlier).",
)
@format_option()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def report(
    ctx: click.Context,
    name: str,
    period: Period | None,
    as_of: date | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Build one report and print it (or write it with -o)."""
    ws = workspace(ctx)
    require_clean_ledger(ws)
    try:
        built = build_report(ws, name, period, as_of)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from None
    text = render(built, fmt, ws.locale, ws.template("report.css"))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write to (default: build/reports under the root).",
)
@click.option(
    "--period",
    "-p",
    type=PeriodType(),
    help="Period of the reports (default: the fiscal year of the latest transaction).",
)
@click.pass_context
def reports(ctx: click.Context, out: Path | None, period: Period | None) -> None:
    """Write every report as Markdown, HTML, CSV and JSON, the deadlines as iCalendar, and a
    dashboard (index.html) that opens from file:// without a server."""
    ws = workspace(ctx)
    load_in_parallel(ws)
    require_clean_ledger(ws)
    target = out or ws.root / "build" / "reports"
    try:
        if sys.stderr.isatty():
            with click.progressbar(
                length=steps(), label="Building reports", file=sys.stderr
            ) as bar:
                written = write_reports(ws, target, period, lambda _name: bar.update(1))
        else:
            written = write_reports(ws, target, period)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {len(written)} files to {target}", err=True)


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; Fava has no login, so keep it local.",
)
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Open the books in Fava."""
    ws = workspace(ctx)
    fava = shutil.which("fava", path=os.path.dirname(sys.executable)) or shutil.which("fava")
    if fava is None:
        raise click.ClickException("fava is not installed in this environment")
    os.execv(fava, [fava, "--host", host, "--port", str(port), str(ws.root / MAIN)])


def _load_command_modules() -> None:
    """Each module of backoffice.commands attaches its commands to `main`."""
    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{module.name}")


_load_command_modules()
