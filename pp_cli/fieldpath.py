"""The one grammar of field paths, as `restricted_fields` and `disputed[].field` write them.

`born`, `sources.0.quote`, `sources[0].quote` and `born[0]` all name a field
of the record (`born`, `sources`); what privacy withholds and what `pp
validate` accepts are read with this one parser, so a path that validates
always withholds, and one that would withhold nothing is rejected.
"""

from __future__ import annotations

import re

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH = re.compile(rf"^{_NAME}(?:\.{_NAME}|\.[0-9]+|\[[0-9]+\])*$")
_STEP = re.compile(rf"\.?({_NAME})|\.([0-9]+)|\[([0-9]+)\]")
_HEAD = re.compile(rf"^\s*({_NAME})")


def parse(path: str) -> tuple[str | int, ...] | None:
    """The steps of `path` (`sources[0].quote` → ("sources", 0, "quote")), or None if it is not a field path."""
    if not _PATH.match(path):
        return None
    steps: list[str | int] = []
    for name, dotted, bracketed in _STEP.findall(path):
        steps.append(name if name else int(dotted or bracketed))
    return tuple(steps)


def head(path: str) -> str | None:
    """The top-level field `path` is about; even a malformed path yields its leading name, to withhold too much

    rather than too little (validate reports the malformed path).
    """
    steps = parse(path)
    if steps:
        return str(steps[0])
    found = _HEAD.match(path)
    return found.group(1) if found else None
