"""`backoffice opening import`: the thin command over `backoffice.opening.trial`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from backoffice.command.options import (
    DateType,
    fail_with_problems,
    require_clean_ledger,
    workspace,
)
from backoffice.core.words import count
from backoffice.opening import trial


@click.group()
def opening() -> None:
    """Opening balances when moving from another accounting program: import a trial balance."""


@opening.command(name="import")
@click.argument("trial_balance", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--date", "day", type=DateType(), required=True, help="The switch-over date.")
@click.option(
    "--receivables",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Open invoices at the date: CSV with invoice,customer,due,amount[,account].",
)
@click.option(
    "--payables",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Open bills at the date: CSV with bill,supplier,due,amount[,account].",
)
@click.pass_context
def import_(
    ctx: click.Context,
    trial_balance: Path,
    day: date,
    receivables: Path | None,
    payables: Path | None,
) -> None:
    """Write a trial balance (account,debit,credit; Slovak account numbers or ledger accounts)
    as one transaction against Equity:Opening-Balances into ledger/opening.beancount and
    include it from ledger/main.beancount. Nothing is written when any line is refused."""
    ws = workspace(ctx)
    require_clean_ledger(ws)
    planned, found = trial.plan(ws, trial_balance, day, receivables, payables)
    if found or planned is None:
        fail_with_problems(ctx, found)
    trial.write(ws, planned)
    click.echo(
        f"{trial.OPENING.as_posix()}: {count(len(planned.postings), 'posting')}, "
        f"{planned.total} {planned.currency} on each side"
    )
