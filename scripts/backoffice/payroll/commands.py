"""`backoffice payroll draft`: propose a month's run from the HR register and the rates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from backoffice.command.options import DateType, MonthType, fail_with_problems, workspace
from backoffice.core.clock import today
from backoffice.core.files import write_atomic, write_new
from backoffice.core.period import Month
from backoffice.payroll.draft import draft_run, render_run
from backoffice.payroll.settlement import draft_settlements, render_settlement


@click.group()
def payroll() -> None:
    """Monthly payroll runs (records/payroll/YYYY-MM.yaml): draft one from the HR register;
    settle a year's tax advances (records/payroll-settlements/)."""


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


# --- the annual settlement ------------------------------------------------------------------


@payroll.command()
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option(
    "--on",
    "on",
    type=DateType(),
    default=None,
    help="The day of the settlement (default: today); after the year, by 31 March.",
)
@click.pass_context
def settle(ctx: click.Context, year: int, on: date | None) -> None:
    """Settle the tax advances of YEAR (ročné zúčtovanie, § 38 of Act 595/2003).

    For each employee whose declaration for YEAR records a request for the settlement: the
    year's tax base, the non-taxable part with its taper, the tax by the yearly bands, the tax
    bonus, the advances and bonus paid, and the difference, written to
    records/payroll-settlements/YEAR/. The next run drafted pays the refund or withholds the
    underpayment. Refused, with nothing written, when a run of YEAR is missing or a settlement
    exists already; prints the paths written.
    """
    ws = workspace(ctx)
    settlements, found = draft_settlements(ws, year, on or today())
    if found:
        fail_with_problems(ctx, found)
    if not settlements:
        raise click.ClickException(f"nobody asked for the settlement of {year}")
    for settlement in settlements:
        write_new(ws.root / settlement.rel, render_settlement(settlement))
        click.echo(settlement.rel.as_posix())
