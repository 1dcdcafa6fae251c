"""The semantic diff of two revisions: what a change means, as data, then rendered.

Records are compared field by field (lists of objects matched by an identifying field such
as ``valid_from``, so that "salary from 2026-03-01" reads as one line); ledger entries are
matched by content, not by line; sensitive fields (``x-sensitive`` anywhere in a register's
schema, references included) can be redacted to a bare "changed".
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from beancount.core import convert, data
from beancount.parser import printer

from backoffice.core import gitrepo
from backoffice.core.period import parse_fiscal_start
from backoffice.load.ledger import MAIN, Ledger, load_ledger, relative
from backoffice.load.records import Record, load_records
from backoffice.load.schemas import load_schemas

TREE_PATHS = ("ledger", "records", "schemas")
"""What a revision needs on disk to be compared: the books, the registers and their schemas."""
GENERATED = "ledger/generated"
WORKING_TREE = "the working tree"
DOCUMENTS = "documents"
MONEY = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?) ([A-Z]{3})$")
IDENTITY_KEYS = (
    "id",
    "code",
    "number",
    "valid_from",
    "from",
    "date",
    "account",
    "iban",
    "name",
    "role",
    "person",
)
"""Fields that identify an object in a list, tried in this order."""
MISSING: Any = object()


# ----------------------------------------------------------------------------- the data


@dataclass
class FieldChange:
    label: str
    """Readable path of the field: ``employment.end``, ``salary from 2026-03-01``."""
    kind: str
    """added, removed or changed."""
    before: Any = None
    after: Any = None
    sensitive: bool = False
    redacted: bool = False


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


@dataclass
class EntryChange:
    status: str
    """added, removed or changed."""
    date: str
    kind: str
    path: str
    line: int
    text: str
    """The entry as Beancount prints it (after the change; before it when removed)."""
    lines: list[str] = field(default_factory=list)
    """For a changed entry: the lines removed (``-``) and added (``+``)."""


@dataclass
class AmountLine:
    key: str
    """An account, or a fiscal year for the result."""
    amount: Decimal
    currency: str


@dataclass
class FileLine:
    status: str
    path: str


@dataclass
class LedgerChange:
    entries: list[EntryChange] = field(default_factory=list)
    net: list[AmountLine] = field(default_factory=list)
    result: list[AmountLine] = field(default_factory=list)
    """Effect on the result (profit +, loss −) of each fiscal year touched."""
    generated: list[FileLine] = field(default_factory=list)
    errors_before: int = 0
    errors_after: int = 0


@dataclass
class Diff:
    base: str
    head: str
    records: list[RecordChange] = field(default_factory=list)
    ledger: LedgerChange = field(default_factory=LedgerChange)
    documents: list[FileLine] = field(default_factory=list)
    redacted: bool = False

    @property
    def empty(self) -> bool:
        return not (self.records or self.ledger.entries or self.ledger.generated or self.documents)


# ----------------------------------------------------------------------------- the trees


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


def sensitive_paths(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field path an (inlined) schema marks x-sensitive; list items are ``*``."""
    if isinstance(schema, list):
        for item in schema:
            yield from sensitive_paths(item, path)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("x-sensitive") is True:
        yield path
    for key, sub in (schema.get("properties") or {}).items():
        yield from sensitive_paths(sub, (*path, key))
    for sub in (schema.get("patternProperties") or {}).values():
        yield from sensitive_paths(sub, (*path, "*"))
    for keyword in ("items", "additionalProperties", "contains"):
        if isinstance(schema.get(keyword), dict):
            item_path = path if keyword == "additionalProperties" else (*path, "*")
            yield from sensitive_paths(schema[keyword], item_path)
    if isinstance(schema.get("prefixItems"), list):
        yield from sensitive_paths(schema["prefixItems"], (*path, "*"))
    for keyword in ("allOf", "anyOf", "oneOf", "if", "then", "else", "not"):
        if keyword in schema:
            yield from sensitive_paths(schema[keyword], path)


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
    return Tree(root, label, {r.rel: r for r in loaded.records}, unreadable, sensitive, ledger)


