"""The systems register's rules, each with the bad grant that breaks it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from backoffice.access.deadlines import system_deadlines
from backoffice.access.rules import access_grants, grants_without_seat
from backoffice.check.run import CheckOptions
from backoffice.domains import open_workspace
from support.workspace import REPO

REPO_TODAY = date(2026, 12, 2)

HEAD = "id: SYS-0009\nname: Git hosting\nowner: P-0001\naccess:\n"


def _problems(tmp_path: Path, grant: str) -> list[str]:
    """The access problems of a copy of the example's people and schemas with one system."""
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    shutil.copytree(REPO / "records" / "people", tmp_path / "records" / "people")
    (tmp_path / "records" / "systems").mkdir()
    (tmp_path / "records" / "systems" / "SYS-0009.yaml").write_text(HEAD + grant)
    found = access_grants(open_workspace(tmp_path), CheckOptions())
    return [str(p) for p in found]


@pytest.mark.parametrize(
    ("grant", "expected"),
    [
        (
            "  - {person: P-0008, role: user, granted: 2023-04-01, approver: P-0002}\n",
            "records/systems/SYS-0009.yaml:5:5: ACCESS-LEAVER P-0008 left on 2026-06-30 but "
            "their user access is still active",
        ),
        (
            "  - {person: P-0008, role: user, granted: 2023-04-01, revoked: 2026-07-31,"
            " approver: P-0002}\n",
            "records/systems/SYS-0009.yaml:5:64: ACCESS-LEAVER P-0008 left on 2026-06-30 but "
            "their user access runs until 2026-07-31",
        ),
        (
            "  - {person: P-0003, role: user, granted: 2021-01-01, revoked: 2020-12-01,"
            " approver: P-0002}\n",
            "records/systems/SYS-0009.yaml:5:64: ACCESS-DATES grant to P-0003 revoked "
            "2020-12-01 before it was granted 2021-01-01",
        ),
        (
            "  - {person: P-0009, role: user, granted: 2026-06-01, approver: P-0002}\n",
            "records/systems/SYS-0009.yaml:5:43: ACCESS-BEFORE-START grant to P-0009 from "
            "2026-06-01, before they joined on 2026-07-01",
        ),
        (
            "  - {person: P-0003, role: user, granted: 2020-02-01}\n",
            "records/systems/SYS-0009.yaml:5:14: ACCESS-NO-APPROVER warning: grant to P-0003 "
            "names no approver",
        ),
    ],
)
def test_bad_grant_is_reported_where_it_is(tmp_path: Path, grant: str, expected: str) -> None:
    assert _problems(tmp_path, grant) == [expected]


def test_revoked_on_leaving_day_and_approved_is_clean(tmp_path: Path) -> None:
    grant = (
        "  - {person: P-0008, role: user, granted: 2023-04-01, revoked: 2026-06-30,"
        " approver: P-0002}\n"
    )
    assert _problems(tmp_path, grant) == []


def test_example_grants_are_clean() -> None:
    assert access_grants(open_workspace(REPO), CheckOptions()) == []


def test_next_access_review_is_a_deadline() -> None:
    record = open_workspace(REPO).records.get("systems", "SYS-0001")
    assert record is not None
    (review,) = system_deadlines(record, REPO_TODAY)
    assert (str(review.day), review.kind) == ("2027-01-15", "access review")


def test_an_active_account_without_a_licence_seat(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    for register in ("people", "licenses", "systems"):
        shutil.copytree(REPO / "records" / register, tmp_path / "records" / register)
    system = tmp_path / "records" / "systems" / "SYS-0004.yaml"
    system.write_text(
        system.read_text()
        + "  - {person: P-0008, role: member, granted: 2023-04-01, revoked: 2026-06-30,"
        " approver: P-0002}\n"
        + "  - {person: P-0008, role: guest, granted: 2026-06-01, approver: P-0002}\n"
    )
    found = [str(p) for p in grants_without_seat(open_workspace(tmp_path), CheckOptions())]
    assert found == [
        "records/systems/SYS-0004.yaml:20:14: ACCESS-NO-SEAT warning: P-0008 holds an active "
        "account but no seat of LIC-0004 is assigned to them in the licences register"
    ]
    assert grants_without_seat(open_workspace(REPO), CheckOptions()) == []
