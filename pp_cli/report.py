"""A Markdown briefing for a period (`pp report`), ready to publish.

Built only from the same questions the other commands answer, so a reader
can check every line: counts by status as of the period's last day (as
`pp stats --as-of`), who was arrested in the period (as `pp list
--arrested-since … --arrested-until …`), who was released (an event of a
release type dated certainly within the period, the same rule as
`--arrested-*`), and who was detained at its end, each with the date their
status is last supported by and how long they had been held.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.filters import in_range
from pp_cli.formats import Column
from pp_cli.formats.markdown_format import escape, table
from pp_cli.kb import KnowledgeBase
from pp_cli.labels import as_of_words, dispute_text, person_row_words, status_words, words
from pp_cli.queries import Filters, list_people
from pp_cli.stats import compute
from pp_cli.status import happened_by
from pp_cli.vocab import ARREST_TYPES, RELEASE_TYPES, Status


def _source(event: Any) -> str:
    from pp_cli.export.markdown_export import url

    return f" ([source](<{url(event.sources[0].url)}>))" if event.sources else ""


def _disputed(event: Any) -> str:
    """` (count 16; disputed: 14 …, The Economist)` for an event whose count is disputed."""
    text = dispute_text(event, "count")
    return f" ({text})" if text else ""


def _days(held: dict[str, Any]) -> str:
    if held.get("days") is None:
        return "unknown"
    return f"≈{held['days']}" if held.get("approximate") else str(held["days"])


def _period(since: PartialDate | None, until: PartialDate | None, day: date) -> str:
    if since and until:
        return f"{since} to {until}"
    if since:
        return f"{since} to {day.isoformat()}"
    if until:
        return f"up to {until}"
    return f"up to {day.isoformat()}"


def render(kb: KnowledgeBase, since: PartialDate | None = None, until: PartialDate | None = None,
           *, today: date | None = None, public: bool = False) -> str:
    """The briefing as Markdown."""
    today = today or date.today()
    day = until.hi if until else today
    as_of = until.hi if until else None
    doc = compute(kb, as_of=as_of, today=today)
    period = _period(since, until, day)
    lines = [f"# Political prisoners: briefing, {escape(period)}", ""]
    lines.append(
        f"Figures count people, not cases, from {len(kb.prisoners)} people and {len(kb.events)} events in the "
        "knowledge base; statuses are derived from events as in `pp list`, "
        + (f"as of {as_of.isoformat()}." if as_of else "each as of the date shown (the latest confirmation on record).")
        + (" Records and fields marked restricted are left out." if public else "")
    )
    lines += ["", "## People by status", ""]
    lines.append(table([Column("value", "Status"), Column("people", "People", justify="right")],
                       [{**i, "value": words("status", i["value"])} for i in doc["counts"]["status"] if i["people"]]))
    lines += ["", escape(doc["headline"]["text"]) + "."]
    for estimate in doc.get("estimates", []):
        from pp_cli.export.markdown_export import url

        lines.append(f"- Estimate: {escape(estimate['text'])} ([source](<{url(estimate['url'])}>))")

    arrested = list_people(kb, Filters(arrested_since=since, arrested_until=until), as_of=as_of)
    arrests = {
        row["id"]: [e for e in kb.events_of(row["id"]) if e.type in ARREST_TYPES and in_range(e.date, since, until)
                    and happened_by(e.date, as_of)]
        for row in arrested
    }
    arrested = [row for row in arrested if arrests[row["id"]]]  # without --since/--until the filter keeps everyone
    lines += [f"## Arrested, {escape(period)} ({len(arrested)} {'person' if len(arrested) == 1 else 'people'})", ""]
    for row in arrested:
        events = arrests[row["id"]]
        when = ", ".join(str(e.date) for e in events)
        worded = person_row_words(row)["charges"]
        charges = f"; charges: {', '.join(worded)}" if worded else ""
        status = status_words(row["status"], row["status_detail"])
        now = f"on {as_of.isoformat()}" if as_of else "now"
        lines.append(f"- **{escape(row['name'])}**, arrested {escape(when)}{escape(charges)}; {now} "
                     f"{escape(status)}{escape(' (' + as_of_words(row['as_of']) + ')' if row['as_of'] else '')}"
                     + (_source(events[0]) if events else ""))
    if not arrested:
        lines.append("No arrests on record in this period.")

    released: dict[str, list[Any]] = {}
    for event in kb.events.values():
        if event.type in RELEASE_TYPES and in_range(event.date, since, until) and happened_by(event.date, as_of):
            for pid in event.people:
                if pid in kb.prisoners:
                    released.setdefault(pid, []).append(event)
    lines += ["", f"## Released, {escape(period)} ({len(released)} "
                  f"{'person' if len(released) == 1 else 'people'})", ""]
    for pid in sorted(released, key=lambda p: kb.prisoners[p].name.lower()):
        events = sorted(released[pid], key=lambda e: e.date.sort_key())
        how = "; ".join(f"{words('type', e.type.value)} {e.date}{_disputed(e)}" for e in events)
        lines.append(f"- **{escape(kb.prisoners[pid].name)}**: {escape(how)}{_source(events[0])}")
    if not released:
        lines.append("No releases on record in this period.")

    detained = list_people(kb, Filters(status=[Status.detained]), as_of=as_of)
    held = {p["id"]: p for p in doc["detention"]["people"]}
    lines += ["", f"## Detained {'on ' + day.isoformat() if as_of else 'now'} ({len(detained)} "
                  f"{'person' if len(detained) == 1 else 'people'})", ""]
    rows = []
    for row in detained:
        h = held.get(row["id"], {})
        rows.append({"name": row["name"], "detail": words("detail", row["status_detail"]), "as_of": row["as_of"],
                     "since": h.get("since"), "days": h.get("now_text") or _days(h)})
    lines.append(table([Column("name", "Name"), Column("detail", "Detail"),
                        Column("as_of", "Status last confirmed"), Column("since", "In custody from"),
                        Column("days", "Time in custody now", justify="right")], rows))
    lines += [
        "Custody comes in episodes: \"in custody from\" is the start of the current one (a re-arrest starts a "
        "new one). Time in custody runs to the last confirmation of custody, never to the date of this report, "
        "and is the least the dates allow (`2015-12` counts from 31 December), with the most beside it; "
        "\"unknown\" means the records hold no dated start of custody.",
        "",
        f"Generated by `pp report` on {today.isoformat()}. Every fact is sourced in the knowledge base; "
        "`pp show NAME` lists a person's sources.",
    ]
    return "\n".join(lines).rstrip() + "\n"
