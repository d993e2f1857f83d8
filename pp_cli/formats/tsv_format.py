"""Tab-separated values with a header: plain, fast, and friendly to cut/awk/sort.

A cell a spreadsheet would read as a formula gets a leading apostrophe
(`pp_cli.spreadsheet`), since TSV files are opened in spreadsheets too.
"""

from __future__ import annotations

import re
from typing import Any

from pp_cli.formats import Column, cell_text
from pp_cli.spreadsheet import FORMULA_START, neutralise
from pp_cli.textsafe import clean

# Anything `clean` would change, and tabs inside cells: the separator is the only tab allowed.
_SUSPECT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    keys = [c.key for c in columns]
    lines = ["\t".join(keys)]
    add = lines.append
    separators = len(keys) - 1
    for row in rows:  # thousands of rows in a pipe: keep this loop plain
        cells = [cell_text(row.get(k)) for k in keys]
        line = "\t".join(cells)
        if line.count("\t") != separators or _SUSPECT.search(line):  # rare: a cell holds a control character
            line = "\t".join(neutralise(clean(cell, single_line=True)) for cell in cells)
        elif any(cell.startswith(FORMULA_START) for cell in cells):  # rare: a cell a spreadsheet would run
            line = "\t".join(neutralise(cell) for cell in cells)
        add(line)
    return "\n".join(lines) + "\n"


def render_document(doc: dict[str, Any]) -> None:
    return None
