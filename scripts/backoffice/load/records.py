"""The registers: one YAML record per file under ``records/``, file name = record id.

``records/<register>/**/<id>.yaml`` belongs to the register of the folder (sub-folders such as
``invoices/2026/`` only group files); ``records/<name>.yaml`` is a register of one record.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backoffice.core.paths import OUTSIDE, has_unprintable, inside, outside_message
from backoffice.core.problems import Problem, Severity
from backoffice.load.yamlfile import Positions, parse_yaml_file

RECORD_SUFFIX = ".yaml"
IGNORED_NAMES = {"README.md", ".gitkeep"}


TITLE_FIELDS = ("name", "title", "legal_name", "subject", "product", "task", "number")
"""The field that names a record, in order of preference."""


@dataclass
class Record:
    register: str
    id: str
    rel: str
    """Path relative to the repository root, with forward slashes."""
    data: Any
    positions: Positions
    singleton: bool = False
    """True for a register of one record (``records/company.yaml``), which carries no id."""

    def position(self, path: tuple[str | int, ...] = (), *, key: bool = False) -> tuple[int, int]:
        return self.positions.of(path, key=key)

    def title(self, fallback: str | None = None) -> str:
        """What the record calls itself (name, title, legal name, subject, product, task or
        number), else `fallback`, else its id."""
        data = self.data if isinstance(self.data, dict) else {}
        for key in TITLE_FIELDS:
            if isinstance(data.get(key), str):
                return str(data[key])
        return self.id if fallback is None else fallback


@dataclass
class RecordSet:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    def register(self, name: str) -> list[Record]:
        return [r for r in self.records if r.register == name]

    def by_id(self) -> dict[str, dict[str, Record]]:
        """Records per register per id (the first one wins when ids clash)."""
        index: dict[str, dict[str, Record]] = {}
        for record in self.records:
            index.setdefault(record.register, {}).setdefault(record.id, record)
        return index

    def get(self, register: str, record_id: str) -> Record | None:
        return self.by_id().get(register, {}).get(record_id)


def _record_files(root: Path, problems: list[Problem], only: str | None = None) -> Iterator[Path]:
    """Every record file (or those of register `only`), in name order; a file or folder that
    resolves outside the repository, is hidden or has an unprintable name is reported in
    `problems` instead, and never opened."""
    base = root / "records"
    if only is not None:
        single = base / f"{only}{RECORD_SUFFIX}"
        if single.is_file() or single.is_symlink():
            yield from _checked(root, single, problems)
        base = base / only
    if base.is_dir():
        for folder in _checked(root, base, problems):
            yield from _walk(root, folder, problems, set())


def _walk(root: Path, folder: Path, problems: list[Problem], seen: set[str]) -> Iterator[Path]:
    """The files under `folder`, depth first in name order; each symlinked folder once."""
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.append(_problem(root, folder, "FILE-UNREADABLE", exc.strerror or str(exc)))
        return
    for entry in entries:
        if entry.name in IGNORED_NAMES:
            continue
        for path in _checked(root, entry, problems):
            if path.is_dir():
                yield from _walk(root, path, problems, seen)
            else:
                yield path


def _checked(root: Path, path: Path, problems: list[Problem]) -> Iterator[Path]:
    """`path` if it may be read as a record file or folder; else its problem, in `problems`."""
    name = path.name
    if has_unprintable(name):
        message = (
            "the name has a control character, a line break or a byte that is not UTF-8; rename it"
        )
        problems.append(_problem(root, path, "FILE-NAME", message))
    elif name.startswith("."):
        message = (
            "a hidden file or folder is not read as a record (an editor's temporary file?); "
            "rename or remove it"
        )
        problems.append(_problem(root, path, "FILE-HIDDEN", message, "warning"))
    elif not inside(root, path):
        problems.append(_problem(root, path, OUTSIDE, outside_message("this path")))
    elif path.is_dir() or path.is_file() or not path.exists():
        yield path  # a symlink to nowhere is yielded too, so that reading it reports why
    else:
        problems.append(_problem(root, path, "FILE-UNREADABLE", "not a regular file"))


def _problem(
    root: Path, path: Path, code: str, message: str, severity: Severity = "error"
) -> Problem:
    return Problem(path.relative_to(root).as_posix(), 1, 1, code, message, severity)


def locate(root: Path, path: Path) -> tuple[str, str, bool]:
    """(register, id, singleton) of a record file, from its place under ``records/``."""
    parts = path.relative_to(root / "records").parts
    stem = parts[-1].removesuffix(RECORD_SUFFIX)
    if len(parts) == 1:
        return stem, stem, True
    return parts[0], stem, False


def load_records(root: Path, registers: set[str], only: str | None = None) -> RecordSet:
    """Parse every record file (or those of register `only`); report files that are not
    records or belong to no register."""
    result = RecordSet()
    for path in _record_files(root, result.problems, only):
        rel = path.relative_to(root).as_posix()
        result.files += 1
        if path.suffix != RECORD_SUFFIX:
            result.problems.append(
                Problem(rel, 1, 1, "FILE-NOT-RECORD", f"records are {RECORD_SUFFIX} files")
            )
            continue
        register, record_id, singleton = locate(root, path)
        if register not in registers:
            result.problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "NO-SCHEMA",
                    f"no schema for register {register!r} "
                    f"(expected schemas/{register}.schema.json)",
                )
            )
            continue
        parsed, problems = parse_yaml_file(path, rel)
        result.problems += problems
        if parsed is not None:
            result.records.append(
                Record(register, record_id, rel, parsed.data, parsed.positions, singleton)
            )
    return result
