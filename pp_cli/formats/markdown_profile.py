"""`pp show --format markdown`: a person's story to cite, every event with its publisher, date, URL and quote."""

from __future__ import annotations

from typing import Any

from pp_cli.formats.markdown_format import escape
from pp_cli.labels import as_of_words, words


def _link(url: str) -> str:
    from pp_cli.export.markdown_export import url as safe_url

    return f"<{safe_url(url)}>"


def _source(src: dict[str, Any]) -> str:
    meta = ", ".join(escape(x) for x in (src.get("publisher"), src.get("published")) if x)
    text = f"{escape(src.get('title') or '')}" + (f" — {meta}" if meta else "") + f", {_link(src['url'])}"
    if src.get("quote"):
        text += f": “{escape(src['quote'])}”"
    if src.get("archive_url"):
        text += f" (archived: {_link(src['archive_url'])})"
    return text


def render_profile(doc: dict[str, Any]) -> str:
    from pp_cli.formats.table_profile import affiliation_text

    lines = [f"# {escape(doc['name'])}", ""]
    if doc.get("native_name") and doc["native_name"] != doc["name"]:
        lines += [f"*{escape(doc['native_name'])}*", ""]
    status = doc["status"]
    text = words("status", status["status"]) + (f" ({words('detail', status['detail'])})" if status.get("detail")
                                                   else "")
    lines.append(f"**Status:** {escape(text)}, {escape(as_of_words(status.get('as_of')))}"
                 + (f" (from the event `{escape(status['event'])}`)" if status.get("event") else "")
                 + (f"; the answer for {escape(status['asked_as_of'])}" if status.get("asked_as_of") else ""))
    lines.append("")
    facts = [("Country", doc.get("country")), ("Born", doc.get("born")),
             ("Roles", ", ".join(words("role", r) for r in doc.get("roles", []))),
             ("Affiliations", "; ".join(affiliation_text(a) for a in doc.get("affiliations", []))),
             ("Also known as", "; ".join(o["name"] + (f" ({o['note']})" if o.get("note") else "")
                                         for o in doc.get("other_names", []))),
             ("Id", f"{doc['id']} ({doc['file']})")]
    lines += [f"- **{label}:** {escape(value)}" for label, value in facts if value]
    if doc.get("summary"):
        lines += ["", "## Summary", "", escape(doc["summary"])]
    if doc.get("timeline"):
        lines += ["", "## Timeline", ""]
        for item in doc["timeline"]:
            lines.append(f"### {escape(item['date'])} — {escape(item['title'])}")
            lines += ["", f"*{escape(words('type', item['type']))}*", ""]
            if item.get("summary"):
                lines += [escape(item["summary"]), ""]
            for label, value in item.get("details", []):
                if label == "Count" and item.get("disputed"):
                    continue
                lines.append(f"- {escape(label)}: {escape(value)}")
            for d in item.get("disputed", []):
                lines.append(f"- Disputed: {escape(d.get('text') or d['claim'])}"
                             + (f". {escape(d['note'])}" if d.get("note") else ""))
            for src in item.get("cited", []):
                lines.append(f"- Source: {_source(src)}")
            lines.append("")
    if doc.get("charges"):
        from pp_cli.formats.table_model import charge_text

        lines += ["## Charges", ""] + [f"- {escape(charge_text(c))}" for c in doc["charges"]] + [""]
    if doc.get("disputed"):
        lines += ["## Disputed", ""] + [f"- {escape(d['field'])}: {escape(d['claim'])}" for d in doc["disputed"]]
        lines.append("")
    if doc.get("sources"):
        lines += ["## Sources", ""] + [f"{i}. {_source(s)}" for i, s in enumerate(doc["sources"], 1)]
    return "\n".join(lines).rstrip() + "\n"
