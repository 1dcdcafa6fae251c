"""Commands where the registers drive the books: payroll drafts, depreciation plans, and the
generated journal files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import depreciation as dep
from .. import payroll as pay
from .. import problems as problem_output
from .. import sync as ledger_sync
from ..cli import main
from ..cliutil import PeriodType, format_option, workspace
from ..files import write_atomic
from ..journal import BadValue, Month
from ..period import Period
from ..reports.model import Column, Report, Row
from ..reports.render import render


def _fail_with_problems(ctx: click.Context, found: list[problem_output.Problem]) -> None:
    click.echo(problem_output.render_text(problem_output.sort_problems(found)), nl=False)
    n = len(found)
    click.echo(f"{n} problem{'s' if n != 1 else ''}: nothing written.", err=True)
    ctx.exit(1)


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


@main.group()
def payroll() -> None:
    """Monthly payroll runs (records/payroll/YYYY-MM.yaml)."""


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
    try:
        run, found = pay.draft_run(ws, month)
    except pay.DraftError as exc:
        raise click.ClickException(str(exc)) from None
    if found:
        _fail_with_problems(ctx, found)
    write_atomic(ws.root / rel, pay.render_run(run))
    click.echo(rel.as_posix())


@main.group()
def depreciation() -> None:
    """Depreciation plans of the asset register."""


@depreciation.command()
@click.option("--asset", "asset_id", metavar="ID", help="Only this asset, e.g. A-0007.")
@click.option("--period", "-p", type=PeriodType(), help="Only months within this period.")
@click.option("--yearly", is_flag=True, help="One line per asset and year instead of month.")
@click.option(
    "--tax",
    is_flag=True,
    help="The tax book (Slovak depreciation groups) by year instead of the accounting plan.",
)
@format_option("Output format.")
@click.pass_context
def schedule(
    ctx: click.Context,
    asset_id: str | None,
    period: Period | None,
    yearly: bool,
    tax: bool,
    fmt: str,
) -> None:
    """Print the depreciation plan: charge, accumulated depreciation and net book value per
    asset and month (or year)."""
    ws = workspace(ctx)
    assets = dep.load_assets(ws)
    if asset_id is not None:
        assets = [a for a in assets if a.id == asset_id]
        if not assets:
            raise click.BadParameter(f"no readable asset {asset_id!r}", param_hint="--asset")
    start, end = (period.start, period.end) if period else (None, None)
    rows = dep.tax_schedule(assets, start, end) if tax else dep.schedule(assets, start, end, yearly)
    report = Report(
        name="depreciation-schedule",
        title="Tax depreciation" if tax else "Depreciation schedule",
        period=period,
        columns=[
            Column("asset", "Asset"),
            Column("name", "Name"),
            Column("period", "Year" if yearly or tax else "Month"),
            Column("charge", "Charge", "money"),
            Column("accumulated", "Accumulated", "money"),
            Column("net_book_value", "Tax residual value" if tax else "Net book value", "money"),
        ],
        rows=[
            Row(
                {
                    "asset": r.asset.id,
                    "name": r.asset.name,
                    "period": r.period,
                    "charge": r.charge,
                    "accumulated": r.accumulated,
                    "net_book_value": r.net_book_value,
                }
            )
            for r in rows
        ],
        totals={"charge": sum((r.charge for r in rows), dep.ZERO)},
    )
    report.entity = str(ws.company.get("legal_name") or "")
    click.echo(render(report, fmt, ws.locale, ws.template("report.css")), nl=False)


@main.group()
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
        _fail_with_problems(ctx, result.problems)
    for rel in result.changed:
        verb = "stale" if check_only else "wrote"
        click.echo(f"{verb} {rel.as_posix()}")
    if check_only and result.changed:
        click.echo("run `backoffice ledger sync` to bring them up to date", err=True)
        ctx.exit(1)
    if not result.changed:
        click.echo("ledger/generated/ is up to date", err=True)
