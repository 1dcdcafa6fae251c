"""Review rules: closed periods, issued documents and values that a merge can duplicate.

Without ``--base``: closed periods match ``ledger/closed.lock``, and unique values (ids,
invoice numbers, fields marked ``x-unique``) are unique, which catches two branches that each
took the same number in different files. With ``--base REV``: nothing dated on or before REV's
lock date changed, the lock date did not move back, and no issued invoice (record, PDF, XML)
of REV was changed or deleted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from .. import gitrepo
from ..check import CheckOptionError, CheckOptions, rule
from ..diff import Located, field_changes, locate, pair
from ..ledger import MAIN, load_ledger
from ..lock import COMPANY_FILE, FIELD, closed_through, locked, verify
from ..problems import Problem
from ..records import Record, load_records
from ..workspace import Workspace
from ..yamlfile import parse_yaml_text

INVOICES = "invoices"
ISSUED = "issued"
DOCUMENTS = "documents/invoices"
UNIQUE_BY_DEFAULT = {INVOICES: ("number",)}
"""Fields unique in a register even when its schema does not say ``x-unique``."""


def _company_position(ws: Workspace) -> tuple[int, int]:
    found = ws.register("company")
    return found[0].position((FIELD,)) if found else (1, 1)


@rule
def closed_periods(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """Closed periods still hash as written by `backoffice close`."""
    entries = ws.ledger.entries if (ws.root / MAIN).is_file() else []
    return verify(entries, ws.root, ws.company, _company_position(ws))


# ----------------------------------------------------------------------------- merge safety


def unique_fields(ws: Workspace, register: str) -> tuple[str, ...]:
    """Top-level fields whose values must be unique in a register."""
    reg = ws.schemas.registers.get(register)
    props: dict[str, Any] = reg.schema.get("properties", {}) if reg else {}
    marked = tuple(k for k, v in props.items() if isinstance(v, dict) and v.get("x-unique"))
    return tuple(dict.fromkeys((*UNIQUE_BY_DEFAULT.get(register, ()), *marked)))


@rule
def duplicate_values(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """An id or unique number used by two files: Git merges such files without a conflict."""
    problems = []
    for register in sorted(ws.schemas.registers):
        fields = unique_fields(ws, register)
        clashing = _id_clashes(ws.root, register)
        if not fields and not clashing:
            continue  # nothing to parse: most registers end here
        records = [r for r in ws.register(register) if not r.singleton and isinstance(r.data, dict)]
        if clashing:
            problems += _duplicate_ids(register, records)
        for name in fields:
            problems += _duplicates(register, name, records, lambda r, n=name: r.data.get(n))
    return problems


_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)


def _id_clashes(root: Path, register: str) -> bool:
    """Whether some record's ``id:`` line names another file's id, found without parsing."""
    folder = root / "records" / register
    if not folder.is_dir():
        return False
    stems: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for path in folder.rglob("*.yaml"):
        stems[path.stem] = path.stem
        try:
            head = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = _ID_LINE.search(head)
        if found and found[1] != path.stem:
            claimed[str(path)] = found[1]
    ids = list(claimed.values())
    return any(v in stems or ids.count(v) > 1 for v in ids)


def _duplicate_ids(register: str, records: list[Record]) -> list[Problem]:
    """An ``id`` field that repeats another record's id (same file names are ID-DUPLICATE)."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        groups[str(record.data.get("id", record.id))].append(record)
    problems = []
    for value, group in groups.items():
        if len(group) > 1 and len({r.id for r in group}) > 1:
            problems += _report(register, "id", value, group)
    return problems


def _duplicates(register: str, name: str, records: list[Record], value_of: Any) -> list[Problem]:
    groups: dict[Any, list[Record]] = defaultdict(list)
    for record in records:
        value = value_of(record)
        if isinstance(value, str | int) and not isinstance(value, bool):
            groups[value].append(record)
    problems = []
    for value, group in groups.items():
        if len(group) > 1:
            problems += _report(register, name, value, group)
    return problems


def _report(register: str, name: str, value: Any, group: list[Record]) -> list[Problem]:
    group = sorted(group, key=lambda r: r.rel)
    first = group[0]
    return [
        Problem(
            record.rel,
            *record.position((name,)),
            "VALUE-DUPLICATE",
            f"{register} {name} {value!r} is also used by {first.rel} "
            "(two changes merged that each took it?)",
        )
        for record in group[1:]
    ]


# ----------------------------------------------------------------------------- against --base


@rule
def against_base(ws: Workspace, options: CheckOptions) -> list[Problem]:
    """With --base: the period lock and issued documents, compared with that revision."""
    if options.base is None:
        return []
    try:
        commit = gitrepo.resolve(ws.root, options.base)
    except gitrepo.GitError as exc:
        raise CheckOptionError(str(exc)) from None
    paths = ["ledger", COMPANY_FILE.as_posix(), f"records/{INVOICES}"]
    with gitrepo.exported(ws.root, commit, paths) as base_root:
        problems = lock_problems(ws, base_root, options.base)
        problems += issued_record_problems(ws, base_root, options.base)
    problems += issued_document_problems(ws, commit, options.base)
    return problems


def _base_company(base_root: Path) -> Any:
    path = base_root / COMPANY_FILE
    if not path.is_file():
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


def issued_record_problems(ws: Workspace, base_root: Path, base: str) -> list[Problem]:
    """Issued invoice records of `base` are still there, byte for byte."""
    problems = []
    base_records = load_records(base_root, {INVOICES}, only=INVOICES).records
    head_by_name: dict[str, list[Path]] = defaultdict(list)
    for path in (ws.root / "records" / INVOICES).rglob("*.yaml"):
        head_by_name[path.name].append(path)
    for old in base_records:
        if not isinstance(old.data, dict) or old.data.get("status") != ISSUED:
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
                    f"issued invoice {old.id} (in {base}) was deleted",
                )
            )
        elif current.read_bytes() != raw:
            problems.append(_issued_changed(old, current, base))
    return problems


def _issued_changed(old: Record, current: Path, base: str) -> Problem:
    parsed, _ = parse_yaml_text(current.read_text(encoding="utf-8", errors="replace"), old.rel)
    new_data = parsed.data if parsed is not None else None
    changed = sorted(
        {c.label or "(record)" for c in field_changes(old.data, new_data, set(), True)}
    )
    what = f": {', '.join(changed)}" if changed else " (formatting or comments)"
    line, column = parsed.positions.of((changed[0],)) if parsed is not None and changed else (1, 1)
    return Problem(
        old.rel,
        line,
        column,
        "ISSUED-CHANGED",
        f"issued invoice {old.id} (in {base}) was changed{what}; correct it with a credit note",
    )


def issued_document_problems(ws: Workspace, commit: str, base: str) -> list[Problem]:
    """Files under documents/invoices/ in `base` are unchanged and still there."""
    problems = []
    for change in gitrepo.changed_files(ws.root, commit, None, [DOCUMENTS]):
        if change.status == "D":
            code, what = "ISSUED-DELETED", "deleted"
        elif change.status in ("M", "T"):
            code, what = "ISSUED-CHANGED", "changed"
        else:
            continue
        problems.append(Problem(change.path, 1, 1, code, f"issued document (in {base}) was {what}"))
    return problems
