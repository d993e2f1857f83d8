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
from typing import TYPE_CHECKING, Any

from pp_cli.chronology import arrange
from pp_cli.dates import PartialDate
from pp_cli.errors import UsageError
from pp_cli.labels import dispute_text, words
from pp_cli.vocab import EventType

if TYPE_CHECKING:  # a warm timeline answers from the index's rows, without the models
    from pp_cli.models import Event
    from pp_cli.snapshots import View


@dataclass
class TimelineFilters:
    """What `pp timeline` narrows by; every field empty means every event."""

    person: str | None = None  # a prisoner id (already resolved from a name)
    types: list[EventType] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    since: PartialDate | None = None
    until: PartialDate | None = None
    case: str | None = None  # a case id (already resolved): only its events (issue 12)


def event_row(e: Event) -> dict[str, Any]:
    """An event's timeline row, kept per event file in the index (`pp_cli.derived`).

    Everything shown but people's names (those are their own files' to say),
    plus what selecting and ordering need: `_sort` (where its date places it:
    the day's ordinal and the rank), `_follows`, `_case`.
    """
    day, rank = e.date.sort_key()
    return {
        "date": str(e.date),
        "type": e.type.value,
        "title": e.title,
        "person_ids": list(e.people),
        "organizations": list(e.organizations),
        "count": e.count,
        "count_of": e.count_of,
        "disputed": [t for t in (dispute_text(e, d.field) for d in e.disputed) if t],
        "charges": sorted({c.article or (c.category.value if c.category else "other") for c in e.charges}),
        "summary": e.summary,
        "sources": [s.url for s in e.sources],
        "id": e.id,
        "_sort": [day.toordinal(), rank],
        "_follows": list(e.follows),
        "_case": e.case,
    }


def timeline(view: View, f: TimelineFilters) -> list[dict[str, Any]]:
    """Rows of the events matching `f`, in timeline order (`pp_cli.chronology`), people by name.

    From the index's rows (`View.rows_of`): a whole timeline reads every
    event's row; a person's or a case's only the rows of the event files that
    mention them — the order among those is their dates' unless one of them
    `follows` another event, when it is the whole timeline's, restricted to
    them (as `KnowledgeBase.events_of` orders). Without an index the same
    rows are made from the whole knowledge base, so one code path answers
    both ways. `--organization X` keeps events that name X, and events about
    people affiliated with X.
    """
    known = view.organizations()
    unknown = [o for o in f.organizations if o.lower() not in known]
    if unknown:
        raise UsageError(
            f"unknown organization `{unknown[0]}`",
            f"known organization ids: {', '.join(sorted(known)) or 'none'}",
        )
    if f.person is not None or f.case is not None:
        paths = view.files_mentioning(f.person if f.person is not None else f"case:{f.case}")
        found = [r for _key, r in view.rows_of("timeline", None if paths is None else
                                               [p for p in paths if p.startswith("data/events/")])]
        picked = [r for r in found if (f.person is None or f.person in r["person_ids"])
                  and (f.case is None or r["_case"] == f.case)]
        if any(r["_follows"] for r in picked):  # a stated order may run through events outside these
            wanted = {r["id"] for r in picked}
            events = [r for r in _order(r for _key, r in view.rows_of("timeline")) if r["id"] in wanted]
        else:
            events = _order(picked)
    else:
        events = _order(r for _key, r in view.rows_of("timeline"))
    orgs = {o.lower() for o in f.organizations}
    members = {p["id"] for p in view.people() if orgs & set(p["affiliations"])} if orgs else set()
    types = {t.value for t in f.types}
    since = f.since.lo.toordinal() if f.since is not None else None
    until = f.until.hi.toordinal() if f.until is not None else None
    out = []
    for event in events:
        if types and event["type"] not in types:
            continue
        if orgs and not (orgs & set(event["organizations"]) or members & set(event["person_ids"])):
            continue
        day = event["_sort"][0]
        if since is not None and day < since:
            continue
        if until is not None and day > until:
            continue
        out.append(event)
    names = view.person_names({p for e in out for p in e["person_ids"]})
    return [_shown(e, names) for e in out]


def _order(found: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows in `chronology.order`'s order: by date, then never before an event they follow."""
    return arrange(found, lambda r: (r["_sort"][0], r["_sort"][1], r["id"]), lambda r: r["id"],
                   lambda r: r["_follows"])


def _shown(r: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A row as every output format shows it: people by name (an id for one who is not on record)."""
    return {"date": r["date"], "type": r["type"], "title": r["title"],
            "people": [names.get(p, p) for p in r["person_ids"]],
            **{k: r[k] for k in ("person_ids", "organizations", "count", "count_of", "disputed", "charges",
                                 "summary", "sources", "id")}}


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
