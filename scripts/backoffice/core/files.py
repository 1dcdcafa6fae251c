"""Atomic writes: a temporary file beside the target, then a rename; never a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _temporary(path: Path, content: str | bytes) -> Path:
    """`content`, written in full and synced to a temporary file beside `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` in one step (creating parent folders)."""
    tmp = _temporary(path, content)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_new(path: Path, content: str | bytes) -> None:
    """Create `path` with `content` in one step; FileExistsError if it exists (it is never
    replaced)."""
    tmp = _temporary(path, content)
    try:
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
