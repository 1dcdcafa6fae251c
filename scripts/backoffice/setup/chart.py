"""The Slovak framework chart of accounts (rámcová účtová osnova) that a new company starts
with: a data file beside this module, written out as ledger/accounts.beancount."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CHART = Path(__file__).parent / "templates" / "chart-of-accounts.csv"


@dataclass(frozen=True)
class ChartAccount:
    number: str
    account: str
    name: str


def chart(path: Path = CHART) -> list[ChartAccount]:
    """The synthetic accounts of the chart, in its order (lines starting with # are its
    source)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return [ChartAccount(r["number"], r["account"], r["name"]) for r in csv.DictReader(lines)]


HEADER = """\
; Chart of accounts of {name}.
; The synthetic accounts of the Slovak framework chart of accounts for entrepreneurs
; (rámcová účtová osnova, Opatrenie MF SR č. 23054/2002-92) that a small service or trading
; company uses; `number` is the account's number in that chart.
;
; Analytic accounts: open a sub-account of a synthetic one, with the synthetic number and
; the analytic number after a dot, dated on or after the day you start using it, e.g.
;   {start} open Assets:Bank:Current:Reserve EUR
;     number: "221.2"
;     description: "Reserve account"
; Close an account you no longer use with `YYYY-MM-DD close Account`, never by deleting its
; `open` line once it has postings.

"""


def accounts_beancount(name: str, start: date, currency: str = "EUR") -> str:
    """ledger/accounts.beancount: every account of the chart opened at `start`."""
    out = [HEADER.format(name=name, start=start.isoformat())]
    for entry in chart():
        out.append(
            f"{start.isoformat()} open {entry.account} {currency}\n"
            f'  number: "{entry.number}"\n'
            f'  description: "{entry.name}"\n'
        )
    return "".join(out)
