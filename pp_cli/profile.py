"""One person's whole story as a plain document, for `pp show` in every format."""

from __future__ import annotations

from datetime import date
from typing import Any

from pp_cli.kb import KnowledgeBase
from pp_cli.models import Prisoner, Source
from pp_cli.queries import charges_of
from pp_cli.status import derive, happened_by


def _source(s: Source) -> dict[str, Any]:
    return s.model_dump(mode="json", exclude_none=True)


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
            "disputed": [
                {"field": d.field, "claim": d.claim, "note": d.note, "sources": [s.url for s in d.sources]}
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
            {"org": a.org, "name": orgs[a.org].name if a.org in orgs else None, "position": a.position}
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
