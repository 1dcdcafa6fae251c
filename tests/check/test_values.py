"""Numbers out of range wherever the example company writes one: every register's amounts,
quantities, rates and prices, and its counts of days. Each is a problem where the number
stands, exit 1, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import REPO, run

MONEY = [
    ("records/people/P-0001.yaml", 16, "gross_monthly", "salary.0.gross_monthly"),
    ("records/payroll/2026-01.yaml", 7, "base", "employees.0.base"),
    ("records/budgets/2026.yaml", 7, "annual", "lines.0.annual"),
    ("records/assets/A-0001.yaml", 12, "cost", "acquisition.cost"),
    ("records/contracts/CON-0001.yaml", 10, "amount", "value.amount"),
    ("records/licenses/LIC-0001.yaml", 8, "cost", "cost"),
]
DECIMAL = [
    ("records/invoices/2026/20260009.yaml", 12, "quantity", "lines.0.quantity"),
    ("records/invoices/2026/20260009.yaml", 14, "unit_price", "lines.0.unit_price"),
    ("records/people/P-0001.yaml", 11, "hours_per_week", "employment.hours_per_week"),
    ("records/payroll-rates.yaml", 158, "employee", "rates.0.health.employee"),
    ("records/payroll-rates.yaml", 169, "rate", "rates.0.income_tax.bands.0.rate"),
    ("records/bills/2026/S-0001-PO26-001.yaml", 19, "net", "totals.net"),
    ("records/locations/L-0001.yaml", 9, "area_m2", "area_m2"),
]
THIRTY = "123456789012345678901234567890"
KINDS = {
    "NaN": (".nan", ".nan", "'.nan' is not a finite number"),
    "infinity": ("-.inf", "-.inf", "'-.inf' is not a finite number"),
    "YAML float with an exponent": ("1.0e+400", "1.0e+400", "is written with an exponent"),
    "exponent": ("'1e400'", "'1e400'", "'1e400' is written with an exponent"),
    "30 digits": (f'"{THIRTY}.00 EUR"', THIRTY, "has 30 digits before the point; at most 12"),
    "30 places": (None, "0." + THIRTY, "has 30 digits after the point; at most 6"),
}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("values") / "company"
    shutil.copytree(
        REPO,
        target,
        ignore=shutil.ignore_patterns(".venv", "build", ".git", "tests", "__pycache__"),
    )
    return target


def _replace(root: Path, rel: str, line: int, key: str, value: str) -> int:
    """Write `value` as the value of `key` on `line` of `rel`; the column it starts at."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    before = lines[line - 1]
    assert f"{key}: " in before, (rel, line, before)
    column = before.index(f"{key}: ") + len(key) + 2
    lines[line - 1] = before[:column] + value + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return column + 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_number_out_of_range_in_any_register_is_named(example: Path, kind: str) -> None:
    money, number, message = KINDS[kind]
    originals = {rel: (example / rel).read_bytes() for rel, *_ in MONEY + DECIMAL}
    expected = []
    try:
        fields = DECIMAL if money is None else MONEY + DECIMAL  # an amount has two places
        for rel, line, key, where in fields:
            value = number if (rel, line, key, where) in DECIMAL else str(money)
            column = _replace(example, rel, line, key, value)
            expected.append(f"{rel}:{line}:{column}: VALUE-RANGE {where}: ")
        result = run("--root", str(example), "check")
    finally:
        for rel, content in originals.items():
            (example / rel).write_bytes(content)
    assert result.exit_code == 1
    found = result.stdout.splitlines()
    for prefix in expected:
        assert any(p.startswith(prefix) and message in p for p in found), (prefix, found)


@pytest.mark.parametrize(
    ("rel", "line", "key", "value", "where"),
    [
        ("records/customers/C-0002.yaml", 19, "payment_terms_days", THIRTY, "payment_terms_days"),
        ("records/suppliers/S-0001.yaml", 21, "payment_terms_days", "367", "payment_terms_days"),
        ("records/assets/A-0007.yaml", 35, "reminders", f"[45, {THIRTY}]", "reminders.1"),
    ],
)
def test_a_count_of_days_is_bounded(
    example: Path, rel: str, line: int, key: str, value: str, where: str
) -> None:
    """Days are added to dates: a year's worth at most, or the date arithmetic overflows."""
    original = (example / rel).read_bytes()
    try:
        column = _replace(example, rel, line, key, value)
        result = run("--root", str(example), "check")
    finally:
        (example / rel).write_bytes(original)
    assert result.exit_code == 1
    column += value.index(value.strip("[").split(",")[-1].strip()) if "[" in value else 0
    expected = f"{rel}:{line}:{column}: SCHEMA {where}: "
    assert any(
        p.startswith(expected) and "greater than the maximum of 366" in p
        for p in result.stdout.splitlines()
    ), result.stdout
