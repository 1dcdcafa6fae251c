"""New records scaffolded from their register's schema: the next free id, the fields given on
the command line, placeholders for the rest that `check` reports until they are filled."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.scaffold.commands import new

DOMAIN = Domain(name="scaffold", commands=(new,))

__all__ = ["DOMAIN"]
