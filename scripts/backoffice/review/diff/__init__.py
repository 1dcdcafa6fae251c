"""The semantic diff of two revisions: records field by field, ledger entries by content,
changed files; built here as data (`build_diff`), rendered by `render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backoffice.core import gitrepo
from backoffice.review.diff.entries import FileLine, LedgerChange, ledger_changes
from backoffice.review.diff.periods import LockChange, lock_changes
from backoffice.review.diff.records import RecordChange, record_changes
from backoffice.review.diff.trees import WORKING_TREE, Tree, trees

GENERATED = "ledger/generated"
DOCUMENTS = "documents"


@dataclass
class Diff:
    base: str
    head: str
    records: list[RecordChange] = field(default_factory=list)
    ledger: LedgerChange = field(default_factory=LedgerChange)
    lock: list[LockChange] = field(default_factory=list)
    """Periods closed or reopened (ledger/closed.lock)."""
    documents: list[FileLine] = field(default_factory=list)
    redacted: bool = False

    @property
    def empty(self) -> bool:
        ledger = self.ledger.entries or self.ledger.generated or self.lock
        return not (self.records or ledger or self.documents)


def build_diff(root: Path, base: str, head: str | None = None, *, redact: bool = False) -> Diff:
    """Compare revision `base` with `head` (None: the working tree).

    Raises gitrepo.BadRevisionError or NoHistoryError for revisions that cannot be compared.
    """
    base_commit = gitrepo.resolve(root, base)
    head_commit = gitrepo.resolve(root, head) if head is not None else None
    head_side = (head_commit, str(head)) if head_commit is not None else None
    result = Diff(base, head or WORKING_TREE, redacted=redact)
    with trees(root, (base_commit, base), head_side) as (old, new):
        result.records = record_changes(old, new, redact)
        result.ledger = ledger_changes(old, new, _fiscal_year_start(new), redact)
        result.lock = lock_changes(old, new)
    result.ledger.generated = [
        FileLine(c.status, c.path)
        for c in gitrepo.changed_files(root, base_commit, head_commit, [GENERATED])
    ]
    result.documents = [
        FileLine(c.status, c.path)
        for c in gitrepo.changed_files(root, base_commit, head_commit, [DOCUMENTS])
    ]
    return result


def _fiscal_year_start(tree: Tree) -> str:
    company = tree.records.get("records/company.yaml")
    data = company.data if company is not None else None
    return str(data.get("fiscal_year_start") or "01-01") if isinstance(data, dict) else "01-01"


__all__ = ["Diff", "build_diff"]
