"""What the website shows, derived once from the public records: rows, groupings, figures and the JSON API.

Everything here starts from `privacy.public_kb` — the same copy `pp export
--public` writes — so no page, JSON document, feed entry, CSV cell or search
index can hold a restricted record or field: what is not in the copy cannot
be published. Statuses come from `queries.person_row` (with
`privacy.hide_derived`, as in the public export), and every figure from the
functions `pp stats` uses (`stats.compute_from`, `stats.custody_events`,
`stats.detention`, `stats.per_year`), so the site agrees with `pp list` and
`pp stats`.

The JSON documents are versioned (`API_VERSION`) and described in
docs/site.md and by `PERSON_SCHEMA`; they hold no build time, so a rebuild
of unchanged records writes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Event, Organization, Prisoner, Source
from pp_cli.vocab import Status

API_VERSION = 1
API = f"api/v{API_VERSION}"
PAGE_SIZE = 100  # people per page of a listing: the index stays small at any size


@dataclass
class ChargeGroup:
    """Everyone charged under one article of one code."""

    slug: str
    article: str
    code: str | None
    descriptions: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)  # person id -> date of the first such charge


@dataclass
class Facility:
    """A place of detention named by events (spellings that slug alike are one place)."""

    slug: str
    names: set[str] = field(default_factory=set)
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # person id -> (latest date, event id)


@dataclass
class Site:
    """The public knowledge base and everything the pages derive from it."""

    kb: KnowledgeBase  # public: nothing restricted
    title: str
    lang: str
    base_url: str | None
    rows: dict[str, dict[str, Any]]  # person id -> person_row, derived columns hidden where restricted
    order: list[str]  # person ids by folded name
    figures: dict[str, Any]  # stats.compute_from on the public rows
    custody: list[dict[str, Any]]  # people in custody per month (see custody_by_month)
    custody_notes: dict[str, int]
    charges: dict[str, ChargeGroup]
    facilities: dict[str, Facility]
    members: dict[str, list[str]]  # organization id -> person ids (by name order)
    redirects: dict[str, str]  # former person id -> current id
    article_slugs: dict[str, str] = field(default_factory=dict)  # article -> its charge page (the first code's)
    org_events: dict[str, list[Event]] = field(default_factory=dict)  # organization -> events naming it, latest first
    row_cache: dict[str, str] = field(default_factory=dict, repr=False)  # person id -> listing row (pages.py)
    link_cache: dict[str, str] = field(default_factory=dict, repr=False)  # person id -> link by name (pages.py)
    shell_cache: dict[tuple, tuple[str, str, str]] = field(default_factory=dict, repr=False)  # page shells (pages.py)
    _groups: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)

    def people_with(self, key: str, value: str) -> list[str]:
        """Person ids (in name order) whose row has `value` under `key` (a list or a single value)."""
        groups = self._groups.get(key)
        if groups is None:
            groups = self._groups[key] = defaultdict(list)
            for pid in self.order:
                v = self.rows[pid][key]
                for one in dict.fromkeys(v) if isinstance(v, list) else [v]:
                    groups[one].append(pid)
        return groups.get(value, [])

    def arrest_years(self) -> dict[int, list[str]]:
        """Person ids by the year of each of their arrests (a person arrested in two years is under both)."""
        years: dict[int, list[str]] = defaultdict(list)
        for pid in self.order:
            for y in dict.fromkeys(PartialDate.parse(d).sort_key()[0].year for d in self.rows[pid]["arrests"]):
                years[y].append(pid)
        return dict(sorted(years.items()))


@lru_cache(maxsize=65_536)
def slug(text: str) -> str:
    """A URL-safe lowercase ASCII slug; text with no Latin letters gets a short hash instead."""
    from anyascii import anyascii

    value = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:80].strip("-")
    return value or "x-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def collect(kb: KnowledgeBase, *, title: str, lang: str, base_url: str | None = None) -> Site:
    """Everything the site shows, from the public copy of `kb` alone."""
    from pp_cli.names import fold
    from pp_cli.privacy import hide_derived, public_kb
    from pp_cli.queries import person_row
    from pp_cli.stats import compute_from, custody_events, yearly_events

    pub = public_kb(kb)
    rows = {pid: hide_derived(person_row(pub, p), p) for pid, p in pub.prisoners.items()}
    order = sorted(rows, key=lambda pid: (rows[pid]["sort_name"] or fold(rows[pid]["name"]), rows[pid]["name"], pid))
    org_names = {oid: o.name for oid, o in pub.organizations.items()}
    changes = custody_events(pub)
    counted = [rows[pid] for pid in order if rows[pid]["status"] is not None]
    figures = compute_from(counted, changes, yearly_events(pub), org_names)
    custody, notes = custody_by_month(counted, changes)
    members: dict[str, list[str]] = defaultdict(list)
    for pid in order:
        for org in dict.fromkeys(rows[pid]["affiliations"]):
            members[org].append(pid)
    redirects = {}
    for pid, p in pub.prisoners.items():
        for old in p.former_ids:
            if old not in pub.prisoners:
                redirects.setdefault(old, pid)
    charges = _charge_groups(pub, order)
    article_slugs: dict[str, str] = {}  # a charge's label (its article) -> its page
    for group in charges.values():
        article_slugs.setdefault(group.article, group.slug)
    org_events: dict[str, list[Event]] = defaultdict(list)
    for event in sorted(pub.events.values(), key=lambda e: (e.date.sort_key(), e.id), reverse=True):
        for oid in dict.fromkeys(event.organizations):
            org_events[oid].append(event)
    return Site(
        org_events=dict(org_events),
        kb=pub, title=title, lang=lang, base_url=base_url, rows=rows, order=order, figures=figures,
        custody=custody, custody_notes=notes, charges=charges, facilities=_facilities(pub),
        members=dict(members), redirects=redirects, article_slugs=article_slugs,
    )


def charge_slug(key: str) -> str:
    """The page of a charge key (`az:2000:234.4.3` → `az-2000-234-4-3`; see `pp_cli.charges`)."""
    return slug(" ".join(p for p in key.split(":") if p))


def _charge_groups(kb: KnowledgeBase, order: list[str]) -> dict[str, ChargeGroup]:
    """Everyone charged under each article of each code and edition, as `pp list --charge` tells them apart."""
    from pp_cli.queries import charges_of

    groups: dict[str, ChargeGroup] = {}
    for pid in order:
        for c in charges_of(kb.events_of(pid), kb, pid):
            if not c["key"]:
                continue
            key = charge_slug(c["key"])
            group = groups.setdefault(key, ChargeGroup(key, c["label"], c["code"]))
            if c["description"]:
                group.descriptions.add(c["description"])
            group.people.setdefault(pid, c["date"])
    return dict(sorted(groups.items(), key=lambda kv: _article_key(kv[1])))


def _article_key(group: ChargeGroup) -> tuple:
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s-]+", group.article))
    return (group.code or "", parts)


def place_key(kb: KnowledgeBase, text: str) -> tuple[str, str]:
    """(page slug, name) of a place of detention an event or record names: the registry's where it has it."""
    from pp_cli.facilities import resolve

    org = resolve(text, kb.organizations)
    return (org.id, org.name) if org is not None else (slug(text), text)


