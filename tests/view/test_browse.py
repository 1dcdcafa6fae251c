"""Record pages as data: labels from the schema, lists of flat items as tables, and sensitive
values hidden unless asked for."""

from __future__ import annotations

from typing import Any

import pytest

from backoffice.view.browse import HIDDEN, Field, fields, label

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "private_iban": {"type": "string"},
        "salary": {
            "title": "Salary history",
            "type": "array",
            "x-sensitive": True,
            "items": {
                "type": "object",
                "properties": {"valid_from": {"type": "string"}, "gross_monthly": {}},
            },
        },
        "contacts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "phone": {"type": "string", "x-sensitive": True},
                },
            },
        },
        "home": {
            "type": "object",
            "properties": {"address": {"x-sensitive": True, "type": "object"}, "floor": {}},
        },
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
DATA = {
    "name": "Eva",
    "private_iban": "SK31 1200 0000 1987 4263 7541",
    "salary": [
        {"valid_from": "2024-01-01", "gross_monthly": "3100.00 EUR"},
        {"valid_from": "2025-01-01", "gross_monthly": "3300.00 EUR"},
    ],
    "contacts": [{"name": "Ján", "phone": "+421 900 000 001"}, {"name": "Ida"}],
    "home": {"address": {"street": "Hlavná 1", "city": "Nitra"}, "floor": 3},
    "tags": ["a", "b"],
}


@pytest.mark.parametrize(
    ("key", "schema", "wanted"),
    [
        ("gross_monthly", {}, "Gross monthly"),
        ("private_iban", {}, "Private IBAN"),
        ("fte", None, "FTE"),
        ("salary", {"title": "Salary history"}, "Salary history"),
        ("valid-from", {}, "Valid from"),
        (2, {}, "#3"),
    ],
)
def test_labels_come_from_the_schema_or_the_key(key: str | int, schema: Any, wanted: str) -> None:
    assert label(key, schema) == wanted


def _shown(show: bool) -> list[Field]:
    return list(fields(DATA, SCHEMA, show))


def test_sensitive_fields_are_one_hidden_line() -> None:
    shown = {f.path: f for f in _shown(False)}
    assert shown["salary"].label == "Salary history"
    assert (shown["salary"].value, shown["salary"].hidden, shown["salary"].rows) == (
        HIDDEN,
        True,
        [],
    )
    assert shown["home.address"].value == HIDDEN
    assert not any(p.startswith("home.address.") or p.startswith("salary.") for p in shown)
    assert shown["home.floor"].value == "3" and shown["private_iban"].value.startswith("SK31")
    text = repr(_shown(False))
    for secret in ("3100.00", "Hlavná", "Nitra", "+421 900"):
        assert secret not in text


def test_a_list_of_flat_items_is_a_table() -> None:
    shown = {f.path: f for f in _shown(False)}
    contacts = shown["contacts"]
    assert contacts.columns == ["Name", "Phone"]
    assert [[c.value for c in row] for row in contacts.rows] == [["Ján", HIDDEN], ["Ida", ""]]
    assert [(f.label, f.value) for f in _shown(False) if f.path.startswith("tags.")] == [
        ("#1", "a"),
        ("#2", "b"),
    ]


def test_everything_shows_when_asked() -> None:
    shown = {f.path: f for f in _shown(True)}
    salary = shown["salary"]
    assert salary.columns == ["Valid from", "Gross monthly"]
    assert [[c.value for c in row] for row in salary.rows] == [
        ["2024-01-01", "3100.00 EUR"],
        ["2025-01-01", "3300.00 EUR"],
    ]
    assert shown["home.address.street"].value == "Hlavná 1"
    assert not any(f.hidden for f in _shown(True))
