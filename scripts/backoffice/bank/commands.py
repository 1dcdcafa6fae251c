"""`backoffice bank`: the bank's statements into the books."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from backoffice.bank import importer
from backoffice.bank import pay as pay_orders
from backoffice.bank.camt import Refused
from backoffice.command.options import DateType, MonthType, fail_with_problems, workspace
from backoffice.core.clock import today
from backoffice.core.paths import inside
from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.words import count


@click.group()
def bank() -> None:
    """Bank statements: import camt.053 files and CSV exports, matched to invoices, bills and
    payroll runs."""


@bank.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--account",
    "name",
    help="The bank account the CSV exports are of (its name, ledger account or journal "
    "folder), when its csv mapping does not recognise them by name and header.",
)
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], name: str | None) -> None:
    """Import ISO 20022 camt.053 statements (.001.02 to .001.08) and CSV exports read by a bank
    account's csv mapping in records/company.yaml: book each new entry, matched, in
    ledger/bank/ACCOUNT/YYYY-MM.beancount, assert the balances the file gives, and archive the
    file under documents/bank/YYYY/ with its SHA-256. Nothing is written when any file is
    refused."""
    ws = workspace(ctx)
    camt = importer.CamtImporter(ws=ws, account=name)
    csv = importer.CsvImporter(ws=ws, account=name, shared=camt)
    found: list[Problem] = []
    for path in files:
        xml = path.suffix.lower() == ".xml" or not path.is_file()
        reader = camt if xml or importer.looks_like_xml(path.read_bytes()[:4096]) else csv
        try:
            reader.extract(str(path), ws.ledger.entries)
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


@click.command()
@click.option("--due-by", type=DateType(), help="Pay the bills due by this day (default: today).")
@click.option(
    "--account", help="The company's bank account to pay from (default: the default one)."
)
@click.option("--payroll", "month", type=MonthType(), help="Also pay this payroll run (YYYY-MM).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Where to write the XML.")
@click.pass_context
def pay(
    ctx: click.Context,
    due_by: date | None,
    account: str | None,
    month: Month | None,
    output: Path | None,
) -> None:
    """Write a SEPA pain.001.001.03 order for the open supplier bills due by a day and, with
    --payroll, the run's net pay and its insurers' and tax office's payments, and record what
    was ordered under records/payment-orders/ so that nothing is paid twice."""
    ws = workspace(ctx)
    day = today()
    source, found = pay_orders.bank_account(ws, account)
    items, problems = pay_orders.bill_items(ws, day, due_by or day)
    found += problems
    if month is not None:
        more, problems = pay_orders.payroll_items(ws, str(month))
        items += more
        found += problems
    if found:
        fail_with_problems(ctx, found)
    if not items or source is None:
        click.echo(f"Nothing to pay by {due_by or day}: nothing written.")
        return
    order_id = pay_orders.next_id(ws, day)
    out = output or ws.root / "documents" / "payment-orders" / str(day.year) / f"{order_id}.xml"
    out = out if out.is_absolute() else Path.cwd() / out
    if not inside(ws.root, out) or out.exists():
        why = "is outside the repository" if not inside(ws.root, out) else "exists"
        raise click.UsageError(f"{out} {why}: the order is written only as a new file", ctx)
    rel = out.resolve().relative_to(ws.root.resolve()).as_posix()
    record_rel = Path("records", pay_orders.REGISTER, str(day.year), f"{order_id}.yaml")
    xml = pay_orders.pain001(ws, source, items, day)
    record = pay_orders.record_yaml(order_id, day, str(source["name"]), rel, items)
    pay_orders.write_order(ws, out, xml, record_rel, record)
    total = sum(item.amount for item in items)
    click.echo(f"{order_id}: {count(len(items), 'payment')}, {total:.2f} EUR from {source['name']}")
    click.echo(f"  wrote {rel}")
    click.echo(f"  wrote {record_rel.as_posix()}")
