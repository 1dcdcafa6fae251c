"""The books as the loader reads them: a number beyond the bounds of every value (30 digits,
30 places) makes Beancount's booking raise; it is a VALUE-RANGE problem at its line instead,
for `check` and for the reports that refuse such a ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import run

THIRTY = "123456789012345678901234567890"

LEDGER = """\
option "operating_currency" "EUR"

2026-01-01 open Assets:Bank EUR
2026-01-01 open Income:Sales EUR
2026-01-01 open Equity:Opening EUR

2026-01-01 * "Opening balance"
  Assets:Bank     1000.00 EUR
  Equity:Opening

2026-01-15 * "Customer" "Invoice 1"
  Assets:Bank      {amount} EUR
  Income:Sales
"""


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (f"{THIRTY}.00", f"{THIRTY}.00 has 30 digits before the point; at most 12"),
        (f"-{THIRTY}", "-123456789012345678901234567900 has 30 digits before the point"),
        (f"500.{THIRTY}", f"500.{THIRTY} has 30 digits after the point; at most 6"),
    ],
    ids=["30 digits", "30 digits, negative", "30 places"],
)
@pytest.mark.parametrize("command", ["check", "reports", "report"])
def test_a_number_out_of_range_in_the_ledger_is_named(
    tmp_path: Path, amount: str, message: str, command: str
) -> None:
    """Booking would raise on it: the entry is reported at its line and left out."""
    root = tmp_path / "company"
    (root / "ledger").mkdir(parents=True)
    (root / "ledger" / "main.beancount").write_text(LEDGER.format(amount=amount))
    args = {"check": ["check"], "reports": ["reports"], "report": ["report", "trial-balance"]}
    result = run("--root", str(root), *args[command])
    assert result.exit_code == 1
    problem = f"ledger/main.beancount:12:1: VALUE-RANGE {message}"
    output = result.stdout if command == "check" else result.stderr
    assert output.startswith(problem) and "(the transaction is left out)\n" in output
    assert not (root / "build").exists()


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        (f"2026-02-01 balance Assets:Bank {THIRTY} EUR\n", 15),
        (f"2026-02-01 price EUR {THIRTY} USD\n", 15),
        (f'2026-02-01 * "Sale"\n  Assets:Bank 1 EUR @ {THIRTY} EUR\n  Income:Sales\n', 16),
        (f'2026-02-01 * "Sale"\n  Assets:Bank 1 EUR {{{THIRTY} EUR}}\n  Income:Sales\n', 16),
        (f'2026-02-01 * "Sale"\n  Assets:Bank 1 EUR\n    vat_base: {THIRTY}\n  Income:Sales\n', 16),
    ],
    ids=["balance", "price", "posting's price", "posting's cost", "metadata"],
)
def test_every_number_of_the_ledger_is_bounded(tmp_path: Path, entry: str, line: int) -> None:
    root = tmp_path / "company"
    (root / "ledger").mkdir(parents=True)
    text = LEDGER.format(amount="500.00") + "\n" + entry
    (root / "ledger" / "main.beancount").write_text(text)
    result = run("--root", str(root), "check")
    assert result.exit_code == 1
    assert f"ledger/main.beancount:{line}:1: VALUE-RANGE {THIRTY} has 30 digits" in result.stdout
