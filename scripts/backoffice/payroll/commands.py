"""`backoffice payroll draft`: propose a month's run from the HR register and the rates."""

from __future__ import annotations

from pathlib import Path

import click

from backoffice.command.options import MonthType, fail_with_problems, workspace
from backoffice.core.files import write_atomic
from backoffice.core.period import Month
from backoffice.payroll.draft import draft_run, render_run


@click.group()
def payroll() -> None:
    """Monthly payroll runs (records/payroll/YYYY-MM.yaml): draft one from the HR register."""


@payroll.command()
@click.argument("month", type=MonthType())
@click.option("--force", is_flag=True, help="Replace the run of MONTH if it exists already.")
@click.pass_context
def draft(ctx: click.Context, month: Month, force: bool) -> None:
    """Propose the run of MONTH (YYYY-MM) from the HR register and the payroll rates.

    People employed in the month, the salary valid then (pro rata by working days for joiners,
    leavers and salary changes), contributions and tax advance from the rates. Writes
    records/payroll/MONTH.yaml for a person to review; prints its path.
    """
    ws = workspace(ctx)
    rel = Path("records") / "payroll" / f"{month}.yaml"
    if (ws.root / rel).exists() and not force:
        raise click.ClickException(f"{rel.as_posix()} exists already; --force replaces it")
    run, found = draft_run(ws, month)
    if found:
        fail_with_problems(ctx, found)
    write_atomic(ws.root / rel, render_run(run))
    click.echo(rel.as_posix())
