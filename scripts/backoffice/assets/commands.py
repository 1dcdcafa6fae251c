"""`backoffice depreciation schedule`: the accounting plan or the tax book of the assets."""

from __future__ import annotations

import click

from backoffice.assets import depreciation as dep
from backoffice.command.options import PeriodType, format_option, workspace
from backoffice.core.period import Period
from backoffice.report.model import Column, Report, Row
from backoffice.report.render import render, stylesheet


@click.group()
def depreciation() -> None:
    """Depreciation plans of the asset register: schedule prints them."""


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
    report.currency = ws.currency
    click.echo(render(report, fmt, ws.locale, stylesheet(ws)), nl=False)
