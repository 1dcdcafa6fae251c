"""The registers: one YAML record per file under ``records/``, file name = record id.

``records/<register>/**/<id>.yaml`` belongs to the register of the folder (sub-folders such as
``invoices/2026/`` only group files); ``records/<name>.yaml`` is a register of one record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backoffice.core.problems import Problem
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


def _record_files(root: Path, only: str | None = None) -> Iterator[Path]:
    base = root / "records"
    if only is not None:
        single = base / f"{only}{RECORD_SUFFIX}"
        if single.is_file():
            yield single
        base = base / only
    if not base.is_dir():
        return
    for path in sorted(base.rglob("*")):
        # a symlink to nowhere is listed too, so that reading it reports FILE-UNREADABLE
        wanted = path.is_file() or (path.is_symlink() and not path.exists())
        if wanted and not path.name.startswith(".") and path.name not in IGNORED_NAMES:
            yield path


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
    for path in _record_files(root, only):
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
