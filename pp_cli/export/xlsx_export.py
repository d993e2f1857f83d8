"""XLSX: a workbook with `people`, `events`, `charges` and `about` sheets, for spreadsheet users.

The sheets have the columns of the CSV export (`pp_cli.export.tables`);
lists are joined with "; ", numbers and true/false stay typed, the header row
is frozen and filtered. Text is written as text: a cell that a spreadsheet
would read as a formula (`=HYPERLINK(…)`) is a string cell with Excel's
quote prefix, never a formula (`pp_cli.spreadsheet`), and the characters XML
cannot hold are shown as visible escapes (`\\x1b`). Written with openpyxl in
write-only mode, a row at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pp_cli.export import Bundle
from pp_cli.export.tables import CHARGE_COLUMNS, EVENT_COLUMNS, PEOPLE_COLUMNS, charges, event, names_of, person
from pp_cli.formats import cell_text
from pp_cli.spreadsheet import risky

FILE = True
MAX_CELL = 32_767  # Excel's limit on the characters in one cell
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


class _Sheet:
    def __init__(self, book: Any, title: str, columns: Iterable[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self.sheet = book.create_sheet(title)
        self.columns = list(columns)
        self.sheet.freeze_panes = "A2"
        self._cell = WriteOnlyCell
        header = []
        for name in self.columns:
            cell = WriteOnlyCell(self.sheet, value=name)
            cell.font = Font(bold=True)
            header.append(cell)
        self.sheet.append(header)
        self.rows = 1

    def value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (bool, int, float)):
            return value
        text = cell_text(value, "; ", "true", "false")
        text = _ILLEGAL.sub(_escape, text)
        if len(text) > MAX_CELL:
            text = text[: MAX_CELL - 1] + "…"
        cell = self._cell(self.sheet, value=text)
        cell.data_type = "s"  # openpyxl would otherwise take "=…" for a formula
        if risky(text):
            cell.quotePrefix = True  # and so would Excel, once someone edits the cell
        return cell

    def append(self, row: dict[str, Any]) -> None:
        self.sheet.append([self.value(row[c]) for c in self.columns])
        self.rows += 1

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows}"


def write(bundle: Bundle, path: Path, **_options: Any) -> list[str]:
    """Write the workbook to `path`; no warnings."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    names = names_of(bundle)
    people = _Sheet(book, "people", PEOPLE_COLUMNS)
    for p in bundle.prisoners:
        people.append(person(bundle, p))
    events = _Sheet(book, "events", EVENT_COLUMNS)
    charge_rows = _Sheet(book, "charges", CHARGE_COLUMNS)
    for e in bundle.events:
        events.append(event(e, names))
        for row in charges(e, names, bundle.kb):
            charge_rows.append(row)
    about = _Sheet(book, "about", ("key", "value"))
    for key, value in bundle.meta().items():
        about.append({"key": key, "value": value})
    for sheet in (people, events, charge_rows, about):
        sheet.finish()
    book.save(path)
    return []
