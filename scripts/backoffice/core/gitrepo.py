"""Read other revisions of the repository from Git without touching the working tree.

Everything goes through the ``git`` command (plumbing only: ``rev-parse``, ``ls-tree``,
``cat-file``, ``diff``, ``log``); nothing here writes to the index, the working tree or refs.
A revision is exported by writing its blobs into a temporary folder, which the ledger loader
and the record parser then read like any working tree.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory

from backoffice.core.errors import BackOfficeError

WORKTREE = None
"""The `head` of a comparison that means the working tree, as it is on disk."""


NEUTRAL = ("-c", "core.quotepath=off", "-c", "color.ui=never", "-c", "log.showSignature=false")
"""User settings that would change the output parsed here are overridden."""


class GitError(BackOfficeError):
    """Git cannot answer: not a repository, no commits, or git itself is missing."""


class NoHistoryError(GitError):
    """The folder is not in a Git repository, or the repository has no commits yet."""


class BadRevisionError(GitError):
    """A name that is not a revision of this repository."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run one git command in `root` and return its standard output."""
    try:
        done = subprocess.run(
            ["git", *NEUTRAL, *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def require_history(root: Path) -> None:
    """Refuse clearly when `root` has no Git history to compare with."""
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree").strip()
    except GitError:
        inside = b""
    if inside != b"true":
        raise NoHistoryError(f"{root} is not in a Git repository: there is no history to compare")
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        raise NoHistoryError(f"the Git repository at {root} has no commits yet") from None


def resolve(root: Path, rev: str) -> str:
    """The commit id a revision names; BadRevisionError if it names none."""
    require_history(root)
    if not rev or rev.startswith("-"):
        raise BadRevisionError(f"{rev!r} is not a revision")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise BadRevisionError(f"{rev!r} is not a revision of this repository") from None


@dataclass(frozen=True)
class TreeFile:
    path: str
    """Relative to `root`, with forward slashes."""
    blob: str


def ls_tree(root: Path, commit: str, paths: Sequence[str]) -> list[TreeFile]:
    """The regular files under `paths` (relative to `root`) in `commit`."""
    if not paths:
        return []
    out = git(root, "ls-tree", "-r", "-z", commit, "--", *paths)
    files = []
    for item in out.split(b"\0"):
        if not item:
            continue
        info, _, name = item.partition(b"\t")
        mode, kind, blob = info.decode().split()
        if kind != "blob" or mode == "120000":  # symlinks are not exported
            continue
        files.append(TreeFile(name.decode("utf-8", "surrogateescape"), blob))
    return files


def read_blobs(root: Path, blobs: Sequence[str]) -> list[bytes]:
    """The contents of blobs, in one `git cat-file --batch` process."""
    if not blobs:
        return []
    out = git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    contents, pos = [], 0
    for _ in blobs:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        pos = start + size + 1
    return contents


def show(root: Path, commit: str, path: str) -> bytes | None:
    """One file of a revision, or None when it has no such file."""
    found = ls_tree(root, commit, [path])
    exact = [f for f in found if f.path == path]
    return read_blobs(root, [exact[0].blob])[0] if exact else None


def export(
    root: Path, commit: str, paths: Sequence[str], dest: Path, empty: Sequence[str] = ()
) -> int:
    """Write the files under `paths` of `commit` into `dest`; return how many. Files under
    `empty` are written without their content, for readers that only ask whether they exist
    (the ledger's evidence, which may be gigabytes of scans)."""
    files = [f for f in ls_tree(root, commit, paths) if ".." not in PurePosixPath(f.path).parts]
    placeholders = [f for f in files if _under(f.path, empty)]
    full = [f for f in files if not _under(f.path, empty)]
    contents = [b"" for _ in placeholders] + read_blobs(root, [f.blob for f in full])
    for item, content in zip([*placeholders, *full], contents, strict=True):
        target = dest / PurePosixPath(item.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(files)


def _under(path: str, folders: Sequence[str]) -> bool:
    return any(path == f or path.startswith(f"{f}/") for f in folders)


@contextmanager
def exported(
    root: Path, commit: str, paths: Sequence[str], empty: Sequence[str] = ()
) -> Iterator[Path]:
    """A temporary folder holding `paths` of `commit` (those under `empty` as empty files),
    removed afterwards."""
    with TemporaryDirectory(prefix="backoffice-rev-") as tmp:
        export(root, commit, paths, Path(tmp), empty)
        (Path(tmp) / "documents").mkdir(exist_ok=True)  # the ledger's usual document root
        yield Path(tmp)


@dataclass(frozen=True)
class FileChange:
    status: str
    """A (added), D (deleted), M (modified), T (type changed)."""
    path: str


def changed_files(
    root: Path, base: str, head: str | None, paths: Sequence[str]
) -> list[FileChange]:
    """Files under `paths` that differ between `base` and `head` (None: the working tree,
    untracked files included as added)."""
    spec = [base] if head is None else [base, head]
    out = git(
        root, "diff", "--name-status", "-z", "--no-renames", *spec, "--relative", "--", *paths
    )
    fields = [f.decode("utf-8", "surrogateescape") for f in out.split(b"\0") if f]
    changes = [FileChange(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]
    if head is None:
        untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *paths)
        changes += [FileChange("A", f.decode()) for f in untracked.split(b"\0") if f]
    return sorted(changes, key=lambda c: c.path)


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    author: str
    subject: str
    status: str
    """How the commit touched the file: A, M, D or R (renamed)."""
    path: str
    old_path: str | None


def file_log(root: Path, path: str) -> list[Commit]:
    """The commits that changed one file, newest first, following renames."""
    fmt = "%x00%H%x1f%ad%x1f%an%x1f%s"
    out = git(
        root,
        "log",
        "--follow",
        "-M",
        "--date=short",
        f"--format={fmt}",
        "--name-status",
        "-z",
        "--relative",
        "--",
        path,
    )
    commits = []
    for header, names in _log_chunks(out):
        sha, date, author, subject = header.split("\x1f", 3)
        status, *files = names
        old = files[0] if status.startswith(("R", "C")) and len(files) > 1 else None
        commits.append(Commit(sha, date, author, subject, status[0], files[-1], old))
    return commits


def _log_chunks(out: bytes) -> Iterator[tuple[str, list[str]]]:
    """Split `git log -z --name-status` output into (header, [status, path...])."""
    fields = out.decode("utf-8", "replace").split("\0")
    i = 0
    while i < len(fields):
        field = fields[i].strip("\n")
        i += 1
        if "\x1f" not in field:
            continue
        names: list[str] = []
        while i < len(fields) and fields[i] and "\x1f" not in fields[i]:
            names.append(fields[i].strip("\n"))
            i += 1
        if names:
            yield field, names


def paths_ever(root: Path, pattern: str) -> list[str]:
    """Paths matching a glob pathspec in any commit of the current branch, newest first."""
    out = git(
        root, "log", "--format=", "--name-only", "-z", "--relative", "--", f":(glob){pattern}"
    )
    seen: list[str] = []
    for name in out.decode("utf-8", "replace").split("\0"):
        name = name.strip("\n")
        if name and name not in seen:
            seen.append(name)
    return seen
