"""Terminal parts of `pp show` for what real lists hold (issue 12): see `pp_cli.person_facts`.

Kept apart from `table_profile` so each can change alone; every record text
goes through `textsafe.clean` into a rich `Text`, never as markup.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from pp_cli.person_facts import age_text
from pp_cli.textsafe import clean


def _t(value: object, style: str = "") -> Text:
    return Text(clean(value), style=style)


def fact_rows(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows for the facts grid: name parts, age, place of detention, ids, relations, cases."""
    rows: list[tuple[str, str]] = []
    parts = [(k.replace("_", " "), doc.get(k)) for k in ("given_name", "patronymic", "surname")]
    if any(v for _k, v in parts):
        rows.append(("Name in parts", "; ".join(f"{k}: {v}" for k, v in parts if v)))
    age = age_text(doc.get("age"))
    if age:
        rows.append(("Age", age))
    held = doc.get("held_at")
    if held:
        text = f"held at {held['place']}, as of {held['as_of']}"
        if held.get("address"):
            text += f" — letters: {held['address']}"
        rows.append(("Place", text))
    if doc.get("relations"):
        rows.append(("Relations", "; ".join(
            f"{r['words']} {r['name'] or r['person']}" + (f" ({r['note']})" if r.get("note") else "")
            for r in doc["relations"]
        )))
    for case in doc.get("cases", []):
        with_ = ", ".join(p["name"] or p["id"] for p in case["co_defendants"])
        rows.append(("Case", f"{case['name']} ({case['id']})" + (f", with {with_}" if with_ else "")))
    if doc.get("sentences"):
        history = doc["sentences"]
        text = history[-1]["text"] + f" ({history[-1]['date']}, {history[-1]['type'].replace('_', ' ')})"
        if len(history) > 1:
            text += "; before: " + "; ".join(f"{s['text']} ({s['date']})" for s in reversed(history[:-1]))
        rows.append(("Sentence", text))
    if doc.get("identifiers"):
        rows.append(("Identifiers", "; ".join(f"{i['scheme']} {i['id']}" for i in doc["identifiers"])))
    return rows


def charge_text(c: dict[str, Any]) -> str:
    """`2016-05  article 234.4.3 (2000): illegal drug trafficking … [drugs] (up to 12 years)`."""
    article = ""
    if c.get("article"):
        article = f"article {c['article']}"
        if c.get("edition") and c.get("label", "").endswith(f"({c['edition']})"):
            article += f" ({c['edition']} code)"
        if c.get("qualifier"):
            article = f"{c['qualifier']} ({c.get('qualifier_article') or ''}), {article}".replace(" ()", "")
        elif c.get("qualifier_article"):
            article = f"{c['qualifier_article']} with {article}"
        article += ": "
    description = c.get("description") or "(not in the code's registry)"
    category = f" [{c['category']}]" if c.get("category") else ""
    penalty = ""
    if c.get("max_penalty_years"):
        penalty = f" (up to {c['max_penalty_years']:g} years)"
    elif c.get("max_penalty"):
        penalty = f" (up to {c['max_penalty'].replace('_', ' ')})"
    return f"• {c['date']}  {article}{description}{category}{penalty}"


def recognition_text(r: dict[str, Any]) -> str:
    """`UFPPA list, 2014-08, A.3 — prisoner of conscience (2014-08)`."""
    place = ".".join(str(p) for p in (r.get("section"), r.get("number")) if p)
    text = r["by"]
    if r.get("edition"):
        text += f", {r['edition']}"
    if place:
        text += f", {place}"
    if r.get("kind"):
        text += f" — {r['kind'].replace('_', ' ')}"
    if r.get("date"):
        text += f" ({r['date']})"
    return text


def render_case(doc: dict[str, Any]) -> Any:
    """A case's page for the terminal: the case, its defendants with their terms, its timeline, sources."""
    from rich.console import Group
    from rich.table import Table

    parts: list[Any] = []
    title = _t(doc["name"], "bold")
    if doc.get("native_name") and doc["native_name"] != doc["name"]:
        title.append_text(_t(f"  ({doc['native_name']})", "italic"))
    parts.append(title)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in (
        ("Country", doc.get("country")),
        ("Court", doc.get("court")),
        ("Identifiers", "; ".join(f"{i['scheme']} {i['id']}" for i in doc.get("identifiers", []))),
        ("Id", f"{doc['id']}" + (f"  ({doc['file']})" if doc.get("file") else "")),
    ):
        if value:
            facts.add_row(_t(label), _t(value))
    parts.append(facts)
    if doc.get("summary"):
        parts += [Text("\nSummary", style="bold underline"), _t(doc["summary"])]
    parts.append(Text(f"\nDefendants ({len(doc['defendants'])})", style="bold underline"))
    people = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    for header in ("Name", "Status", "Charges", "Sentence"):
        people.add_column(header, overflow="fold")
    for d in doc["defendants"]:
        status = (d["status"] or "").replace("_", " ") + (f" (as of {d['as_of']})" if d.get("as_of") else "")
        sentence = f"{d['sentence']['text']} ({d['sentence']['date']})" if d.get("sentence") else ""
        people.add_row(_t(d["name"] or d["id"]), _t(status), _t(", ".join(d["charges"])), _t(sentence))
    parts.append(people)
    if doc.get("timeline"):
        parts.append(Text("\nTimeline", style="bold underline"))
        timeline = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        timeline.add_column("Date", no_wrap=True)
        timeline.add_column("Event", no_wrap=True)
        timeline.add_column("What happened", overflow="fold")
        for item in doc["timeline"]:
            timeline.add_row(_t(item["date"]), _t(item["type"].replace("_", " ")), _t(item["title"]))
        parts.append(timeline)
    if doc.get("sources"):
        parts.append(Text("\nSources", style="bold underline"))
        for i, s in enumerate(doc["sources"], 1):
            entry = _t(f"[{i}] {s['title']}")
            entry.append_text(_t(f"\n    {s['url']}", "cyan"))
            parts.append(entry)
    return Group(*parts)
