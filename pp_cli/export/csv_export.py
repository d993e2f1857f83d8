"""CSV for spreadsheets: one row per person, or with `--events` one row per event.

Lists are joined with "; ". Values are exact (a file is not a terminal);
`pp export` makes text safe only when it writes to a terminal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from pp_cli.export import Bundle
from pp_cli.formats import cell_text
from pp_cli.models import Event, Prisoner

PEOPLE_COLUMNS = (
    "id", "name", "native_name", "other_names", "gender", "born", "country", "roles", "affiliations",
    "status", "status_detail", "status_as_of", "status_basis", "declared_status", "declared_status_detail",
    "declared_status_as_of", "arrested", "charges", "charge_categories", "recognitions", "summary",
    "sources", "former_ids", "restricted_fields",
    *("identifiers", "relations", "ages", "facility", "facility_as_of"),  # issue 12
)
EVENT_COLUMNS = (
    "id", "date", "date_earliest", "date_latest", "type", "title", "people", "people_names", "organizations",
    "count", "count_approximate", "status_after", "charges", "charge_categories", "sentence", "sentence_years",
    "sentence_suspended", "court", "facility", "location", "by", "echr_case", "echr_finding", "summary",
    "sources", "former_ids", "restricted_fields",
    *("case", "sentences"),  # issue 12
)


def _cell(value: Any) -> str:
    return cell_text(value, "; ", "true", "false")


def person(bundle: Bundle, p: Prisoner) -> dict[str, Any]:
    d = bundle.derived[p.id]
    return {
        "id": p.id, "name": p.name, "native_name": p.native_name,
        "other_names": [o.name for o in p.other_names],
        "gender": p.gender.value if p.gender else None, "born": p.born, "country": p.country,
        "roles": [r.value for r in p.roles],
        "affiliations": [a.org for a in p.affiliations],
        "status": d["status"], "status_detail": d["status_detail"], "status_as_of": d["as_of"],
        "status_basis": d["status_basis"],
        "declared_status": p.status.value if p.status else None,
        "declared_status_detail": p.status_detail.value if p.status_detail else None,
        "declared_status_as_of": p.status_as_of,
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
        "facility_as_of": p.facility_as_of,
    }


def event_model_cells(e: Event) -> dict[str, Any]:
    """Issue 12's event fields as cells: the case, and each defendant's own term (`id: 9 years`)."""
    return {"case": e.case, "sentences": [f"{pid}: {s.text()}" for s in e.sentences for pid in s.people]}


def event(e: Event, names: dict[str, str]) -> dict[str, Any]:
    """One event as a row; `names` maps person ids to names."""
    return {
        "id": e.id, "date": e.date,
        "date_earliest": None if e.date.qualifier else e.date.lo.isoformat(),
        "date_latest": e.date.hi.isoformat(),
        "type": e.type.value, "title": e.title,
        "people": e.people, "people_names": [names.get(p, p) for p in e.people],
        "organizations": e.organizations,
        "count": e.count, "count_approximate": e.count_approximate,
        "status_after": e.status_after.value if e.status_after else None,
        "charges": [((f"{c.article}: " if c.article else "") + (c.description or "")).rstrip(": ") for c in e.charges],
        "charge_categories": sorted({c.category.value for c in e.charges if c.category}),
        "sentence": e.sentence.text() if e.sentence else None,
        "sentence_years": e.sentence.years if e.sentence else None,
        "sentence_suspended": e.sentence.suspended if e.sentence else None,
        "court": e.court, "facility": e.facility, "location": e.location, "by": e.by,
        "echr_case": (e.echr.case or e.echr.application) if e.echr else None,
        "echr_finding": e.echr.finding if e.echr else None,
        "summary": e.summary,
        "sources": [s.url for s in e.sources],
        "former_ids": e.former_ids,
        "restricted_fields": e.restricted_fields,
        **event_model_cells(e),
    }


def table(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = list(columns)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def render(bundle: Bundle, *, events: bool = False) -> str:
    if events:
        names = {p.id: p.name for p in bundle.prisoners}
        return table(EVENT_COLUMNS, (event(e, names) for e in bundle.events))
    return table(PEOPLE_COLUMNS, (person(bundle, p) for p in bundle.prisoners))
