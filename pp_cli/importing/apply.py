"""Writing a plan: new record files, and small additions to existing ones.

New records are written as `pp new` writes them (`scaffold.write_new`: a
safe slug file name inside data/, atomically, never over an existing file),
with the schema comment and a header saying where they came from.

An existing record is added to by editing its text, not by re-serialising
it, so its comments, order and formatting stay as its authors left them and
the diff shows only what the import adds: a missing field becomes a new line
before `summary`/`sources`, a list item is appended after the list's last
item. The edited text is parsed again and must give exactly the record with
the additions, or the edit is refused (and reported); the file is replaced
atomically, only if it is still a regular file holding what was read.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from pp_cli.errors import PPError
from pp_cli.scaffold import quote, relpath_of, schema_comment, write_new

ORDER = {
    "prisoners": ("id", "name", "native_name", "given_name", "patronymic", "surname", "other_names", "gender", "born",
                  "country", "roles", "affiliations", "status", "status_detail", "status_as_of", "facility",
                  "facility_as_of", "summary", "recognitions", "distinct_from", "sources"),
    "events": ("id", "date", "type", "title", "people", "case", "charges", "sentence", "sentences", "facility",
               "summary", "sources"),
    "organizations": ("id", "name", "native_name", "other_names", "type", "country", "address", "summary", "sources"),
}
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*(?: [A-Za-z0-9_.\-()]+)*$")
_URL = re.compile(r"^https?://[A-Za-z0-9._~/?&=%+-]+$")  # plain in YAML: no `: `, ` #`, quotes or flow characters
_RESERVED = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"})
DATE_KEYS = frozenset({"date", "born", "published", "since", "until", "status_as_of", "facility_as_of", "edition",
                       "as_of"})  # always quoted, as README asks


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    if (_PLAIN.match(text) and text.lower() not in _RESERVED and len(text) < 100) or _URL.match(text):
        return text
    return quote(text)


def _block(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        return [f"{pad}{key}:", *(line for k, v in value.items() for line in _block(k, v, indent + 2))]
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        if all(not isinstance(v, dict | list) for v in value):
            return [f"{pad}{key}:", *(f"{pad}  - {scalar(v)}" for v in value)]
        return [f"{pad}{key}:", *(line for v in value for line in item_lines(v, indent + 2))]
    return [f"{pad}{key}: {quote(str(value)) if key in DATE_KEYS else scalar(value)}"]


def item_lines(value: Any, indent: int) -> list[str]:
    """A list item at `indent` (the column of its `-`)."""
    pad = " " * indent
    if not isinstance(value, dict):
        return [f"{pad}- {scalar(value)}"]
    lines = []
    for i, (k, v) in enumerate(value.items()):
        if isinstance(v, list) and v and all(not isinstance(x, dict | list) for x in v):
            text = [f"{' ' * (indent + 2)}{k}: [{', '.join(scalar(x) for x in v)}]"]
        else:
            text = _block(k, v, indent + 2)
        if i == 0:
            text[0] = f"{pad}- {text[0].lstrip()}"
        lines += text
    return lines


def render(kind: str, data: dict[str, Any], origin: str) -> str:
    """A new record's file text: schema comment, origin comment, fields in the usual order."""
    order = ORDER[kind]
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    lines = [schema_comment(relpath_of(kind, data["id"], _date(data))), f"# {origin}"]
    for key in keys:
        if key == "sources":
            continue
        lines += _block(key, data[key], 0)
    lines += _block("sources", data["sources"], 0)
    return "\n".join(lines) + "\n"


def _date(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    from pp_cli.dates import PartialDate

    return PartialDate.parse(data["date"]) if "date" in data else None


# --------------------------------------------------------------------------- editing existing records


class EditRefused(PPError):
    """An existing file could not be added to safely; the import reports it and leaves the file alone."""


def add_to_text(text: str, fields: dict[str, Any], lists: dict[str, list[Any]]) -> str:
    """`text` with new top-level `fields` and items appended to top-level `lists`."""
    from pp_cli.yamlio import compose

    for key, items in lists.items():
        node = _top(compose(text.encode("utf-8")), key)
        if node is None:
            fields = {**fields, key: items}
            continue
        if node.id != "sequence":
            raise EditRefused(f"`{key}` is not a list")
        if node.flow_style or not node.value:
            if any(isinstance(i, dict | list) for i in items) or not all(v.id == "scalar" for v in node.value):
                raise EditRefused(f"`{key}` is written inline; cannot add to it without rewriting it")
            old = [v.value for v in node.value]
            flow = "[" + ", ".join([*(scalar(v) for v in old), *(scalar(v) for v in items)]) + "]"
            text = text[:node.start_mark.index] + flow + text[node.end_mark.index:]
            continue
        indent = node.start_mark.column
        last = node.value[-1]
        while last.id in ("mapping", "sequence") and last.value:  # a mapping's end lies past comments after it
            last = last.value[-1][1] if last.id == "mapping" else last.value[-1]
        end = last.end_mark.index
        if end == 0 or text[end - 1] != "\n":
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline + 1
        addition = "".join(line + "\n" for item in items for line in item_lines(item, indent))
        if not text[:end].endswith("\n"):
            addition = "\n" + addition
        text = text[:end] + addition + text[end:]
    if fields:
        root = compose(text.encode("utf-8"))
        before = next((k for k in ("summary", "recognitions", "distinct_from", "sources") if _top(root, k) is not None
                       and k not in fields), None)
        lines = [line for key, value in fields.items() for line in _block(key, value, 0)]
        addition = "".join(line + "\n" for line in lines)
        if before is None or "sources" in fields:
            text = text + ("" if text.endswith("\n") else "\n") + addition
        else:
            key_node = next(k for k, _v in root.value if k.value == before)
            start = text.rfind("\n", 0, key_node.start_mark.index) + 1
            text = text[:start] + addition + text[start:]
    return text


def _top(root: Any, key: str) -> Any:
    if root is None or root.id != "mapping":
        return None
    return next((v for k, v in root.value if k.value == key), None)


def replace_file(root: Path, relpath: str, old: bytes, new_text: str) -> None:
    """Replace a record file atomically, only if it is a regular file inside data/ still holding `old`."""
    data = (root / "data").resolve()
    target = root / relpath
    if target.is_symlink() or not target.is_file():
        raise EditRefused(f"{relpath} is not a regular file")
    if os.path.commonpath([target.resolve(), data]) != str(data):
        raise EditRefused(f"{relpath} leads outside data/")
    if target.read_bytes() != old:
        raise EditRefused(f"{relpath} changed while the import ran")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".pp-import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), target.stat().st_mode & 0o777) if hasattr(os, "fchmod") else None
            handle.write(new_text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def checked_edit(raw: bytes, relpath: str, expected: dict[str, Any], fields: dict[str, Any],
                 lists: dict[str, list[Any]]) -> str:
    """The edited text, parsed back and compared with `expected` (the record with the additions)."""
    from pp_cli.records import parse_bytes

    text = raw.decode("utf-8")
    new = add_to_text(text, fields, lists)
    record, problems = parse_bytes(new.encode("utf-8"), relpath, "prisoners")
    if record is None:
        raise EditRefused("; ".join(p.message for p in problems[:2]) or "the edited file does not load")
    if record.model_dump(mode="json") != expected:
        raise EditRefused("the edited file does not read back as intended")
    return new


def write_new_record(root: Path, kind: str, data: dict[str, Any], origin: str) -> Path:
    return write_new(root, relpath_of(kind, data["id"], _date(data)), render(kind, data, origin))
