"""Finding and loading a knowledge base: the folder that holds `data/`.

One bad file never hides the good ones: every file yields either a record or
problems, and the knowledge base keeps both.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pp_cli import sync as syncing
from pp_cli.cache import Cache
from pp_cli.discovery import ENV_VAR, find_root, record_files
from pp_cli.errors import Problem
from pp_cli.models import Case, CriminalCode, Event, Organization, Prisoner
from pp_cli.sync import Progress
from pp_cli.yamlio import read_bounded

if TYPE_CHECKING:
    from pp_cli.fingerprint import Fingerprint

# Finding the knowledge base lives in pp_cli.discovery (no model imports); re-exported here.
__all__ = ["ENV_VAR", "KnowledgeBase", "find_root", "load", "record_files"]


@dataclass
class KnowledgeBase:
    """Everything that loaded, plus a problem list for what did not."""

    root: Path
    prisoners: dict[str, Prisoner] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)  # data/cases/ (issue 12)
    codes: dict[str, CriminalCode] = field(default_factory=dict)  # data/codes/: criminal-code registries
    problems: list[Problem] = field(default_factory=list)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> relpath
    _by_person: dict[str, list[Event]] | None = field(default=None, repr=False)
    content: str | None = None  # the content fingerprint of what was loaded, when it came through the cache

    def add(self, relpath: str, record: Prisoner | Event | Organization | Case | CriminalCode | None,
            problems: list[Problem]) -> None:
        self.problems.extend(problems)
        if record is None or any(p.severity == "error" for p in problems):
            return
        kind, table = _table(self, record)
        if record.id in table:
            first = self.paths[(kind, record.id)]
            self.problems.append(
                Problem("PP105", relpath, f"id `{record.id}` is already used by {first}", field="id",
                        hint="ids must be unique; choose another id", related=(first,))
            )
            return
        table[record.id] = record  # type: ignore[index]
        self.paths[(kind, record.id)] = relpath
        self._by_person = None

    def events_of(self, person_id: str) -> list[Event]:
        """A person's events in date order."""
        if self._by_person is None:
            index: dict[str, list[Event]] = defaultdict(list)
            from pp_cli.chronology import order

            for event in order(self.events.values()):
                for pid in dict.fromkeys(event.people):
                    index[pid].append(event)
            self._by_person = index
        return self._by_person.get(person_id, [])

    def events_of_case(self, case_id: str) -> list[Event]:
        """The events of a case in date order."""
        from pp_cli.chronology import order

        return order(e for e in self.events.values() if e.case == case_id)

    def path_of(self, record: Prisoner | Event | Organization | Case | CriminalCode) -> str:
        return self.paths[(_table(self, record)[0], record.id)]

    @property
    def bad_files(self) -> list[str]:
        return sorted({p.path for p in self.problems if p.severity == "error"})


def _table(kb: KnowledgeBase, record: Prisoner | Event | Organization | Case | CriminalCode) -> tuple[str, dict]:
    if isinstance(record, Prisoner):
        return "prisoners", kb.prisoners
    if isinstance(record, Event):
        return "events", kb.events
    if isinstance(record, Case):
        return "cases", kb.cases
    if isinstance(record, CriminalCode):
        return "codes", kb.codes
    return "organizations", kb.organizations


def event_order(event: Event) -> tuple:
    """Chronological order; same-day events keep a stable order by id."""
    return (event.date.sort_key(), event.id)


def load(
    root: Path,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    cache: Cache | None = None,
    synced: bool = False,
    seen: Fingerprint | None = None,
) -> KnowledgeBase:
    """Load every record under `root/data`, collecting problems instead of raising.

    Unchanged files come from the cache without being parsed (see `sync`;
    `synced`: this process just did, so the stored results are current);
    the rest are parsed on every core when there are many. The garbage
    collector is paused meanwhile: bulk loading makes it rescan ever more
    objects for no gain (DESIGN.md, "Speed").
    """
    from pp_cli.records import validate_data

    own_cache = cache is None
    cache = Cache(root, use_cache) if cache is None else cache
    kb = KnowledgeBase(root)

    def add(rel: str, data_json: str | None, problems_json: str) -> None:
        problems = [] if problems_json == "[]" else [Problem.from_dict(p) for p in json.loads(problems_json)]
        record = None
        if data_json is not None:
            record, more = validate_data(data_json, rel, rel.split("/")[1], lambda: read_bounded(root / rel))
            problems = [*problems, *more]
        kb.add(rel, record, problems)

    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if cache.usable:
            try:
                content = syncing.sync(root, cache, progress, add, done=synced, seen=seen)
            except LookupError:  # another pp rebuilt the cache meanwhile: look at every file again
                kb = KnowledgeBase(root)
                content = syncing.sync(root, cache, progress, add)
            kb.content = content
        else:
            files = sorted(rel for rel, _m, _s in record_files(root))
            syncing.LOADS += 1
            if os.environ.get("PP_TRACE"):
                print(f"pp: parsed {len(files)} of {len(files)} files", file=sys.stderr)
            for rel, (data_json, problems_json, _digest, _blob) in zip(files, syncing.parse_many(root, files, progress),
                                                                      strict=True):
                add(rel, data_json, problems_json)
    finally:
        gc.freeze()  # what was loaded lives as long as the process: keep later collections from rescanning it
        if gc_was_enabled:
            gc.enable()
        if own_cache:
            cache.close()
    return kb
