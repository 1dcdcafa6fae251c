"""`backoffice invoice remind`: payment reminder letters for the invoices overdue at a date, on
the tiny invoicing workspace (20260001: Slovak customer, 1 728,15 EUR due 2026-04-16;
20260002: Austrian customer, 1 920,00 EUR due 2026-05-03)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from backoffice.core.values import cents
from backoffice.domains import open_workspace
from backoffice.invoicing import model as inv
from backoffice.invoicing import reminders
from backoffice.invoicing.late_payment import load_late_payment
from support import REPO, run
from support.invoices import CREDIT_NOTE, EN_INVOICE, SK_INVOICE, Books
from support.qrcodes import pay_by_square_fields, qr_codes

FOLDER = "documents/reminders/2026"


def bo(books: Books, *args: str) -> Result:
    return run("--root", str(books.root), *args)


def remind(books: Books, *args: str) -> Result:
    return bo(books, "invoice", "remind", *args)


def pay(books: Books, day: str, number: str, amount: str, *, meta: bool = True) -> None:
    """Book a bank payment of invoice `number` (linked ^inv-<number>, as the bank import does)."""
    lines = [f'\n{day} * "Customer" "Payment of invoice {number}" ^inv-{number}\n']
    if meta:
        lines.append(f'  invoice: "{number}"\n')
    lines.append(f"  Assets:Bank:Tatra              {amount} EUR\n")
    lines.append(f"  Assets:Receivables:Customers  -{amount} EUR\n")
    with books.path("ledger/main.beancount").open("a", encoding="utf-8") as handle:
        handle.write("".join(lines))


def issue(books: Books, *drafts: tuple[str, str]) -> None:
    for number, text in drafts:
        books.invoice(number, text)
    result = bo(books, "invoice", "issue", "--all-drafts")
    assert result.exit_code == 0, result.output
    assert bo(books, "ledger", "sync").exit_code == 0


@pytest.fixture
def books(tmp_path: Path) -> Books:
    """Both invoices issued and booked, nothing paid yet."""
    found = Books(tmp_path / "company")
    issue(found, ("20260001", SK_INVOICE), ("20260002", EN_INVOICE))
    return found


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages) + "\n"


def plain(text: str) -> str:
    """Text with Babel's no-break spaces (Slovak digit groups) as plain spaces."""
    return text.replace("\u00a0", " ")


def open_amounts(books: Books, as_of: str) -> dict[str, tuple[Decimal, str]]:
    """Invoice number -> (open amount, currency) of the letters at `as_of`."""
    ws = open_workspace(books.root)
    letters, problems = reminders.letters(ws, date.fromisoformat(as_of))
    assert not problems
    return {
        item.invoice.number: (item.open, item.invoice.currency)
        for letter in letters
        for item in letter.items
    }


def reminder_files(books: Books) -> list[str]:
    folder = books.root / "documents" / "reminders"
    return sorted(p.relative_to(books.root).as_posix() for p in folder.rglob("*.pdf"))


# ----------------------------------------------------------------------------- letters


def test_one_letter_per_customer_in_its_language(
    books: Books, golden: Callable[[str, str], None]
) -> None:
    czk = SK_INVOICE.replace('"20260001"', '"20260003"').replace(
        "currency: EUR", "currency: CZK\nexchange_rate: 25.000\nexchange_rate_date: 2026-04-01"
    )
    issue(books, ("20260003", czk))
    pay(books, "2026-04-20", "20260001", "500.00")
    result = remind(books, "--as-of", "2026-05-31")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{FOLDER}/2026-05-31-C-0001.pdf\n{FOLDER}/2026-05-31-C-0002.pdf\n"
    golden("reminders/reminder-sk.txt", pdf_text(books.root / FOLDER / "2026-05-31-C-0001.pdf"))
    golden("reminders/reminder-en.txt", pdf_text(books.root / FOLDER / "2026-05-31-C-0002.pdf"))


def test_a_partial_payment_leaves_the_rest_open(books: Books) -> None:
    pay(books, "2026-04-20", "20260001", "500.00")
    assert open_amounts(books, "2026-05-31")["20260001"] == (Decimal("1228.15"), "EUR")
    text = plain(pdf_text(books.root / remind(books, "--as-of", "2026-05-31").stdout.split()[0]))
    assert "1 728,15 1 228,15 EUR" in text


def test_a_payment_known_only_by_its_link_counts(books: Books) -> None:
    pay(books, "2026-04-20", "20260001", "1728.15", meta=False)
    assert "20260001" not in open_amounts(books, "2026-05-31")