def _facilities(kb: KnowledgeBase) -> dict[str, Facility]:
    found: dict[str, Facility] = {}
    keys: dict[str, tuple[str, str]] = {}
    for event in sorted(kb.events.values(), key=lambda e: (e.date.sort_key(), e.id)):
        if not event.facility:
            continue
        key, name = keys.get(event.facility) or keys.setdefault(event.facility, place_key(kb, event.facility))
        place = found.setdefault(key, Facility(key))
        place.names.add(name)
        for pid in event.people:
            if pid in kb.prisoners:
                place.people[pid] = (str(event.date), event.id)  # later events overwrite: the latest stays
    for pid, p in kb.prisoners.items():
        if getattr(p, "facility", None):
            key, name = place_key(kb, p.facility)
            place = found.setdefault(key, Facility(key))
            place.names.add(name)
            place.people.setdefault(pid, (str(getattr(p, "facility_as_of", None) or ""), ""))
    return dict(sorted(found.items()))


# -- figures ----------------------------------------------------------------------------------

def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def custody_by_month(rows: list[dict[str, Any]], changes: dict[str, list[list[str]]]) -> tuple[list[dict], dict]:
    """People in custody at the end of each month, from the custody spans `pp stats` computes.

    A span closed by a release counts for the months whose last day it
    covers (`stats.reckon` places partial dates, as for durations). A span
    still open counts up to and including the month of the person's last
    confirmation (their status's as-of date) and never after it: nothing is
    extrapolated to today. People held with no dated start count in the
    month of their confirmation only.
    """
    from pp_cli.stats import detention, reckon

    spans: list[tuple[int, int]] = []
    undated = 0
    for row in rows:
        held = detention(row, changes.get(row["id"], []), None, date.max)
        if held is None:
            continue
        confirmed = PartialDate.parse(row["as_of"]) if row["as_of"] else None
        for span in held.spans:
            first = reckon(PartialDate.parse(span.start))
            if span.end is not None:
                end = reckon(PartialDate.parse(span.end))
                last = _month(end) - 1  # out of custody by the end of the month it ended in
            elif confirmed is not None:
                last = _month(reckon(confirmed))
            else:
                continue
            if last >= _month(first):
                spans.append((_month(first), last))
        open_span = any(s.end is None for s in held.spans)
        if row["status"] == Status.detained.value and not open_span and confirmed is not None:
            # held, but custody has no dated start on record
            spans.append((_month(reckon(confirmed)), _month(reckon(confirmed))))
            undated += 1
    if not spans:
        return [], {"undated": undated, "unconfirmed": 0, "last": 0}
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    delta = [0] * (hi - lo + 2)
    for first, last in spans:
        delta[first - lo] += 1
        delta[last - lo + 1] -= 1
    months, running = [], 0
    for i in range(hi - lo + 1):
        running += delta[i]
        months.append({"month": month_text(lo + i), "people": running})
    unconfirmed = sum(
        1 for r in rows
        if r["status"] == Status.detained.value and r["as_of"] and _month(reckon(PartialDate.parse(r["as_of"]))) < hi
    )
    return months, {"undated": undated, "unconfirmed": unconfirmed, "last": hi}


