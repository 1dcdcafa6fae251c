"""`backoffice invoice sent`: the delivery log of issued invoices beside their immutable
records, what `check` finds in it, and what the invoices page shows of it."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from backoffice.domains import open_workspace
from backoffice.invoicing import invoice_statuses
from support import run
from support.invoices import EN_INVOICE, SK_INVOICE, Books

LOG = "records/invoice-deliveries/2026/20260001.yaml"
MESSAGE = "3f6c2a1e-8b4d-4e0a-9c71-5d2e8f0b7a41@ap.example"


@pytest.fixture
def books(tmp_path: Path) -> Books:
    books = Books(tmp_path / "company")
    books.invoice("20260001", SK_INVOICE)
    books.invoice("20260002", EN_INVOICE)
    assert bo(books, "invoice", "issue", "20260001").exit_code == 0
    assert bo(books, "ledger", "sync").exit_code == 0
    return books


def bo(books: Books, *args: str) -> Result:
    return run("--root", str(books.root), *args)


def sent(books: Books, *args: str) -> Result:
    return bo(books, "invoice", "sent", "20260001", *args)


def test_sent_starts_the_log_and_later_events_are_appended(books: Books) -> None:
    result = sent(books, "--date", "2026-04-02", "--message-id", MESSAGE)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{LOG}\n"
    assert sent(books, "--date", "2026-04-03", "--status", "delivered").exit_code == 0
    assert (books.root / LOG).read_text("utf-8") == (
        'invoice: "20260001"\n'
        "deliveries:\n"
        "  - date: 2026-04-02\n"
        "    status: sent\n"
        f'    message_id: "{MESSAGE}"\n'
        "  - date: 2026-04-03\n"
        "    status: delivered\n"
    )
    assert bo(books, "check").exit_code == 0
    ws = open_workspace(books.root)
    rows = {row.number: row.delivery for row in invoice_statuses(ws, date(2026, 4, 30), {})}
    assert rows == {"20260001": "delivered 2026-04-03", "20260002": ""}


def refused(books: Books, *args: str) -> Result:
    before = books.files()
    result = bo(books, "invoice", "sent", *args)
    assert result.exit_code == 1, result.output
    assert books.files() == before
    return result


@pytest.mark.parametrize("number", ["20269999", "20260002"])  # unknown, a draft
def test_an_invoice_not_issued(books: Books, number: str) -> None:
    result = refused(books, number, "--date", "2026-04-02")
    assert result.stderr == f"Error: no issued invoice {number!r} in records/invoices/\n"


def test_a_date_before_the_issue(books: Books) -> None:
    result = refused(books, "20260001", "--date", "2026-04-01")
    assert result.stdout == (
        "records/invoices/2026/20260001.yaml:5:13: INVOICE-DELIVERY-DATE --date 2026-04-01 is "
        "before invoice 20260001 was issued (2026-04-02)\n"
    )
    assert result.stderr == "1 problem: nothing written.\n"


def test_a_message_id_or_an_event_recorded_twice(books: Books) -> None:
    assert sent(books, "--date", "2026-04-02", "--message-id", MESSAGE).exit_code == 0
    result = refused(books, "20260001", "--date", "2026-04-05", "--message-id", MESSAGE)
    assert result.stdout == (
        f"{LOG}:5:17: INVOICE-DELIVERY-DUPLICATE message id {MESSAGE!r} is recorded already "
        "(sent 2026-04-02 of invoice 20260001)\n"
    )
    assert sent(books, "--date", "2026-04-03").exit_code == 0
    result = refused(books, "20260001", "--date", "2026-04-03")
    assert result.stdout == (
        f"{LOG}:6:11: INVOICE-DELIVERY-DUPLICATE invoice 20260001 is recorded as sent on "
        "2026-04-03 already\n"
    )


def test_a_log_whose_last_key_is_not_its_list(books: Books) -> None:
    books.write(LOG, 'deliveries:\n  - date: 2026-04-02\n    status: sent\ninvoice: "20260001"\n')
    result = refused(books, "20260001", "--date", "2026-04-03")
    assert result.stdout == (
        f"{LOG}:1:1: INVOICE-DELIVERY-UNKNOWN the record does not end with its deliveries "
        "list: move `deliveries:` last\n"
    )


def test_check_finds_what_a_hand_edited_log_gets_wrong(books: Books) -> None:
    books.write(
        LOG,
        'invoice: "20260001"\ndeliveries:\n'
        f'  - date: 2026-04-01\n    status: sent\n    message_id: "{MESSAGE}"\n',
    )
    books.write(
        "records/invoice-deliveries/2026/20260002.yaml",
        f'invoice: "20260002"\ndeliveries:\n  - date: 2026-04-05\n    status: sent\n'
        f'    message_id: "{MESSAGE}"\n',
    )
    result = bo(books, "check")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "INVOICE-DELIVERY" in line] == [
        f"{LOG}:3:11: INVOICE-DELIVERY-DATE sent on 2026-04-01, before invoice 20260001 was "
        "issued (2026-04-02)",
        "records/invoice-deliveries/2026/20260002.yaml:1:10: INVOICE-DELIVERY-UNKNOWN "
        "'20260002' is not an issued invoice of records/invoices/",
    ]
    books.write(
        "records/invoice-deliveries/2026/20260002.yaml",
        'invoice: "20260001"\ndeliveries:\n  - date: 2026-04-05\n    status: sent\n'
        f'    message_id: "{MESSAGE}"\n',
    )
    lines = [line for line in bo(books, "check").stdout.splitlines() if "DELIVERY" in line]
    assert lines[-2:] == [
        "records/invoice-deliveries/2026/20260002.yaml:1:10: INVOICE-DELIVERY-UNKNOWN invoice "
        "'20260001' differs from the file name '20260002'",
        "records/invoice-deliveries/2026/20260002.yaml:5:17: INVOICE-DELIVERY-DUPLICATE "
        f"message id {MESSAGE!r} is recorded already ({LOG}, sent 2026-04-01)",
    ]


def test_a_pull_request_shows_each_event_in_the_diff(books: Books) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(books.root), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "issued")
    assert sent(books, "--date", "2026-04-02", "--message-id", MESSAGE).exit_code == 0
    result = bo(books, "diff", "HEAD")
    assert result.exit_code == 0, result.output
    assert (
        f"  invoice-deliveries 20260001: added ({LOG})\n"
        "    invoice: 20260001\n"
        f"    deliveries of 2026-04-02: status: sent, message_id: {MESSAGE}\n"
    ) in result.stdout
