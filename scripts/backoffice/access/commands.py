"""`backoffice access checklist PERSON`: one person's on- or offboarding checklist."""

from __future__ import annotations

from datetime import date

import click

from backoffice.access.checklist import checklist_report, leaving_day
from backoffice.command.options import DateType, format_option, workspace
from backoffice.core.clock import today
from backoffice.core.values import as_date
from backoffice.report.common import people_names
from backoffice.report.render import render, stylesheet


@click.group()
def access() -> None:
    """IT access: checklist prints what a joiner or a leaver needs done."""


@access.command()
@click.argument("person_id", metavar="PERSON")
@click.option(
    "--onboarding", "kind", flag_value="onboarding", help="Accounts to open, seats to assign."
)
@click.option(
    "--offboarding",
    "kind",
    flag_value="offboarding",
    help="Accounts to close, assets to hand back, seats to free (the default for a person "
    "with an end of employment).",
)
@click.option(
    "--date",
    "day",
    type=DateType(),
    help="The joining or leaving day (default: from the person record, else today).",
)
@format_option("Output format.")
@click.pass_context
def checklist(
    ctx: click.Context, person_id: str, kind: str | None, day: date | None, fmt: str
) -> None:
    """Print PERSON's checklist from the systems, assets and licences registers."""
    ws = workspace(ctx)
    person = ws.records.get("people", person_id)
    if person is None:
        raise click.BadParameter(f"no person {person_id!r} in records/people/", param_hint="PERSON")
    leaving = leaving_day(person)
    kind = kind or ("offboarding" if leaving is not None else "onboarding")
    job = person.data.get("employment") if isinstance(person.data, dict) else None
    start = as_date(job.get("start")) if isinstance(job, dict) else None
    day = day or (leaving if kind == "offboarding" else start) or today()
    report = checklist_report(ws, person, kind, day, people_names(ws))
    report.entity = str(ws.company.get("legal_name") or "")
    click.echo(render(report, fmt, ws.locale, stylesheet(ws)), nl=False)
