"""The example company's repository and its reports, the command run in-process, and tiny
workspaces written inline by the test that uses them (the `tiny` fixture)."""

from __future__ import annotations

import functools
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from backoffice.cli import main
from backoffice.core.period import parse_period
from backoffice.domains import open_workspace
from backoffice.load.workspace import Workspace
from backoffice.report.registry import build_report
from backoffice.report.render import render

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> Result:
    """Run the backoffice command in-process."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank EUR
2026-01-01 open Income:Sales EUR
2026-01-01 open Expenses:Rent EUR
2026-01-01 open Equity:Opening EUR

2026-01-01 * "Opening balance"
  Assets:Bank     1000.00 EUR
  Equity:Opening -1000.00 EUR

2026-01-15 * "Customer" "Invoice 1"
  Assets:Bank      500.00 EUR
  Income:Sales    -500.00 EUR

2026-01-20 * "Landlord" "Rent"
  Expenses:Rent    300.00 EUR
  Assets:Bank     -300.00 EUR
"""

PEOPLE_SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "required": ["id", "name"],
  "properties": {
    "id": {"$ref": "defs.schema.json#/$defs/id"},
    "name": {"type": "string"},
    "manager": {"$ref": "defs.schema.json#/$defs/ref_people"},
    "start": {"$ref": "defs.schema.json#/$defs/date"},
    "cost_account": {"$ref": "defs.schema.json#/$defs/account"},
    "iban": {"$ref": "defs.schema.json#/$defs/iban"},
    "ico": {"$ref": "defs.schema.json#/$defs/ico"},
    "dic": {"$ref": "defs.schema.json#/$defs/dic"},
    "vat_id": {"$ref": "defs.schema.json#/$defs/vat_id"},
    "bic": {"$ref": "defs.schema.json#/$defs/bic"},
    "country": {"$ref": "defs.schema.json#/$defs/country"},
    "national_id": {"$ref": "defs.schema.json#/$defs/national_id"},
    "peppol_id": {"$ref": "defs.schema.json#/$defs/peppol_id"},
    "salary": {"$ref": "defs.schema.json#/$defs/money", "x-sensitive": true}
  }
}
"""


class Tiny:
    """A small workspace in a temporary folder, written by the test that uses it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("ledger/main.beancount", LEDGER)
        shutil.copy(REPO / "schemas" / "defs.schema.json", self.path("schemas/defs.schema.json"))
        self.write("schemas/people.schema.json", PEOPLE_SCHEMA)
        self.write(
            "records/people/P-0001.yaml",
            """\
            id: P-0001
            name: Jana Nováková
            start: 2026-01-01
            cost_account: Expenses:Rent
            iban: SK3112000000198742637541
            ico: "35763469"
            salary: "2400.00 EUR"
            """,
        )
        self.write("records/people/P-0002.yaml", "id: P-0002\nname: Peter Malý\nmanager: P-0001\n")

    def path(self, rel: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, rel: str, text: str) -> Path:
        path = self.path(rel)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.path(rel)
        path.write_bytes(data)
        return path

    def check(self, *args: str) -> Result:
        return run("--root", str(self.root), "check", *args)


@pytest.fixture
def tiny(tmp_path: Path) -> Tiny:
    return Tiny(tmp_path / "company")


@functools.cache
def example_report(name: str, fmt: str) -> str:
    """A report of the example company for 2026 at 2026-11-30, rendered: what the golden tests
    of every area compare (the workspace is loaded once per session)."""
    ws = _example()
    report = build_report(ws, name, parse_period("2026"), date(2026, 11, 30))
    return render(report, fmt, ws.locale)


@functools.cache
def _example() -> Workspace:
    return open_workspace(REPO)
