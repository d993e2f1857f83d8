"""What a git range changed, in the data's terms (`pp diff`): people, events, fields, statuses.

Git is run as a subprocess (no extra dependency), only with read-only
commands, with revisions checked so that none can be read as an option.
Old file versions are read with one `git cat-file --batch` and parsed with the
same bounded, safe loader as the working tree (`records.parse_bytes`).

Only files that differ are read from git. Each side of the comparison is the
working-tree knowledge base with those files swapped for their versions at
that revision, so a person's status on each side is derived from all their
events without reading the whole history.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pp_cli.errors import Problem, UsageError
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Event, Organization, Prisoner

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree: the base of a repository without commits
WORKTREE = None  # a side that is the working tree rather than a revision
MAIN_BRANCHES = ("main", "master")

Record = Prisoner | Event | Organization


# --------------------------------------------------------------------------- git


class Git:
    """Read-only git commands run in the knowledge base's folder; paths are relative to it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        if not self.run("rev-parse", "--show-toplevel", check=False).strip():
            raise UsageError(
                f"{root} is not inside a git repository",
                "pp diff compares git revisions; run it in a clone of the knowledge base",
            )

    def run(self, *args: str, stdin: bytes | None = None, check: bool = True) -> bytes:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
        try:
            done = subprocess.run(
                ["git", "-c", "core.quotepath=false", *args], cwd=self.root, input=stdin,
                capture_output=True, env=env, check=False,
            )
        except FileNotFoundError:
            raise UsageError("git is not installed or not on PATH", "pp diff needs git") from None
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(done.returncode)}")
        return done.stdout

    def commit(self, rev: str) -> str | None:
        """The commit a revision names, or None."""
        if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
            raise UsageError(f"`{rev}` is not a revision", "e.g. main, HEAD~1, origin/main or a commit hash")
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        sha = out.decode().strip()
        return sha or None

    def resolve(self, rev: str) -> str:
        sha = self.commit(rev)
        if sha is None:
            raise UsageError(f"unknown revision `{rev}`", "e.g. main, HEAD~1, origin/main or a commit hash")
        return sha

    def merge_base(self, a: str, b: str) -> str | None:
        out = self.run("merge-base", "--end-of-options", a, b, check=False).decode().strip()
        return out or None

    def main_branch(self) -> str | None:
        """The branch pull requests go into: $GITHUB_BASE_REF's, else main or master, local or on origin."""
        names = []
        base_ref = os.environ.get("GITHUB_BASE_REF")
        if base_ref:
            names += [f"origin/{base_ref}", base_ref]
        names += [*MAIN_BRANCHES, *(f"origin/{b}" for b in MAIN_BRANCHES)]
        head = self.run("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False).decode().strip()
        if head:
            names.append(head)
        return next((n for n in names if self.commit(n)), None)

    def changed_since(self, rev: str) -> set[str]:
        """Paths under data/ whose working-tree state differs from `rev`, untracked and ignored files included."""
        out = self.run("diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--relative", rev, "--", "data")
        paths = {p for p in out.decode("utf-8", "surrogateescape").split("\0") if p}
        others = self.run("ls-files", "--others", "-z", "--", "data").decode("utf-8", "surrogateescape")
        return paths | {p for p in others.split("\0") if p}

    def blobs(self, rev: str, paths: Iterable[str]) -> dict[str, bytes | None]:
        """Contents of `paths` at `rev` (None where the path is absent or not a file), in one git call."""
        paths = [p for p in paths if "\n" not in p]
        if not paths:
            return {}
        request = "".join(f"{rev}:./{p}\n" for p in paths).encode("utf-8", "surrogateescape")
        out = self.run("cat-file", "--batch", stdin=request)
        result: dict[str, bytes | None] = {}
        pos = 0
        for path in paths:
            end = out.index(b"\n", pos)
            header = out[pos:end].split(b" ")
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                result[path] = out[pos : pos + size]
                pos += size + 1
            elif len(header) == 3:  # a tree or a link: read past it, it is not a record
                pos += int(header[2]) + 1
                result[path] = None
            else:  # "<object> missing"
                result[path] = None
        return result


# --------------------------------------------------------------------------- the two sides


@dataclass
class Side:
    label: str  # what the user sees: "main (merge base 1a2b3c4)", "working tree"
    rev: str | None  # commit hash, or None for the working tree


def choose_sides(git: Git, base: str | None, head: str | None) -> tuple[Side, Side]:
    """BASE and HEAD as the user gave them (`A..B` and `A...B` accepted) or by default."""
    if base and head is None and "..." in base:
        left, right = base.split("...", 1)
        a, b = git.resolve(left or "HEAD"), git.resolve(right or "HEAD")
        merged = git.merge_base(a, b)
        if merged is None:
            raise UsageError(f"`{left}` and `{right}` have no common history")
        return Side(f"{left or 'HEAD'} (merge base {merged[:7]})", merged), Side(right or "HEAD", b)
    if base and head is None and ".." in base:
        left, right = base.split("..", 1)
        return Side(left or "HEAD", git.resolve(left or "HEAD")), Side(right or "HEAD", git.resolve(right or "HEAD"))
    if base:
        old = Side(base, git.resolve(base))
        new = Side(head, git.resolve(head)) if head else Side("working tree", WORKTREE)
        return old, new
    here = git.commit("HEAD")
    if here is None:  # no commits yet: everything is new
        return Side("an empty repository", EMPTY_TREE), Side("working tree", WORKTREE)
    branch = git.main_branch()
    if branch is None:
        return Side("HEAD (no main or master branch found)", here), Side("working tree", WORKTREE)
    merged = git.merge_base(git.resolve(branch), here)
    if merged is None:
        raise UsageError(
            f"{branch} and HEAD have no common history here",
            "in a shallow clone, fetch the whole history (actions/checkout: `fetch-depth: 0`), "
            "or name the revisions: pp diff BASE [HEAD]",
        )
    return Side(f"{branch} (merge base {merged[:7]})", merged), Side("working tree", WORKTREE)


def _read_worktree(root: Path, relpath: str) -> bytes | None:
    """A working-tree file's bytes (at most one byte past the size limit, so the loader reports it), or None."""
    from pp_cli.yamlio import MAX_BYTES

    path = root / relpath
    if path.is_symlink() or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def contents(git: Git, kb: KnowledgeBase, side: Side) -> dict[str, bytes | None]:
    """Files whose content on `side` differs from the working tree, with that content (None: absent).

    Untracked and ignored files count as absent from every revision.
    """
    if side.rev is WORKTREE:
        return {}
    paths = sorted(p for p in git.changed_since(side.rev) if p.endswith((".yaml", ".yml")))
    return git.blobs(side.rev, paths)


def side_kb(kb: KnowledgeBase, files: dict[str, bytes | None]) -> tuple[
    KnowledgeBase, dict[str, Record], list[Problem]
]:
    """`kb` with every file in `files` replaced by that content (absent when None).

    Also returns the records swapped in, by path, and the problems of those files.
    """
    from pp_cli.records import kind_of, parse_bytes

    out = KnowledgeBase(kb.root)
    for kind, table in (("prisoners", kb.prisoners), ("events", kb.events), ("organizations", kb.organizations),
                        ("cases", kb.cases), ("codes", kb.codes)):
        for rid, record in table.items():
            path = kb.paths[(kind, rid)]
            if path not in files:
                out.add(path, record, [])
    swapped: dict[str, Record] = {}
    problems: list[Problem] = []
    for path in sorted(files):
        raw = files[path]
        kind = kind_of(path)
        if raw is None or kind is None:
            continue
        if not path.endswith(".yaml"):
            problems.append(Problem("PP008", path, "record files end in .yaml", hint=f"rename it to {path[:-4]}.yaml"))
            continue
        record, found = parse_bytes(raw, path, kind)
        problems.extend(found)
        if record is not None and not any(p.severity == "error" for p in found):
            out.add(path, record, [])
            swapped[path] = record
    return out, swapped, problems


# --------------------------------------------------------------------------- comparing records


@dataclass
class FieldChange:
    field: str
    old: Any = None
    new: Any = None
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)


