"""What a change touches, for `pp validate --changed`: the files to check, and which findings are the change's.

A pull request is judged against the whole knowledge base but reported on
only where it is involved, so that adding one person shows findings about
that person rather than every old warning. A finding belongs to the change
when it is

- in a file the change adds or modifies (a rename is a deletion and an addition);
- about such a file from another one: a likely duplicate of a new person, an
  id or former id used twice (`Problem.related` names the changed file);
- a reference, anywhere, to a record the change deleted (an event that now
  names a person who is gone, or only by a former id);
- about a person the change touches (their file, or an event naming them,
  added, modified or deleted) and derived from their events: a declared
  status the events now contradict, a stale status, events out of order.

Everything is computed from the loaded knowledge base and the base side's
versions of the changed files; the core knows nothing of git (`gitdiff`
supplies the contents).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pp_cli.errors import Problem
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Event, Prisoner

if TYPE_CHECKING:
    from pp_cli.snapshots import View

# Findings reported where a reference is written (`people.0`, `affiliations.1.org`, `case`, `facility`).
REFERENCE_CODES = frozenset({"PP201", "PP202", "PP203", "PP206", "PP220", "PP225"})
# Findings on a person's file that follow from all their events.
PERSON_CODES = frozenset({"PP304", "PP401", "PP403", "PP602"})
# Findings on an event file that follow from the other events of its people.
EVENT_PERSON_CODES = frozenset({"PP302", "PP303"})


@dataclass
class Scope:
    present: set[str]  # changed files that exist now: added, modified, renamed to
    deleted: set[str]  # files on the base side that are gone now
    people: set[str] = field(default_factory=set)  # ids of the people the change touches
    deleted_ids: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) whose record is gone
    references: set[tuple[str, str]] = field(default_factory=set)  # (path, field) naming a deleted id
    person_files: set[str] = field(default_factory=set)  # files of the touched people
    event_files: set[str] = field(default_factory=set)  # events naming a touched person

    @property
    def empty(self) -> bool:
        return not (self.present or self.deleted)

    @property
    def check(self) -> set[str]:
        """The files `run_checks(only=…)` must look at to find every finding of the change."""
        return self.present | self.person_files | self.event_files | {path for path, _ in self.references}

    def involves(self, problem: Problem) -> bool:
        """Whether a finding is the change's, by the rules in the module docstring (mirrored pairs aside)."""
        if problem.path in self.present or any(r in self.present for r in problem.related):
            return True
        if problem.code in REFERENCE_CODES:
            return (problem.path, problem.field or "") in self.references
        if problem.code in PERSON_CODES:
            return problem.path in self.person_files
        if problem.code in EVENT_PERSON_CODES:
            return problem.path in self.event_files
        return False

    def select(self, problems: Iterable[Problem]) -> list[Problem]:
        """The change's findings, in the given order; a pair reported on both files is kept on the changed one."""
        from pp_cli.checks import select

        problems = list(problems)
        paired = {id(p) for p in select(problems, self.present)}
        return [p for p in problems if id(p) in paired or (
            p.path not in self.present and not any(r in self.present for r in p.related) and self.involves(p)
        )]


def scope(kb: KnowledgeBase, changes: dict[str, tuple[bytes | None, bytes | None]]) -> Scope:
    """The scope of a change: `changes` maps each changed file to (content at the base, content now)."""
    from pp_cli.records import kind_of, parse_bytes

    known = {path: key for key, path in kb.paths.items()}
    known_files = set(known) | {p.path for p in kb.problems}
    present = {p for p, (_, now) in changes.items() if now is not None and p in known_files}
    deleted = {p for p, (_, now) in changes.items() if now is None}
    result = Scope(present, deleted)

    def touch(record: object) -> None:  # the people a record concerns
        if isinstance(record, Prisoner):
            result.people.add(record.id)
        elif isinstance(record, Event):
            result.people.update(record.people)
        else:  # a case concerns its defendants
            result.people.update(getattr(record, "defendants", ()))

    for path in present:
        if path in known:
            touch(_record(kb, *known[path]))
    old_ids: set[tuple[str, str]] = set()
    for path, (before, _) in changes.items():
        kind = kind_of(path)
        if before is None or kind is None:
            continue
        record, _problems = parse_bytes(before, path, kind)
        if record is None:  # it did not load at the base either: all it tells is the id its name gives
            record_id = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if kind == "prisoners":
                result.people.add(record_id)
        else:
            touch(record)
            record_id = record.id
        old_ids.add((kind, record_id))
    result.deleted_ids = {(kind, rid) for kind, rid in old_ids if (kind, rid) not in kb.paths}
    _find_references(kb, result)
    result.person_files = {kb.paths[("prisoners", pid)] for pid in result.people if ("prisoners", pid) in kb.paths}
    result.event_files = {
        kb.paths[("events", e.id)] for e in kb.events.values() if any(pid in result.people for pid in e.people)
    }
    return result


