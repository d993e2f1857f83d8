"""Counts and durations for researchers (`pp stats`), as of any date.

Every figure counts *people*, not cases or events, and is computed from the
same rows `pp list` shows (`queries.list_people`), so `pp stats` and
`pp list --status X` can never disagree about who has which status.

Time in detention is the sum of a person's custody spans, taken from their
events up to the as-of date: a span opens at an event that makes them
`detained` (arrest, detention, pretrial detention, verdict, sentence, or
`status_after: detained`) and closes at the next event that changes their
status to anything else; a span still open is counted to the as-of date (or
today). Partial dates are reckoned from the *first* day of their range
(`2014-12` counts from 2014-12-01), and open dates (`by 2016-05-26`) at the
only day they name, which is how timelines order them
(`PartialDate.sort_key`); `days_at_least` reckons from the *last* day of a
start's range instead, the shortest stay the records allow. People known to
be (or to have been) in custody without a dated start — declared `detained`
with no arrest on record, or released with no custody event before — have an
*unknown duration*, never zero.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.kb import KnowledgeBase
from pp_cli.queries import Filters, list_people
from pp_cli.status import effect, happened_by
from pp_cli.vocab import ARREST_TYPES, RELEASE_TYPES, EventType, Status

SNAPSHOT_VERSION = 1  # bump when custody_events() or yearly_events() change shape
COUNT_FIELDS = {
    "status": "status",
    "role": "roles",
    "affiliation": "affiliations",
    "charge": "charge_categories",
    "country": "country",
}
NONE = "(none)"
DETAINED = Status.detained.value


def reckon(value: PartialDate) -> date:
    """The day a partial date counts as for durations: its first day; an open date's latest day."""
    return value.sort_key()[0]


@dataclass
class Span:
    """One stay in custody: from the event that put a person there to the one that ended it."""

    start: str  # as written
    start_event: str
    end: str | None  # as written; None while still detained at the as-of day
    end_event: str | None
    days: int
    days_at_least: int
    approximate: bool  # a boundary is a month, a year or an open date


@dataclass
class Detention:
    """A person's time in custody up to the as-of day; `days` is None when it cannot be known."""

    id: str
    name: str
    status: str
    status_as_of: str | None  # the date the status is last supported by
    spans: list[Span] = field(default_factory=list)
    days: int | None = None
    days_at_least: int | None = None
    since: str | None = None  # the first recorded start, as written
    until: str | None = None  # the last end as written, or the as-of day (or today) while still held
    approximate: bool = False  # some boundary is a month, a year or an open date
    note: str = ""


def _span(start: PartialDate, start_event: str, end: PartialDate | None, end_event: str | None,
          end_day: date) -> Span:
    last = reckon(end) if end is not None else end_day
    approximate = start.precision != "day" or start.qualifier is not None or (
        end is not None and (end.precision != "day" or end.qualifier is not None)
    )
    if end is None:
        earliest_end = last  # still held on the as-of day
    elif end.qualifier is None:
        earliest_end = end.lo
    else:
        earliest_end = start.hi  # "by 2016-05-26": it may have ended right after it began
    return Span(
        start=str(start),
        start_event=start_event,
        end=str(end) if end is not None else None,
        end_event=end_event,
        days=max(0, (last - reckon(start)).days),
        days_at_least=max(0, (earliest_end - start.hi).days),
        approximate=approximate,
    )


def custody_events(kb: KnowledgeBase) -> dict[str, list[list[str]]]:
    """Per person, their status-changing events in date order: [date, event id, event type, status after].

    Plain JSON, so the cache can keep it and a warm `pp stats` builds no models.
    """
    out: dict[str, list[list[str]]] = {}
    for pid in kb.prisoners:
        changes = []
        for event in kb.events_of(pid):
            change = effect(event, pid)
            if change is not None:
                changes.append([str(event.date), event.id, event.type.value, change[0].value])
        if changes:
            out[pid] = changes
    return out


def yearly_events(kb: KnowledgeBase) -> list[list[Any]]:
    """Arrests and releases (by event type): [date, "arrest" or "release", person ids]."""
    out: list[list[Any]] = []
    for event in kb.events.values():
        if event.type in ARREST_TYPES:
            out.append([str(event.date), "arrest", list(dict.fromkeys(event.people))])
        elif event.type in RELEASE_TYPES:
            out.append([str(event.date), "release", list(dict.fromkeys(event.people))])
    return out


