"""`backoffice invoice`: draft, issue and render invoices (records/invoices/YYYY/<number>.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from backoffice.command.options import DateType, PeriodType, fail_with_problems, workspace
from backoffice.core import problems as problem_output
from backoffice.core.clock import today
from backoffice.core.files import write_atomic
from backoffice.core.period import Period
from backoffice.core.words import count
from backoffice.invoicing import deliveries
from backoffice.invoicing import issue as issuing
from backoffice.invoicing import model as inv
from backoffice.invoicing import pdf as invoice_pdf
from backoffice.projects import draft_from_time


@click.group()
def invoice() -> None:
    """Invoices and credit notes: a new draft, issue it (PDF + UBL e-invoice), render and
    verify the documents, record when it was sent, remind customers of overdue ones."""


@invoice.command()
@click.option(
    "--customer",
    metavar="ID",
    help="The customer, e.g. C-0001 (default with --from: the customer of that invoice).",
)
@click.option("--date", "day", type=DateType(), help="Issue date (default: today).")
@click.option(
    "--series",
    metavar="CODE",
    help="Series code in company.yaml (default: the first invoice series).",
)
@click.option(
    "--from",
    "source",
    metavar="NUMBER",
    help=(
        "Copy lines and notes from this invoice; with a credit-note series, "
        "the credit note corrects it."
    ),
)
@click.option(
    "--from-time",
    "project",
    metavar="PROJECT",
    help="Invoice the project's unbilled billable hours of --period at its rates, and mark "
    "them in the timesheets as billed by the draft.",
)
@click.option("--period", type=PeriodType(), help="With --from-time: the days to invoice.")
@click.pass_context
def new(
    ctx: click.Context,
    customer: str | None,
    day: date | None,
    series: str | None,
    source: str | None,
    project: str | None,
    period: Period | None,
) -> None:
    """Write a draft with the next free number of the series and year; print its path."""
    if project is not None or period is not None:
        if project is None or period is None or customer or source:
            raise click.UsageError("--from-time PROJECT goes with --period P alone.", ctx)
        ws = workspace(ctx)
        when = day or today()
        rel = draft_from_time(
            ws, project, period, lambda c, ls: issuing.new_draft(ws, c, when, series, None, ls)
        )
        click.echo(rel.as_posix())
        return
    if customer is None and source is None:
        raise click.UsageError("Missing option '--customer' (or '--from NUMBER').", ctx)
    ws = workspace(ctx)
    rel, text = issuing.new_draft(ws, customer, day or today(), series, source)
    if (ws.root / rel).exists():
        raise click.ClickException(f"{rel.as_posix()} exists already")
    write_atomic(ws.root / rel, text)
    click.echo(rel.as_posix())


@invoice.command()
@click.argument("number", required=False)
@click.option("--all-drafts", is_flag=True, help="Issue every draft, in number order.")
@click.pass_context
def issue(ctx: click.Context, number: str | None, all_drafts: bool) -> None:
    """Check a draft, render its PDF and UBL XML into documents/invoices/YYYY/ and mark it
    issued with their hashes. Nothing is written when any invoice has a problem."""
    ws = workspace(ctx)
    if all_drafts == (number is not None):
        raise click.UsageError("give either NUMBER or --all-drafts")
    if number is not None:
        record = inv.find(ws, number)
        if record is None:
            raise click.ClickException(f"no invoice {number!r} in records/invoices/")
        records = [record]
    else:
        records = issuing.drafts(ws)
    done, found = issuing.issue(ws, records)
    if found:
        fail_with_problems(ctx, found)
    for item in done:
        click.echo(
            f"{item.invoice.number}: {item.invoice.pdf_path.as_posix()} "
            f"{item.invoice.xml_path.as_posix()}"
        )


@invoice.command()
@click.argument("number")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: build/invoices).",
)
@click.pass_context
def render(ctx: click.Context, number: str, out: Path | None) -> None:
    """Render an invoice (draft or issued) as PDF and UBL XML into build/invoices/."""
    from backoffice.invoicing import ubl as einvoice

    ws = workspace(ctx)
    record = inv.find(ws, number)
    if record is None:
        raise click.ClickException(f"no invoice {number!r} in records/invoices/")
    try:
        invoice = inv.load(ws, record)
    except inv.InvoiceError as exc:
        fail_with_problems(ctx, exc.problems)
        return
    folder = out or ws.root / "build" / "invoices"
    pdf, xml = folder / f"{invoice.number}.pdf", folder / f"{invoice.number}.xml"
    ubl = einvoice.ubl(invoice, ws.company)
    write_atomic(pdf, invoice_pdf.render(ws, invoice, ubl))
    write_atomic(xml, ubl)
    click.echo(f"{pdf}\n{xml}")


@invoice.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the fresh renderings (default: build/invoices).",
)
@click.pass_context
def verify(ctx: click.Context, out: Path | None) -> None:
    """Render every issued invoice again and check it is byte-identical to the stored one.

    Exit status 1 when a PDF or XML differs (a template, font or library changed under it)."""
    ws = workspace(ctx)
    rendered, problems = issuing.verify_rendering(ws, out or ws.root / "build" / "invoices")
    click.echo(problem_output.render_text(problem_output.sort_problems(problems)), nl=False)
    same = f"differences in {count(len(problems), 'file')}" if problems else "all identical"
    click.echo(f"{count(rendered, 'issued invoice')} rendered again: {same}.", err=True)
    ctx.exit(1 if problems else 0)


@invoice.command()
@click.argument("number")
@click.option("--date", "day", type=DateType(), help="When it happened (default: today).")
@click.option("--message-id", metavar="ID", help="The access point's message (transmission) id.")
@click.option(
    "--status",
    type=click.Choice(deliveries.EVENTS),
    default="sent",
    show_default=True,
    help="What happened: handed to the access point, delivered, or rejected.",
)
@click.pass_context
def sent(
    ctx: click.Context, number: str, day: date | None, message_id: str | None, status: str
) -> None:
    """Record in records/invoice-deliveries/YYYY/NUMBER.yaml that an issued invoice's e-invoice
    was sent to (or delivered by, or rejected by) the customer's Peppol access point."""
    ws = workspace(ctx)
    rel, text, found = deliveries.record_event(ws, number, day or today(), status, message_id)
    if found:
        fail_with_problems(ctx, found)
    write_atomic(ws.root / rel, text)
    click.echo(rel.as_posix())


@invoice.command()
@click.option("--as-of", "as_of", type=DateType(), help="Reminder date (default: today).")
@click.option("--customer", metavar="ID", help="Only this customer, e.g. C-0001.")
@click.pass_context
def remind(ctx: click.Context, as_of: date | None, customer: str | None) -> None:
    """Write a payment reminder (PDF) per customer with invoices overdue at the date into
    documents/reminders/YYYY/<date>-<customer>.pdf and print the paths. Nothing is booked."""
    from backoffice.invoicing import reminders

    ws = workspace(ctx)
    day = as_of or today()
    letters, found = reminders.letters(ws, day, customer)
    if found:
        fail_with_problems(ctx, found)
    if not letters:
        click.echo(f"No overdue invoices at {day.isoformat()}.")
        return
    for path in reminders.write(ws, letters):
        click.echo(path.as_posix())
