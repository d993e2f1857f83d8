"""Answers derived from the whole knowledge base, kept until any file changes.

A `View` stats every file once (`pp_cli.fingerprint`), and answers from
the cache's snapshots when the fingerprint matches; otherwise it brings the
parse results up to date (parsing only changed files), derives the rows of
the people the changes concern — everyone's, in parts of a few thousand
people, for a new cache (`derived.split`) — and stores fresh snapshots. With
the cache off, everything is computed from a full load. This module imports
no models at start-up, so a warm `pp list` never pays for pydantic.

The store (`pp_cli.cache`) knows files, records and rows; what a person's
rows hold is `pp_cli.derived`'s; a view decides when they are stale and reads
them, and with the cache off makes the same rows from a full load. Questions
are asked above it: `person_page` for `pp show`, `findings` for `pp validate`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pp_cli import __version__
from pp_cli.cache import FORMAT, Cache, fingerprint
from pp_cli.errors import Problem

if TYPE_CHECKING:
    from pp_cli.cache import FileRow, Row
    from pp_cli.derived import Mention, Part
    from pp_cli.kb import KnowledgeBase, Progress
    from pp_cli.names import Candidate


SEARCH_CANDIDATES = 5_000  # records ranked per search at most; the index picks the likeliest


def _code_stamp() -> str:
    """Fingerprint of pp's own modules, so snapshots derived by other code are never reused."""
    package = Path(__file__).parent
    entries = []
    for folder in (package, *(p for p in package.iterdir() if p.is_dir() and not p.name.startswith("_"))):
        for entry in os.scandir(folder):
            if entry.name.endswith(".py"):
                st = entry.stat()
                entries.append((entry.path, st.st_mtime_ns, st.st_size))
    entries.sort()
    return fingerprint([("pp_cli", [e[0] for e in entries], [e[1] for e in entries], [e[2] for e in entries])])


