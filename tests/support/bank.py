"""The tests of the bank: a tiny company to import into, camt.053 statements written for it
(entries and the file around them), and what to read back from its books."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.workspace import REPO, Tiny, run

IBAN = "SK3112000000198742637541"


def tiny_company(tiny: Tiny, ledger: str, company: str, rules: str) -> Tiny:
    """`tiny` with only the bank's registers: the ledger, the company's bank accounts, the
    customer Acme s.r.o. (C-0001) and the bank rules, checked against the real schemas."""
    shutil.rmtree(tiny.path("records"))
    shutil.copytree(REPO / "schemas", tiny.root / "schemas", dirs_exist_ok=True)
    tiny.write("ledger/main.beancount", ledger)
    tiny.write("records/company.yaml", company)
    tiny.write("records/customers/C-0001.yaml", "id: C-0001\nname: Acme s.r.o.\n")
    tiny.write("records/bank-rules.yaml", rules)
    return tiny


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its content (to prove a refused command wrote nothing)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".picklecache" not in p.name
    }


def bank_import(tiny: Tiny, *args: str | Path) -> tuple[int, str]:
    result = run("--root", str(tiny.root), "bank", "import", *map(str, args))
    return result.exit_code, result.output


def journal(tiny: Tiny, month: str = "2026-02", account: str = "main") -> str:
    """The journal the import wrote for a bank account and month."""
    return (tiny.root / "ledger" / "bank" / account / f"{month}.beancount").read_text()


def block(text: str, marker: str) -> str:
    """The journal entry that contains `marker`."""
    return next(b for b in text.split("\n\n") if marker in b)


def books_problems(tiny: Tiny) -> list[str]:
    """What `check` finds in the books and the archive (the tiny registers are left sketchy)."""
    return [
        line
        for line in tiny.check().output.splitlines()
        if line.startswith(("ledger/", "documents/"))
    ]


def errors(tiny: Tiny) -> list[str]:
    """The problems of the books and the archive that are not warnings."""
    return [line for line in books_problems(tiny) if " warning: " not in line]


def entry(
    ref: str,
    amount: str,
    day: str = "2026-02-02",
    *,
    credit: bool = True,
    name: str = "Acme s.r.o.",
    iban: str = "SK8975000000000012345671",
    e2e: str = "NOTPROVIDED",
    text: str = "",
    reference: str = "",
    code: tuple[str, str, str] = ("PMNT", "RCDT", "ESCT"),
    status: str = "<Sts>BOOK</Sts>",
    instructed: str = "",
    rate: str = "",
) -> str:
    """One Ntry of a camt.053 statement; `instructed` ("1000.00 CZK") is what the payer sent
    before the bank converted it at `rate`."""
    party = "Dbtr" if credit else "Cdtr"
    remittance = f"<Ustrd>{text}</Ustrd>" if text else ""
    amounts = ""
    if instructed:
        number, currency = instructed.split()
        exchange = f"<CcyXchg><SrcCcy>{currency}</SrcCcy><XchgRate>{rate}</XchgRate></CcyXchg>"
        amounts = (
            f'<AmtDtls><InstdAmt><Amt Ccy="{currency}">{number}</Amt>'
            f"{exchange if rate else ''}</InstdAmt></AmtDtls>"
        )
    if reference:
        remittance += f"<Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd>"
    return f"""
      <Ntry>
        <NtryRef>{ref}</NtryRef>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>{"CRDT" if credit else "DBIT"}</CdtDbtInd>
        {status}
        <BookgDt><Dt>{day}</Dt></BookgDt>
        <AcctSvcrRef>R{ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>{code[0]}</Cd><Fmly><Cd>{code[1]}</Cd>
          <SubFmlyCd>{code[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>{e2e}</EndToEndId></Refs>{amounts}
          <RltdPties><{party}><Nm>{name}</Nm></{party}>
            <{party}Acct><Id><IBAN>{iban}</IBAN></Id></{party}Acct></RltdPties>
          <RmtInf>{remittance}</RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def statement(
    opening: str,
    closing: str,
    entries: list[str],
    *,
    first: str = "2026-02-01",
    last: str = "2026-02-02",
    iban: str = IBAN,
    version: str = "02",
    currency: str = "EUR",
) -> str:
    """A camt.053 file: the opening balance at the start of `first` (OPBD), the closing at the
    end of `last` (CLBD)."""
    balances = "".join(
        f"""
      <Bal><Tp><CdOrPrtry><Cd>{kind}</Cd></CdOrPrtry></Tp>
        <Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{day}</Dt></Dt></Bal>"""
        for kind, amount, day in (("OPBD", opening, first), ("CLBD", closing, last))
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>{last}T20:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S-{first}</Id>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>{currency}</Ccy></Acct>{balances}{"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""
