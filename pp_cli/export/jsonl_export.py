"""JSON Lines: one object per line, each with a `kind` (meta, prisoner, event, organization, source).

Without `kind` (and a prisoner's `derived`), each line is the record exactly
as loaded. Suits `jq`, streaming loaders and very large knowledge bases.
"""

from __future__ import annotations

import json
from typing import Any

from pp_cli.export import Bundle, record_dict


def lines(bundle: Bundle) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"kind": "meta", **bundle.meta()}]
    out += [{"kind": "prisoner", **bundle.prisoner_dict(p)} for p in bundle.prisoners]
    out += [{"kind": "event", **record_dict(e)} for e in bundle.events]
    out += [{"kind": "organization", **record_dict(o)} for o in bundle.organizations]
    out += [{"kind": "source", **s} for s in bundle.sources()]
    return out


def render(bundle: Bundle, *, events: bool = False) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines(bundle))