@dataclass
class RecordChange:
    kind: str  # prisoners, events, organizations
    change: str  # added, removed, changed, renamed
    id: str
    label: str  # name or title
    path: str
    old_path: str | None = None
    old_id: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # for added records: what it says, briefly


@dataclass
class StatusChange:
    id: str
    name: str
    old: str | None
    old_as_of: str | None
    new: str
    new_as_of: str | None
    event: str | None  # the event deciding the new status


@dataclass
class DataDiff:
    base: str
    head: str
    records: list[RecordChange] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # changed files that do not load on the head side
    unchanged_files: list[str] = field(default_factory=list)  # changed, but not in what the records say

    @property
    def empty(self) -> bool:
        return not (self.records or self.statuses or self.problems)


def _label(record: Record) -> str:
    return record.title if isinstance(record, Event) else record.name


def _item_label(item: Any) -> Any:
    if isinstance(item, dict):
        for key in ("url", "name", "org", "description", "by", "field"):
            if item.get(key):
                return item[key]
    return item


def _compare(old: Any, new: Any, path: str) -> list[FieldChange]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in dict.fromkeys([*old, *new]):
            changes += _compare(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        added = [x for x in new if x not in old]
        removed = [x for x in old if x not in new]
        if not added and not removed:  # the same items, reordered
            return [FieldChange(path, old=[_item_label(x) for x in old], new=[_item_label(x) for x in new])]
        return [FieldChange(path, added=[_item_label(x) for x in added], removed=[_item_label(x) for x in removed])]
    return [FieldChange(path, old=old, new=new)]


def _dump(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude_defaults=True)


def _events_by_person(kb: KnowledgeBase, people: set[str]) -> dict[str, list[Event]]:
    """The events of a few people, in date order, without indexing every event of a large knowledge base."""
    from pp_cli.kb import event_order

    found: dict[str, list[Event]] = {pid: [] for pid in people}
    for event in kb.events.values():
        for pid in dict.fromkeys(event.people):
            if pid in found:
                found[pid].append(event)
    for events in found.values():
        events.sort(key=event_order)
    return found


def _facts(kind: str, record: Record, events: list[Event]) -> dict[str, Any]:
    from pp_cli.status import derive

    facts: dict[str, Any] = {}
    if isinstance(record, Prisoner):
        info = derive(record, events)
        facts["status"] = info.status.value
        facts["as_of"] = str(info.as_of) if info.as_of else None
        facts["roles"] = [r.value for r in record.roles]
    elif isinstance(record, Event):
        facts.update(date=str(record.date), type=record.type.value, people=list(record.people))
    elif hasattr(record, "type"):
        facts["type"] = record.type.value
    else:  # a case or a code registry (issue 12)
        facts["type"] = kind.rstrip("s")
    facts["sources"] = len(record.sources)
    return facts


def compare(git: Git, kb: KnowledgeBase, old: Side, new: Side) -> DataDiff:
    """Everything that changed between two sides, as records, fields and statuses."""
    overrides_old, overrides_new = contents(git, kb, old), contents(git, kb, new)
    candidates = set(overrides_old) | set(overrides_new)
    before = {p: overrides_old[p] if p in overrides_old else _read_worktree(kb.root, p) for p in candidates}
    after = {p: overrides_new[p] if p in overrides_new else _read_worktree(kb.root, p) for p in candidates}
    changed = {p for p in candidates if before[p] != after[p]}
    kb_old, swapped_old, _ = side_kb(kb, before)
    kb_new, swapped_new, problems = side_kb(kb, after)
    rec_old = {p: r for p, r in swapped_old.items() if p in changed}
    rec_new = {p: r for p, r in swapped_new.items() if p in changed}
    diff = DataDiff(old.label, new.label, problems=[p for p in problems if p.path in changed])
    touched: set[str] = set()
    for record in (*rec_old.values(), *rec_new.values()):
        if isinstance(record, Prisoner):
            touched.add(record.id)
        elif isinstance(record, Event):
            touched.update(record.people)
    events_old, events_new = _events_by_person(kb_old, touched), _events_by_person(kb_new, touched)

    old_by_id = {(side_kb_kind(r), r.id): (p, r) for p, r in rec_old.items()}
    new_by_id = {(side_kb_kind(r), r.id): (p, r) for p, r in rec_new.items()}
    removed_ids = {k for k in old_by_id if k not in new_by_id}
    renamed_from: dict[tuple[str, str], str] = {}
    for key in new_by_id:
        if key not in old_by_id:
            former = next((f for f in new_by_id[key][1].former_ids if (key[0], f) in removed_ids), None)
            if former:
                renamed_from[key] = former
    consumed = {(k[0], f) for k, f in renamed_from.items()}
    shown: set[str] = set()
    for key in sorted(set(old_by_id) | set(new_by_id), key=_kind_order):
        kind, rid = key
        if key in new_by_id:
            path, record = new_by_id[key]
            prior_key = (kind, renamed_from[key]) if key in renamed_from else key
            if prior_key in old_by_id:
                old_path, prior = old_by_id[prior_key]
                fields = _compare(_dump(prior), _dump(record), "")
                if not fields and old_path == path:
                    continue
                shown.add(old_path)
                change = "renamed" if prior_key != key else "changed"
                diff.records.append(RecordChange(
                    kind, change, rid, _label(record), path,
                    old_path if old_path != path else None, prior_key[1] if change == "renamed" else None, fields,
                ))
            else:
                facts = _facts(kind, record, events_new.get(rid, []))
                diff.records.append(RecordChange(kind, "added", rid, _label(record), path, facts=facts))
            shown.add(path)
        elif key not in consumed:
            path, record = old_by_id[key]
            diff.records.append(RecordChange(kind, "removed", rid, _label(record), path))
            shown.add(path)
    diff.statuses = _status_changes(kb_old, kb_new, touched, events_old, events_new)
    problem_paths = {p.path for p in diff.problems}
    diff.unchanged_files = sorted(p for p in changed if p not in problem_paths and p not in shown)
    return diff


def side_kb_kind(record: Record) -> str:
    from pp_cli.models import Case, CriminalCode

    if isinstance(record, Case):
        return "cases"
    if isinstance(record, CriminalCode):
        return "codes"
    return "prisoners" if isinstance(record, Prisoner) else "events" if isinstance(record, Event) else "organizations"


def _kind_order(key: tuple[str, str]) -> tuple[int, str]:
    return (("prisoners", "events", "organizations", "cases", "codes").index(key[0]), key[1])


def _status_changes(
    kb_old: KnowledgeBase, kb_new: KnowledgeBase, touched: set[str],
    events_old: dict[str, list[Event]], events_new: dict[str, list[Event]],
) -> list[StatusChange]:
    """People whose derived status or its as-of date differs, among those the changed records touch."""
    from pp_cli.status import derive

    changes = []
    for pid in sorted(touched):
        before, after = kb_old.prisoners.get(pid), kb_new.prisoners.get(pid)
        if after is None or before is None:  # added or removed: shown with the record
            continue
        was, now = derive(before, events_old[pid]), derive(after, events_new[pid])
        if (was.status, was.detail, was.as_of) == (now.status, now.detail, now.as_of):
            continue

        def text(info: Any) -> str:
            return info.status.value + (f" ({info.detail.value})" if info.detail else "")

        changes.append(StatusChange(
            pid, after.name, text(was), str(was.as_of) if was.as_of else None,
            text(now), str(now.as_of) if now.as_of else None, now.event_id,
        ))
    return changes
