"""Finding and loading a knowledge base: the folder that holds `data/`.

One bad file never hides the good ones: every file yields either a record or
problems, and the knowledge base keeps both.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pp_cli.errors import KnowledgeBaseNotFound, Problem
from pp_cli.models import Event, Organization, Prisoner

ENV_VAR = "PP_DATA"


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """`--data` wins, then $PP_DATA, then the nearest folder upwards that holds `data/`.

    `--data` and $PP_DATA may name either the repository root or its `data/` folder.
    """
    given = explicit or os.environ.get(ENV_VAR)
    if given:
        path = Path(given).expanduser().resolve()
        if path.name == "data" and not (path / "data").is_dir():
            path = path.parent
        if not (path / "data").is_dir():
            origin = "--data" if explicit else f"${ENV_VAR}"
            raise KnowledgeBaseNotFound(
                f"{origin} points at {path}, which has no data/ folder",
                "point it at the repository that holds data/ (or at data/ itself)",
            )
        return path
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "prisoners").is_dir() or (folder / "data" / "events").is_dir():
            return folder
    raise KnowledgeBaseNotFound(
        f"no knowledge base found in {here} or any folder above it",
        f"run pp inside a repository that holds data/, or pass --data PATH (or set {ENV_VAR})",
    )


def record_files(root: Path) -> list[tuple[str, int, int]]:
    """Every `*.yaml`/`*.yml` file under data/, as (relative path, mtime_ns, size), sorted.

    Uses scandir so that listing and stat-ing cost one pass; symlinks are not
    followed, so a pull request cannot point pp at files outside the repository.
    """
    found: list[tuple[str, int, int]] = []
    stack = [root / "data"]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    stack.append(Path(entry.path))
            elif entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith("."):
                st = entry.stat(follow_symlinks=False)
                rel = Path(entry.path).relative_to(root).as_posix()
                found.append((rel, st.st_mtime_ns, st.st_size))
    found.sort()
    return found


@dataclass
class KnowledgeBase:
    """Everything that loaded, plus a problem list for what did not."""

    root: Path
    prisoners: dict[str, Prisoner] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> relpath
    _by_person: dict[str, list[Event]] | None = field(default=None, repr=False)

    def add(self, relpath: str, record: Prisoner | Event | Organization | None, problems: list[Problem]) -> None:
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
            for event in sorted(self.events.values(), key=event_order):
                for pid in dict.fromkeys(event.people):
                    index[pid].append(event)
            self._by_person = index
        return self._by_person.get(person_id, [])

    def path_of(self, record: Prisoner | Event | Organization) -> str:
        return self.paths[(_table(self, record)[0], record.id)]

    @property
    def bad_files(self) -> list[str]:
        return sorted({p.path for p in self.problems if p.severity == "error"})


def _table(kb: KnowledgeBase, record: Prisoner | Event | Organization) -> tuple[str, dict]:
    if isinstance(record, Prisoner):
        return "prisoners", kb.prisoners
    if isinstance(record, Event):
        return "events", kb.events
    return "organizations", kb.organizations


def event_order(event: Event) -> tuple:
    """Chronological order; same-day events keep a stable order by id."""
    return (event.date.sort_key(), event.id)


def load(root: Path, *, use_cache: bool = True, progress: bool = False) -> KnowledgeBase:
    """Load every record under `root/data`, collecting problems instead of raising."""
    from pp_cli.records import parse_file

    kb = KnowledgeBase(root)
    for relpath, _mtime, _size in record_files(root):
        if relpath.endswith(".yml"):
            kb.add(relpath, None, [Problem("PP008", relpath, "record files end in .yaml",
                                           hint=f"rename it to {relpath[:-4]}.yaml")])
            continue
        record, problems = parse_file(root, relpath)
        kb.add(relpath, record, problems)
    return kb
