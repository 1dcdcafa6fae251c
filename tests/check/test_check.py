"""`backoffice check`: exit paths, output formats, and every bad input named in one run."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from backoffice import cli
from backoffice.check.run import CheckOptionError, CheckOptions
from backoffice.core.domain import Domain
from backoffice.core.problems import Problem
from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from support import REPO, Tiny, run


def lines(output: str) -> list[str]:
    return output.splitlines()


def test_clean_workspace_exits_0(tiny: Tiny) -> None:
    result = tiny.check()
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ("2 records in 1 register and 7 ledger entries checked: no problems.\n")


def test_example_company_is_clean() -> None:
    result = run("--root", str(REPO), "check")
    # the one payment of the December statement that nothing matched waits for a decision
    (warning,) = result.stdout.splitlines()
    assert ": BANK-UNMATCHED warning: 150.00 EUR from Peter Hruska on 2026-12-02" in warning
    assert result.exit_code == 0, result.stderr


def test_problems_exit_1_sorted_with_summary(tiny: Tiny) -> None:
    tiny.write("records/people/P-0003.yaml", "id: P-0003\nname: X\nmanager: P-0099\n")
    tiny.write("records/people/P-0002.yaml", "id: P-0002\nname: Y\nshoe_size: 42\n")
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "records/people/P-0002.yaml:3:1: SCHEMA unknown field 'shoe_size'",
        "records/people/P-0003.yaml:3:10: REF-UNKNOWN manager: 'P-0099' is not a record in people",
    ]
    assert result.stderr.endswith("2 errors and 0 warnings in 2 files.\n")


def test_json_format(tiny: Tiny) -> None:
    tiny.write("records/people/P-0002.yaml", "id: P-0002\nname: 7\n")
    result = tiny.check("--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "records/people/P-0002.yaml",
            "line": 2,
            "column": 7,
            "code": "SCHEMA",
            "message": "name: 7 is not of type 'string'",
            "severity": "error",
        }
    ]


def test_github_format(tiny: Tiny) -> None:
    tiny.write("records/people/P-0002.yaml", "id: P-0002\nname: 7\n")
    result = tiny.check("--format", "github")
    assert result.stdout == (
        "::error file=records/people/P-0002.yaml,line=2,col=7,title=SCHEMA::"
        "name: 7 is not of type 'string'\n"
    )


def test_unknown_format_is_usage_error(tiny: Tiny) -> None:
    result = tiny.check("--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_not_a_workspace_is_usage_error(tmp_path: Path) -> None:
    result = run("--root", str(tmp_path), "check")
    assert result.exit_code == 2
    assert "is not a back-office repository" in result.stderr


# --- bad records: each is named with its file and line, exit 1, no traceback -----------------

BAD_RECORDS: list[tuple[str, bytes, str]] = [
    (
        "malformed YAML",
        b"id: P-0009\nname: [unclosed\n",
        "records/people/P-0009.yaml:3:1: YAML-SYNTAX",
    ),
    ("empty file", b"", "records/people/P-0009.yaml:1:1: FILE-EMPTY"),
    (
        "list instead of mapping",
        b"- id: P-0009\n- name: X\n",
        "records/people/P-0009.yaml:1:1: SCHEMA [",
    ),
    (
        "invalid UTF-8",
        b"id: P-0009\nname: Mal\xe9\n",
        "records/people/P-0009.yaml:2:10: FILE-ENCODING not valid UTF-8",
    ),
    (
        "binary file",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "records/people/P-0009.yaml:3:1: FILE-BINARY",
    ),
    (
        "python object tag",
        b"id: P-0009\nname: !!python/object/apply:os.system [echo hi]\n",
        "records/people/P-0009.yaml:2:7: YAML-TAG tag 'tag:yaml.org,2002:python/object/apply:",
    ),
    (
        "YAML tag on a scalar",
        b"id: P-0009\nname: !!binary aGk=\n",
        "records/people/P-0009.yaml:2:7: YAML-TAG tag 'tag:yaml.org,2002:binary' is not allowed",
    ),
    (
        "duplicate key",
        b"id: P-0009\nname: A\nname: B\n",
        "records/people/P-0009.yaml:3:1: YAML-DUPLICATE-KEY duplicate key 'name'",
    ),
    (
        "two documents",
        b"id: P-0009\n---\nid: P-0010\n",
        "records/people/P-0009.yaml:2:1: YAML-SYNTAX",
    ),
    (
        "date that does not exist",
        b"id: P-0009\nname: A\nstart: 2026-02-30\n",
        "records/people/P-0009.yaml:3:8: DATE-INVALID start: '2026-02-30' is not a 'date'",
    ),
    (
        "missing required field",
        b"id: P-0009\n",
        "records/people/P-0009.yaml:1:1: SCHEMA 'name' is a required property",
    ),
    (
        "id differs from file name",
        b"id: P-0010\nname: A\n",
        "records/people/P-0009.yaml:1:5: ID-MISMATCH id 'P-0010' differs from the file name",
    ),
    (
        "account not in the ledger",
        b"id: P-0009\nname: A\ncost_account: Expenses:Travel\n",
        "records/people/P-0009.yaml:3:15: ACCOUNT-UNKNOWN cost_account: account Expenses:Travel",
    ),
    (
        "IBAN check digits",
        b"id: P-0009\nname: A\niban: SK3112000000198742637542\n",
        "records/people/P-0009.yaml:3:7: IBAN-INVALID iban: 'SK3112000000198742637542' is not a "
        "valid IBAN",
    ),
    (
        "ICO check digit",
        b"id: P-0009\nname: A\nico: '35763468'\n",
        "records/people/P-0009.yaml:3:6: ICO-INVALID",
    ),
    (
        "DIC check",
        b"id: P-0009\nname: A\ndic: '2120123457'\n",
        "records/people/P-0009.yaml:3:6: DIC-INVALID",
    ),
    (
        "VAT id check",
        b"id: P-0009\nname: A\nvat_id: SK2120123457\n",
        "records/people/P-0009.yaml:3:9: VAT-ID-INVALID",
    ),
    ("BIC", b"id: P-0009\nname: A\nbic: TATRXXBX\n", "records/people/P-0009.yaml:3:6: BIC-INVALID"),
    (
        "country code",
        b"id: P-0009\nname: A\ncountry: XZ\n",
        "records/people/P-0009.yaml:3:10: COUNTRY-UNKNOWN",
    ),
    (
        "birth number",
        b"id: P-0009\nname: A\nnational_id: 810417/3188\n",
        "records/people/P-0009.yaml:3:14: NATIONAL-ID-INVALID",
    ),
    (
        "Peppol id of an unknown scheme",
        b"id: P-0009\nname: A\npeppol_id: '9999:12345'\n",
        "records/people/P-0009.yaml:3:12: PEPPOL-ID-INVALID peppol_id: '9999:12345' is not a "
        "valid Peppol participant id (<EAS>:<id>)",
    ),
    (
        "Peppol id, GLN check digit",
        b"id: P-0009\nname: A\npeppol_id: '0088:7300010000002'\n",
        "records/people/P-0009.yaml:3:12: PEPPOL-ID-INVALID",
    ),
    (
        "Peppol id, Slovak DIČ",
        b"id: P-0009\nname: A\npeppol_id: '0245:2120123457'\n",
        "records/people/P-0009.yaml:3:12: PEPPOL-ID-INVALID",
    ),
    (
        "money without currency",
        b"id: P-0009\nname: A\nsalary: '2400.00'\n",
        "records/people/P-0009.yaml:3:9: SCHEMA salary: '2400.00' does not match",
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(c, e) for _, c, e in BAD_RECORDS],
    ids=[name for name, _, _ in BAD_RECORDS],
)
def test_bad_record_is_named(tiny: Tiny, content: bytes, expected: str) -> None:
    tiny.write_bytes("records/people/P-0009.yaml", content)
    result = tiny.check()
    assert result.exit_code == 1
    assert any(line.startswith(expected) for line in lines(result.stdout)), result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "id: P-0009\nname: Mal\x07ý\n",
            "records/people/P-0009.yaml:2:10: YAML-SYNTAX unacceptable character #x0007: "
            "control characters are not allowed",
        ),
        (
            "id: P-0009\nname: Malý\x1b\n",
            "records/people/P-0009.yaml:2:11: YAML-SYNTAX unacceptable character #x001b: "
            "control characters are not allowed",
        ),
    ],
    ids=["bell", "escape after a two-byte letter"],
)
def test_control_character_is_named_where_it_stands(
    tiny: Tiny, content: str, expected: str
) -> None:
    """YAML refuses control characters without a mark: the line and column (in characters)
    still come from where the character stands, on one line of output."""
    tiny.write("records/people/P-0009.yaml", content)
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [expected]


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.with_name("gone.yaml"))


def _no_permission(path: Path) -> None:
    path.write_text("id: P-0009\nname: A\n", encoding="utf-8")
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return
    pytest.skip("this user reads a file without permissions (root)")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_dangling_link, "No such file or directory"),
        (_no_permission, "Permission denied"),
    ],
    ids=["link to nowhere", "no read permission"],
)
def test_unreadable_record_is_named(tiny: Tiny, make: Callable[[Path], None], reason: str) -> None:
    make(tiny.path("records/people/P-0009.yaml"))
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [f"records/people/P-0009.yaml:1:1: FILE-UNREADABLE {reason}"]


def test_alias_bomb_is_bounded(tiny: Tiny) -> None:
    layers = ["a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        layers.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    tiny.write("records/people/P-0009.yaml", "\n".join(layers) + "\n")
    result = tiny.check()
    assert result.exit_code == 1
    assert "records/people/P-0009.yaml:" in result.stdout
    assert "YAML-ALIAS too many values" in result.stdout


def test_recursive_alias(tiny: Tiny) -> None:
    tiny.write("records/people/P-0009.yaml", "id: &a [*a]\n")
    assert "YAML-ALIAS" in tiny.check().stdout


def test_huge_file_is_refused_unread(tiny: Tiny) -> None:
    path = tiny.path("records/people/P-0009.yaml")
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = tiny.check()
    assert result.exit_code == 1
    assert (
        "records/people/P-0009.yaml:1:1: FILE-TOO-LARGE 52,428,800 bytes; a record may "
        "have at most 1,048,576\n"
    ) in result.stdout


def test_folder_without_schema(tiny: Tiny) -> None:
    tiny.write("records/pets/DOG-1.yaml", "id: DOG-1\n")
    result = tiny.check()
    assert "records/pets/DOG-1.yaml:1:1: NO-SCHEMA no schema for register 'pets'" in result.stdout


def test_non_yaml_file_in_register(tiny: Tiny) -> None:
    tiny.write("records/people/P-0009.yml", "id: P-0009\n")
    assert "records/people/P-0009.yml:1:1: FILE-NOT-RECORD" in tiny.check().stdout


def test_duplicate_id_in_subfolders(tiny: Tiny) -> None:
    tiny.write("records/people/2025/P-0009.yaml", "id: P-0009\nname: A\n")
    tiny.write("records/people/2026/P-0009.yaml", "id: P-0009\nname: B\n")
    result = tiny.check()
    assert (
        "records/people/2026/P-0009.yaml:1:1: ID-DUPLICATE people id 'P-0009' is also used "
        "by records/people/2025/P-0009.yaml"
    ) in result.stdout


def test_schema_that_is_not_json(tiny: Tiny) -> None:
    tiny.write("schemas/people.schema.json", '{\n  "type": "object",\n  oops\n}\n')
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "schemas/people.schema.json:3:3: SCHEMA-INVALID invalid JSON: Expecting property name "
        "enclosed in double quotes"
    ]


def test_schema_that_breaks_the_metaschema(tiny: Tiny) -> None:
    tiny.write("schemas/people.schema.json", '{"type": "thing"}\n')
    result = tiny.check()
    assert result.exit_code == 1
    assert result.stdout.startswith("schemas/people.schema.json:1:1: SCHEMA-INVALID at type:")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{\n  "type":\n    "obj\xffect"\n}\n',
            "schemas/people.schema.json:3:9: SCHEMA-INVALID not valid UTF-8 (byte 0xff)",
        ),
        (b"[]\n", "schemas/people.schema.json:1:1: SCHEMA-INVALID a schema must be a JSON object"),
    ],
    ids=["invalid UTF-8", "JSON array"],
)
def test_schema_that_is_not_a_json_object(tiny: Tiny, content: bytes, expected: str) -> None:
    tiny.write_bytes("schemas/people.schema.json", content)
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [expected]


def test_schema_that_cannot_be_read(tiny: Tiny) -> None:
    tiny.path("schemas/pets.schema.json").mkdir()
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "schemas/pets.schema.json:1:1: SCHEMA-INVALID cannot be read: Is a directory"
    ]


def test_broken_shared_definitions_stop_every_register(tiny: Tiny) -> None:
    tiny.write("schemas/defs.schema.json", "not json")
    result = tiny.check()
    assert lines(result.stdout) == [
        "schemas/defs.schema.json:1:1: SCHEMA-INVALID invalid JSON: Expecting value"
    ]


def test_ledger_syntax_error(tiny: Tiny) -> None:
    with tiny.path("ledger/main.beancount").open("a") as handle:
        handle.write('\n2026-02-01 * "Broken\n  Assets:Bank 1 EUR\n')
    result = tiny.check()
    assert result.exit_code == 1
    assert result.stdout.startswith("ledger/main.beancount:20:1: LEDGER ")


def test_unbalanced_transaction(tiny: Tiny) -> None:
    with tiny.path("ledger/main.beancount").open("a") as handle:
        handle.write(
            '\n2026-02-01 * "Unbalanced"\n  Assets:Bank 10.00 EUR\n  Income:Sales -9.00 EUR\n'
        )
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "ledger/main.beancount:20:1: LEDGER Transaction does not balance: (1.00 EUR)"
    ]


def test_missing_ledger(tiny: Tiny) -> None:
    tiny.path("ledger/main.beancount").unlink()
    result = tiny.check()
    assert result.exit_code == 1
    assert result.stdout.startswith("ledger/main.beancount:1:1: LEDGER ")


def test_all_problems_in_one_run(tiny: Tiny) -> None:
    tiny.write("records/people/P-0003.yaml", "id: P-0003\nname: [\n")
    tiny.write_bytes("records/people/P-0004.yaml", b"\xff\xfe")
    tiny.write("records/people/P-0005.yaml", "id: P-0005\nname: A\nmanager: P-0404\n")
    result = tiny.check()
    assert [line.split(": ")[1].split()[0] for line in lines(result.stdout)] == [
        "YAML-SYNTAX",
        "FILE-ENCODING",
        "REF-UNKNOWN",
    ]


def _snapshot(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*")}


def test_check_writes_nothing(tiny: Tiny) -> None:
    tiny.write("records/people/P-0003.yaml", "id: P-0003\nname: [\n")
    before = _snapshot(tiny.root)
    tiny.check()
    assert _snapshot(tiny.root) == before


def test_no_load_cache_written_for_a_slow_ledger(
    tiny: Tiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beancount caches loads over a second beside the ledger; check must not."""
    from beancount import loader

    monkeypatch.setattr(loader, "PICKLE_CACHE_THRESHOLD", 0.0)
    tiny.check()
    assert not any(name.endswith(".picklecache") for name in os.listdir(tiny.root / "ledger"))


