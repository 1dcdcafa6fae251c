"""`make bench`: scale the example company up and time `check` against the tools it builds on.

Writes a synthetic workspace under build/bench/ (years of transactions, thousands of records),
then measures, in one run: `backoffice check`, Beancount's own `bean-check` on the same ledger,
the records part of `check` alone, `check-jsonschema` on the same records with the same
schemas, and `backoffice reports` (every report and the dashboard). Prints figures and ratios;
asserts nothing.
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from beancount.core import data
from beancount.parser import printer

from .check import check_records
from .ledger import MAIN, load_ledger

REPO = Path(__file__).resolve().parents[2]


def _shift(day: date, years: int) -> date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def scale_ledger(source: Path, target: Path, years: int, transactions: int) -> int:
    """Repeat the example year's transactions over `years` years until `transactions` exist."""
    ledger = load_ledger(source)
    txns = [e for e in ledger.entries if isinstance(e, data.Transaction)]
    opens = [e for e in ledger.entries if isinstance(e, data.Open)]
    last_year = max(t.date.year for t in txns)
    copies = max(1, round(transactions / (len(txns) * years)))
    first = date(last_year - years, 1, 1)  # before the balances brought forward
    folder = target / "ledger"
    (folder / "journal").mkdir(parents=True, exist_ok=True)
    (target / "documents").mkdir(exist_ok=True)
    shutil.copy(source / "ledger" / "main.beancount", folder / "main.beancount")
    main = (folder / "main.beancount").read_text(encoding="utf-8")
    main = re.sub(r'include "[^"]*"\n', "", main) + 'include "accounts.beancount"\n'
    main += 'include "journal/*.beancount"\n'
    (folder / "main.beancount").write_text(main, encoding="utf-8")
    with (folder / "accounts.beancount").open("w", encoding="utf-8") as out:
        for entry in opens:
            out.write(printer.format_entry(entry._replace(date=min(entry.date, first))))
    count = 0
    for offset in range(-years + 1, 1):
        year = last_year + offset
        with (folder / "journal" / f"{year}.beancount").open("w", encoding="utf-8") as out:
            for copy in range(copies):
                for txn in txns:
                    narration = f"{txn.narration} ({copy + 1})" if copy else txn.narration
                    shifted = txn._replace(date=_shift(txn.date, offset), narration=narration)
                    out.write(printer.format_entry(shifted))
                    out.write("\n")
                    count += 1
    return count


def scale_records(source: Path, target: Path, records: int) -> int:
    """Copy each register's records under new ids until about `records` files exist."""
    base = source / "records"
    files = [p for p in base.rglob("*.yaml") if p.parent != base]
    copies = max(1, round(records / len(files)))
    shutil.copytree(source / "schemas", target / "schemas", dirs_exist_ok=True)
    (target / "records").mkdir(parents=True, exist_ok=True)
    for single in base.glob("*.yaml"):
        shutil.copy(single, target / "records" / single.name)
    count = 0
    for path in files:
        match = re.fullmatch(r"(.*?)(\d+)", path.stem)
        if not match:
            continue
        prefix, digits = match.groups()
        text = path.read_text(encoding="utf-8")
        per_register = len(list(path.parent.glob("*.yaml")))
        for copy in range(copies):
            number = int(digits) + copy * per_register
            new_id = f"{prefix}{number:0{len(digits)}d}"
            folder = target / path.parent.relative_to(source)
            folder.mkdir(parents=True, exist_ok=True)
            body = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
            (folder / f"{new_id}.yaml").write_text(body, encoding="utf-8")
            count += 1
    return count


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


if __name__ == "__main__":
    main()
