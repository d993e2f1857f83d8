"""Popolo JSON (https://www.popoloproject.com): persons, organizations and memberships, for civic-tech reuse.

Tools built for Popolo (EveryPolitician's, Pupa's, many newsroom scripts)
read people and the bodies they belong to in one shape. The mapping:

* a prisoner is a Popolo *person*: `name`, `other_names` (the native name
  and every other spelling, each with its note), `given_name`,
  `family_name`, `patronymic_name` where the record has the name in parts,
  `gender`, `birth_date`, `summary`, `sources` (`{url, note: title}`);
* an organization is an *organization*, with its `type` as `classification`;
* an affiliation is a *membership* (`role` is the position, with
  `start_date`/`end_date` from `since`/`until`).

Popolo dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a date known only as
"by"/"before" some day is left out. What Popolo has no field for — status,
its as-of date, arrests and charges, roles — is under each person's
`political_prisoner` key, as `pp list` derives it; Popolo consumers ignore
keys they do not know. `meta` carries the format and its version
(docs/exports.md).
"""

from __future__ import annotations

import json
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.export import FORMAT_VERSION, Bundle
from pp_cli.models import Organization, Prisoner, Source


def _date(value: PartialDate | None) -> str | None:
    return None if value is None or value.qualifier else str(value)


def _sources(sources: list[Source]) -> list[dict[str, str]]:
    return [{"url": s.url, "note": s.title} for s in sources]


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def person(bundle: Bundle, p: Prisoner) -> dict[str, Any]:
    d = bundle.derived[p.id]
    other = ([{"name": p.native_name, "note": "native name"}] if p.native_name else []) + [
        _drop_empty({"name": o.name, "note": o.note}) for o in p.other_names
    ]
    return _drop_empty({
        "id": p.id,
        "name": p.name,
        "other_names": other,
        "given_name": getattr(p, "given_name", None),
        "family_name": getattr(p, "surname", None),
        "patronymic_name": getattr(p, "patronymic", None),
        "gender": p.gender.value if p.gender else None,
        "birth_date": _date(p.born),
        "summary": p.summary,
        "sources": _sources(p.sources),
        "political_prisoner": _drop_empty({
            "country": p.country,
            "roles": [r.value for r in p.roles],
            "status": d["status"], "status_detail": d["status_detail"], "as_of": d["as_of"],
            "arrested": d["arrested"], "charges": d["charges"], "charge_categories": d["charge_categories"],
            "recognitions": [_drop_empty({"by": r.by, "date": str(r.date) if r.date else None})
                             for r in p.recognitions],
        }),
    })


def organization(o: Organization) -> dict[str, Any]:
    other = ([{"name": o.native_name, "note": "native name"}] if o.native_name else []) + [
        _drop_empty({"name": n.name, "note": n.note}) for n in o.other_names
    ]
    return _drop_empty({
        "id": o.id, "name": o.name, "other_names": other, "classification": o.type.value,
        "summary": o.summary, "sources": _sources(o.sources),
    })


def memberships(bundle: Bundle) -> list[dict[str, Any]]:
    """Affiliations with organizations that are in the export (others would dangle)."""
    known = bundle.kb.organizations
    found = []
    for p in bundle.prisoners:
        for i, a in enumerate(p.affiliations, 1):
            if a.org in known:
                found.append(_drop_empty({
                    "id": f"{p.id}--{a.org}--{i}", "person_id": p.id, "organization_id": a.org,
                    "role": a.position, "start_date": _date(a.since), "end_date": _date(a.until),
                }))
    return found


def document(bundle: Bundle) -> dict[str, Any]:
    meta = {**bundle.meta(), "format": "pp-popolo", "format_version": FORMAT_VERSION}
    return {
        "meta": meta,
        "persons": [person(bundle, p) for p in bundle.prisoners],
        "organizations": [organization(o) for o in bundle.organizations],
        "memberships": memberships(bundle),
    }


def render(bundle: Bundle, **_options: Any) -> str:
    return json.dumps(document(bundle), ensure_ascii=False, indent=2) + "\n"