def status_counts(site: Site) -> list[dict[str, Any]]:
    """Each status with its number of people (as `pp stats`) and the range of as-of dates it rests on."""
    dates: dict[str, list[PartialDate]] = defaultdict(list)
    undated: dict[str, int] = defaultdict(int)
    for row in site.rows.values():
        if row["status"] is None:
            continue
        if row["as_of"]:
            dates[row["status"]].append(PartialDate.parse(row["as_of"]))
        else:
            undated[row["status"]] += 1
    out = []
    for item in site.figures["counts"]["status"]:
        if not item["people"]:
            continue
        known = sorted(dates[item["value"]])
        out.append({
            "status": item["value"], "people": item["people"],
            "as_of_first": str(known[0]) if known else None, "as_of_last": str(known[-1]) if known else None,
            "undated": undated[item["value"]],
        })
    return out


# -- the JSON API -------------------------------------------------------------------------

def person_url(pid: str) -> str:
    return f"people/{pid}/"


def _source(s: Source) -> dict[str, Any]:
    return {
        "url": s.url, "title": s.title, "publisher": s.publisher,
        "published": str(s.published) if s.published else None,
        "archive_url": s.archive_url, "quote": s.quote, "note": s.note,
    }


def _disputes(record: Prisoner | Event | Organization) -> list[dict[str, Any]]:
    out = []
    for d in record.disputed:
        top = d.field.split(".", 1)[0]
        recorded = getattr(record, top, None)
        out.append({
            "field": d.field,
            "recorded": _plain(recorded),
            "claim": d.claim,
            "note": d.note,
            "sources": [_source(s) for s in d.sources],
        })
    return out


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, PartialDate):
        return str(value)
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value
    return value


