"""`backoffice bank`: the bank's statements into the books."""

from __future__ import annotations

from pathlib import Path

import click

from backoffice.bank import importer
from backoffice.bank.camt import Refused
from backoffice.command.options import fail_with_problems, workspace
from backoffice.core.problems import Problem


@click.group()
def bank() -> None:
    """Bank statements: import camt.053 files, matched to invoices and bills."""


@bank.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Import ISO 20022 camt.053 statements (.001.02 to .001.08): book each new entry, matched,
    in ledger/bank/ACCOUNT/YYYY-MM.beancount, assert the opening and closing balances, and
    archive the file under documents/bank/YYYY/ with its SHA-256. Nothing is written when any
    statement is refused."""
    ws = workspace(ctx)
    camt = importer.CamtImporter(ws=ws)
    found: list[Problem] = []
    for path in files:
        try:
            camt.extract(str(path), ws.ledger.entries)
        except Refused as exc:
            found += exc.problems
    if found:
        fail_with_problems(ctx, found)
    writes, found = importer.plan_writes(ws, camt)
    if found:
        fail_with_problems(ctx, found)
    importer.write(ws, writes)
    for item in camt.imported:
        rates = ", ".join(f"{rule} {n}" for rule, n in sorted(item.matches.items()))
        new = sum(item.matches.values())
        click.echo(
            f"{item.source}: {new} new, {item.skipped} already booked"
            + (f" (matched: {rates})" if rates else "")
        )
    for rel in writes.files:
        click.echo(f"  wrote {rel.as_posix()}")
