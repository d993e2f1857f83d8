"""`pp schema`: write the JSON Schema of each record kind, for editors."""

from __future__ import annotations

from pathlib import Path

import typer

HELP = """Write JSON Schemas for records (prisoner, event, organization, case, code) from the models.

Editors with the YAML language server (VS Code's YAML extension, Neovim,
JetBrains…) use them through each file's first line,
`# yaml-language-server: $schema=../../schema/prisoner.schema.json`,
to complete field names and flag mistakes as you type. By default the files
go to schema/ beside data/ in the knowledge base, where those lines point.

[bold]Examples[/bold]

  pp schema
  pp schema --output /tmp/schemas
  pp schema --check          (exit 1 if schema/ is out of date; for CI)
"""


def schema_command(
    ctx: typer.Context,
    output: Path = typer.Option(None, "--output", "-o", metavar="DIR",
                                help="Folder to write to. Default: schema/ in the knowledge base."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if the files are missing or differ."),
) -> None:
    from pp_cli import console
    from pp_cli.discovery import find_root
    from pp_cli.schema_export import outdated, write

    state = ctx.find_root().obj
    from pp_cli.errors import KnowledgeBaseNotFound

    try:
        root: Path | None = find_root(state.data if state else None)
    except KnowledgeBaseNotFound:
        if output is None:
            raise
        root = None  # writing schemas for editors elsewhere needs no knowledge base
    if output is None:
        output = root / "schema"  # type: ignore[operator]
    if check:
        stale = outdated(output)
        for name in stale:
            console.error(f"{output / name} is missing or out of date", "run `pp schema` to regenerate it")
        if stale:
            raise typer.Exit(1)
        console.note(f"{output}: up to date")
        return
    for path in write(output, root):
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.command("schema", help=HELP)(schema_command)
