"""Errors the core raises and the exit codes they mean (documented in README.md).

The CLI maps every `PPError` to a message on stderr and its exit code in one
place (`pp_cli.cli`), so commands never print tracebacks.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1  # validation errors, no match, ambiguous match
EXIT_USAGE = 2  # bad options, no knowledge base found
EXIT_INTERNAL = 3  # a bug in pp (reported briefly; PP_DEBUG=1 shows the traceback)


class PPError(Exception):
    """Base of all expected failures: a message, an optional hint, an exit code."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(PPError):
    exit_code = EXIT_USAGE


class KnowledgeBaseNotFound(UsageError):
    """No folder holding `data/` was found."""


class NoMatch(PPError):
    """Nobody matches a name; carries the nearest names as suggestions."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message, None)
        self.suggestions = suggestions or []


class Ambiguous(PPError):
    """Several people match; carries them so the user can choose."""

    def __init__(self, message: str, candidates: list[tuple[str, str]]) -> None:
        super().__init__(message, "run the command again with one of the ids above")
        self.candidates = candidates  # (id, display name)


@dataclass(frozen=True)
class Problem:
    """One finding about one file, located as precisely as the file allows."""

    code: str
    path: str  # relative to the knowledge base root, with forward slashes
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    hint: str | None = None
    severity: str = "error"  # or "warning"
    related: tuple[str, ...] = dataclasses.field(default=())

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        """Back from `dataclasses.asdict` and JSON, as the cache stores problems."""
        return cls(**{**data, "related": tuple(data.get("related", ()))})

    @property
    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where


def finding_order(problem: Problem) -> tuple:
    """File order: by path, line, column, code and message."""
    return (problem.path, problem.line or 0, problem.column or 0, problem.code, problem.message)