def detention(row: dict[str, Any], changes: list[list[str]], as_of: date | None, today: date) -> Detention | None:
    """Custody spans of the person in `row` (a `person_row`), or None if never in custody on record.

    `changes` are the person's status-changing events (see `custody_events`).
    """
    end_day = as_of or today
    pid = row["id"]
    spans: list[Span] = []
    open_start: tuple[PartialDate, str] | None = None
    released_without_start: str | None = None
    seen_change = False
    for written, event_id, event_type, status in changes:
        when = PartialDate.parse(written)
        if not happened_by(when, as_of):
            continue
        if status == DETAINED:
            if open_start is None:
                open_start = (when, event_id)
        elif open_start is not None:
            spans.append(_span(open_start[0], open_start[1], when, event_id, end_day))
            open_start = None
        elif not seen_change and EventType(event_type) in RELEASE_TYPES:
            released_without_start = written
        seen_change = True
    detained_now = row["status"] == DETAINED
    if open_start is not None:
        spans.append(_span(open_start[0], open_start[1], None, None, end_day))
    if not spans and not detained_now and released_without_start is None:
        return None
    result = Detention(pid, row["name"], row["status"], row["as_of"], spans)
    if spans:
        result.since = spans[0].start
        result.until = spans[-1].end or end_day.isoformat()
    unknown = []
    if released_without_start is not None:
        unknown.append(f"released {released_without_start}; start of custody not recorded")
    if detained_now and open_start is None:
        unknown.append("no dated arrest on record" if row["status_basis"] == "declared"
                       else "start of this detention not recorded")
    if unknown:
        result.note = "; ".join(unknown)
        return result
    result.days = sum(s.days for s in spans)
    result.days_at_least = sum(s.days_at_least for s in spans)
    result.approximate = any(s.approximate for s in spans)
    notes = []
    if len(spans) > 1:
        notes.append(f"{len(spans)} stays in custody")
    if open_start is not None:
        notes.append("still held" + (f"; status last confirmed {row['as_of']}" if as_of is None and row["as_of"]
                                     else ""))
    result.note = "; ".join(notes)
    return result


def _count(rows: list[dict[str, Any]], key: str, *, all_statuses: bool = False) -> list[dict[str, Any]]:
    """People per value of `key`, each with the same people broken down by status."""
    table: dict[str, Counter[str]] = {}
    for row in rows:
        value = row[key]
        values = value if isinstance(value, list) else [value]
        for v in dict.fromkeys(values) if values else [NONE]:
            table.setdefault(v or NONE, Counter())[row["status"]] += 1
    if all_statuses:
        for s in Status:
            table.setdefault(s.value, Counter())
        ordered = [(s.value, table[s.value]) for s in Status]
    else:
        ordered = sorted(table.items(), key=lambda kv: (kv[0] == NONE, -sum(kv[1].values()), kv[0]))
    return [
        {"value": v, "people": sum(c.values()), "by_status": {s.value: c[s.value] for s in Status if c[s.value]}}
        for v, c in ordered
    ]


