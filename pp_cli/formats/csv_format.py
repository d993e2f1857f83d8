"""CSV with a header row; list values joined with "; "; cells a spreadsheet would run are neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from pp_cli.formats import Column, cell_text
from pp_cli.spreadsheet import neutralise
from pp_cli.textsafe import clean


def _cell(value: Any) -> str:
    return neutralise(clean(cell_text(value, "; ", "true", "false")))


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c.key)) for c in columns])
    return out.getvalue()


def render_document(doc: dict[str, Any]) -> None:
    return None  # a nested document has no CSV shape
