"""Questions asked of a knowledge base: who matches these filters, who is this.

Pure functions of a loaded `KnowledgeBase`, shared by the commands, so that
`list`, `stats` and exports agree on what a status or a charge means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.errors import Ambiguous, NoMatch, UsageError
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Event, Prisoner
from pp_cli.names import candidates, find, fold
from pp_cli.status import StatusInfo, derive
from pp_cli.vocab import ARREST_TYPES, ChargeCategory, Role, Status

SORT_KEYS = ("name", "status", "as-of", "arrested", "id", "country")


@dataclass
class Filters:
    """What `pp list` narrows by; every field empty means everyone."""

    status: list[Status] = field(default_factory=list)
    role: list[Role] = field(default_factory=list)
    affiliation: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    charge: list[str] = field(default_factory=list)  # article prefix or category
    arrested_since: PartialDate | None = None
    arrested_until: PartialDate | None = None


def parse_date_option(value: str | None, option: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}", "dates look like 2016, 2016-05 or 2016-05-25") from None


def as_of_day(value: str | None) -> date | None:
    """`--as-of` as a day: a partial date means its last day (`2016` → 2016-12-31)."""
    parsed = parse_date_option(value, "--as-of")
    return parsed.hi if parsed else None


def charges_of(events: Iterable[Event]) -> list[dict[str, Any]]:
    return [
        {"date": str(e.date), "event": e.id, "article": c.article, "description": c.description,
         "category": c.category.value, "max_penalty_years": c.max_penalty_years}
        for e in events for c in e.charges
    ]


def arrests_of(events: Iterable[Event], as_of: date | None = None) -> list[PartialDate]:
    return [e.date for e in events if e.type in ARREST_TYPES and (as_of is None or e.date.hi <= as_of)]


def _charge_matches(wanted: str, charge: dict[str, Any]) -> bool:
    wanted = wanted.strip().lower()
    if wanted in ChargeCategory.__members__:
        return charge["category"] == wanted
    article = (charge["article"] or "").lower()
    return article == wanted or article.startswith(wanted + ".")


def _in_range(value: PartialDate, since: PartialDate | None, until: PartialDate | None) -> bool:
    """Certainly within the range: `2015-12` is in 2015 but not in 2015-12-01..2015-12-15."""
    return (since is None or value.lo >= since.lo) and (until is None or value.hi <= until.hi)


def person_row(kb: KnowledgeBase, prisoner: Prisoner, as_of: date | None = None) -> dict[str, Any]:
    """The flat view of one person that `list`, `stats` and CSV export share."""
    events = [e for e in kb.events_of(prisoner.id) if as_of is None or e.date.hi <= as_of]
    info = derive(prisoner, events, as_of)
    charges = charges_of(events)
    arrests = arrests_of(events)
    return {
        "id": prisoner.id,
        "name": prisoner.name,
        "native_name": prisoner.native_name,
        "status": info.status.value,
        "status_detail": info.detail.value if info.detail else None,
        "as_of": str(info.as_of) if info.as_of else None,
        "status_basis": info.basis,
        "roles": [r.value for r in prisoner.roles],
        "affiliations": [a.org for a in prisoner.affiliations],
        "country": prisoner.country,
        "arrested": str(min(arrests)) if arrests else None,
        "charges": sorted({c["article"] or c["category"] for c in charges}),
        "charge_categories": sorted({c["category"] for c in charges}),
        "_charges": charges,
        "_arrests": arrests,
        "_status": info,
    }


def matches(row: dict[str, Any], f: Filters) -> bool:
    if f.status and row["status"] not in {s.value for s in f.status}:
        return False
    if f.role and not set(row["roles"]) & {r.value for r in f.role}:
        return False
    if f.affiliation and not set(row["affiliations"]) & {a.lower() for a in f.affiliation}:
        return False
    if f.country and row["country"] not in {c.upper() for c in f.country}:
        return False
    if f.charge and not any(_charge_matches(w, c) for w in f.charge for c in row["_charges"]):
        return False
    if f.arrested_since or f.arrested_until:
        return any(_in_range(d, f.arrested_since, f.arrested_until) for d in row["_arrests"])
    return True


def _sort_key(sort: str):
    def key(row: dict[str, Any]) -> tuple:
        name = (fold(row["name"]), row["name"])
        if sort == "status":
            return (row["status"], *name)
        if sort == "as-of":
            return (row["as_of"] or "", *name)
        if sort == "arrested":
            return (row["arrested"] is None, row["arrested"] or "", *name)
        if sort == "id":
            return (row["id"],)
        if sort == "country":
            return (row["country"], *name)
        return name

    return key


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
    if sort not in SORT_KEYS:
        raise UsageError(f"cannot sort by `{sort}`", f"choose one of: {', '.join(SORT_KEYS)}")
    unknown = [a for a in filters.affiliation if a.lower() not in kb.organizations]
    if unknown:
        raise UsageError(
            f"unknown organization `{unknown[0]}`",
            f"known organization ids: {', '.join(sorted(kb.organizations)) or 'none'}",
        )
    rows = [person_row(kb, p, as_of) for p in kb.prisoners.values()]
    rows = [r for r in rows if matches(r, filters)]
    rows.sort(key=_sort_key(sort), reverse=reverse)
    return rows[:limit] if limit is not None else rows


def find_person(kb: KnowledgeBase, query: str) -> Prisoner:
    """The one person `query` names, or NoMatch / Ambiguous."""
    found, suggestions = find(query, candidates(kb.prisoners.values()))
    if len(found) == 1:
        return kb.prisoners[found[0].id]
    if found:
        raise Ambiguous(
            f"`{query}` matches {len(found)} people",
            sorted(((c.id, c.display) for c in found), key=lambda pair: fold(pair[1])),
        )
    raise NoMatch(f"nobody called `{query}`", [c.display for c in suggestions])


def status_of(kb: KnowledgeBase, prisoner: Prisoner, as_of: date | None = None) -> StatusInfo:
    return derive(prisoner, kb.events_of(prisoner.id), as_of)
