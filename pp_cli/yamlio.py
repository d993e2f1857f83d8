"""Safe, bounded YAML reading for files written by strangers.

A pull request may hold anything, so reading a file never constructs objects
from tags, never lets aliases expand without bound, never feeds libyaml a
nesting deep enough to exhaust a stack, keeps strings as strings (`no`, `on`,
`NO` and unquoted dates stay text), and reports duplicate keys, which PyYAML
would silently resolve by keeping the last one.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pp_cli.textsafe import clean

try:  # libyaml's C parser is ~8x faster; fall back when PyYAML lacks it
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 1_000_000  # a record is ~2 KB; a megabyte is already absurd
MAX_DEPTH = 64  # records nest four or five levels deep
MAX_NODES = 100_000  # bound on the document as aliases would expand it


@dataclass
class YamlError(Exception):
    """A file that cannot be read as a record, with where and why."""

    code: str
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    hint: str | None = None

    def __str__(self) -> str:
        return self.message


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with a YAML 1.2-like core schema and duplicate-key detection."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):  # the usual case: compare without constructing
                key: Any = (key_node.tag, key_node.value)
            else:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise _located("PP006", "a mapping key must be plain text", key_node) from None
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise _located(
                    "PP004",
                    f"duplicate key `{key_node.value if isinstance(key_node, yaml.ScalarNode) else key}` "
                    f"(first given on line {first})",
                    key_node,
                    hint="YAML keeps only one of them; merge the two into one key",
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


    # libyaml calls these three for every node; PyYAML's versions also serve path
    # resolvers, which this loader never has, so plain lookups do (a fifth of parsing).

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):  # type: ignore[index]
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_NULL, _BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float"))

# A YAML 1.2-like core schema, not PyYAML's YAML 1.1 one: only true/false are
# booleans (not yes/no/on/off), integers are plain decimals (no `20:16`
# sexagesimal, no `0b1`, no `1_000`, no octal `017`), timestamps, merge keys
# (`<<`) and `=` are not resolved, so dates and other text stay as written.
_IMPLICIT: list[tuple[str, re.Pattern[str], str]] = [
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (_INT, re.compile(r"^[-+]?[0-9]+$"), "-+0123456789"),
    (_FLOAT, re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"), "-+.0123456789"),
]
_Loader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in _IMPLICIT:
    _Loader.add_implicit_resolver(_tag, _rx, list(_first))
_Loader.add_implicit_resolver(_NULL, re.compile(r"^$"), [""])
assert None not in _Loader.yaml_implicit_resolvers  # `resolve` above has no wildcard resolvers to try

MAX_DIGITS = 4_000  # below Python's 4,300-digit limit on int(); no real count needs more than a few


class _Unusual(Exception):
    """A node the quick builder leaves to PyYAML's constructor: an explicit tag, a merge key, a repeated key."""


_SCALARS = {
    _FLOAT: _Loader.construct_yaml_float,
    _BOOL: _Loader.construct_yaml_bool,
    _NULL: _Loader.construct_yaml_null,
}


def _build(node: yaml.Node, loader: _Loader) -> Any:
    """Python values for a node tree of plain mappings, lists and scalars.

    PyYAML's general constructor (generators, recursion bookkeeping) costs
    as much as libyaml's parsing; records are plain data, so a direct walk
    builds them in a tenth of the time. Anything else raises `_Unusual`, and
    the file goes through the general constructor and its checks instead.
    """
    cls = node.__class__
    if cls is yaml.MappingNode:
        if node.tag != _MAP:
            raise _Unusual
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _Unusual
            key = key_node.value if key_node.tag == _STR else _build(key_node, loader)
            if key in out:
                raise _Unusual
            out[key] = _build(value_node, loader)
        return out
    if cls is yaml.SequenceNode:
        if node.tag != _SEQ:
            raise _Unusual
        return [_build(item, loader) for item in node.value]
    if node.tag == _STR:
        return node.value
    construct = _SCALARS.get(node.tag)
    if construct is None:
        raise _Unusual
    return construct(loader, node)


def _located(code: str, message: str, node: yaml.Node, hint: str | None = None) -> YamlError:
    mark = node.start_mark
    return YamlError(code, message, mark.line + 1, mark.column + 1, hint)


