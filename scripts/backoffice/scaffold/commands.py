"""`backoffice new`: the thin command over `backoffice.scaffold.record`."""

from __future__ import annotations

import click

from backoffice.command.options import workspace
from backoffice.scaffold import record


def _assignment(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r} is not FIELD=VALUE", param_hint="--set")
        pairs.append((name.strip(), text))
    return pairs


@click.command()
@click.argument("register")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="FIELD=VALUE",
    callback=_assignment,
    help="A field's value (a YAML scalar; nested fields dotted: employment.start=2027-01-01).",
)
@click.pass_context
def new(ctx: click.Context, register: str, sets: list[tuple[str, str]]) -> None:
    """Write a new record of REGISTER with its next free id, scaffolded from the register's
    schema: the fields given by --set, a TODO: placeholder for every other required field
    (`check` reports them until they are filled). Print its path."""
    ws = workspace(ctx)
    try:
        draft = record.draft(ws, register, sets)
    except record.ScaffoldError as exc:
        raise click.UsageError(str(exc), ctx) from None
    try:
        record.write(ws, draft)
    except FileExistsError:
        raise click.ClickException(f"{draft.rel.as_posix()} exists already") from None
    click.echo(draft.rel.as_posix())
    if draft.todo:
        click.echo(f"to fill in: {', '.join(draft.todo)}", err=True)
