"""The records side of a diff: each record added, removed, moved, changed field by field or
no longer readable, from one tree to the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backoffice.load.records import Record
from backoffice.review.diff.fields import FieldChange, field_changes
from backoffice.review.diff.trees import Tree


@dataclass
class RecordChange:
    register: str
    id: str
    status: str
    """added, removed, changed or unreadable."""
    path: str
    old_path: str | None = None
    title: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    problem: str = ""
    """Why the record cannot be read (status unreadable)."""


def record_changes(base: Tree, head: Tree, redact: bool) -> list[RecordChange]:
    """Records added, removed, changed (moves within a register included) and unreadable."""
    changes: list[RecordChange] = []
    paths = sorted(
        set(base.records) | set(head.records) | set(base.unreadable) | set(head.unreadable)
    )
    removed: dict[tuple[str, str], Record] = {}
    added: list[Record] = []
    for rel in paths:
        old, new = base.records.get(rel), head.records.get(rel)
        if rel in head.unreadable or (rel in base.unreadable and new is None):
            bad = head.unreadable.get(rel) or base.unreadable[rel]
            side = head.label if rel in head.unreadable else base.label
            register, rec_id = _identity(rel)
            changes.append(
                RecordChange(register, rec_id, "unreadable", rel, problem=f"in {side}: {bad}")
            )
        elif old is not None and new is not None:
            found = _fields(old.data, new.data, (base, head), old.register, redact)
            if found:
                changes.append(_change(new, "changed", found))
        elif old is not None:
            removed[(old.register, old.id)] = old
        elif new is not None:
            if rel in base.unreadable:
                changes.append(
                    _change(
                        new,
                        "changed",
                        [FieldChange("(record)", "changed", "unreadable", "readable")],
                    )
                )
            else:
                added.append(new)
    for new in added:
        old = removed.pop((new.register, new.id), None)
        if old is not None:
            change = _change(
                new, "changed", _fields(old.data, new.data, (base, head), new.register, redact)
            )
            change.old_path = old.rel
        else:
            change = _change(
                new, "added", _fields({}, new.data, (base, head), new.register, redact)
            )
        changes.append(change)
    for old in removed.values():
        changes.append(RecordChange(old.register, old.id, "removed", old.rel, title=_title(old)))
    changes.sort(key=lambda c: (c.register, c.id, c.path))
    return changes


def _identity(rel: str) -> tuple[str, str]:
    parts = rel.split("/")
    stem = parts[-1].removesuffix(".yaml")
    return (parts[1] if len(parts) > 2 else stem), stem


def _fields(
    before: Any, after: Any, sides: tuple[Tree, Tree], register: str, redact: bool
) -> list[FieldChange]:
    """Field changes, with a field sensitive when either revision's schema says so."""
    sensitive = set().union(*(side.sensitive.get(register, set()) for side in sides))
    return field_changes(before, after, sensitive, redact)


def _title(record: Record) -> str:
    """What the record calls itself, or nothing when that is only its id again (an invoice
    named by its number): the heading says the id already."""
    title = record.title("").strip()
    return "" if title == record.id else title


def _change(record: Record, status: str, fields: list[FieldChange]) -> RecordChange:
    return RecordChange(
        record.register,
        record.id,
        status,
        record.rel,
        title=_title(record),
        fields=fields,
    )
