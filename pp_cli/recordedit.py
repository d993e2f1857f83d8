"""Changing record files in place, keeping what a person wrote: field order, comments, layout.

Why: `pp merge` and `pp dupes --distinct` change a few fields of files that
people edit by hand. Rewriting a whole file through a YAML dumper would drop
every comment and reflow every string, so a change touches only the
top-level fields it changes: each such field's block (its line and the
lines indented under it) is written anew, in the order the model lists
fields; every other line, comments and blank lines included, stays as it
was. What is lost is what was inside a rewritten block: a comment between
the items of `other_names` or `sources` when those lists change, and the
quoting or folding style of their values.

Writes are atomic (a temporary file in the same folder, then a rename), only
ever replace a regular file inside `data/`, and are refused if the file
changed since it was read.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pp_cli.errors import PPError, UsageError

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)")


@dataclass
class _Block:
    key: str | None  # None for lines before the first field (a header comment, `---`)
    lead: list[str]  # comment and blank lines just above the field's line
    body: list[str]  # the field's line and what belongs to it


def _blocks(text: str) -> list[_Block]:
    lines = text.splitlines(keepends=True)
    blocks = [_Block(None, [], [])]
    pending: list[str] = []
    for line in lines:
        match = _KEY.match(line)
        if match:
            blocks.append(_Block(match.group(1), pending, [line]))
            pending = []
        elif not line.strip() or line.lstrip().startswith("#"):
            if line[:1] in (" ", "\t") and blocks[-1].key is not None and not pending:
                blocks[-1].body.append(line)  # an indented comment inside a block stays with it
            else:
                pending.append(line)
        else:
            blocks[-1].body.extend(pending)
            pending = []
            blocks[-1].body.append(line)
    blocks[-1].body.extend(pending)
    return blocks


def dump_field(key: str, value: Any) -> str:
    """One top-level field as YAML, in the style pp writes records: block lists, two-space indent."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    return _SINGLE_QUOTED.sub(r'\1"\2"', text)  # "1970", as pp and people write, not '1970'


_SINGLE_QUOTED = re.compile(r"^((?:[ \t]*- |[^:\n]*: ))'([^'\"\\\n]*)'$", re.MULTILINE)
_FLOW = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*[ \t]*:[ \t]*)\[[^\]\n]*\]([ \t]*#.*)?\n?$")


def _flow_list(key: str, value: Any, old: list[str]) -> list[str] | None:
    """`people: [a, b]   # comment` stays on one line, comment and all, when it was so and still can be."""
    if len(old) != 1 or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    match = _FLOW.match(old[0])
    if not match or not all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", v) for v in value):
        return None
    return [f"{match.group(1)}[{', '.join(value)}]{match.group(2) or ''}\n"]


def set_fields(text: str, values: dict[str, Any], order: Sequence[str]) -> str:
    """`text` with each field in `values` written anew (or added where `order` puts it; None removes it)."""
    blocks = _blocks(text)
    present = {b.key: b for b in blocks if b.key is not None}
    for key, value in values.items():
        block = present.get(key)
        if value is None:
            if block is not None:
                block.body = []
            continue
        body = dump_field(key, value).splitlines(keepends=True)
        if block is not None:
            block.body = _flow_list(key, value, block.body) or body
            continue
        new = _Block(key, [], body)
        before = [k for k in order[: list(order).index(key)] if k in present] if key in order else list(present)
        if before:
            anchor = present[before[-1]]
            position = blocks.index(anchor) + 1
        else:
            position = 1
        if position > 1 and blocks[position - 1].body and not blocks[position - 1].body[-1].endswith("\n"):
            blocks[position - 1].body[-1] += "\n"
        blocks.insert(position, new)
        present[key] = new
    out = "".join("".join(b.lead) + "".join(b.body) for b in blocks)
    return out if out.endswith("\n") else out + "\n"


def write_atomically(root: Path, relpath: str, old: str, text: str) -> None:
    """Replace the record file `relpath` with `text`, all at once, if it still holds `old` (else refuse).

    The same atomic replacement `pp import` uses (`importing.apply.replace_file`).
    """
    from pp_cli.importing.apply import replace_file

    replace_file(root, relpath, old.encode("utf-8"), text)


def remove(root: Path, relpath: str) -> None:
    """Delete the record file `relpath` (a regular file under root/data)."""
    _checked(root, relpath, must_exist=True).unlink()


def _checked(root: Path, relpath: str, must_exist: bool) -> Path:
    parts = relpath.split("/")
    if parts[0] != "data" or any(not p or p in (".", "..") or "\\" in p for p in parts):
        raise UsageError(f"refusing to write outside data/: {relpath}")
    target = root / relpath
    data = (root / "data").resolve()
    if os.path.commonpath([target.parent.resolve(), data]) != str(data):
        raise UsageError(f"refusing to write {relpath}: its folder leads outside data/")
    try:
        info = target.lstat()
    except FileNotFoundError:
        if must_exist:
            raise PPError(f"{relpath} has gone", "run the command again") from None
        return target
    if not stat.S_ISREG(info.st_mode):
        raise PPError(f"refusing to replace {relpath}: it is not a regular file")
    return target
