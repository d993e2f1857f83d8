"""`pp show`'s page for one person, built from the files that tell their story, not from every record.

Asked above the store: `snapshots.View` keeps the page under the stamp of
every file's content (`View.keyed`), and says which files mention whom;
this module decides which files a page needs — the person's record and
events, their cases and co-defendants, the people they relate to, the
events theirs follow, and every organization, code and case registry — and
builds the page (`pp_cli.profile`) from a small knowledge base of just those.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.snapshots import View


def page(view: View, person_id: str, day: date | None = None) -> dict[str, Any]:
    """`pp show`'s document for one person (as on `day`); today's is kept until any file changes."""

    def build() -> dict[str, Any]:
        from pp_cli.profile import profile  # here, not above: a kept page needs no models imported

        kb = person_kb(view, person_id)
        return profile(kb, kb.prisoners[person_id], day)

    return build() if day is not None else view.keyed("profile", person_id, build)


def person_kb(view: View, person_id: str) -> KnowledgeBase:
    """A knowledge base holding one person, the files their page reads and every registry.

    Warm, it is built from the cached records of just those files, so
    `pp show` stays quick however large the knowledge base is.
    """
    small = _mentioned_kb(view, person_id)
    if small is not None:
        return small
    found = view.items("files_of", [person_id, "*organizations"], files_of)
    if view.loaded is not None:
        return view.loaded
    # in path order, as a whole load adds them: a case's defendants are listed in its events' order
    wanted = sorted({*found.get(person_id, []), *found.get("*organizations", [])})
    try:
        small = view.small_kb(wanted)
    except LookupError:  # gone from the cache meanwhile
        return view.kb()
    if len(small.paths) < len(wanted):  # a file that does not load: the whole knowledge base says how
        return view.kb()
    return small


def _mentioned_kb(view: View, person_id: str) -> KnowledgeBase | None:
    """The files that mention a person, with the registries: from the index's rows, when they hold.

    None when the person's story reaches further (relations, cases, a
    duplicate id anywhere): then the whole list of files is worked out.
    """
    from pp_cli import derived

    cache = view.cache
    if view.loaded is not None or not view.rows_hold() or cache.has_path_row(derived.DUPLICATES):
        return None
    mentioned = cache.mentioning_refs([person_id])
    others = cache.paths_outside(("data/prisoners/", "data/events/"))
    if not mentioned or any(p.startswith("data/cases/") for p in others) or any(
            json.loads(refs).get("linked") for _path, refs in mentioned):
        return None
    try:
        small = view.small_kb(sorted({path for path, _refs in mentioned} | set(others)))
    except LookupError:  # gone from the cache meanwhile
        return None
    return small if person_id in small.prisoners else None


def files_of(kb: KnowledgeBase) -> dict[str, list[str]]:
    """person id → the files that tell their story (their record and their events); `*organizations` →
    the registries every page reads."""
    paths: dict[str, list[str]] = {pid: [kb.paths[("prisoners", pid)]] for pid in kb.prisoners}
    for event in kb.events.values():
        for pid in dict.fromkeys(event.people):
            if pid in paths:
                paths[pid].append(kb.paths[("events", event.id)])
    paths["*organizations"] = [kb.paths[("organizations", oid)] for oid in kb.organizations]
    _add_related_files(kb, paths)
    _add_followed_events(kb, paths)
    return paths


def _add_followed_events(kb: KnowledgeBase, paths: dict[str, list[str]]) -> None:
    """The events a person's events follow, and those they follow in turn: their order hangs on them
    (`chronology`: in a knowledge base closed under `follows`, a person's events come as in the whole one)."""
    for pid, files in paths.items():
        if pid.startswith("*"):
            continue
        todo = [f for e in kb.events_of(pid) for f in e.follows]
        seen: set[str] = set()
        while todo:
            eid = todo.pop()
            if eid in seen or eid not in kb.events:
                continue
            seen.add(eid)
            todo.extend(kb.events[eid].follows)
        if seen:
            known = set(files)
            files += sorted({kb.paths[("events", e)] for e in seen} - known)


def _add_related_files(kb: KnowledgeBase, paths: dict[str, list[str]]) -> None:
    """What a person's page also reads (issue 12): code registries, their cases, people related to them.

    Registries go with the organizations (every page reads them); a person's
    cases and the people in them, and anyone either of two people names in
    `relations`, go with the person.
    """
    paths["*organizations"] += [kb.paths[("codes", cid)] for cid in kb.codes]
    case_files = {cid: kb.paths[("cases", cid)] for cid in kb.cases}
    case_people: dict[str, set[str]] = {}
    for case in kb.cases.values():
        case_people.setdefault(case.id, set()).update(case.defendants)
    for event in kb.events.values():
        if event.case:
            case_people.setdefault(event.case, set()).update(event.people)
    extra: dict[str, set[str]] = {}
    for cid, people in case_people.items():
        for pid in people:
            extra.setdefault(pid, set()).update(("prisoners", other) for other in people if other != pid)
            if cid in case_files:
                extra[pid].add(("cases", cid))
            extra[pid].update(("events", e.id) for e in kb.events.values() if e.case == cid and pid not in e.people)
    for prisoner in kb.prisoners.values():
        for relation in prisoner.relations:
            extra.setdefault(prisoner.id, set()).add(("prisoners", relation.person))
            extra.setdefault(relation.person, set()).add(("prisoners", prisoner.id))
    for pid, keys in extra.items():
        if pid in paths:
            known = set(paths[pid])
            paths[pid] += sorted({kb.paths[k] for k in keys if k in kb.paths} - known)
