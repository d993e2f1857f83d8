"""The record files git vouches for, and their blob ids: a fresh clone need not read what git already knows.

A fresh clone (every CI run) gives every file a new inode and mtime, so the
index's stat shortcut misses and every file would be read and hashed again
(`pp_cli.sync`). Git's own index knows each file's blob id, and `git diff-files`
says which files no longer hold it (it compares stat data, and content where
that is not enough). So the index records, beside each file's content hash,
the git blob id of the same bytes, computed by pp from the bytes it read
(`blob_id`); a file git reports unchanged, with the blob id and the size the
index recorded for that path, is taken as that content without being read.

Git is believed only where it speaks for the bytes on disk: entries merged
(stage 0), regular files, not marked assume-unchanged or skip-worktree, in a
SHA-1 repository (git checks every object it receives for SHA-1 collision
attacks) whose tree holds no `.gitattributes` (attributes can make a
checkout's bytes differ from the blob: line endings, working-tree-encoding,
`ident`; a conversion set in local configuration, such as `core.autocrlf`,
changes the size, which is compared), and no `info/attributes`. Git runs
read-only, with no fsmonitor hook and no attributes file from configuration.
Anything git cannot answer — no git, not a repository, a repository git
refuses to read — leaves every file to be hashed: slower, never wrong.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

FROM_FILES = 1_000  # fewer files to hash than this (or than a tenth of all) are hashed faster than git answers


def blob_id(raw: bytes) -> str:
    """Git's id of a blob holding exactly these bytes (SHA-1 of a `blob <size>` header and the bytes)."""
    digest = hashlib.sha1(b"blob %d\0" % len(raw))
    digest.update(raw)
    return digest.hexdigest()


def worth_asking(to_hash: int, files: int) -> bool:
    """Whether asking git beats hashing `to_hash` files of a knowledge base of `files` (git looks at each once)."""
    return to_hash >= FROM_FILES and to_hash * 10 >= files


def vouched(root: Path) -> dict[str, str]:
    """Relative path → blob id of each record file under `root/data` that git says holds that blob now.

    Empty when git cannot vouch for any (see the module's docstring).
    """
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    # Read-only commands, with nothing configured that runs a program: no fsmonitor hook, no attributes
    # from configuration (and none from the tree or info/attributes, checked before diff-files could filter).
    git = ["git", "--no-optional-locks", "-c", "core.quotepath=false", "-c", "core.fsmonitor=false",
           "-c", f"core.attributesFile={os.devnull}"]

    def start(*args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([*git, *args], cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env)

    def outputs(*processes: subprocess.Popen[bytes]) -> list[bytes] | None:
        out = [process.communicate()[0] for process in processes]
        return None if any(process.returncode != 0 for process in processes) else out

    try:
        first = outputs(start("rev-parse", "--show-object-format", "--show-toplevel", "--git-path", "info/attributes"),
                        start("ls-files", "--cached", "-z", "--", ":(top,glob)**/.gitattributes"),
                        start("ls-files", "--stage", "-v", "-z", "--", "data"))
        if first is None:
            return {}
        about, tracked_attributes, listed = first
        lines = about.decode("utf-8", "surrogateescape").splitlines()
        if len(lines) != 3 or lines[0] != "sha1" or tracked_attributes:
            return {}
        top = Path(lines[1])
        if any(os.path.lexists(path) for path in (top / ".gitattributes", root / ".gitattributes",
                                                  root / "data" / ".gitattributes", root / lines[2])):
            return {}
        second = outputs(start("diff-files", "--relative", "--name-only", "-z", "--", "data"))
    except OSError:  # no git
        return {}
    if second is None:
        return {}
    modified = second[0]
    stale = set(modified.split(b"\0"))
    found: dict[str, str] = {}
    for entry in listed.split(b"\0"):
        # "H 100644 <blob> 0\t<path>": H is a plain cached entry (h: assume-unchanged, S: skip-worktree)
        info, _tab, path = entry.partition(b"\t")
        fields = info.split(b" ")
        if len(fields) != 4 or fields[0] != b"H" or fields[1] not in (b"100644", b"100755") or fields[3] != b"0":
            continue
        if path in stale:
            continue
        found[path.decode("utf-8", "surrogateescape")] = fields[2].decode("ascii")
    return found
