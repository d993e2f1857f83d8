"""Reading a spreadsheet: CSV in whatever encoding and delimiter a real sheet has, or XLSX.

Real lists arrive as UTF-8 with or without a byte-order mark, as UTF-16 from
Excel's "Unicode text", or in a legacy code page: cp1251 for Cyrillic,
cp1252/latin-1 for Western European letters. Bytes that are not UTF-8 are
read as cp1251 when most of their high bytes come in runs (Cyrillic words are
made of them), else as cp1252, and the reader says which, so a wrong guess is
seen and can be overridden with an explicit encoding. The delimiter is
sniffed among `,`, `;`, tab and `|`.

XLSX is read with openpyxl in read-only mode. A date cell becomes text at the
precision its number format shows (`mmm yyyy` is a month, not the 1st of it),
numbers that are whole become integers (`2013`, not `2013.0`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pp_cli.errors import UsageError

MAX_BYTES = 50_000_000  # a list of 50,000 people is a few megabytes
MAX_ROWS = 200_000
DELIMITERS = ",;\t|"


@dataclass
class Sheet:
    """A table of text cells: `headers`, and `rows` as (row number in the file, {header: text})."""

    path: Path
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    notes: list[str] = field(default_factory=list)  # how it was read (encoding, delimiter), for the user
    header_row: int = 1


def read(path: Path, *, encoding: str | None = None, sheet: str | None = None, header_row: int | None = None) -> Sheet:
    """Read `path` (CSV, TSV or XLSX by its content); UsageError if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file",
                         "give the spreadsheet to import, e.g. pp import list.csv --map map.yaml")
    if path.stat().st_size > MAX_BYTES:
        raise UsageError(f"{path} is larger than {MAX_BYTES // 1_000_000} MB", "split the sheet into smaller files")
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK\x03\x04"):  # a zip: XLSX, whatever the file is called
        return _read_xlsx(path, sheet, header_row)
    if sheet is not None:
        raise UsageError(f"{path} is not an XLSX workbook, so it has no sheet `{sheet}`",
                         "remove `sheet:` from the map")
    return _read_csv(path, encoding, header_row)


# --------------------------------------------------------------------------- CSV


def decode(raw: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """(text, what encoding was used and why)."""
    if encoding:
        try:
            return raw.decode(encoding), f"read as {encoding}, as asked"
        except LookupError:
            raise UsageError(f"unknown encoding `{encoding}`", "e.g. utf-8, cp1251, cp1252, latin-1") from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path} is not valid {encoding} (byte {exc.start})",
                             "try another encoding, or re-save the sheet as UTF-8") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8 (with byte-order mark)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    guess = "cp1251" if _looks_cyrillic(raw) else "cp1252"
    try:
        text = raw.decode(guess)
    except UnicodeDecodeError:
        guess, text = "latin-1", raw.decode("latin-1")
    names = {"cp1251": "cp1251 (Cyrillic)", "cp1252": "cp1252 (Western European, a superset of latin-1)"}
    name = names.get(guess, guess)
    return text, (f"not UTF-8: read as {name}; if letters look wrong, re-save the sheet as UTF-8 "
                  "or set `encoding:` in the map")


def _looks_cyrillic(raw: bytes) -> bool:
    """Most high bytes in runs (words of Cyrillic letters), not alone among ASCII (accented Latin)."""
    high = in_runs = 0
    for i, b in enumerate(raw):
        if b >= 0xC0:
            high += 1
            if (i > 0 and raw[i - 1] >= 0xC0) or (i + 1 < len(raw) and raw[i + 1] >= 0xC0):
                in_runs += 1
    return high > 0 and in_runs / high > 0.5


def _read_csv(path: Path, encoding: str | None, header_row: int | None) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        raise UsageError(f"{path} looks like a binary file, not a CSV", "export the sheet as CSV or XLSX")
    text, how = decode(raw, path, encoding)
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=lambda d: sample.split("\n", 1)[0].count(d))
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[delimiter]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    for number, cells in enumerate(reader, 1):
        if number > MAX_ROWS:
            raise UsageError(f"{path} has more than {MAX_ROWS:,} rows", "split the sheet into smaller files")
        table.append((number, cells))
    sheet = _table(path, table, header_row)
    sheet.notes.insert(0, f"{how}, {shown}-separated")
    return sheet


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(path: Path, name: str | None, header_row: int | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UsageError(f"{path} is not a readable XLSX workbook ({exc})", "re-save it from the spreadsheet") from None
    try:
        if name is None:
            ws = book.worksheets[0]
        elif name in book.sheetnames:
            ws = book[name]
        else:
            raise UsageError(f"{path} has no sheet `{name}`", "sheets: " + ", ".join(book.sheetnames))
        table = []
        for number, row in enumerate(ws.iter_rows(), 1):
            if number > MAX_ROWS:
                raise UsageError(f"{path} has more than {MAX_ROWS:,} rows", "split the sheet into smaller files")
            table.append((number, [_cell_text(c) for c in row]))
        sheet = _table(path, table, header_row)
        sheet.notes.insert(0, f"XLSX, sheet `{ws.title}`")
        return sheet
    finally:
        book.close()


def _cell_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        fmt = (getattr(cell, "number_format", "") or "").lower()
        shown = fmt.replace("[$-", "").split(";")[0]
        if "d" not in shown and "y" in shown:
            return f"{value.year:04d}-{value.month:02d}" if "m" in shown else f"{value.year:04d}"
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------- both


def _table(path: Path, table: list[tuple[int, list[str]]], header_row: int | None) -> Sheet:
    """Headers from `header_row` (default: the first row with any text), rows below it, blank rows skipped."""
    numbered = [(n, [c.strip() if isinstance(c, str) else str(c) for c in cells]) for n, cells in table]
    if header_row is None:
        header_row = next((n for n, cells in numbered if any(cells)), 0)
    heads = next((cells for n, cells in numbered if n == header_row), None)
    if not heads or not any(heads):
        raise UsageError(f"{path} has no header row" + (f" at row {header_row}" if header_row else ""),
                         "the first row with text should name the columns; or set `header_row:` in the map")
    headers = [" ".join(h.split()) for h in heads]
    notes = []
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        if not h:
            continue
        if h in seen:
            notes.append(f"column {i + 1} repeats the header `{h}`; only the first is used")
        seen.setdefault(h, i)
    used = set(seen.values())
    rows = []
    for number, cells in numbered:
        if number <= header_row or not any(cells):
            continue
        row = {h: (cells[i] if i < len(cells) else "") for h, i in seen.items()}
        extra = [c for i, c in enumerate(cells) if c and i not in used]
        if extra:
            row[""] = "; ".join(extra)  # text under no header (or a repeated one): reported, never dropped
        rows.append((number, row))
    return Sheet(path, [h for h in headers if h], rows, notes, header_row)
