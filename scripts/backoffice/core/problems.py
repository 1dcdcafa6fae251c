"""Problems found in the user's data: values with a position, printed separately."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from backoffice.core.paths import escape

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, at `path:line:column`, with a stable CODE that tests and tools match on."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """One line, whatever characters the file name or the message hold (they are escaped)."""
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{escape(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.code} {prefix}{escape(self.message)}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file, then position, and drop exact duplicates."""
    return sorted(set(problems))


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when at least one problem is an error rather than a warning."""
    return any(p.severity == "error" for p in problems)


def render_text(problems: list[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def render_json(problems: list[Problem]) -> str:
    """The problems as a JSON list, file names and messages escaped as in the text output."""
    rows = [{**asdict(p), "path": escape(p.path), "message": escape(p.message)} for p in problems]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _github_escape(value: str, *, prop: bool = False) -> str:
    """Escape a value the way GitHub's workflow commands require."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(problems: list[Problem]) -> str:
    """GitHub Actions annotations, shown inline on the pull request's diff."""
    lines = []
    for p in problems:
        props = ",".join(
            [
                f"file={_github_escape(escape(p.path), prop=True)}",
                f"line={max(p.line, 1)}",
                f"col={max(p.column, 1)}",
                f"title={_github_escape(p.code, prop=True)}",
            ]
        )
        lines.append(f"::{p.severity} {props}::{_github_escape(escape(p.message))}\n")
    return "".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
