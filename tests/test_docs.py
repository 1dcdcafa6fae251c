"""Help text is documentation: every command and option has some, and the README matches."""

from __future__ import annotations

import re

import click
import pytest

from backoffice.cli import main
from support import REPO, run

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name: str) -> None:
    command = main.commands[name]
    assert command.help, f"{name} has no help"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_help_runs(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: main {name}") or "Usage:" in result.stdout


def test_readme_targets_exist_in_the_makefile() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, re.MULTILINE))
    mentioned = set(re.findall(r"`make ([a-z]+)`", readme))
    assert {"reports", "test"} <= mentioned
    assert mentioned <= targets


def test_readme_names_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        # init makes a repository, so it has no --root
        usage = "backoffice init DIR" if name == "init" else f"backoffice [--root DIR] {name}"
        assert usage in readme


def test_readme_lists_every_problem_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    source = "".join(p.read_text() for p in (REPO / "scripts" / "backoffice").rglob("*.py"))
    codes = set(re.findall(r'"([A-Z]+(?:-[A-Z]+)+|LEDGER|SCHEMA)"', source))
    missing = sorted(c for c in codes if f"`{c}`" not in readme)
    assert not missing, f"problem codes missing from the README: {missing}"
