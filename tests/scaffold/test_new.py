"""`backoffice new REGISTER`: a record scaffolded from its schema, with the next free id, the
fields given by --set and placeholders that `check` reports until they are filled."""

from __future__ import annotations

import json

import pytest
from click.testing import Result

from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from backoffice.scaffold.record import draft, numbered_registers
from support import REPO, Tiny, run

RISKS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "category", "owner", "identified", "inherent", "actions"],
    "properties": {
        "id": {"$ref": "defs.schema.json#/$defs/id", "pattern": "^R-[0-9]{3}$"},
        "title": {"type": "string", "minLength": 1, "description": "What could happen."},
        "category": {"enum": ["financial", "legal", "IT security"]},
        "kind": {"const": "risk"},
        "owner": {"$ref": "defs.schema.json#/$defs/ref_people"},
        "identified": {"$ref": "defs.schema.json#/$defs/date"},
        "score": {"type": "integer", "minimum": 1, "maximum": 25},
        "inherent": {
            "type": "object",
            "additionalProperties": False,
            "required": ["likelihood", "impact"],
            "properties": {
                "likelihood": {"type": "integer", "minimum": 1, "maximum": 5},
                "impact": {"type": "integer", "minimum": 1, "maximum": 5},
            },
        },
        "actions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["action"],
                "anyOf": [{"required": ["owner"]}, {"required": ["supplier"]}],
                "properties": {
                    "action": {"type": "string"},
                    "owner": {"$ref": "defs.schema.json#/$defs/ref_people"},
                    "supplier": {"type": "string"},
                },
            },
        },
    },
}


@pytest.fixture
def company(tiny: Tiny) -> Tiny:
    tiny.write("schemas/risks.schema.json", json.dumps(RISKS_SCHEMA, indent=2))
    return tiny


def new(tiny: Tiny, *args: str) -> Result:
    return run("--root", str(tiny.root), "new", *args)


def files(tiny: Tiny) -> dict[str, bytes]:
    return {
        p.relative_to(tiny.root).as_posix(): p.read_bytes()
        for p in sorted(tiny.root.rglob("*"))
        if p.is_file()
    }


def test_new_takes_the_next_id_of_the_register_and_prints_the_path(company: Tiny) -> None:
    result = new(company, "people", "--set", "name=Eva Nová")
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/people/P-0003.yaml\n"
    text = (company.root / "records/people/P-0003.yaml").read_text(encoding="utf-8")
    assert text == 'id: "P-0003"\nname: "Eva Nová"\n'
    assert company.check().exit_code == 0
    assert new(company, "people", "--set", "name=Ján").stdout == "records/people/P-0004.yaml\n"


def test_without_records_the_id_comes_from_the_schema_and_placeholders_are_reported(
    company: Tiny,
) -> None:
    result = new(company, "risks", "--set", "title=Bank outage", "--set", "inherent.impact=4")
    assert result.exit_code == 0, result.output
    assert result.stdout == "records/risks/R-001.yaml\n"
    assert result.stderr == (
        "to fill in: category, owner, identified, inherent.likelihood, actions.0.action, "
        "actions.0.owner\n"
    )
    text = (company.root / "records/risks/R-001.yaml").read_text(encoding="utf-8")
    assert text == (
        'id: "R-001"\n'
        'title: "Bank outage"\n'
        'category: "TODO: one of financial, legal, IT security"\n'
        'owner: "TODO: the id of a record in people"\n'
        'identified: "TODO: a date, YYYY-MM-DD"\n'
        "inherent:\n"
        '  likelihood: "TODO: likelihood (integer)"\n'
        "  impact: 4\n"
        "actions:\n"
        '  - action: "TODO: action (string)"\n'
        '    owner: "TODO: the id of a record in people"\n'
    )
    checked = company.check()
    assert checked.exit_code == 1
    rel = "records/risks/R-001.yaml"
    assert checked.stdout.splitlines() == [
        f"{rel}:3:11: PLACEHOLDER category: to fill in (one of financial, legal, IT security)",
        f"{rel}:4:8: PLACEHOLDER owner: to fill in (the id of a record in people)",
        f"{rel}:5:13: PLACEHOLDER identified: to fill in (a date, YYYY-MM-DD)",
        f"{rel}:7:15: PLACEHOLDER inherent.likelihood: to fill in (likelihood (integer))",
        f"{rel}:10:13: PLACEHOLDER actions.0.action: to fill in (action (string))",
        f"{rel}:11:12: PLACEHOLDER actions.0.owner: to fill in (the id of a record in people)",
    ]


