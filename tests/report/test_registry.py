"""Any report by name from the command, on a small office: a period without data, an unknown
name, a malformed period."""

from __future__ import annotations

import json

import pytest

from support import Tiny, run


@pytest.mark.parametrize(
    "name", ["vat", "receivables", "cash-flow", "suppliers", "deadlines", "income-statement"]
)
def test_a_period_without_data_gives_an_empty_report(office: Tiny, name: str) -> None:
    result = run("--root", str(office.root), "report", name, "--period", "2031", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["report"] == name


def test_unknown_report_lists_the_valid_choices(office: Tiny) -> None:
    result = run("--root", str(office.root), "report", "cashflow")
    assert result.exit_code == 2
    for name in ("cash-flow", "vat", "receivables", "deadlines", "headcount", "risks"):
        assert name in result.stderr


def test_malformed_period_lists_the_forms(office: Tiny) -> None:
    result = run("--root", str(office.root), "reports", "--period", "2026-Q5")
    assert result.exit_code == 2
    assert "use 2026, 2026-Q1, 2026-03 or 2026-01-01..2026-06-30" in result.stderr
