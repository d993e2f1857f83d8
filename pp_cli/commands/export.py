"""`pp export`: the whole knowledge base as JSON, JSON Lines, CSV, XLSX, Popolo JSON, Markdown or SQLite."""

from __future__ import annotations

from pathlib import Path

import typer

from pp_cli.commands.common import load_kb
from pp_cli.export import ExportFormat

HELP = """Export the whole knowledge base: people, events, organizations and sources.

Text formats go to stdout unless --output is given; SQLite and XLSX need
--output. An existing file is never replaced without --force, and files are
written atomically. --public leaves out every record and field marked
restricted (and drops restricted people from events); git history still
holds them. In CSV and XLSX, a cell a spreadsheet would run as a formula
(=, +, -, @) is kept as text. The JSON formats carry a format version; their
fields are described in docs/exports.md.

[bold]Formats[/bold]

  json       one document: meta, prisoners, events, organizations, sources
  jsonl      one JSON object per line, each with a "kind" (streamed)
  csv        one row per person (with --events: one row per event)
  xlsx       a workbook with people, events and charges sheets
  popolo     Popolo JSON: persons, organizations, memberships
  markdown   a readable document of everything
  sqlite     tables with foreign keys and full-text search, for Datasette

[bold]Examples[/bold]

  pp export --format sqlite --output kb.db && datasette kb.db
  pp export --format csv --excel --output people.csv     (opens in Excel with ə, ş, ç intact)
  pp export --format csv --events --output events.csv
  pp export --format xlsx --output list.xlsx
  pp export --format popolo --public --output popolo.json
  pp export --format jsonl | jq 'select(.kind == "prisoner") | .name'
"""


def export_command(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(..., "--format", "-f", case_sensitive=False, help="Export format."),
    output: Path = typer.Option(None, "--output", "-o", metavar="PATH",
                                help="Write to this file instead of stdout (required for sqlite); - is stdout."),
    events: bool = typer.Option(False, "--events", help="CSV only: one row per event instead of per person."),
    excel: bool = typer.Option(False, "--excel", help="CSV only: a UTF-8 byte-order mark and CRLF line ends, "
                               "so Excel reads the letters right."),
    public: bool = typer.Option(False, "--public", help="Leave out everything marked restricted."),
    force: bool = typer.Option(False, "--force", help="Replace --output if it already exists."),
) -> None:
    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.export import build, exporter, save, write_text

    module = exporter(fmt)
    if events and fmt is not ExportFormat.csv:
        raise UsageError("--events applies to --format csv only", "the other formats always include every event")
    if excel and fmt is not ExportFormat.csv:
        raise UsageError("--excel applies to --format csv only", "XLSX needs no such option: --format xlsx")
    from pp_cli import output as outputs

    options = {"events": events, "excel": excel} if fmt is ExportFormat.csv else {}
    if output is not None and outputs.is_stdout(output):
        output = None  # `--output -`: standard output
    if getattr(module, "FILE", False) and output is None:
        raise UsageError(f"--format {fmt.value} writes a file", "add --output PATH, e.g. --output kb.db")
    if output is not None:
        outputs.check_target(output, force=force)  # before the work: refuse a device, a link, an existing file
    kb = load_kb(ctx)
    if output is not None:
        outputs.check_target(output, force=force, root=kb.root)
    bundle = build(kb, public=public)
    if public:
        from pp_cli.privacy import mentions

        for warning in mentions(kb, bundle.kb):
            console.warning(warning)
    if output is None:

        def to(stdout) -> None:  # type: ignore[no-untyped-def]
            write_text(module, bundle, _Cleaned(stdout) if console.stdout_is_terminal() else stdout, **options)

        outputs.to_stdout(to)
        return
    for warning in save(bundle, fmt, output, force=force, root=kb.root, **options):
        console.warning(warning)
    meta = bundle.meta()
    console.note(
        f"wrote {output}: {meta['prisoners']} people, {meta['events']} events, {meta['organizations']} organizations, "
        f"{meta['sources']} sources" + (" (public: restricted material left out)" if public else "")
    )


class _Cleaned:
    """Writes to a terminal with control characters from records made visible."""

    def __init__(self, out) -> None:  # type: ignore[no-untyped-def]
        self.out = out

    def write(self, text: str) -> int:
        from pp_cli.textsafe import clean

        return self.out.write(clean(text))


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP)(export_command)
