"""One fingerprint of every record file's name, mtime, ctime, inode and size: whether anything changed.

It is only a shortcut: the index (`pp_cli.cache`) maps a fingerprint it has
seen to the content it stood for (a hash of every file's bytes), so answers
are keyed by content, and a fresh clone of the same commit finds them too.

On a warm run this is nearly all the work (one stat per file: 265,000 at
50,000 people), so it is made cheap three ways:

* each folder is opened once and its files are stat-ed relative to it, so
  the kernel resolves one name per file rather than a whole path;
* folders are work items of their own, digested separately and combined in a
  fixed order, so the result does not depend on who digested which folder;
* on Linux, a large tree is shared between this process and one forked
  child (`pp_cli.forking`), folder by folder from a queue, so both cores
  stat at once; and the child starts at once, so this process can do other
  work first (see `Fingerprint`).

A folder whose link count says it has no subfolders (2, on the usual
filesystems) is listed by whoever digests it; any other is listed here first
and its subfolders followed. Whoever digests a large folder (50,000 people in
one) splits its files into *buckets* of about a thousand by a hash of each
name (`bucket_of`) and digests each apart, so after one edit only that
bucket's files are looked at again; the index keeps digests by these keys
(`key_of` says which a file's is). The set of files covered is `discovery.scan`'s:
`*.yaml`/`*.yml` under data/, symlinks not followed, hidden folders skipped.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import os
import stat
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
FORK_FROM = 400_000  # bytes of folder listings (~10,000 files) before a second process pays off
MAX_QUEUED = 10_000  # folders: their queue must fit in a pipe's buffer (64 KB)
_DIGEST = 16
BUCKET_FILES = 1024  # a folder of at least twice as many files is split into buckets of about as many

Item = tuple[str, str, list[str] | None, int]  # relative folder, absolute folder, names (None: list it), weight


def tree_fingerprint(root: Path) -> str:
    """Changes whenever any record file is added, removed, renamed, or changed in mtime, ctime, inode or size."""
    return Fingerprint(root).value()


FileState = tuple[str, int, int, int, int]  # relative path, mtime_ns, ctime_ns, inode, size


Digests = tuple[int, list[tuple[int, bytes]]]  # (buckets the folder is split into, 1 if none; each bucket's digest)


def look(wanted: list[tuple[Item, int, set[int] | None]]) -> dict[str, tuple[str, list[FileState]]]:
    """Each key's digest (as `Fingerprint` makes it) and its record files' states, in this process.

    `wanted`: (folder, the buckets it was split into, which of them: None for
    all). Used for the keys whose digest is new to the cache: the index then
    compares each file's state with what it stored, so both come from one look.
    """
    out: dict[str, tuple[str, list[FileState]]] = {}
    for item, count, buckets in wanted:
        found: dict[int, list[tuple[str, int, int, int, int]]] = {}
        rel = folder_key(item[0])
        count, digests = _digest_item(item, found, count, buckets)
        for bucket, digest in digests:
            out[item_key(rel, bucket, count)] = digest.hex(), [(f"{rel}/{_shown(n)}", *rest)
                                                                for n, *rest in found[bucket]]
    return out


def folder_key(rel: str) -> str:
    """A folder's relative path as pp stores and prints it."""
    return rel if rel.isprintable() else _visible(rel)


def item_key(folder: str, bucket: int, count: int) -> str:
    """What the index keeps a digest under: the folder, or `folder//bucket:count` for a bucket of a large one
    (no folder's path holds `//`, so no key is another's)."""
    return folder if count == 1 else f"{folder}//{bucket}:{count}"


def name_code(name: str) -> int:
    """A hash of a file's name (as pp shows it): its low bits are its bucket (`bucket_of`); the index keeps it."""
    return zlib.crc32(name.encode("utf-8", "surrogateescape"))


def bucket_of(name: str, count: int) -> int:
    """The bucket of a file's name (as pp shows it) in a folder split into `count` (a power of two)."""
    return name_code(name) & (count - 1)


def key_of(path: str, buckets: dict[str, int]) -> str:
    """The key a file (its path as pp stores it) is digested under, given the folders split into buckets."""
    folder, name = path.rsplit("/", 1)
    count = buckets.get(folder, 1)
    return item_key(folder, bucket_of(name, count), count)