@contextmanager
def trees(
    root: Path, base: tuple[str, str], head: tuple[str, str] | None
) -> Iterator[tuple[Tree, Tree]]:
    """Both sides of a comparison, each a (commit, label), exported from Git into temporary
    folders that are removed after; `head` None is the working tree."""
    with ExitStack() as stack:
        base_root = stack.enter_context(gitrepo.exported(root, base[0], TREE_PATHS))
        base_tree = load_tree(base_root, base[1])
        if head is None:
            head_tree = load_tree(root, WORKING_TREE)
        else:
            head_root = stack.enter_context(gitrepo.exported(root, head[0], TREE_PATHS))
            head_tree = load_tree(head_root, head[1])
        yield base_tree, head_tree


# ----------------------------------------------------------------------------- records


class _Differ:
    """Compares two values of one record field by field, recording readable changes."""

    def __init__(self, sensitive: set[tuple[str, ...]], redact: bool) -> None:
        self.sensitive = sensitive
        self.redact = redact
        self.out: list[FieldChange] = []

    def is_sensitive(self, path: tuple[str, ...]) -> bool:
        return any(path[: len(s)] == s for s in self.sensitive)

    def compare(
        self, a: Any, b: Any, label: str, path: tuple[str, ...], *, item: bool = False
    ) -> None:
        if a == b and type(a) is type(b):
            return
        sensitive = self.is_sensitive(path)
        kind = "added" if a is MISSING else "removed" if b is MISSING else "changed"
        if sensitive and self.redact:
            self.out.append(FieldChange(label, kind, sensitive=True, redacted=True))
            return
        # a whole object or list added or removed is shown field by field, item by item
        if a is MISSING and _nested(b):
            a = type(b)()
        elif b is MISSING and _nested(a):
            b = type(a)()
        if isinstance(a, dict) and isinstance(b, dict):
            for key in [*a, *(k for k in b if k not in a)]:
                sub_label = key if not label else f"{label}, {key}" if item else f"{label}.{key}"
                self.compare(a.get(key, MISSING), b.get(key, MISSING), sub_label, (*path, key))
        elif isinstance(a, list) and isinstance(b, list):
            self._lists(a, b, label, path)
        else:
            before = None if a is MISSING else plain(a)
            after = None if b is MISSING else plain(b)
            self.out.append(FieldChange(label, kind, before, after, sensitive))

    def _lists(self, a: list[Any], b: list[Any], label: str, path: tuple[str, ...]) -> None:
        item_path = (*path, "*")
        key = identity_key(a, b)
        if key is not None:
            before = {item[key]: item for item in a}
            after = {item[key]: item for item in b}
            for value in [*before, *(v for v in after if v not in before)]:
                self._item(
                    before.get(value, MISSING),
                    after.get(value, MISSING),
                    key,
                    item_label(label, key, value),
                    item_path,
                )
        elif not any(isinstance(x, dict | list) for x in [*a, *b]):
            for x in _minus(a, b):
                self.out.append(
                    FieldChange(label, "removed", plain(x), None, self.is_sensitive(item_path))
                )
            for x in _minus(b, a):
                self.out.append(
                    FieldChange(label, "added", None, plain(x), self.is_sensitive(item_path))
                )
        else:
            for i in range(max(len(a), len(b))):
                self.compare(
                    a[i] if i < len(a) else MISSING,
                    b[i] if i < len(b) else MISSING,
                    f"{label} (#{i + 1})",
                    item_path,
                    item=True,
                )

    def _item(self, a: Any, b: Any, key: str, label: str, path: tuple[str, ...]) -> None:
        """One matched list item; when it holds one value beside its key, the change is
        shown on the item itself: "salary from 2026-03-01: 2 400.00 → 2 650.00 EUR"."""
        start = len(self.out)
        if isinstance(a, dict):
            a = {k: v for k, v in a.items() if k != key}
        if isinstance(b, dict):
            b = {k: v for k, v in b.items() if k != key}
        if (a is MISSING or b is MISSING) and not (self.redact and self.is_sensitive(path)):
            # an item added or removed whole reads best on one line
            kind = "added" if a is MISSING else "removed"
            before, after = (None, plain(b)) if a is MISSING else (plain(a), None)
            self.out.append(FieldChange(label, kind, before, after, self.is_sensitive(path)))
            return
        self.compare(a, b, label, path, item=True)
        found = self.out[start:]
        if (
            len(found) == 1
            and isinstance(a, dict)
            and isinstance(b, dict)
            and len(a) == len(b) == 1
            and set(a) == set(b)
        ):
            found[0].label = label


