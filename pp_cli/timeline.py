"""Events across the knowledge base in date order (`pp timeline`).

Events are in `pp_cli.chronology` order and dates are shown as written: a
month before its days (`2016-05` before `2016-05-10`), an open date
(`by 2016-05-26`) at its latest possible day, and never an event before one
it `follows`. `--since`/`--until` cut the
timeline at those same places: an event is kept when the day it is placed
at lies within the period, so `2016-05` is kept by `--since 2016-05` but not
by `--since 2016-05-10`, and `by 2016-05-26` is kept by `--since 2016`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pp_cli.chronology import order
from pp_cli.dates import PartialDate
from pp_cli.errors import UsageError
from pp_cli.kb import KnowledgeBase
from pp_cli.labels import dispute_text, words
from pp_cli.models import Event
from pp_cli.vocab import EventType


@dataclass
class TimelineFilters:
    """What `pp timeline` narrows by; every field empty means every event."""

    person: str | None = None  # a prisoner id (already resolved from a name)
    types: list[EventType] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    since: PartialDate | None = None
    until: PartialDate | None = None
    case: str | None = None  # a case id (already resolved): only its events (issue 12)


def placed_at(event: Event):  # type: ignore[no-untyped-def]
    """The day an event is placed at in the timeline."""
    return event.date.sort_key()[0]


def _members(kb: KnowledgeBase, org: str) -> set[str]:
    return {p.id for p in kb.prisoners.values() if any(a.org == org for a in p.affiliations)}


def select(kb: KnowledgeBase, f: TimelineFilters) -> list[Event]:
    """Events matching `f`, in timeline order.

    `--organization X` keeps events that name X, and events about people
    affiliated with X.
    """
    unknown = [o for o in f.organizations if o.lower() not in kb.organizations]
    if unknown:
        raise UsageError(
            f"unknown organization `{unknown[0]}`",
            f"known organization ids: {', '.join(sorted(kb.organizations)) or 'none'}",
        )
    events: Iterable[Event] = kb.events_of(f.person) if f.person else order(kb.events.values())
    if f.case is not None:
        events = [e for e in events if e.case == f.case]
    orgs = {o.lower() for o in f.organizations}
    members = set().union(*(_members(kb, o) for o in orgs)) if orgs else set()
    types = set(f.types)
    out = []
    for event in events:
        if types and event.type not in types:
            continue
        if orgs and not (orgs & set(event.organizations) or members & set(event.people)):
            continue
        day = placed_at(event)
        if f.since is not None and day < f.since.lo:
            continue
        if f.until is not None and day > f.until.hi:
            continue
        out.append(event)
    return out


def rows(kb: KnowledgeBase, events: Iterable[Event]) -> list[dict[str, Any]]:
    """Flat rows for every output format; people by name, organizations by id."""
    out = []
    for e in events:
        names = [kb.prisoners[p].name if p in kb.prisoners else p for p in e.people]
        out.append({
            "date": str(e.date),
            "type": e.type.value,
            "title": e.title,
            "people": names,
            "person_ids": list(e.people),
            "organizations": list(e.organizations),
            "count": e.count,
            "count_of": e.count_of,
            "disputed": [t for t in (dispute_text(e, d.field) for d in e.disputed) if t],
            "charges": sorted({c.article or (c.category.value if c.category else "other") for c in e.charges}),
            "summary": e.summary,
            "sources": [s.url for s in e.sources],
            "id": e.id,
        })
    return out


def people_rows(rows_: list[dict[str, Any]], *, disputes_in_title: bool,
                org_names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows for people-facing formats (table, Markdown): types in words, organizations by name; in a table,
    each dispute under its title."""
    names = org_names or {}
    out = []
    for r in rows_:
        title = r["title"] + "".join(f"\n{d}" for d in r["disputed"]) if disputes_in_title else r["title"]
        out.append({**r, "type": words("type", r["type"]), "title": title,
                    "organizations": [names.get(o, o) for o in r["organizations"]]})
    return out
