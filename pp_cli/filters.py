"""Filtering and sorting people rows: plain dicts, so a warm `pp list` needs no models.

A row is what `queries.person_row` derives for one person (and what the
cache keeps): status with its as-of date, roles, affiliations, charges,
arrest dates — all JSON values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from pp_cli.dates import PartialDate
from pp_cli.errors import UsageError
from pp_cli.names import fold
from pp_cli.vocab import ChargeCategory, Role, Status

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase

SORT_KEYS = ("name", "status", "as-of", "arrested", "id", "country")


@dataclass
class Filters:
    """What `pp list` narrows by; every field empty means everyone."""

    status: list[Status] = field(default_factory=list)
    role: list[Role] = field(default_factory=list)
    affiliation: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    charge: list[str] = field(default_factory=list)  # article prefix or category
    current: bool = False  # with `affiliation`: only current members (no `until`)
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


def charges_match(wanted: str, row: dict[str, Any]) -> bool:
    """An article matches itself and its sub-articles (234 → 234.4.3); a category matches exactly.

    A row's `charges` holds each charge's article (or its category when it has
    none), and `charge_categories` every category, which is all this needs.
    """
    wanted = wanted.strip().lower()
    if wanted in ChargeCategory.__members__:
        return wanted in row["charge_categories"]
    return article_matches(wanted, row)


def article_matches(wanted: str, row: dict[str, Any]) -> bool:
    """`--charge 214` holds 214.2.1 (by article parts) in any code; `--charge 1960:220` only that edition's.

    Rows name each charge as `code:edition:article` in `charge_keys` (pp_cli.charges, issue 12).
    """
    from pp_cli.charges import match

    keys = row.get("charge_keys")
    if keys is None:  # a row from before charge keys: articles alone
        return any(a.lower() == wanted or a.lower().startswith(wanted + ".") for a in row["charges"])
    return match(wanted, keys)


def in_range(value: PartialDate, since: PartialDate | None, until: PartialDate | None) -> bool:
    """Certainly within the range: `2015-12` is in 2015 but not in 2015-12-01..2015-12-15."""
    return (since is None or value.lo >= since.lo) and (until is None or value.hi <= until.hi)


def matches(row: dict[str, Any], f: Filters) -> bool:
    if f.status and row["status"] not in {s.value for s in f.status}:
        return False
    if f.role and not set(row["roles"]) & {r.value for r in f.role}:
        return False
    if f.affiliation:
        held = row.get("current_affiliations", row["affiliations"]) if f.current else row["affiliations"]
        if not set(held) & {a.lower() for a in f.affiliation}:
            return False
    if f.country and row["country"] not in {c.upper() for c in f.country}:
        return False
    if f.charge and not any(charges_match(w, row) for w in f.charge):
        return False
    if f.arrested_since or f.arrested_until:
        # Taken into custody in the period: an episode's start (a pretrial detention that continues an
        # arrest of the month before is not a new arrest); rows without episodes fall back to arrests.
        starts = row.get("custody_starts") or row["arrests"]
        return any(in_range(PartialDate.parse(d), f.arrested_since, f.arrested_until) for d in starts)
    return True


def _sort_key(sort: str):
    def key(row: dict[str, Any]) -> tuple:
        name = (row.get("sort_name") or fold(row["name"]), row["name"])
        if sort == "status":
            return (row["status"], *name)
        if sort == "as-of":
            return (_date_key(row["as_of"]), *name)
        if sort == "arrested":
            return (row["arrested"] is None, _date_key(row["arrested"]), *name)
        if sort == "id":
            return (row["id"],)
        if sort == "country":
            return (row["country"], *name)
        return name

    return key


def _date_key(text: str | None) -> tuple:
    return PartialDate.parse(text).sort_key() if text else (date.min, 0)


def select(
    rows: list[dict[str, Any]],
    filters: Filters,
    *,
    known_orgs: set[str] | dict[str, list[str]],
    sort: str = "name",
    reverse: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Rows matching `filters`, sorted (names by their folded form, so Ə sorts with A), at most `limit`."""
    if sort not in SORT_KEYS:
        raise UsageError(f"cannot sort by `{sort}`", f"choose one of: {', '.join(SORT_KEYS)}")
    filters = resolve(filters, known_orgs)
    chosen = [r for r in rows if matches(r, filters)]
    chosen.sort(key=_sort_key(sort), reverse=reverse)
    return chosen[:limit] if limit is not None else chosen


def _did_you_mean(wanted: str, known: list[str]) -> str:
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    best = process.extractOne(wanted, known, scorer=Indel.normalized_similarity, score_cutoff=0.5)
    return f"did you mean `{best[0]}`? " if best else ""


def resolve(f: Filters, known_orgs: set[str] | dict[str, list[str]]) -> Filters:
    """Filter values as the rows hold them, or a usage error naming the values that exist (never a silent none).

    Organizations by id, name or other name; countries by ISO code or name
    (pycountry); charges by category or article (`234`, `234.4.3`, `1960:220`).
    """
    from dataclasses import replace

    names = known_orgs if isinstance(known_orgs, dict) else {oid: [] for oid in known_orgs}
    orgs = []
    for wanted in f.affiliation:
        key = fold(wanted)
        found = [oid for oid, other in names.items() if wanted.lower() == oid or key in {fold(n) for n in other}]
        if not found:
            choices = sorted(names) + sorted({n for other in names.values() for n in other})
            raise UsageError(f"unknown organization `{wanted}`",
                             f"{_did_you_mean(wanted, choices)}known: {', '.join(sorted(names)) or 'none'}")
        orgs.extend(found)
    countries = [country_code(c) for c in f.country]
    for wanted in f.charge:
        value = wanted.strip().lower()
        if value in ChargeCategory.__members__ or _looks_like_article(value):
            continue
        categories = sorted(ChargeCategory.__members__)
        raise UsageError(f"unknown charge `{wanted}`: neither a category nor an article",
                         f"{_did_you_mean(value, categories)}categories: {', '.join(categories)}; "
                         "or an article such as 234 or 234.4.3")
    return replace(f, affiliation=orgs, country=countries)


def _looks_like_article(value: str) -> bool:
    """`234`, `234.4.3`, `228-1`, `1960:220`, `az:2000:214`: articles start with a digit, or name a code first."""
    last = value.rsplit(":", 1)[-1]
    return bool(last) and last[0].isdigit()


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code for a code or a name (`AZ`, `aze`, `Azerbaijan`), or a usage error."""
    import pycountry

    text = value.strip()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    names = [c.name for c in pycountry.countries]
    raise UsageError(f"unknown country `{value}`",
                     f"{_did_you_mean(text, names)}give an ISO 3166-1 code (AZ) or an English name (Azerbaijan)")


def organization_names(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each organization's id with its name and other names, for `--affiliation "N!DA"`.

    Here rather than in `queries`, so that a warm `pp list` never imports the models.
    """
    return {oid: [o.name, *(n.name for n in o.other_names)] for oid, o in kb.organizations.items()}
