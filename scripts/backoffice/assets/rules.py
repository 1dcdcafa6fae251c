"""The asset register and the ledger agree: purchases, cost per account, depreciation."""

from __future__ import annotations

from backoffice.assets import depreciation
from backoffice.check.run import CheckOptions
from backoffice.core.problems import Problem
from backoffice.load.workspace import Workspace


def asset_register(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Disposals after acquisition, openings and purchase links that match the ledger."""
    return [*depreciation.register_problems(ws), *depreciation.disposal_problems(ws)]


def assets_reconcile(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Cost per asset account and accumulated depreciation per asset equal the ledger's;
    nothing depreciated after disposal or below salvage."""
    return depreciation.reconciliation_problems(ws)
