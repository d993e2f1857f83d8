"""Counts and durations for researchers (`pp stats`), as of any date.

Every figure counts *people*, not cases or events, and is computed from the
same rows `pp list` shows (`queries.list_people`), so `pp stats` and
`pp list --status X` can never disagree about who has which status.

Time in custody comes from `pp_cli.custody`: episodes derived from events,
each counted to its end or to the last confirmation of custody, never to
today; `days` is the least the dates allow and `days_at_most` the most.
The current episode gives "time in custody now", every episode "total time
in custody". People known to be (or to have been) in custody without a dated
start or confirmation have an *unknown duration*, never zero.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pp_cli.dates import PartialDate
from pp_cli.status import effect, happened_by
from pp_cli.vocab import ARREST_TYPES, RELEASE_TYPES, EventType, Status

if TYPE_CHECKING:  # a warm `pp stats` answers from the index, without the models
    from pp_cli.filters import Filters
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Event, Prisoner

SNAPSHOT_VERSION = 3  # bump when custody_events(), yearly_events() or the kept overview change shape
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
    """The day a partial date is placed at (charts, years): its first day; an open date's latest day."""
    return value.sort_key()[0]


@dataclass
class Span:
    """One stay in custody (a `custody.Episode` with a dated start), as plain strings and bounds."""

    start: str  # as written
    start_event: str
    end: str | None  # as written; None while still detained on record
    end_event: str | None
    to: str | None  # the end, the last confirmation, or the as-of day: what the count runs to
    to_kind: str
    days_at_least: int | None
    days_at_most: int | None
    text: str  # `at least 147 days (at most 177), to 2016-05-26, the last confirmation`

    @property
    def approximate(self) -> bool:
        return self.days_at_most != self.days_at_least


@dataclass
class Detention:
    """A person's custody episodes up to the as-of day; `days` is None when a bound cannot be known.

    `days` (= `days_at_least`) is the total the records support, over every
    episode; `days_now` the current episode's; `days_at_most` the longest the
    dates allow. Nothing runs past the last confirmation.
    """

    id: str
    name: str
    status: str
    status_as_of: str | None  # the date the status is last supported by
    spans: list[Span] = field(default_factory=list)
    days: int | None = None
    days_at_least: int | None = None
    days_at_most: int | None = None
    days_now: int | None = None  # the current episode, while one is open
    since: str | None = None  # the current (else the latest) episode's start, as written
    until: str | None = None  # what the latest episode's count runs to
    approximate: bool = False  # the bounds differ: some date is a month, a year or open
    now_text: str | None = None  # the current episode in words
    note: str = ""


def custody_events(kb: KnowledgeBase) -> dict[str, list[list[str]]]:
    """Per person, their status-changing events in chronological order: [date, event id, event type, status after].

    Plain JSON, so the index can keep it per person (`custody_changes`) and a warm `pp stats` builds no models.
    """
    return {pid: changes for pid in kb.prisoners if (changes := custody_changes(kb, pid))}


def custody_changes(kb: KnowledgeBase, pid: str) -> list[list[str]]:
    """One person's entry of `custody_events` (empty if none): it depends on their events only."""
    changes = []
    for event in kb.events_of(pid):
        change = effect(event, pid)
        if change is not None:
            changes.append([str(event.date), event.id, event.type.value, change[0].value])
    return changes


def yearly_events(kb: KnowledgeBase) -> list[list[Any]]:
    """Arrests and releases (by event type): [date, "arrest" or "release", person ids]."""
    return [entry for event in kb.events.values() if (entry := yearly_of(event)) is not None]


def yearly_of(event: Event) -> list[Any] | None:
    """One event's entry of `yearly_events`, or None: kept per event file in the index."""
    if event.type in ARREST_TYPES:
        return [str(event.date), "arrest", list(dict.fromkeys(event.people))]
    if event.type in RELEASE_TYPES:
        return [str(event.date), "release", list(dict.fromkeys(event.people))]
    return None


