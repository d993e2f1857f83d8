"""`pp validate`'s findings over the whole knowledge base, kept in the index and followed through changes.

The findings are kept grouped by what they are about (`checks.findings_by_owner`):
a person (from their record and every event of theirs), a file (its record,
whether the ids it names exist, the people its events name, the registries),
or the whole (likely duplicates, shared identifiers, former ids, `follows`).
After a change, the index's change log (`Cache.log_change`, written while the
per-person rows are brought up to date) says which files changed since the
findings were made. The owners those files concern — the people they mention,
before or after the change, and every file that mentions those people — are
checked again from a knowledge base of just their files, the files of the
people their events name, and the registries, with `index_ids.IndexIds`
answering from the index for every other record; all other findings are
kept as they were.
A change that reaches what the whole checks read (a person added, removed or
renamed, their names, birth date, gender, country, identifiers,
`distinct_from` or former ids; an event's id, former ids or `follows`; an
organization added or removed, or its ids, names, type or country, which
places are matched with), a case or code registry, people whose events are ordered by `follows`, a gap in the
log, another day or `--max-age`: then everything is checked again, which is
never wrong.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from pp_cli.errors import Problem, finding_order

if TYPE_CHECKING:
    from pp_cli.snapshots import View

NAME = "validation"
FOLLOWED = ("prisoners", "events", "organizations")  # kinds whose changes are followed; others check everything


def validation(view: View, today: date, max_age: timedelta | None) -> tuple[int, list[Problem]]:
    """(files checked, every finding in file order): kept for the files and the day, followed through changes."""
    variant = f"{today.isoformat()}/{max_age}"
    stamp = view.stamp_for(variant)
    stored = view.cache.snapshot(NAME)
    kept = stored[1] if stored is not None else None
    if kept is None or stored[0] != stamp:
        value = None
        if kept is not None and kept.get("variant") == variant and stored[0].startswith(view.prefix):
            value = _follow(view, kept, today, max_age)
        if value is None:
            from pp_cli.checks import findings_by_owner, known_files

            trace("pp: checked everything again")
            kb = view.kb()
            view.rows_hold()  # so that the change log starts here: the next change is followed, not redone
            base = view.stamp
            by_owner = findings_by_owner(kb, today=today, max_age=max_age)
            value = {"files": len(known_files(kb)), "base": base, "variant": variant,
                     "by_owner": {o: [dataclasses.asdict(p) for p in found] for o, found in by_owner.items()}}
        if view.cache.usable:
            view.cache.store_snapshot(NAME, stamp, value)
        kept = value
    problems = [Problem.from_dict(p) for found in kept["by_owner"].values() for p in found]
    return kept["files"], sorted(problems, key=finding_order)


def trace(message: str) -> None:
    """Say on stderr, with PP_TRACE=1, which way an answer was found (the tests and benchmarks read it)."""
    if os.environ.get("PP_TRACE"):
        print(message, file=sys.stderr)


def _follow(view: View, kept: dict[str, Any], today: date, max_age: timedelta | None) -> dict[str, Any] | None:
    """The kept findings brought up to date through the change log, or None if everything is to be checked."""
    from pp_cli.checks import FILE_CHECKS, PERSON_CHECKS, findings_by_owner
    from pp_cli.index_ids import IndexIds

    cache = view.cache
    head = cache.head("derived")
    if head is None or not head.startswith(view.prefix) or not view.rows_hold():
        return None
    steps = cache.changes_between(kept["base"], view.stamp)
    if not steps:
        return None
    changed: dict[str, list[Any]] = {}  # path -> [id before, refs before, id now, refs now]
    for path, old_id, old_refs, new_id, new_refs in steps:
        changed.setdefault(path, [old_id, old_refs, None, None])[2:] = [new_id, new_refs]
    people: set[str] = set()
    added = removed = 0
    for path, (old_id, old_refs, new_id, new_refs) in changed.items():
        kind = path.split("/")[1] if path.count("/") >= 2 else ""
        before = json.loads(old_refs) if old_refs else None
        now = json.loads(new_refs) if new_refs else None
        if kind not in FOLLOWED or not _same_whole(cache, kind, old_id, before, new_id, now):
            return None
        added += before is None and now is not None
        removed += before is not None and now is None
        for refs in (before, now):
            people.update(i for i in (refs or {}).get("ids", []) if ":" not in i)
    if (added or removed) and any(p["code"] == "PP206" for found in kept["by_owner"].values() for p in found):
        return None  # an unknown event `follows` names: what it may have meant has changed
    present = {path for path, entry in changed.items() if entry[3] is not None}
    # No `follows` to mind here: `derived.plan` re-derives everything (and logs nothing) for a change
    # whose events follow or are followed, or whose people's events do.
    mentioning = [(path, json.loads(refs)["ids"]) for path, refs in cache.mentioning_refs(sorted(people))]
    concerned = present | {path for path, _ids in mentioning}
    named = {i for _path, ids in mentioning for i in ids if ":" not in i}
    wanted = concerned | set(cache.paths_of("prisoners", sorted(named)))
    wanted |= set(cache.paths_outside(("data/prisoners/", "data/events/")))
    try:
        small = view.small_kb(sorted(wanted))
    except LookupError:  # another pp rebuilt the cache meanwhile
        return None
    fresh = findings_by_owner(
        small, today=today, max_age=max_age, only=concerned, given=sorted(people & set(small.prisoners)),
        registry=IndexIds(view, small), checks=(*FILE_CHECKS, *PERSON_CHECKS))
    renewed = concerned | people | set(changed)
    trace(f"pp: checked {len(people)} people and {len(concerned)} files again")
    by_owner = {o: found for o, found in kept["by_owner"].items() if o not in renewed}
    by_owner.update({o: [dataclasses.asdict(p) for p in found] for o, found in fresh.items() if o in renewed})
    return {"files": kept["files"] + added - removed, "base": view.stamp, "variant": kept["variant"],
            "by_owner": by_owner}


def _same_whole(cache: Any, kind: str, old_id: str | None, before: dict | None, new_id: str | None,
                now: dict | None) -> bool:
    """Whether a file's change leaves what the whole checks read as it was (see the module docstring)."""
    if before is not None and now is not None:
        return before.get("ident") == now.get("ident")
    if kind != "events":  # a person or organization added or removed: duplicates, references, suggestions move
        return False
    refs, rid = (now, new_id) if now is not None else (before, old_id)
    if refs is None or rid is None or any(i.startswith("was:") for i in refs.get("ids", [])):
        return False
    return not cache.claimers(f"was:{rid}")  # nobody gives its id as a former id


def failed_files(view: View) -> set[str]:
    """The files that did not load (as the index's per-file problems say)."""
    return {p.path for p in view.problems() if p.severity == "error"}
