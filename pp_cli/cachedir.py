"""Where pp keeps its cache, and whether a folder may hold it.

Everything a repository carries is written by strangers, so pp never reads
a cache from the repository's contents: by default the cache lives in a
per-user cache directory, one folder per knowledge base (keyed by the
repository's real path), e.g. `~/.cache/pp/azerbaijan-3f2a…/`. A folder can
be named instead with `--cache-dir` or `PP_CACHE_DIR` (CI restores one
between runs); pp then keeps one knowledge base's cache there.

A cache folder is used only if it is a real folder (not a symbolic link, and
inside the repository no link on the way to it), owned by this user, not
writable by others, outside `data/`, and — inside a git work tree — holding
no tracked file: a cache that came with a pull request is never read, and pp
never writes through a link or into a file it did not make. A folder that
fails these tests is not used at all; pp says why, once, and answers without
the cache (slower, never wrong).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

ENV_VAR = "PP_CACHE_DIR"
DISABLE_VAR = "PP_NO_CACHE"  # set (e.g. in CI) to run without the cache, like --no-cache
IGNORE_TEXT = "# pp's cache: derived, safe to delete, never to be committed\n*\n"


class Unsafe(Exception):
    """A cache folder pp must not use; the message says why."""


def user_cache_base() -> Path:
    """The platform's per-user cache folder (XDG on Linux and BSD)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "pp" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "pp"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "pp"


def location(root: Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder for the knowledge base at `root`: `--cache-dir`, then $PP_CACHE_DIR, then per user."""
    given = explicit or os.environ.get(ENV_VAR)
    if given:
        return Path(given).expanduser().absolute()
    real = os.path.realpath(root)
    key = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(real).name)[:40].strip(".-") or "root"
    return user_cache_base() / f"{name}-{key}"


def prepare(folder: Path, root: Path) -> Path:
    """Make sure `folder` exists and may hold pp's cache; raise `Unsafe` saying why not."""
    folder, top = Path(os.path.abspath(folder)), Path(os.path.abspath(root))
    if _inside(folder, top):
        _make_without_links(folder, top)
    else:
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise Unsafe(f"cannot create {folder}: {exc.strerror}") from None
    _check_folder(folder)
    real, real_root = Path(os.path.realpath(folder)), Path(os.path.realpath(root))
    if _inside(real, real_root / "data"):
        raise Unsafe(f"{folder} is inside data/, where records live")
    if _inside(real, real_root):
        if _tracked(real_root, real):
            raise Unsafe(f"{folder} holds files tracked by git; a cache must never be committed")
        write_new(folder / ".gitignore", IGNORE_TEXT.encode())
    return folder


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def _make_without_links(folder: Path, root: Path) -> None:
    """Create `folder` below `root` one level at a time, refusing any symbolic link on the way."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        try:
            os.mkdir(current, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise Unsafe(f"cannot create {current}: {exc.strerror}") from None
        info = os.lstat(current)
        if stat.S_ISLNK(info.st_mode):
            raise Unsafe(f"{current} is a symbolic link; pp does not follow links inside the repository")
        if not stat.S_ISDIR(info.st_mode):
            raise Unsafe(f"{current} is not a folder")


def _check_folder(folder: Path) -> None:
    try:
        info = os.lstat(folder)
    except OSError as exc:
        raise Unsafe(f"cannot use {folder}: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise Unsafe(f"{folder} is a symbolic link; name the real folder instead")
    if not stat.S_ISDIR(info.st_mode):
        raise Unsafe(f"{folder} is not a folder")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise Unsafe(f"{folder} belongs to another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise Unsafe(f"{folder} is writable by other users; make it private (chmod 700)")


def _tracked(root: Path, folder: Path) -> bool:
    """Whether git tracks anything under `folder` (False outside a git work tree, or without git)."""
    if not any((parent / ".git").exists() for parent in (root, *root.parents)):
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", str(folder)],
            capture_output=True, timeout=20, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout)


def own_file(path: Path) -> bool:
    """Whether `path` is absent, or a plain file of this user's with no other names (no link, no hard link)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_nlink == 1
        and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid())
    )


def remove(path: Path) -> None:
    """Remove a name in the cache folder: a link goes, never what it points to."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        os.unlink(path)


def write_new(path: Path, content: bytes) -> None:
    """Create `path` with `content` unless something is there already; never through a link, never half-written."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:  # already there (a file, or a link pp leaves alone), or not writable
        return
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
    except OSError:
        os.close(fd)
        remove(path)  # a full disk leaves nothing behind
        return
    os.close(fd)