def detention(row: dict[str, Any], changes: list[list[str]], as_of: date | None, today: date | None = None,
              confirmed: str | None = None) -> Detention | None:
    """Custody episodes of the person in `row` (a `person_row`), or None if never in custody on record.

    `changes` are the person's status-changing events (see `custody_events`).
    `confirmed` is the last confirmation of their current status when they
    are detained now; without it, the row's as-of date (when detained). `today`
    is not used: no duration runs to today.
    """
    from pp_cli.custody import current, days_text, episodes

    detained_now = row["status"] == DETAINED
    if confirmed is None and as_of is None and detained_now:
        confirmed = row["as_of"]
    found = episodes(changes, PartialDate.parse(confirmed) if confirmed else None, as_of)
    if not found and not detained_now:
        return None
    result = Detention(row["id"], row["name"], row["status"], row["as_of"])
    result.spans = [Span(str(e.start), e.start_event or "", str(e.end) if e.end else None, e.end_event,
                         str(e.to) if e.to else None, e.to_kind, e.days_at_least, e.days_at_most, days_text(e))
                    for e in found if e.start is not None]
    now = current(found)
    if detained_now and now is None:
        result.note = ("no dated arrest on record" if row["status_basis"] == "declared"
                       else "start of this detention not recorded")
        return result
    if found:
        latest = now or found[-1]
        result.since = str(latest.start) if latest.start else None
        result.until = str(latest.to) if latest.to else None
    unknown = [e for e in found if e.days_at_least is None]
    notes = []
    if len(found) > 1:
        notes.append(f"{len(found)} stays in custody")
    if any(e.start is None for e in found):
        first = next(e for e in found if e.start is None)
        notes.append(f"released {first.end}; start of custody not recorded")
    if now is not None:
        result.now_text = days_text(now)
        result.days_now = now.days_at_least
        what = {"confirmation": "the last confirmation", "as_of": "the as-of day"}.get(now.to_kind, "")
        notes.append(f"in custody, counted to {what}" if now.days_at_least is not None
                     else "in custody; no confirmation on record")
    result.note = "; ".join(notes)
    if unknown:
        return result
    result.days = result.days_at_least = sum(e.days_at_least or 0 for e in found)
    mosts = [e.days_at_most for e in found]
    result.days_at_most = None if any(m is None for m in mosts) else sum(m or 0 for m in mosts)
    result.approximate = result.days_at_most != result.days_at_least
    return result


def _count(rows: list[dict[str, Any]], key: str, *, all_statuses: bool = False) -> list[dict[str, Any]]:
    """People per value of `key`, each with the same people broken down by status."""
    table: dict[str, Counter[str]] = {}
    for row in rows:
        value = row[key]
        values = value if isinstance(value, list) else [value]
        for v in dict.fromkeys(values) if values else [NONE]:
            counts = table.get(v or NONE)
            if counts is None:  # not setdefault: a Counter made for every value of every row costs
                counts = table[v or NONE] = Counter()
            counts[row["status"]] += 1
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
    from pp_cli.filters import Filters
    from pp_cli.queries import list_people

    rows = list_people(kb, filters or Filters(), as_of=as_of)
    org_names = {oid: o.name for oid, o in kb.organizations.items()}
    return compute_from(rows, custody_events(kb), yearly_events(kb), org_names, as_of=as_of, today=today,
                        confirmations=confirmations(list_people(kb, Filters())) if as_of else None,
                        estimates=estimates(kb, as_of))


def confirmations(current_rows: list[dict[str, Any]]) -> dict[str, str | None]:
    """The last confirmation of each person detained now (their row's as-of date), for `--as-of` durations."""
    return {r["id"]: r["as_of"] for r in current_rows if r["status"] == DETAINED}


def estimates(kb: KnowledgeBase, as_of: date | None = None) -> list[dict[str, Any]]:
    """Numbers without names (`estimate` events): who said how many of what, when, and where."""
    return sort_estimates([found for event in kb.events.values()
                           if (found := estimate_of(event)) is not None and happened_by(event.date, as_of)])