_INDENT = re.compile(r"^ +", re.MULTILINE)


def _depth_upper_bound(text: str) -> int:
    """A cheap bound on nesting depth: exact enough to let every normal file skip the exact check."""
    indent = max(map(len, _INDENT.findall(text)), default=0)
    return (
        text.count("[") + text.count("{") + text.count("- ") + text.count("-\n")
        + text.count("? ") + indent + 1
    )


def _check_events(text: str) -> None:
    """Refuse explicit tags and documents nested deeper than MAX_DEPTH, before building any nodes.

    Only files that hold a `!` or might nest deeply are scanned, so an
    ordinary record pays nothing. Every explicit tag is refused, even `!!str`
    and `!!omap`: records hold plain text, numbers, lists and mappings, and a
    tag is either pointless or a way to build something else.
    """
    tagged = "!" in text
    deep = _depth_upper_bound(text) > MAX_DEPTH
    if not (tagged or deep):
        return
    depth = 0
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    loader = _Loader(text)
    with _reading(loader, text):
        while loader.check_event():
            event = loader.get_event()
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                mark = event.start_mark
                raise YamlError(
                    "PP006", f"tag {clean(shown, single_line=True)} is not allowed", mark.line + 1, mark.column + 1,
                    "records hold plain text, numbers, lists and mappings; remove the `!` tag"
                    " (quote the value if the `!` belongs to it)",
                )
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlError(
                        "PP007",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        mark.line + 1,
                        mark.column + 1,
                        "records are only a few levels deep; flatten the structure",
                    )
            elif isinstance(event, ends):
                depth -= 1


@contextmanager
def _reading(loader: _Loader, text: str) -> Iterator[None]:
    """Turn what libyaml and PyYAML raise while reading `text` into located YamlErrors, and free the loader."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlError("PP003", clean(f"invalid YAML: {exc}", single_line=True)) from None
    except RecursionError:
        raise YamlError("PP007", "document is nested too deeply") from None
    finally:
        loader.dispose()


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlError:
    """A character YAML does not accept (most controls), located from its position in the text."""
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return YamlError("PP003", f"invalid YAML: character U+{exc.character:04X} is not allowed in YAML"
                     if isinstance(exc.character, int) else "invalid YAML: a character YAML does not allow",
                     line, column, "remove the control character (it is invisible in most editors)")


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """A decimal integer; one too long for Python's int() is a located error (PP009), not a crash."""
    digits = node.value.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise _located(
            "PP009", f"number has {len(digits):,} digits; the limit is {MAX_DIGITS:,}", node,
            "no count or year is that long; quote it if it is meant as text",
        )
    return int(node.value, 10)


_Loader.add_constructor(_INT, _construct_int)
_SCALARS[_INT] = _construct_int


def _check_expansion(root: yaml.Node) -> None:
    """Bound the size of the document as its aliases would expand ("billion laughs")."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = MAX_NODES + 1  # a cycle counts as unbounded
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                total += size(key) + size(value)
                if total > MAX_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item)
                if total > MAX_NODES:
                    break
        sizes[id(node)] = total
        return total

    if size(root) > MAX_NODES:
        raise _located(
            "PP007",
            f"aliases expand to more than {MAX_NODES:,} values",
            root,
            "write the values out instead of using &anchors and *aliases",
        )


def decode(raw: bytes) -> str:
    """Decode UTF-8 strictly, pointing at the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlError(
            "PP001",
            f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
            hint="a record should be a few kilobytes; split it or remove pasted material",
        )
    if b"\x00" in raw:
        before = raw[: raw.index(b"\x00")]
        raise YamlError("PP002", "file contains a NUL byte; is it binary?", before.count(b"\n") + 1, None,
                        "records are UTF-8 text files")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            "PP002",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            line,
            column,
            "save the file as UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def load_mapping(raw: bytes) -> dict[str, Any]:
    """Parse one record file into a dict, or raise YamlError saying where and why."""
    text = decode(raw)
    _check_events(text)
    loader = _Loader(text)
    with _reading(loader, text):
        try:
            node = loader.get_single_node()
            if node is None:
                raise YamlError("PP005", "file is empty", 1, 1, "a record is a YAML mapping of fields")
            if "&" in text:
                _check_expansion(node)
            try:
                data = _build(node, loader)
            except _Unusual:
                data = loader.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark
            found = re.search(r"'([^']+)'", exc.problem or "")
            tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else ""
            raise YamlError(
                "PP006",
                f"tag {tag} is not allowed" if tag else (exc.problem or "cannot construct value"),
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                "records hold plain text, numbers, lists and mappings; remove the `!` tag",
            ) from None
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
        raise YamlError(
            "PP005",
            f"file holds {kind}, not a mapping of fields",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            "a record looks like `id: …` / `name: …`, one field per line",
        )
    return data


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = exc.problem or exc.context or "syntax error"
    hint = "check the indentation and quoting near this spot"
    lines = text.splitlines()
    if "\t" in problem or (line and line <= len(lines) and "\t" in lines[line - 1]):
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only; replace the tabs with spaces"
    elif "exceeded maximum nesting depth" in problem:
        return YamlError("PP007", "document is nested too deeply", line, column,
                         "records are only a few levels deep; flatten the structure")
    return YamlError("PP003", f"invalid YAML: {problem}", line, column, hint)


