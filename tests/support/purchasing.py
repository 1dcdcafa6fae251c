"""A copy of the example company's registers and schemas, without the ledger (the purchasing
rules and the codeowners command read records only), for tests that break them on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from backoffice.check.run import CheckOptions, Rule
from backoffice.domains import open_workspace
from support.workspace import REPO

ORDERS = "records/purchase-orders/2026"
BILLS = "records/bills/2026"


def copy_registers(tmp_path: Path) -> Path:
    """The example's records/, schemas/ and .github/ in a temporary folder."""
    root = tmp_path / "company"
    for part in ("records", "schemas", ".github"):
        shutil.copytree(REPO / part, root / part)
    return root


def problems_of(root: Path, *rules: Rule) -> list[str]:
    """What the rules find in the repository at `root`, as `check` prints them."""
    ws = open_workspace(root)
    return [str(p) for rule in rules for p in rule(ws, CheckOptions())]
