"""Charges: the shorthands lists write, the criminal-code registry, and matching by article.

One charge is one article. Lists write several at once ("234.4.3; 228.1",
"29, 120.2.1"): `expand` reads such text into charges, one per article. A
general-part article (below `GENERAL_PART_BELOW`: Azerbaijan's 28
preparation, 29 attempt, 32 complicity; Russia's 30 and 33; Belarus's 13, 14
and 16) written before a special-part article qualifies that article rather
than being a charge of its own: "28, 214.2.1" is one charge, article 214.2.1,
with `qualifier_article: "28"` (which the registry says is preparation).

The registry (`data/codes/<id>.yaml`, `models.CriminalCode`) describes
articles by code and edition. A charge's code is its `code` (a registry id)
or else the registry of the country of the people charged; its edition is its
`edition` or else the edition in force on the event's date, or else the
code's current one. An article is described by the most specific entry the
registry has for it: 234.4.3 by `234.4.3` if listed, else `234.4`, else
`234`. What the record says itself (description, category, penalty) wins
over the registry.

A charge is named in rows as `code:edition:article` (`az:2000:234.4.3`), so
the 1960 code's 220 and the 2000 code's 220.1 stay apart in filters and
stats; its label is the article, with the edition when it is not the code's
current one (`220 (1960)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Charge, CodeArticle, CodeEdition, CriminalCode, Event

GENERAL_PART_BELOW = 100  # articles below this number are the general part in the codes pp knows
_TOKEN = re.compile(r"\d{1,4}(?:-\d{1,3})?(?:\.\d{1,3}(?:-\d{1,3})?)*")
_PREFIX = re.compile(r"^\s*(?:art(?:icles?)?\.?|st\.?|maddə(?:lər)?i?|ст\.?|стать[яи])\s*", re.IGNORECASE)


def split_groups(text: str) -> list[list[str]]:
    """`"29, 120.2.1; 228.1"` → `[["29", "120.2.1"], ["228.1"]]`: articles in the order written.

    Groups are separated by `;` (or a new line); articles within a group by
    commas, spaces, `and` or `+`. Anything that is not an article is an error.
    """
    groups = []
    for chunk in re.split(r"[;\n]", text):
        chunk = _PREFIX.sub("", chunk.strip())
        if not chunk:
            continue
        rest = _TOKEN.sub(" ", chunk)
        leftover = re.sub(r"(?i)\b(?:and|və|и)\b|[,+&/\s]|art(?:icles?)?\.?", "", rest)
        if leftover:
            raise ValueError(f"`{text}`: `{leftover}` is not an article number")
        groups.append(_TOKEN.findall(chunk))
    return groups


def is_general_part(article: str) -> bool:
    head = article.split(".", 1)[0].split("-", 1)[0]
    return int(head) < GENERAL_PART_BELOW


def expand(text: str) -> list[dict[str, Any]]:
    """Charges (as model input) for a list's notation: one per special-part article.

    A general-part article qualifies the next special-part article of its
    group (`"28, 214.2.1"`); one left at the end qualifies the one before it
    (`"214.2.1, 28"`). A group of general-part articles alone is an error.
    """
    charges: list[dict[str, Any]] = []
    for group in split_groups(text):
        pending: str | None = None
        start = len(charges)
        for article in group:
            if is_general_part(article):
                if pending is not None:
                    raise ValueError(f"`{text}`: two general-part articles ({pending}, {article}) in a row")
                pending = article
                continue
            charge: dict[str, Any] = {"article": article}
            if pending is not None:
                charge["qualifier_article"] = pending
                pending = None
            charges.append(charge)
        if pending is not None:
            if len(charges) == start:
                raise ValueError(f"`{text}`: article {pending} (preparation, attempt, complicity…) qualifies "
                                 "another article; write which, like \"28, 214.2.1\"")
            if "qualifier_article" in charges[-1]:
                raise ValueError(f"`{text}`: article {charges[-1]['article']} has two qualifiers")
            charges[-1]["qualifier_article"] = pending
    if not charges:
        raise ValueError(f"`{text}` names no article")
    return charges


def several(article: object) -> bool:
    """Whether an `article` value as written holds more than one article (`"28, 214.2.1"`)."""
    return isinstance(article, str) and bool(re.search(r"[,;]|\s\d", article.strip()))


def article_parts(article: str) -> list[str]:
    return article.split(".")


def prefixes(article: str) -> Iterator[str]:
    """`234.4.3`, `234.4`, `234`: the article and the articles it is part of, most specific first."""
    parts = article_parts(article)
    for n in range(len(parts), 0, -1):
        yield ".".join(parts[:n])


def within(article: str, wanted: str) -> bool:
    """Whether `article` is `wanted` or one of its parts: 214 holds 214.2.1, but not 2140 or 214-1."""
    a, w = article_parts(article.lower()), article_parts(wanted.lower())
    return a[: len(w)] == w


# --------------------------------------------------------------------------- the registry


def code_for(kb: KnowledgeBase, charge: Charge, event: Event | None) -> CriminalCode | None:
    """The registry entry for a charge's code: by `code` (an id or a name), else by the people's country."""
    codes = getattr(kb, "codes", {})
    if not codes:
        return None
    if charge.code:
        wanted = charge.code.strip().lower()
        if wanted in codes:
            return codes[wanted]
        from pp_cli.names import fold

        folded = fold(charge.code)
        return next((c for c in codes.values() if folded in {fold(n) for n in (c.name, *(o.name for o in
                                                                                        c.other_names))}), None)
    countries = set()
    if event is not None:
        people = [kb.prisoners[p] for p in (charge.people or event.people) if p in kb.prisoners]
        countries = {p.country for p in people}
        if not countries and event.case and event.case in getattr(kb, "cases", {}):
            countries = {kb.cases[event.case].country}
    if len(countries) != 1:
        return None
    country = countries.pop()
    found = sorted((c for c in codes.values() if c.country == country), key=lambda c: c.id)
    return found[0] if found else None


def edition_for(code: CriminalCode, charge: Charge, event: Event | None) -> CodeEdition | None:
    """The charge's edition: as written, else the one in force on the event's date, else the current one."""
    if charge.edition:
        return code.edition(charge.edition)
    if event is not None:
        when = event.date
        in_force = [
            e for e in code.editions
            if (e.in_force is None or e.in_force.lo <= when.lo) and (e.until is None or when.hi <= e.until.hi)
            and (e.in_force is not None or e.until is not None)
        ]
        if len(in_force) == 1:
            return in_force[0]
    return code.edition(None)


def lookup(edition: CodeEdition | None, article: str | None) -> CodeArticle | None:
    """The most specific registry entry describing `article` (234.4.3 → 234.4.3, 234.4 or 234)."""
    if edition is None or article is None:
        return None
    entries = {a.article: a for a in edition.articles}
    return next((entries[p] for p in prefixes(article) if p in entries), None)


@dataclass(frozen=True)
class Resolved:
    """A charge with what the registry adds; plain values, ready for rows and documents."""

    article: str | None
    code: str | None  # registry id, or the code as written
    edition: str | None
    current_edition: bool  # the edition is the code's current one (or unknown)
    qualifier: str | None
    qualifier_article: str | None
    description: str | None
    category: str | None
    max_penalty_years: float | None
    max_penalty: str | None  # life_imprisonment or death
    registry: str | None  # the registry entry that described it (`234` for 234.4.3), None if none
    in_registry: bool | None  # None: no registry for this code

    @property
    def key(self) -> str | None:
        """`az:2000:234.4.3`: what filters and stats tell charges apart by."""
        if self.article is None:
            return None
        return f"{self.code or ''}:{self.edition or ''}:{self.article}"

    @property
    def label(self) -> str:
        """`234.4.3`, `220 (1960)`, or the category for a charge without an article."""
        if self.article is None:
            return self.category or "other"
        return self.article if self.current_edition or not self.edition else f"{self.article} ({self.edition})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article, "code": self.code, "edition": self.edition, "qualifier": self.qualifier,
            "qualifier_article": self.qualifier_article, "description": self.description,
            "category": self.category, "max_penalty_years": self.max_penalty_years,
            "max_penalty": self.max_penalty, "key": self.key, "label": self.label,
        }


def resolve(kb: KnowledgeBase, charge: Charge, event: Event | None = None) -> Resolved:
    """The charge as written, completed from the registry."""
    code = code_for(kb, charge, event)
    edition = edition_for(code, charge, event) if code is not None else None
    entry = lookup(edition, charge.article)
    qualifier_entry = lookup(edition, charge.qualifier_article)
    qualifier = charge.qualifier.value if charge.qualifier else (
        qualifier_entry.qualifier.value if qualifier_entry and qualifier_entry.qualifier else None)
    description = charge.description or (entry.description if entry else None)
    category = charge.category.value if charge.category else (
        entry.category.value if entry and entry.category else None)
    penalty_years = charge.max_penalty_years if charge.max_penalty_years is not None else (
        entry.max_penalty_years if entry and charge.description is None else None)
    penalty = entry.max_penalty.value if entry and entry.max_penalty and charge.max_penalty_years is None else None
    edition_name = edition.edition if edition is not None else charge.edition
    return Resolved(
        article=charge.article,
        code=code.id if code is not None else charge.code,
        edition=edition_name,
        current_edition=code is None or edition is None or edition.edition == code.current,
        qualifier=qualifier,
        qualifier_article=charge.qualifier_article,
        description=description,
        category=category,
        max_penalty_years=penalty_years,
        max_penalty=penalty,
        registry=entry.article if entry else None,
        in_registry=None if code is None or charge.article is None else entry is not None,
    )


def resolved_charges(kb: KnowledgeBase, events: Iterable[Event], person_id: str | None = None) -> list[
        tuple[Event, Resolved]]:
    """Every charge of `events` (those against `person_id` only, if given), completed from the registry."""
    out = []
    for event in events:
        charges = event.charges if person_id is None else event.charges_of(person_id)
        out.extend((event, resolve(kb, c, event)) for c in charges)
    return out


def match(wanted: str, keys: Iterable[str]) -> bool:
    """Whether a charge key (`az:2000:234.4.3`) matches `--charge WANTED`.

    `214` matches 214 and its parts (214.2.1) in any code and edition;
    `1960:220` only the 1960 edition's, `az:1960:220` only that code's.
    """
    parts = wanted.strip().lower().split(":")
    article = parts[-1]
    edition = parts[-2] if len(parts) >= 2 else None
    code = parts[-3] if len(parts) >= 3 else None
    for key in keys:
        k_code, k_edition, k_article = key.lower().split(":", 2)
        if code and k_code != code:
            continue
        if edition and k_edition != edition:
            continue
        if within(k_article, article):
            return True
    return False
