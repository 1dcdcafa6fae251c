"""The history of one record: the commits that changed it, and what each changed."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from backoffice.core import gitrepo
from backoffice.core.errors import BackOfficeError
from backoffice.core.paths import inside
from backoffice.load.records import RECORD_SUFFIX
from backoffice.load.schemas import load_schemas
from backoffice.load.yamlfile import parse_yaml_text
from backoffice.review.diff.fields import FieldChange, Formatter, field_changes, sensitive_paths


class RecordNotFoundError(BackOfficeError):
    """No record (now or in the history) has that id, or more than one has."""


@dataclass
class Step:
    commit: str
    date: str
    author: str
    message: str
    status: str
    """created, changed, moved, deleted."""
    path: str
    old_path: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    problem: str = ""


@dataclass
class History:
    register: str
    id: str
    path: str
    steps: list[Step]
    redacted: bool = False


class RecordPathError(BackOfficeError):
    """A path given for a record lies outside the repository's records/ (a usage error)."""


def is_path(name: str) -> bool:
    """True when `name` is a file path (``P-0003.yaml``, ``../people/P-0003.yaml``, an absolute
    path) rather than an id or ``register/id``."""
    return name.endswith(RECORD_SUFFIX) or os.path.isabs(name) or name.startswith(".")


def record_rel(root: Path, name: str, cwd: Path) -> str:
    """The repository path of the record file `name`, relative to `cwd` when that is inside
    the repository (as Git takes paths), else to the root."""
    base = cwd if inside(root, cwd) else root
    path = Path(os.path.normpath(Path(os.path.realpath(base)) / name))
    real_root = Path(os.path.realpath(root))
    if not path.is_relative_to(real_root) or not inside(root, path):
        raise RecordPathError(f"{name} is outside the repository ({root})")
    rel = path.relative_to(real_root).as_posix()
    if not rel.startswith("records/") or not rel.endswith(RECORD_SUFFIX):
        raise RecordPathError(f"{name} is not a record: records are records/**/*{RECORD_SUFFIX}")
    return rel


def find_record_path(root: Path, name: str, cwd: Path | None = None) -> str:
    """The path of a record given as an id (``P-0003``), ``register/id`` or a file path, looked
    up in the working tree first, then in the history."""
    if is_path(name):
        return record_rel(root, name, cwd or Path.cwd())
    register, _, record_id = name.rpartition("/")
    pattern = (
        f"{register}/**/{record_id}{RECORD_SUFFIX}" if register else f"**/{name}{RECORD_SUFFIX}"
    )
    base = root / "records"
    found = (
        sorted(p.relative_to(root).as_posix() for p in base.glob(pattern)) if base.is_dir() else []
    )
    if not found:
        found = gitrepo.paths_ever(root, f"records/{pattern}")[:1]
    if not found:
        raise RecordNotFoundError(f"no record {name!r} in records/, now or in the history")
    if len(found) > 1:
        raise RecordNotFoundError(
            f"{name!r} is ambiguous: {', '.join(found)}; name it as register/id or as a path"
        )
    return found[0]


def _parse(content: bytes | None, rel: str) -> tuple[Any, str]:
    if content is None:
        return None, ""
    parsed, problems = parse_yaml_text(content.decode("utf-8", "replace"), rel)
    if parsed is None:
        first = problems[0] if problems else None
        return None, f"unreadable: {first.code} {first.message}" if first else "unreadable"
    return parsed.data, ""


STATUS = {
    "A": "created",
    "M": "changed",
    "D": "deleted",
    "R": "moved",
    "C": "copied",
    "T": "changed",
}


def record_history(
    root: Path, name: str, *, redact: bool = False, cwd: Path | None = None
) -> History:
    """Every commit that changed the record, newest first, with the fields each changed."""
    gitrepo.require_history(root)
    path = find_record_path(root, name, cwd)
    parts = path.split("/")
    register = parts[1] if len(parts) > 2 else parts[-1].removesuffix(RECORD_SUFFIX)
    schemas = load_schemas(root)
    reg = schemas.registers.get(register)
    sensitive = set(sensitive_paths(reg.validator.schema)) if reg else set()
    steps = []
    for commit in gitrepo.file_log(root, path):
        before_path = commit.old_path or commit.path
        before = None if commit.status == "A" else _show(root, f"{commit.sha}^", before_path)
        after = None if commit.status == "D" else _show(root, commit.sha, commit.path)
        old, old_problem = _parse(before, before_path)
        new, new_problem = _parse(after, commit.path)
        step = Step(
            commit.sha[:10],
            commit.date,
            commit.author,
            commit.subject,
            STATUS.get(commit.status, commit.status),
            commit.path,
            commit.old_path,
            problem=new_problem or old_problem,
        )
        if commit.status != "D" and not step.problem:
            step.fields = field_changes(old if old is not None else {}, new, sensitive, redact)
        steps.append(step)
    return History(register, Path(path).stem, path, steps, redact)


def _show(root: Path, rev: str, path: str) -> bytes | None:
    try:
        return gitrepo.show(root, rev, path)
    except gitrepo.GitError:
        return None


def render_text(history: History, locale: str) -> str:
    fmt = Formatter(locale)
    out = [f"History of {history.register} {history.id} ({history.path})"]
    if not history.steps:
        out.append("No commits have changed it yet.")
    for step in history.steps:
        moved = f" from {step.old_path}" if step.old_path else ""
        out += ["", f"{step.date}  {step.commit}  {step.author}: {step.message}"]
        out.append(f"  {step.status}{moved}")
        if step.problem:
            out.append(f"  {step.problem}")
        show = fmt.field if step.status == "created" else fmt.change
        out += [f"  {show(fc)}" for fc in step.fields]
    return "\n".join(out) + "\n"


def render_json(history: History, locale: str) -> str:
    return json.dumps(asdict(history), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "json": render_json}
