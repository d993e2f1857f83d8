"""GitHub job summaries: the size they may have, and adding to `$GITHUB_STEP_SUMMARY`.

GitHub takes at most 1 MiB of summary per step and shows nothing of a step
whose summary is larger. So the Markdown that `pp validate` and `pp diff`
write for it is built against a `Budget`: blocks are added while they fit,
and the first that does not ends the document with a line saying how much
was left out. (A prefix, not a selection: what is shown is what comes first.)
"""

from __future__ import annotations

import os
from pathlib import Path

LIMIT = 1024 * 1024  # GitHub's cap on one step's summary, in bytes
RESERVE = 4 * 1024  # kept back for the closing lines
ENV_VAR = "GITHUB_STEP_SUMMARY"


CAP = "the 1 MiB GitHub allows a job summary"


class Budget:
    """Bytes (UTF-8) left for a Markdown document; `None` means no limit. `why` names the limit for readers."""

    def __init__(self, limit: int | None = LIMIT, why: str = CAP) -> None:
        self.left = None if limit is None else max(0, limit - min(RESERVE, limit // 4))
        self.why = why

    def take(self, text: str) -> bool:
        """Count `text` against the budget if it fits; False (and nothing counted) if it does not."""
        if self.left is None:
            return True
        size = len(text.encode("utf-8"))
        if size > self.left:
            self.left = 0  # nothing after the first block that did not fit: the document stays a prefix
            return False
        self.left -= size
        return True


def path() -> Path | None:
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else None


def room(target: Path) -> int:
    """How much of the cap is left in a summary file that earlier commands of the step may have written to."""
    try:
        used = target.stat().st_size
    except OSError:
        used = 0
    return max(0, LIMIT - used)


def append(target: Path, text: str) -> str | None:
    """Add `text` to the step summary, appended (never truncated), to a regular file only; else why not."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        return f"${ENV_VAR} ({target}) is not a regular file; the job summary was not written"
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        return f"cannot write the job summary to ${ENV_VAR} ({target}): {exc.strerror}"
    return None
