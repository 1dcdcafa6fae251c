"""Parsing records: values and positions survive, money stays exact."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from backoffice.load.yamlfile import parse_yaml_text


def test_values_and_positions() -> None:
    parsed, problems = parse_yaml_text(
        "id: P-0001\nrate: 1.50\nstart: 2026-03-01\nlist:\n  - a: 1\n", "x.yaml"
    )
    assert not problems and parsed is not None
    assert parsed.data == {
        "id": "P-0001",
        "rate": Decimal("1.50"),
        "start": "2026-03-01",
        "list": [{"a": 1}],
    }
    assert parsed.positions.of(("list", 0, "a")) == (5, 8)
    assert parsed.positions.of(("list", 0, "a"), key=True) == (5, 5)
    assert parsed.positions.of(("missing", "deeper")) == (1, 1)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("12.50", Decimal("12.50")),
        ("1_000.5", Decimal("1000.5")),
        ("-.5e+3", "-.5e+3"),
        (".5", Decimal("0.5")),
        (".nan", ".nan"),
        (".NaN", ".NaN"),
        (".inf", ".inf"),
        ("-.Inf", "-.Inf"),
        ("1.0e+400", "1.0e+400"),
        ("1e400", "1e400"),
        ("190:20:30.15", "190:20:30.15"),
        ("1:30", "1:30"),
        ("123456789012345678901234567890", 123456789012345678901234567890),
    ],
)
def test_only_plain_numbers_become_numbers(written: str, value: object) -> None:
    """A float in digits and a point is a Decimal; NaN, infinity, exponents and sexagesimal
    numbers stay the text they are written as, which the schema and the value readers
    refuse (a NaN would make every comparison of the schema's bounds raise)."""
    parsed, problems = parse_yaml_text(f"a: {written}\n", "x.yaml")
    assert not problems and parsed is not None
    assert parsed.data == {"a": value}
    assert type(parsed.data["a"]) is type(value)


def test_merge_keys_are_refused() -> None:
    _, problems = parse_yaml_text("base: &b {a: 1}\nthis:\n  <<: *b\n", "x.yaml")
    assert [(p.line, p.code) for p in problems] == [(3, "YAML-TAG")]


def test_complex_keys_are_refused() -> None:
    _, problems = parse_yaml_text("? [a, b]\n: 1\n", "x.yaml")
    assert [p.code for p in problems] == ["YAML-SYNTAX"]


@pytest.mark.parametrize(
    ("text", "line", "column", "character"),
    [
        ("a: \x07\n", 1, 4, "#x0007"),
        ("id: 1\nnote: 😀 ok\x1b\n", 2, 11, "#x001b"),
        ("id: 1\nnote: \ufffe\n", 2, 7, "#xfffe"),
    ],
    ids=["bell", "escape after a four-byte character", "non-character"],
)
def test_refused_character_is_placed_in_characters(
    text: str, line: int, column: int, character: str
) -> None:
    """libyaml gives only a byte offset for a character it refuses; the problem still names
    the line and the column in characters, like every other YAML problem."""
    _, problems = parse_yaml_text(text, "x.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(line, column, "YAML-SYNTAX")]
    assert problems[0].message.startswith(f"unacceptable character {character}: ")
    assert "\n" not in problems[0].message


def test_values_nested_deeper_than_the_bound() -> None:
    """Nesting is refused at MAX_DEPTH, long before Python's recursion limit could be hit."""
    _, problems = parse_yaml_text("a: " + "[" * 100 + "]" * 100 + "\n", "x.yaml")
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (1, 68, "YAML-DEPTH", "values nested more than 64 levels deep")
    ]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: P-0001\nname:\n\tfirst: Eva\n", 3, 1),
        ("id: P-0001\naddress:\n  street: Hlavná 1\n \tcity: Žilina\n", 4, 2),
        ("id: P-0001\nlist:\n-\titem\n", 3, 2),
    ],
    ids=["tab indent", "tab after spaces", "tab after a dash"],
)
def test_a_tab_is_named_where_it_stands(text: str, line: int, column: int) -> None:
    _, problems = parse_yaml_text(text, "x.yaml")
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (line, column, "YAML-SYNTAX", "a tab character here; YAML indents with spaces only")
    ]


def test_an_alias_to_its_own_container_is_an_alias_problem() -> None:
    _, problems = parse_yaml_text("id: &a [1, *a]\n", "x.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("YAML-ALIAS", "an alias refers to a value holding it")
    ]


def test_a_byte_order_mark_is_read_as_yaml_allows() -> None:
    parsed, problems = parse_yaml_text("\ufeffid: P-0001\nname: Eva\n", "x.yaml")
    assert not problems and parsed is not None
    assert parsed.data == {"id": "P-0001", "name": "Eva"}
    assert parsed.positions.of(("id",), key=True) == (1, 1)


money = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)
plain = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
scalars = st.one_of(plain, st.integers(-(10**12), 10**12), money, st.booleans(), st.none())
documents = st.dictionaries(
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(plain, scalars, max_size=3)),
    min_size=1,
    max_size=8,
)


class _Dumper(yaml.SafeDumper):
    """Writes Decimals as YAML floats, the way a person types an amount."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


@given(documents)
def test_round_trip_keeps_every_value_exact(document: dict[str, object]) -> None:
    text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True)
    parsed, problems = parse_yaml_text(text, "x.yaml")
    assert not problems and parsed is not None
    assert parsed.data == document