def _nested(value: Any) -> bool:
    """An object, or a list of objects: shown field by field when added or removed whole
    (a list of plain values reads better on one line)."""
    if isinstance(value, dict):
        return bool(value)
    return isinstance(value, list) and any(isinstance(x, dict | list) for x in value)


def identity_key(a: list[Any], b: list[Any]) -> str | None:
    """The field that identifies each object of both lists (present, scalar, unique)."""
    items = [*a, *b]
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for key in IDENTITY_KEYS:
        present = all(isinstance(x.get(key), str | int | date) for x in items)
        if present and len({x[key] for x in a}) == len(a) and len({x[key] for x in b}) == len(b):
            return key
    return None


def item_label(label: str, key: str, value: Any) -> str:
    if key in ("valid_from", "from"):
        return f"{label} from {value}"
    if key == "date":
        return f"{label} of {value}"
    return f"{label} ({value})"


def _minus(a: list[Any], b: list[Any]) -> list[Any]:
    rest = list(b)
    out = []
    for x in a:
        if x in rest:
            rest.remove(x)
        else:
            out.append(x)
    return out


def plain(value: Any) -> Any:
    """A value as JSON can carry it: Decimals as strings, the rest as is."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def field_changes(
    before: Any, after: Any, sensitive: set[tuple[str, ...]], redact: bool
) -> list[FieldChange]:
    """Field-by-field changes from one version of a record to another."""
    differ = _Differ(sensitive, redact)
    if isinstance(before, dict) and isinstance(after, dict):
        differ.compare(before, after, "", ())
    else:
        differ.compare(before, after, "(record)", ())
    return differ.out


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
        changes.append(RecordChange(old.register, old.id, "removed", old.rel, title=old.title("")))
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


def _change(record: Record, status: str, fields: list[FieldChange]) -> RecordChange:
    return RecordChange(
        record.register,
        record.id,
        status,
        record.rel,
        title=record.title(""),
        fields=fields,
    )


# ----------------------------------------------------------------------------- entries by content
# Line numbers and file names change whenever someone inserts a line above; what an entry says
# does not. The diff and the period lock compare entries by the text Beancount's printer gives
# them, which leaves out ``filename`` and ``lineno``.


def canonical(entry: Any, root: Path) -> str:
    """The entry as Beancount prints it, with document paths made relative to `root`."""
    if isinstance(entry, data.Document) and os.path.isabs(entry.filename):
        entry = entry._replace(filename=relative(root, entry.filename))
    return str(printer.format_entry(entry)).rstrip("\n") + "\n"


def match_key(entry: Any) -> Hashable:
    """What identifies an entry across revisions: date, payee, narration and links for a
    transaction; date, kind and account (or name) for the others."""
    kind = type(entry).__name__.lower()
    if isinstance(entry, data.Transaction):
        links = tuple(sorted(entry.links or ()))
        return (entry.date, kind, entry.payee or "", entry.narration or "", links)
    subject = getattr(entry, "account", None) or getattr(entry, "currency", None)
    subject = subject or getattr(entry, "type", None) or getattr(entry, "name", None) or ""
    return (entry.date, kind, str(subject))


@dataclass
class Located:
    """An entry with its canonical text and where it is written."""

    entry: Any
    text: str
    path: str
    line: int

    @property
    def date(self) -> date:
        day: date = self.entry.date
        return day


def written(entry: Any) -> bool:
    """False for document entries Beancount finds in the documents folder by itself: those
    are files, compared as files, not ledger text."""
    filename = str((entry.meta or {}).get("filename") or "")
    return not isinstance(entry, data.Document) or filename.endswith(".beancount")


def locate(entries: Iterable[Any], root: Path) -> list[Located]:
    """Entries written in the ledger, with their canonical text and their place relative to
    `root`."""
    return [
        Located(
            e,
            canonical(e, root),
            relative(root, (e.meta or {}).get("filename")),
            int((e.meta or {}).get("lineno") or 1),
        )
        for e in entries
        if written(e)
    ]


@dataclass
class Pairing:
    added: list[Located]
    removed: list[Located]
    changed: list[tuple[Located, Located]]
    """(before, after) pairs with the same match key but different content."""


def pair(before: list[Located], after: list[Located]) -> Pairing:
    """Drop entries present on both sides (as multisets of text), then pair what is left by
    match key: the same key is a change, the rest are additions and removals."""
    common = Counter(e.text for e in before) & Counter(e.text for e in after)
    left_b, left_a = _without(before, common), _without(after, common)
    by_key: dict[Hashable, list[Located]] = {}
    for item in left_b:
        by_key.setdefault(match_key(item.entry), []).append(item)
    changed, added = [], []
    for item in left_a:
        candidates = by_key.get(match_key(item.entry))
        if candidates:
            changed.append((candidates.pop(0), item))
        else:
            added.append(item)
    removed = sorted(
        (item for items in by_key.values() for item in items), key=lambda x: (x.date, x.text)
    )
    return Pairing(added, removed, changed)


def _without(items: list[Located], common: Counter[str]) -> list[Located]:
    budget = Counter(common)
    kept = []
    for item in items:
        if budget[item.text] > 0:
            budget[item.text] -= 1
        else:
            kept.append(item)
    return kept


# ----------------------------------------------------------------------------- the ledger


def fiscal_year(day: date, start: str) -> str:
    """The fiscal year a date falls in, named by its first calendar year (2026, or 2026/27)."""
    month, dom = parse_fiscal_start(start)
    year = day.year if (day.month, day.day) >= (month, dom) else day.year - 1
    return str(year) if (month, dom) == (1, 1) else f"{year}/{(year + 1) % 100:02d}"


def _weights(entry: Any) -> Iterator[tuple[str, str, Decimal]]:
    if isinstance(entry, data.Transaction):
        for posting in entry.postings:
            weight = convert.get_weight(posting)
            if weight is not None and isinstance(weight.number, Decimal):
                yield posting.account, weight.currency, weight.number


def ledger_changes(base: Tree, head: Tree, fiscal_start: str) -> LedgerChange:
    before = locate(base.ledger.entries if base.ledger else [], base.root)
    after = locate(head.ledger.entries if head.ledger else [], head.root)
    pairing = pair(before, after)
    change = LedgerChange(
        errors_before=len(base.ledger.errors) if base.ledger else 0,
        errors_after=len(head.ledger.errors) if head.ledger else 0,
    )
    net: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    result: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    either = head.ledger or base.ledger
    options: dict[str, Any] = either.options if either is not None else {}
    pnl_roots = (options.get("name_income", "Income"), options.get("name_expenses", "Expenses"))

    def book(item: Located, sign: int) -> None:
        for account, currency, number in _weights(item.entry):
            net[(account, currency)] += sign * number
            if account.split(":")[0] in pnl_roots:
                result[(fiscal_year(item.date, fiscal_start), currency)] -= sign * number

    for item in pairing.added:
        book(item, 1)
        change.entries.append(_entry(item, "added"))
    for item in pairing.removed:
        book(item, -1)
        change.entries.append(_entry(item, "removed"))
    for old, new in pairing.changed:
        book(old, -1)
        book(new, 1)
        entry = _entry(new, "changed")
        entry.lines = [
            line
            for line in difflib.ndiff(_unaligned(old.text), _unaligned(new.text))
            if line[:1] in "-+"
        ]
        change.entries.append(entry)
    change.entries.sort(key=lambda e: (e.date, e.kind, e.text, e.status))
    change.net = [AmountLine(a, n, c) for (a, c), n in sorted(net.items()) if n]
    change.result = [AmountLine(y, n, c) for (y, c), n in sorted(result.items()) if n]
    return change


def _unaligned(text: str) -> list[str]:
    """Lines without the column alignment Beancount's printer adds, which shifts whenever the
    longest account of an entry changes: only what changed should show."""
    lines = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        lines.append(" " * indent + " ".join(line.split()))
    return lines


def _entry(item: Located, status: str) -> EntryChange:
    kind = type(item.entry).__name__.lower()
    return EntryChange(status, item.date.isoformat(), kind, item.path, item.line, item.text)


# ----------------------------------------------------------------------------- the whole


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
        result.ledger = ledger_changes(old, new, _fiscal_year_start(new))
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


# ----------------------------------------------------------------------------- rendering

STATUS_WORDS = {"A": "added", "D": "deleted", "M": "changed", "T": "changed"}


class Formatter:
    """Values as a reviewer reads them: money in the company's locale, none as '(none)'."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def amount(self, number: Decimal, currency: str = "", signed: bool = False) -> str:
        text = format_decimal(abs(number), format="#,##0.00", locale=self.locale)
        sign = "−" if number < 0 else "+" if signed and number > 0 else ""
        return f"{sign}{text} {currency}".rstrip()

    def value(self, value: Any) -> str:
        if value is None:
            return "(none)"
        if isinstance(value, str):
            money = MONEY.match(value)
            return self.amount(Decimal(money[1]), money[2]) if money else value
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self.value(v)}" for k, v in value.items())
        if isinstance(value, list):
            return "; ".join(self.value(v) for v in value) or "(empty)"
        return str(value)

    def field(self, fc: FieldChange) -> str:
        """A field of a new record: its value alone."""
        if fc.redacted:
            return f"{fc.label}: (sensitive, redacted)"
        return f"{fc.label}: {self.value(fc.after)}"

    def change(self, fc: FieldChange) -> str:
        label = fc.label or "(record)"
        if fc.redacted:
            return (
                f"{label}: {'changed' if fc.kind == 'changed' else fc.kind} (sensitive, redacted)"
            )
        if fc.kind == "added":
            return f"{label}: added {self.value(fc.after)}"
        if fc.kind == "removed":
            return f"{label}: removed {self.value(fc.before)}"
        a, b = MONEY.match(str(fc.before)), MONEY.match(str(fc.after))
        if a and b and a[2] == b[2]:
            before = format_decimal(Decimal(a[1]), format="#,##0.00", locale=self.locale)
            return f"{label}: {before} → {self.amount(Decimal(b[1]), b[2])}"
        return f"{label}: {self.value(fc.before)} → {self.value(fc.after)}"