def test_a_payment_after_the_date_is_ignored(books: Books) -> None:
    pay(books, "2026-06-05", "20260001", "1728.15")
    assert open_amounts(books, "2026-05-31")["20260001"] == (Decimal("1728.15"), "EUR")
    assert "20260001" not in open_amounts(books, "2026-06-05")


def test_an_invoice_not_yet_due_is_not_listed(books: Books) -> None:
    assert set(open_amounts(books, "2026-04-20")) == {"20260001"}
    assert set(open_amounts(books, "2026-05-03")) == {"20260001"}  # due that day: not overdue
    assert set(open_amounts(books, "2026-05-04")) == {"20260001", "20260002"}
    result = remind(books, "--as-of", "2026-04-20")
    assert result.stdout == f"{FOLDER}/2026-04-20-C-0001.pdf\n"


def test_a_credit_note_reduces_the_open_amount(books: Books) -> None:
    issue(books, ("D2026001", CREDIT_NOTE))  # −2.5 h × 80.00 + 23 % VAT = −246.00
    pay(books, "2026-04-20", "20260001", "1000.00")
    assert open_amounts(books, "2026-05-31")["20260001"] == (Decimal("482.15"), "EUR")
    pay(books, "2026-05-20", "20260001", "482.15")
    assert "20260001" not in open_amounts(books, "2026-05-31")


def test_a_foreign_currency_invoice_shows_its_own_currency(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    czk = "currency: CZK\nexchange_rate: 25.000\nexchange_rate_date: 2026-04-01"
    issue(books, ("20260001", SK_INVOICE.replace("currency: EUR", czk)))
    # 1 728,15 CZK is booked as 69.13 EUR
    assert open_amounts(books, "2026-05-31") == {"20260001": (Decimal("1728.15"), "CZK")}
    pay(books, "2026-04-20", "20260001", "20.00")
    assert open_amounts(books, "2026-05-31") == {"20260001": (Decimal("1228.25"), "CZK")}
    result = remind(books, "--as-of", "2026-05-31")
    text = plain(pdf_text(books.root / result.stdout.strip()))
    assert "1 728,15 1 228,25 CZK" in text and "1 228,25 CZK" in text


@given(
    total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
    rate=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=3),
    paid_percent=st.integers(min_value=0, max_value=100),
)
def test_open_in_currency_stays_within_the_total(
    total: Decimal, rate: Decimal, paid_percent: int
) -> None:
    invoice = foreign_invoice(total, rate)
    total_eur = invoice.to_eur(total)
    assert invoice.open_in_currency(total_eur) == total
    open_eur = total_eur - cents(total_eur * paid_percent / 100)
    assert Decimal(0) <= invoice.open_in_currency(open_eur) <= total


def foreign_invoice(total: Decimal, rate: Decimal) -> inv.Invoice:
    """A CZK invoice of one line worth `total`, at `rate` CZK per EUR."""
    line = inv.Line("x", Decimal(1), "", total, None, "outside-scope", Decimal(0), "Income:X")
    day = date(2026, 1, 1)
    return inv.Invoice(
        record=None,  # type: ignore[arg-type]
        series="FA",
        number="1",
        kind="invoice",
        status="issued",
        issue_date=day,
        supply_date=day,
        due_date=day,
        customer_id="C",
        customer={},
        currency="CZK",
        exchange_rate=rate,
        exchange_rate_date=day,
        lines=[line],
        notes="",
        variable_symbol="1",
        iban="",
        bic="",
        corrects=None,
    )


def test_only_the_customer_asked_for(books: Books) -> None:
    result = remind(books, "--as-of", "2026-05-31", "--customer", "C-0002")
    assert result.stdout == f"{FOLDER}/2026-05-31-C-0002.pdf\n"
    assert reminder_files(books) == [f"{FOLDER}/2026-05-31-C-0002.pdf"]


def test_nothing_overdue_writes_nothing(books: Books) -> None:
    before = books.files()
    result = remind(books, "--as-of", "2026-04-10")
    assert result.exit_code == 0
    assert result.stdout == "No overdue invoices at 2026-04-10.\n"
    pay(books, "2026-04-15", "20260001", "1728.15")
    after_payment = books.files()
    again = remind(books, "--as-of", "2026-05-01", "--customer", "C-0001")
    assert again.stdout == "No overdue invoices at 2026-05-01.\n"
    assert books.files() == after_payment and before.keys() == after_payment.keys()


def test_the_same_date_gives_the_same_bytes(books: Books) -> None:
    assert remind(books, "--as-of", "2026-05-31").exit_code == 0
    first = {p: (books.root / p).read_bytes() for p in reminder_files(books)}
    assert remind(books, "--as-of", "2026-05-31").exit_code == 0
    assert {p: (books.root / p).read_bytes() for p in reminder_files(books)} == first
    assert all(b"/CreationDate(D:20260531000000" in data for data in first.values())