def estimate_of(event: Event) -> dict[str, Any] | None:
    """One event's entry of `estimates` (any date), or None: kept per event file in the index."""
    if event.type is not EventType.estimate or event.count is None:
        return None
    source = event.sources[0]
    return {
        "id": event.id, "date": str(event.date), "count": event.count, "approximate": event.count_approximate,
        "count_of": event.count_of or event.title, "by": event.by or source.publisher,
        "publisher": source.publisher, "url": source.url,
        "bound": event.count_bound,
        "text": estimate_text(event.count, event.count_approximate, event.count_of or event.title,
                              event.by or source.publisher, str(event.date), event.count_bound),
    }


def sort_estimates(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Estimates in date order (then by id), as `pp stats` lists them."""
    return sorted(found, key=lambda e: (PartialDate.parse(e["date"]).sort_key(), e["id"]))


def estimates_of(found: list[dict[str, Any]], as_of: date | None) -> list[dict[str, Any]]:
    """The estimates (from `estimates`) made by `as_of`."""
    return [e for e in found if happened_by(PartialDate.parse(e["date"]), as_of)]


def estimate_text(count: int, approximate: bool, what: str, by: str, when: str, bound: str | None = None) -> str:
    """`more than 80 political prisoners in Azerbaijan (Freedom House, by 2016-05-26)`."""
    lead = {"more_than": "more than ", "at_least": "at least "}.get(bound or "", "about " if approximate else "")
    return f"{lead}{count} {what} ({by}, {when})"


def compute_from(
    rows: list[dict[str, Any]],
    custody: dict[str, list[list[str]]],
    yearly: list[list[Any]],
    org_names: dict[str, str],
    *,
    as_of: date | None = None,
    today: date | None = None,
    confirmations: dict[str, str | None] | None = None,
    estimates: list[dict[str, Any]] | None = None,
    held: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The figures for `rows` (the people `pp list` would show with the same filters and --as-of).

    `confirmations` are the current rows' as-of dates of detained people (for
    `--as-of`, whose rows hold the status of that day); `today` only judges
    staleness: no duration runs to it. `held`, without `as_of`, is each
    person's `detention` now, as `plain` documents (the index keeps them),
    in place of `custody`.
    """
    today = today or date.today()
    ids = {r["id"] for r in rows}
    confirmations = confirmations or {}
    if held is not None and as_of is None:  # the same as computed below, kept per person
        details = [unplain(held[r["id"]]) for r in rows if r["id"] in held]
    else:
        details = [d for d in (detention(r, custody.get(r["id"], []), as_of, today, confirmations.get(r["id"]))
                               for r in rows) if d is not None]
    known = [d for d in details if d.days is not None]
    longest = max(known, key=lambda d: (d.days, d.name), default=None)
    now = [d for d in details if d.days_now is not None]
    longest_now = max(now, key=lambda d: (d.days_now, d.name), default=None)
    counts = {name: _count(rows, key, all_statuses=name == "status") for name, key in COUNT_FIELDS.items()}
    for item in counts["affiliation"]:
        item["name"] = org_names.get(item["value"])
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "as_of_phrase": as_of_phrase(rows, as_of),
        "today": today.isoformat(),
        "people": len(rows),
        "counts": counts,
        "headline": headline(rows, as_of, today),
        "estimates": estimates or [],
        "per_year": per_year(yearly, ids, as_of),
        "detention": {
            "rule": (
                "custody comes in episodes (arrest … release; a re-arrest opens a new one); a duration runs to the "
                "episode's end or, while it is open, to the last confirmation of custody (the status's as-of date"
                + (f", at most {as_of.isoformat()}" if as_of else "") + "), never to today; days = the least "
                "the dates allow (from the last day a start may be to the first day its end or confirmation may "
                "be), days_at_most the most; ≈ marks people whose two differ; unknown = in custody with no dated "
                "start or no confirmation on record"
            ),
            "people_in_custody_on_record": len(details),
            "people_with_known_duration": len(known),
            "people_with_unknown_duration": len(details) - len(known),
            "median_days": statistics.median([d.days for d in known]) if known else None,  # type: ignore[type-var]
            "longest": {"id": longest.id, "name": longest.name, "days": longest.days,
                        "until": longest.until} if longest else None,
            "in_custody_now": len(now),
            "median_days_now": statistics.median([d.days_now for d in now]) if now else None,  # type: ignore[type-var]
            "longest_now": {"id": longest_now.id, "name": longest_now.name, "days": longest_now.days_now,
                            "text": longest_now.now_text} if longest_now else None,
            "people": [plain(d) for d in sorted(details, key=_detention_order)],
        },
    }


