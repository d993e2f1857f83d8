"""Finding and loading a knowledge base: the folder that holds `data/`.

One bad file never hides the good ones: every file yields either a record or
problems, and the knowledge base keeps both.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pp_cli.cache import Cache, FileEntry
from pp_cli.discovery import ENV_VAR, find_root, record_files
from pp_cli.errors import Problem
from pp_cli.models import Case, CriminalCode, Event, Organization, Prisoner
from pp_cli.records import read_bounded

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


Progress = Callable[[int, int], None]  # (done, total), for a progress bar
PARALLEL_FROM = 400  # below this many files to parse, worker start-up costs more than it saves
STORE_EVERY = 5_000  # parsed files written to the cache per transaction
LOADS = 0  # knowledge bases loaded by this process, for PP_TRACE (see pp_cli.cli.main)


def load(
    root: Path,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    cache: Cache | None = None,
    files: list[FileEntry] | None = None,
) -> KnowledgeBase:
    """Load every record under `root/data`, collecting problems instead of raising.

    Files unchanged since the last run (same mtime and size) come from the
    cache without being parsed; the rest are parsed on every core when there
    are many. The garbage collector is paused meanwhile: bulk loading makes
    it rescan ever more objects for no gain (DESIGN.md, "Speed").
    """
    global LOADS
    from pp_cli.records import validate_data

    files = sorted(record_files(root) if files is None else files)  # a stable order: "first" wins on duplicate ids
    own_cache = cache is None
    cache = Cache(root, use_cache) if cache is None else cache
    kb = KnowledgeBase(root)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        cached = cache.files()
        todo = [rel for rel, mtime, size in files if cached.get(rel) != (mtime, size)]
        LOADS += 1
        if os.environ.get("PP_TRACE"):
            print(f"pp: parsed {len(todo)} of {len(files)} files", file=sys.stderr)
        todo_set = set(todo)
        fresh = iter(parse_many(root, todo, progress))  # parsed on other cores while this loop validates
        kept = cache.results([rel for rel, _m, _s in files if rel not in todo_set])
        rows: list[tuple[str, int, int, str | None, str]] = []
        for rel, mtime, size in files:
            if rel in todo_set:
                data_json, problems_json = next(fresh)
                rows.append((rel, mtime, size, data_json, problems_json))
                if len(rows) == STORE_EVERY:  # written while workers parse, not all at the end
                    cache.store_files(rows, [])
                    rows = []
            else:
                try:
                    data_json, problems_json = next(kept)
                except (LookupError, StopIteration):  # another pp rebuilt the cache meanwhile: parse it here
                    data_json, problems_json = _parse_one(root, rel)
                    rows.append((rel, mtime, size, data_json, problems_json))
            problems = [] if problems_json == "[]" else [
                Problem.from_dict(p) for p in json.loads(problems_json)
            ]
            record = None
            if data_json is not None:
                kind = rel.split("/")[1]
                record, more = validate_data(data_json, rel, kind, lambda rel=rel: read_bounded(root / rel))
                problems = [*problems, *more]
            kb.add(rel, record, problems)
        for _ in fresh:  # run the generator to its end, so the worker pool shuts down now
            pass
        present = {rel for rel, _m, _s in files}
        cache.store_files(rows, [rel for rel in cached if rel not in present])
    finally:
        gc.freeze()  # what was loaded lives as long as the process: keep later collections from rescanning it
        if gc_was_enabled:
            gc.enable()
        if own_cache:
            cache.close()
    return kb


def _parse_one(root: Path, relpath: str) -> tuple[str | None, str]:
    """(parsed mapping, problems) of one file as JSON: cheap to send between processes and to cache."""
    from pp_cli.records import read_yaml

    data, problems = read_yaml(root, relpath)
    return (
        None if data is None else json.dumps(data, ensure_ascii=False),
        json.dumps([dataclasses.asdict(p) for p in problems], ensure_ascii=False) if problems else "[]",
    )


def _parse_chunk(root: Path, paths: list[str]) -> list[tuple[str | None, str]]:
    return [_parse_one(root, rel) for rel in paths]


def parse_many(root: Path, paths: list[str], progress: Progress | None = None) -> Iterator[tuple[str | None, str]]:
    """Parse files, on every core when there are many; yields results in the order of `paths`."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        for done, rel in enumerate(paths, 1):
            result = _parse_one(root, rel)
            if progress and (done % 200 == 0 or done == len(paths)):
                progress(done, len(paths))  # before yielding, so the bar reaches 100% and closes
            yield result
        return
    size = max(50, min(500, len(paths) // (workers * 8)))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    done = 0
    for chunk_result in _map_chunks(root, chunks, workers):
        done += len(chunk_result)
        if progress:
            progress(done, len(paths))  # before yielding, so the bar reaches 100% and closes
        yield from chunk_result


def _map_chunks(root: Path, chunks: list[list[str]], workers: int) -> Iterator[list[tuple[str | None, str]]]:
    """Parsed chunks in order: on forked workers that die with pp (Linux), else on a process pool."""
    from functools import partial

    from pp_cli import forking

    if sys.platform == "linux":
        yield from forking.map_chunks(partial(_parse_chunk, root), chunks, workers)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(_parse_chunk, [root] * len(chunks), chunks)
