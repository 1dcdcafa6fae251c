"""`backoffice year-end YEAR`: the year's corporate income tax, its closing and the next
year's opening; with --distribute, the general meeting's distribution of its result."""

from __future__ import annotations

import click

from backoffice.accounting.yearend import (
    TaxDataError,
    YearEndError,
    distribution,
    write_distribution,
    write_year_end,
    year_end,
)
from backoffice.command.options import fail_with_problems, require_clean_ledger, workspace
from backoffice.core.values import ZERO, money


@click.command("year-end")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option(
    "--distribute",
    "decision",
    metavar="ID",
    help="Book the general meeting's distribution of YEAR's result from 431, as the decision "
    "record ID (records/decisions/ID.yaml, its `distribution`) says.",
)
@click.pass_context
def year_end_command(ctx: click.Context, year: int, decision: str | None) -> None:
    """Close YEAR: book its corporate income tax (591/341) from the result and the
    non-deductible costs (corporate-tax.yaml), close income and expenses to 431 in
    ledger/YEAR/year-end.beancount, and open the next year with the closing balances
    (ledger/YEAR+1/opening.beancount).

    Refuses, writing nothing, a year that is not over or not booked to December, a year
    already closed, a ledger with errors and bad tax data (exit 1)."""
    ws = workspace(ctx)
    require_clean_ledger(ws)
    try:
        if decision is not None:
            path = write_distribution(ws, year, distribution(ws, year, decision))
            click.echo(
                f"booked {decision}'s distribution of {year}'s result: wrote {path}", err=True
            )
            return
        done = year_end(ws, year)
        written = write_year_end(ws, done)
    except TaxDataError as exc:
        fail_with_problems(ctx, exc.problems)
    except YearEndError as exc:
        raise click.ClickException(str(exc)) from None
    tax = done.tax
    currency = ws.currency
    added = sum((a.amount for a in tax.add_backs), ZERO)
    click.echo(
        f"{year}: result before tax {money(tax.result_before_tax, currency)}, "
        f"non-deductible {money(added, currency)}, tax base {money(tax.base, currency)}, "
        f"rate {tax.rate} % (revenues {money(tax.revenues, currency)}), "
        f"tax {money(tax.tax, currency)}, advances paid {money(tax.advances, currency)}; "
        f"result after tax {money(done.result_after_tax, currency)} to 431"
    )
    click.echo("wrote " + ", ".join(p.as_posix() for p in written), err=True)
