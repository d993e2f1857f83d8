"""Markdown: the whole knowledge base as one readable document.

People (a summary table, then one section each), events in date order,
organizations and sources. Text is escaped so that record content cannot
turn into links, HTML or formatting.
"""

from __future__ import annotations

from urllib.parse import quote

from pp_cli.export import Bundle
from pp_cli.formats import Column
from pp_cli.formats.markdown_format import escape, table
from pp_cli.labels import dispute_text

PEOPLE = [
    Column("name", "Name"), Column("status", "Status"), Column("as_of", "As of"), Column("roles", "Roles"),
    Column("affiliations", "Affiliations"), Column("arrested", "Arrested"), Column("charges", "Charges"),
    Column("id", "Id"),
]


def url(value: str) -> str:
    """A URL safe inside `<…>`: characters that could end the link or hide text are percent-encoded."""
    return quote(value, safe=":/?#[]@!$&'()*+,;=%~-._")


def _summary_and_sources(lines: list[str], record) -> None:  # type: ignore[no-untyped-def]
    """A record's summary and its sources, closing its section."""
    if record.summary:
        lines += ["", escape(record.summary)]
    if record.sources:
        lines += ["", "Sources:", ""]
    for s in record.sources:
        meta = ", ".join(str(x) for x in (s.publisher, s.published) if x)
        lines.append(f"- {escape(s.title)}{' (' + escape(meta) + ')' if meta else ''}: <{url(s.url)}>")
    lines.append("")


def render(bundle: Bundle, *, events: bool = False) -> str:
    meta = bundle.meta()
    lines = [
        "# Political prisoners: knowledge base export",
        "",
        f"Exported {escape(meta['exported_at'])} by {escape(meta['exported_by'])}: {meta['prisoners']} people, "
        f"{meta['events']} events, {meta['organizations']} organizations, {meta['sources']} sources."
        + (" Public export: records and fields marked restricted are left out." if bundle.public else ""),
        "",
        f"Statuses are derived from events as in `pp list`; each is true as of the date shown. {escape(meta['note'])}.",
        "",
        "## People",
        "",
    ]
    rows = [{**bundle.derived[p.id], "name": p.name, "id": p.id, "roles": [r.value for r in p.roles],
             "affiliations": [a.org for a in p.affiliations]} for p in bundle.prisoners]
    lines.append(table(PEOPLE, rows))
    for p in bundle.prisoners:
        d = bundle.derived[p.id]
        lines += [f"### {escape(p.name)}", ""]
        facts = [
            ("Id", p.id), ("Native name", p.native_name),
            ("Other names", "; ".join(o.name + (f" ({o.note})" if o.note else "") for o in p.other_names)),
            ("Country", p.country), ("Born", p.born), ("Gender", p.gender.value if p.gender else None),
            ("Roles", ", ".join(r.value for r in p.roles)),
            ("Affiliations", "; ".join(a.org + (f", {a.position}" if a.position else "") for a in p.affiliations)),
            ("Status", f"{d['status']}" + (f" ({d['status_detail']})" if d["status_detail"] else "")
             + (f", as of {d['as_of']}" if d["as_of"] else "") if d["status"] else None),
            ("Arrested", d["arrested"]),
            ("Recognised by", "; ".join(r.by + (f" ({r.date})" if r.date else "") for r in p.recognitions)),
        ]
        lines += [f"- **{label}**: {escape(value)}" for label, value in facts if value]
        _summary_and_sources(lines, p)
    names = {p.id: p.name for p in bundle.prisoners}
    lines += ["## Events", ""]
    for e in bundle.events:
        lines += [f"### {escape(e.date)} — {escape(e.title)}", ""]
        lines.append(f"- **Type**: {escape(e.type.value)}")
        lines.append(f"- **Id**: {escape(e.id)}")
        if e.people:
            lines.append(f"- **People**: {escape('; '.join(names.get(p, p) for p in e.people))}")
        if e.organizations:
            lines.append(f"- **Organizations**: {escape(', '.join(e.organizations))}")
        if e.count is not None:
            lines.append(f"- **Count**: {'about ' if e.count_approximate else ''}{e.count}"
                         + (f" {escape(e.count_of)}" if e.count_of else ""))
        for d in e.disputed:
            lines.append(f"- **Disputed**: {escape(dispute_text(e, d.field))}")
        for c in e.charges:
            article = (c.article + ": ") if c.article else ""
            category = c.category.value if c.category else "category from the code registry"
            lines.append(f"- **Charge**: {escape(article)}{escape(c.description or '')} ({escape(category)})")
        if e.sentence:
            lines.append(f"- **Sentence**: {escape(e.sentence.text())}")
        for label, value in (("Court", e.court), ("Judge", e.judge), ("Facility", e.facility),
                             ("Location", e.location), ("By", e.by)):
            if value:
                lines.append(f"- **{label}**: {escape(value)}")
        _summary_and_sources(lines, e)
    lines += ["## Organizations", ""]
    lines.append(table([Column("id", "Id"), Column("name", "Name"), Column("type", "Type"),
                        Column("country", "Country"), Column("summary", "Summary")],
                       [{"id": o.id, "name": o.name, "type": o.type.value, "country": o.country,
                         "summary": o.summary} for o in bundle.organizations]))
    lines += ["## Sources", ""]
    for s in bundle.sources():
        meta_text = ", ".join(str(x) for x in (s["publisher"], s["published"]) if x)
        cited = ", ".join(f"{c['kind']} {c['id']}" for c in s["cited_by"])
        lines.append(f"- {escape(s['title'])}{' (' + escape(meta_text) + ')' if meta_text else ''}: "
                     f"<{url(s['url'])}> — cited by {escape(cited)}")
    return "\n".join(lines).rstrip() + "\n"