def event_document(event: Event, kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": str(event.date),
        "type": event.type.value,
        "title": event.title,
        "summary": event.summary,
        "people": [p for p in dict.fromkeys(event.people) if p in kb.prisoners],
        "organizations": [o for o in event.organizations if o in kb.organizations],
        "status_after": event.status_after.value if event.status_after else None,
        "charges": [c.model_dump(mode="json") for c in event.charges],
        "sentence": event.sentence.model_dump(mode="json") if event.sentence else None,
        "court": event.court,
        "judge": event.judge,
        "facility": event.facility,
        "location": event.location,
        "by": event.by,
        "echr": event.echr.model_dump(mode="json") if event.echr else None,
        "count": event.count,
        "count_approximate": event.count_approximate,
        "disputed": _disputes(event),
        "sources": [_source(s) for s in event.sources],
    }


def custody_document(site: Site, pid: str) -> list[dict[str, Any]]:
    """The person's custody episodes, as `pp show` and `pp stats` count them (pp_cli.custody)."""
    from pp_cli.custody import days_text, episodes
    from pp_cli.status import effect

    row = site.rows[pid]
    changes = [[str(e.date), e.id, e.type.value, c[0].value] for e in site.kb.events_of(pid) if (c := effect(e, pid))]
    confirmed = PartialDate.parse(row["as_of"]) if row["as_of"] and row["status"] == Status.detained.value else None
    return [{**ep.to_dict(), "text": days_text(ep)} for ep in episodes(changes, confirmed)]


def person_document(site: Site, pid: str) -> dict[str, Any]:
    """One person's public record with derived status and timeline: `api/v1/people/<id>.json`."""
    from pp_cli.queries import charges_of

    p = site.kb.prisoners[pid]
    row = site.rows[pid]
    events = site.kb.events_of(pid)
    orgs = site.kb.organizations
    charges = charges_of(events, site.kb, pid)  # completed from the code registry, as `pp show` shows them
    return {
        "api_version": API_VERSION,
        "id": p.id,
        "url": person_url(p.id),
        "former_ids": list(p.former_ids),
        "name": p.name,
        "native_name": p.native_name,
        "given_name": getattr(p, "given_name", None),
        "patronymic": getattr(p, "patronymic", None),
        "surname": getattr(p, "surname", None),
        "other_names": [{"name": o.name, "note": o.note} for o in p.other_names],
        "gender": p.gender.value if p.gender else None,
        "born": str(p.born) if p.born else None,
        "country": p.country,
        "roles": [r.value for r in p.roles],
        "affiliations": [
            {"org": a.org, "name": orgs[a.org].name if a.org in orgs else None, "position": a.position,
             "since": str(a.since) if a.since else None, "until": str(a.until) if a.until else None}
            for a in p.affiliations
        ],
        "status": {
            "status": row["status"], "detail": row["status_detail"], "as_of": row["as_of"],
            "basis": row["status_basis"] if row["status"] is not None else None,
            "event": row["status_event"] if row["status"] is not None else None,
        },
        "arrested": row["arrested"],
        "arrests": row["arrests"],
        "custody": custody_document(site, pid),
        "summary": p.summary,
        "charges": charges,
        "sentences": [
            {"date": str(e.date), "event": e.id, **e.sentence.model_dump(mode="json"), "court": e.court}
            for e in events if e.sentence is not None
        ],
        "held": [
            {"date": str(e.date), "event": e.id, "facility": place_key(site.kb, e.facility)[1],
             "slug": place_key(site.kb, e.facility)[0]}
            for e in events if e.facility
        ],
        "recognitions": [
            {"by": r.by, "date": str(r.date) if r.date else None, "criteria": [c.value for c in r.criteria],
             "sources": [_source(s) for s in r.sources]}
            for r in p.recognitions
        ],
        "timeline": [event_document(e, site.kb) for e in events],
        "disputed": _disputes(p),
        "sources": [_source(s) for s in p.sources],
    }


