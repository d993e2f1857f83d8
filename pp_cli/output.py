"""Writing what pp produces: only where it was told, whole or not at all.

One routine for every file pp writes outside its cache (exports, the
`.gitignore` of `pp init`, …):

* `-` means standard output; anything else must be a new name or an
  existing *regular* file (replaced only with `force`): a device such as
  `/dev/null`, a FIFO, a folder or a symbolic link is never renamed over;
* nothing is written inside the knowledge base's `data/`, where a stray
  export would become a broken record;
* the content goes to a temporary file beside the target, is flushed to
  disk, and is renamed over the target only when complete, so a full disk,
  a permission error or an interruption leaves the old file (or nothing);
* the user's environment failing — a full disk, a read-only or closed
  output, a permission denied — is a one-line `OutputError` (exit 1), not
  an internal error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from pp_cli.errors import PPError, UsageError

T = TypeVar("T")
STDOUT = "-"


class OutputError(PPError):
    """The output could not be written: the environment's doing (disk full, permissions), not a bug."""


def is_stdout(target: object) -> bool:
    return target is None or str(target) == STDOUT


def check_target(target: Path | str, *, force: bool = False, root: Path | None = None) -> Path:
    """The absolute path to write, after refusing what must never be written or replaced (usage errors)."""
    path = Path(os.path.abspath(target))
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot use {path}: {exc.strerror}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{path} is a folder", "give a file name, e.g. --output kb.db")
        if stat.S_ISLNK(info.st_mode):
            raise UsageError(f"{path} is a symbolic link; pp does not write through links",
                             "give the real file's path, or another name")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path} is not a regular file (a device, pipe or socket); pp never replaces one",
                             "to write to standard output, use --output - (or leave --output out)")
        if not force:
            raise UsageError(f"{path} already exists", "choose another file, or pass --force to replace it")
    parent = path.parent
    if not parent.is_dir():
        raise UsageError(f"folder {parent} does not exist", "create it first, or choose another --output")
    if root is not None:
        refuse_inside_data(parent, root, shown=path)
    return path


def refuse_inside_data(folder: Path | str, root: Path, *, shown: Path | str | None = None) -> None:
    """A usage error if `folder` (links resolved, existing or not) is the knowledge base's data/ or inside it."""
    data = Path(os.path.realpath(Path(root) / "data"))
    if Path(os.path.realpath(folder)).is_relative_to(data):
        raise UsageError(f"{shown or folder} is inside the knowledge base's data/ folder",
                         "pp would read the output back as a broken record; write it elsewhere")


def write_file(target: Path | str, write: Callable[[Path], T], *, force: bool = False,
               root: Path | None = None, mode: int | None = None) -> T:
    """Call `write(temporary path)`, then rename the result over `target`; return what `write` returned.

    `write` may open the path itself (SQLite does) or write to it however it
    likes. Anything it raises, or a failure to finish, removes the temporary
    file and leaves `target` as it was.
    """
    path = check_target(target, force=force, root=root)
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _failed(path, exc) from None
    os.close(handle)
    tmp_path = Path(tmp)
    try:
        result = write(tmp_path)
        with open(tmp_path, "rb+") as done:  # flushed to disk before it takes the target's name
            os.fsync(done.fileno())
        os.chmod(tmp_path, (0o666 & ~_umask()) if mode is None else mode)  # mkstemp makes 0600
        current = _lstat(path)
        if current is not None and not stat.S_ISREG(current.st_mode):  # swapped in meanwhile
            raise UsageError(f"{path} is no longer a regular file; pp never replaces one")
        os.replace(tmp_path, path)
    except OSError as exc:
        raise _failed(path, exc) from None
    except OverflowError as exc:  # e.g. SQLite cannot store an integer past 64 bits
        raise OutputError(f"cannot write {path}: {exc}", "a number in the records is too large for this format; "
                          "run `pp validate`") from None
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
    return result


def write_text(target: Path | str, write: Callable[[IO[str]], T], *, force: bool = False,
               root: Path | None = None, newline: str = "") -> T:
    """`write(stream)` to a text file, atomically as `write_file`; `-` writes to standard output."""
    if is_stdout(target):
        return to_stdout(write)

    def into(tmp: Path) -> T:
        with open(tmp, "w", encoding="utf-8", newline=newline) as out:
            return write(out)

    return write_file(target, into, force=force, root=root)


def write_bytes(target: Path | str, content: bytes, *, force: bool = False, root: Path | None = None) -> Path:
    """`content` as the whole of `target`, atomically."""
    write_file(target, lambda tmp: tmp.write_bytes(content), force=force, root=root)
    return Path(os.path.abspath(target))


def to_stdout(write: Callable[[IO[str]], T]) -> T:
    """`write(sys.stdout)` and flush, turning a full or failing standard output into an OutputError.

    A closed pipe (`pp export | head`) is the reader's choice, so it stays the
    BrokenPipeError the CLI ends quietly on.
    """
    with stdout_errors():
        result = write(sys.stdout)
        sys.stdout.flush()
    return result


@contextlib.contextmanager
def stdout_errors() -> Iterator[None]:
    """Report a failing standard output (`> /dev/full`) as one line, and silence it for the rest of the run."""
    try:
        yield
    except BrokenPipeError:
        silence_stdout()
        raise
    except OSError as exc:
        silence_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}",
                          "check the disk or file it is redirected to") from None


def silence_stdout() -> None:
    """Point standard output at the null device, so Python's own flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


ENVIRONMENT_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EROFS", "EACCES", "EPERM", "EIO", "ENXIO")
    if hasattr(errno, name)
)


def _failed(path: Path, exc: OSError) -> OutputError:
    hint = {errno.ENOSPC: "free some space, or write somewhere else",
            errno.EACCES: "choose a folder you can write to",
            errno.EROFS: "choose a writable folder"}.get(exc.errno or 0)
    return OutputError(f"cannot write {path}: {exc.strerror or exc}", hint)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
