"""`backoffice history`: the commits that changed a record, and what each changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import run
from support.gitrepo import P1, Repo, damage


def masked(text: str) -> str:
    """Commit ids depend on every byte of the fixture; the test does not."""
    return re.sub(r"\b[0-9a-f]{10}\b", "<commit>", text)


def test_history_of_a_person(repo: Repo) -> None:
    repo.commit("Start the books")
    repo.write(
        "records/people/P-0001.yaml",
        P1.replace('"2400.00 EUR"\npersonal', '"2650.00 EUR"\npersonal'),
    )
    repo.commit("Raise from March")
    repo.path("records/people/P-0001.yaml").rename(repo.path("records/people/former/P-0001.yaml"))
    repo.commit("Jana left")
    result = repo.cli("history", "P-0001")
    assert result.exit_code == 0, result.stderr
    text = masked(result.stdout)
    assert text.startswith(
        "History of people P-0001 (records/people/former/P-0001.yaml)\n"
        "\n"
        "2026-03-02  <commit>  Eva Molnárová: Jana left\n"
        "  moved from records/people/P-0001.yaml\n"
        "\n"
        "2026-03-02  <commit>  Eva Molnárová: Raise from March\n"
        "  changed\n"
        "  salary from 2026-03-01: 2,400.00 → 2,650.00 EUR\n"
        "\n"
        "2026-03-02  <commit>  Eva Molnárová: Start the books\n"
        "  created\n"
        "  id: P-0001\n"
    )
    redacted = repo.cli("history", "people/P-0001", "--redact").stdout
    assert "salary: changed (sensitive, redacted)" in redacted
    assert "2,650.00" not in redacted
    data = json.loads(repo.cli("history", "P-0001", "--format", "json").stdout)
    assert [s["status"] for s in data["steps"]] == ["moved", "changed", "created"]


def test_history_of_a_deleted_record(repo: Repo) -> None:
    repo.commit("Start")
    repo.path("records/people/P-0002.yaml").unlink()
    repo.commit("Remove Peter")
    result = repo.cli("history", "P-0002")
    assert result.exit_code == 0, result.stderr
    assert "Remove Peter\n  deleted\n" in result.stdout


def test_unknown_record(repo: Repo) -> None:
    repo.commit("Start")
    result = repo.cli("history", "P-0999")
    assert result.exit_code == 1
    assert "Error: no record 'P-0999' in records/, now or in the history" in result.stderr


def test_ambiguous_id(repo: Repo) -> None:
    repo.commit("Start")
    repo.write("records/people/X-1.yaml", "id: X-1\nname: Eva\n")
    repo.write("records/assets/X-1.yaml", "id: X-1\nname: Laptop\n")
    result = repo.cli("history", "X-1")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'X-1' is ambiguous: records/assets/X-1.yaml, records/people/X-1.yaml; "
        "name it as register/id or as a path\n"
    )
    named = repo.cli("history", "people/X-1")
    assert named.exit_code == 0, named.stderr
    assert named.stdout.startswith("History of people X-1 (records/people/X-1.yaml)\n")


def test_damaged_repository(repo: Repo) -> None:
    repo.commit("Start")
    tree = damage(repo)
    result = repo.cli("history", "P-0001")
    assert result.exit_code == 1
    # git's own last line, whose words vary between versions of git
    assert result.stderr.startswith("Error: fatal: ") and tree in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_history_without_git(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = run("--root", str(tmp_path), "history", "P-0001")
    assert result.exit_code == 2
    assert "is not in a Git repository" in result.stderr


def test_a_path_is_taken_from_the_current_directory(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit("Start the books")
    repo.write("records/people/P-0001.yaml", P1.replace("2400.00", "2650.00", 1))
    repo.commit("Raise")
    monkeypatch.chdir(repo.path("records/people"))
    for name in (
        "P-0001.yaml",
        "./P-0001.yaml",
        "../people/P-0001.yaml",
        str(repo.root / "records/people/P-0001.yaml"),
    ):
        result = repo.cli("history", name)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("History of people P-0001 (records/people/P-0001.yaml)\n")
        assert result.stdout.count("Eva Molnárová: ") == 2


def test_a_path_from_outside_the_repository_is_taken_from_the_root(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit("Start")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = repo.cli("history", "records/people/P-0002.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("History of people P-0002 (records/people/P-0002.yaml)\n")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/etc/passwd", "/etc/passwd is outside the repository"),
        ("../../../P-0001.yaml", "../../../P-0001.yaml is outside the repository"),
        (
            "../../ledger/main.beancount",
            "../../ledger/main.beancount is not a record: records are records/**/*.yaml",
        ),
        ("./link.yaml", "./link.yaml is outside the repository"),
    ],
    ids=["absolute", "relative", "not a record", "symlink"],
)
def test_a_path_outside_the_records_is_a_usage_error(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    repo.commit("Start")
    repo.path("records/people/link.yaml").symlink_to("/etc/hostname")
    monkeypatch.chdir(repo.path("records/people"))
    result = repo.cli("history", name)
    assert result.exit_code == 2
    assert f"Error: {message}" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
