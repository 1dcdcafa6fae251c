"""Review: what a change means (the semantic diff), a record's history, and the period lock
and issued documents that no change may touch."""

from __future__ import annotations

from backoffice.core.domain import Domain
from backoffice.review import rules
from backoffice.review.commands import close, diff, history
from backoffice.review.lock import closed_through

DOMAIN = Domain(
    name="review",
    rules=(rules.closed_periods, rules.against_base),
    commands=(diff, history, close),
)

__all__ = ["DOMAIN", "closed_through"]
