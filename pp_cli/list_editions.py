"""Editions of a published list (the UFPPA list of August 2014, of January 2015…): who each adds and removes.

People record their listings as `recognitions` with `list`, `edition`,
`section` and `number`. Comparing two editions of one list says who the
newer one added, who it no longer lists, who moved to another place in it,
and whose kind of recognition changed (`pp diff --list`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pp_cli.dates import PartialDate
from pp_cli.errors import UsageError

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase


@dataclass
class EditionDiff:
    list: str
    by: str | None
    old: str
    new: str
    editions: list[str]
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    kind_changed: list[dict[str, Any]] = field(default_factory=list)
    kept: int = 0
    old_count: int = 0
    new_count: int = 0


def listings(kb: KnowledgeBase, list_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """edition → person id → {name, place, kind}, for one list."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for p in kb.prisoners.values():
        for r in p.recognitions:
            if r.list != list_id or r.edition is None:
                continue
            place = ".".join(x for x in (r.section, r.number) if x) or None
            out.setdefault(str(r.edition), {})[p.id] = {
                "id": p.id, "name": p.name, "place": place, "kind": r.kind.value if r.kind else None, "by": r.by,
            }
    return out


def known_lists(kb: KnowledgeBase) -> list[str]:
    return sorted({r.list for p in kb.prisoners.values() for r in p.recognitions if r.list})


def _edition(wanted: str, editions: list[str], list_id: str) -> str:
    try:
        parsed = str(PartialDate.parse(wanted))
    except ValueError as exc:
        raise UsageError(f"edition `{wanted}`: {exc}", "editions are dates, like 2014-08") from None
    if parsed not in editions:
        raise UsageError(f"list `{list_id}` has no edition {parsed}", f"its editions: {', '.join(editions)}")
    return parsed


def compare_editions(kb: KnowledgeBase, list_id: str, old: str | None = None, new: str | None = None
                     ) -> EditionDiff:
    """Who edition `new` of the list adds and removes against `old` (default: its two latest editions)."""
    found = listings(kb, list_id)
    if not found:
        lists = known_lists(kb)
        raise UsageError(f"no one is recorded in a list `{list_id}`",
                         f"lists with editions: {', '.join(lists)}" if lists else
                         "record listings as recognitions with `list:` and `edition:`")
    editions = sorted(found, key=lambda e: PartialDate.parse(e).sort_key())
    if old is None and new is None:
        if len(editions) < 2:
            raise UsageError(f"list `{list_id}` has one edition on record ({editions[0]})",
                             "there is nothing to compare it with")
        old, new = editions[-2], editions[-1]
    elif new is None:
        old = _edition(old, editions, list_id)  # type: ignore[arg-type]
        later = [e for e in editions if PartialDate.parse(e).sort_key() > PartialDate.parse(old).sort_key()]
        if not later:
            raise UsageError(f"edition {old} is the latest of `{list_id}`", "name an earlier edition to compare with")
        new = later[0]
    else:
        old, new = _edition(old, editions, list_id), _edition(new, editions, list_id)  # type: ignore[arg-type]
    before, after = found[old], found[new]
    by = next(iter(after.values()))["by"] if after else None
    diff = EditionDiff(list_id, by, old, new, editions, old_count=len(before), new_count=len(after))
    for pid in sorted(after, key=lambda i: (after[i]["place"] or "", after[i]["name"])):
        entry = after[pid]
        if pid not in before:
            diff.added.append(entry)
            continue
        diff.kept += 1
        was = before[pid]
        if was["place"] != entry["place"]:
            diff.moved.append({**entry, "old_place": was["place"]})
        if was["kind"] != entry["kind"]:
            diff.kind_changed.append({**entry, "old_kind": was["kind"]})
    diff.removed = sorted((before[p] for p in before if p not in after), key=lambda e: (e["place"] or "", e["name"]))
    return diff
