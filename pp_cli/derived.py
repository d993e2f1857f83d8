"""Per-person answers, kept in the index and re-derived only for the people a change concerns.

Each person owns a few rows in the index (`pp_cli.cache`): their `pp list`
row, their names with the spelling-insensitive keys `pp show` looks up,
their search document, and what `pp stats` counts of them (status changes,
time in custody now, list memberships); each event file owns its search
document, its `pp timeline` row and what `pp stats` counts of it (arrests
and releases, an estimate, its case); each organization and case file its
names. Beside the rows the index keeps, per file, the content hash the rows were
made from and the ids the file *mentions* (a person file its person and the
people it relates to, an event its people, its case and the events it
follows). After a change, the files whose
hash differs are the changed ones; the owners to re-derive are the people
those files mentioned before or mention now, and the changed events; they
are re-derived from a small knowledge base of just the files that mention
them, plus every organization, code and case file. Anything harder to follow
— a changed organization, code registry or case file, a person file added
or removed, a duplicate id anywhere, an event that follows another or is
followed, or people whose events follow any (`follows` orders events across
people) — re-derives
everyone, which is never wrong: in parts of `CHUNK` people, each from the
same kind of small knowledge base (`split`), unless an id is claimed twice
or an event follows another, when from the whole knowledge base. The questions
(rows, names, documents) are asked here, above the store; the store only
keeps what this module gives it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from pp_cli.cache import Cache, FileRow
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Prisoner

VERSION = "3"  # bump when a row's shape or meaning changes (pp's code stamp covers this too)


def mentions(kind: str, data: Any) -> tuple[str | None, list[str], bool]:
    """(id, ids mentioned, whether it links people beyond its own) from a file's parsed mapping.

    A person file mentions its person, the people it relates to and (as
    `org:ID`) its organizations; an event its people, (as `case:ID`) its
    case and (as `event:ID`) the events it follows; a case its defendants
    and itself; an organization itself. Every record mentions its former
    ids as `was:ID`, so that whoever claims an id can be looked up.
    """
    if not isinstance(data, dict):
        return None, [], False
    rid = data.get("id") if isinstance(data.get("id"), str) else None
    named: list[str] = [f"was:{old}" for old in _list(data.get("former_ids")) if isinstance(old, str)]
    linked = False
    if kind == "prisoners":
        named += [rid] if rid else []
        for relation in _list(data.get("relations")):
            if isinstance(relation, dict) and isinstance(relation.get("person"), str):
                named.append(relation["person"])
                linked = True
        named += [f"org:{a['org']}" for a in _list(data.get("affiliations"))
                  if isinstance(a, dict) and isinstance(a.get("org"), str)]
    elif kind == "events":
        named += [p for p in _list(data.get("people")) if isinstance(p, str)]
        if isinstance(data.get("case"), str):
            named.append(f"case:{data['case']}")
            linked = True
        follows = [f"event:{f}" for f in _list(data.get("follows")) if isinstance(f, str)]
        named += follows  # where its people's events come in order can hang on other people's events
        linked = linked or bool(follows)
    elif kind == "cases":
        named += [p for p in _list(data.get("defendants")) if isinstance(p, str)] + ([f"case:{rid}"] if rid else [])
        linked = True
    elif kind == "organizations" and rid:
        named.append(f"org:{rid}")
    return rid, sorted(set(named)), linked


def identity(kind: str, record: Any) -> str:
    """A digest of what the checks across the whole knowledge base read of a record (`pp_cli.findings`).

    Ids and former ids of every record; of a person, also what duplicates
    are scored on; of an event, what it follows; of an organization, the
    names, type and country places are matched with. "" for a file that did
    not load.
    """
    if record is None:
        return ""
    import hashlib

    fields = _IDENTITY.get(kind)
    value = record.model_dump(mode="json", include=fields) if fields else record.model_dump(mode="json")
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _list(value: Any) -> list[Any]:
    """A field that should be a list, as one (a file may hold anything)."""
    return value if isinstance(value, list) else []


def folder_kind(path: str) -> str:
    """The kind a path's folder names (`data/<kind>/…`), or "" (anything else is followed whole)."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 else ""