def scope_from_index(view: View, changes: dict[str, tuple[bytes | None, bytes | None]]) -> Scope | None:
    """`scope`, worked out from the index and the changed files alone, without every record loaded.

    None when the change deletes an id (its references are looked for in
    every record) or the index cannot tell (rows that do not hold, a file
    that does not load holding an id the change concerns): then `scope`.
    """
    from pp_cli.records import kind_of, parse_bytes

    cache = view.cache
    if not view.rows_hold():
        return None
    from pp_cli.findings import failed_files

    failed = failed_files(view)
    known = cache.stored(sorted(changes))
    present = {p for p, (_, now) in changes.items() if now is not None and p in known}
    deleted = {p for p, (_, now) in changes.items() if now is None}
    result = Scope(present, deleted)
    try:
        small = view.small_kb(sorted(present))
    except LookupError:
        return None
    records: list[object] = [_record(small, *key) for key in small.paths]
    for path, (before, _) in changes.items():
        kind = kind_of(path)
        if before is None or kind is None:
            continue
        record, _problems = parse_bytes(before, path, kind)
        if record is None:
            if kind == "prisoners":
                result.people.add(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            continue
        records.append(record)
        holders = cache.claimed(kind, record.id)  # type: ignore[attr-defined]
        if not holders or any(h in failed for h in holders):
            return None  # deleted (or not loading): the references to it are the whole knowledge base's question
    for record in records:
        if isinstance(record, Prisoner):
            result.people.add(record.id)
        elif isinstance(record, Event):
            result.people.update(record.people)
        else:
            result.people.update(getattr(record, "defendants", ()))
    people = sorted(result.people)
    result.person_files = {p for p in cache.paths_of("prisoners", people) if p not in failed}
    result.event_files = {p for p in cache.mentioning(people) if p.startswith("data/events/") and p not in failed}
    return result


def _record(kb: KnowledgeBase, kind: str, rid: str) -> object:
    """The loaded record of a kind (prisoners, events, organizations, cases, codes) and id, or None."""
    table = getattr(kb, kind, None)
    return table.get(rid) if isinstance(table, dict) else None


def _find_references(kb: KnowledgeBase, result: Scope) -> None:
    """Where the knowledge base still names a record the change deleted, as (path, field).

    The fields are those `checks` reports a reference at: people and
    organizations of events and cases, affiliations and relations of people,
    the case of an event, and facilities and courts named by id.
    """
    gone: dict[str, set[str]] = {}
    for kind, rid in result.deleted_ids:
        gone.setdefault(kind, set()).add(rid)
    if not gone:
        return
    people, orgs, cases = gone.get("prisoners", set()), gone.get("organizations", set()), gone.get("cases", set())

    def named(path: str, key: str, ids: Iterable[str], wanted: set[str]) -> None:
        result.references.update((path, f"{key}.{i}") for i, rid in enumerate(ids) if rid in wanted)

    for kind in ("events", "cases", "prisoners"):
        for rid, record in getattr(kb, kind, {}).items():
            path = kb.paths[(kind, rid)]
            named(path, "people", getattr(record, "people", ()), people)
            named(path, "defendants", getattr(record, "defendants", ()), people)
            named(path, "organizations", getattr(record, "organizations", ()), orgs)
            named(path, "follows", getattr(record, "follows", ()), gone.get("events", set()))
            if isinstance(record, Prisoner):
                result.references.update((path, f"affiliations.{i}.org")
                                         for i, a in enumerate(record.affiliations) if a.org in orgs)
                result.references.update((path, f"relations.{i}.person")
                                         for i, r in enumerate(getattr(record, "relations", ())) if r.person in people)
            if getattr(record, "case", None) in cases:
                result.references.add((path, "case"))
            for key in ("facility", "court"):
                if getattr(record, key, None) in orgs:
                    result.references.add((path, key))
