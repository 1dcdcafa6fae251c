"""A diff rendered as text for the terminal, Markdown for a pull request, JSON for tools."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.core.words import count
from backoffice.review.diff import Diff
from backoffice.review.diff.entries import AmountLine, FileLine
from backoffice.review.diff.fields import Formatter
from backoffice.review.diff.periods import LockChange
from backoffice.review.diff.personal import REDACTED
from backoffice.review.diff.records import RecordChange
from backoffice.review.lock import LOCK_FILE

STATUS_WORDS = {"A": "added", "D": "deleted", "M": "changed", "T": "changed"}


def _record_heading(change: RecordChange) -> str:
    """Register, id and title, each said once: a record of its own file (records/company.yaml)
    is its register, and a title that is the id is left out by the record change."""
    name = " ".join(dict.fromkeys(w for w in (change.register, change.id, change.title) if w))
    moved = f", moved from {change.old_path}" if change.old_path else ""
    return f"{name}: {change.status} ({change.path}{moved})"


def _record_lines(change: RecordChange, fmt: Formatter) -> list[str]:
    if change.status == "unreadable":
        return [f"unreadable {change.problem}"]
    if change.status == "added":
        return [fmt.field(fc) for fc in change.fields]
    return [fmt.change(fc) for fc in change.fields]


def _change_of(line: AmountLine, fmt: Formatter) -> str:
    """A net change or an effect on the result; what a person's entries add to it is hidden."""
    if not line.redacted:
        return fmt.amount(line.amount, line.currency, True)
    if not line.amount:
        return REDACTED
    return f"{fmt.amount(line.amount, line.currency, True)} and {REDACTED}"


def _summary(diff: Diff) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for c in diff.records:
        counts[c.status] += 1
    records = ", ".join(f"{n} {s}" for s, n in counts.items()) or "none changed"
    entries: dict[str, int] = defaultdict(int)
    for e in diff.ledger.entries:
        entries[e.status] += 1
    ledger = ", ".join(f"{n} {s}" for s, n in entries.items()) or "none changed"
    return [f"Records: {records}.", f"Ledger entries: {ledger}."]


def render_text(diff: Diff, locale: str) -> str:
    fmt = Formatter(locale)
    out = [f"Changes from {diff.base} to {diff.head}", *_summary(diff), ""]
    if diff.records:
        out.append("Records")
        for change in diff.records:
            out.append(f"  {_record_heading(change)}")
            out += [f"    {line}" for line in _record_lines(change, fmt)]
        out.append("")
    if diff.ledger.entries:
        out.append("Ledger")
        marks = {"added": "+", "removed": "-", "changed": "~"}
        for e in diff.ledger.entries:
            first, *rest = e.text.splitlines()
            out.append(f"  {marks[e.status]} {first}  ({e.status}, {e.path}:{e.line})")
            body = e.lines if e.status == "changed" else rest
            out += [f"      {line}" for line in _capped(body)]
        out.append("")
    if diff.ledger.net:
        out.append("Net change per account")
        width = max(len(n.key) for n in diff.ledger.net)
        out += [f"  {n.key:<{width}}  {_change_of(n, fmt):>18}" for n in diff.ledger.net]
        out.append("")
    if diff.ledger.result:
        out.append("Effect on the result (profit +, loss −)")
        out += [f"  {r.key}: {_change_of(r, fmt)}" for r in diff.ledger.result]
        out.append("")
    if diff.lock:
        out.append(f"Period lock ({LOCK})")
        out += [f"  {_lock_line(change)}" for change in diff.lock]
        out.append("")
    out += _files_text("Generated ledger files", diff.ledger.generated)
    out += _files_text("Documents", diff.documents)
    out += _ledger_errors(diff)
    if diff.empty:
        out.append("No changes to records, ledger or documents.")
    return "\n".join(out).rstrip("\n") + "\n"


LOCK = LOCK_FILE.as_posix()


def _lock_line(change: LockChange) -> str:
    """One change of the period lock: "closed 2026-Q1 (2026-01-01 to 2026-03-31): 212 entries"."""
    if change.status == "invalid":
        return f"{LOCK}:{change.line}: {change.problem}"
    start = change.start or "the beginning"
    entries = count(change.entries, "entry", "entries")
    again = "" if change.entries_before is None else " with other entries"
    before = "" if change.entries_before is None else f" ({change.entries_before} before)"
    period = f"{change.period} ({start} to {change.end})"
    return f"{change.status} {period}{again}: {entries}{before}"


MAX_ENTRY_LINES = 24
"""Longer entries (a month of generated depreciation) are cut in text and Markdown; JSON
keeps every line."""


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_ENTRY_LINES:
        return lines
    return [*lines[: MAX_ENTRY_LINES - 1], f"… {len(lines) - MAX_ENTRY_LINES + 1} more lines"]


def _files_text(title: str, files: list[FileLine]) -> list[str]:
    if not files:
        return []
    return [title, *(f"  {STATUS_WORDS.get(f.status, f.status)}: {f.path}" for f in files), ""]


def _ledger_errors(diff: Diff) -> list[str]:
    lc = diff.ledger
    if not (lc.errors_before or lc.errors_after):
        return []
    return [
        f"The ledger has {count(lc.errors_before, 'error')} in {diff.base} "
        f"and {lc.errors_after} in {diff.head}.",
        "",
    ]


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def render_md(diff: Diff, locale: str) -> str:
    fmt = Formatter(locale)
    out = [f"## Changes from `{diff.base}` to {_md(diff.head)}", "", *_summary(diff), ""]
    if diff.records:
        out += ["### Records", ""]
        for change in diff.records:
            out.append(f"- **{_md(_record_heading(change))}**")
            out += [f"  - {_md(line)}" for line in _record_lines(change, fmt)]
        out.append("")
    if diff.ledger.entries:
        out += ["### Ledger", ""]
        for e in diff.ledger.entries:
            out.append(f"- {e.status} `{e.path}:{e.line}`")
            body = e.lines if e.status == "changed" else e.text.splitlines()
            out += ["", "  ```" + ("diff" if e.status == "changed" else "beancount")]
            out += [f"  {line}" for line in _capped(body)]
            out += ["  ```", ""]
    if diff.ledger.net:
        out += ["### Net change per account", "", "| account | change |", "| --- | ---: |"]
        out += [f"| {n.key} | {_change_of(n, fmt)} |" for n in diff.ledger.net]
        out.append("")
    if diff.ledger.result:
        out += ["### Effect on the result (profit +, loss −)", ""]
        out += [f"- {r.key}: {_change_of(r, fmt)}" for r in diff.ledger.result]
        out.append("")
    if diff.lock:
        out += [f"### Period lock (`{LOCK}`)", ""]
        out += [f"- {_md(_lock_line(change))}" for change in diff.lock]
        out.append("")
    for title, files in (
        ("Generated ledger files", diff.ledger.generated),
        ("Documents", diff.documents),
    ):
        if files:
            out += [f"### {title}", ""]
            out += [f"- {STATUS_WORDS.get(f.status, f.status)}: `{f.path}`" for f in files]
            out.append("")
    out += _ledger_errors(diff)
    if diff.empty:
        out.append("No changes to records, ledger or documents.")
    return "\n".join(out).rstrip("\n") + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def render_json(diff: Diff, locale: str) -> str:
    return json.dumps(asdict(diff), ensure_ascii=False, indent=2, default=_json_default) + "\n"


RENDERERS = {"text": render_text, "md": render_md, "json": render_json}