def compose(raw: bytes) -> yaml.Node | None:
    """The node tree of a file (with line marks), through the same guards as loading; None if unreadable."""
    try:
        text = decode(raw)
        _check_events(text)
        loader = _Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (YamlError, yaml.YAMLError, RecursionError):
        return None


class Spots:
    """Where the keys and items of one file are, for error messages.

    The file is composed once, however many of its errors need locating, and
    each mapping's keys are indexed on first use: a file with thousands of
    errors is located in one pass, not one parse per error.
    """

    def __init__(self, raw: bytes) -> None:
        self._root = compose(raw)
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def _key(self, node: yaml.MappingNode, step: str) -> tuple[yaml.Node, yaml.Node] | None:
        keys = self._keys.get(id(node))
        if keys is None:
            keys = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    keys.setdefault(key.value, (key, value))
            self._keys[id(node)] = keys
        return keys.get(step)

    def __call__(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        """Line and column (1-based) of the key or item at `path`, or of the nearest one above it."""
        node = best = self._root
        for step in path:
            found = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                pair = self._key(node, step)
                if pair:
                    best, found = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                found = best = node.value[step]
            if found is None:
                break
            node = found
        if best is None:
            return None
        return best.start_mark.line + 1, best.start_mark.column + 1


def locate(raw: bytes, path: tuple[str | int, ...]) -> tuple[int, int] | None:
    """Line and column (1-based) of the key or item at `path`; for many paths of one file, use `Spots`."""
    return Spots(raw)(path)


def read_bounded(path: Path | str) -> bytes:
    """Read a regular file, refusing to follow a symlink, to block, or to pull a huge one into memory.

    The type is checked with lstat before opening, so a FIFO or device node
    in data/ is never opened (opening a FIFO blocks until someone writes to
    it); the open itself is non-blocking and the descriptor is checked again,
    in case the file was swapped in between.
    """
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise YamlError("PP008", "is a symbolic link; pp does not follow links",
                        hint="replace the link with the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise _special(info.st_mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _special(info.st_mode)
        size = info.st_size
        if size > MAX_BYTES:
            raise YamlError(
                "PP001",
                f"file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                hint="a record should be a few kilobytes; split it or remove pasted material",
            )
        # Ask for what fstat says, plus one byte to notice growth (os.read allocates what it is asked for).
        chunks = [os.read(fd, size + 1)]
        read = len(chunks[0])
        while read > size and read <= MAX_BYTES and (chunk := os.read(fd, 65536)):  # grew since fstat
            chunks.append(chunk)
            read += len(chunk)
        raw = b"".join(chunks)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:  # grew while being read
        raise YamlError("PP001", f"file is over {MAX_BYTES:,} bytes", hint="a record should be a few kilobytes")
    return raw


def _special(mode: int) -> YamlError:
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a folder" if stat.S_ISDIR(mode)
            else "not a regular file")
    return YamlError("PP011", f"is {kind}, not a regular file; pp does not open it",
                     hint="records are plain files; remove it from data/")
