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

    status = doc["status"]
    line = Text("Status: ")
    line.append_text(_t(status["status"].replace("_", " "), STATUS_STYLE.get(status["status"], "")))
    if status.get("detail"):
        line.append_text(_t(f" ({status['detail'].replace('_', ' ')})"))
    line.append_text(_t(f" — as of {status['as_of']}" if status.get("as_of") else " — no dated source"))
    basis = {"events": f"from event {status.get('event')}", "declared": "as declared in the record"}
    basis = basis.get(status["basis"])
    if basis:
        line.append_text(_t(f" [{basis}]", "dim"))
    if status.get("asked_as_of"):
        line.append_text(_t(f"  (answer for {status['asked_as_of']})", "dim"))
    parts.append(line)

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in (
        ("Country", doc.get("country")),
        ("Born", doc.get("born")),
        ("Roles", ", ".join(r.replace("_", " ") for r in doc.get("roles", []))),
        ("Affiliations", "; ".join(
            (a["name"] or a["org"]) + (f", {a['position']}" if a.get("position") else "")
            for a in doc.get("affiliations", [])
        )),
        ("Also known as", "; ".join(
            o["name"] + (f" ({o['note']})" if o.get("note") else "") for o in doc.get("other_names", [])
        )),
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
        timeline = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        timeline.add_column("Date", no_wrap=True)
        timeline.add_column("Event", no_wrap=True)
        timeline.add_column("What happened", overflow="fold")
        for item in doc["timeline"]:
            what = _t(item["title"], "bold")
            if item.get("summary"):
                what.append_text(_t("\n" + item["summary"]))
            for d in item.get("disputed", []):
                what.append_text(_t(f"\nDisputed {d['field']}: {d.get('claim')}"
                                    + (f" — {d['note']}" if d.get("note") else ""), "yellow"))
            timeline.add_row(_t(item["date"]), _t(item["type"].replace("_", " ")), what)
        parts.append(timeline)

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
        for i, s in enumerate(doc["sources"], 1):
            meta = ", ".join(str(x) for x in (s.get("publisher"), s.get("published")) if x)
            entry = _t(f"[{i}] {s['title']}" + (f" — {meta}" if meta else ""))
            entry.append_text(_t(f"\n    {s['url']}", "cyan"))
            parts.append(entry)
    return Group(*(Padding(p, (0, 0)) for p in parts))
