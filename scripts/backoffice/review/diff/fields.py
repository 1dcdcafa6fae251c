"""The field diff of two versions of a record (lists of objects matched by an identifying
field, x-sensitive fields found through references), and values as a reviewer reads them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from backoffice.core.values import as_money

IDENTITY_KEYS = ("id", "code", "number", "iban", "person", "valid_from", "from", "date")
"""Fields that identify an object in a list, tried in this order. Only fields that name the
item itself: an account, a name or a role describes an item, and keying by it would change
with the values (invoice lines keyed by account until two lines share one). A list whose
items hold none of these, each present and unique on both sides, is compared by position."""
MISSING: Any = object()


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
                    f"{singular(label)} {i + 1}",
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


def singular(label: str) -> str:
    """The label of one item of a list by position: "lines" → "line" (then "line 2")."""
    found = re.search(r"[A-Za-z_]+$", label)
    if found is None:
        return label
    word = found.group()
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return label[: found.start()] + word


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
            money = as_money(value)
            return self.amount(*money) if money else value
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
        a, b = as_money(fc.before), as_money(fc.after)
        if a and b and a[1] == b[1]:
            before = format_decimal(a[0], format="#,##0.00", locale=self.locale)
            return f"{label}: {before} → {self.amount(*b)}"
        return f"{label}: {self.value(fc.before)} → {self.value(fc.after)}"
