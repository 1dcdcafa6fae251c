"""Help text is documentation: every command and option has some, and the README matches."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from backoffice.cli import main
from backoffice.domains import REPORTS
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


def leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> dict[str, click.Command]:
    """Every command that runs something, by its words after `backoffice`."""
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= leaf_commands(command, (*path, name))
        else:
            found[" ".join((*path, name))] = command
    return found


LEAVES = leaf_commands(main)
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of the same level."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def usages(text: str) -> list[str]:
    """Every `backoffice ...` command line of the text: in code blocks (continuation lines
    joined, comments dropped) and in inline code."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    lines = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    lines += re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))
    found = []
    for line in lines:
        line = re.sub(r"\s#\s.*$", "", line).strip().removeprefix("$ ")
        if re.match(r"(\S*/)?backoffice\s", line):
            found.append(line)
    return found


def parse_usage(line: str) -> tuple[str, click.Command, set[str]]:
    """The command a usage line names, and the options it gives that command."""
    words = line.split()[1:]
    while words and words[0].strip("[").startswith("-"):  # backoffice's own options
        option = next(p for p in main.params if words[0].strip("[]") in p.opts)
        words = words[1 if isinstance(option, click.Option) and option.is_flag else 2 :]
    command: click.Command = main
    path = []
    while isinstance(command, click.Group) and words and words[0] in command.commands:
        command = command.commands[words[0]]
        path.append(words.pop(0))
    any_command = words == ["..."]
    assert not isinstance(command, click.Group) or not words or any_command, f"unknown: {line}"
    return " ".join(path), command, set(OPTION.findall(" ".join(words)))


def option_names(command: click.Command) -> set[str]:
    return {name for p in command.params if isinstance(p, click.Option) for name in p.opts}


def test_readme_command_reference_lists_every_command_once() -> None:
    block = re.search(r"```\n(.*?)```", section(readme(), "The command"), re.DOTALL)
    assert block, "the command reference is a code block under ## The command"
    named = [parse_usage(line)[0] for line in usages(block.group(0))]
    assert sorted(named) == sorted(LEAVES)


def test_readme_command_reference_names_every_option() -> None:
    """A usage line may leave options out only when it ends in `...` (its section has them)."""
    block = re.search(r"```\n(.*?)```", section(readme(), "The command"), re.DOTALL)
    assert block
    for line in usages(block.group(0)):
        name, command, given = parse_usage(line)
        if line.endswith("..."):
            continue
        missing = [
            p.opts
            for p in command.params
            if isinstance(p, click.Option) and not set(p.opts) & given and "--help" not in p.opts
        ]
        assert not missing, f"backoffice {name}: the README leaves out {missing}"


def test_readme_command_reference_names_the_options_before_the_command() -> None:
    text = section(readme(), "The command")
    missing = [
        p.opts
        for p in main.params
        if not any(re.search(rf"(?<![\w-]){o}(?![\w-])", text) for o in p.opts)
    ]
    assert not missing, f"backoffice's own options missing from ## The command: {missing}"


DOCUMENTS = [
    REPO / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    REPO / "scripts" / "backoffice" / "setup" / "templates" / "README.md",
]
"""The README, the docs and the README a new company gets."""


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_command_line_of_the_docs_runs_as_written(path: Path) -> None:
    """Every `backoffice ...` names a real command and only its own options."""
    for line in usages(path.read_text(encoding="utf-8")):
        name, command, given = parse_usage(line)
        unknown = given - option_names(command) - {"--root"}
        assert not unknown, f"{line!r}: backoffice {name} has no {sorted(unknown)}"


def test_the_readme_shows_commands_in_use() -> None:
    assert len(usages(readme())) > 40


def test_readme_make_table_lists_every_target() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):.*## ", makefile, re.MULTILINE)) - {"help"}
    tabled = set(re.findall(r"^\| `make ([a-z]+)` \|", section(readme(), "Set up"), re.MULTILINE))
    assert tabled == targets


def test_readme_report_table_names_every_report() -> None:
    rows = re.findall(r"^\| (`[a-z-]+`(?:, `[a-z-]+`)*) \|", section(readme(), "Reports"), re.M)
    tabled = {name for row in rows for name in re.findall(r"`([a-z-]+)`", row)}
    assert tabled == set(REPORTS)


@pytest.mark.parametrize(
    "name", sorted(n for n, c in main.commands.items() if isinstance(c, click.Group))
)
def test_group_help_names_each_of_its_commands(name: str) -> None:
    group = main.commands[name]
    assert isinstance(group, click.Group)
    words = set(re.findall(r"[a-z]+", (group.help or "").lower()))
    assert set(group.commands) <= words, f"backoffice {name} --help: {group.help}"


def test_readme_lists_every_problem_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    source = "".join(p.read_text() for p in (REPO / "scripts" / "backoffice").rglob("*.py"))
    codes = set(re.findall(r'"([A-Z]+(?:-[A-Z]+)+|LEDGER|SCHEMA)"', source))
    missing = sorted(c for c in codes if f"`{c}`" not in readme)
    assert not missing, f"problem codes missing from the README: {missing}"