class Plan(NamedTuple):
    """What a change needs (`plan`)."""

    everything: bool  # re-derive every row from the whole knowledge base
    owners: list[str]  # owners whose rows to re-derive
    wanted: list[str]  # files to load for them
    files: list[FileRow]  # the changed files' new derived_files rows
    gone: list[str]  # paths deleted
    before: dict[str, tuple[str | None, str | None]]  # each changed path's (id, refs JSON) as last derived


EVERYTHING = Plan(True, [], [], [], [], {})


def plan(cache: Cache) -> Plan:
    """What a change needs: everything, or the owners to re-derive, the files to load, and what changed.

    Owners are people (by id) and files (by path, for what a record owns
    itself). The files to load are those that mention the people, the
    prisoner files of everyone their events name (a charge's code can
    follow a co-defendant's country), and every organization, code and case.
    """
    changes = cache.derived_changes()
    if not changes:
        return Plan(False, [], [], [], [], {})
    owners: set[str] = set()
    files: list[FileRow] = []
    before_refs: dict[str, tuple[str | None, str | None]] = {}
    gone: list[str] = []
    changed_paths: list[str] = []
    org_ids: set[str] = set()
    for path, digest, data_json, _old_kind, old_id, old_refs in changes:
        kind = folder_kind(path)
        if kind not in INCREMENTAL:  # a code registry, a case, or a marker: follow it whole
            return EVERYTHING
        before_refs[path] = (old_id, old_refs)
        before = json.loads(old_refs).get("ids", []) if old_refs is not None else []
        owners.update(before)
        owners.add(path)
        if kind == "organizations":  # its members' search documents carry its name
            org_ids.update(before)
        if digest is None:
            if kind == "events" and _ordered_by_others(cache, before, [], [old_id]):
                return EVERYTHING
            gone.append(path)
            continue
        data = json.loads(data_json) if data_json else None
        rid, named, linked = mentions(kind, data)
        if rid is not None and any(p != path for p in cache.claimed(kind, rid)):
            return EVERYTHING  # an id another file holds: which one wins is the whole base's question
        if kind == "events" and _ordered_by_others(cache, before, named, [old_id, rid]):
            return EVERYTHING
        owners.update(named)
        if kind == "organizations":
            org_ids.update(named)
        changed_paths.append(path)
        files.append((path, digest, kind, rid, refs_json(named, linked, "")))  # identity: `with_identity`
    orgs = sorted(org_ids)
    people = {o for o in owners if "/" not in o and ":" not in o}
    people.update(i for _p, refs in cache.mentioning_refs(orgs) for i in json.loads(refs)["ids"] if ":" not in i)
    others = cache.paths_outside(("data/prisoners/", "data/events/"))
    if any(p.startswith("data/codes/") for p in others):
        # with code registries, a charge's code can follow the country of whoever else its event names
        events = [(p, r) for p, r in cache.mentioning_refs(sorted(people)) if p.startswith("data/events/")]
        people.update(i for _p, refs in events for i in json.loads(refs)["ids"] if ":" not in i)
        named = {i for _p, refs in cache.mentioning_refs(sorted(people)) if _p.startswith("data/events/")
                 for i in json.loads(refs)["ids"] if ":" not in i}
    else:
        named = set()
    owners.update(people)
    mentioned = cache.mentioning_refs(sorted(people))
    if any(i.startswith("event:") for _p, refs in mentioned for i in json.loads(refs)["ids"]):
        return EVERYTHING  # their events' order runs through events the small knowledge base lacks
    wanted = {p for p, _refs in mentioned} | set(cache.paths_of("prisoners", sorted(named)))
    wanted = (wanted - set(gone)) | set(changed_paths)
    wanted.update(others)
    return Plan(False, sorted(owners), sorted(wanted), files, gone, before_refs)


CHUNK = 2_000  # people whose rows a whole build derives at once (`split`): ~1/25 of the records at 50,000