LIST_KEYS = ("id", "name", "native_name", "status", "status_detail", "as_of", "roles", "affiliations", "country",
             "arrested", "charges", "charge_categories")


def list_entry(site: Site, pid: str) -> dict[str, Any]:
    row = site.rows[pid]
    return {**{k: row[k] for k in LIST_KEYS}, "url": person_url(pid), "api": f"{API}/people/{pid}.json"}


def people_document(site: Site) -> dict[str, Any]:
    """The whole public list: `api/v1/people.json`."""
    from pp_cli import __version__

    return {
        "api_version": API_VERSION,
        "generator": f"pp {__version__}",
        "title": site.title,
        "schema": f"{API}/schema.json",
        "note": ("public records only: material marked restricted is left out; status, status_detail and as_of "
                 "are derived from the events as in `pp list`"),
        "people_count": len(site.order),
        "statuses": status_counts(site),
        "organizations": [{"id": o.id, "name": o.name} for o in sorted(site.kb.organizations.values(),
                                                                      key=lambda o: o.id)],
        "people": [list_entry(site, pid) for pid in site.order],
    }


def figures_document(site: Site) -> dict[str, Any]:
    """The figures behind the charts and counts (those of `pp stats --format json`, without durations)."""
    f = site.figures
    return {
        "api_version": API_VERSION,
        "as_of_phrase": f["as_of_phrase"],
        "people": f["people"],
        "statuses": status_counts(site),
        "counts": f["counts"],
        "per_year": f["per_year"],
        "custody_by_month": site.custody,
        "custody_notes": {k: v for k, v in site.custody_notes.items() if k != "last"},
    }


INDEX_FIELDS = ("id", "name", "native_name", "country", "status", "detail", "as_of", "roles", "affiliations",
                "charges", "categories", "arrested", "years", "key")


def search_index(site: Site) -> dict[str, Any]:
    """A compact index for the site's script: one array per person, names pre-folded for searching.

    It carries the words for codes and the links for charges, so the script
    shows rows exactly as the pages do; only names are searchable, so it
    stays small at tens of thousands of people.
    """
    from pp_cli.names import skeleton
    from pp_cli.site.strings import LABELS, NATIVE_LANG, t

    labels = {kind: dict(LABELS["en"][kind], **LABELS.get(site.lang, {}).get(kind, {}))
              for kind in ("status", "status_detail", "role", "category")}
    links: dict[str, str] = {c: f"categories/{c}/" for c in labels["category"] if c != "(none)"}
    links.update({article: f"charges/{s}/" for article, s in site.article_slugs.items() if article not in links})
    rows = []
    for pid in site.order:
        row = site.rows[pid]
        p = site.kb.prisoners[pid]
        names = p.all_names()
        key = " | ".join(dict.fromkeys([skeleton(n) for n in names] + [n.lower() for n in names] + [pid]))
        years = sorted({PartialDate.parse(d).sort_key()[0].year for d in row["arrests"]})
        rows.append([pid, row["name"], row["native_name"], row["country"], row["status"], row["status_detail"],
                     row["as_of"], row["roles"], row["affiliations"], row["charges"], row["charge_categories"],
                     row["arrested"], years, key])
    return {
        "api_version": API_VERSION,
        "fields": list(INDEX_FIELDS),
        "labels": labels,
        "hidden": t("status_hidden", site.lang),
        "organizations": {o.id: o.name for o in sorted(site.kb.organizations.values(), key=lambda o: o.id)},
        "charges": links,
        "native_lang": NATIVE_LANG,
        "people": rows,
    }


