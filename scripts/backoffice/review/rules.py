"""Review rules: closed periods and issued documents (values a merge can duplicate are
checked with the records, in uniqueness.py).

Without ``--base``: closed periods match ``ledger/closed.lock``. With ``--base REV``: nothing
dated on or before REV's lock date changed, the lock date did not move back, and no issued
invoice (record, PDF, XML) and no booked bill (record, archived XML or PDF) of REV was changed
or deleted, but for a booked bill's link to its purchase order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backoffice.check.run import CheckOptions
from backoffice.core import gitrepo
from backoffice.core.paths import inside
from backoffice.core.problems import Problem
from backoffice.load.ledger import MAIN, load_ledger
from backoffice.load.records import Record, load_records
from backoffice.load.workspace import Workspace
from backoffice.load.yamlfile import parse_yaml_text
from backoffice.review.diff.entries import Located, locate, pair
from backoffice.review.diff.fields import field_changes
from backoffice.review.lock import COMPANY_FILE, FIELD, closed_through, locked, verify

INVOICES = "invoices"
ISSUED = "issued"
DOCUMENTS = "documents/invoices"
BILLS = "bills"
BOOKED = "booked"
BILL_DOCUMENTS = "documents/bills"


def _company_position(ws: Workspace) -> tuple[int, int]:
    found = ws.register("company")
    return found[0].position((FIELD,)) if found else (1, 1)


def closed_periods(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Closed periods still hash as written by `backoffice close`."""
    entries = ws.ledger.entries if (ws.root / MAIN).is_file() else []
    return verify(entries, ws.root, ws.company, _company_position(ws))


# ----------------------------------------------------------------------------- against --base