def test_schema_with_a_reference_to_nowhere(tiny: Tiny) -> None:
    tiny.write(
        "schemas/people.schema.json",
        '{"properties": {"id": {"$ref": "defs.schema.json#/$defs/nope"}}}\n',
    )
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "schemas/people.schema.json:1:32: SCHEMA-INVALID $ref 'defs.schema.json#/$defs/nope' "
        "does not resolve"
    ]


def test_schema_that_refers_to_itself(tiny: Tiny) -> None:
    tiny.write(
        "schemas/people.schema.json",
        '{"$defs": {"node": {"properties": {"next": {"$ref": "#/$defs/node"}}}}, '
        '"$ref": "#/$defs/node"}\n',
    )
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "schemas/people.schema.json:1:1: SCHEMA-INVALID $ref #/$defs/node refers to itself"
    ]


def test_broken_reference_inside_the_shared_definitions(tiny: Tiny) -> None:
    defs = tiny.path("schemas/defs.schema.json")
    defs.write_text(defs.read_text().replace('"#/$defs/country"', '"#/$defs/nation"'))
    tiny.write(
        "schemas/people.schema.json",
        '{"properties": {"home": {"$ref": "defs.schema.json#/$defs/address"}}}\n',
    )
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "schemas/defs.schema.json:101:29: SCHEMA-INVALID $ref '#/$defs/nation' does not resolve",
        "schemas/people.schema.json:1:1: SCHEMA-INVALID $ref '/$defs/nation' does not resolve",
    ]