def _record_heading(change: RecordChange) -> str:
    title = f" {change.title}" if change.title else ""
    moved = f", moved from {change.old_path}" if change.old_path else ""
    return f"{change.register} {change.id}{title}: {change.status} ({change.path}{moved})"


def _record_lines(change: RecordChange, fmt: Formatter) -> list[str]:
    if change.status == "unreadable":
        return [f"unreadable {change.problem}"]
    if change.status == "added":
        return [fmt.field(fc) for fc in change.fields]
    return [fmt.change(fc) for fc in change.fields]


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
        out += [
            f"  {n.key:<{width}}  {fmt.amount(n.amount, n.currency, True):>18}"
            for n in diff.ledger.net
        ]
        out.append("")
    if diff.ledger.result:
        out.append("Effect on the result (profit +, loss −)")
        out += [f"  {r.key}: {fmt.amount(r.amount, r.currency, True)}" for r in diff.ledger.result]
        out.append("")
    out += _files_text("Generated ledger files", diff.ledger.generated)
    out += _files_text("Documents", diff.documents)
    out += _ledger_errors(diff)
    if diff.empty:
        out.append("No changes to records, ledger or documents.")
    return "\n".join(out).rstrip("\n") + "\n"


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
        f"The ledger has {lc.errors_before} error(s) in {diff.base} "
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
        out += [f"| {n.key} | {fmt.amount(n.amount, n.currency, True)} |" for n in diff.ledger.net]
        out.append("")
    if diff.ledger.result:
        out += ["### Effect on the result (profit +, loss −)", ""]
        out += [f"- {r.key}: {fmt.amount(r.amount, r.currency, True)}" for r in diff.ledger.result]
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
