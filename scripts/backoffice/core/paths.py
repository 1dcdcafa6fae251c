"""Where a file really is: nothing outside the repository is read, whatever a symlink says."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

OUTSIDE = "PATH-OUTSIDE"
"""The code of a file, folder or reference that resolves outside the repository."""

_UNPRINTABLE = {"Cc", "Cs", "Zl", "Zp"}
"""Control characters, undecodable bytes and line separators: they would break a line."""


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with every symlink on the way resolved, is `root` or lies under it.

    Symlink loops resolve to themselves and so stay where they are; the caller's open then
    fails on them as on any unreadable file."""
    real_root = Path(os.path.realpath(root))
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def outside_message(what: str) -> str:
    """The message of a PATH-OUTSIDE problem, the same wherever one is found."""
    return f"{what} resolves outside the repository; it is not read"


def escape(text: str) -> str:
    """`text` with every character that would break a line of output written as an escape:
    a newline as ``\\n``, other control characters as ``\\x1b``, a byte that is not UTF-8
    (which Python keeps as a lone surrogate) as that byte."""
    return "".join(_escape_char(c) if unicodedata.category(c) in _UNPRINTABLE else c for c in text)


def has_unprintable(text: str) -> bool:
    """True when `escape` would change `text`."""
    return any(unicodedata.category(c) in _UNPRINTABLE for c in text)


def _escape_char(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode keeps an undecodable byte b as U+DC00 + b
        return f"\\x{code - 0xDC00:02x}"
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
