"""Renderers for `pp validate`: text with excerpts and carets, JSON, GitHub annotations.

Every renderer takes the same `Report`, and `RENDERERS` maps each
`ReportFormat` to one (a test checks that none is missing). Text from records
(values quoted in messages, excerpt lines) is made safe with
`pp_cli.textsafe.clean` and never interpreted as rich markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pp_cli.errors import Problem
from pp_cli.textsafe import clean


class ReportFormat(str, Enum):
    text = "text"  # for people: location, message, excerpt with a caret, hint
    json = "json"  # for scripts
    github = "github"  # workflow commands that GitHub shows as annotations on the pull request


@dataclass
class Report:
    root: Path
    problems: list[Problem]
    files: int  # how many files were checked
    strict: bool = False  # warnings fail too
    path_prefix: str = ""  # prepended to paths (the knowledge base's folder inside a repository)
    color: bool = False  # text format: colour for a terminal
    _lines: dict[str, list[str] | None] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def failed(self) -> bool:
        return bool(self.errors or (self.strict and self.warnings))

    def line(self, relpath: str, number: int) -> str | None:
        """Line `number` (1-based) of a file, for an excerpt; None when unreadable."""
        if relpath not in self._lines:
            from pp_cli.records import read_bounded

            try:
                text = read_bounded(self.root / relpath).decode("utf-8", errors="replace")
                self._lines[relpath] = text.splitlines()
            except Exception:  # missing, a link, too large: no excerpt, the problem says why
                self._lines[relpath] = None
        lines = self._lines[relpath]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]

    def summary(self) -> str:
        files = f"{self.files} file{'s' if self.files != 1 else ''} checked"
        if not self.problems:
            return f"{files}: no problems"
        parts = []
        if self.errors:
            parts.append(f"{self.errors} error{'s' if self.errors != 1 else ''}")
        if self.warnings:
            note = "" if self.strict else " (they do not fail without --strict)"
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}{note}")
        return f"{files}: " + ", ".join(parts)


# --------------------------------------------------------------------------- text

_TOKEN = re.compile(r"[^\s:,\[\]{}#]+")
_WIDTH = 140  # longest excerpt shown; longer lines are cut around the caret


def _excerpt(line: str, column: int) -> tuple[str, int, int]:
    """(shown line, caret offset, caret width) for a 1-based column, safe to print."""
    column = max(1, min(column, len(line) + 1))
    start = 0
    if len(line) > _WIDTH:
        start = max(0, column - 1 - _WIDTH // 3)
    shown = line[start : start + _WIDTH]
    token = _TOKEN.match(line, column - 1)
    width = min(len(token.group()), 40) if token else 1
    prefix = ("…" if start else "") + clean(shown[: column - 1 - start], single_line=True)
    marked = clean(line[column - 1 : column - 1 + width], single_line=True)
    text = ("…" if start else "") + clean(shown, single_line=True) + ("…" if start + _WIDTH < len(line) else "")
    return text, len(prefix), max(1, len(marked))


def render_text(report: Report) -> Any:
    """One block per problem, then a summary line: a rich Text in colour, else plain text (much faster)."""
    parts: list[tuple[str, str]] = []

    def add(text: str, style: str = "") -> None:
        parts.append((text, style))

    for p in report.problems:
        colour = "red" if p.severity == "error" else "yellow"
        add(clean(report.path_prefix + p.location, single_line=True), "bold")
        add(": ")
        add(f"{p.severity} {p.code}", f"bold {colour}")
        add(": " + clean(p.message, single_line=True) + "\n")
        source = report.line(p.path, p.line) if p.line else None
        if source is not None:
            gutter = " " * len(str(p.line))
            shown, offset, width = _excerpt(source, p.column or 1)
            add(f"{gutter} |\n", "blue")
            add(f"{p.line} | ", "blue")
            add(shown + "\n")
            add(f"{gutter} | ", "blue")
            add(" " * offset + "^" * width + "\n", f"bold {colour}")
        margin = " " * len(str(p.line)) + " = " if source is not None else "  = "
        if p.field:
            add(margin + "field: ", "dim")
            add(clean(p.field, single_line=True) + "\n")
        if p.hint:
            add(margin + "hint: ", "cyan")
            add(clean(p.hint, single_line=True) + "\n")
        for other in p.related:
            add(margin + "see also: ", "dim")
            add(clean(report.path_prefix + other, single_line=True) + "\n")
        add("\n")
    style = "bold red" if report.failed else ("bold yellow" if report.problems else "bold green")
    add(report.summary(), style)
    if not report.color:
        return "".join(text for text, _ in parts) + "\n"
    from rich.text import Text

    return Text.assemble(*parts)


# --------------------------------------------------------------------------- json


def render_json(report: Report) -> str:
    doc = {
        "ok": not report.failed,
        "files": report.files,
        "errors": report.errors,
        "warnings": report.warnings,
        "strict": report.strict,
        "problems": [
            {
                "code": p.code,
                "severity": p.severity,
                "path": report.path_prefix + p.path,
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "message": p.message,
                "hint": p.hint,
                "related": [report.path_prefix + r for r in p.related],
            }
            for p in report.problems
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- github


def _escape_data(text: str) -> str:
    """Escaping for the message of a workflow command, so record text cannot start a new command."""
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """`::error file=…,line=…,col=…,title=…::message` per problem, then the summary line."""
    lines = []
    for p in report.problems:
        props = [f"file={_escape_property(report.path_prefix + p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
            if p.column:
                props.append(f"col={p.column}")
        title = f"{p.code} {p.field}" if p.field else p.code
        props.append(f"title={_escape_property(title)}")
        message = p.message
        if p.hint:
            message += f"\nhint: {p.hint}"
        if p.related:
            message += "\nsee also: " + ", ".join(report.path_prefix + r for r in p.related)
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


RENDERERS: dict[ReportFormat, Callable[[Report], Any]] = {
    ReportFormat.text: render_text,
    ReportFormat.json: render_json,
    ReportFormat.github: render_github,
}
