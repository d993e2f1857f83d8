"""The flat tables that CSV and XLSX exports share: people, events and charges, one row each.

Column names agree with `pp list` where they mean the same thing (`id`,
`name`, `native_name`, `status`, `status_detail`, `as_of`, `roles`,
`affiliations`, `country`, `arrested`, `charges`), and so do the values: both
come from `queries.person_row`. Rows hold plain values (text, numbers,
booleans, lists, None); each writer flattens them its own way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pp_cli.export import Bundle
from pp_cli.labels import dispute_text  # a disputed value is never exported alone
from pp_cli.models import Charge, Event, Prisoner

PEOPLE_COLUMNS = (
    "id", "name", "native_name", "other_names", "gender", "born", "country", "roles", "affiliations",
    "status", "status_detail", "as_of", "status_basis", "declared_status", "declared_status_detail",
    "declared_status_as_of", "arrested", "charges", "charge_categories", "recognitions", "summary",
    "sources", "former_ids", "restricted_fields",
    *("identifiers", "relations", "ages", "facility", "facility_as_of"),  # issue 12
)
EVENT_COLUMNS = (
    "id", "date", "date_earliest", "date_latest", "type", "title", "people", "people_names", "organizations",
    "count", "count_approximate", "count_of", "disputed", "status_after", "charges", "charge_categories", "sentence",
    "sentence_years",
    "sentence_suspended", "court", "facility", "location", "by", "echr_case", "echr_finding", "summary",
    "sources", "former_ids", "restricted_fields",
    *("case", "sentences"),  # issue 12
    "judge",
)
CHARGE_COLUMNS = (
    "event", "date", "event_type", "people", "people_names", "article", "code", "description", "category",
    "max_penalty_years",
    *("edition", "qualifier", "qualifier_article", "max_penalty"),  # issue 12
)


def person(bundle: Bundle, p: Prisoner) -> dict[str, Any]:
    d = bundle.derived[p.id]
    return {
        "id": p.id, "name": p.name, "native_name": p.native_name,
        "other_names": [o.name for o in p.other_names],
        "gender": p.gender.value if p.gender else None, "born": _text(p.born), "country": p.country,
        "roles": [r.value for r in p.roles],
        "affiliations": [a.org for a in p.affiliations],
        "status": d["status"], "status_detail": d["status_detail"], "as_of": d["as_of"],
        "status_basis": d["status_basis"],
        "declared_status": p.status.value if p.status else None,
        "declared_status_detail": p.status_detail.value if p.status_detail else None,
        "declared_status_as_of": _text(p.status_as_of),
        "arrested": d["arrested"], "charges": d["charges"], "charge_categories": d["charge_categories"],
        "recognitions": [r.by + (f" ({r.date})" if r.date else "") for r in p.recognitions],
        "summary": p.summary,
        "sources": [s.url for s in p.sources],
        "former_ids": p.former_ids,
        "restricted_fields": p.restricted_fields,
        **person_model_cells(p),
    }


def person_model_cells(p: Prisoner) -> dict[str, Any]:
    """Issue 12's person fields as cells: `wikidata:Q42`, `sibling:other-id`, `58@2014-08`."""
    return {
        "identifiers": [f"{i.scheme}:{i.id}" for i in p.identifiers],
        "relations": [f"{r.kind.value}:{r.person}" for r in p.relations],
        "ages": [f"{a.age}@{a.as_of}" for a in p.ages],
        "facility": p.facility,
        "facility_as_of": _text(p.facility_as_of),
    }


def event_model_cells(e: Event) -> dict[str, Any]:
    """Issue 12's event fields as cells: the case, and each defendant's own term (`id: 9 years`)."""
    return {"case": e.case, "sentences": [f"{pid}: {s.text()}" for s in e.sentences for pid in s.people]}


def event(e: Event, names: dict[str, str]) -> dict[str, Any]:
    """One event as a row; `names` maps person ids to names."""
    return {
        "id": e.id, "date": str(e.date),
        "date_earliest": None if e.date.qualifier else e.date.lo.isoformat(),
        "date_latest": e.date.hi.isoformat(),
        "type": e.type.value, "title": e.title,
        "people": e.people, "people_names": [names.get(p, p) for p in e.people],
        "organizations": e.organizations,
        "count": e.count, "count_approximate": e.count_approximate, "count_of": e.count_of,
        "disputed": [t for t in (dispute_text(e, d.field) for d in e.disputed) if t],
        "status_after": e.status_after.value if e.status_after else None,
        "charges": [_charge_text(c) for c in e.charges],
        "charge_categories": sorted({c.category.value for c in e.charges if c.category}),
        "sentence": e.sentence.text() if e.sentence else None,
        "sentence_years": e.sentence.years if e.sentence else None,
        "sentence_suspended": e.sentence.suspended if e.sentence else None,
        "court": e.court, "judge": e.judge, "facility": e.facility, "location": e.location, "by": e.by,
        "echr_case": (e.echr.case or e.echr.application) if e.echr else None,
        "echr_finding": e.echr.finding if e.echr else None,
        "summary": e.summary,
        "sources": [s.url for s in e.sources],
        "former_ids": e.former_ids,
        "restricted_fields": e.restricted_fields,
        **event_model_cells(e),
    }


def charges(e: Event, names: dict[str, str], kb: Any = None) -> Iterator[dict[str, Any]]:
    """One row per charge of `e`, completed from the code registry in `kb` where given (pp_cli.charges)."""
    from pp_cli.charges import resolve
    from pp_cli.queries import _NO_KB

    for c in e.charges:
        r = resolve(kb if kb is not None else _NO_KB, c, e)
        people = c.people or e.people
        yield {
            "event": e.id, "date": str(e.date), "event_type": e.type.value, "people": people,
            "people_names": [names.get(p, p) for p in people], "article": c.article, "code": r.code,
            "description": r.description, "category": r.category, "max_penalty_years": r.max_penalty_years,
            "edition": r.edition, "qualifier": r.qualifier, "qualifier_article": r.qualifier_article,
            "max_penalty": r.max_penalty,
        }


def names_of(bundle: Bundle) -> dict[str, str]:
    return {p.id: p.name for p in bundle.prisoners}


def _charge_text(c: Charge) -> str:
    return ((f"{c.article}: " if c.article else "") + (c.description or "")).rstrip(": ")


def _text(value: object) -> str | None:
    return None if value is None else str(value)