def test_the_qr_code_pays_the_open_amount(books: Books) -> None:
    pay(books, "2026-04-20", "20260001", "500.00")
    ws = open_workspace(books.root)
    letters, _ = reminders.letters(ws, date(2026, 5, 31), "C-0001")
    found = qr_codes(reminders.render(ws, letters[0], fmt="png", ppi=100))
    assert len(found) == 1
    fields = pay_by_square_fields(found[0])
    amount, currency, due, variable_symbol = fields[3:7]
    iban, bic = fields[12:14]
    assert (amount, currency, due, variable_symbol) == ("1228.15", "EUR", "20260531", "20260001")
    assert (iban, bic) == ("SK4811000000002926871432", "TATRSKBX")


def test_an_account_abroad_gets_an_epc_qr_code(tmp_path: Path) -> None:
    books = Books(tmp_path / "company")
    text = SK_INVOICE.replace("notes:", "payment:\n  iban: AT611904300234573201\nnotes:")
    issue(books, ("20260001", text))
    pay(books, "2026-04-20", "20260001", "28.15")
    ws = open_workspace(books.root)
    letters, _ = reminders.letters(ws, date(2026, 5, 31))
    found = qr_codes(reminders.render(ws, letters[0], fmt="png", ppi=100))
    lines = found[0].splitlines()
    assert lines[:2] == ["BCD", "002"], lines
    assert "AT611904300234573201" in lines and "EUR1700" in lines, lines


def test_the_invoicing_contact_signs() -> None:
    contacts = [
        {"role": "Managing director", "name": "A", "email": "a@x"},
        {"role": "Invoicing and office", "name": "B", "email": "b@x"},
    ]
    assert reminders.invoicing_contact({"contacts": contacts}) == {"name": "B", "email": "b@x"}
    exact = [*contacts, {"role": "Invoicing", "name": "C", "email": "c@x"}]
    assert reminders.invoicing_contact({"contacts": exact})["name"] == "C"
    assert reminders.invoicing_contact({}) == {"name": "", "email": ""}


# ----------------------------------------------------------------------------- bad input


