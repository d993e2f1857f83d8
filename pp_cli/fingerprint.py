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
and its subfolders followed. The set of files covered is `discovery.scan`'s:
`*.yaml`/`*.yml` under data/, symlinks not followed, hidden folders skipped.
"""

from __future__ import annotations

import array
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
FORK_FROM = 400_000  # bytes of folder listings (~10,000 files) before a second process pays off
MAX_QUEUED = 10_000  # folders: their queue must fit in a pipe's buffer (64 KB)
_DIGEST = 16

Item = tuple[str, str, list[str] | None, int]  # relative folder, absolute folder, names (None: list it), weight


def tree_fingerprint(root: Path) -> str:
    """Changes whenever any record file is added, removed, renamed, or changed in mtime, ctime, inode or size."""
    return Fingerprint(root).value()


FileState = tuple[str, int, int, int, int]  # relative path, mtime_ns, ctime_ns, inode, size


def look(items: list[Item]) -> dict[str, tuple[str, list[FileState]]]:
    """Each folder's digest (as `Fingerprint` makes it) and its record files' states, in this process.

    Used for the folders whose digest is new to the cache: the index then
    compares each file's state with what it stored, so both come from one look.
    """
    out: dict[str, tuple[str, list[FileState]]] = {}
    for item in items:
        found: list[tuple[str, int, int, int, int]] = []
        digest = _digest_item(item, found).hex()
        rel = folder_key(item[0])
        out[rel] = digest, [(f"{rel}/{n if n.isprintable() else _visible(n)}", *rest) for n, *rest in found]
    return out


def folder_key(rel: str) -> str:
    """A folder's relative path as pp stores and prints it."""
    return rel if rel.isprintable() else _visible(rel)


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
        self.folders: dict[str, str] = {}  # folder → its digest, once `value()` is known
        self._value: str | None = None
        self._queue: int | None = None
        self._wait: Callable[[], bytes | None] = lambda: None
        many = sum(weight for *_, weight in self.items) >= FORK_FROM and 2 <= len(self.items) <= MAX_QUEUED
        if many and forking.AVAILABLE:
            self._queue, feed = os.pipe()
            heaviest_first = sorted(range(len(self.items)), key=lambda i: -self.items[i][3])
            os.write(feed, b"".join(i.to_bytes(4, "big") for i in heaviest_first))
            os.close(feed)  # once the queue is empty, a read finds its end
            self._wait = forking.in_child(
                lambda: b"".join(i.to_bytes(4, "big") + _digest_item(self.items[i]) for i in self._claim())
            )

    def _claim(self) -> Iterator[int]:
        """Folders from the queue, one at a time (a read of four bytes from a pipe is atomic)."""
        while self._queue is not None and len(ticket := os.read(self._queue, 4)) == 4:
            yield int.from_bytes(ticket, "big")

    def value(self) -> str:
        if self._value is None:
            digests = {i: _digest_item(self.items[i]) for i in self._claim()}
            answer = self._wait() or b""
            if self._queue is not None:
                os.close(self._queue)
                self._queue = None
            step = 4 + _DIGEST
            for k in range(0, len(answer) - step + 1, step):
                digests[int.from_bytes(answer[k : k + 4], "big")] = answer[k + 4 : k + step]
            whole = hashlib.blake2b(digest_size=_DIGEST)
            for i, (rel, *_rest) in enumerate(self.items):  # a child that failed leaves its share to this process
                digest = digests[i] if i in digests else _digest_item(self.items[i])
                whole.update(rel.encode("utf-8", "surrogateescape") + b"\0" + digest)
                self.folders[folder_key(rel)] = digest.hex()
            self._value = whole.hexdigest()
        return self._value


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


def _digest_item(item: Item, found: list[tuple[str, int, int, int, int]] | None = None) -> bytes:
    """The folder's record files' names, mtimes, ctimes, inodes and sizes, as one short digest.

    `found`, if given, receives each file's (name, mtime, ctime, inode, size).
    """
    _rel, folder, names, _weight = item
    kept: list[str] = []
    mtimes: list[int] = []
    sizes: list[int] = []
    if _RELATIVE_STAT:
        _stat_relative(folder, names, kept, mtimes, sizes)
    else:  # Windows: no stat relative to an open folder
        if names is None:
            try:
                names = os.listdir(folder)
            except OSError:
                names = []
        _stat_each(names, lambda name: os.stat(os.path.join(folder, name), follow_symlinks=False),
                   kept, mtimes, sizes)
    digest = hashlib.blake2b(digest_size=_DIGEST)
    digest.update("\0".join(kept).encode("utf-8", "surrogateescape"))
    digest.update(array.array("q", mtimes).tobytes())
    digest.update(array.array("q", sizes).tobytes())
    if found is not None:
        n = len(kept)
        found.extend(zip(kept, mtimes[:n], mtimes[n : 2 * n], mtimes[2 * n :], sizes, strict=True))
    return digest.digest()


_RELATIVE_STAT = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd


def _stat_relative(folder: str, names: list[str] | None, kept: list[str], mtimes: list[int], sizes: list[int]) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # gone or unreadable: digested as empty, as `scan` finds it
        return
    try:
        if names is None:
            try:
                names = os.listdir(fd)
            except OSError:
                names = []
        _stat_each(names, partial(os.stat, dir_fd=fd, follow_symlinks=False), kept, mtimes, sizes)
    finally:
        os.close(fd)


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
