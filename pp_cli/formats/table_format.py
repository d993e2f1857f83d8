"""Rich tables for a terminal. Cells are `Text`, so record text is never markup."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from pp_cli.formats import Column, cell_text
from pp_cli.textsafe import clean


def text(value: object) -> Text:
    return Text(clean(cell_text(value), single_line=True))  # a cell is one line: no forged log lines


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> Table:
    from rich import box

    compact = len(columns) > 5  # no vertical rules, so that many columns still fit 80 columns
    table = Table(title=Text(clean(title, single_line=True)) if title else None, header_style="bold", expand=False,
                  **({"box": box.SIMPLE_HEAD, "padding": (0, 1), "pad_edge": False} if compact else {}))
    for column in columns:
        table.add_column(
            Text(column.header),
            justify=column.justify,  # type: ignore[arg-type]
            no_wrap=column.no_wrap,
            overflow="ellipsis" if column.no_wrap else "fold",
        )
    for row in rows:
        table.add_row(*(text(row.get(c.key)) for c in columns))
    return table


def render_document(doc: dict[str, Any]) -> Any:
    from pp_cli.formats.table_profile import render_profile

    if doc.get("kind") == "case":  # `pp show --case` (issue 12)
        from pp_cli.formats.table_model import render_case

        return render_case(doc)
    return render_profile(doc)
