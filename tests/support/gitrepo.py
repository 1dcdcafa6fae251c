"""Tiny back-office repositories under real Git, for the review commands and rules."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import amount, data
from click.testing import Result
from hypothesis import strategies as st

from support.workspace import Tiny, run

COMPANY_SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "legal_name": {"type": "string"},
    "locale": {"type": "string"},
    "fiscal_year_start": {"type": "string"},
    "books_closed_through": {"$ref": "defs.schema.json#/$defs/date"}
  }
}
"""

COMPANY = """\
legal_name: Tiny s.r.o.
locale: en_US
fiscal_year_start: "01-01"
books_closed_through: 2026-01-15  # January's first half is closed
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
    "role": {"type": "string"},
    "manager": {"$ref": "defs.schema.json#/$defs/ref_people"},
    "employment": {
      "type": "object",
      "properties": {"start": {"$ref": "defs.schema.json#/$defs/date"},
                     "end": {"$ref": "defs.schema.json#/$defs/date"}}
    },
    "salary": {
      "type": "array",
      "x-sensitive": true,
      "items": {
        "type": "object",
        "properties": {"valid_from": {"$ref": "defs.schema.json#/$defs/date"},
                       "gross_monthly": {"$ref": "defs.schema.json#/$defs/money"},
                       "note": {"type": "string"}}
      }
    },
    "personal": {
      "type": "object",
      "properties": {"national_id": {"$ref": "defs.schema.json#/$defs/national_id"},
                     "city": {"type": "string"}}
    },
    "documents": {"type": "array", "items": {"type": "string"}}
  }
}
"""

INVOICES_SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "required": ["id", "number", "status"],
  "properties": {
    "id": {"$ref": "defs.schema.json#/$defs/id"},
    "number": {"type": "string", "x-unique": true},
    "status": {"enum": ["draft", "issued"]},
    "customer": {"type": "string"},
    "total": {"$ref": "defs.schema.json#/$defs/money"}
  }
}
"""

P1 = """\
id: P-0001
name: Jana Nováková
role: Developer
employment:
  start: 2026-01-01
salary:
  - valid_from: 2026-01-01
    gross_monthly: "2400.00 EUR"
  - valid_from: 2026-03-01
    gross_monthly: "2400.00 EUR"
personal:
  national_id: 900122/5277
  city: Bratislava
"""


class Repo(Tiny):
    """A Tiny workspace with a company record, richer people and invoice schemas, under Git."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.write("schemas/company.schema.json", COMPANY_SCHEMA)
        self.write("schemas/people.schema.json", PEOPLE_SCHEMA)
        self.write("schemas/invoices.schema.json", INVOICES_SCHEMA)
        self.write("records/company.yaml", COMPANY)
        self.write("records/people/P-0001.yaml", P1)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Eva Molnárová")
        self.git("config", "user.email", "eva@example.com")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        ).stdout

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def cli(self, *args: str) -> Result:
        return run("--root", str(self.root), *args)

    def append(self, rel: str, text: str) -> None:
        with self.path(rel).open("a", encoding="utf-8") as handle:
            handle.write(text)


@pytest.fixture(name="repo")
def repo_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository with fixed commit dates and no user or system Git configuration."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-03-02T10:00:00+01:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-02T10:00:00+01:00")
    return Repo(tmp_path / "company")


def txn(day: int, payee: str, number: str) -> Any:
    """A two-posting transaction, enough to exercise matching and net changes."""
    value = Decimal(number)
    postings = [
        data.Posting("Assets:Bank", amount.Amount(value, "EUR"), None, None, None, None),
        data.Posting("Income:Sales", amount.Amount(-value, "EUR"), None, None, None, None),
    ]
    meta = data.new_metadata("ledger/main.beancount", day)
    return data.Transaction(
        meta, date(2026, 1, day), "*", payee, "sale", frozenset(), frozenset(), postings
    )


TXNS = st.lists(
    st.builds(
        txn,
        st.integers(1, 5),
        st.sampled_from(["Alpha", "Beta"]),
        st.sampled_from(["1.00", "2.50", "10.00"]),
    ),
    max_size=8,
)


def damage(repo: Repo) -> str:
    """Remove the tree object of HEAD, as a broken disk or a bad copy would: the commit still
    resolves, but git cannot read the files it holds. Returns the tree's id."""
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    (repo.root / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    return tree
