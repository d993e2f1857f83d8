"""Renderers for `pp diff`: text for a terminal, Markdown for pull requests and job summaries, JSON.

`RENDERERS` maps each `DiffFormat` to one (a test checks none is missing).
Record text is made safe for each medium: `textsafe.clean` for terminals,
Markdown escaping (which also neutralises HTML) for pull-request comments.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

from pp_cli.textsafe import clean

if TYPE_CHECKING:  # the models stay unimported until a diff is computed, so `pp --help` stays quick
    from pp_cli.gitdiff import DataDiff, FieldChange, RecordChange


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


NOUNS = {"prisoners": ("person", "people"), "events": ("event", "events"),
         "organizations": ("organization", "organizations"), "cases": ("case", "cases"),
         "codes": ("code registry", "code registries")}
SECTIONS = {"prisoners": "People", "events": "Events", "organizations": "Organizations", "cases": "Cases",
            "codes": "Code registries"}
VERBS = {"added": "added", "removed": "removed", "changed": "changed", "renamed": "renamed"}


def headline(diff: DataDiff) -> str:
    """`1 person added, 2 events changed; 1 status change`."""
    counts: dict[tuple[str, str], int] = {}
    for r in diff.records:
        counts[(r.kind, r.change)] = counts.get((r.kind, r.change), 0) + 1
    parts = [
        f"{n} {NOUNS[kind][n != 1]} {change}"
        for kind in NOUNS for change in VERBS if (n := counts.get((kind, change), 0))
    ]
    text = ", ".join(parts) or "no records changed"
    if diff.statuses:
        text += f"; {len(diff.statuses)} status change{'s' if len(diff.statuses) != 1 else ''}"
    files = len({p.path for p in diff.problems})
    if files:
        text += f"; {files} changed file{'s' if files != 1 else ''} with errors"
    return text


def value_text(value: Any, limit: int = 160) -> str:
    """A field value on one line, shortened."""
    if value is None:
        text = "(none)"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(value_text(v, limit) for v in value) or "(empty)"
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_text(change: FieldChange) -> tuple[str, str]:
    """(field, what happened to it)."""
    if change.added or change.removed:
        parts = [f"+ {value_text(v)}" for v in change.added] + [f"- {value_text(v)}" for v in change.removed]
        return change.field, "; ".join(parts)
    return change.field, f"{value_text(change.old)} → {value_text(change.new)}"


def facts_text(record: RecordChange) -> str:
    f = record.facts
    parts = []
    if record.kind == "prisoners":
        parts.append(f"{f.get('status')}" + (f" as of {f['as_of']}" if f.get("as_of") else ""))
        if f.get("roles"):
            parts.append(", ".join(f["roles"]))
    elif record.kind == "events":
        parts.append("people: " + (", ".join(f.get("people", [])) or "(none)"))
    else:
        parts.append(str(f.get("type")))
    n = f.get("sources", 0)
    parts.append(f"{n} source{'s' if n != 1 else ''}")
    return " · ".join(parts)


def record_title(record: RecordChange) -> str:
    if record.kind == "events" and record.facts:
        return f"{record.facts['date']} {record.facts['type']}: {record.label}"
    return record.label


# --------------------------------------------------------------------------- text


def render_text(diff: DataDiff) -> Any:
    from rich.text import Text

    def safe(value: object) -> str:
        return clean(value, single_line=True)

    out = Text()
    out.append("pp diff: ", style="bold")
    out.append(f"{safe(diff.base)} → {safe(diff.head)}\n", style="bold")
    if diff.empty:
        out.append("no changes to records")
        if diff.unchanged_files:
            out.append(f" ({len(diff.unchanged_files)} file(s) changed only in comments or layout)")
        return out
    out.append(headline(diff) + "\n")
    if diff.statuses:
        out.append("\nStatus changes\n", style="bold")
        for s in diff.statuses:
            out.append(f"  {safe(s.name)} ({s.id}): ")
            out.append(f"{s.old}" + (f" as of {s.old_as_of}" if s.old_as_of else ""), style="red")
            out.append(" → ")
            out.append(f"{s.new}" + (f" as of {s.new_as_of}" if s.new_as_of else ""), style="green")
            if s.event:
                out.append(f"  [{s.event}]", style="dim")
            out.append("\n")
    marks = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow"), "renamed": (">", "yellow")}
    for kind, title in SECTIONS.items():
        records = [r for r in diff.records if r.kind == kind]
        if not records:
            continue
        out.append(f"\n{title}\n", style="bold")
        for r in records:
            mark, colour = marks[r.change]
            out.append(f"  {mark} ", style=f"bold {colour}")
            out.append(safe(record_title(r)))
            out.append(f" ({r.id})", style="dim")
            if r.change == "renamed":
                out.append(f", renamed from {r.old_id}")
            if r.change == "removed":
                out.append(" removed", style=colour)
            out.append(f"  {safe(r.path)}", style="dim")
            if r.old_path:
                out.append(f" (was {safe(r.old_path)})", style="dim")
            out.append("\n")
            if r.change == "added":
                out.append(f"      {safe(facts_text(r))}\n")
            for change in r.fields:
                name, what = field_text(change)
                out.append(f"      {safe(name)}: ", style="cyan")
                out.append(safe(what) + "\n")
    if diff.problems:
        out.append("\nChanged files with errors (run `pp validate` on them)\n", style="bold red")
        for p in diff.problems:
            out.append(f"  {safe(p.location)}: {p.code} {safe(p.message)}\n")
    if diff.unchanged_files:
        out.append(f"\nChanged only in comments or layout: {safe(', '.join(diff.unchanged_files))}\n", style="dim")
    out.rstrip()
    return out


# --------------------------------------------------------------------------- markdown


def render_markdown(diff: DataDiff) -> str:
    from pp_cli.formats.markdown_format import escape

    lines = [f"### pp diff: {escape(diff.base)} → {escape(diff.head)}", ""]
    if diff.empty:
        lines.append("No changes to records.")
        return "\n".join(lines) + "\n"
    lines += [f"**{escape(headline(diff))}**", ""]
    if diff.statuses:
        lines += ["#### Status changes", "", "| Person | Before | After | Deciding event |",
                  "| --- | --- | --- | --- |"]
        for s in diff.statuses:
            before = s.old + (f", as of {s.old_as_of}" if s.old_as_of else "")
            after = s.new + (f", as of {s.new_as_of}" if s.new_as_of else "")
            event = f"`{s.event}`" if s.event else ""
            lines.append(f"| {escape(s.name)} (`{s.id}`) | {escape(before)} | {escape(after)} | {event} |")
        lines.append("")
    for kind, title in SECTIONS.items():
        records = [r for r in diff.records if r.kind == kind]
        if not records:
            continue
        lines += [f"#### {title}", ""]
        for r in records:
            head = f"- **{VERBS[r.change]}**: {escape(record_title(r))} (`{r.id}`)"
            if r.change == "renamed":
                head += f", renamed from `{r.old_id}`"
            if r.change == "added":
                head += f" — {escape(facts_text(r))}"
            if r.old_path:
                head += f" — moved from {escape(r.old_path)}"
            lines.append(head)
            for change in r.fields:
                name, what = field_text(change)
                lines.append(f"  - `{name.replace('`', '')}`: {escape(what)}")
        lines.append("")
    if diff.problems:
        lines += ["#### Changed files with errors", "", "Run `pp validate` on them:", ""]
        lines += [f"- {escape(p.location)}: {p.code} {escape(p.message)}" for p in diff.problems]
        lines.append("")
    if diff.unchanged_files:
        lines += [f"_Changed only in comments or layout: {escape(', '.join(diff.unchanged_files))}_", ""]
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- json


def render_json(diff: DataDiff) -> str:
    doc = dataclasses.asdict(diff)
    doc["summary"] = headline(diff)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[DiffFormat, Callable[[DataDiff], Any]] = {
    DiffFormat.text: render_text,
    DiffFormat.markdown: render_markdown,
    DiffFormat.json: render_json,
}


# --------------------------------------------------------------------------- editions of a list (issue 12)


def _entry(e: dict[str, Any]) -> str:
    return e["name"] + (f" ({e['place']})" if e.get("place") else "") + f" [{e['id']}]"


def edition_headline(d: Any) -> str:
    """`UFPPA list, 2014-08 → 2015-01: 98 → 85 people; 3 added, 16 removed`."""
    return (f"{d.by or d.list}, {d.old} → {d.new}: {d.old_count} → {d.new_count} people; "
            f"{len(d.added)} added, {len(d.removed)} removed")


def render_edition_text(d: Any) -> Any:
    from rich.text import Text

    out = Text()
    out.append(clean(edition_headline(d), single_line=True) + "\n", style="bold")
    for title, items, mark, colour in (("Added", d.added, "+", "green"), ("Removed", d.removed, "-", "red")):
        if items:
            out.append(f"\n{title}\n", style="bold")
            for e in items:
                out.append(f"  {mark} ", style=f"bold {colour}")
                out.append(clean(_entry(e), single_line=True) + "\n")
    if d.moved:
        out.append("\nMoved within the list\n", style="bold")
        for e in d.moved:
            out.append(f"  ~ {clean(e['name'], single_line=True)}: {e['old_place'] or '—'} → {e['place'] or '—'}\n")
    if d.kind_changed:
        out.append("\nRecognised differently\n", style="bold")
        for e in d.kind_changed:
            out.append(f"  ~ {clean(e['name'], single_line=True)}: {e['old_kind'] or '—'} → {e['kind'] or '—'}\n")
    out.rstrip()
    return out


def render_edition_markdown(d: Any) -> str:
    from pp_cli.formats.markdown_format import escape

    lines = [f"### {escape(edition_headline(d))}", ""]
    for title, items in (("Added", d.added), ("Removed", d.removed)):
        if items:
            lines += [f"#### {title}", ""] + [f"- {escape(_entry(e))}" for e in items] + [""]
    if d.moved:
        lines += ["#### Moved within the list", ""]
        lines += [f"- {escape(e['name'])}: {escape(e['old_place'] or '—')} → {escape(e['place'] or '—')}"
                  for e in d.moved] + [""]
    if d.kind_changed:
        lines += ["#### Recognised differently", ""]
        lines += [f"- {escape(e['name'])}: {escape(e['old_kind'] or '—')} → {escape(e['kind'] or '—')}"
                  for e in d.kind_changed] + [""]
    return "\n".join(lines).rstrip() + "\n"


def render_edition_json(d: Any) -> str:
    doc = dataclasses.asdict(d)
    doc["summary"] = edition_headline(d)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


EDITION_RENDERERS: dict[DiffFormat, Callable[[Any], Any]] = {
    DiffFormat.text: render_edition_text,
    DiffFormat.markdown: render_edition_markdown,
    DiffFormat.json: render_edition_json,
}
