"""`backoffice ledger sync`: write the journal files that follow from the registers."""

from __future__ import annotations

import click

from backoffice.command.options import fail_with_problems, workspace
from backoffice.derive import sync as ledger_sync


@click.group()
def ledger() -> None:
    """The journal files under ledger/generated/, derived from the registers."""


@ledger.command("sync")
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 naming each generated file that is out of date.",
)
@click.pass_context
def sync_command(ctx: click.Context, check_only: bool) -> None:
    """Write ledger/generated/*.beancount from the payroll runs and the asset register.

    Refuses (exit 1, nothing written) while those registers have problems.
    """
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
