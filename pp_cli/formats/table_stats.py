"""`pp stats` for a terminal: count tables, a per-year bar chart, time in detention.

Cells are rich `Text`, never markup, so names from records print literally.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from pp_cli.formats import Column
from pp_cli.formats.table_format import render_rows, text
from pp_cli.labels import words
from pp_cli.stats import OVERVIEW_PEOPLE, bar, more_in_custody
from pp_cli.textsafe import clean

SECTION_TITLES = {
    "status": "People by status",
    "role": "People by role (a person with several roles counts under each)",
    "affiliation": "People by affiliation (a person may belong to several)",
    "charge": "People by charge category (charges on record up to the date; a person may have several)",
    "country": "People by country",
}


def chart(years: list[dict[str, Any]], title: str, width: int = 30) -> Table:
    """Arrests and releases per year as horizontal bars."""
    top = max((max(y["arrests"], y["releases"]) for y in years), default=0)
    table = Table(title=Text(clean(title)) if title else None, header_style="bold", box=None, padding=(0, 1))
    table.add_column(Text("Year"), no_wrap=True)
    table.add_column(Text("People arrested"), no_wrap=True)
    table.add_column(Text("People released"), no_wrap=True)
    for y in years:
        arrests = Text(bar(y["arrests"], top, width), style="red")
        arrests.append(f" {y['arrests']}")
        releases = Text(bar(y["releases"], top, width), style="green")
        releases.append(f" {y['releases']}")
        table.add_row(Text(str(y["year"])), arrests, releases)
    return table


DETENTION_COLUMNS = [
    Column("name", "Name"),
    Column("status", "Status", no_wrap=True),
    Column("since", "From", no_wrap=True),
    Column("until", "To", no_wrap=True),
    Column("days_text", "Days, at least", justify="right", no_wrap=True),
    Column("days_at_most", "At most", justify="right", no_wrap=True),
    Column("note", "Note"),
]


def detention_summary(det: dict[str, Any]) -> str:
    """Total time in custody (every episode) and time in custody now (the current one), as bounds."""
    longest = det["longest"]
    median = det["median_days"]
    n = det["people_in_custody_on_record"]
    parts = [
        f"{n} {'person' if n == 1 else 'people'} in custody on record",
        f"{det['people_with_known_duration']} with known duration",
        f"{det['people_with_unknown_duration']} unknown",
    ]
    if median is not None:
        parts.append(f"total time in custody: median at least {median:g} days")
    if longest:
        parts.append(f"longest at least {longest['days']} days ({longest['name']}, to {longest['until']})")
    now = det.get("longest_now")
    if now:
        parts.append(f"time in custody now: {det['in_custody_now']} "
                     f"{'person' if det['in_custody_now'] == 1 else 'people'} with a dated start, median at least "
                     f"{det['median_days_now']:g} days, longest {now['name']}: {now['text']}")
    return " · ".join(parts)


def _days(p: dict[str, Any]) -> str:
    if p["days"] is None:
        return "unknown"
    return f"≈{p['days']}" if p["approximate"] else str(p["days"])


def detention_rows(det: dict[str, Any], *, for_people: bool = False) -> list[dict[str, Any]]:
    """Per-person rows, with days as text: `≈147` when the bounds differ, `unknown` when not known."""
    return [{**p, "days_text": _days(p), **({"status": words("status", p["status"])} if for_people else {})}
            for p in det["people"]]


def worded(section: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Count rows for people: codes in words (`youth activist`), organizations by name."""
    if section == "affiliation":
        return [{**i, "value": i.get("name") or i["value"]} for i in items]
    kind = {"status": "status", "role": "role", "charge": "category"}.get(section)
    if kind is None:
        return items
    return [{**i, "value": words(kind, i["value"]) if i["value"] != "(none)" else i["value"]} for i in items]


def headline_lines(doc: dict[str, Any]) -> list[str]:
    """The "detained now" headline and others' estimates beside it, each with who said it and when."""
    lines = [doc["headline"]["text"]] if doc.get("headline") else []
    lines += [f"Estimate: {e['text']} — {e['url']}" for e in doc.get("estimates", [])]
    return lines


def detention_table(det: dict[str, Any], title: str | None) -> Table:
    """Compact (no vertical rules) so that seven columns fit an 80-column terminal."""
    from rich import box

    table = Table(title=Text(clean(title)) if title else None, header_style="bold", box=box.SIMPLE_HEAD,
                  padding=(0, 1), pad_edge=False)
    for column in DETENTION_COLUMNS:
        table.add_column(Text(column.header), justify=column.justify, no_wrap=column.no_wrap,  # type: ignore[arg-type]
                         overflow="ellipsis" if column.no_wrap else "fold")
    for row in detention_rows(det, for_people=True):
        table.add_row(*(text(row.get(c.key)) for c in DETENTION_COLUMNS))
    return table


def _heading(title: str) -> Text:
    return Text(clean(f"\n{title}"), style="bold")


def render_overview(doc: dict[str, Any]) -> Group:
    """Every section of `pp stats` one after the other, each headed by what it counts and when."""
    when = doc["as_of_phrase"]
    parts: list[Any] = [Text(clean(f"{doc['people']} people · {when}"), style="bold underline")]
    from pp_cli.formats.table_profile import url_line

    if doc.get("headline"):
        parts.append(Text(clean(doc["headline"]["text"])))
    for estimate in doc.get("estimates", []):
        parts += [Text(clean(f"Estimate: {estimate['text']}")), url_line(estimate["url"], "  ")]
    for section, items in doc["counts"].items():
        items = worded(section, items)
        parts.append(_heading(f"{SECTION_TITLES[section]} · {when}"))
        parts.append(render_rows(
            [Column("value", section.capitalize()), Column("people", "People", justify="right")], items,
        ))
    if doc["per_year"]:
        parts += [_heading(f"People arrested and released per year · up to {_until(doc)}"),
                  chart(doc["per_year"], "")]
    det = doc["detention"]
    if det["people"]:
        by = f" by {doc['as_of']}" if doc["as_of"] else ""
        more = more_in_custody(det)
        parts += [_heading(f"Time in custody · to each person's last confirmation{by}"), text(detention_summary(det)),
                  detention_table({**det, "people": det["people"][:OVERVIEW_PEOPLE]}, ""),
                  *([text(more)] if more else []), Text(clean(det["rule"]), style="dim")]
    return Group(*parts)


def _until(doc: dict[str, Any]) -> str:
    return doc["as_of"] or f"today ({doc['today']})"
