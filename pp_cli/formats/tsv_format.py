"""Tab-separated values with a header: plain, fast, and friendly to cut/awk/sort."""

from __future__ import annotations

from typing import Any

from pp_cli.formats import Column, cell_text
from pp_cli.textsafe import clean


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    keys = [c.key for c in columns]
    lines = ["\t".join(keys)]
    add = lines.append
    for row in rows:  # thousands of rows in a pipe: keep this loop plain
        add("\t".join([clean(cell_text(row.get(k)), single_line=True) for k in keys]))
    return "\n".join(lines) + "\n"


def render_document(doc: dict[str, Any]) -> None:
    return None
