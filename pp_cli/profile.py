"""One person's whole story as a plain document, for `pp show` in every format."""

from __future__ import annotations

from datetime import date
from typing import Any

from pp_cli.kb import KnowledgeBase
from pp_cli.labels import dispute_text
from pp_cli.models import Event, Prisoner, Source
from pp_cli.queries import charges_of
from pp_cli.status import derive, happened_by


def _source(s: Source) -> dict[str, Any]:
    return s.model_dump(mode="json", exclude_none=True)


def event_details(event: Event, person_id: str, orgs: dict[str, Any]) -> list[list[str]]:
    """What an event records beyond its title, as [label, text] pairs: sentence, court, facility, ECHR, count."""
    out: list[list[str]] = []
    sentence = event.sentence_of(person_id)
    if sentence is not None:
        out.append(["Sentence", sentence.text()])
    for label, value in (("Court", event.court), ("Judge", event.judge), ("Facility", event.facility),
                         ("Location", event.location),
                         ("By", event.by)):
        if value:
            out.append([label, orgs[value].name if value in orgs else value])
    if event.echr is not None:
        e = event.echr
        parts = [x for x in (e.case, f"application {e.application}" if e.application else None,
                             f"articles violated: {', '.join(e.articles_violated)}" if e.articles_violated else None,
                             e.finding) if x]
        out.append(["ECHR", "; ".join(parts)])
    if event.count is not None:
        text = dispute_text(event, "count") or (
            f"{'about ' if event.count_approximate else ''}{event.count}" + (f" {event.count_of}" if event.count_of
                                                                             else ""))
        out.append(["Count", text])
    charges = [c.article or (c.description or "") for c in event.charges_of(person_id)]
    if charges:
        out.append(["Charges", "; ".join(c for c in charges if c)])
    return out


def custody_of(prisoner: Prisoner, events: list[Event], info: Any, as_of: date | None) -> list[dict[str, Any]]:
    """The person's custody episodes (pp_cli.custody), each with its duration in words."""
    from pp_cli.custody import days_text, episodes
    from pp_cli.status import effect
    from pp_cli.vocab import Status

    changes = [[str(e.date), e.id, e.type.value, c[0].value] for e in events if (c := effect(e, prisoner.id))]
    confirmed = info.as_of if info.status is Status.detained else None
    return [{**ep.to_dict(), "text": days_text(ep)} for ep in episodes(changes, confirmed)]


def profile(kb: KnowledgeBase, prisoner: Prisoner, as_of: date | None = None) -> dict[str, Any]:
    """Profile, names, status with its as-of date, timeline, charges, recognitions, sources."""
    events = [e for e in kb.events_of(prisoner.id) if happened_by(e.date, as_of)]
    info = derive(prisoner, events, as_of)
    orgs = kb.organizations
    sources: dict[str, dict[str, Any]] = {}
    for s in prisoner.sources:
        sources.setdefault(s.url, _source(s))
    timeline = []
    for e in events:
        for s in e.sources:
            sources.setdefault(s.url, _source(s))
        timeline.append({
            "date": str(e.date),
            "type": e.type.value,
            "title": e.title,
            "summary": e.summary,
            "id": e.id,
            "people": len(e.people),
            "count": e.count,
            "sources": [s.url for s in e.sources],
            "cited": [_source(s) for s in e.sources],  # publisher, date, URL, quote, archive: to attribute it
            "details": event_details(e, prisoner.id, orgs),
            "disputed": [
                {"field": d.field, "claim": d.claim, "means": d.means, "note": d.note,
                 "sources": [s.url for s in d.sources], "text": dispute_text(e, d.field)}
                for d in e.disputed
            ],
        })
    return {
        "id": prisoner.id,
        "name": prisoner.name,
        "native_name": prisoner.native_name,
        "other_names": [o.model_dump(exclude_none=True) for o in prisoner.other_names],
        "gender": prisoner.gender.value if prisoner.gender else None,
        "born": str(prisoner.born) if prisoner.born else None,
        "country": prisoner.country,
        "roles": [r.value for r in prisoner.roles],
        "affiliations": [
            {"org": a.org, "name": orgs[a.org].name if a.org in orgs else None, "position": a.position,
             "since": str(a.since) if a.since else None, "until": str(a.until) if a.until else None}
            for a in prisoner.affiliations
        ],
        "status": {
            "status": info.status.value,
            "detail": info.detail.value if info.detail else None,
            "as_of": str(info.as_of) if info.as_of else None,
            "basis": info.basis,
            "event": info.event_id,
            "asked_as_of": as_of.isoformat() if as_of else None,
        },
        "summary": prisoner.summary,
        "charges": charges_of(events, kb, prisoner.id),
        "recognitions": [r.model_dump(mode="json", exclude_none=True) for r in prisoner.recognitions],
        "timeline": timeline,
        "custody": custody_of(prisoner, events, info, as_of),
        "disputed": [d.model_dump(mode="json", exclude_none=True) for d in prisoner.disputed],
        "restricted": prisoner.restricted,
        "sources": list(sources.values()),
        "file": kb.path_of(prisoner),
        **_model_sections(kb, prisoner, events, info),
    }


def _model_sections(kb: KnowledgeBase, prisoner: Prisoner, events: list, info) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Age, place of detention, relations, identifiers, cases, sentences, list editions (pp_cli.person_facts)."""
    from pp_cli.person_facts import sections

    return sections(kb, prisoner, events, info)
