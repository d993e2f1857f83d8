"""Renderers for `pp validate`: text with excerpts and carets, JSON, GitHub annotations, Markdown.

Every renderer takes the same `Report`, and `RENDERERS` maps each
`ReportFormat` to one (a test checks that none is missing). Text from records
(values quoted in messages, excerpt lines) is made safe with
`pp_cli.textsafe.clean` and never interpreted as rich markup; Markdown
escapes it.

What a reader sees is kept to what they can act on: stale statuses (PP602)
are one line unless asked for (`list_stale`), GitHub gets at most
`ANNOTATIONS` annotations of each severity (what it shows per step), the
most important first, and Markdown for a job summary stops before GitHub's
size cap, saying how much it left out.
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
from pp_cli.step_summary import LIMIT as SUMMARY_LIMIT
from pp_cli.textsafe import clean


class ReportFormat(str, Enum):
    text = "text"  # for people: location, message, excerpt with a caret, hint
    json = "json"  # for scripts: every finding, stale ones included
    github = "github"  # workflow commands that GitHub shows as annotations on the pull request
    markdown = "markdown"  # a table, for a job summary or a pull-request comment


STALE = "PP602"
ANNOTATIONS = 10  # GitHub shows at most 10 error and 10 warning annotations per step


@dataclass
class Report:
    root: Path
    problems: list[Problem]  # every finding of this run
    files: int  # how many files were checked (with --changed: how many the change touches)
    strict: bool = False  # warnings fail too
    path_prefix: str = ""  # prepended to paths (the knowledge base's folder inside a repository)
    color: bool = False  # text format: colour for a terminal
    list_stale: bool = True  # False: stale statuses are one summary line
    stale_limit: str = "a year"  # how old a confirmation may be, for that line
    changed_since: str | None = None  # --changed: the base side ("main (merge base 1a2b3c4)")
    own: frozenset[str] = frozenset()  # --changed: the files the change adds or modifies
    total_files: int | None = None  # --changed: files in the whole knowledge base
    step_summary: bool = False  # github: the full report also goes to the job summary
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

    @property
    def shown(self) -> list[Problem]:
        """The findings listed one by one: all but the stale statuses summarised in `stale_line`."""
        if self.list_stale:
            return self.problems
        return [p for p in self.problems if p.code != STALE]

    @property
    def stale_hidden(self) -> int:
        return 0 if self.list_stale else sum(p.code == STALE for p in self.problems)

    def stale_line(self) -> str | None:
        """`9 people's status was last confirmed more than a year ago; …`, when stale statuses are summarised."""
        n = self.stale_hidden
        if not n:
            return None
        who = "1 person's" if n == 1 else f"{n:,} people's"
        return (f"{who} status was last confirmed more than {self.stale_limit} ago ({STALE}); "
                "`pp validate --stale` lists them")

    def prioritised(self) -> list[Problem]:
        """Errors, then warnings; within each, the change's own files first, then file order."""
        return sorted(self.shown, key=lambda p: (p.severity != "error", bool(self.own) and p.path not in self.own))

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

    def checked(self) -> str:
        """What was checked: `35 files checked`, or the changed files and what they were checked against."""
        if self.changed_since is None:
            return f"{self.files:,} file{'s' if self.files != 1 else ''} checked"
        if not self.files:
            return f"no record file changed since {self.changed_since}"
        total = f" ({self.total_files:,} files)" if self.total_files is not None else ""
        return (f"{self.files:,} file{'s' if self.files != 1 else ''} changed since {self.changed_since}, "
                f"checked against the whole knowledge base{total}")

    def summary(self) -> str:
        files = self.checked()
        if not self.problems:
            return f"{files}: no problems"
        parts = []
        if self.errors:
            parts.append(f"{self.errors:,} error{'s' if self.errors != 1 else ''}")
        if self.warnings:
            note = "" if self.strict else " (they do not fail without --strict)"
            parts.append(f"{self.warnings:,} warning{'s' if self.warnings != 1 else ''}{note}")
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

    for p in report.shown:
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
    stale = report.stale_line()
    if stale:
        add(stale + "\n", "yellow")
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
        "changed_since": report.changed_since,
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


