"""JSON Lines: one object per line, each with a `kind` (meta, prisoner, event, organization, source).

Without `kind` (and a prisoner's `derived`), each line is the record exactly
as loaded. Suits `jq`, streaming loaders and very large knowledge bases: the
lines are written one at a time (`stream`), never gathered in memory.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, TextIO

from pp_cli.export import Bundle, record_dict


def lines(bundle: Bundle) -> Iterator[dict[str, Any]]:
    yield {"kind": "meta", **bundle.meta()}
    for p in bundle.prisoners:
        yield {"kind": "prisoner", **bundle.prisoner_dict(p)}
    for e in bundle.events:
        yield {"kind": "event", **record_dict(e)}
    for o in bundle.organizations:
        yield {"kind": "organization", **record_dict(o)}
    for s in bundle.sources():
        yield {"kind": "source", **s}


def stream(bundle: Bundle, out: TextIO, **_options: Any) -> None:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    write = out.write
    for line in lines(bundle):
        write(encode(line) + "\n")


def render(bundle: Bundle, **options: Any) -> str:
    out = io.StringIO()
    stream(bundle, out, **options)
    return out.getvalue()
