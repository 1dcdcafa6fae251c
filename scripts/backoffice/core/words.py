"""Words for numbers: every message, report and page that counts something says it through
`count`, so that one thing is never "1 problems"."""

from __future__ import annotations


def count(n: int, singular: str, plural: str = "") -> str:
    """'1 error', '2 errors', '0 errors'; `plural` for a noun that does not just add an s
    ('entry', 'entries')."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