def dumps(doc: Any) -> bytes:
    """JSON as the site writes it: UTF-8, stable key order as built, one trailing newline."""
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# -- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = ("id", "name", "native_name", "status", "status_detail", "as_of", "roles", "affiliations", "country",
               "arrested", "charges", "charge_categories", "url")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(site: Site) -> str:
    """The public list as CSV (UTF-8 with a BOM and CRLF, so spreadsheets read `Məmmədov` correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for pid in site.order:
        entry = list_entry(site, pid)
        cells = []
        for key in CSV_COLUMNS:
            value = entry.get(key)
            text = "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)
            cells.append(spreadsheet_safe(text))
        writer.writerow(cells)
    return "\ufeff" + out.getvalue()


# -- the schema of person documents --------------------------------------------------------

_TEXT = {"type": ["string", "null"]}
_DATE = {"type": ["string", "null"], "description": "a partial date as written: 2016, 2016-05, 2016-05-25, "
                                                    "'by 2016-05-26' or 'before 2016-05-26'"}
_SOURCE = {
    "type": "object",
    "required": ["url", "title"],
    "properties": {"url": {"type": "string"}, "title": {"type": "string"}, "publisher": _TEXT,
                   "published": _DATE, "archive_url": _TEXT, "quote": _TEXT, "note": _TEXT},
}
_DISPUTE = {
    "type": "object",
    "required": ["field", "claim", "sources"],
    "properties": {"field": {"type": "string"}, "recorded": {}, "claim": {}, "note": _TEXT,
                   "sources": {"type": "array", "items": _SOURCE}},
}
_LIST = {"type": "array", "items": {"type": "string"}}
PERSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "A person on a pp website (api_version 1)",
    "type": "object",
    "required": ["api_version", "id", "url", "name", "country", "status", "timeline", "sources"],
    "properties": {
        "api_version": {"const": API_VERSION},
        "id": {"type": "string"},
        "url": {"type": "string", "description": "the person's page, relative to the site root"},
        "former_ids": _LIST,
        "name": {"type": "string"},
        "native_name": _TEXT,
        "given_name": _TEXT, "patronymic": _TEXT, "surname": _TEXT,
        "other_names": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"},
                                                                                     "note": _TEXT}}},
        "gender": _TEXT, "born": _DATE, "country": {"type": "string"},
        "roles": _LIST,
        "affiliations": {"type": "array", "items": {"type": "object", "properties": {
            "org": {"type": "string"}, "name": _TEXT, "position": _TEXT, "since": _DATE, "until": _DATE}}},
        "status": {"type": "object", "properties": {
            "status": {"enum": [s.value for s in Status] + [None]}, "detail": _TEXT, "as_of": _DATE,
            "basis": {"enum": ["events", "declared", "none", None]}, "event": _TEXT}},
        "arrested": _DATE,
        "arrests": _LIST,
        "custody": {"type": "array", "items": {"type": "object"},
                    "description": "custody episodes: start, end, what the count runs to, days at least/most"},
        "summary": _TEXT,
        "charges": {"type": "array", "items": {"type": "object"}},
        "sentences": {"type": "array", "items": {"type": "object"}},
        "held": {"type": "array", "items": {"type": "object"}},
        "recognitions": {"type": "array", "items": {"type": "object"}},
        "timeline": {"type": "array", "items": {"type": "object", "required": ["id", "date", "type", "title"],
                                                "properties": {"sources": {"type": "array", "items": _SOURCE},
                                                               "disputed": {"type": "array", "items": _DISPUTE}}}},
        "disputed": {"type": "array", "items": _DISPUTE},
        "sources": {"type": "array", "items": _SOURCE},
    },
}
