"""Opening balances: a trial balance from another accounting program, with the open invoices
and bills of the switch-over date, into ledger/opening.beancount."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.opening.commands import opening

DOMAIN = Domain(name="opening", commands=(opening,))

__all__ = ["DOMAIN"]