def cross_tab(items: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Count items as flat rows with one column per status that occurs: (statuses, rows)."""
    present = [s.value for s in Status if any(i["by_status"].get(s.value) for i in items)]
    rows = [{k: v for k, v in i.items() if k != "by_status"} | {s: i["by_status"].get(s, 0) for s in present}
            for i in items]
    return present, rows


def per_year(yearly: list[list[Any]], people: set[str], as_of: date | None) -> list[dict[str, Any]]:
    """People arrested and people released in each year, up to the as-of day.

    `yearly` comes from `yearly_events`. A person arrested twice in a year
    counts once for that year. Only named people count: events that give
    just a number (`count`) are left out.
    """
    found: dict[str, dict[int, set[str]]] = {"arrest": {}, "release": {}}
    for written, kind, pids in yearly:
        when = PartialDate.parse(written)
        if not happened_by(when, as_of):
            continue
        year = reckon(when).year
        for pid in pids:
            if pid in people:
                found[kind].setdefault(year, set()).add(pid)
    years = set(found["arrest"]) | set(found["release"])
    if not years:
        return []
    return [
        {"year": y, "arrests": len(found["arrest"].get(y, ())), "releases": len(found["release"].get(y, ()))}
        for y in range(min(years), max(years) + 1)
    ]


def as_of_phrase(rows: list[dict[str, Any]], as_of: date | None) -> str:
    """What date the figures hold for, in words."""
    if as_of is not None:
        return f"as of {as_of.isoformat()}"
    dates = [PartialDate.parse(r["as_of"]) for r in rows if r["as_of"]]
    latest = max(dates, default=None)
    return "latest known status" + (f" (each person as of their own date; latest {latest})" if latest else "")


def compute(
    kb: KnowledgeBase,
    filters: Filters | None = None,
    *,
    as_of: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Every figure `pp stats` shows, as one plain, JSON-ready document."""
    rows = list_people(kb, filters or Filters(), as_of=as_of)
    org_names = {oid: o.name for oid, o in kb.organizations.items()}
    return compute_from(rows, custody_events(kb), yearly_events(kb), org_names, as_of=as_of, today=today)


def compute_from(
    rows: list[dict[str, Any]],
    custody: dict[str, list[list[str]]],
    yearly: list[list[Any]],
    org_names: dict[str, str],
    *,
    as_of: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The figures for `rows` (the people `pp list` would show with the same filters and --as-of)."""
    today = today or date.today()
    ids = {r["id"] for r in rows}
    details = [d for d in (detention(r, custody.get(r["id"], []), as_of, today) for r in rows) if d is not None]
    known = [d for d in details if d.days is not None]
    longest = max(known, key=lambda d: (d.days, d.name), default=None)
    counts = {name: _count(rows, key, all_statuses=name == "status") for name, key in COUNT_FIELDS.items()}
    for item in counts["affiliation"]:
        item["name"] = org_names.get(item["value"])
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "as_of_phrase": as_of_phrase(rows, as_of),
        "today": today.isoformat(),
        "people": len(rows),
        "counts": counts,
        "per_year": per_year(yearly, ids, as_of),
        "detention": {
            "rule": (
                "days = sum of each person's stays in custody, from the event that put them in custody to the "
                "event that ended it or to " + (as_of.isoformat() if as_of else f"today ({today.isoformat()})")
                + "; a partial date (2015-12, 2015) counts from the first day of its range and an open date "
                "(by/before) from its latest possible day (≈ marks these); days_at_least counts from the last "
                "day of a start's range; unknown = in custody with no dated start on record"
            ),
            "people_in_custody_on_record": len(details),
            "people_with_known_duration": len(known),
            "people_with_unknown_duration": len(details) - len(known),
            "median_days": statistics.median([d.days for d in known]) if known else None,  # type: ignore[type-var]
            "longest": {"id": longest.id, "name": longest.name, "days": longest.days} if longest else None,
            "people": [_plain(d) for d in sorted(details, key=_detention_order)],
        },
    }


def _plain(d: Detention) -> dict[str, Any]:
    """`dataclasses.asdict`, without its deep copies: a tenth of the time for tens of thousands of people."""
    return {**vars(d), "spans": [dict(vars(s)) for s in d.spans]}


def _detention_order(d: Detention) -> tuple:
    return (d.days is None, -(d.days or 0), d.name)


def bar(value: int, maximum: int, width: int = 30, char: str = "█") -> str:
    """A plain-text bar, at least one character for any non-zero value."""
    if maximum <= 0 or value <= 0:
        return ""
    return char * max(1, round(value / maximum * width))


def text_chart(years: list[dict[str, Any]], width: int = 30) -> str:
    """Arrests and releases per year as a plain-text bar chart (for Markdown and pipes)."""
    top = max((max(y["arrests"], y["releases"]) for y in years), default=0)
    lines = []
    for y in years:
        lines.append(f"{y['year']}  arrested {y['arrests']:>4}  {bar(y['arrests'], top, width)}")
        lines.append(f"{'':4}  released {y['releases']:>4}  {bar(y['releases'], top, width, '░')}")
    return "\n".join(line.rstrip() for line in lines)


def long_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure as one (section, item, value, unit) row, for tsv and csv."""
    as_of = doc["as_of"] or "latest"
    out: list[dict[str, Any]] = [{"section": "total", "item": "people", "value": doc["people"], "unit": "people"}]
    for section, items in doc["counts"].items():
        out += [{"section": section, "item": i["value"], "value": i["people"], "unit": "people"} for i in items]
    for y in doc["per_year"]:
        out.append({"section": "arrests_per_year", "item": y["year"], "value": y["arrests"], "unit": "people arrested"})
        out.append({"section": "releases_per_year", "item": y["year"], "value": y["releases"],
                    "unit": "people released"})
    det = doc["detention"]
    out.append({"section": "detention", "item": "median", "value": det["median_days"], "unit": "days"})
    if det["longest"]:
        out.append({"section": "detention", "item": "longest", "value": det["longest"]["days"],
                    "unit": f"days ({det['longest']['id']})"})
    out.append({"section": "detention", "item": "known duration", "value": det["people_with_known_duration"],
                "unit": "people"})
    out.append({"section": "detention", "item": "unknown duration", "value": det["people_with_unknown_duration"],
                "unit": "people"})
    for p in det["people"]:
        out.append({"section": "detention_days", "item": p["id"], "value": p["days"],
                    "unit": "days" if p["days"] is not None else "unknown"})
    for row in out:
        row["as_of"] = as_of
    return out


# --------------------------------------------------------------------------- issue 12: articles, cases, lists
# Counted from the same rows as everything above (the people `pp list` would show), so a filter or
# --as-of narrows these too. Cases and list memberships come from snapshots of the records
# (`case_memberships`, `list_memberships`: plain JSON, kept by the cache like `custody_events`).


def case_memberships(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Per case: its name and its defendants (pp_cli.person_facts.case_people)."""
    from pp_cli.person_facts import case_people

    ids = set(kb.cases) | {e.case for e in kb.events.values() if e.case}
    return {cid: {"name": kb.cases[cid].name if cid in kb.cases else cid, "people": case_people(kb, cid)}
            for cid in sorted(ids)}


def list_memberships(kb: KnowledgeBase) -> dict[str, list[list[Any]]]:
    """Per person: every listing in a published list: [list, edition, section, number, kind, by]."""
    out: dict[str, list[list[Any]]] = {}
    for pid, p in kb.prisoners.items():
        listed = [[r.list or r.by, str(r.edition) if r.edition else None, r.section, r.number,
                   r.kind.value if r.kind else None, r.by] for r in p.recognitions]
        if listed:
            out[pid] = listed
    return out


def by_case(rows: list[dict[str, Any]], cases: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """How many cases the counted people are in, how many are group cases, and each case's size."""
    ids = {r["id"] for r in rows}
    items = []
    for cid, case in cases.items():
        people = [p for p in case["people"] if p in ids]
        if people:
            items.append({"value": cid, "name": case["name"], "people": len(people)})
    items.sort(key=lambda i: (-i["people"], i["name"]))
    in_cases = {p for case in cases.values() for p in case["people"] if p in ids}
    return {"cases": len(items), "group_cases": sum(1 for i in items if i["people"] > 1),
            "people_in_cases": len(in_cases), "people_in_no_case": len(ids - in_cases), "items": items}


def by_list(rows: list[dict[str, Any]], listings: dict[str, list[list[Any]]]) -> list[dict[str, Any]]:
    """Per list and edition: how many of the counted people it recognises, by kind, and who they are."""
    names = {r["id"]: r["name"] for r in rows}
    table: dict[tuple[str, str | None], dict[str, Any]] = {}
    for pid, listed in listings.items():
        if pid not in names:
            continue
        for list_id, edition, section, number, kind, by in listed:
            entry = table.setdefault((list_id, edition), {"value": list_id, "edition": edition, "by": by,
                                                          "people": 0, "by_kind": Counter(), "who": []})
            if pid in {w["id"] for w in entry["who"]}:
                continue
            entry["people"] += 1
            entry["by_kind"][kind or "unspecified"] += 1
            place = ".".join(str(x) for x in (section, number) if x)
            entry["who"].append({"id": pid, "name": names[pid], "place": place or None, "kind": kind})
    items = sorted(table.values(), key=lambda e: (e["value"], e["edition"] or ""))
    for item in items:
        item["by_kind"] = dict(item["by_kind"])
        item["who"].sort(key=lambda w: (w["place"] or "", w["name"]))
    return items


def model_figures(rows: list[dict[str, Any]], cases: dict[str, dict[str, Any]],
                  listings: dict[str, list[list[Any]]]) -> dict[str, Any]:
    """The issue-12 parts of `pp stats`: people by charge article, cases, lists and their editions."""
    return {"article_counts": _count(rows, "charges"), "cases": by_case(rows, cases),
            "lists": by_list(rows, listings)}
