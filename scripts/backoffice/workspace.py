"""One back-office repository, loaded once: the ledger, the schemas and the records."""

from __future__ import annotations

import subprocess
from functools import cached_property
from pathlib import Path
from typing import Any

from .ledger import MAIN, Ledger, load_ledger
from .records import Record, RecordSet, load_records
from .schemas import SchemaSet, load_schemas, schema_names

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class NotAWorkspaceError(Exception):
    """The directory is not a back-office repository."""


def find_root(start: Path | None = None) -> Path:
    """The Git top level of `start` (default: the current directory), else `start` itself."""
    start = (start or Path.cwd()).resolve()
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return start
    return Path(out) if out else start


class Workspace:
    """Loads each part on first use and keeps it: one ledger load and one schema compile per run."""

    def __init__(self, root: Path) -> None:
        root = root.resolve()
        if not (root / MAIN).is_file() and not (root / "records").is_dir():
            raise NotAWorkspaceError(
                f"{root} is not a back-office repository (no {MAIN.as_posix()} and no records/)"
            )
        self.root = root
        self._registers: dict[str, list[Record]] = {}

    @cached_property
    def ledger(self) -> Ledger:
        return load_ledger(self.root)

    @cached_property
    def schemas(self) -> SchemaSet:
        return load_schemas(self.root)

    @cached_property
    def records(self) -> RecordSet:
        schemas = self.schemas
        return load_records(self.root, set(schemas.registers) | schemas.broken)

    def use_records(self, records: RecordSet) -> None:
        """Take records parsed elsewhere (in a second process while the ledger loads)."""
        self.__dict__["records"] = records

    def register(self, name: str) -> list[Record]:
        """The records of one register, parsed on first use (all records if already loaded).

        Domain rules use this so that checking payroll does not parse ten thousand assets.
        """
        if "records" in self.__dict__:
            return self.records.register(name)
        if name not in self._registers:
            loaded = load_records(self.root, self._register_names(), only=name)
            self._registers[name] = loaded.records
        return self._registers[name]

    def _register_names(self) -> set[str]:
        """Every register that has a schema file. Reading records needs only the names, so a
        command that issues one invoice does not compile and metaschema-check all schemas."""
        if "schemas" in self.__dict__:
            return set(self.schemas.registers) | self.schemas.broken
        return schema_names(self.root)

    @cached_property
    def company(self) -> dict[str, Any]:
        """The organisation's own record (``records/company.yaml``), or {} while there is none."""
        found = self.register("company")
        data = found[0].data if found else None
        return data if isinstance(data, dict) else {}

    @property
    def locale(self) -> str:
        return str(self.company.get("locale") or "en_US")

    def template(self, name: str) -> str:
        """A template from the repository's templates/, else the package's default."""
        own = self.root / "templates" / name
        if own.is_file():
            return own.read_text(encoding="utf-8")
        return (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
