"""One fingerprint of every record file's name, mtime and size: whether cached answers still hold.

On a warm run this is nearly all the work (one stat per file: 265,000 at
50,000 people), so it is made cheap three ways:

* each folder is opened once and its files are stat-ed relative to it, so
  the kernel resolves one name per file rather than a whole path;
* folders are work items of their own, digested separately and combined in a
  fixed order, so the result does not depend on who digested which folder;
* on Linux, a large tree is shared between this process and one forked
  child (`pp_cli.forking`), folder by folder, so both cores stat at once.

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
from collections.abc import Iterator
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
FORK_FROM = 400_000  # bytes of folder listings (~10,000 files) before a second process pays off
MAX_QUEUED = 10_000  # folders: their queue must fit in a pipe's buffer (64 KB)
_DIGEST = 16

Item = tuple[str, str, list[str] | None, int]  # relative folder, absolute folder, names (None: list it), weight


def tree_fingerprint(root: Path) -> str:
    """Changes whenever any record file is added, removed, renamed, or changed in mtime or size."""
    items: list[Item] = []
    _gather(f"{root}/data", "data", items)
    digests = _digest_all(items)
    whole = hashlib.blake2b(digest_size=_DIGEST)
    for (rel, _folder, _names, _weight), digest in zip(items, digests, strict=True):
        whole.update(rel.encode("utf-8", "surrogateescape") + b"\0" + digest)
    return whole.hexdigest()


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


def _digest_item(item: Item) -> bytes:
    """The folder's names, and its record files' mtimes and sizes, as one short digest."""
    _rel, folder, names, _weight = item
    digest = hashlib.blake2b(digest_size=_DIGEST)
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return digest.digest()
    try:
        if names is None:
            try:
                names = os.listdir(fd)
            except OSError:  # unreadable: digested as empty, as `scan` finds it
                names = []
        kept: list[str] = []
        mtimes: list[int] = []
        sizes: list[int] = []
        add_name, add_mtime, add_size, lstat = kept.append, mtimes.append, sizes.append, os.stat
        for name in names:  # the hot loop of every warm run: keep it plain
            if name.endswith(SUFFIXES):
                add_name(name)
                try:
                    st = lstat(name, dir_fd=fd, follow_symlinks=False)
                except OSError:  # removed meanwhile
                    add_mtime(-1)
                    add_size(-1)
                    continue
                add_mtime(st.st_mtime_ns)
                add_size(st.st_size)
    finally:
        os.close(fd)
    digest.update("\0".join(kept).encode("utf-8", "surrogateescape"))
    digest.update(array.array("q", mtimes).tobytes())
    digest.update(array.array("q", sizes).tobytes())
    return digest.digest()


def _digest_all(items: list[Item]) -> list[bytes]:
    """Every item's digest, shared with a forked child when the tree is large.

    The two processes take folders one at a time, heaviest first, from a
    queue in a pipe (a read of a few bytes is atomic), so neither waits
    for the other whatever the folders hold.
    """
    from pp_cli import forking

    many = sum(weight for *_, weight in items) >= FORK_FROM and 2 <= len(items) <= MAX_QUEUED
    if not many or not forking.AVAILABLE:
        return [_digest_item(item) for item in items]
    queue, feed = os.pipe()
    os.write(feed, b"".join(i.to_bytes(4, "big") for i in sorted(range(len(items)), key=lambda i: -items[i][3])))
    os.close(feed)  # once the queue is empty, a read finds its end

    def claim() -> Iterator[int]:
        while len(ticket := os.read(queue, 4)) == 4:
            yield int.from_bytes(ticket, "big")

    wait = forking.in_child(lambda: b"".join(i.to_bytes(4, "big") + _digest_item(items[i]) for i in claim()))
    digests = {i: _digest_item(items[i]) for i in claim()}
    answer = wait() or b""
    os.close(queue)
    step = 4 + _DIGEST
    for k in range(0, len(answer) - step + 1, step):
        digests[int.from_bytes(answer[k : k + 4], "big")] = answer[k + 4 : k + step]
    return [digests[i] if i in digests else _digest_item(items[i]) for i in range(len(items))]
