"""A person's profile for the terminal: who, status as of when, timeline, sources."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pp_cli.textsafe import clean

STATUS_STYLE = {
    "detained": "bold red",
    "house_arrest": "bold yellow",
    "released": "bold green",
    "exiled": "bold blue",
    "deceased": "bold",
    "disappeared": "bold magenta",
    "unknown": "dim",
}


def _t(value: object, style: str = "") -> Text:
    return Text(clean(value), style=style)


def _heading(label: str) -> Text:
    return Text(f"\n{label}", style="bold underline")


def _model_rows(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Facts real lists hold (issue 12): name parts, age, place of detention, relations, cases, sentence, ids."""
    from pp_cli.formats.table_model import fact_rows

    return fact_rows(doc)


def render_profile(doc: dict[str, Any]) -> Group:
    parts: list[Any] = []
    title = _t(doc["name"], "bold")
    if doc.get("native_name") and doc["native_name"] != doc["name"]:
        title.append_text(_t(f"  ({doc['native_name']})", "italic"))
    parts.append(title)

    parts.append(status_line(doc["status"]))

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in (
        ("Country", doc.get("country")),
        ("Born", doc.get("born")),
        ("Roles", ", ".join(r.replace("_", " ") for r in doc.get("roles", []))),
        ("Affiliations", "; ".join(affiliation_text(a) for a in doc.get("affiliations", []))),
        ("Also known as", "; ".join(
            o["name"] + (f" ({o['note']})" if o.get("note") else "") for o in doc.get("other_names", [])
        )),
        ("In custody", custody_text(doc.get("custody") or [])),
        *_model_rows(doc),
        ("Id", f"{doc['id']}  ({doc['file']})"),
    ):
        if value:
            facts.add_row(_t(label), _t(value))
    parts.append(facts)

    if doc.get("summary"):
        parts += [_heading("Summary"), _t(doc["summary"])]

    if doc.get("timeline"):
        parts.append(_heading("Timeline"))
        for item in doc["timeline"]:
            parts += event_block(item, quotes=doc.get("_quotes", False))
        parts.append(Text(""))

    if doc.get("charges"):
        parts.append(_heading("Charges"))
        from pp_cli.formats.table_model import charge_text

        for c in doc["charges"]:
            parts.append(_t(charge_text(c)))

    if doc.get("recognitions"):
        parts.append(_heading("Recognised as a political prisoner"))
        from pp_cli.formats.table_model import recognition_text

        for r in doc["recognitions"]:
            crit = f" — PACE criteria {', '.join(r['criteria'])}" if r.get("criteria") else ""
            parts.append(_t(f"• {recognition_text(r)}{crit}"))

    if doc.get("disputed"):
        parts.append(_heading("Disputed"))
        for d in doc["disputed"]:
            note = f" — {d['note']}" if d.get("note") else ""
            parts.append(_t(f"• {d['field']}: {d.get('claim')}" + note, "yellow"))

    if doc.get("sources"):
        parts.append(_heading("Sources"))
        for i, src in enumerate(doc["sources"], 1):
            meta = ", ".join(str(x) for x in (src.get("publisher"), src.get("published")) if x)
            parts.append(_t(f"[{i}] {src['title']}" + (f" — {meta}" if meta else "")))
            parts += source_lines(src, quotes=doc.get("_quotes", False), indent="    ")
    return Group(*parts)


def url_line(url: str, indent: str = "") -> Text:
    """A URL on its own line, never wrapped or cropped (a hyperlink where the terminal supports it)."""
    line = Text(indent, no_wrap=True, overflow="ignore")
    safe = clean(url)
    line.append(safe, style=f"cyan link {safe}" if safe == url and " " not in url else "cyan")
    return line


def source_lines(src: dict[str, Any], *, quotes: bool, indent: str) -> list[Any]:
    lines: list[Any] = [url_line(src["url"], indent)]
    if quotes and src.get("quote"):
        quote = Text("“", style="italic")
        quote.append(clean(src["quote"]))
        quote.append("”")
        lines.append(Padding(quote, (0, 0, 0, len(indent)), expand=False))
    if quotes and src.get("archive_url"):
        lines.append(_t(f"{indent}archived:"))
        lines.append(url_line(src["archive_url"], indent + "  "))
    return lines


def event_block(item: dict[str, Any], *, quotes: bool = False) -> list[Any]:
    """One event: date, kind and title (bold) on a line; summary (plain), details, disputes and sources below."""
    from pp_cli.labels import words

    head = _t(f"{item['date']}  ")
    head.append_text(_t(words("type", item["type"]), "italic"))
    head.append(" — ")
    head.append_text(_t(item["title"], "bold"))
    out: list[Any] = [Text(""), head]
    body: list[Any] = []
    if item.get("summary"):
        body.append(_t(item["summary"]))
    for label, value in item.get("details", []):
        if label == "Count" and item.get("disputed"):
            continue  # shown with its dispute below
        body.append(_t(f"{label}: {value}"))
    for d in item.get("disputed", []):
        text = d.get("text") or f"{d['field']}: disputed: {d['claim']}"
        body.append(_t(f"Disputed — {text}" + (f". {d['note']}" if d.get("note") else ""), "yellow"))
    if body:
        out.append(Padding(Group(*body), (0, 0, 0, 4), expand=False))
    for src in item.get("cited", []):
        meta = ", ".join(str(x) for x in (src.get("publisher"), src.get("published")) if x)
        out.append(_t(f"    Source: {meta or src.get('title') or ''}", "dim"))
        out += source_lines(src, quotes=quotes, indent="      ")
    return out


def custody_text(episodes: list[dict[str, Any]]) -> str:
    """`since 2013-06: at least 406 days …, the last confirmation; before: 2005 to 2008 (at least 731 days)`."""
    if not episodes:
        return ""
    last = episodes[-1]
    parts = []
    if last["end"] is None:
        parts.append(f"since {last['start'] or 'a date not recorded'}: {last['text']}")
        earlier = episodes[:-1]
    else:
        earlier = episodes
    for ep in earlier:
        parts.append(f"{ep['start'] or 'from a date not recorded'} to {ep['end']}: {ep['text']}")
    return "; ".join(parts)


def status_line(status: dict[str, Any]) -> Text:
    """`Status: released (pardoned), as of 2016-05-26, from the event 2016-03-17-presidential-pardon`."""
    from pp_cli.labels import as_of_words, words

    line = Text("Status: ")
    line.append_text(_t(words("status", status["status"]), STATUS_STYLE.get(status["status"], "")))
    if status.get("detail"):
        line.append_text(_t(f" ({words('detail', status['detail'])})"))
    line.append_text(_t(", " + as_of_words(status.get("as_of")) if status.get("as_of") else ", no dated source"))
    basis = {"events": f"from the event {status.get('event')}", "declared": "as declared in the record"}
    basis = basis.get(status["basis"])
    if basis:
        line.append_text(_t(f" ({basis})", "dim"))
    if status.get("asked_as_of"):
        line.append_text(_t(f"; the answer for {status['asked_as_of']}", "dim"))
    return line


def affiliation_text(a: dict[str, Any]) -> str:
    """`N!DA, member, since 2013 until 2016`."""
    text = (a.get("name") or a["org"]) + (f", {a['position']}" if a.get("position") else "")
    if a.get("since"):
        text += f", since {a['since']}"
    if a.get("until"):
        text += f", until {a['until']}"
    return text
