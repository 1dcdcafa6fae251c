"""The asset register and the ledger agree: purchases, cost per account, depreciation."""

from __future__ import annotations

from .. import depreciation
from ..check import CheckOptions, rule
from ..problems import Problem
from ..sync import stale_problems
from ..workspace import Workspace


@rule
def asset_register(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Disposals after acquisition, openings and purchase links that match the ledger."""
    return [*depreciation.register_problems(ws), *depreciation.disposal_problems(ws)]


@rule
def assets_reconcile(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Cost per asset account and accumulated depreciation per asset equal the ledger's;
    nothing depreciated after disposal or below salvage."""
    return depreciation.reconciliation_problems(ws)


@rule
def generated_journals_current(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """The files under ledger/generated/ are what `backoffice ledger sync` would write."""
    if not ws.register("payroll") and not ws.register("assets"):
        return []
    try:
        return stale_problems(ws)
    except (KeyError, ValueError, TypeError):
        return []  # the registers have problems that other rules report
