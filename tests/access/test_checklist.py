"""On- and offboarding checklists from the systems, assets and licences registers, and the
systems and offboarding reports of the example company."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from backoffice.access.checklist import offboarding, onboarding
from backoffice.domains import open_workspace
from support import REPO, example_report, run
from support.golden import Golden


def _items(kind: str, person_id: str, day: date) -> list[tuple[str, str, str]]:
    ws = open_workspace(REPO)
    person = ws.records.get("people", person_id)
    assert person is not None
    build = offboarding if kind == "offboarding" else onboarding
    return [(i.kind, i.record, i.status) for i in build(ws, person, day)]


def test_a_leaver_closes_accounts_hands_back_assets_and_frees_seats() -> None:
    assert _items("offboarding", "P-0005", date(2026, 12, 31)) == [
        ("account", "SYS-0001", "to close"),
        ("account", "SYS-0002", "to close"),
        ("account", "SYS-0004", "to close"),
        ("asset", "A-0005", "to hand back"),
        ("licence", "LIC-0001", "seat to free"),
        ("licence", "LIC-0002", "seat to free"),
        ("licence", "LIC-0003", "seat to free"),
        ("licence", "LIC-0004", "seat to free"),
        ("licence", "LIC-0008", "seat to free"),
    ]


def test_a_leaver_whose_accounts_were_closed_on_the_day() -> None:
    items = _items("offboarding", "P-0008", date(2026, 6, 30))
    assert [i for i in items if i[0] == "account"] == [
        ("account", "SYS-0001", "closed 2026-06-30"),
        ("account", "SYS-0002", "closed 2026-06-30"),
        ("account", "SYS-0004", "closed 2026-06-30"),
    ]
    assert [i for i in items if i[0] != "account"] == []  # laptop sold, seats freed


def test_a_joiner_gets_what_most_of_the_department_has() -> None:
    items = _items("onboarding", "P-0009", date(2026, 7, 1))
    assert ("account", "SYS-0002", "opened 2026-07-01") in items
    assert ("asset", "A-0006", "handed over") in items
    assert not any(record == "LIC-0005" for _, record, _ in items)  # Figma: two of four


def test_a_new_person_without_grants_has_accounts_to_open_and_seats_to_assign(
    tmp_path: Path,
) -> None:
    for part in ("records", "schemas"):
        shutil.copytree(REPO / part, tmp_path / part)
    joiner = (REPO / "records/people/P-0009.yaml").read_text(encoding="utf-8")
    (tmp_path / "records/people/P-0011.yaml").write_text(
        joiner.replace("P-0009", "P-0011").replace("2026-07-01", "2027-01-04"), encoding="utf-8"
    )
    ws = open_workspace(tmp_path)
    person = ws.records.get("people", "P-0011")
    assert person is not None
    items = [
        (i.kind, i.record, i.detail, i.status) for i in onboarding(ws, person, date(2027, 1, 4))
    ]
    assert items == [
        ("account", "SYS-0001", "user", "to open"),
        ("account", "SYS-0002", "developer", "to open"),
        ("account", "SYS-0004", "member", "to open"),
        ("licence", "LIC-0001", "1 of 10 seats free", "to assign"),
        ("licence", "LIC-0002", "0 of 5 seats free", "buy a seat"),
        ("licence", "LIC-0003", "2 of 10 seats free", "to assign"),
        ("licence", "LIC-0004", "1 of 10 seats free", "to assign"),
        ("licence", "LIC-0008", "0 of 9 seats free", "buy a seat"),
    ]


def test_the_command_prints_a_checklist_and_refuses_an_unknown_person() -> None:
    result = run("--root", str(REPO), "access", "checklist", "P-0005", "--format", "json")
    assert result.exit_code == 0
    assert '"title": "Offboarding: Tomáš Baláž (P-0005)"' in result.output
    assert '"as_of": "2026-12-31"' in result.output
    joiner = run("--root", str(REPO), "access", "checklist", "P-0009")
    assert joiner.output.startswith("Onboarding: Katarína Lukáčová (P-0009)")
    unknown = run("--root", str(REPO), "access", "checklist", "P-0404")
    assert unknown.exit_code == 2
    assert "no person 'P-0404' in records/people/" in unknown.output


@pytest.mark.parametrize("name", ["systems", "offboarding"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_golden_of_the_example(name: str, fmt: str, golden: Golden) -> None:
    golden(f"{name}.{fmt}", example_report(name, fmt))