def against_base(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """With --base: the period lock and issued documents, compared with that revision."""
    if options.base is None:
        return []
    commit = gitrepo.resolve(ws.root, options.base)  # a GitError reaches the command
    paths = ["ledger", COMPANY_FILE.as_posix(), f"records/{INVOICES}", f"records/{BILLS}"]
    with gitrepo.exported(ws.root, commit, paths) as base_root:
        problems = lock_problems(ws, base_root, options.base)
        problems += issued_record_problems(ws, base_root, options.base)
        problems += issued_record_problems(ws, base_root, options.base, BOOKED_BILLS)
    problems += issued_document_problems(ws, commit, options.base)
    problems += issued_document_problems(ws, commit, options.base, BOOKED_BILLS)
    return problems


def _base_company(base_root: Path) -> Any:
    path = base_root / COMPANY_FILE
    if not path.is_file() or not inside(base_root, path):
        return {}
    parsed, _ = parse_yaml_text(path.read_text(encoding="utf-8", errors="replace"), "")
    return parsed.data if parsed is not None else {}


def lock_problems(ws: Workspace, base_root: Path, base: str) -> list[Problem]:
    """The lock date did not move back, and nothing on or before it changed since `base`."""
    lock = closed_through(_base_company(base_root))
    if lock is None:
        return []
    problems = []
    now = closed_through(ws.company)
    if now is None or now < lock:
        problems.append(
            Problem(
                COMPANY_FILE.as_posix(),
                *_company_position(ws),
                "LOCK-MOVED-BACK",
                f"{FIELD} moved back from {lock} (in {base}) to {now or 'nothing'}: "
                "closed periods are not reopened in a change",
            )
        )
    if not (base_root / MAIN).is_file():
        return problems
    old_entries = [e for e in load_ledger(base_root).entries if e.date <= lock and locked(e)]
    new_entries = [e for e in ws.ledger.entries if e.date <= lock and locked(e)]
    before, after = locate(old_entries, base_root), locate(new_entries, ws.root)
    pairing = pair(before, after)
    found = [
        *((item, "added to") for item in pairing.added),
        *((item, "removed from") for item in pairing.removed),
        *((new, "changed in") for _old, new in pairing.changed),
    ]
    for item, what in found:
        problems.append(
            Problem(
                item.path,
                item.line,
                1,
                "LOCK-CLOSED-ENTRY",
                f"{_describe(item)} {what} a closed period (books closed through {lock} in {base})",
            )
        )
    return problems


def _describe(item: Located) -> str:
    kind = type(item.entry).__name__.lower()
    words = " ".join(
        f'"{w}"'
        for w in (getattr(item.entry, "payee", None), getattr(item.entry, "narration", None))
        if w
    )
    account = getattr(item.entry, "account", None)
    subject = words or (account or "")
    return f"{kind} of {item.date.isoformat()} {subject}".rstrip()


@dataclass(frozen=True)
class Immutable:
    """A register whose records become immutable at a status, and their documents' folder."""

    register: str
    status: str
    documents: str
    what: str
    correction: str
    links: frozenset[str] = frozenset()
    """Fields the company may still add or change on such a record: its own links, which
    change nothing the document says (the purchase order a booked bill is for)."""


ISSUED_INVOICES = Immutable(INVOICES, ISSUED, DOCUMENTS, "issued invoice", "a credit note")
BOOKED_BILLS = Immutable(
    BILLS,
    BOOKED,
    BILL_DOCUMENTS,
    "booked bill",
    "the supplier's correction document",
    frozenset({"purchase_order", "order_line"}),
)


def _without(data: Any, names: frozenset[str]) -> Any:
    """`data` less the fields `names`, at any depth."""
    if isinstance(data, dict):
        return {k: _without(v, names) for k, v in data.items() if k not in names}
    if isinstance(data, list):
        return [_without(v, names) for v in data]
    return data


def _only_links_changed(old: Record, current: Path, kind: Immutable) -> bool:
    """Whether the record now differs from `old` in its links alone."""
    if not kind.links:
        return False
    parsed, _ = parse_yaml_text(current.read_text(encoding="utf-8", errors="replace"), old.rel)
    return parsed is not None and _without(parsed.data, kind.links) == _without(
        old.data, kind.links
    )


def issued_record_problems(
    ws: Workspace, base_root: Path, base: str, kind: Immutable = ISSUED_INVOICES
) -> list[Problem]:
    """Issued invoice (or booked bill) records of `base` are still there, byte for byte."""
    problems = []
    base_records = load_records(base_root, {kind.register}, only=kind.register).records
    head_by_name: dict[str, list[Path]] = defaultdict(list)
    for path in (ws.root / "records" / kind.register).rglob("*.yaml"):
        if inside(ws.root, path):  # a link outside is reported, unread, by loading the records
            head_by_name[path.name].append(path)
    for old in base_records:
        if not isinstance(old.data, dict) or old.data.get("status") != kind.status:
            continue
        if not inside(ws.root, ws.root / old.rel):
            continue
        raw = (base_root / old.rel).read_bytes()
        current = ws.root / old.rel
        if not current.is_file():
            if any(p.read_bytes() == raw for p in head_by_name.get(Path(old.rel).name, [])):
                continue  # moved to another folder, unchanged
            problems.append(
                Problem(
                    old.rel,
                    1,
                    1,
                    "ISSUED-DELETED",
                    f"{kind.what} {old.id} (in {base}) was deleted",
                )
            )
        elif current.read_bytes() != raw and not _only_links_changed(old, current, kind):
            problems.append(_issued_changed(old, current, base, kind))
    return problems


def _issued_changed(old: Record, current: Path, base: str, kind: Immutable) -> Problem:
    parsed, _ = parse_yaml_text(current.read_text(encoding="utf-8", errors="replace"), old.rel)
    new_data = parsed.data if parsed is not None else None
    changed = sorted(
        {
            c.label or "(record)"
            for c in field_changes(old.data, new_data, set(), True)
            if c.label.replace(",", ".").split(".")[-1].strip() not in kind.links
        }
    )
    what = f": {', '.join(changed)}" if changed else " (formatting or comments)"
    line, column = parsed.positions.of((changed[0],)) if parsed is not None and changed else (1, 1)
    return Problem(
        old.rel,
        line,
        column,
        "ISSUED-CHANGED",
        f"{kind.what} {old.id} (in {base}) was changed{what}; correct it with {kind.correction}",
    )


def issued_document_problems(
    ws: Workspace, commit: str, base: str, kind: Immutable = ISSUED_INVOICES
) -> list[Problem]:
    """Files under documents/invoices/ (or documents/bills/) in `base` are unchanged and still
    there."""
    problems = []
    word = "issued" if kind is ISSUED_INVOICES else "archived"
    for change in gitrepo.changed_files(ws.root, commit, None, [kind.documents]):
        if change.status == "D":
            code, what = "ISSUED-DELETED", "deleted"
        elif change.status in ("M", "T"):
            code, what = "ISSUED-CHANGED", "changed"
        else:
            continue
        problems.append(Problem(change.path, 1, 1, code, f"{word} document (in {base}) was {what}"))
    return problems
