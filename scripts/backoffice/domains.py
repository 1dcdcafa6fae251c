"""The back-office areas, in one explicit list: every stage of the pipeline reads what each
area declares from here (its registers, rules, journals, reports, deadlines and commands)."""

from __future__ import annotations

from pathlib import Path

from backoffice import (
    access,
    accounting,
    assets,
    bank,
    bills,
    invoicing,
    opening,
    payroll,
    privacy,
    projects,
    purchasing,
    registers,
    review,
    routines,
    scaffold,
    setup,
    stock,
)
from backoffice.core.domain import Domain
from backoffice.load.workspace import Workspace
from backoffice.report.model import ReportSpec
from backoffice.report.registry import report_specs

DOMAINS: tuple[Domain, ...] = (
    accounting.DOMAIN,
    invoicing.DOMAIN,
    bills.DOMAIN,
    bank.DOMAIN,
    payroll.DOMAIN,
    assets.DOMAIN,
    registers.DOMAIN,
    access.DOMAIN,
    projects.DOMAIN,
    purchasing.DOMAIN,
    stock.DOMAIN,
    privacy.DOMAIN,
    routines.DOMAIN,
    review.DOMAIN,
    setup.DOMAIN,
    opening.DOMAIN,
    scaffold.DOMAIN,
)


def open_workspace(root: Path) -> Workspace:
    """The repository at `root`, with every area of `DOMAINS`."""
    return Workspace(root, DOMAINS)


REPORTS: dict[str, ReportSpec] = report_specs(DOMAINS)
"""Every report of every area, by name, in the order of `DOMAINS` (the deadlines last)."""
