"""Questions asked of a loaded knowledge base: who matches, who is this, what status.

Shared by the commands so that `list`, `stats` and exports agree on what a
status or a charge means. Rows are plain JSON values, so the cache can keep
them and a warm `pp list` can filter them without building any model.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.filters import Filters, as_of_day, organization_names, parse_date_option, select
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Event, Prisoner
from pp_cli.names import candidates, choose, fold
from pp_cli.status import StatusInfo, derive, happened_by
from pp_cli.vocab import ARREST_TYPES

__all__ = [
    "Filters", "as_of_day", "parse_date_option", "person_row", "people_rows", "list_people", "find_person",
    "status_of", "charges_of", "arrests_of",
]


def charges_of(
    events: Iterable[Event], kb: KnowledgeBase | None = None, person_id: str | None = None,
) -> list[dict[str, Any]]:
    """Every charge of `events` (against `person_id` only, if given), completed from the code registry in `kb`.

    Each is a plain dict (see `charges.Resolved.to_dict`) with the event's date and id.
    """
    from pp_cli.charges import resolved_charges

    return [
        {"date": str(e.date), "event": e.id, **r.to_dict()}
        for e, r in resolved_charges(kb if kb is not None else _NO_KB, events, person_id)
    ]


class _NoRegistry:
    """Stands in for a knowledge base without code registries (callers that pass only events)."""

    codes: dict = {}
    cases: dict = {}
    prisoners: dict = {}


_NO_KB: Any = _NoRegistry()


def arrests_of(events: Iterable[Event], as_of: date | None = None) -> list[PartialDate]:
    return [e.date for e in events if e.type in ARREST_TYPES and happened_by(e.date, as_of)]


def person_row(kb: KnowledgeBase, prisoner: Prisoner, as_of: date | None = None) -> dict[str, Any]:
    """The flat view of one person that `list`, `stats` and CSV export share (JSON values only)."""
    events = [e for e in kb.events_of(prisoner.id) if happened_by(e.date, as_of)]
    info = derive(prisoner, events, as_of)
    charges = charges_of(events, kb, prisoner.id)
    arrests = sorted(arrests_of(events))
    from pp_cli.custody import episodes
    from pp_cli.status import effect

    changes = [[str(e.date), e.id, e.type.value, c[0].value] for e in events if (c := effect(e, prisoner.id))]
    stays = [ep for ep in episodes(changes) if ep.start is not None]
    return {
        "id": prisoner.id,
        "name": prisoner.name,
        "sort_name": fold(prisoner.name),  # so that sorting by name needs no transliteration later
        "native_name": prisoner.native_name,
        "status": info.status.value,
        "status_detail": info.detail.value if info.detail else None,
        "as_of": str(info.as_of) if info.as_of else None,
        "status_basis": info.basis,
        "status_event": info.event_id,
        "roles": [r.value for r in prisoner.roles],
        "affiliations": [a.org for a in prisoner.affiliations],
        "current_affiliations": [a.org for a in prisoner.affiliations if a.until is None],
        "country": prisoner.country,
        # The start of the current (else the latest) custody episode: a re-arrest is a new start.
        "arrested": str(stays[-1].start) if stays else (str(arrests[-1]) if arrests else None),
        "charges": sorted({c["label"] for c in charges}),
        "charge_categories": sorted({c["category"] for c in charges if c["category"]}),
        "charge_keys": sorted({c["key"] for c in charges if c["key"]}),  # code:edition:article (pp_cli.charges)
        "arrests": [str(d) for d in arrests],
        "custody_starts": [str(ep.start) for ep in stays],  # each episode's start: what --arrested-* asks
    }


def people_rows(kb: KnowledgeBase, as_of: date | None = None) -> list[dict[str, Any]]:
    return [person_row(kb, p, as_of) for p in kb.prisoners.values()]


def list_people(
    kb: KnowledgeBase,
    filters: Filters,
    *,
    as_of: date | None = None,
    sort: str = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """People matching `filters`, as rows, sorted; names sort by their folded form."""
    return select(people_rows(kb, as_of), filters, known_orgs=organization_names(kb), sort=sort,
                  reverse=reverse, limit=limit)


def find_person(kb: KnowledgeBase, query: str) -> Prisoner:
    return kb.prisoners[choose(query, candidates(kb.prisoners.values()))]


def status_of(kb: KnowledgeBase, prisoner: Prisoner, as_of: date | None = None) -> StatusInfo:
    return derive(prisoner, kb.events_of(prisoner.id), as_of)