def test_long_values_are_shortened_in_messages(tiny: Tiny) -> None:
    tiny.write("records/people/P-0009.yaml", "- " + "x" * 5000 + "\n")
    (line,) = lines(tiny.check().stdout)
    assert line.startswith("records/people/P-0009.yaml:1:1: SCHEMA ['xxx")
    assert line.endswith("…") and len(line) < 320


def test_domain_rules_run_with_the_options(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []

    def payroll_rule(ws: Workspace, options: CheckOptions) -> list[Problem]:
        seen.append(options.base)
        person = ws.register("people")[0]
        return [Problem(person.rel, 1, 1, "PAYROLL-TEST", "from a rule")]

    monkeypatch.setattr(cli, "DOMAINS", (Domain("test", rules=(payroll_rule,)),))
    result = tiny.check("--base", "HEAD~1")
    assert seen == ["HEAD~1"]
    assert result.stdout == "records/people/P-0001.yaml:1:1: PAYROLL-TEST from a rule\n"


def test_a_rule_can_refuse_an_option(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    def lock_rule(ws: Workspace, options: CheckOptions) -> list[Problem]:
        raise CheckOptionError(f"{options.base!r} is not a revision")

    monkeypatch.setattr(cli, "DOMAINS", (Domain("test", rules=(lock_rule,)),))
    result = tiny.check("--base", "nope")
    assert result.exit_code == 2
    assert "Error: 'nope' is not a revision" in result.stderr


def test_one_register_is_parsed_alone(tiny: Tiny) -> None:
    tiny.write("records/pets/DOG-1.yaml", "{broken")
    ws = open_workspace(tiny.root)
    assert [r.id for r in ws.register("people")] == ["P-0001", "P-0002"]
    assert "records" not in ws.__dict__


def test_a_field_marked_x_unique_is_unique_across_files(tiny: Tiny) -> None:
    schema = tiny.path("schemas/people.schema.json")
    schema.write_text(
        schema.read_text(encoding="utf-8").replace(
            '"iban": {"$ref": "defs.schema.json#/$defs/iban"}',
            '"iban": {"$ref": "defs.schema.json#/$defs/iban", "x-unique": true}',
        ),
        encoding="utf-8",
    )
    iban = "iban: SK4811000000002926871432\n"
    tiny.write("records/people/P-0008.yaml", "id: P-0008\nname: A\n" + iban)
    tiny.write("records/people/P-0009.yaml", "id: P-0009\nname: B\n" + iban)
    result = tiny.check()
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        "records/people/P-0009.yaml:3:7: VALUE-DUPLICATE people iban "
        "'SK4811000000002926871432' is also used by records/people/P-0008.yaml "
        "(two changes merged that each took it?)"
    ]
