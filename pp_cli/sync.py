"""Bringing the index's parse results up to date with the files: which changed, hashed, parsed.

It imports no models (PyYAML only): a run that parses nothing (a fresh clone git vouches
for, a warm run whose stat fingerprint is new) never pays for pydantic.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pp_cli import gitblobs
from pp_cli.cache import Cache
from pp_cli.yamlio import YamlError, read_bounded

if TYPE_CHECKING:
    from pp_cli.fingerprint import Fingerprint

Progress = Callable[[int, int], None]  # (done, total), for a progress bar
PARALLEL_FROM = 400  # below this many files to parse, worker start-up costs more than it saves
STORE_EVERY = 5_000  # parsed files written to the cache per transaction
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime's tick: hash it every time
LOADS = 0  # knowledge bases loaded (or files synced) by this process, for PP_TRACE (see pp_cli.cli.main)
UNREAD = "-"  # the hash stored for a file that could not be read: it matches no content

Each = Callable[[str, "str | None", str], None]  # (relative path, data JSON or None, problems JSON)


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def sync(
    root: Path, cache: Cache, progress: Progress | None = None, each: Each | None = None, *,
    done: bool = False, seen: Fingerprint | None = None,
) -> str | None:
    """Bring the cache's parse results up to date with the files; the content fingerprint, or None without a cache.

    Only folders whose digest (from `seen`, the fingerprint just taken) is
    new to the cache are looked into. There, a file whose (mtime, ctime,
    inode, size) equal what was stored is taken as unchanged — unless it
    changed within `RACY_NS` of now, when its bytes are hashed again; any
    other file is hashed — or, when many are, taken from git where git vouches
    for its bytes (`pp_cli.gitblobs`) — and parsed only if its hash is new. So
    a fresh clone of the same commit, with the cache carried over, parses none;
    where most stats moved, a folder git vouches for file by file is taken whole
    (`_taken_whole`), its files neither compared nor restat-ed.
    The content fingerprint (of every folder's paths and content hashes) is
    what answers are stamped with, and is remembered for
    the stat fingerprint seen now, so the next run needs only that. `each`,
    if given, gets every file's results in path order, fresh ones straight
    from the parser (a load that validates while workers parse); `done` says
    this process synced a moment ago, so the stored results are read as they are.
    """
    global LOADS
    from pp_cli.fingerprint import Fingerprint, key_of, look

    if done:
        kept_rows = cache.files()
        paths = sorted(kept_rows)
        if each is not None:
            for rel, (data_json, problems_json) in zip(paths, cache.results(paths), strict=True):
                each(rel, data_json, problems_json)
        return None
    fp = seen if seen is not None else Fingerprint(root)
    stat_fp = fp.value()
    now_folders = fp.folders
    stored = cache.folders()
    changed = [r for r, d in now_folders.items() if each is not None or stored.get(r, ("",))[0] != d]
    wanted: dict[int, tuple[int, set[int]]] = {}  # folder (its item) → (its buckets, those to look into)
    for key in changed:
        index, bucket, count = fp.keys[key]
        wanted.setdefault(index, (count, set()))[1].add(bucket)
    looked = look([(fp.items[i], count, buckets if len(buckets) < count else None)
                   for i, (count, buckets) in wanted.items()])
    gone_folders = [r for r in stored if r not in now_folders]
    now = time.time_ns()
    # Keys whose every file git vouches holds what the index kept (a fresh clone): taken whole, file by file unread.
    vouched, whole = _taken_whole(root, cache, stored, changed, looked) if each is None else (None, set())
    looking = [key for key in changed if key not in whole]
    racy_folders = {key for key in whole if any(now - st[1] < RACY_NS for st in looked[key][1])}
    cached = cache.files() if each is not None else cache.files_in(looking)
    # (path, mtime, ctime, inode, size, key) of each file looked at, by path: "first" wins on duplicate ids
    states = sorted((*st, key) for key in looking for st in looked[key][1])
    todo: list[str] = []
    # Per file to parse, its (path, mtime, ctime, inode, size) as stored: the look's own tuple, unless racy.
    # What is kept per file while 265,000 are loaded adds up: no copies, and no hash kept once digested.
    todo_state: dict[str, tuple[str, int, int, int, int]] = {}
    restat: list[tuple[int, int, int, int, str, str]] = []
    hashes: dict[str, str] = {}  # of the files not parsed
    # files whose stat moved since their content was kept, with the state to keep for them
    to_hash: list[tuple[tuple[str, int, int, int, int, str], tuple[int, int, int, int]]] = []
    for found in states:
        rel = found[0]
        racy, state = _kept_state(found, now)
        if racy:
            racy_folders.add(found[5])
        old = cached.get(rel)
        if old is not None and not racy and old[:4] == state:
            hashes[rel] = old[4]
        elif old is not None and old[4] != UNREAD:
            to_hash.append((found, state))
        else:
            todo.append(rel)
            todo_state[rel] = (rel, *state)
    # Files whose stat moved (a fresh clone: all of them) are hashed again, unless git vouches for their bytes.
    if vouched is None:
        vouched = gitblobs.vouched(root) if _worth_asking(cache, len(to_hash), len(states)) else {}
    took = 0
    for found, state in to_hash:
        rel, size = found[0], found[4]
        old = cached[rel]
        if vouched.get(rel) == old[5] and size == old[3]:
            digest = old[4]
            took += 1
        else:
            try:
                digest = content_hash(read_bounded(root / rel))
            except Exception:  # unreadable, a link, too large: parsing says how
                digest = UNREAD
        if digest == old[4]:
            hashes[rel] = digest
            if old[:4] != state:
                restat.append((*state, rel, digest))
            continue
        todo.append(rel)
        todo_state[rel] = (rel, *state)
    if vouched and os.environ.get("PP_TRACE"):
        print(f"pp: git vouched for {took} of {len(to_hash)} files whose stat moved"
              + (f", and for every file of {len(whole)} of {len(changed)} folders" if whole else ""), file=sys.stderr)
    todo.sort()  # parse results come back in path order (`states`'s)
    LOADS += 1
    if os.environ.get("PP_TRACE"):
        print(f"pp: parsed {len(todo)} of {len(states)} files", file=sys.stderr)
    cache.restat(restat)
    fresh = iter(parse_many(root, todo, progress))  # parsed on other cores while this loop goes on
    kept = cache.results([rel for rel, *_ in states if rel not in todo_state]) if each is not None else iter(())
    rows: list[tuple[str, int, int, int, int, str, str, str | None, str]] = []
    digests = {r: hashlib.blake2b(digest_size=16) for r in looking}  # each folder's (path, content hash) lines
    blobs = {r: hashlib.blake2b(digest_size=16) for r in looking}  # … and (path, blob id, size) lines
    blobless: set[str] = set()  # folders with a file whose blob id is unknown (unreadable)
    for found in states:
        rel = found[0]
        if rel in todo_state:
            data_json, problems_json, digest, blob = next(fresh)
            rows.append((*todo_state[rel], digest, blob, data_json, problems_json))
            if len(rows) == STORE_EVERY:  # written while workers parse, not all at the end
                cache.store_files(rows, [])
                rows = []
        else:
            digest, blob = hashes[rel], cached[rel][5]  # the same content as kept: the same bytes, the same blob
            if each is not None:
                try:
                    data_json, problems_json = next(kept)
                except (LookupError, StopIteration):  # another pp rebuilt the cache meanwhile: parse it here
                    data_json, problems_json, digest, blob = _parse_one(root, rel)
                    rows.append((rel, -1, -1, -1, -1, digest, blob, data_json, problems_json))
        digests[found[5]].update(f"{rel}\0{digest}\0".encode("utf-8", "surrogateescape"))
        if blob and digest != UNREAD:
            blobs[found[5]].update(_blob_line(rel, blob, found[4]))
        else:
            blobless.add(found[5])
        if each is not None:
            each(rel, data_json, problems_json)
    for _ in fresh:  # run the generator to its end, so the worker pool shuts down now
        pass
    present = {rel for rel, *_ in states}
    gone = [rel for rel in cached if rel not in present]
    # files kept under a key no longer seen (a folder gone, or split into other buckets), unless seen under another
    unchanged = now_folders.keys() - set(looking)
    gone += [rel for rel in cache.files_in(gone_folders)
             if rel not in present and key_of(rel, fp.buckets) not in unchanged]
    cache.store_files(rows, gone)
    if not cache.usable:
        return None
    contents = {r: c for r, (_s, c, _b) in stored.items()}
    contents.update((r, d.hexdigest()) for r, d in digests.items())
    blob_digests = {r: b for r, (_s, _c, b) in stored.items()}
    blob_digests.update((r, "" if r in blobless else d.hexdigest()) for r, d in blobs.items())
    # a racy key is not kept under its stat digest (looked at again next time); one taken whole keeps what it had
    cache.store_folders([(r, looked[r][0], contents[r], blob_digests[r]) for r in changed if r not in racy_folders],
                        [*gone_folders, *(r for r in looking if r in racy_folders)])
    whole = hashlib.blake2b(digest_size=16)
    for r in sorted(now_folders):
        whole.update(f"{r}\0{contents[r]}\0".encode("utf-8", "surrogateescape"))
    content = whole.hexdigest()
    # a racy file could change without moving the stat fingerprint; a folder changed since it was taken, too
    if not racy_folders and all(looked[r][0] == now_folders[r] for r in changed):
        cache.store_state(stat_fp, content)
    return content


def _taken_whole(
    root: Path, cache: Cache, stored: dict[str, tuple[str, str, str]], changed: list[str],
    looked: dict[str, tuple[str, list[tuple[str, int, int, int, int]]]],
) -> tuple[dict[str, str] | None, set[str]]:
    """Git's vouched blob ids (None if not asked) and the `changed` keys whose files all hold what the index kept.

    Worth asking git only when most of these files' stats moved (a fresh
    clone, a cache restored on another machine): a few files of each key are
    compared with their stored state to tell, so that an edit or a branch
    switch, which move a few, never pay for it. A key is taken whole when its
    (path, blob id, size) lines, with git's blob ids for the files on disk
    now, give the digest kept with its content digest (`blob_digest`): the
    same files, each holding the bytes pp read when it kept the content.
    """
    keys = [k for k in changed if stored.get(k, ("", "", ""))[2] and looked[k][1]]
    probes: dict[str, tuple[int, int, int, int]] = {}
    for key in keys:
        found = looked[key][1]
        probes.update((st[0], st[1:]) for st in found[:: max(1, len(found) // PROBES)][:PROBES])
    if not probes:
        return None, set()
    kept = cache.stats_of(sorted(probes))
    moved = sum(kept.get(path) != state for path, state in probes.items()) / len(probes)
    total = sum(len(looked[k][1]) for k in changed)
    if not _worth_asking(cache, int(total * moved), total):
        return None, set()
    vouched = gitblobs.vouched(root)
    return vouched, {k for k in keys if blob_digest(looked[k][1], vouched) == stored[k][2]}


PROBES = 8  # files per key whose stored state is compared, to tell whether most files moved


def _worth_asking(cache: Cache, to_hash: int, looked: int) -> bool:
    """`gitblobs.worth_asking`, against every file the index keeps (git looks at all of them), counted only if asked."""
    return to_hash >= gitblobs.FROM_FILES and gitblobs.worth_asking(to_hash, max(looked, cache.file_count()))


def blob_digest(states: list[tuple[str, int, int, int, int]], vouched: dict[str, str]) -> str | None:
    """A key's digest of (path, git blob id, size) lines in path order, with git's ids; None where git
    vouches not for every file."""
    digest = hashlib.blake2b(digest_size=16)
    for rel, _mtime, _ctime, _inode, size in sorted(states):
        blob = vouched.get(rel)
        if blob is None:
            return None
        digest.update(_blob_line(rel, blob, size))
    return digest.hexdigest()


def _blob_line(rel: str, blob: str, size: int) -> bytes:
    return f"{rel}\0{blob}\0{size}\0".encode("utf-8", "surrogateescape")


def _kept_state(found: tuple[str, int, int, int, int, str], now: int) -> tuple[bool, tuple[int, int, int, int]]:
    """Whether a file is racy, and the (mtime, ctime, inode, size) to keep for it: a racy file's never matches."""
    _rel, mtime, ctime, inode, size, _key = found
    racy = now - mtime < RACY_NS  # a file dated in the future too
    return racy, ((-1, -1, -1, size) if racy else (mtime, ctime, inode, size))


def _parse_one(root: Path, relpath: str) -> tuple[str | None, str, str, str]:
    """(parsed mapping, problems, content hash, git blob id) of one file, the first two as JSON: cheap to send
    between processes and to cache."""
    from pp_cli.records import read_yaml  # the models: only when a file is parsed

    try:
        raw: bytes | None = read_bounded(root / relpath)
    except (OSError, YamlError):
        raw = None  # read_yaml reports why
    data, problems = read_yaml(root, relpath, raw)
    return (
        None if data is None else json.dumps(data, ensure_ascii=False),
        json.dumps([dataclasses.asdict(p) for p in problems], ensure_ascii=False) if problems else "[]",
        UNREAD if raw is None else content_hash(raw),
        UNREAD if raw is None else gitblobs.blob_id(raw),
    )


def _parse_chunk(root: Path, paths: list[str]) -> list[tuple[str | None, str, str, str]]:
    return [_parse_one(root, rel) for rel in paths]


def parse_many(root: Path, paths: list[str], progress: Progress | None = None) -> Iterator[
        tuple[str | None, str, str, str]]:
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


def _map_chunks(root: Path, chunks: list[list[str]], workers: int) -> Iterator[list[tuple[str | None, str, str, str]]]:
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
