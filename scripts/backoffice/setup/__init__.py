"""Setting up: `backoffice init` makes a new company's repository (the company's record, the
standard schemas, the Slovak chart of accounts, the Makefile and CI), `backoffice upgrade`
refreshes the standard files the company has not changed."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.setup.commands import init, upgrade

DOMAIN = Domain(name="setup", commands=(init, upgrade))