def test_set_values_are_yaml_scalars_checked_against_their_field(company: Tiny) -> None:
    args = ("--set", "title=x", "--set", "owner=P-0001", "--set", "identified=2026-12-02")
    result = new(company, "risks", *args, "--set", "score=12", "--set", "category=legal")
    assert result.exit_code == 0, result.output
    text = (company.root / "records/risks/R-001.yaml").read_text(encoding="utf-8")
    assert 'owner: "P-0001"\n' in text and 'identified: "2026-12-02"\n' in text
    assert "score: 12\n" in text and 'category: "legal"\n' in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("nope",),
            "no register 'nope' with numbered records (choose from people, risks)",
        ),
        (
            ("people", "--set", "shoe_size=44"),
            "unknown field 'shoe_size' of people (fields: id, name, manager, start, "
            "cost_account, iban, ico, dic, vat_id, bic, country, national_id, peppol_id, salary)",
        ),
        (
            ("risks", "--set", "inherent.colour=red"),
            "unknown field 'inherent.colour' of risks",
        ),
        (("people", "--set", "name"), "'name' is not FIELD=VALUE"),
        (("people", "--set", "id=P-0100"), "the id is the next free one (P-0003)"),
        (("people", "--set", "name=[a, b]"), "'[a, b]' is not a YAML scalar"),
        (("risks", "--set", "score=99"), "score: 99 is greater than the maximum of 25"),
        (("risks", "--set", "owner=P-0099"), "owner: 'P-0099' is not a record in people"),
        (("risks", "--set", "identified=2026-02-30"), "identified: '2026-02-30' is not a 'date'"),
        (("people", "--set", "iban=SK00"), "iban: 'SK00' is not a valid IBAN"),
    ],
    ids=[
        "register",
        "field",
        "nested-field",
        "assignment",
        "id",
        "not-scalar",
        "maximum",
        "reference",
        "date",
        "check-digits",
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(
    company: Tiny, args: tuple[str, ...], message: str
) -> None:
    before = files(company)
    result = new(company, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert files(company) == before


@pytest.mark.parametrize(
    ("register", "command"),
    [
        ("invoices", "backoffice invoice new --customer ID"),
        ("bills", "backoffice bill new --supplier ID"),
        ("payroll", "backoffice payroll draft YYYY-MM"),
    ],
)
def test_dated_registers_name_the_command_that_writes_them(
    company: Tiny, register: str, command: str
) -> None:
    company.write(f"schemas/{register}.schema.json", json.dumps(RISKS_SCHEMA))
    before = files(company)
    result = new(company, register)
    assert result.exit_code == 2
    assert command in result.stderr
    assert files(company) == before


def test_an_existing_file_at_the_next_id_is_not_overwritten(company: Tiny) -> None:
    # a file the register does not read (not YAML of a record) still holds the name
    company.write("records/people/P-0003.yaml", "id: P-0003\nname: Someone\n")
    result = new(company, "people", "--set", "name=Eva")
    assert result.stdout == "records/people/P-0004.yaml\n"


@pytest.fixture(scope="module")
def example() -> Workspace:
    return open_workspace(REPO)


def test_every_numbered_register_of_the_example_scaffolds(example: Workspace) -> None:
    numbered = numbered_registers(example)
    assert set(numbered) == {
        "assets",
        "contracts",
        "customers",
        "decisions",
        "incidents",
        "items",
        "licenses",
        "locations",
        "people",
        "policies",
        "processing",
        "projects",
        "purchase-orders",
        "risks",
        "routines",
        "stock",
        "suppliers",
        "systems",
    }
    for register in numbered:
        made = draft(example, register, [])
        folder = f"{register}/2026" if register in ("purchase-orders", "stock") else register
        assert made.rel.as_posix() == f"records/{folder}/{made.id}.yaml"
        assert not (REPO / made.rel).exists()
        assert made.id not in {r.id for r in example.register(register)}
    assert draft(example, "people", []).id == "P-0011"