def _annotation(report: Report, p: Problem) -> str:
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
    return f"::{p.severity} {','.join(props)}::{_escape_data(message)}"


def one_line(report: Report, p: Problem) -> str:
    """`path:line:col: severity CODE: message (hint: …)` on one line, safe for a terminal or a workflow log."""
    text = f"{report.path_prefix}{p.location}: {p.severity} {p.code}: {p.message}"
    if p.hint:
        text += f" (hint: {p.hint})"
    text = clean(text, single_line=True)
    return " " + text if text.lstrip().startswith("::") else text  # never a workflow command


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def render_github(report: Report) -> str:
    """At most `ANNOTATIONS` errors and as many warnings as workflow commands, the most important first.

    GitHub drops annotations past ten of each kind per step, so the rest are
    counted in a notice and listed as plain lines of the log (and in the job
    summary when `step_summary`), then the summary line.
    """
    ranked = report.prioritised()
    errors = [p for p in ranked if p.severity == "error"]
    warnings = [p for p in ranked if p.severity != "error"]
    lines = [_annotation(report, p) for p in [*errors[:ANNOTATIONS], *warnings[:ANNOTATIONS]]]
    rest = [*errors[ANNOTATIONS:], *warnings[ANNOTATIONS:]]
    if rest:
        more = [_count(n, noun) for n, noun in ((len(errors) - ANNOTATIONS, "error"),
                                                 (len(warnings) - ANNOTATIONS, "warning")) if n > 0]
        where = "the job summary and this log list" if report.step_summary else "this log lists"
        lines.append(f"::notice title=pp validate::Not annotated (GitHub shows {ANNOTATIONS} errors and "
                     f"{ANNOTATIONS} warnings per step): {' and '.join(more)} more; {where} them all")
        lines += [one_line(report, p) for p in rest]
    stale = report.stale_line()
    if stale:
        lines.append(stale)
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- markdown


def render_markdown(report: Report, limit: int | None = SUMMARY_LIMIT) -> str:
    """A table of findings (errors first), cut to fit `limit` bytes with a line counting what was left out."""
    from pp_cli.formats.markdown_format import escape
    from pp_cli.step_summary import Budget

    budget = Budget(limit)
    title = "pp validate --changed" if report.changed_since is not None else "pp validate"
    head = [f"### {title}", "", f"**{escape(report.summary())}**", ""]
    stale = report.stale_line()
    if stale:
        head += [escape(stale), ""]
    ranked = report.prioritised()
    lines = list(head)
    budget.take("\n".join(head))
    if ranked:
        header = ["| | Where | Code | Problem |", "| --- | --- | --- | --- |"]
        lines += header
        budget.take("\n".join(header) + "\n")
    left_out: list[Problem] = []
    for index, p in enumerate(ranked):
        problem = p.message + (f" — hint: {p.hint}" if p.hint else "")
        if p.related:
            problem += " — see also: " + ", ".join(report.path_prefix + r for r in p.related)
        row = (f"| {p.severity} | {escape(report.path_prefix + p.location)} | {p.code} | {escape(problem)} |")
        if not budget.take(row + "\n"):
            left_out = ranked[index:]
            break
        lines.append(row)
    if left_out:
        errors = sum(p.severity == "error" for p in left_out)
        counts = [_count(n, noun) for n, noun in ((errors, "error"), (len(left_out) - errors, "warning")) if n]
        lines += ["", f"_Not shown here, to keep within {budget.why}: {' and '.join(counts)} "
                      "more. `pp validate` (and the log) list them all._"]
    return "\n".join(lines).rstrip() + "\n"


RENDERERS: dict[ReportFormat, Callable[[Report], Any]] = {
    ReportFormat.text: render_text,
    ReportFormat.json: render_json,
    ReportFormat.github: render_github,
    ReportFormat.markdown: render_markdown,
}
