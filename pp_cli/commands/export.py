"""`pp export`: the whole knowledge base as JSON, JSON Lines, CSV, Markdown or SQLite."""

from __future__ import annotations

from pathlib import Path

import typer

from pp_cli.commands.common import load_kb
from pp_cli.export import ExportFormat

HELP = """Export the whole knowledge base: people, events, organizations and sources.

Text formats go to stdout unless --output is given; SQLite needs --output.
An existing file is never replaced without --force, and files are written
atomically. --public leaves out every record and field marked restricted
(and drops restricted people from events); git history still holds them.

[bold]Formats[/bold]

  json       one document: meta, prisoners, events, organizations, sources
  jsonl      one JSON object per line, each with a "kind"
  csv        one row per person (with --events: one row per event)
  markdown   a readable document of everything
  sqlite     tables with foreign keys and full-text search, for Datasette

[bold]Examples[/bold]

  pp export --format sqlite --output kb.db && datasette kb.db
  pp export --format csv > people.csv
  pp export --format csv --events --output events.csv
  pp export --format json --public --output public.json
"""


def export_command(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(..., "--format", "-f", case_sensitive=False, help="Export format."),
    output: Path = typer.Option(None, "--output", "-o", metavar="PATH",
                                help="Write to this file instead of stdout (required for sqlite)."),
    events: bool = typer.Option(False, "--events", help="CSV only: one row per event instead of per person."),
    public: bool = typer.Option(False, "--public", help="Leave out everything marked restricted."),
    force: bool = typer.Option(False, "--force", help="Replace --output if it already exists."),
) -> None:
    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.export import build, exporter, save

    module = exporter(fmt)
    if events and fmt is not ExportFormat.csv:
        raise UsageError("--events applies to --format csv only", "the other formats always include every event")
    if getattr(module, "FILE", False) and output is None:
        raise UsageError(f"--format {fmt.value} writes a file", "add --output PATH, e.g. --output kb.db")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} already exists", "choose another file, or pass --force to replace it")
    kb = load_kb(ctx)
    bundle = build(kb, public=public)
    if public:
        from pp_cli.privacy import mentions

        for warning in mentions(kb, bundle.kb):
            console.warning(warning)
    if output is None:
        text = module.render(bundle, events=events)
        if console.stdout_is_terminal():
            from pp_cli.textsafe import clean

            text = clean(text)  # a terminal must not interpret control characters from records
        console.emit(text)
        return
    for warning in save(bundle, fmt, output, events=events, force=force):
        console.warning(warning)
    meta = bundle.meta()
    console.note(
        f"wrote {output}: {meta['prisoners']} people, {meta['events']} events, {meta['organizations']} organizations, "
        f"{meta['sources']} sources" + (" (public: restricted material left out)" if public else "")
    )


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP)(export_command)
