"""The `backoffice` command: parse options, call the library, render, pick the exit code."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from backoffice.check.run import CheckOptionError, CheckOptions
from backoffice.check.run import check as run_check
from backoffice.command.options import (
    DateType,
    PeriodType,
    fail_with_problems,
    format_option,
    git_failure,
    require_clean_ledger,
    workspace,
)
from backoffice.core import problems as problem_output
from backoffice.core.clock import TODAY_VARIABLE, BadTodayError, set_today
from backoffice.core.clock import today as clock_today
from backoffice.core.errors import BackOfficeError
from backoffice.core.files import write_atomic
from backoffice.core.gitrepo import GitError
from backoffice.core.period import Period
from backoffice.core.words import count
from backoffice.derive import sync as ledger_sync
from backoffice.domains import DOMAINS, REPORTS
from backoffice.load.ledger import MAIN
from backoffice.report.registry import build_report
from backoffice.report.render import render, stylesheet
from backoffice.site.publish import load_in_parallel, steps, write_reports


class BackOfficeGroup(click.Group):
    """The root group: an error the user can mend (`BackOfficeError`, which every area's
    errors derive from) ends any command with its message and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BackOfficeError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=BackOfficeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The back-office repository (default: the Git top level of the current directory).",
)
@click.option(
    "--today",
    "today",
    type=DateType(),
    help=f"Take this date for today, e.g. to rerun a past day (default: ${TODAY_VARIABLE}, "
    "else the clock's date).",
)
@click.version_option(package_name="backoffice")
@click.pass_context
def main(ctx: click.Context, root: Path | None, today: date | None) -> None:
    """Run a small organisation's back office from plain text: Beancount books and YAML
    registers checked against JSON Schema."""
    if today is not None:
        set_today(today)
    try:
        clock_today()
    except BadTodayError as exc:
        raise click.UsageError(str(exc), ctx) from None
    ctx.obj = DOMAINS


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


def _report_help() -> str:
    """The report command's help: what it does, then every report of every area with its
    description, so that the list cannot fall behind the areas' declarations."""
    width = max(len(name) for name in REPORTS)
    listed = "\n".join(f"  {name:<{width}}  {spec.description}" for name, spec in REPORTS.items())
    return (
        f"Build one report and print it (or write it with -o).\n\nNAME is one of:\n\n\b\n{listed}"
    )


@main.command(help=_report_help())
@click.argument("name", metavar="NAME", type=click.Choice(sorted(REPORTS)))
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
    help="Date of a balance sheet, aging, headcount, assets, supplier evaluations, contracts, "
    "risks or deadlines (default: "
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
    ws = workspace(ctx)
    require_clean_ledger(ws)
    built = build_report(ws, name, period, as_of)
    text = render(built, fmt, ws.locale, stylesheet(ws))
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
    if sys.stderr.isatty():
        with click.progressbar(length=steps(ws), label="Building reports", file=sys.stderr) as bar:
            written = write_reports(ws, target, period, lambda _name: bar.update(1))
    else:
        written = write_reports(ws, target, period)
    click.echo(f"wrote {count(len(written), 'file')} to {target}", err=True)


@main.command()
@click.option(
    "--host",
    metavar="HOST",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; Fava has no login, so keep it local.",
)
@click.option(
    "--port",
    "-p",
    metavar="PORT",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Open the books in Fava on http://HOST:PORT (default http://127.0.0.1:5000)."""
    ws = workspace(ctx)
    fava = shutil.which("fava", path=os.path.dirname(sys.executable)) or shutil.which("fava")
    if fava is None:
        raise click.ClickException("fava is not installed in this environment")
    if _port_taken(host, port):
        raise click.ClickException(
            f"port {port} on {host} is in use already: choose another with --port (-p), "
            f"e.g. backoffice serve -p {port + 1 if port < 65535 else port - 1}"
        )
    os.execv(fava, [fava, "--host", host, "--port", str(port), str(ws.root / MAIN)])


def _port_taken(host: str, port: int) -> bool:
    """Whether something listens on host:port already, so that Fava could not start there;
    asked before Fava starts, to name this command's own option in the message."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
    except socket.gaierror as exc:
        message = f"{host!r} is not an address here ({exc})"
        raise click.BadParameter(message, param_hint="--host") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Fava's server does
        try:
            probe.bind(address)
        except OSError:
            return True
    return False


@main.group()
def ledger() -> None:
    """The journal files under ledger/generated/, derived from the registers: sync writes
    them."""


def _sync_help() -> str:
    """The sync command's help, naming every generated journal of every area and the records
    it is written from."""
    written = ", ".join(f"{j.name} from {j.source}" for d in DOMAINS for j in d.journals)
    return (
        f"Write ledger/generated/: {written}.\n\n"
        "Each file is written only when its content changes. Refuses (exit 1, nothing "
        "written) while those records have problems."
    )


@ledger.command("sync", help=_sync_help())
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 naming each generated file that is out of date.",
)
@click.pass_context
def sync_command(ctx: click.Context, check_only: bool) -> None:
    ws = workspace(ctx)
    result = ledger_sync.sync(ws, check_only=check_only)
    if result.problems:
        fail_with_problems(ctx, result.problems)
    for rel in result.changed:
        verb = "stale" if check_only else "wrote"
        click.echo(f"{verb} {rel.as_posix()}")
    if check_only and result.changed:
        click.echo("run `backoffice ledger sync` to bring them up to date", err=True)
        ctx.exit(1)
    if not result.changed:
        click.echo("ledger/generated/ is up to date", err=True)


for _command in (c for d in DOMAINS for c in d.commands):
    main.add_command(_command)
