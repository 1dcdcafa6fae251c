"""The README's examples are real output: each block marked `<!-- example: backoffice ARGS -->`
is what that command prints in the example company (in a copy of it, set up as SETUPS says), and
each block marked `<!-- excerpt: PATH -->` is a part of that file. `pytest --update-golden`
rewrites the example blocks from the current output."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backoffice.cli import main
from support import REPO

README = REPO / "README.md"
MARKED = re.compile(
    r"^<!-- (?P<kind>example|excerpt): (?P<what>.+?) -->\n"
    r"(?P<fence>```[a-z]*\n)(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
ABRIDGED = " | abridged"
"""After the command in a marker: the block shows the JSON's shape, each list by its first
item and each object by its first KEYS keys."""
KEYS = 7
COMPANY = ("ledger", "records", "schemas", "templates", "documents")
"""What a copy of the example company holds."""


def marked(kind: str) -> list[str]:
    return [
        m["what"] for m in MARKED.finditer(README.read_text(encoding="utf-8")) if m["kind"] == kind
    ]


def copy_example(target: Path) -> Path:
    """A copy of the example company to run a command in, so that nothing it writes lands in
    the repository."""
    for name in COMPANY:
        shutil.copytree(REPO / name, target / name)
    return target


def unknown_manager(root: Path) -> None:
    """A person whose manager is no one in the register."""
    person = root / "records" / "people" / "P-0004.yaml"
    text = person.read_text(encoding="utf-8")
    assert "\nmanager: P-0002\n" in text
    person.write_text(text.replace("\nmanager: P-0002\n", "\nmanager: P-0099\n"), "utf-8")


RAISE = """\
  - valid_from: 2026-12-01
    gross_monthly: "3650.00 EUR"
    note: Promotion to lead developer.
"""

MONITOR = """
2026-11-27 * "TechStore Slovakia s.r.o." "Monitor Dell P2425H for P-0003"
  supplier: "S-0006"
  Expenses:Materials:SmallEquipment                   290.00 EUR
  Assets:Tax:VAT-Input                                 66.70 EUR
  Assets:Bank:SLSP                                   -356.70 EUR
"""


def raise_and_monitor(root: Path) -> None:
    """Two commits: the example company, then a raise for P-0003 and a monitor bought for
    him, paid from the bank."""
    git = ["git", "-c", "user.name=Eva", "-c", "user.email=eva@example.com"]
    git += ["-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The example company"], cwd=root, check=True)
    person = root / "records" / "people" / "P-0003.yaml"
    text = person.read_text(encoding="utf-8").replace(
        "role: Senior developer", "role: Lead developer"
    )
    steps = text.index("cost_account:")
    person.write_text(text[:steps] + RAISE + text[steps:], encoding="utf-8")
    with (root / "ledger" / "2026" / "11.beancount").open("a", encoding="utf-8") as journal:
        journal.write(MONITOR)
    subprocess.run(
        [*git, "commit", "-q", "-a", "-m", "Raise for P-0003, his monitor"], cwd=root, check=True
    )


SETUPS: dict[str, Callable[[Path], None]] = {
    "backoffice check": unknown_manager,
    "backoffice diff HEAD~1 HEAD": raise_and_monitor,
}
"""What a command's example needs beyond a plain copy of the example company."""


def abridged(value: Any) -> str:
    """Compact JSON that shows a list by its first item and an object by its first keys."""
    if isinstance(value, list):
        return "[" + ", ".join([abridged(v) for v in value[:1]] + ["..."] * (len(value) > 1)) + "]"
    if isinstance(value, dict):
        items = [f"{json.dumps(k)}: {abridged(v)}" for k, v in list(value.items())[:KEYS]]
        return "{" + ", ".join(items + ["..."] * (len(value) > KEYS)) + "}"
    return json.dumps(value, ensure_ascii=False)


def shape(text: str) -> str:
    """A report's JSON abridged, one top-level key a line."""
    data = json.loads(text)
    return "{" + ",\n ".join(f"{json.dumps(k)}: {abridged(v)}" for k, v in data.items()) + "}\n"


def output(
    command: str, root: Path, monkeypatch: pytest.MonkeyPatch, setup: str | None = None
) -> str:
    """What `command` prints on a terminal (standard output and error, in order), run in a
    copy of the example company set up for it (or for the command `setup`) by SETUPS."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(root.parent / "gitconfig"))
    args = command.removesuffix(ABRIDGED)
    copy_example(root)
    prepare = SETUPS.get(setup or args)
    if prepare:
        prepare(root)
    result = CliRunner().invoke(main, ["--root", str(root), *shlex.split(args)[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return shape(result.stdout) if command.endswith(ABRIDGED) else result.output


def replace_block(text: str, command: str, body: str) -> str:
    """The README with the block of `command`'s example replaced by `body`."""

    def swap(match: re.Match[str]) -> str:
        if match["kind"] != "example" or match["what"] != command:
            return match[0]
        return f"<!-- example: {command} -->\n{match['fence']}{body}```"

    return MARKED.sub(swap, text)


@pytest.mark.parametrize("command", marked("example"))
def test_readme_example_is_real_output(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    text = README.read_text(encoding="utf-8")
    shown = next(m["body"] for m in MARKED.finditer(text) if m["what"] == command)
    prompt = f"$ {command.removesuffix(ABRIDGED)}\n" if shown.startswith("$ ") else ""
    body = prompt + output(command, tmp_path / "company", monkeypatch)
    if request.config.getoption("--update-golden"):
        README.write_text(replace_block(text, command, body), encoding="utf-8")
        return
    assert shown == body, f"README example of {command!r} differs; run pytest --update-golden"


def test_every_setup_belongs_to_an_example() -> None:
    commands = {c.removesuffix(ABRIDGED) for c in marked("example")}
    assert set(SETUPS) <= commands
    assert len(commands) >= 5


@pytest.mark.parametrize("path", marked("excerpt"))
def test_readme_excerpt_is_part_of_its_file(path: str) -> None:
    """Every line of the block is a line of the file, in order; `...` stands for the rest."""
    text = README.read_text(encoding="utf-8")
    shown = next(m["body"] for m in MARKED.finditer(text) if m["what"] == path)
    lines = iter((REPO / path).read_text(encoding="utf-8").splitlines())
    for line in shown.splitlines():
        if line.strip() != "...":
            assert line in lines, f"README excerpt of {path}: {line!r} is not there (in order)"


def test_the_redacted_diff_reads_as_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = re.search(r"With `--redact` the salary line reads `([^`]+)`", README.read_text("utf-8"))
    assert said
    command = "backoffice diff HEAD~1 HEAD"
    redacted = output(f"{command} --redact", tmp_path / "company", monkeypatch, setup=command)
    assert f"    {said[1]}\n" in redacted
