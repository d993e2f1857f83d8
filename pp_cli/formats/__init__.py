"""Output formats, one module each, chosen by `OutputFormat` (like pip-audit).

Every format renders *rows* (list, stats, timeline, search) and *documents*
(show): `render_rows(columns, rows, title)` and `render_document(doc)`.
Renderers return a str, or a rich renderable for the terminal table format.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import Enum
from types import ModuleType


class OutputFormat(str, Enum):
    table = "table"  # a rich table, for people at a terminal
    tsv = "tsv"  # tab-separated with a header: the default in pipes
    json = "json"
    csv = "csv"
    yaml = "yaml"
    markdown = "markdown"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"
    no_wrap: bool = False  # short values (dates, statuses) read badly when folded


def renderer(fmt: OutputFormat) -> ModuleType:
    """The module that renders `fmt` (imported lazily to keep start-up fast)."""
    return importlib.import_module(f"pp_cli.formats.{fmt.value}_format")


def cell_text(value: object, separator: str = ", ", yes: str = "yes", no: str = "no") -> str:
    """A value flattened for one table cell: lists joined, None empty."""
    if value is None:
        return ""
    if type(value) is str:  # the common case first
        return value
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, (list, tuple)):
        try:
            return separator.join(value)  # the common case: a list of text
        except TypeError:
            return separator.join(cell_text(v, separator, yes, no) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
