"""One back-office repository, loaded once: the ledger, the schemas, the records, and every
value derived from them (kept here, and only here, until the workspace is reloaded)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Hashable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from backoffice.core.errors import BackOfficeError
from backoffice.core.paths import OUTSIDE, inside, outside_message
from backoffice.core.period import parse_fiscal_start
from backoffice.core.problems import Problem
from backoffice.load.ledger import MAIN, Ledger, load_ledger
from backoffice.load.records import Record, RecordSet, load_records
from backoffice.load.schemas import SchemaSet, load_schemas, schema_names

if TYPE_CHECKING:
    from backoffice.core.domain import Domain

T = TypeVar("T")
LOADED = ("ledger", "schemas", "records", "company")


class NotAWorkspaceError(BackOfficeError):
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


class OutsideError(BackOfficeError):
    """A file the command needs resolves outside the repository: it is not read."""


class Workspace:
    """Loads each part on first use and keeps it: one ledger load and one schema compile per run."""

    def __init__(self, root: Path, domains: Sequence[Domain] = ()) -> None:
        root = root.resolve()
        if not (root / MAIN).is_file() and not (root / "records").is_dir():
            raise NotAWorkspaceError(
                f"{root} is not a back-office repository (no {MAIN.as_posix()} and no records/)"
            )
        self.root = root
        self.domains = tuple(domains)
        """The areas whose rules, journals, reports and deadlines apply (`backoffice.domains`)."""
        self._registers: dict[str, list[Record]] = {}
        self._derived: dict[Hashable, Any] = {}

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value computed from what is loaded (the books, the deadlines at a date): built on
        first use, shared by every report of the run, and dropped by `reload`."""
        if key not in self._derived:
            self._derived[key] = build()
        return cast(T, self._derived[key])

    def reload(self) -> None:
        """Forget everything loaded and derived: the next use reads the files again."""
        for name in LOADED:
            self.__dict__.pop(name, None)
        self._registers.clear()
        self._derived.clear()

    def use_ledger(self, ledger: Ledger) -> None:
        """Take a ledger loaded elsewhere (Fava's), so that it is not loaded a second time."""
        self.__dict__["ledger"] = ledger

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

    @property
    def fiscal_start(self) -> tuple[int, int]:
        """(month, day) the fiscal year starts on, from company.yaml's ``fiscal_year_start``."""
        return parse_fiscal_start(self.company.get("fiscal_year_start"))

    @property
    def currency(self) -> str:
        """The base currency: company.yaml's ``base_currency``, else the ledger's first
        operating currency, else EUR."""
        own = self.company.get("base_currency")
        if own:
            return str(own)
        currencies = self.ledger.options.get("operating_currency") or []
        return str(currencies[0]) if currencies else "EUR"

    def template(self, name: str, default: Path) -> str:
        """A template from the repository's templates/, else the package's own in `default`."""
        own = self.root / "templates" / name
        if own.is_file() or own.is_symlink():
            if not inside(self.root, own):
                rel = own.relative_to(self.root).as_posix()
                raise OutsideError(
                    f"{Problem(rel, 1, 1, OUTSIDE, outside_message('this template'))}"
                )
            return own.read_text(encoding="utf-8")
        return (default / name).read_text(encoding="utf-8")
