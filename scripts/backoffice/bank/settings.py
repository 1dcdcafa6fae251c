"""The bank's settings kept as data, in ``records/bank-rules.yaml``: the accounts for the bank's
charges and for what nothing matches, and the rules that book the rest (rent, utilities, loans)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from beancount.core import data

from backoffice.core.problems import Problem
from backoffice.load.records import Record
from backoffice.load.workspace import Workspace

REGISTER = "bank-rules"
FEE_NUMBER = "568"
"""The Slovak chart's bank fees account (Ostatné finančné náklady), found by its number."""
FEE_ACCOUNT = "Expenses:BankFees"
SUSPENSE_ACCOUNT = "Assets:Suspense"


@dataclass(frozen=True)
class Rule:
    """Conditions on a statement entry (all that are given must hold) → an account."""

    account: str
    description: str | None = None
    iban: str | None = None
    name: str | None = None
    text: re.Pattern[str] | None = None
    code: str | None = None
    direction: str | None = None
    link: str | None = None
    """A link for the entry; `{period}` in it is the tax period its variable symbol names."""

    @property
    def has_condition(self) -> bool:
        return any(v is not None for v in (self.iban, self.name, self.text, self.code))


@dataclass(frozen=True)
class Settings:
    fee_account: str
    suspense_account: str
    rules: tuple[Rule, ...]


def _record(ws: Workspace) -> Record | None:
    found = ws.register(REGISTER)
    return found[0] if found and isinstance(found[0].data, dict) else None


def _fee_account(ws: Workspace) -> str:
    for entry in ws.ledger.entries:
        if isinstance(entry, data.Open) and str(entry.meta.get("number")) == FEE_NUMBER:
            return str(entry.account)
    return FEE_ACCOUNT


def read_settings(ws: Workspace) -> tuple[Settings, list[Problem]]:
    """The settings, and a problem for each rule whose text pattern is no regular expression."""
    record = _record(ws)
    values: dict[str, Any] = record.data if record else {}
    rules, problems = [], []
    for n, item in enumerate(values.get("rules") or []):
        if not isinstance(item, dict) or not item.get("account"):
            continue  # the schema says what is missing
        pattern = None
        if item.get("text") is not None:
            try:
                pattern = re.compile(str(item["text"]), re.IGNORECASE)
            except re.error as exc:
                line, column = record.position(("rules", n, "text")) if record else (1, 1)
                rel = record.rel if record else REGISTER
                problems.append(
                    Problem(rel, line, column, "BANK-RULE-PATTERN", f"text pattern: {exc}")
                )
                continue
        rules.append(
            Rule(
                account=str(item["account"]),
                description=item.get("description"),
                iban=item.get("iban"),
                name=item.get("name"),
                text=pattern,
                code=item.get("code"),
                direction=item.get("direction"),
                link=item.get("link"),
            )
        )
    settings = Settings(
        str(values.get("fee_account") or _fee_account(ws)),
        str(values.get("suspense_account") or SUSPENSE_ACCOUNT),
        tuple(rules),
    )
    return settings, problems