def assert_refused(books: Books, result: Result, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert expected in result.stdout
    assert result.stderr.endswith("nothing written.\n")


def test_a_stale_invoices_journal_is_refused(books: Books) -> None:
    books.invoice("20260003", SK_INVOICE.replace('"20260001"', '"20260003"'))
    assert bo(books, "invoice", "issue", "20260003").exit_code == 0  # not synced
    before = books.files()
    result = remind(books, "--as-of", "2026-05-31")
    assert_refused(
        books,
        result,
        "ledger/generated/invoices.beancount:1:1: LEDGER-STALE differs from what the "
        "registers give; run `backoffice ledger sync`\n",
    )
    assert books.files() == before


def test_a_ledger_error_is_refused(books: Books) -> None:
    ledger = books.path("ledger/main.beancount")
    ledger.write_text(
        ledger.read_text("utf-8") + '\n2026-04-20 * "Unbalanced"\n'
        "  Assets:Bank:Tatra  10.00 EUR\n  Assets:Receivables:Customers  -9.00 EUR\n",
        "utf-8",
    )
    line = ledger.read_text("utf-8").count("\n") - 2
    before = books.files()
    result = remind(books, "--as-of", "2026-05-31")
    assert_refused(books, result, f"ledger/main.beancount:{line}:1: LEDGER ")
    assert books.files() == before


def test_a_customer_without_address_is_refused(books: Books) -> None:
    customer = books.root / "records/customers/C-0002.yaml"
    text = customer.read_text("utf-8")
    customer.write_text(text.replace("  street: Praterstraße 10\n", ""), "utf-8")
    before = books.files()
    result = remind(books, "--as-of", "2026-05-31")
    assert_refused(
        books,
        result,
        "records/customers/C-0002.yaml:7:3: INVOICE-CUSTOMER-INCOMPLETE customer C-0002 has no "
        "complete name and address for a reminder (missing: street)\n",
    )
    assert books.files() == before
    other = remind(books, "--as-of", "2026-05-31", "--customer", "C-0001")
    assert other.exit_code == 0 and other.stdout == f"{FOLDER}/2026-05-31-C-0001.pdf\n"


def test_an_unknown_customer_is_refused(books: Books) -> None:
    before = books.files()
    result = remind(books, "--as-of", "2026-05-31", "--customer", "C-0099")
    assert result.exit_code == 1
    assert "unknown customer 'C-0099' (no records/customers/C-0099.yaml)" in result.stderr
    assert books.files() == before


def test_the_repository_template_restyles_the_letter(books: Books) -> None:
    books.write(
        "templates/reminder.typ",
        """\
        #let d = json(bytes(sys.inputs.data))
        #d.labels.subject for #d.customer.name: #d.totals.map(t => t.join(" ")).join(", ")
        """,
    )
    result = remind(books, "--as-of", "2026-05-31", "--customer", "C-0002")
    text = pdf_text(books.root / result.stdout.strip())
    assert text == "Payment reminder for Donau Systems GmbH: 1,920.00 EUR\n"


def test_a_bad_date_is_a_usage_error(books: Books) -> None:
    result = remind(books, "--as-of", "2026-02-30")
    assert result.exit_code == 2 and "is not a date" in result.stderr


# ----------------------------------------------------------------------------- interest and costs


def claims_late_payment(
    books: Books, setting: str = "{interest: true, recovery_cost: true}"
) -> None:
    customer = books.root / "records/customers/C-0001.yaml"
    customer.write_text(customer.read_text("utf-8") + f"late_payment: {setting}\n", "utf-8")


def test_interest_and_the_recovery_cost_are_claimed(books: Books) -> None:
    """1 728,15 due 2026-04-16, 45 days at 2.15 + 8 = 10.15 % over 365 days: 21,63."""
    claims_late_payment(books)
    result = remind(books, "--as-of", "2026-05-31", "--customer", "C-0001")
    assert result.exit_code == 0, result.output
    text = plain(pdf_text(books.root / FOLDER / "2026-05-31-C-0001.pdf"))
    assert "Úroky z omeškania a paušálna náhrada nákladov" in text
    assert "20260001 45 10,15 % 21,63 40,00 EUR EUR" in text
    assert "Spolu s úrokmi a nákladmi: 1 789,78 EUR" in text
    assert "§ 369c" in text


def test_only_what_the_customer_is_set_to(books: Books) -> None:
    claims_late_payment(books, "{recovery_cost: true}")
    result = remind(books, "--as-of", "2026-05-31", "--customer", "C-0001")
    assert result.exit_code == 0, result.output
    text = plain(pdf_text(books.root / FOLDER / "2026-05-31-C-0001.pdf"))
    assert "20260001 45 40,00 EUR EUR" in text and "§ 369 Obchodného" not in text
    assert "Spolu s úrokmi a nákladmi: 1 768,15 EUR" in text


def test_a_customer_not_set_gets_no_claims(books: Books) -> None:
    result = remind(books, "--as-of", "2026-05-31", "--customer", "C-0001")
    assert result.exit_code == 0, result.output
    assert "Úroky z omeškania" not in pdf_text(books.root / FOLDER / "2026-05-31-C-0001.pdf")


def test_interest_runs_by_half_years_at_their_first_days_rate() -> None:
    data = load_late_payment(open_workspace(REPO))
    amount, parts = data.interest(Decimal("1000.00"), date(2025, 6, 20), date(2025, 7, 10))
    # 2025-06-21..06-30 at 3.15 + 8 (the rate of 1 January), 07-01..07-10 at 2.15 + 8
    assert [(p.start, p.end, p.rate) for p in parts] == [
        (date(2025, 6, 21), date(2025, 6, 30), Decimal("11.15")),
        (date(2025, 7, 1), date(2025, 7, 10), Decimal("10.15")),
    ]
    assert amount == cents(Decimal(1000) * (Decimal("0.1115") * 10 + Decimal("0.1015") * 10) / 365)


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        pytest.param(
            "    - {from: 2025-01-01, to: 2025-06-10, rate: '2.40'}\n"
            "    - {from: 2025-07-01, rate: '2.15'}\n",
            "ledger/late-payment.yaml:6:14: REMINDER-RATES the table leaves a gap from 2025-06-11 "
            "to 2025-06-30\n",
            id="a gap in the table",
        ),
        pytest.param(
            "    - {from: 2026-05-01, rate: '2.15'}\n",
            "records/customers/C-0001.yaml:24:26: REMINDER-NO-RATE invoice 20260001 is overdue "
            "since 2026-04-16: ledger/late-payment.yaml has no ECB main refinancing rate for "
            "2026-01-01 (its table begins on 2026-05-01)\n",
            id="a delay before the table",
        ),
    ],
)
def test_an_ecb_rate_table_that_misses_the_delay_is_refused(
    books: Books, periods: str, expected: str
) -> None:
    claims_late_payment(books)
    books.write(
        "ledger/late-payment.yaml",
        "margin: '8'\nrecovery_cost: 40.00 EUR\necb_main_refinancing_rate:\n  periods:\n" + periods,
    )
    before = books.files()
    result = remind(books, "--as-of", "2026-05-31")
    assert_refused(books, result, expected)
    assert books.files() == before