def _buckets_for(files: int) -> int:
    """How many buckets a folder of `files` record files is split into: a power of two, 1 below 2 × BUCKET_FILES."""
    return 1 if files < 2 * BUCKET_FILES else 1 << (files // BUCKET_FILES - 1).bit_length()


def _shown(name: str) -> str:
    return name if name.isprintable() else _visible(name)


def _visible(name: str) -> str:
    from pp_cli.discovery import _visible as visible

    return visible(name)


class Fingerprint:
    """A fingerprint in the making: on a large tree the child starts stat-ing as soon as this is made.

    Until `value()` is asked for, this process is free to do other work (read
    the answers it expects to reuse, say) while the child takes folders from
    the queue; `value()` then takes whatever folders are left and combines.
    """

    def __init__(self, root: Path) -> None:
        from pp_cli import forking

        self.items: list[Item] = []
        _gather(f"{root}/data", "data", self.items)
        self.folders: dict[str, str] = {}  # key (`item_key`) → its digest, once `value()` is known
        self.buckets: dict[str, int] = {}  # folder → how many buckets it is split into, for the large ones
        self.keys: dict[str, tuple[int, int, int]] = {}  # key → (item, bucket, buckets)
        self._value: str | None = None
        self._queue: int | None = None
        self._wait: Callable[[], bytes | None] = lambda: None
        many = sum(weight for *_, weight in self.items) >= FORK_FROM and 2 <= len(self.items) <= MAX_QUEUED
        if many and forking.AVAILABLE:
            self._queue, feed = os.pipe()
            heaviest_first = sorted(range(len(self.items)), key=lambda i: -self.items[i][3])
            os.write(feed, b"".join(i.to_bytes(4, "big") for i in heaviest_first))
            os.close(feed)  # once the queue is empty, a read finds its end
            self._wait = forking.in_child(lambda: b"".join(_packed(i, _digest_item(self.items[i]))
                                                           for i in self._claim()))

    def _claim(self) -> Iterator[int]:
        """Folders from the queue, one at a time (a read of four bytes from a pipe is atomic)."""
        while self._queue is not None and len(ticket := os.read(self._queue, 4)) == 4:
            yield int.from_bytes(ticket, "big")

    def value(self) -> str:
        if self._value is None:
            found = {i: _digest_item(self.items[i]) for i in self._claim()}
            found.update(_unpacked(self._wait() or b""))
            if self._queue is not None:
                os.close(self._queue)
                self._queue = None
            whole = hashlib.blake2b(digest_size=_DIGEST)
            for i, item in enumerate(self.items):  # a child that failed leaves its share to this process
                count, digests = found[i] if i in found else _digest_item(item)
                folder = folder_key(item[0])
                if count > 1:
                    self.buckets[folder] = count
                for bucket, digest in digests:
                    key = item_key(folder, bucket, count)
                    whole.update(key.encode("utf-8", "surrogateescape") + b"\0" + digest)
                    self.folders[key] = digest.hex()
                    self.keys[key] = (i, bucket, count)
            self._value = whole.hexdigest()
        return self._value


def _packed(index: int, digests: Digests) -> bytes:
    """One folder's digests as the child sends them: index, bucket count, then each bucket's digest in order."""
    count, parts = digests
    return index.to_bytes(4, "big") + count.to_bytes(4, "big") + b"".join(digest for _b, digest in parts)


def _unpacked(answer: bytes) -> Iterator[tuple[int, Digests]]:
    at = 0
    while at + 8 <= len(answer):
        index, count = int.from_bytes(answer[at : at + 4], "big"), int.from_bytes(answer[at + 4 : at + 8], "big")
        end = at + 8 + count * _DIGEST
        if end > len(answer):  # cut short: the rest is digested here
            return
        yield index, (count, [(b, answer[at + 8 + b * _DIGEST : at + 8 + (b + 1) * _DIGEST]) for b in range(count)])
        at = end


def _gather(folder: str, rel: str, items: list[Item]) -> None:
    """Work items for `folder` and below; folders with subfolders are listed now, leaves later."""
    try:
        info = os.stat(folder)  # data/ itself may be a link, as `scan` allows; links below it are never followed
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode):
        return
    if info.st_nlink == 2:  # no subfolders: the digesting process lists it
        items.append((rel, folder, None, info.st_size))
        return
    try:
        names = os.listdir(folder)
    except OSError:
        items.append((rel, folder, [], 0))
        return
    items.append((rel, folder, names, 32 * len(names)))
    for name in names:
        if name[0] != "." and not name.endswith(SUFFIXES):
            path = f"{folder}/{name}"
            if os.path.isdir(path) and not os.path.islink(path):
                _gather(path, f"{rel}/{name}", items)


