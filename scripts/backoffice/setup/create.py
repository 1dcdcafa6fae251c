"""`backoffice init`: a new company's back-office repository, built in a temporary folder
beside the target and moved into place in one step, so that a refusal or a failure leaves
nothing behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from backoffice.core.domain import Domain
from backoffice.derive.sync import render
from backoffice.load.workspace import Workspace
from backoffice.setup.chart import accounts_beancount
from backoffice.setup.details import Details
from backoffice.setup.standard import (
    MANIFEST,
    TEMPLATES,
    SetupError,
    manifest_text,
    sha256,
    standard_files,
    toolkit_root,
    toolkit_version,
)

REGISTERS_WITHOUT_FOLDER = ("defs", "company", "payroll-rates")
"""Schemas that are no register folder: the shared definitions and the one-record files."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def refuse_target(target: Path) -> None:
    """An existing file, or a folder with anything in it, is never written into."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise SetupError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise SetupError(f"{target} is not empty: give a new or empty folder")
    if not target.parent.is_dir():
        raise SetupError(f"{target.parent} does not exist")


def files_of(details: Details, toolkit: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every file of the new repository by its path, and the manifest of the standard ones."""
    standard = standard_files(toolkit)
    files = dict(standard)
    company = yaml.dump(
        details.company(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    files["records/company.yaml"] = company.encode("utf-8")
    rates = toolkit_root() / "records" / "payroll-rates.yaml"
    files["records/payroll-rates.yaml"] = rates.read_bytes()
    for rel in standard:
        name = rel.removeprefix("schemas/").removesuffix(".schema.json")
        if rel.startswith("schemas/") and name not in REGISTERS_WITHOUT_FOLDER:
            files[f"records/{name}/.gitkeep"] = b""
    start = details.start.isoformat()
    main = (TEMPLATES / "main.beancount").read_text(encoding="utf-8")
    main = main.replace("@NAME@", details.name.replace('"', "'")).replace("@START@", start)
    files["ledger/main.beancount"] = main.encode("utf-8")
    files["ledger/accounts.beancount"] = accounts_beancount(details.name, details.start).encode()
    journal = f"ledger/journal/{details.start.year}.beancount"
    files[journal] = (TEMPLATES / "journal.beancount").read_bytes()
    files["ledger/generated/empty.beancount"] = (TEMPLATES / "empty.beancount").read_bytes()
    files["documents/.gitkeep"] = b""
    files[".gitignore"] = (TEMPLATES / "gitignore").read_bytes()
    files["requirements.txt"] = (
        "# The back-office toolkit, pinned; the Makefile's TOOLKIT says where it comes from.\n"
        f"backoffice=={toolkit_version()}\n"
    ).encode()
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    files["README.md"] = readme.replace("@NAME@", details.name).encode("utf-8")
    hashes = {rel: sha256(content) for rel, content in standard.items()}
    files[MANIFEST.as_posix()] = manifest_text(hashes).encode("utf-8")
    return files, hashes


def rates_notice(start_year: int) -> str:
    """A word when the payroll rates copied from the toolkit are not those of the start year
    (they are the example's, as a template): say which year they hold."""
    rates = yaml.safe_load((toolkit_root() / "records" / "payroll-rates.yaml").read_bytes())
    years = {
        int(str(r.get("valid_from"))[:4])
        for r in (rates or {}).get("rates") or []
        if isinstance(r, dict) and r.get("valid_from")
    }
    if not years or start_year in years:
        return ""
    return (
        f"records/payroll-rates.yaml holds the rates of {max(years)}: "
        f"add those of {start_year} before the first payroll"
    )


def create(
    target: Path, details: Details, domains: Sequence[Domain], toolkit: str | None = None
) -> list[str]:
    """Write the new repository at `target` (new, or an empty folder), with the generated
    journals of `domains` as `ledger sync` would write them, `git init` it and make its first
    commit; return the paths written. `details` must be checked already."""
    target = target.absolute()
    refuse_target(target)
    files, _ = files_of(details, toolkit or str(toolkit_root()))
    build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for rel, content in files.items():
            path = build / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        for rel_path, text in render(Workspace(build, tuple(domains))).items():
            (build / rel_path).write_text(text, encoding="utf-8")
            files[rel_path.as_posix()] = text.encode("utf-8")
        _git(build, "init", "--quiet", "--initial-branch=main")
        _git(build, "add", "--all")
        _git(build, "commit", "--quiet", "-m", f"Start the back office of {details.name}")
        refuse_target(target)  # nobody wrote there meanwhile
        if target.is_dir():
            target.rmdir()
        os.rename(build, target)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return sorted(files)


def _git(root: Path, *args: str) -> None:
    identity: list[str] = []
    for key, fallback in (("user.name", "Back office"), ("user.email", "backoffice@localhost")):
        known = subprocess.run(
            ["git", "config", key], cwd=root, capture_output=True, text=True, check=False
        )
        if not known.stdout.strip():
            identity += ["-c", f"{key}={fallback}"]
    try:
        done = subprocess.run(
            ["git", *identity, *args], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise SetupError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise SetupError(f"git {args[0]} failed: {lines[-1] if lines else done.returncode}")