def headline(rows: list[dict[str, Any]], as_of: date | None, today: date) -> dict[str, Any]:
    """"Detained now": how many, the as-of dates it rests on, whether they are stale, who is unknown then."""
    from pp_cli.max_age import DEFAULT_MAX_AGE

    detained = [r for r in rows if r["status"] == DETAINED]
    dates = sorted(PartialDate.parse(r["as_of"]) for r in detained if r["as_of"])
    limit = (as_of or today) - DEFAULT_MAX_AGE
    stale = sum(1 for d in dates if d.hi < limit)
    unknown = sum(1 for r in rows if r["status"] == Status.unknown.value)
    return {
        "detained": len(detained),
        "as_of_first": str(dates[0]) if dates else None,
        "as_of_last": str(dates[-1]) if dates else None,
        "stale": stale,
        "stale_limit_days": DEFAULT_MAX_AGE.days,
        "unknown": unknown,
        "text": headline_text(len(detained), dates, stale, unknown, as_of),
    }


def headline_text(n: int, dates: list[PartialDate], stale: int, unknown: int, as_of: date | None) -> str:
    """`9 detained, as last confirmed between 2016-05-26 and 2016-05-26 — all older than a year`."""
    who = f"{n} {'person' if n == 1 else 'people'} detained"
    if as_of is not None:
        text = f"{who} on {as_of.isoformat()}"
    elif dates:
        first, last = dates[0], dates[-1]
        text = f"{who}, as last confirmed " + (f"on {last}" if first == last else f"between {first} and {last}")
    else:
        text = f"{who} (no as-of date on record)"
    if stale:
        text += (" — every one of these confirmations is" if stale == len(dates) else
                 f" — {stale} of these confirmations are") + " more than a year old; the figure may be out of date"
    if unknown:
        text += f"; {unknown} {'person' if unknown == 1 else 'people'}'s status unknown" + (" then" if as_of else "")
    return text


def plain(d: Detention) -> dict[str, Any]:
    """`dataclasses.asdict`, without its deep copies: a tenth of the time for tens of thousands of people."""
    return {**vars(d), "spans": [dict(vars(s)) for s in d.spans]}


def unplain(doc: dict[str, Any]) -> Detention:
    """A `Detention` again from `plain`'s document (as the index keeps it per person)."""
    return Detention(**{**doc, "spans": [Span(**s) for s in doc["spans"]]})


def _detention_order(d: Detention) -> tuple:
    return _longest_first(d.days, d.name)


def _longest_first(days: int | None, name: str) -> tuple:
    """Longest time in custody first, unknown durations last, then by name."""
    return (days is None, -(days or 0), name)


OVERVIEW_PEOPLE = 20  # the overview lists the longest times in custody; `--by detention` and the data formats, all


