"""YAML: the same shapes as JSON, for people who read YAML all day."""

from __future__ import annotations

from typing import Any

import yaml

from pp_cli.formats import Column


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    keys = [c.key for c in columns]
    return _dump([{k: row.get(k) for k in keys} for row in rows])


def render_document(doc: dict[str, Any]) -> str:
    return _dump(doc)