class Part(NamedTuple):
    """A few thousand people of a whole build (`split`), and the files their rows are made from."""

    people: list[str]  # whose person rows (and search documents) this part makes
    owned: set[str]  # files whose own rows (problems, timeline, names, derived_files) this part makes
    wanted: list[str]  # files to load for both


Mention = tuple[str, str, "str | None", list[str], bool]  # (path, kind, id, ids mentioned, linked), as `mentions`


def split(entries: list[Mention]) -> list[Part] | None:
    """A whole build cut into parts of `CHUNK` people each, or None where only the whole base will do.

    It is `plan`'s small knowledge base, made for every person: a part loads
    the files that mention its people, every file outside data/prisoners and
    data/events, and (with code registries) the prisoner files of everyone
    their events name. Each person file belongs to its person's part and each
    event to the part of the first of its people on record; the rest
    (organizations, cases, codes, events of nobody on record, files that did
    not parse) to a last part of their own. An id two files claim, or an
    event that follows another, is the whole base's question (`plan`): then None.
    """
    claimed: set[tuple[str, str]] = set()
    for _path, kind, rid, named, _linked in entries:
        if any(i.startswith("event:") for i in named) or (kind, rid) in claimed:
            return None
        if rid is not None:
            claimed.add((kind, rid))
    size = CHUNK  # read now, so that tests can make parts of a person or two
    person_file = {rid: path for path, kind, rid, _n, _l in entries if kind == "prisoners" and rid is not None}
    people = sorted(person_file)
    part_of = {pid: i // size for i, pid in enumerate(people)}
    count = (len(people) + size - 1) // size
    parts = [Part(people[i * size:(i + 1) * size], set(), []) for i in range(count)]
    rest = Part([], set(), [])
    others: list[str] = []
    mentioning: dict[int, set[str]] = {}  # part → files mentioning one of its people
    for path, kind, rid, named, _linked in entries:
        if kind not in ("prisoners", "events"):
            others.append(path)
            rest.owned.add(path)
            continue
        ids = [i for i in named if i in part_of]
        for i in ids:
            mentioning.setdefault(part_of[i], set()).add(path)
        if kind == "prisoners" and rid is not None:
            parts[part_of[rid]].owned.add(path)
        elif kind == "events" and ids:
            parts[min(part_of[i] for i in ids)].owned.add(path)
        else:
            rest.owned.add(path)
    # with code registries, a charge's code can follow the country of whoever else its event names
    codes = any(path.startswith("data/codes/") for path in others)
    event_people = {path: [i for i in named if i in person_file] for path, kind, _r, named, _l in entries
                    if kind == "events" and codes}
    for index, part in enumerate(parts):
        files = mentioning.get(index, set())
        files |= {person_file[i] for path in files for i in event_people.get(path, ())}
        part.wanted.extend(sorted(files | part.owned | set(others)))
    rest.wanted.extend(sorted(rest.owned))
    return [*parts, rest]


def _ordered_by_others(cache: Cache, before: list[str], now: list[str], ids: list[str | None]) -> bool:
    """Whether a changed event follows another (before or now), or another follows it: `follows` orders
    events across people (`chronology`), which only the whole knowledge base follows."""
    if any(i.startswith("event:") for i in (*before, *now)):
        return True
    return bool(cache.mentioning([f"event:{i}" for i in ids if i]))


INCREMENTAL = ("prisoners", "events", "organizations")


DUPLICATES = "*duplicates"  # a derived_files row that is no file: with it, every change re-derives everyone


def refs_of(kb: KnowledgeBase, hashes: dict[str, str], unloaded: dict[str, Any]) -> Iterator[FileRow]:
    """derived_files rows for every file of a whole knowledge base: from its record, or its mapping if it failed."""
    for (kind, rid), path in kb.paths.items():
        record = getattr(kb, kind)[rid]
        _rid, named, linked = mentions(kind, record.model_dump(mode="json", include=_MENTION_FIELDS[kind]) | {
            "id": rid})
        yield path, hashes[path], kind, rid, refs_json(named, linked, identity(kind, record))
    for path, data in unloaded.items():
        kind = folder_kind(path)
        rid, named, linked = mentions(kind, data)
        yield path, hashes[path], kind, rid, refs_json(named, linked, "")
    if any(p.code == "PP105" for p in kb.problems):
        yield DUPLICATES, "", "*", None, "{}"


def file_row(entry: Mention, digest: str) -> FileRow:
    """A derived_files row from what a file's mapping mentions (identity to come: `with_identity`)."""
    path, kind, rid, named, linked = entry
    return path, digest, kind, rid, refs_json(named, linked, "")


def refs_json(named: list[str], linked: bool, ident: str) -> str:
    """A derived_files row's refs: the ids a file mentions, whether it links people, its `identity`."""
    return json.dumps({"ids": named, "linked": linked, "ident": ident})


def with_identity(row: FileRow, kb: KnowledgeBase) -> FileRow:
    """A `plan` row (made from the file's mapping) with the identity of the record `kb` loaded from it."""
    path, digest, kind, rid, refs = row
    record = getattr(kb, kind, {}).get(rid) if rid is not None and kb.paths.get((kind, rid)) == path else None
    found = json.loads(refs)
    return path, digest, kind, rid, refs_json(found["ids"], found["linked"], identity(kind, record))


def problem_rows(kb: KnowledgeBase, paths: set[str] | None) -> Iterator[tuple[str, str, str, str, str]]:
    """Each file's loading problems, as rows owned by the file."""
    import dataclasses

    by_path: dict[str, list[dict[str, Any]]] = {}
    for problem in kb.problems:
        by_path.setdefault(problem.path, []).append(dataclasses.asdict(problem))
    for path, found in by_path.items():
        if paths is None or path in paths:
            yield "problems", path, "", path, json.dumps(found, ensure_ascii=False)


def case_rows(kb: KnowledgeBase, paths: set[str] | None = None) -> Iterator[tuple[str, str, str, str, str]]:
    """Each case's names and defendants (`cases.case_entry`), owned by its file (of `paths` only, if given:
    a changed case file re-derives everything, so only in a whole build's part)."""
    from pp_cli.cases import case_entry

    for cid, case in kb.cases.items():
        path = kb.paths[("cases", cid)]
        if paths is not None and path not in paths:
            continue
        yield "cases", path, cid, path, json.dumps(case_entry(case), ensure_ascii=False)


def event_rows(kb: KnowledgeBase, paths: set[str] | None) -> Iterator[tuple[str, str, str, str, str]]:
    """Each event's timeline row and what `pp stats` counts of it, owned by its file (of `paths` only, if given).

    They depend on the event's own file alone; people's names are joined when asked.
    """
    from pp_cli.stats import estimate_of, event_case, yearly_of
    from pp_cli.timeline import event_row

    for eid, event in kb.events.items():
        path = kb.paths[("events", eid)]
        if paths is not None and path not in paths:
            continue
        yield "timeline", path, eid, path, json.dumps(event_row(event), ensure_ascii=False)
        for kind, value in (("yearly", yearly_of(event)), ("estimate", estimate_of(event)),
                            ("event_case", event_case(event))):
            if value is not None:
                yield kind, path, eid, path, json.dumps(value, ensure_ascii=False)


def rows_of_kb(kb: KnowledgeBase, kind: str) -> Iterator[tuple[str, str, str, str, str]]:
    """The rows of `kind` a whole knowledge base gives: what the index would hold, for answering without one."""
    for made in _MAKERS[kind](kb):
        if made[0] == kind:
            yield made


def organization_rows(kb: KnowledgeBase, paths: set[str] | None) -> Iterator[tuple[str, str, str, str, str]]:
    """Each organization's name and other names, owned by its file (of `paths` only, if given)."""
    for oid, org in kb.organizations.items():
        path = kb.paths[("organizations", oid)]
        if paths is not None and path not in paths:
            continue
        names = [org.name, *(n.name for n in org.other_names)]  # the name first; others for --affiliation
        yield "organizations", path, oid, path, json.dumps(names, ensure_ascii=False)


def person_rows(kb: KnowledgeBase, people: list[str] | None) -> Iterator[tuple[str, str, str, str, str]]:
    """(kind, owner, key, order, value JSON) of the people asked (everyone, if None) in `kb`."""
    from pp_cli.names import candidates
    from pp_cli.queries import person_row

    chosen = kb.prisoners.values() if people is None else [kb.prisoners[p] for p in people if p in kb.prisoners]
    for prisoner in chosen:
        order = kb.paths[("prisoners", prisoner.id)]
        row = person_row(kb, prisoner)
        yield "people", prisoner.id, row["status"], order, json.dumps(row, ensure_ascii=False)
        yield from _stats_rows(kb, prisoner, row, order)
        (c,) = candidates([prisoner])
        entry = json.dumps([c.id, c.display, list(c.names), list(c.keys)], ensure_ascii=False)
        yield "names", prisoner.id, "", order, entry
        for key in dict.fromkeys((f"id:{c.id}", *c.keys)):
            if key:
                yield "name_key", prisoner.id, key, order, entry


def _stats_rows(kb: KnowledgeBase, prisoner: Prisoner, row: dict[str, Any], order: str) -> Iterator[
        tuple[str, str, str, str, str]]:
    """What `pp stats` needs of a person besides their list row, keyed by their id (none where empty).

    Their status changes (for `--as-of`), their time in custody now (`stats.detention`, which depends on
    their row and changes alone), and their list memberships.
    """
    from pp_cli.stats import custody_changes, detention, listings_of, plain

    changes = custody_changes(kb, prisoner.id)
    held = detention(row, changes, None)
    for kind, value in (("custody", changes), ("detention", held and plain(held)),
                        ("listings", listings_of(prisoner))):
        if value:
            yield kind, prisoner.id, prisoner.id, order, json.dumps(value, ensure_ascii=False)


def search_rows(kb: KnowledgeBase, owners: set[str] | None) -> Iterator[tuple[str, str, str, str, str]]:
    """(owner, key, kind, tokens, document JSON) for the full-text index: people by id, other records by file."""
    from pp_cli.search import documents

    def owner_of(kind: str, rid: str) -> str:
        return rid if kind == "prisoner" else kb.paths[(_TABLE[kind], rid)]

    for d in documents(kb, None if owners is None else lambda kind, rid: owner_of(kind, rid) in owners):
        yield owner_of(d.kind, d.id), f"{d.kind}/{d.id}", d.kind, " ".join(d.norm.values()), json.dumps(
            d.to_dict(), ensure_ascii=False)


_MENTION_FIELDS: dict[str, set[str]] = {
    "prisoners": {"relations", "affiliations", "former_ids"}, "events": {"people", "case", "follows", "former_ids"},
    "cases": {"defendants", "former_ids"}, "organizations": {"former_ids"}, "codes": {"former_ids"}}
_IDENTITY: dict[str, set[str]] = {  # pp_cli.duplicates, check_identifiers, check_former_ids, check_follows,
    # check_places
    "prisoners": {"id", "former_ids", "name", "native_name", "other_names", "given_name", "patronymic", "surname",
                  "born", "gender", "country", "distinct_from", "identifiers"},  # country: how names are read
    "events": {"id", "former_ids", "follows"},
    # what other files' checks read of an organization: its ids, and (for PP225) its names, type and country
    "organizations": {"id", "former_ids", "name", "native_name", "other_names", "type", "country"}}
_TABLE = {"prisoner": "prisoners", "event": "events", "organization": "organizations"}
_MAKERS = {
    **{k: (lambda kb: person_rows(kb, None)) for k in ("people", "custody", "detention", "listings", "names",
                                                      "name_key")},
    "problems": lambda kb: problem_rows(kb, None),
    "organizations": lambda kb: organization_rows(kb, None),
    "cases": case_rows,
    **{k: (lambda kb: event_rows(kb, None)) for k in ("timeline", "yearly", "estimate", "event_case")},
}