def _digest_item(
    item: Item, found: dict[int, list[tuple[str, int, int, int, int]]] | None = None, count: int | None = None,
    wanted: set[int] | None = None,
) -> Digests:
    """The folder's record files' names, mtimes, ctimes, inodes and sizes as short digests, one per bucket.

    A large folder is split into buckets (`count` of them, or as many as its
    size calls for), each digested apart (only those `wanted`, if given).
    `found`, if given, receives each bucket's files' (name, mtime, ctime, inode, size).
    """
    _rel, folder, names, _weight = item
    with _opened(folder) as opened:
        target, stat_of = opened if opened is not None else (None, None)
        if names is None:
            names = _listed(target) if target is not None else []
        records = [name for name in names if name.endswith(SUFFIXES)]
        if count is None:
            count = _buckets_for(len(records))
        if count == 1:
            parts = [(0, records)]
        else:
            split: list[list[str]] = [[] for _ in range(count)]
            shown = records if all(map(str.isprintable, records)) else [_shown(n) for n in records]
            codes = map(zlib.crc32, (n.encode("utf-8", "surrogateescape") for n in shown))  # `name_code`, inlined
            for name, code in zip(records, codes, strict=True):
                split[code & (count - 1)].append(name)
            parts = [(b, split[b]) for b in range(count) if wanted is None or b in wanted]
        digests = []
        for bucket, part in parts:
            kept: list[str] = []
            mtimes: list[int] = []
            sizes: list[int] = []
            if stat_of is not None:
                _stat_each(part, stat_of, kept, mtimes, sizes)
            digest = hashlib.blake2b(digest_size=_DIGEST)
            digest.update("\0".join(kept).encode("utf-8", "surrogateescape"))
            digest.update(array.array("q", mtimes).tobytes())
            digest.update(array.array("q", sizes).tobytes())
            digests.append((bucket, digest.digest()))
            if found is not None:
                n = len(kept)
                found[bucket] = list(zip(kept, mtimes[:n], mtimes[n : 2 * n], mtimes[2 * n :], sizes, strict=True))
    return count, digests


_RELATIVE_STAT = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd


@contextlib.contextmanager
def _opened(folder: str) -> Iterator[tuple[int | str, Callable[[str], os.stat_result]] | None]:
    """(what to list, a stat of a name in `folder`): through the open folder where the system allows; None if gone."""
    if not _RELATIVE_STAT:  # Windows: no stat relative to an open folder
        yield folder, lambda name: os.stat(os.path.join(folder, name), follow_symlinks=False)
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # gone or unreadable: digested as empty, as `scan` finds it
        yield None
        return
    try:
        yield fd, partial(os.stat, dir_fd=fd, follow_symlinks=False)
    finally:
        os.close(fd)


def _listed(target: int | str) -> list[str]:
    try:
        return os.listdir(target)
    except OSError:
        return []


def _stat_each(
    names: list[str], stat_of: Callable[[str], os.stat_result], kept: list[str], mtimes: list[int], sizes: list[int]
) -> None:
    """The hot loop of every warm run: keep it plain.

    `mtimes` ends up holding every mtime, then every ctime, then every inode
    (one array to digest); `sizes` the sizes.
    """
    add_name, add_mtime, add_size = kept.append, mtimes.append, sizes.append
    ctimes: list[int] = []
    inodes: list[int] = []
    add_ctime, add_inode = ctimes.append, inodes.append
    for name in names:
        if name.endswith(SUFFIXES):
            add_name(name)
            try:
                st = stat_of(name)
            except OSError:  # removed meanwhile
                add_mtime(-1)
                add_ctime(-1)
                add_inode(-1)
                add_size(-1)
                continue
            add_mtime(st.st_mtime_ns)
            add_ctime(st.st_ctime_ns)
            add_inode(st.st_ino & 0x7FFF_FFFF_FFFF_FFFF)  # fits a signed 64-bit array and SQLite
            add_size(st.st_size)
    mtimes += ctimes
    mtimes += inodes
