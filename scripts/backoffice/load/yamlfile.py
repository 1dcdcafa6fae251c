"""Parse one YAML record safely, keeping the line and column of every value.

PyYAML's C composer builds the node tree (with positions); we construct plain values from it
ourselves so that no Python object tag can run, floats become Decimal (.nan, .inf, exponents
and 1:30 stay text, for the schema to refuse), dates stay ISO strings (the schema checks them),
duplicate keys are caught and alias bombs are bounded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import yaml

from backoffice.core.problems import Problem

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in every wheel we pin
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024
"""A record is a page of YAML; anything larger is a mistake (or an attack), not a record."""

MAX_NODES = 100_000
"""Bound on values built from one file, counting each alias expansion: stops alias bombs."""

MAX_DEPTH = 64

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)")
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}


@dataclass
class Positions:
    """Where each value (and each mapping key) of a record stands in its file, 1-based."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at `path` (or of its key), else of the nearest parent."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))


@dataclass
class ParsedFile:
    data: Any
    positions: Positions


class _YamlProblem(Exception):
    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain values, recording positions as it goes."""

    def __init__(self) -> None:
        self.positions = Positions()
        self.count = 0
        self.open: set[int] = set()
        """The collections being built: an alias to one of them would recurse for ever."""

    def build(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _YamlProblem(*_pos(node), "YAML-ALIAS", "too many values (alias expansion?)")
        if depth > MAX_DEPTH:
            raise _YamlProblem(
                *_pos(node), "YAML-DEPTH", f"values nested more than {MAX_DEPTH} levels deep"
            )
        self.positions.values.setdefault(path, _pos(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.open:
            raise _YamlProblem(*_pos(node), "YAML-ALIAS", "an alias refers to a value holding it")
        self.open.add(id(node))
        try:
            return self._collection(cast(yaml.CollectionNode, node), path, depth)
        finally:
            self.open.discard(id(node))

    def _collection(self, node: yaml.CollectionNode, path: Path_, depth: int) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        self._expect_tag(node, "seq")
        return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]

    def _expect_tag(self, node: yaml.Node, name: str) -> None:
        if node.tag != _TAG + name:
            raise _YamlProblem(*_pos(node), "YAML-TAG", f"tag {node.tag!r} is not allowed")

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        self._expect_tag(node, "map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _YamlProblem(*_pos(key_node), "YAML-TAG", "merge keys (<<) are not allowed")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _YamlProblem(*_pos(key_node), "YAML-SYNTAX", "a key must be a plain value")
            self._scalar(key_node)  # rejects a disallowed tag on a key too
            key: str = key_node.value
            if key in result:
                raise _YamlProblem(*_pos(key_node), "YAML-DUPLICATE-KEY", f"duplicate key {key!r}")
            self.positions.keys[(*path, key)] = _pos(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else node.tag
        if tag not in _SCALAR_TAGS:
            raise _YamlProblem(*_pos(node), "YAML-TAG", f"tag {node.tag!r} is not allowed")
        text: str = node.value
        if tag in ("str", "timestamp"):
            return text
        if tag == "null":
            return None
        if tag == "bool":
            return text.lower() in ("true", "yes", "on")
        if tag == "int":
            return _int(text)
        return _decimal(text)


def _int(text: str) -> int | str:
    """A YAML integer; a sexagesimal one (1:30) stays text, which no number field accepts."""
    clean = text.replace("_", "")
    if ":" in clean:
        return text
    sign = -1 if clean.startswith("-") else 1
    digits = clean.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def _decimal(text: str) -> Decimal | str:
    """A YAML float written as plain digits and a point, as a Decimal; any other float (.nan,
    .inf, an exponent) stays the text it is written as, which no number field accepts."""
    clean = text.replace("_", "")
    if not _PLAIN_DECIMAL.fullmatch(clean):
        return text
    return Decimal(clean)


def decode_error_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in bytes) of the byte at `offset`: where a file cannot be
    decoded."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _character_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of the UTF-8 byte `offset` of `text`, as
    libyaml counts the offset of a character it refuses."""
    before = text.encode("utf-8")[:offset].decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def parse_yaml_file(path: Path, rel: str) -> tuple[ParsedFile | None, list[Problem]]:
    """Read and parse one record file; on any failure return the problem instead."""

    def problem(line: int, column: int, code: str, message: str) -> list[Problem]:
        return [Problem(rel, line, column, code, message)]

    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return None, problem(
                1,
                1,
                "FILE-TOO-LARGE",
                f"{size:,} bytes; a record may have at most {MAX_FILE_BYTES:,}",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return None, problem(1, 1, "FILE-UNREADABLE", exc.strerror or str(exc))
    if b"\0" in raw:
        return None, problem(
            *decode_error_position(raw, raw.index(b"\0")),
            "FILE-BINARY",
            "binary data (a NUL byte) in a YAML record",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, problem(
            *decode_error_position(raw, exc.start),
            "FILE-ENCODING",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
        )
    return parse_yaml_text(text, rel)


def _is_tab(text: str, line: int, column: int) -> bool:
    """True when the character libyaml stopped at (0-based line and column) is a tab: its own
    message ("cannot start any token") does not say so."""
    lines = text.split("\n")
    return line < len(lines) and lines[line][column : column + 1] == "\t"


def parse_yaml_text(text: str, rel: str) -> tuple[ParsedFile | None, list[Problem]]:
    """Parse YAML text; see `parse_yaml_file`."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if mark is not None and _is_tab(text, mark.line, mark.column):
            message = "a tab character here; YAML indents with spaces only"
        return None, [Problem(rel, line, column, "YAML-SYNTAX", message or "invalid YAML")]
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it carries no mark
        line, column = _character_position(text, exc.position)
        message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        return None, [Problem(rel, line, column, "YAML-SYNTAX", message)]
    if node is None:
        return None, [Problem(rel, 1, 1, "FILE-EMPTY", "the file holds no record")]
    builder = _Builder()
    try:
        data = builder.build(node)
    except _YamlProblem as exc:  # nesting is bounded by MAX_DEPTH, far below Python's limit
        return None, [Problem(rel, exc.line, exc.column, exc.code, exc.message)]
    return ParsedFile(data, builder.positions), []
