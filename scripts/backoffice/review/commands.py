"""Reviewing changes: `diff` of two revisions, `history` of a record, `close` of a period."""

from __future__ import annotations

import click

from backoffice.command.options import PeriodType, git_failure, require_clean_ledger, workspace
from backoffice.core import gitrepo
from backoffice.core.period import Period
from backoffice.core.words import count
from backoffice.review.diff import build_diff
from backoffice.review.diff.render import RENDERERS as DIFF_RENDERERS
from backoffice.review.history import RENDERERS as HISTORY_RENDERERS
from backoffice.review.history import RecordPathError, record_history
from backoffice.review.lock import LOCK_FILE, closing, write_closing


@click.command()
@click.argument("base", metavar="BASE")
@click.argument("head", metavar="[HEAD]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIFF_RENDERERS)),
    default="text",
    show_default=True,
    help="text for the terminal, md for a pull request or job summary, json for tools.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Show fields marked x-sensitive in the schema as changed, without their values, and "
    "a person's ledger entries (payroll, refunds) without payee, amounts or metadata values.",
)
@click.pass_context
def diff(ctx: click.Context, base: str, head: str | None, fmt: str, redact: bool) -> None:
    """What changed from revision BASE to HEAD (default: the working tree), in plain words.

    Records added, removed and changed field by field; ledger entries matched by content;
    net change per account, effect on each year's result; changed generated files and
    documents. Reads revisions from Git without touching the working tree. Exit 0, or 2 when
    BASE or HEAD is not a revision or there is no Git history.
    """
    ws = workspace(ctx)
    try:
        result = build_diff(ws.root, base, head, redact=redact)
    except gitrepo.GitError as exc:
        raise git_failure(ctx, exc) from None
    click.echo(DIFF_RENDERERS[fmt](result, ws.locale), nl=False)


@click.command()
@click.argument("record", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(HISTORY_RENDERERS)),
    default="text",
    show_default=True,
    help="text for people, json for tools.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Show fields marked x-sensitive in the schema as changed, without their values.",
)
@click.pass_context
def history(ctx: click.Context, record: str, fmt: str, redact: bool) -> None:
    """The commits that changed a record (ID, register/ID or a path), newest first: date,
    author, message and the fields changed, following moves and renames.

    A path is taken relative to the current directory (to the root when run from outside
    the repository); one outside the repository's records/ is a usage error (exit 2)."""
    ws = workspace(ctx)
    try:
        result = record_history(ws.root, record, redact=redact)
    except gitrepo.GitError as exc:
        raise git_failure(ctx, exc) from None
    except RecordPathError as exc:
        raise click.UsageError(str(exc), ctx) from None
    click.echo(HISTORY_RENDERERS[fmt](result, ws.locale), nl=False)


@click.command()
@click.argument("period", type=PeriodType())
@click.pass_context
def close(ctx: click.Context, period: Period) -> None:
    """Close the books through the end of PERIOD (2025, 2026-Q1, 2026-03...).

    Appends the period's hash to ledger/closed.lock and sets books_closed_through in
    records/company.yaml; `check` then proves that nothing in it changes. Refuses a ledger
    with errors or a period that is already closed.
    """
    ws = workspace(ctx)
    require_clean_ledger(ws)
    ready = closing(ws.root, ws.ledger.entries, period)
    for missing in (m for d in ws.domains for hook in d.before_close for m in hook(ws, period)):
        click.echo(f"warning: {missing}", err=True)
    done = write_closing(ws.root, ready)
    closed = done.period
    entries = count(closed.entries, "entry", "entries")
    updated = ", updated books_closed_through in records/company.yaml"
    click.echo(
        f"closed {closed.describe()}: {entries}; wrote {LOCK_FILE.as_posix()}"
        + (updated if done.company_updated else ""),
        err=True,
    )
