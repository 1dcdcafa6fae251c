"""`backoffice purchasing codeowners`: the thin command over `purchasing.codeowners`."""

from __future__ import annotations

import click

from backoffice.command.options import fail_with_problems, workspace
from backoffice.core.files import write_atomic
from backoffice.core.paths import inside
from backoffice.purchasing.codeowners import FILE, owners
from backoffice.purchasing.policy import REGISTER as POLICY
from backoffice.purchasing.policy import load_policy


@click.group()
def purchasing() -> None:
    """Purchase orders and their approval: codeowners writes who must review them."""


@purchasing.command()
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if .github/CODEOWNERS is not what the policy gives.",
)
@click.pass_context
def codeowners(ctx: click.Context, check_only: bool) -> None:
    """Write the purchase approvals into .github/CODEOWNERS from records/approval-policy.yaml:
    a pull request that changes an order asks the review of those who may approve its amount.
    The rest of the file is kept; without a policy, the block is taken out."""
    ws = workspace(ctx)
    path = ws.root / FILE
    if (path.exists() or path.is_symlink()) and not inside(ws.root, path):
        raise click.ClickException(f"{FILE.as_posix()} leads outside the repository: not read")
    policy = load_policy(ws)
    if policy is None and ws.register(POLICY):
        raise click.ClickException(
            "records/approval-policy.yaml cannot be read as a policy (`backoffice check` says why)"
        )
    result = owners(ws, policy)
    if result.problems:
        fail_with_problems(ctx, result.problems)
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if check_only:
        if current != result.text:
            raise click.ClickException(
                f"{FILE.as_posix()} is not up to date with the approval policy and the orders: "
                "run `backoffice purchasing codeowners`"
            )
        click.echo(f"{FILE.as_posix()} is up to date")
        return
    if current != result.text:
        write_atomic(path, result.text)
    click.echo(FILE.as_posix())
