"""Ledger entries that tell what one person is paid or owes, and how a redacted diff shows them.

An entry is a person's when it ties an amount to one: a metadata value, of the entry or of a
posting, that is the id of a record of a register that x-sensitive fields refer to (people:
through the payroll run's lines, an asset's buyer, an incident's people involved). The whole
entry is the person's then, since its other amounts are totals that include theirs (one
person's raise moves the run's contributions by a figure that tells it), and so is every entry
linked with it (the run's payments). A redacted diff shows of such an entry its date, flag,
narration, tags, links and accounts: which run changed and where, not who was paid how much.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

REDACTED = "(redacted)"
_POSITION = ("filename", "lineno")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_META = re.compile(r"^(\s+)([a-z][A-Za-z0-9_-]*):")
_POSTING = re.compile(r"^(\s+)((?:\S )?)([A-Z][^\s:]*:\S*)(.*)$")
_HEADER = re.compile(r"^(\S+) (\S+)(.*)$")


def sensitive_refs(schema: Any, inside: bool = False) -> Iterator[str]:
    """The registers that fields marked x-sensitive (or nested in one) refer to by x-ref, in
    an inlined schema."""
    if isinstance(schema, list):
        for item in schema:
            yield from sensitive_refs(item, inside)
        return
    if not isinstance(schema, dict):
        return
    inside = inside or schema.get("x-sensitive") is True
    if inside and isinstance(schema.get("x-ref"), str):
        yield schema["x-ref"]
    for sub in schema.values():
        yield from sensitive_refs(sub, inside)


def _meta_values(meta: Any) -> Iterator[Any]:
    return (v for k, v in (meta or {}).items() if k not in _POSITION)


def names_a_person(entry: Any, ids: set[str]) -> bool:
    """Whether the entry or one of its postings carries a person's id as a metadata value."""
    values = [*_meta_values(entry.meta)]
    for posting in getattr(entry, "postings", None) or ():
        values += _meta_values(posting.meta)
    return any(isinstance(v, str) and v in ids for v in values)


def personal(entries: Iterable[Any], ids: set[str]) -> Callable[[Any], bool]:
    """Which entries are a person's, given every entry of both sides of a comparison and the
    ids of the people: those that name one, and those linked with one that does."""
    links: set[str] = set()
    for entry in entries:
        if names_a_person(entry, ids):
            links.update(getattr(entry, "links", None) or ())

    def test(entry: Any) -> bool:
        linked = links.intersection(getattr(entry, "links", None) or ())
        return bool(linked) or names_a_person(entry, ids)

    return test


def redact_line(line: str) -> str:
    """One line of an entry as Beancount prints it, without what tells who or how much: the
    payee, amounts, prices and costs, metadata values."""
    indent = len(line) - len(line.lstrip(" "))
    if indent == 0:
        return _redact_header(line)
    meta = _META.match(line)
    if meta:
        return f"{meta[1]}{meta[2]}: {REDACTED}"
    posting = _POSTING.match(line)
    if posting:
        amount = f" {REDACTED}" if posting[4].strip() else ""
        return f"{posting[1]}{posting[2]}{posting[3]}{amount}"
    return " " * indent + REDACTED


def _redact_header(line: str) -> str:
    """A transaction's first line without its payee; another entry's without what follows its
    kind and account (a balance's amount, a note's text)."""
    found = _HEADER.match(line)
    if found is None:
        return REDACTED
    day, kind, rest = found[1], found[2], found[3]
    if len(kind) == 1 or kind == "txn":
        strings = _STRING.findall(rest)
        if len(strings) == 2:
            rest = rest.replace(strings[0] + " ", "", 1)
        return f"{day} {kind}{rest}"
    subject, _, more = rest.strip().partition(" ")
    return " ".join(w for w in (day, kind, subject, REDACTED if more else "") if w)


def redact_text(text: str) -> str:
    return "".join(redact_line(line) + "\n" for line in text.splitlines())


def redacted_changes(before: list[str], after: list[str]) -> list[str]:
    """The lines of an entry that changed, redacted: ``-`` removed, ``+`` added, and ``~`` for
    a line that changed only in what redaction hides (an amount: "~   Expenses:Salaries ...")."""
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = [redact_line(x) for x in before[i1:i2]]
        new = [redact_line(x) for x in after[j1:j2]]
        for k in range(max(len(old), len(new))):
            if k < len(old) and k < len(new) and old[k] == new[k]:
                out.append(f"~ {old[k]}")
                continue
            out += [f"- {old[k]}"] if k < len(old) else []
            out += [f"+ {new[k]}"] if k < len(new) else []
    return out
