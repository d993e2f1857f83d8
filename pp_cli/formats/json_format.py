"""JSON: a list of objects for rows, one object for a document."""

from __future__ import annotations

import json
from typing import Any

from pp_cli.formats import Column


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    keys = [c.key for c in columns]
    return json.dumps([{k: row.get(k) for k in keys} for row in rows], ensure_ascii=False, indent=2) + "\n"


def render_document(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
