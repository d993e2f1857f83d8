"""JSON: one document with `meta`, `prisoners`, `events`, `organizations` and `sources`.

Each prisoner, event and organization is its record exactly as loaded
(validating it again gives an equal record); prisoners carry their derived
status under an extra `derived` key.
"""

from __future__ import annotations

import json
from typing import Any

from pp_cli.export import Bundle, record_dict


def document(bundle: Bundle) -> dict[str, Any]:
    return {
        "meta": bundle.meta(),
        "prisoners": [bundle.prisoner_dict(p) for p in bundle.prisoners],
        "events": [record_dict(e) for e in bundle.events],
        "organizations": [record_dict(o) for o in bundle.organizations],
        "cases": [record_dict(bundle.kb.cases[k]) for k in sorted(bundle.kb.cases)],  # issue 12
        "codes": [record_dict(bundle.kb.codes[k]) for k in sorted(bundle.kb.codes)],
        "sources": bundle.sources(),
    }


def render(bundle: Bundle, *, events: bool = False) -> str:
    return json.dumps(document(bundle), ensure_ascii=False, indent=2) + "\n"
