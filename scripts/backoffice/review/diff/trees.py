"""The two sides of a comparison: the records, sensitive fields and ledger of a revision,
exported from Git, or of the working tree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from backoffice.core import gitrepo
from backoffice.load.ledger import MAIN, Ledger, load_ledger
from backoffice.load.records import Record, load_records
from backoffice.load.schemas import load_schemas
from backoffice.review.diff.fields import sensitive_paths
from backoffice.review.diff.personal import sensitive_refs

TREE_PATHS = (".",)
"""A revision is compared as the working tree is loaded: every file it holds, so that whatever
the ledger includes or refers to (documents, statements, files outside ledger/) is there."""
EVIDENCE = ("documents",)
"""Files the ledger only needs to exist; the diff compares them through Git, not by content."""
WORKING_TREE = "the working tree"


@dataclass
class Tree:
    """One side of a comparison, on disk: the working tree or an exported revision."""

    root: Path
    label: str
    records: dict[str, Record]
    """By path relative to the root."""
    unreadable: dict[str, str]
    """Path → why the file is not a readable record."""
    sensitive: dict[str, set[tuple[str, ...]]]
    ledger: Ledger | None
    people: set[str] = field(default_factory=set)
    """Ids of the records that x-sensitive fields refer to: amounts that name one are theirs."""


def register_names(root: Path) -> set[str]:
    """Every register present on disk, with or without a schema."""
    base = root / "records"
    if not base.is_dir():
        return set()
    return {p.name if p.is_dir() else p.name.removesuffix(".yaml") for p in base.iterdir()}


def load_tree(root: Path, label: str) -> Tree:
    """Parse the records (every register folder, schema or not), the schemas' sensitive
    fields and the ledger of one tree."""
    loaded = load_records(root, register_names(root))
    unreadable = {p.path: f"{p.code} {p.message}" for p in loaded.problems}
    schemas = load_schemas(root)
    sensitive = {
        name: set(sensitive_paths(reg.validator.schema)) for name, reg in schemas.registers.items()
    }
    ledger = load_ledger(root) if (root / MAIN).is_file() else None
    referred = {
        ref for reg in schemas.registers.values() for ref in sensitive_refs(reg.validator.schema)
    }
    people = {r.id for r in loaded.records if r.register in referred}
    records = {r.rel: r for r in loaded.records}
    return Tree(root, label, records, unreadable, sensitive, ledger, people)


@contextmanager
def trees(
    root: Path, base: tuple[str, str], head: tuple[str, str] | None
) -> Iterator[tuple[Tree, Tree]]:
    """Both sides of a comparison, each a (commit, label), exported from Git into temporary
    folders that are removed after; `head` None is the working tree."""
    with ExitStack() as stack:
        base_root = stack.enter_context(gitrepo.exported(root, base[0], TREE_PATHS, EVIDENCE))
        base_tree = load_tree(base_root, base[1])
        if head is None:
            head_tree = load_tree(root, WORKING_TREE)
        else:
            head_root = stack.enter_context(gitrepo.exported(root, head[0], TREE_PATHS, EVIDENCE))
            head_tree = load_tree(head_root, head[1])
        yield base_tree, head_tree
