"""`backoffice init` and `backoffice upgrade`: parse options, ask for what is missing on a
terminal, call the library, say what was written."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from backoffice.command.options import DateType, workspace
from backoffice.core.clock import today
from backoffice.core.words import count
from backoffice.setup.create import create, rates_notice
from backoffice.setup.details import REQUIRED, Details
from backoffice.setup.standard import upgrade as run_upgrade

PROMPTS = {
    "name": "Business name (with its legal form)",
    "ico": "IČO",
    "dic": "DIČ",
    "iban": "IBAN of the current account",
}


def on_terminal() -> bool:
    """Whether there is someone to ask: standard input is a terminal."""
    return sys.stdin.isatty()


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--name", help="Business name as in the commercial register, e.g. 'Nová firma s.r.o.'."
)
@click.option("--legal-form", default="", help="Legal form (default: from the name, else s.r.o.).")
@click.option("--ico", help="Company id (IČO), 8 digits.")
@click.option("--dic", help="Tax id (DIČ), 10 digits.")
@click.option("--vat-id", default="", help="VAT id (IČ DPH), for a VAT payer, e.g. SK2023456787.")
@click.option("--street", default="", help="Seat: street and number.")
@click.option("--city", default="", help="Seat: city.")
@click.option("--postcode", default="", help="Seat: postcode.")
@click.option("--country", default="SK", show_default=True, help="Seat: country (ISO code).")
@click.option("--iban", help="IBAN of the current account.")
@click.option("--bic", default="", help="BIC of the bank (default: from a Slovak IBAN).")
@click.option(
    "--vat-period",
    type=click.Choice(["monthly", "quarterly"]),
    help="VAT return period of a VAT payer (default: monthly).",
)
@click.option(
    "--fiscal-year-start",
    default="01-01",
    show_default=True,
    metavar="MM-DD",
    help="First day of the fiscal year (the first of a month).",
)
@click.option(
    "--start",
    type=DateType(),
    help="The day the books start; the accounts are opened then (default: today).",
)
@click.pass_context
def init(ctx: click.Context, /, directory: Path, start: date | None, **given: str | None) -> None:
    """Create a new company's back-office repository in DIRECTORY (new or empty).

    Asks for the name, IČO, DIČ and IBAN when they are not given and this runs on a terminal;
    checks every id before anything is written.
    """
    missing = [key for key in REQUIRED if not given.get(key)]
    if missing and on_terminal():
        for key in missing:
            given[key] = click.prompt(PROMPTS[key])
    elif missing:
        names = ", ".join("--" + key for key in missing)
        raise click.UsageError(f"missing {names}", ctx)
    values = {k.replace("-", "_"): v or "" for k, v in given.items()}
    details = Details(**values, start=start or today()).checked()
    written = create(directory, details, ctx.find_root().obj or ())
    click.echo(f"created {directory} ({count(len(written), 'file')}, first commit made)")
    notice = rates_notice(details.start.year)
    if notice:
        click.echo(f"note: {notice}", err=True)
    click.echo(f"next: cd {directory} && make check", err=True)


@click.command()
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
@click.pass_context
def upgrade(ctx: click.Context, dry_run: bool) -> None:
    """Refresh the standard schemas, templates, Makefile, CI workflow and pre-commit config
    from the installed toolkit, where the company has not changed them."""
    root = workspace(ctx).root
    result = run_upgrade(root, dry_run=dry_run)
    verb = "would update" if dry_run else "updated"
    for rel in result.updated:
        click.echo(f"{verb} {rel}")
    for rel in result.added:
        click.echo(f"{'would add' if dry_run else 'added'} {rel}")
    for rel in result.kept:
        click.echo(f"kept {rel} (changed here; compare it with the toolkit's)")
    if not (result.updated or result.added or result.kept):
        click.echo("the standard files are up to date", err=True)