def overview(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` as kept for the day: the overview's longest times in custody, and everyone's days in `days`.

    Why: at 50,000 people the per-person list is most of the document (32 MB
    of JSON); reading it back for an overview that shows twenty rows, or for
    the long rows that need each person's id and days, would cost a warm
    `pp stats` 200 MB. `--by detention` and JSON read the rows kept per person
    (`detention_people`).
    """
    det = doc["detention"]
    return {**doc, "detention": {**det, "people": det["people"][:OVERVIEW_PEOPLE],
                                 "days": [[p["id"], p["days"]] for p in det["people"]]}}


def detention_people(held: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """`detention.people` of `compute_from` (no filter, no `--as-of`) again, from the rows kept per person."""
    return sorted(held.values(), key=lambda p: _longest_first(p["days"], p["name"]))


def more_in_custody(det: dict[str, Any]) -> str | None:
    """`… and 49,980 more; pp stats --by detention lists everyone` when the overview lists only some."""
    more = det["people_in_custody_on_record"] - min(len(det["people"]), OVERVIEW_PEOPLE)
    return f"… and {more:,} more; pp stats --by detention lists everyone" if more > 0 else None


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
    if doc.get("headline"):
        h = doc["headline"]
        dates = h["as_of_first"] if h["as_of_first"] == h["as_of_last"] else f"{h['as_of_first']} to {h['as_of_last']}"
        out += [{"section": "headline", "item": "detained", "value": h["detained"],
                 "unit": f"people (as of {dates}; {h['stale']} stale)"},
                {"section": "headline", "item": "unknown", "value": h["unknown"], "unit": "people, status unknown"}]
    for e in doc.get("estimates", []):
        out.append({"section": "estimate", "item": e["id"], "value": e["count"],
                    "unit": f"{e['text']} {e['url']}"})
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
    for pid, days in det.get("days") or ([p["id"], p["days"]] for p in det["people"]):  # "days": `overview`
        out.append({"section": "detention_days", "item": pid, "value": days,
                    "unit": "days" if days is not None else "unknown"})
    for row in out:
        row["as_of"] = as_of
    return out


# --------------------------------------------------------------------------- issue 12: articles, cases, lists
# Counted from the same rows as everything above (the people `pp list` would show), so a filter or
# --as-of narrows these too. Cases and list memberships come from snapshots of the records
# (`case_memberships`, `list_memberships`: plain JSON, kept by the cache like `custody_events`).


def case_memberships(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Per case: its name and its defendants (as pp_cli.person_facts.case_people finds them)."""
    from pp_cli.cases import case_entry

    return memberships({cid: case_entry(case) for cid, case in kb.cases.items()},
                       [entry for event in kb.events.values() if (entry := event_case(event)) is not None])


def event_case(event: Event) -> list[Any] | None:
    """[case id, people] of an event in a case, or None: kept per event file in the index."""
    return [event.case, list(dict.fromkeys(event.people))] if event.case else None


def memberships(cases: dict[str, dict[str, Any]], event_cases: list[list[Any]]) -> dict[str, dict[str, Any]]:
    """`case_memberships` from the plain entries (`cases.case_entry` per case, `event_case` per event, in file order).

    A case's people are those its record lists, then everyone its events name, each once.
    """
    people: dict[str, dict[str, None]] = {cid: dict.fromkeys(case["defendants"]) for cid, case in cases.items()}
    for cid, named in event_cases:
        people.setdefault(cid, {}).update(dict.fromkeys(named))
    return {cid: {"name": cases[cid]["name"] if cid in cases else cid, "people": list(people[cid])}
            for cid in sorted(people)}


def list_memberships(kb: KnowledgeBase) -> dict[str, list[list[Any]]]:
    """Per person: every listing in a published list: [list, edition, section, number, kind, by]."""
    return {pid: listed for pid, p in kb.prisoners.items() if (listed := listings_of(p))}


def listings_of(p: Prisoner) -> list[list[Any]]:
    """One person's entry of `list_memberships` (empty if none): kept per person in the index."""
    return [[r.list or r.by, str(r.edition) if r.edition else None, r.section, r.number,
             r.kind.value if r.kind else None, r.by] for r in p.recognitions]


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
    counted: dict[tuple[str, str | None], set[str]] = {}  # who each edition has: a set, not a scan of `who`
    for pid, listed in listings.items():
        if pid not in names:
            continue
        for list_id, edition, section, number, kind, by in listed:
            entry = table.setdefault((list_id, edition), {"value": list_id, "edition": edition, "by": by,
                                                          "people": 0, "by_kind": Counter(), "who": []})
            if pid in counted.setdefault((list_id, edition), set()):
                continue
            counted[(list_id, edition)].add(pid)
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
