"""CSV for spreadsheets: one row per person, or with `--events` one row per event.

Lists are joined with "; ". Values are exact (a file is not a terminal;
`pp export` makes text safe only when it writes to a terminal), except that a
cell a spreadsheet would read as a formula starts with an apostrophe
(`pp_cli.spreadsheet`). `excel=True` (`--excel`) adds a UTF-8 byte-order mark
and ends lines with CRLF, so Excel shows `Məmmədov` rather than mojibake.
Columns: `pp_cli.export.tables`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from pp_cli.export import Bundle
from pp_cli.export.tables import EVENT_COLUMNS, PEOPLE_COLUMNS, event, names_of, person
from pp_cli.formats import cell_text
from pp_cli.spreadsheet import BOM, neutralise


def _cell(value: Any) -> str:
    return neutralise(cell_text(value, "; ", "true", "false"))


def table(columns: Iterable[str], rows: Iterable[dict[str, Any]], *, excel: bool = False) -> str:
    out = io.StringIO()
    if excel:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    columns = list(columns)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def render(bundle: Bundle, *, events: bool = False, excel: bool = False) -> str:
    if events:
        names = names_of(bundle)
        return table(EVENT_COLUMNS, (event(e, names) for e in bundle.events), excel=excel)
    return table(PEOPLE_COLUMNS, (person(bundle, p) for p in bundle.prisoners), excel=excel)
