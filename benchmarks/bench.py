"""`make bench`: scale the example company up and time `check` against the tools it builds on.

Writes a synthetic workspace under build/bench/ (years of transactions, thousands of records),
then measures, in one run: `backoffice check`, Beancount's own `bean-check` on the same ledger,
the records part of `check` alone, `check-jsonschema` on the same records with the same
schemas, `backoffice reports` (every report and the dashboard), issuing invoices, importing
1,000 received e-invoices, and a Fava register page. Prints figures and ratios;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from beancount.parser import printer

from backoffice.check.run import check_records
from backoffice.core.clock import TODAY_VARIABLE, set_today
from backoffice.core.period import shift_years
from backoffice.load.checkdigits import is_sk_dic, is_sk_ico
from backoffice.load.ledger import MAIN, load_ledger

REPO = Path(__file__).resolve().parents[1]


DERIVED_TAGS = {"payroll", "depreciation"}
DERIVED_ACCOUNTS = re.compile(
    r"^(Assets:Fixed|Liabilities:Payroll|Liabilities:Tax:IncomeTaxAdvances|Expenses:Payroll"
    r"|Expenses:Depreciation|Expenses:AssetDisposals|Income:AssetSales)(:|$)"
)
"""Accounts the registers reconcile with (payroll, fixed assets): history copies leave them be."""


def _plain(txn: data.Transaction) -> bool:
    """A transaction that can be repeated in earlier years without upsetting a register."""
    return not (txn.tags or set()) & DERIVED_TAGS and not any(
        DERIVED_ACCOUNTS.match(p.account) for p in txn.postings
    )


def scale_ledger(source: Path, target: Path, years: int, transactions: int) -> int:
    """The example's books as they are, plus years of history before them: the example year's
    ordinary transactions repeated until about `transactions` exist. A last history entry
    takes the history's balances off the balance-sheet accounts, so that the real books'
    balances brought forward and balance assertions still hold; the history's results stay."""
    ledger = load_ledger(source)
    txns = [e for e in ledger.entries if isinstance(e, data.Transaction)]
    plain = [t for t in txns if _plain(t) and t.date.year == max(x.date.year for x in txns)]
    last_year = max(t.date.year for t in txns)
    history_years = max(years - 1, 1)
    copies = max(1, round((transactions - len(txns)) / (len(plain) * history_years)))
    first = date(last_year - history_years, 1, 1)
    folder = target / "ledger"
    shutil.copytree(source / "ledger", folder)
    (folder / "closed.lock").unlink(missing_ok=True)  # `backoffice close` writes it anew
    shutil.copytree(source / "documents", target / "documents")  # the issued invoices
    main = (folder / "main.beancount").read_text(encoding="utf-8")
    (folder / "main.beancount").write_text(main + 'include "history/*.beancount"\n', "utf-8")
    accounts = folder / "accounts.beancount"
    text = re.sub(
        r"^\d{4}-\d{2}-\d{2} open",
        f"{first.isoformat()} open",
        accounts.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    accounts.write_text(text, encoding="utf-8")
    (folder / "history").mkdir()
    count = len(txns)
    moved: dict[str, Decimal] = {}
    for offset in range(-history_years, 0):
        year = last_year + offset
        with (folder / "history" / f"{year}.beancount").open("w", encoding="utf-8") as out:
            for copy in range(copies):
                for txn in plain:
                    shifted = txn._replace(
                        date=shift_years(txn.date, offset),
                        narration=f"{txn.narration} ({copy + 1})" if copy else txn.narration,
                        links=frozenset(),
                    )
                    out.write(printer.format_entry(shifted) + "\n")
                    count += 1
                    for posting in txn.postings:
                        if posting.account.split(":")[0] in ("Assets", "Liabilities"):
                            units = (posting.units.number if posting.units else None) or Decimal(0)
                            moved[posting.account] = moved.get(posting.account, Decimal(0)) + units
    with (folder / "history" / "zz-settled.beancount").open("w", encoding="utf-8") as out:
        out.write(
            f'{last_year - 1}-12-30 * "History settled before the balances brought forward"\n'
        )
        for account, amount in sorted(moved.items()):
            if amount:
                out.write(f"  {account}  {-amount} EUR\n")
        out.write(f"  Equity:RetainedEarnings  {sum(moved.values())} EUR\n\n")
    return count + 1


SCALED_REGISTERS_SKIP = {
    "people",
    "assets",
    "payroll",
    "budgets",
    "invoices",
    "invoice-deliveries",
    "bills",
    "timesheets",
    "items",
    "stock",
}
"""Registers that the ledger or the invoices reconcile with: copied as they are, not multiplied."""


UNIQUE_IDS = re.compile(r"^(ico|dic|vat_id): .*$", re.MULTILINE)
"""A party's company ids, which two records of a register may not share."""


def _valid_from(start: int, valid: Callable[[str], bool]) -> str:
    """The first number from `start` on that passes `valid` (a check digit holds)."""
    while not valid(str(start)):
        start += 1
    return str(start)


def other_party(body: str, serial: int) -> str:
    """A copied party record with company ids of its own, each with a right check digit: a
    copy is another company, and two records of a register never share an IČO or a DIČ (nor
    its data processing agreement)."""
    ico = _valid_from(50_000_000 + serial * 100, is_sk_ico)
    dic = _valid_from(2_120_000_000 + serial * 100, is_sk_dic)

    def new_id(found: re.Match[str]) -> str:
        field = found[1]
        if field == "ico":
            return f'ico: "{ico}"'
        if field == "dic":
            return f'dic: "{dic}"'
        return f"vat_id: SK{dic}" if found[0].startswith("vat_id: SK") else ""

    body = UNIQUE_IDS.sub(new_id, body)
    # no contract names the copy, so it processes no personal data for the company
    return body.replace("processes_personal_data: true", "processes_personal_data: false")


def scale_records(source: Path, target: Path, records: int) -> int:
    """Copy the other registers' records under new ids until about `records` files exist."""
    base = source / "records"
    shutil.copytree(base, target / "records")
    shutil.copytree(source / "schemas", target / "schemas", dirs_exist_ok=True)
    kept = [
        p
        for p in base.rglob("*.yaml")
        if p.parent == base or p.relative_to(base).parts[0] in SCALED_REGISTERS_SKIP
    ]
    files = [p for p in base.rglob("*.yaml") if p not in kept]
    copies = max(1, round((records - len(kept)) / len(files)))
    count = len(kept) + len(files)
    for path in files:
        match = re.fullmatch(r"(.*?)(\d+)", path.stem)
        if not match:
            continue
        prefix, digits = match.groups()
        text = path.read_text(encoding="utf-8")
        per_register = len(list(path.parent.glob("*.yaml")))
        for copy in range(1, copies):
            new_id = f"{prefix}{int(digits) + copy * per_register:0{len(digits)}d}"
            folder = target / path.parent.relative_to(source)
            body = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
            body = other_party(body, count)
            (folder / f"{new_id}.yaml").write_text(body, encoding="utf-8")
            count += 1
    return count


def _invoice_drafts(root: Path, year: int, count: int) -> None:
    """`count` drafts numbered in `year`, copied from the example's issued 2026 invoices."""
    sources = sorted((root / "records" / "invoices" / "2026").glob("2026????.yaml"))
    folder = root / "records" / "invoices" / str(year)
    folder.mkdir(parents=True)
    for index in range(1, count + 1):
        text = sources[(index - 1) % len(sources)].read_text(encoding="utf-8")
        text = text.split("hashes:")[0]
        text = re.sub(r"^number: .*$", f'number: "{year}{index:04d}"', text, flags=re.MULTILINE)
        text = re.sub(r"^status: .*$", "status: draft", text, flags=re.MULTILINE)
        if "order_reference:" not in text:  # some customers require one from the Peppol switch
            text = text.replace("\nlines:", f'\norder_reference: "BENCH-{index}"\nlines:', 1)
        for field, day in (
            ("issue_date", "01-15"),
            ("supply_date", "01-15"),
            ("due_date", "02-14"),
        ):
            text = re.sub(rf"^{field}: .*$", f"{field}: {year}-{day}", text, flags=re.MULTILINE)
        (folder / f"{year}{index:04d}.yaml").write_text(text, encoding="utf-8")


def time_invoice_issue(root: Path, count: int = 500) -> tuple[list[float], float]:
    """(seconds of each `invoice issue NUMBER`, one after another with a fresh workspace as
    the command has; seconds per invoice of one `invoice issue --all-drafts` of `count`)."""
    previous = os.environ.get(TODAY_VARIABLE)
    set_today(date(2028, 12, 31))  # the drafts are of 2027 and 2028: issued on their day
    try:
        return _issue_drafts(root, count)
    finally:
        if previous is None:
            os.environ.pop(TODAY_VARIABLE, None)
        else:
            os.environ[TODAY_VARIABLE] = previous


def _issue_drafts(root: Path, count: int) -> tuple[list[float], float]:
    from backoffice.domains import open_workspace
    from backoffice.invoicing import issue as issuing

    _invoice_drafts(root, 2027, count)
    singles = []
    for _ in range(count):
        start = time.perf_counter()
        ws = open_workspace(root)
        done, problems = issuing.issue(ws, issuing.drafts(ws)[:1])
        singles.append(time.perf_counter() - start)
        if problems or not done:
            raise RuntimeError(str(problems))
    _invoice_drafts(root, 2028, count)
    start = time.perf_counter()
    ws = open_workspace(root)
    done, problems = issuing.issue(ws, issuing.drafts(ws))
    if problems or len(done) != count:
        raise RuntimeError(str(problems))
    return singles, (time.perf_counter() - start) / count


RECEIVED = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
 <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
 <cbc:ID>BENCH-{n:05d}</cbc:ID>
 <cbc:IssueDate>2026-11-{day:02d}</cbc:IssueDate>
 <cbc:DueDate>2026-12-15</cbc:DueDate>
 <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cbc:BuyerReference>BENCH</cbc:BuyerReference>
 <cac:AccountingSupplierParty><cac:Party>
  <cbc:EndpointID schemeID="0245">2020273189</cbc:EndpointID>
  <cac:PartyTaxScheme><cbc:CompanyID>SK2020273189</cbc:CompanyID>
   <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>TeleNet Slovakia a.s.</cbc:RegistrationName>
  </cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cbc:EndpointID schemeID="0245">2120123456</cbc:EndpointID>
  <cac:PartyLegalEntity><cbc:RegistrationName>Javorina Digital s.r.o.</cbc:RegistrationName>
  </cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{vat}</cbc:TaxAmount>
  <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{net}</cbc:TaxableAmount>
   <cbc:TaxAmount currencyID="EUR">{vat}</cbc:TaxAmount>
   <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>23</cbc:Percent>
    <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
 </cac:TaxTotal>
 <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>
  <cbc:TaxExclusiveAmount currencyID="EUR">{net}</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">{total}</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="EUR">{total}</cbc:PayableAmount></cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID>
  <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Connectivity, item {n}</cbc:Name>
   <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>23</cbc:Percent>
    <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="EUR">{net}</cbc:PriceAmount></cac:Price>
 </cac:InvoiceLine>
</Invoice>
"""
"""A received Peppol BIS 3.0 invoice from a supplier of the example, to the example company."""


def time_bill_import(root: Path, inbox: Path, count: int = 1_000) -> tuple[float, float]:
    """(seconds per e-invoice of one `bill import` of `count` received invoices — parse,
    validate against the UBL schema, match, archive, write —, seconds of the `ledger sync`
    that books them)."""
    from backoffice.bills import importer
    from backoffice.derive.sync import sync
    from backoffice.domains import open_workspace

    inbox.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        net = Decimal(100 + n % 900) + Decimal(n % 100) / 100
        vat = (net * Decimal("0.23")).quantize(Decimal("0.01"))
        text = RECEIVED.format(n=n, day=1 + n % 28, net=net, vat=vat, total=net + vat)
        path = inbox / f"bill-{n:05d}.xml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    start = time.perf_counter()
    ws = open_workspace(root)
    planned, problems = importer.plan(ws, files)
    if problems:
        raise RuntimeError(str(problems[:3]))
    importer.write(ws, planned)
    per_bill = (time.perf_counter() - start) / count
    start = time.perf_counter()
    result = sync(open_workspace(root))
    if result.problems:
        raise RuntimeError(str(result.problems[:3]))
    return per_bill, time.perf_counter() - start


def _bench_runs(root: Path, runs: int) -> list[tuple[str, Decimal]]:
    """`runs` earlier payroll runs, copies of the example's November run for the months before
    2026 (none of them paid in the books), and the payments (IBAN, amount) that settle them:
    each person's net pay and the insurers' and the tax office's sums."""
    import yaml

    source = root / "records" / "payroll" / "2026-11.yaml"
    text = source.read_text(encoding="utf-8")
    run = yaml.safe_load(text)
    company = yaml.safe_load((root / "records" / "company.yaml").read_text(encoding="utf-8"))
    payees = {k: v["iban"].replace(" ", "") for k, v in company["payroll_payees"].items()}

    def amount(line: dict[str, str], *keys: str) -> Decimal:
        return sum((Decimal(str(line.get(k) or "0 EUR").split()[0]) for k in keys), Decimal(0))

    ibans = {}
    for line in run["employees"]:
        person = yaml.safe_load(
            (root / "records" / "people" / f"{line['person']}.yaml").read_text(encoding="utf-8")
        )
        ibans[line["person"]] = person["personal"]["private_iban"].replace(" ", "")
    lines = run["employees"]
    one_run = [(ibans[ln["person"]], amount(ln, "net", "meal_contribution")) for ln in lines]
    one_run += [
        (
            payees["social_insurance"],
            sum((amount(ln, "employee_social", "employer_social") for ln in lines), Decimal(0)),
        ),
        (
            payees["health_insurance"],
            sum((amount(ln, "employee_health", "employer_health") for ln in lines), Decimal(0)),
        ),
        (payees["tax_office"], sum((amount(ln, "tax_advance") for ln in lines), Decimal(0))),
    ]
    month = date(2025, 12, 1)
    for _ in range(runs):
        end = month.replace(day=28) + timedelta(days=4)
        end -= timedelta(days=end.day)
        body = (
            text.replace("period: 2026-11", f"period: {month:%Y-%m}", 1)
            .replace("date: 2026-11-30", f"date: {end}", 1)
            .replace("payment_date: 2026-12-10", f"payment_date: {end + timedelta(days=10)}", 1)
        )
        (source.parent / f"{month:%Y-%m}.yaml").write_text(body, encoding="utf-8")
        month = (month - timedelta(days=1)).replace(day=1)
    return one_run * runs


def time_bank_import(
    root: Path, count: int = 10_000, runs: int = 60
) -> tuple[float, dict[str, int]]:
    """(seconds per entry of one `bank import` of a camt.053 statement of `count` entries — parse,
    match, balances, journal, archive —, how many each rule matched). The statement pays every
    liability of `runs` payroll runs (each person's net pay, the insurers, the tax office); of
    the rest, a third pay generated open invoices by their variable symbol, a tenth are the
    bank's charges, the rest match nothing."""
    from backoffice.bank import importer
    from backoffice.domains import open_workspace

    payroll = _bench_runs(root, runs)
    invoices = count // 3
    ledger = ["2026-12-02 open Income:Bench EUR\n"]
    for n in range(invoices):
        ledger.append(
            f'\n2026-12-02 * "Bench" "Invoice 2099{n:06d}" ^inv-2099{n:06d}\n'
            f'  invoice: "2099{n:06d}"\n  customer: "C-0001"\n'
            f"  Assets:Receivables:Customers  {100 + n % 50}.00 EUR\n  Income:Bench\n"
        )
    (root / "ledger" / "2026" / "bench-invoices.beancount").write_text("".join(ledger))
    ws = open_workspace(root)
    first = date(2026, 12, 3)
    opening = importer.Books(ws, []).balance("Assets:Bank:Tatra", "EUR", first)
    entries, total = [], opening
    for n in range(count):
        day = first + timedelta(days=n * 28 // count)
        iban = ""
        if n % 13 == 5 and payroll:
            iban, amount = payroll.pop(0)
            sign, e2e, code = "DBIT", "NOTPROVIDED", "ICDT-ESCT"
        elif n % 3 == 0 and n // 3 < invoices:
            amount, sign, e2e, code = (
                Decimal(100 + (n // 3) % 50),
                "CRDT",
                f"/VS2099{n // 3:06d}",
                "RCDT-ESCT",
            )
        elif n % 10 == 1:
            amount, sign, e2e, code = Decimal("0.40"), "DBIT", "NOTPROVIDED", "MDOP-CHRG"
        else:
            amount, sign, e2e, code = (
                Decimal(n % 700) + Decimal("0.15"),
                "CRDT",
                "NOTPROVIDED",
                "RCDT-ESCT",
            )
        total += amount if sign == "CRDT" else -amount
        family, sub = code.split("-")
        party = "Dbtr" if sign == "CRDT" else "Cdtr"
        account = f"<{party}Acct><Id><IBAN>{iban}</IBAN></Id></{party}Acct>" if iban else ""
        entries.append(
            f'<Ntry><NtryRef>{n}</NtryRef><Amt Ccy="EUR">{amount}</Amt>'
            f"<CdtDbtInd>{sign}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt>"
            f"<AcctSvcrRef>BENCH{n:07d}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly>"
            f"<Cd>{family}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>"
            f"<NtryDtls><TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs><RltdPties><{party}>"
            f"<Nm>Payer {n % 97}</Nm></{party}>{account}</RltdPties></TxDtls></NtryDtls>"
            "</Ntry>\n"
        )
    if payroll:
        raise RuntimeError(f"{len(payroll)} payroll payments left out of the statement")
    last = first + timedelta(days=27)
    balances = "".join(
        f'<Bal><Tp><CdOrPrtry><Cd>{kind}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(value)}</Amt>'
        f"<CdtDbtInd>{'CRDT' if value >= 0 else 'DBIT'}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>\n"
        for kind, value, day in (("OPBD", opening, first), ("CLBD", total, last))
    )
    path = root / "bench-statement.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        "<Stmt><Id>BENCH</Id><Acct><Id><IBAN>SK4811000000002926871432</IBAN></Id>"
        f"<Ccy>EUR</Ccy></Acct>\n{balances}{''.join(entries)}</Stmt></BkToCstmrStmt></Document>\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    ws = open_workspace(root)
    camt = importer.CamtImporter(ws=ws)
    camt.extract(str(path), ws.ledger.entries)
    writes, problems = importer.plan_writes(ws, camt)
    if problems:
        raise RuntimeError(str(problems[:3]))
    importer.write(ws, writes)
    return (time.perf_counter() - start) / count, camt.imported[0].matches


def fava_register_page(root: Path, people: int = 10_000) -> tuple[float, float]:
    """(first, later) server time of the Fava extension's people page with `people` records:
    the first request computes the extension's state, later ones only render."""
    from fava.application import create_app

    shutil.rmtree(root / "records" / "payroll")  # runs would not pay ten thousand people
    folder = root / "records" / "people"
    template = (REPO / "records" / "people" / "P-0003.yaml").read_text(encoding="utf-8")
    schema = root / "schemas" / "people.schema.json"
    schema.write_text(schema.read_text("utf-8").replace("^P-[0-9]{4}$", "^P-[0-9]{4,5}$"), "utf-8")
    for number in range(11, people + 1):
        new_id = f"P-{number:05d}"
        body = re.sub(r"^id: .*$", f"id: {new_id}", template, count=1, flags=re.MULTILINE)
        (folder / f"{new_id}.yaml").write_text(body, encoding="utf-8")
    app = create_app([str(root / MAIN)], read_only=True)
    client = app.test_client()
    slug = app.config["LEDGERS"].first_slug()
    url = f"/{slug}/extension/BackOffice/?register=people"
    times = []
    for _ in range(4):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return times[0], min(times[1:])


def timed(command: list[str], **env: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, env={**os.environ, **env}, check=False)
    return time.perf_counter() - start, result.returncode


def time_records_part(root: Path) -> float:
    """The records part of `check` alone: schemas, parsing, identity and validation."""
    start = time.perf_counter()
    check_records(root)
    return time.perf_counter() - start


def time_check_jsonschema(root: Path, bin_dir: Path) -> float:
    """check-jsonschema, one process per register (it takes one schema per run)."""
    total = 0.0
    for schema in sorted((root / "schemas").glob("*.schema.json")):
        register = schema.name.removesuffix(".schema.json")
        folder = root / "records" / register
        files = sorted(str(p) for p in folder.rglob("*.yaml")) if folder.is_dir() else []
        single = root / "records" / f"{register}.yaml"
        files += [str(single)] if single.is_file() else []
        if files:
            seconds, _ = timed(
                [str(bin_dir / "check-jsonschema"), "--schemafile", str(schema), *files]
            )
            total += seconds
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10, help="Years of books to make.")
    parser.add_argument("--transactions", type=int, default=100_000, help="About this many.")
    parser.add_argument("--records", type=int, default=10_000, help="About this many.")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench", help="Made anew.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each timing; best counts.")
    args = parser.parse_args(argv)
    bin_dir = Path(sys.executable).parent
    shutil.rmtree(args.out, ignore_errors=True)
    print(f"Scaling the example company into {args.out} ...", flush=True)
    txns = scale_ledger(REPO, args.out, args.years, args.transactions)
    recs = scale_records(REPO, args.out, args.records)
    print(f"  {txns:,} transactions over {args.years} years, {recs:,} records", flush=True)
    closed = timed([str(bin_dir / "backoffice"), "--root", str(args.out), "close", "2025"])
    print(f"  closed the history through 2025 (exit {closed[1]})", flush=True)
    no_cache = {"BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    check_runs, bean_runs, records_runs, reports_runs = [], [], [], []
    reports_cmd = [str(bin_dir / "backoffice"), "--root", str(args.out), "reports"]
    for _ in range(args.repeat):  # interleaved, so that a busy moment hurts both alike
        check_runs.append(
            timed([str(bin_dir / "backoffice"), "--root", str(args.out), "check"], **no_cache)
        )
        bean_runs.append(timed([str(bin_dir / "bean-check"), str(args.out / MAIN)], **no_cache))
        records_runs.append(time_records_part(args.out))
        reports_runs.append(timed(reports_cmd, **no_cache))
    check_s, bean_s, records_s, reports_s = (
        min(t for t, *_ in check_runs),
        min(t for t, *_ in bean_runs),
        min(records_runs),
        min(t for t, *_ in reports_runs),
    )
    cj_s = time_check_jsonschema(args.out, bin_dir)
    if check_runs[0][1] != 0:
        print("WARNING: the scaled company has problems (check exits 1): fix the generator first")
    print(f"best of {args.repeat} runs (check-jsonschema: one run)")
    print(f"backoffice check (whole)      {check_s:8.2f} s   exit {check_runs[0][1]}")
    print(f"bean-check (ledger only)      {bean_s:8.2f} s   exit {bean_runs[0][1]}")
    print(f"backoffice check, records     {records_s:8.2f} s")
    print(f"check-jsonschema, records     {cj_s:8.2f} s")
    print(f"backoffice reports (all)      {reports_s:8.2f} s   exit {reports_runs[0][1]}")
    print(f"records: check-jsonschema / backoffice = {cj_s / records_s:5.1f}x  (target >= 10x)")
    print(f"whole: backoffice check / bean-check   = {check_s / bean_s:5.2f}x  (target <= 1.15x)")
    ratio = reports_s / bean_s
    print(f"reports: backoffice reports / bean-check = {ratio:5.2f}x  (target <= 1.3x)")
    invoices_root = args.out.parent / "bench-invoices"
    shutil.rmtree(invoices_root, ignore_errors=True)
    shutil.copytree(REPO, invoices_root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    singles, batch = time_invoice_issue(invoices_root)
    median = sorted(singles)[len(singles) // 2]
    print(
        f"invoice issue --all-drafts, {len(singles)} invoices: {batch * 1000:.0f} ms per invoice "
        "(PDF, XML, record)  (target <= 50 ms)"
    )
    print(
        f"invoice issue NUMBER, {len(singles)} times: median {median * 1000:.0f} ms "
        "(each with a fresh workspace: the registers it needs are read anew)"
    )
    bills_root = args.out.parent / "bench-bills"
    shutil.rmtree(bills_root, ignore_errors=True)
    shutil.copytree(REPO, bills_root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    per_bill, booked = time_bill_import(bills_root, args.out.parent / "bench-inbox")
    print(
        f"bill import, 1,000 received e-invoices: {per_bill * 1000:.0f} ms per e-invoice "
        f"(UBL schema, supplier, archive, record); ledger sync then {booked:.2f} s"
    )
    bank_root = args.out.parent / "bench-bank"
    shutil.rmtree(bank_root, ignore_errors=True)
    shutil.copytree(REPO, bank_root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    per_entry, matched = time_bank_import(bank_root)
    rates = ", ".join(f"{rule} {n:,}" for rule, n in sorted(matched.items()))
    print(
        f"bank import, a camt.053 statement of 10,000 entries paying invoices and 60 payroll "
        f"runs: {per_entry * 1000:.2f} ms per entry (parse, match, balances, journal, "
        f"archive); matched: {rates}"
    )
    fava_root = args.out.parent / "bench-fava"
    shutil.rmtree(fava_root, ignore_errors=True)
    shutil.copytree(REPO, fava_root, ignore=shutil.ignore_patterns(".*", "build", "tests"))
    first, later = fava_register_page(fava_root)
    print(
        f"Fava register page, 10,000 people: first {first:.2f} s (builds the state), "
        f"then {later:.2f} s  (target < 1 s)"
    )


if __name__ == "__main__":
    main()
