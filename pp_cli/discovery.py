"""Finding a knowledge base and its record files, cheaply (no model imports)."""

from __future__ import annotations

import os
from pathlib import Path

from pp_cli.errors import KnowledgeBaseNotFound

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


Folder = tuple[str, list[str], list[int], list[int]]  # relative path, file names, mtimes (ns), sizes


def scan(root: Path) -> list[Folder]:
    """Every `*.yaml`/`*.yml` file under data/, folder by folder, with its mtime and size.

    This stat of every file is the floor of a warm run, so the loop is kept
    tight: plain strings, parallel lists rather than a tuple per file, no
    sorting. Symlinks are not followed, so a pull request cannot point pp at
    files outside the repository; hidden folders (`.git`-like) are skipped.
    A folder that cannot be listed appears as one entry, its own path with a
    trailing `/`, so what it hides is reported rather than silently missing.
    """
    folders: list[Folder] = []
    stack = [("data", str(root / "data"))]  # (relative path, absolute path)
    while stack:
        rel_folder, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # unreadable: listed as `<folder>/`, which the loader reports (PP010), never skipped
            folders.append((rel_folder, [""], [-1], [-1]))
            continue
        names: list[str] = []
        mtimes: list[int] = []
        sizes: list[int] = []
        add_name, add_mtime, add_size = names.append, mtimes.append, sizes.append
        for entry in entries:
            name = entry.name
            if not name.isprintable():  # undecodable bytes or control characters: never used as text
                name = _visible(name)
            if entry.is_dir(follow_symlinks=False):
                if name[0] != ".":
                    stack.append((f"{rel_folder}/{name}", entry.path))
            elif name.endswith((".yaml", ".yml")):
                st = entry.stat(follow_symlinks=False)
                add_name(name)
                add_mtime(st.st_mtime_ns)
                add_size(st.st_size)
        folders.append((rel_folder, names, mtimes, sizes))
    return folders


def _visible(name: str) -> str:
    """A file name safe to print and store: undecodable bytes as `\\xff`, controls as `\\x0a`.

    Such a name is never a valid id, so the file is reported, never opened by it.
    """
    from pp_cli.textsafe import clean

    return clean(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), single_line=True)


def flatten(folders: list[Folder]) -> list[tuple[str, int, int]]:
    """(relative path, mtime_ns, size) per file."""
    return [
        (f"{rel}/{name}", mtime, size)
        for rel, names, mtimes, sizes in folders
        for name, mtime, size in zip(names, mtimes, sizes, strict=True)
    ]


def record_files(root: Path) -> list[tuple[str, int, int]]:
    """Every record file as (relative path, mtime_ns, size), in folder order (callers sort if they need to)."""
    return flatten(scan(root))