class View:
    """The knowledge base at `root` as of now: a stat of every file, and answers derived from it.

    Speculating (`speculate=True`), a view reuses stored answers before it
    knows whether any file changed, while the fingerprint is still being
    taken on the other core; the caller must then `confirm()` before showing
    anything, and compute again if that fails (commands.common.answer).
    """

    def __init__(
        self, root: Path, *, use_cache: bool = True, progress: Progress | None = None, speculate: bool = False,
        cache_dir: str | None = None,
    ) -> None:
        from pp_cli.fingerprint import Fingerprint

        self.root = root
        self._prefix = f"{FORMAT}/{__version__}/{_code_stamp()}/"
        self._fingerprint = Fingerprint(root)  # before the cache opens: a forked child must not share it
        self.cache = Cache(root, use_cache, cache_dir)
        self.progress = progress
        self._kb: KnowledgeBase | None = None
        self._rows_ok = False  # whether the per-person rows were found to hold (or brought up to date)
        self._rows_sure = False  # … checked against the files, not assumed while speculating
        self._synced = False  # whether this process brought the parse results up to date already
        self._speculating = speculate
        self._assumed: list[tuple[str, str]] = []  # (stamp stored, variant) of answers reused while speculating
        # Rows read while speculating, by (kind, keys): (the rows' stamp, (ord, owner, key, value) of each), and
        # the last partial update of the rows as (stamp before, stamp after, owners): see `_rows`.
        self._read: dict[tuple[str, tuple[str, ...] | None], tuple[str | None, list[tuple[str, str, str, Any]]]] = {}
        self._moved: tuple[str | None, str, set[str]] | None = None
        self._kinds_read: set[str] | None = None  # kinds of row read by the answer `remember` computes now
        # Records `small_kb` validated, by path, with the parse results they came from: rows and findings
        # after one change want mostly the same files, validated once (records are frozen, so shared safely).
        self._validated: dict[str, tuple[str | None, str, Any, list[Problem]]] = {}

    @cached_property
    def stamp(self) -> str:
        """What every stored answer must be stamped with to hold now: pp's code and every file's content.

        The stat fingerprint is a shortcut to the content fingerprint it was
        last seen with; a new one means a look at every file (`pp_cli.sync`):
        changed files are hashed, and parsed if their bytes are new.
        """
        stat = self._fingerprint.value()
        if not self.cache.usable:
            return f"{self._prefix}stat:{stat}"
        content = self.cache.content_of(stat)
        if content is None:
            from pp_cli.sync import sync

            content = sync(self.root, self.cache, self.progress, seen=self._fingerprint)
            self._synced = True
        return f"{self._prefix}{content or 'stat:' + stat}"

    def _holds(self, stored: str, variant: str = "") -> bool:
        """Whether an answer stamped `stored` holds; while speculating, assumed, and checked by `confirm`."""
        if self._speculating and stored.startswith(self._prefix):
            self._assumed.append((stored, variant))
            return True
        return stored == self.stamp_for(variant)

    def _fresh(self, stored: tuple[str, Any] | None, variant: str = "") -> Any | None:
        """The value of a stored (stamp, value), if it holds (see `_holds`); None if it must be computed."""
        return stored[1] if stored is not None and self._holds(stored[0], variant) else None

    def stamp_for(self, variant: str) -> str:
        """The stamp of an answer that also depends on `variant` (the day, an option)."""
        return f"{self.stamp}/{variant}" if variant else self.stamp

    @property
    def prefix(self) -> str:
        """What every stamp made by this code starts with."""
        return self._prefix

    def confirm(self) -> bool:
        """Stop speculating; True if every answer reused meanwhile still holds."""
        held = all(stored == self.stamp_for(variant) for stored, variant in self._assumed)
        if held:
            self._read.clear()
        else:
            self._rows_ok = False
        self._speculating = False
        self._assumed.clear()
        return held

    def kb(self) -> KnowledgeBase:
        """The whole knowledge base, loaded once (unchanged files come from the cache)."""
        self._note("*records")
        if self._kb is None:
            from pp_cli.kb import load

            self._kb = load(self.root, cache=self.cache, progress=self.progress, synced=self._synced,
                            seen=self._fingerprint)
            self._synced = self.cache.usable
        return self._kb

    def get(self, name: str, compute: Callable[[KnowledgeBase], Any], variant: str = "") -> Any:
        """A derived answer: from the cache if no file changed since it was stored, else computed.

        `variant` names what else the answer depends on (today's date, an
        option); only the latest variant of each answer is kept.
        """
        return self.remember(name, lambda: compute(self.kb()), variant)

    def remember(self, name: str, compute: Callable[[], Any], variant: str = "", rows: Iterable[str] = ()) -> Any:
        """Like `get`, for an answer computed from other snapshots rather than from the records.

        An answer computed only from the index's rows of some kinds (`rows`) is
        stamped by when those rows last changed instead (`Cache.rows_changed`):
        an edit that changes none of them, such as a reworded summary for
        `pp stats`, leaves it standing.
        """
        stamp = self._rows_stamp(rows, variant) if rows else None
        if stamp is None:
            value = self._fresh(self.cache.snapshot(name), variant)
            stamp = self.stamp_for(variant)
        else:
            stored = self.cache.snapshot(name)
            value = stored[1] if stored is not None and stored[0] == stamp else None
        if value is not None:
            return value
        outer, self._kinds_read = self._kinds_read, set()
        try:
            value = compute()
        finally:
            read, self._kinds_read = self._kinds_read, outer
        if outer is not None:  # an answer computed while another is: what it read, that one read too
            outer |= read
        if not read <= set(rows):  # it read more than it said (or the records): stamped by every file's content
            stamp = self.stamp_for(variant)
        self.cache.store_snapshot(name, stamp, value)
        return value

    def _note(self, kind: str) -> None:
        """Record that the answer being computed for `remember` read rows of `kind` (`*…`: something else)."""
        if self._kinds_read is not None:
            self._kinds_read.add(kind)

    def _rows_stamp(self, kinds: Iterable[str], variant: str) -> str | None:
        """The stamp of an answer made from rows of `kinds` only, once they hold; None without an index."""
        if self._speculating or not self.rows_hold():
            return None
        changed = self.cache.rows_changed(kinds)
        return None if changed is None else f"{self._prefix}rows:{changed}/{variant}"

    # -- per-person rows, kept up to date a few people at a time (pp_cli.derived) --

    def rows_hold(self) -> bool:
        """Whether the index's per-person rows hold now (brought up to date if not); False without a cache.

        While speculating they may be assumed to hold (`confirm` checks);
        anything computed from them and stored under the stamp must not be.
        """
        if not self.cache.usable:
            return False
        if self._rows_ok and (self._speculating or self._rows_sure):
            return True
        head = self.cache.head("derived")
        if self._speculating:
            fresh, sure = head is not None and self._holds(head), False
        else:
            fresh, sure = head is not None and head == self.stamp, True
        self._rows_ok = (fresh or self._update_rows(head)) and self.cache.usable
        self._rows_sure = self._rows_ok and (sure or not fresh)
        return self._rows_ok

    def _update_rows(self, head: str | None) -> bool:
        """Re-derive the rows of the people (and records) that changed files concern: `pp_cli.derived`."""
        from pp_cli import derived
        from pp_cli.sync import sync

        stamp = self.stamp
        if not self._synced:  # rows are derived from the stored parse results: they must be the files' now
            content = sync(self.root, self.cache, self.progress, seen=self._fingerprint)
            self._synced = True
            stamp = f"{self._prefix}{content}"
        fresh_start = head is None or not head.startswith(self._prefix)  # none yet, or other code made them
        todo = derived.EVERYTHING if fresh_start else derived.plan(self.cache)
        everything = todo.everything
        if not everything:
            try:
                small = self.small_kb(todo.wanted)
            except LookupError:  # another pp rebuilt the cache meanwhile
                everything = True
        if os.environ.get("PP_TRACE"):
            people = sum("/" not in o and ":" not in o for o in todo.owners)
            print("pp: derived rows anew for everyone" if everything else
                  f"pp: derived rows anew for {people} people", file=sys.stderr)
        if everything:
            self._moved = None
            split = None if self._kb is not None else self._parts()
            if split is not None:  # a part at a time: never every record at once
                try:
                    self.cache.store_whole(self._built(*split, rows=True, search=self.cache.keeps_search()), stamp)
                except LookupError:  # another pp rebuilt the cache meanwhile: answer from the records this time
                    return False
                return True
            kb = self.kb()
            hashes = self.cache.hashes()
            loaded = set(kb.paths.values())
            unloaded = [p for p in hashes if p not in loaded]
            try:
                data = {p: (json.loads(d) if d else None)
                        for p, (d, _problems) in zip(unloaded, self.cache.results(unloaded), strict=True)}
            except LookupError:  # another pp rebuilt the cache meanwhile: answer from the records this time
                return False
            self.cache.store_derived(
                everything=True, files=list(derived.refs_of(kb, hashes, data)), gone=[], owners=[],
                rows=_chain(derived.person_rows(kb, None), derived.problem_rows(kb, None),
                            derived.organization_rows(kb, None), derived.case_rows(kb),
                            derived.event_rows(kb, None)),
                search=derived.search_rows(kb, None) if self.cache.keeps_search() else (), stamp=stamp)
            return True
        owned = set(todo.owners)
        files = [derived.with_identity(row, small) for row in todo.files]
        self.cache.store_derived(
            everything=False, files=files, gone=todo.gone, owners=todo.owners,
            rows=_chain(derived.person_rows(small, [o for o in todo.owners if "/" not in o and ":" not in o]),
                        derived.problem_rows(small, owned), derived.organization_rows(small, owned),
                        derived.event_rows(small, owned)),
            search=derived.search_rows(small, owned) if self.cache.keeps_search() else (), stamp=stamp)
        self._moved = (head, stamp, owned)
        after = {row[0]: (row[3], row[4]) for row in files}
        self.cache.log_change(head, stamp, [[path, *old, *after.get(path, (None, None))]
                                            for path, old in todo.before.items()])
        return True

    def _parts(self) -> tuple[list[Part], dict[str, Mention], dict[str, str]] | None:
        """The whole build cut into parts (`derived.split`), with what each file mentions and its content hash,
        from every file's stored parse results; None where only the whole base will do."""
        from pp_cli import derived

        hashes = self.cache.hashes()
        paths = sorted(hashes)
        entries: dict[str, Mention] = {}
        try:
            for rel, (data, _problems) in zip(paths, self.cache.results(paths), strict=True):
                kind = derived.folder_kind(rel)
                entries[rel] = (rel, kind, *derived.mentions(kind, json.loads(data) if data else None))
        except LookupError:  # another pp rebuilt the cache meanwhile: the whole base, loaded, will do
            return None
        parts = derived.split(list(entries.values()))
        return None if parts is None else (parts, entries, hashes)

    def _built(self, parts: list[Part], entries: dict[str, Mention], hashes: dict[str, str], *, rows: bool,
               search: bool) -> Iterator[tuple[list[FileRow], list[Row], list[Row]]]:
        """Each part's (derived_files rows, rows, full-text rows), from a small knowledge base of its files;
        without `rows` or `search`, none of those."""
        from pp_cli import derived

        last: dict[str, int] = {}  # each file's last part: its record is validated once, kept until then
        for index, part in enumerate(parts):
            last.update(dict.fromkeys(part.wanted, index))
        done: list[list[str]] = [[] for _ in parts]
        for path, index in last.items():
            done[index].append(path)
        del last
        for index, part in enumerate(parts):
            small = self.small_kb(part.wanted, compact=True)
            for path in done[index]:
                del self._validated[path]
            owned = part.owned
            files = [derived.with_identity(derived.file_row(entries[path], hashes[path]), small)
                     for path in sorted(owned)] if rows else []
            made = [*derived.person_rows(small, part.people), *derived.problem_rows(small, owned),
                    *derived.organization_rows(small, owned), *derived.case_rows(small, owned),
                    *derived.event_rows(small, owned)] if rows else []
            yield files, made, list(derived.search_rows(small, owned | set(part.people))) if search else []

    def small_kb(self, paths: list[str], compact: bool = False) -> KnowledgeBase:
        """A knowledge base of just `paths`, from their stored parse results.

        Each file is validated once per run: a change's rows and findings want mostly the same files, and
        a whole build's parts share the events of people in different parts (`_built` forgets a record
        after its last part). `compact`: make the records small (`pp_cli.compact`), as a part holds
        thousands; for a few, not worth the time.
        """
        from pp_cli.kb import KnowledgeBase
        from pp_cli.records import read_bounded, validate_data

        small = KnowledgeBase(self.root)
        for rel, (data, problems_json) in zip(paths, self.cache.results(paths), strict=True):
            known = self._validated.get(rel)
            if known is not None and known[0] == data and known[1] == problems_json:
                record, problems = known[2], known[3]
            else:
                problems = [Problem.from_dict(p) for p in json.loads(problems_json)]
                record = None
                if data is not None:
                    record, more = validate_data(data, rel, rel.split("/")[1],
                                                 lambda rel=rel: read_bounded(self.root / rel), held=compact)
                    problems = [*problems, *more]
                self._validated[rel] = (data, problems_json, record, problems)
            small.add(rel, record, list(problems))
        return small

    def problems(self) -> list[Problem]:
        """Problems found while loading (not the cross-record checks of `pp validate`)."""
        if self.rows_hold():
            return [Problem.from_dict(p) for found in self._rows("problems") for p in found]
        return list(self.kb().problems)

    def people(self, statuses: list[str] | None = None) -> list[dict[str, Any]]:
        """People's rows with their current status (see queries.person_row), optionally of some statuses."""
        return self._rows("people", statuses)

    def _rows(self, kind: str, keys: list[str] | None = None) -> list[Any]:
        """The values of the index's rows of `kind` (with one of `keys`), in their owners' order.

        Rows read while speculating are kept until `confirm`: if it fails because
        a few files changed, the rows were brought up to date for the owners those
        files concern (`_update_rows`), and only those owners' rows are read again.
        """
        self._note(kind)
        if not self.rows_hold():
            return [json.loads(value) for *_order, value in self._made(kind, keys)]
        asked = (kind, None if keys is None else tuple(keys))
        kept = self._read.pop(asked, None)
        moved = self._moved
        head, found = None, None
        if kept is not None and moved is not None and kept[0] == moved[0]:
            head, fresh = self.cache.ordered_rows(kind, keys, sorted(moved[2]))
            if head == moved[1]:
                found = sorted([r for r in kept[1] if r[1] not in moved[2]] + fresh, key=lambda r: r[:3])
                if os.environ.get("PP_TRACE"):
                    print(f"pp: read {kind} rows again for {len(moved[2])} owners", file=sys.stderr)
        if found is None:
            head, found = self.cache.ordered_rows(kind, keys)
        if not self.cache.usable:  # the index failed while being read: the records answer
            return [json.loads(value) for *_order, value in self._made(kind, keys)]
        if self._speculating:
            self._read[asked] = (head, found)
        return [value for *_order, value in found]

    def rows_of(self, kind: str, owners: list[str] | None = None) -> list[tuple[str, Any]]:
        """(key, value) of the index's rows of `kind` (owned by one of `owners`, if given), in their owners' order.

        Without an index they are made now from the whole knowledge base by the
        same code (`derived.rows_of_kb`), so an answer from them is the same either way.
        """
        self._note(kind)
        if self.rows_hold():
            pairs = self.cache.keyed_pairs(kind) if owners is None else self.cache.owned_pairs(kind, owners)
            if self.cache.usable:  # else the index failed while being read: the records answer
                return pairs
        return [(key, json.loads(value)) for _order, _owner, key, value in self._made(kind, None, owners)]

    def _made(self, kind: str, keys: list[str] | None = None, owners: list[str] | None = None) -> list[
            tuple[str, str, str, str]]:
        """(order, owner, key, value JSON) of the rows of `kind` (with one of `keys`, of one of `owners`), made
        now from the whole knowledge base by the code that makes the index's (`derived.rows_of_kb`)."""
        from pp_cli import derived

        wanted_keys = None if keys is None else set(keys)
        wanted = None if owners is None else set(owners)
        made = [(order, owner, key, value) for _kind, owner, key, order, value in derived.rows_of_kb(self.kb(), kind)
                if (wanted is None or owner in wanted) and (wanted_keys is None or key in wanted_keys)]
        made.sort(key=lambda r: r[:3])
        return made

    def files_mentioning(self, ident: str) -> list[str] | None:
        """The files whose records name `ident` (a person's id, `case:ID`), from the index; None without one."""
        self._note("*mentions")
        return self.cache.mentioning([ident]) if self.rows_hold() else None

    def person_names(self, ids: Iterable[str]) -> dict[str, str]:
        """Each of `ids` that is a person on record, with their name (from their list rows, when indexed)."""
        self._note("people")
        wanted = sorted(set(ids))
        if self.rows_hold():
            return {row["id"]: row["name"] for _key, row in self.cache.owned_pairs("people", wanted)}
        kb = self.kb()
        return {pid: kb.prisoners[pid].name for pid in wanted if pid in kb.prisoners}

    def case_ids(self) -> list[str]:
        """The ids of the cases that loaded, sorted."""
        self._note("cases")
        if self.rows_hold():
            return sorted(key for key, _value in self.cache.keyed_pairs("cases"))
        return sorted(self.kb().cases)

    def organizations(self) -> dict[str, str]:
        """Each organization's id with its name."""
        return {oid: names[0] for oid, names in self.organization_names().items()}

    def organization_names(self) -> dict[str, list[str]]:
        """Each organization's id with its name and other names (for `--affiliation "N!DA"`)."""
        return dict(self.rows_of("organizations"))

    def candidates(self) -> list[Candidate]:
        from pp_cli.names import Candidate

        return [Candidate(pid, display, tuple(names), tuple(keys)) for pid, display, names, keys in self._rows("names")]

    def exact_candidates(self, query: str) -> list[Candidate]:
        """People whose id, or one of whose names, is exactly `query` (up to spelling): one indexed read.

        The common `pp show "Full Name"` needs nothing else; other queries
        fall back to `candidates()` and the full matching rules.
        """
        self._note("name_key")
        from pp_cli.names import Candidate, skeleton

        key = skeleton(query)
        if not key:
            return []
        keys = [f"id:{query.strip().lower()}", key]
        found = self.cache.keyed_rows("name_key", keys) if self.rows_hold() else None
        if found is None or not self.cache.usable:  # no index, or it failed while being read
            found = {}
            for _order, _owner, k, value in self._made("name_key", keys):
                found.setdefault(k, []).append(json.loads(value))
        chosen = found.get(keys[0]) or found.get(key) or []
        return [Candidate(pid, display, tuple(names), tuple(ks)) for pid, display, names, ks in chosen]

    def search_documents(self, tokens: list[str], kinds: list[str], limit: int = SEARCH_CANDIDATES) -> list[Any]:
        """Search documents that may match `tokens` (a superset, best first), from the cache's full-text index.

        `pp_cli.search.search` ranks them; the index only narrows a large
        knowledge base down to the few thousand records worth ranking.
        """
        self._note("*search")
        from pp_cli import derived
        from pp_cli.search import PREFIX_MIN, SearchDoc

        if self.rows_hold():
            if not self.cache.keeps_search():
                self._index_search()
            found = self.cache.search_candidates(tokens, kinds, limit, PREFIX_MIN)
            if found is not None:
                return [SearchDoc.from_dict(json.loads(doc)) for doc in found[1]]
        made = derived.search_rows(self.kb(), None)  # no index: rank them all
        return [SearchDoc.from_dict(json.loads(doc)) for _owner, _key, kind, _tokens, doc in made
                if not kinds or kind in kinds]

    def _index_search(self) -> None:
        """The first search: index every record (a part at a time, as `_update_rows`), kept from now on."""
        from pp_cli import derived

        split = None if self._kb is not None else self._parts()
        if split is not None:
            try:
                self.cache.store_search(row for _files, _rows, search in self._built(*split, rows=False, search=True)
                                        for row in search)
                return
            except LookupError:  # another pp rebuilt the cache meanwhile: from the records this time
                pass
        self.cache.store_search(derived.search_rows(self.kb(), None))

    def keyed(self, name: str, key: str, compute: Callable[[], Any]) -> Any:
        """An answer about one thing (`key`, e.g. one person's page), kept under the stamp until any file changes.

        While speculating, the one stored under the stamp of the answers reused so
        far is reused too; one computed is stored under the stamp, from what holds.
        """
        if self._speculating and self._assumed:
            guess = self._assumed[-1][0]
            value = self.cache.item(name, f"{guess}:{key}")
            if value is not None and self._holds(guess):
                return value
        stamped = f"{self.stamp}:{key}"
        value = self.cache.item(name, stamped)
        if value is None:
            speculating, self._speculating = self._speculating, False
            try:
                value = compute()
            finally:
                self._speculating = speculating
            self.cache.store_item(name, stamped, value, self.stamp)
        return value

    def items(self, name: str, keys: list[str], compute: Callable[[KnowledgeBase], dict[str, Any]]) -> dict[str, Any]:
        """Some entries of a whole-knowledge-base mapping, stored entry by entry; computed from every record
        (and every entry stored) when it no longer holds."""
        found = self._fresh(self.cache.snapshot_items(name, keys))
        if found is not None:
            return found
        everything = compute(self.kb())
        self.cache.store_snapshot_items(name, self.stamp, everything)
        return {k: everything[k] for k in keys if k in everything}

    @property
    def loaded(self) -> KnowledgeBase | None:
        """The whole knowledge base if this view loaded it already (then nothing smaller is worth building)."""
        return self._kb


def _chain(*parts: Iterable[Any]) -> Iterator[Any]:
    for part in parts:
        yield from part
