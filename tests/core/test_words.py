"""`count` says a number with its noun, and no output of the package counts without it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from backoffice.core.words import count
from support import REPO

PACKAGE = REPO / "scripts" / "backoffice"


@pytest.mark.parametrize(
    ("n", "said"),
    [(0, "0 problems"), (1, "1 problem"), (2, "2 problems"), (21, "21 problems")],
)
def test_count_agrees_with_the_number(n: int, said: str) -> None:
    assert count(n, "problem") == said


def test_count_takes_an_irregular_plural() -> None:
    assert count(1, "ledger entry", "ledger entries") == "1 ledger entry"
    assert count(3, "ledger entry", "ledger entries") == "3 ledger entries"


def is_a_count(node: ast.expr) -> bool:
    """len(...), a dict's count read with .get(key, 0), or a name that says it counts."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        default = node.args[1:2]
        zero = bool(default) and isinstance(default[0], ast.Constant) and default[0].value == 0
        return node.func.attr == "get" and zero
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name in {"n", "count"} or name.endswith(("_count", "_days"))


def counted_plurals(source: str) -> list[str]:
    """Every f-string that puts a count right before a plural noun, and every '(s)'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "(s)" in node.value:
            found.append(f"{node.lineno}: {node.value!r}")
        if not isinstance(node, ast.JoinedStr):
            continue
        for value, after in zip(node.values, node.values[1:], strict=False):
            if (
                isinstance(value, ast.FormattedValue)
                and is_a_count(value.value)
                and isinstance(after, ast.Constant)
                and isinstance(after.value, str)
                and re.match(r" [a-z]+s\b", after.value)
            ):
                found.append(f"{node.lineno}: {{{ast.unparse(value.value)}}}{after.value}")
    return found


def test_the_scan_finds_a_count_before_a_plural() -> None:
    assert counted_plurals('f"{len(x)} problems"\nf"{totals.get(\'documents\', 0)} invoices"')
    assert counted_plurals('"error(s)"')
    assert not counted_plurals('f"{count(len(x), \'problem\')} found"\nf"{size} is"')


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix()
)
def test_no_count_is_put_before_a_plural_by_hand(path: Path) -> None:
    assert not counted_plurals(path.read_text(encoding="utf-8")), "use backoffice.core.words.count"


def test_no_template_counts_before_a_plural_by_hand() -> None:
    for path in PACKAGE.rglob("templates/*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|length \}\} [a-z]+s\b", text), path
