"""The dashboard counts in words that agree with the number: one invoice, one review."""

from __future__ import annotations

import re

from support import Tiny, run
from support.office import LEDGER

SECOND_INVOICE = re.compile(r'2026-02-05 \* "Acme" "Invoice 2".*?(?=\n\n)', re.DOTALL)


def test_one_of_a_kind_is_said_in_the_singular(office: Tiny) -> None:
    office.write("ledger/main.beancount", SECOND_INVOICE.sub("", LEDGER))
    result = run("--root", str(office.root), "reports", "--period", "2026")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("wrote ") and " files to " in result.stderr
    page = (office.root / "build" / "reports" / "index.html").read_text(encoding="utf-8")
    assert "1 invoice; " in page
    assert "1 review overdue" in page
    assert not re.search(r"\b1 [a-z]+s\b", re.sub(r"<[^>]+>", " ", page)), (
        "a singular count reads as plural"
    )
