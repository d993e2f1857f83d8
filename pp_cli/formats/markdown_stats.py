"""`pp stats --format markdown`: the overview as a document to paste into a report."""

from __future__ import annotations

from typing import Any

from pp_cli.formats import Column
from pp_cli.formats.markdown_format import escape, table
from pp_cli.formats.table_stats import (
    DETENTION_COLUMNS,
    SECTION_TITLES,
    detention_rows,
    detention_summary,
    headline_lines,
    worded,
)
from pp_cli.stats import OVERVIEW_PEOPLE, more_in_custody, text_chart


def _by(doc: dict[str, Any]) -> str:
    return f" by {doc['as_of']}" if doc["as_of"] else ""


def render_overview(doc: dict[str, Any]) -> str:
    when = doc["as_of_phrase"]
    until = doc["as_of"] or f"today ({doc['today']})"
    lines = [f"# Statistics: {doc['people']} people, {escape(when)}", ""]
    lines += [f"{escape(line)}  " for line in headline_lines(doc)] + [""]
    for section, items in doc["counts"].items():
        items = worded(section, items)
        lines += [f"## {escape(SECTION_TITLES[section])}", "",
                  table([Column("value", section.capitalize()), Column("people", "People", justify="right")], items)]
    if doc["per_year"]:
        lines += [f"## People arrested and released per year, up to {escape(until)}", "",
                  table([Column("year", "Year"), Column("arrests", "People arrested", justify="right"),
                         Column("releases", "People released", justify="right")], doc["per_year"]),
                  "```", text_chart(doc["per_year"]), "```", ""]
    det = doc["detention"]
    if det["people"]:
        lines += [f"## Time in custody, to each person's last confirmation{escape(_by(doc))}", "",
                  escape(detention_summary(det)), "",
                  table(DETENTION_COLUMNS, detention_rows({**det, "people": det["people"][:OVERVIEW_PEOPLE]},
                                                         for_people=True)),
                  *([escape(more), ""] if (more := more_in_custody(det)) else []), f"Rule: {escape(det['rule'])}", ""]
    return "\n".join(lines).rstrip() + "\n"
