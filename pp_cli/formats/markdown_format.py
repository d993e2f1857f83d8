"""Markdown tables and profiles, for reports and pull-request comments."""

from __future__ import annotations

from typing import Any

from pp_cli.formats import Column, cell_text
from pp_cli.textsafe import clean


def escape(value: object) -> str:
    """Text safe inside a Markdown table cell or line."""
    text = clean(cell_text(value), single_line=True)
    for char in "\\|*_`[]<>":
        text = text.replace(char, "\\" + char)
    return text


def table(columns: list[Column], rows: list[dict[str, Any]]) -> str:
    align = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(escape(c.header) for c in columns) + " |",
        "| " + " | ".join(align.get(c.justify, "---") for c in columns) + " |",
    ]
    lines += ["| " + " | ".join(escape(row.get(c.key)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_rows(columns: list[Column], rows: list[dict[str, Any]], title: str | None = None) -> str:
    head = f"## {escape(title)}\n\n" if title else ""
    return head + table(columns, rows)


def render_document(doc: dict[str, Any]) -> str:
    if "timeline" in doc and "status" in doc and doc.get("kind") != "case":  # a person: `pp show`
        from pp_cli.formats.markdown_profile import render_profile

        return render_profile(doc)
    lines = [f"# {escape(doc.get('name', doc.get('id', '')))}", ""]
    for key, value in doc.items():
        if key == "name" or value in (None, [], {}):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines += [f"## {escape(key)}", ""]
            for item in value:
                pairs = (f"{escape(k)}: {escape(v)}" for k, v in item.items() if v not in (None, [], ""))
                lines.append("- " + "; ".join(pairs))
            lines.append("")
        elif isinstance(value, dict):
            pairs = (f"{escape(k)}: {escape(v)}" for k, v in value.items() if v is not None)
            lines.append(f"- **{escape(key)}**: " + "; ".join(pairs))
        else:
            lines.append(f"- **{escape(key)}**: {escape(value)}")
    return "\n".join(lines).rstrip() + "\n"
