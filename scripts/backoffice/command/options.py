"""What the commands share: option types, the workspace of --root, refusing a broken ledger,
and stopping with the problems found."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from backoffice.core.gitrepo import BadRevisionError, GitError, NoHistoryError
from backoffice.core.period import Month, Period, PeriodError, parse_day, parse_period
from backoffice.core.problems import Problem, render_text, sort_problems
from backoffice.core.values import BadValue
from backoffice.core.words import count
from backoffice.load.ledger import MAIN, ledger_problems
from backoffice.load.workspace import NotAWorkspaceError, Workspace, find_root

FC = TypeVar("FC", bound=Callable[..., Any])


class PeriodType(click.ParamType[Period, Any]):
    """A reporting period: 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30."""

    name = "period"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Period:
        if isinstance(value, Period):
            return value
        try:
            return parse_period(str(value))
        except PeriodError as exc:
            self.fail(str(exc), param, ctx)


class DateType(click.ParamType[date, Any]):
    """An ISO date, YYYY-MM-DD, in the years a period may fall in."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except PeriodError as exc:
            self.fail(str(exc), param, ctx)


def workspace(ctx: click.Context) -> Workspace:
    """The workspace of `--root` (default: the Git top level of the current directory)."""
    top = ctx.find_root()
    root: Path | None = top.params.get("root")
    try:
        return Workspace(root or find_root(), top.obj or ())
    except NotAWorkspaceError as exc:
        raise click.UsageError(str(exc), ctx) from None


def require_clean_ledger(ws: Workspace) -> None:
    """Reports from a ledger with errors would mislead: refuse, naming each error."""
    found = ledger_problems(ws.ledger, ws.root)
    if found:
        click.echo(render_text(sort_problems(found)), err=True, nl=False)
        raise click.ClickException(
            f"{MAIN.as_posix()} has {count(len(found), 'error')}, listed above; "
            "`backoffice check` lists them with every other problem"
        )


def format_option(
    help_text: str = "Output format; json is the stable contract.",
) -> Callable[[FC], FC]:
    """--format/-f for commands that render a report: every renderer's format, text first."""
    from backoffice.report.render import FORMATS

    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help=help_text,
    )


def git_failure(ctx: click.Context, exc: GitError) -> click.ClickException:
    """Bad revisions and missing history are usage errors (exit 2); anything else (a damaged
    repository) exit 1."""
    if isinstance(exc, BadRevisionError | NoHistoryError):
        return click.UsageError(str(exc), ctx)
    return click.ClickException(str(exc))


class MonthType(click.ParamType[Month, Any]):
    """A month, YYYY-MM."""

    name = "month"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Month:
        if isinstance(value, Month):
            return value
        try:
            return Month.parse(str(value))
        except BadValue as exc:
            self.fail(str(exc), param, ctx)


def fail_with_problems(ctx: click.Context, found: list[Problem]) -> NoReturn:
    """Print the problems that stop a command, say that nothing was written, exit 1."""
    click.echo(render_text(sort_problems(found)), nl=False)
    click.echo(f"{count(len(found), 'problem')}: nothing written.", err=True)
    ctx.exit(1)
