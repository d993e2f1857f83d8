"""Tab-separated values with a header: plain, fast, and friendly to cut/awk/sort."""

from __future__ import annotations

from typing import Any

from pp_cli.formats import Column, cell_text
from pp_cli.textsafe import clean


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    lines = ["\t".join(c.key for c in columns)]
    for row in rows:
        lines.append("\t".join(clean(cell_text(row.get(c.key)), single_line=True) for c in columns))
    return "\n".join(lines) + "\n"


def render_document(doc: dict[str, Any]) -> None:
    return None
