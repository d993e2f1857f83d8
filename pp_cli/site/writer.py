"""Writing the site into its folder, and only there.

* The folder may not be the repository, a folder above it, or anything inside
  `data/`, `.git/` or pp's cache: the site would overwrite or mix with the
  records. A folder that holds files pp did not write is refused unless
  `force` (and even then only pp's own files are ever replaced or removed).
* Nothing is written through a symbolic link: folders are opened one level
  at a time without following links (`O_NOFOLLOW`, relative to the open
  parent where the platform allows), and a link or special file where a page
  should go is an error, never replaced or followed.
* Each file is written to a temporary name beside it and renamed over the
  old one, so a page is never half-written.
* A manifest (`.pp-site.json`) remembers each file's hash; a file whose
  content is unchanged is not written again (its modification time stays,
  which is what hosts and rsync use), and files pp wrote before that the
  new build no longer has (a person removed) are deleted — never others.
* For a file made from known inputs (a person's page), the manifest also
  keeps a digest of those inputs: when they are the same and the file is as
  pp left it, the file is kept without being rendered again (`keep`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from pp_cli.errors import PPError, UsageError

MANIFEST = ".pp-site.json"
MANIFEST_VERSION = 2
_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$|^\.nojekyll$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
# Relative to open folders where the platform can (POSIX: rename replaces atomically, and is the call that
# takes folder descriptors); elsewhere by path, checking every component first.
AT = all(f in os.supports_dir_fd for f in (os.open, os.rename, os.mkdir, os.stat, os.unlink)) and bool(
    _NOFOLLOW and _DIRECTORY)


class SiteWriteError(PPError):
    """The site could not be written where it was asked to go (exit 1: the environment, not a usage error)."""


def check_out(out: Path, root: Path, *, force: bool = False) -> Path:
    """`out` as an absolute path, after refusing places the site must not be written to."""
    out = Path(os.path.abspath(out))
    if out.is_symlink():
        raise UsageError(f"{out} is a symbolic link", "pp site build never writes through links; give a real folder")
    real = Path(os.path.realpath(out))
    repo = Path(os.path.realpath(root))
    if real == repo or repo.is_relative_to(real):
        raise UsageError(f"--out {out} would write the site over the repository",
                         "choose a folder of its own, e.g. --out _site")
    for inside in ("data", ".git", ".pp-cache", "schema"):
        if real.is_relative_to(repo / inside):
            raise UsageError(f"--out {out} is inside {inside}/", "choose a folder of its own, e.g. --out _site")
    from pp_cli.cachedir import location, user_cache_base

    for cache in (location(root), user_cache_base()):
        if real.is_relative_to(os.path.realpath(cache)):
            raise UsageError(f"--out {out} is inside pp's cache ({cache})",
                             "choose a folder of its own, e.g. --out _site")
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder", "choose another --out")
        if not force and not (out / MANIFEST).is_file() and any(out.iterdir()):
            raise UsageError(f"{out} is not empty and holds no site pp built",
                             "choose an empty or new folder, or pass --force to add the site to it "
                             "(pp then replaces and removes only the files it writes)")
    return out


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


class SiteWriter:
    """Writes files under one folder: atomically, only when changed, never through a link."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.report = Report()
        self._old: dict[str, list] = {}  # path -> [sha256, size, mtime_ns] as last written
        self._new: dict[str, list] = {}
        self._old_inputs: dict[str, str] = {}  # path -> digest of what it was made from (see `keep`)
        self._inputs: dict[str, str] = {}
        self._fds: OrderedDict[str, int] = OrderedDict()
        self._umask = _umask()
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SiteWriteError(f"cannot create {out}: {exc.strerror}") from None
        self._old, self._old_inputs = self._read_manifest()

    # -- folders -----------------------------------------------------------------------------

    def _folder(self, rel: str) -> int | str:
        """An open descriptor of `out/rel` (or its path where descriptors cannot be used), made if missing."""
        if not AT:
            return self._folder_by_path(rel)
        if rel in self._fds:
            self._fds.move_to_end(rel)
            return self._fds[rel]
        if rel == "":
            fd = self._open_dir(None, str(self.out), str(self.out))
        else:
            parent_rel, _, name = rel.rpartition("/")
            parent = self._folder(parent_rel)
            assert isinstance(parent, int)
            try:
                os.mkdir(name, 0o777, dir_fd=parent)
            except FileExistsError:
                pass
            except OSError as exc:
                raise SiteWriteError(f"cannot create {self.out / rel}: {exc.strerror}") from None
            fd = self._open_dir(parent, name, str(self.out / rel))
        self._fds[rel] = fd
        while len(self._fds) > 32:
            _, old = self._fds.popitem(last=False)
            if old != fd:
                os.close(old)
        return fd

    def _open_dir(self, parent: int | None, name: str, shown: str) -> int:
        try:
            return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=parent)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                raise SiteWriteError(f"{shown} is a symbolic link or not a folder",
                                     "pp site build never writes through links; remove it and build again") from None
            raise SiteWriteError(f"cannot open {shown}: {exc.strerror}") from None

    def _folder_by_path(self, rel: str) -> str:
        path = self.out
        for part in [p for p in rel.split("/") if p]:
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                path.mkdir()
                continue
            if not stat.S_ISDIR(mode):
                raise SiteWriteError(f"{path} is a symbolic link or not a folder",
                                     "pp site build never writes through links; remove it and build again")
        return str(path)

    # -- files -------------------------------------------------------------------------------

    def keep(self, rel: str, inputs: str) -> bool:
        """Keep `out/rel` as it is if it was made from the same `inputs` and is as pp left it.

        False means it must be rendered and written (with `write(..., inputs=...)`).
        """
        _check_rel(rel)
        old = self._old.get(rel)
        if old is None or self._old_inputs.get(rel) != inputs or rel in self._new:
            return False
        folder_rel, _, name = rel.rpartition("/")
        current = self._lstat(self._folder(folder_rel), name, rel)
        if current is None or [current.st_size, current.st_mtime_ns] != old[1:]:
            return False
        self._new[rel] = old
        self._inputs[rel] = inputs
        self.report.unchanged += 1
        return True

    def write(self, rel: str, content: bytes, inputs: str | None = None) -> None:
        """Put `content` at `out/rel` unless it is already there; `inputs` is what it was made from, if known."""
        _check_rel(rel)
        if inputs is not None:
            self._inputs[rel] = inputs
        digest = hashlib.sha256(content).hexdigest()
        if rel in self._new:
            raise ValueError(f"the site writes {rel} twice")
        folder_rel, _, name = rel.rpartition("/")
        folder = self._folder(folder_rel)
        current = self._lstat(folder, name, rel)
        if current is not None and current.st_size == len(content) and (
            self._old.get(rel) == [digest, current.st_size, current.st_mtime_ns]  # as pp left it: no need to read
            or self._read(folder, name) == content
        ):
            self._new[rel] = [digest, current.st_size, current.st_mtime_ns]
            self.report.unchanged += 1
            return
        self._replace(folder, name, rel, content)
        written = self._lstat(folder, name, rel)
        self._new[rel] = [digest, len(content), written.st_mtime_ns if written else 0]
        self.report.written.append(rel)

    def _lstat(self, folder: int | str, name: str, rel: str) -> os.stat_result | None:
        try:
            st = os.stat(name, dir_fd=folder, follow_symlinks=False) if isinstance(folder, int) \
                else os.lstat(os.path.join(folder, name))
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(st.st_mode):
            raise SiteWriteError(f"{self.out / rel} exists and is not a regular file (a link, folder or device)",
                                 "pp site build replaces only files it wrote; remove it and build again")
        return st

    def _open(self, folder: int | str, name: str, flags: int, mode: int = 0o666) -> int:
        if isinstance(folder, int):
            return os.open(name, flags | _NOFOLLOW | _BINARY, mode, dir_fd=folder)
        return os.open(os.path.join(folder, name), flags | _NOFOLLOW | _BINARY, mode)

    def _read(self, folder: int | str, name: str) -> bytes | None:
        try:
            fd = self._open(folder, name, os.O_RDONLY)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            return handle.read()

    def _replace(self, folder: int | str, name: str, rel: str, content: bytes) -> None:
        tmp = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            fd = self._open(folder, tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~self._umask)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            if isinstance(folder, int):
                os.rename(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
            else:
                os.replace(os.path.join(folder, tmp), os.path.join(folder, name))
        except OSError as exc:
            self._unlink(folder, tmp)
            raise SiteWriteError(f"cannot write {self.out / rel}: {exc.strerror}") from None

    def _unlink(self, folder: int | str, name: str) -> None:
        try:
            if isinstance(folder, int):
                os.unlink(name, dir_fd=folder)
            else:
                os.unlink(os.path.join(folder, name))
        except OSError:
            pass

    # -- the end -------------------------------------------------------------------------------

    def finish(self) -> Report:
        """Remove pp's files that this build no longer has, then record the manifest."""
        stale = sorted(set(self._old) - set(self._new))
        folders: set[str] = set()
        for rel in stale:
            try:
                _check_rel(rel)
            except ValueError:
                continue  # a tampered manifest names something pp would never write: leave it alone
            folder_rel, _, name = rel.rpartition("/")
            try:
                folder = self._folder(folder_rel)
                if self._lstat(folder, name, rel) is None:
                    continue
            except SiteWriteError:
                continue  # no longer pp's to remove
            self._unlink(folder, name)
            self.report.removed.append(rel)
            while folder_rel:
                folders.add(folder_rel)
                folder_rel = folder_rel.rpartition("/")[0]
        self._close()
        for rel in sorted(folders, key=lambda r: -r.count("/")):  # deepest first; only folders left empty
            self._rmdir(rel)
        manifest = {"generator": "pp site build", "version": MANIFEST_VERSION,
                    "files": dict(sorted(self._new.items())), "inputs": dict(sorted(self._inputs.items()))}
        self.write_manifest(json.dumps(manifest, separators=(",", ":")).encode() + b"\n")
        return self.report

    def share(self) -> dict:
        """What this writer did, for another writer of the same site to `absorb` (a forked child's half)."""
        return {"files": self._new, "inputs": self._inputs, "written": self.report.written,
                "unchanged": self.report.unchanged}

    def absorb(self, shared: dict) -> int:
        """Take in what another writer wrote into the same folder; the number of files it handled."""
        for rel, entry in shared["files"].items():
            _check_rel(rel)
            if rel in self._new:
                raise ValueError(f"the site writes {rel} twice")
            self._new[rel] = entry
        self._inputs.update({k: v for k, v in shared.get("inputs", {}).items() if k in shared["files"]})
        self.report.written += shared["written"]
        self.report.unchanged += shared["unchanged"]
        return len(shared["files"])

    def _rmdir(self, rel: str) -> None:
        """Remove the folder `out/rel` if it is empty (reached without following links, like every write)."""
        parent_rel, _, name = rel.rpartition("/")
        try:
            parent = self._folder(parent_rel)
            os.rmdir(name, dir_fd=parent) if isinstance(parent, int) else os.rmdir(os.path.join(parent, name))
        except (OSError, SiteWriteError):
            pass  # not empty (files pp did not write), or not pp's
        self._close()

    def write_manifest(self, content: bytes) -> None:
        folder = self._folder("")
        if self._lstat(folder, MANIFEST, MANIFEST) is not None and self._read(folder, MANIFEST) == content:
            self._close()
            return
        self._replace(folder, MANIFEST, MANIFEST, content)
        self._close()

    def _close(self) -> None:
        while self._fds:
            os.close(self._fds.popitem()[1])

    def _read_manifest(self) -> tuple[dict[str, list], dict[str, str]]:
        """(path -> [sha256, size, mtime_ns], path -> inputs digest) as pp left them; empty where unreadable."""
        folder = self._folder("")
        if self._lstat(folder, MANIFEST, MANIFEST) is None:
            return {}, {}
        raw = self._read(folder, MANIFEST)
        try:
            doc = json.loads(raw or b"{}")
        except ValueError:
            return {}, {}  # unreadable: every file is compared by content instead
        if not isinstance(doc, dict):
            return {}, {}
        files = doc.get("files") if isinstance(doc.get("files"), dict) else {}
        files = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, list) and len(v) == 3}
        inputs = doc.get("inputs") if doc.get("version") == MANIFEST_VERSION else None
        inputs = {k: v for k, v in inputs.items() if isinstance(v, str)} if isinstance(inputs, dict) else {}
        return files, inputs

    def close(self) -> None:
        self._close()


def _check_rel(rel: str) -> None:
    """Only plain relative paths of safe names: no `..`, no absolute paths, no odd characters."""
    parts = rel.split("/")
    if not rel or any(not _PART.match(p) or p in (".", "..") for p in parts):
        raise ValueError(f"unsafe path in the site: {rel!r}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
