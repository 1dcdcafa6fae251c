"""`backoffice bill`: received invoices into records/bills/ (import of UBL e-invoices, drafts
for bills on paper or as PDF)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from backoffice.bills import drafts, importer
from backoffice.command.options import DateType, fail_with_problems, workspace
from backoffice.core.clock import today


@click.group()
def bill() -> None:
    """Received invoices (bills): import e-invoices, or a new draft for a bill on paper."""


def _rate(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        rate = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"{value!r} is not a number", param_hint="--rate") from None
    if not rate.is_finite() or rate <= 0 or rate >= 10**6:
        raise click.BadParameter(f"{value!r} is no exchange rate", param_hint="--rate")
    return rate


@bill.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--account", metavar="ACCOUNT", help="Account of the lines (a new supplier's default)."
)
@click.option("--rate", metavar="RATE", help="EUR per one unit of a foreign-currency bill.")
@click.option(
    "--deduction",
    type=click.Choice(["full", "vehicle", "none"]),
    help="Input VAT deduction of the lines: vehicle for a passenger car's costs (§ 85n).",
)
@click.pass_context
def import_(
    ctx: click.Context,
    files: tuple[Path, ...],
    account: str | None,
    rate: str | None,
    deduction: str | None,
) -> None:
    """Import UBL 2.1 invoices and credit notes (Peppol BIS 3.0, EN 16931): archive each XML
    under documents/bills/YYYY/ and write its bill record. Nothing is written when any
    document is refused."""
    ws = workspace(ctx)
    planned, found = importer.plan(ws, list(files), account, _rate(rate), deduction)
    if found:
        fail_with_problems(ctx, found)
    importer.write(ws, planned)
    for item in planned:
        extra = f" (new supplier {item.supplier.as_posix()})" if item.supplier else ""
        click.echo(f"{item.bill.as_posix()} {item.document.as_posix()}{extra}")


@bill.command()
@click.option("--supplier", required=True, metavar="ID", help="The supplier, e.g. S-0001.")
@click.option("--number", metavar="NUMBER", help="The supplier's number of the bill.")
@click.option("--date", "day", type=DateType(), help="Issue date (default: today).")
@click.option(
    "--document",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The bill as PDF (or scan): archived under documents/bills/YYYY/ with its SHA-256.",
)
@click.pass_context
def new(
    ctx: click.Context,
    supplier: str,
    number: str | None,
    day: date | None,
    document: Path | None,
) -> None:
    """Write a draft bill record for a bill on paper or as PDF; print its path."""
    ws = workspace(ctx)
    draft, found = drafts.new_draft(ws, supplier, number, day or today(), document)
    if found or draft is None:
        fail_with_problems(ctx, found)
    drafts.write(ws, draft)
    click.echo(
        draft.record.as_posix() + (f" {draft.document.as_posix()}" if draft.document else "")
    )
