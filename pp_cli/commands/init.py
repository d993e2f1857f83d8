"""`pp init`: start a new knowledge base, for another country or organisation."""

from __future__ import annotations

from pathlib import Path

import typer

HELP = """Start an empty knowledge base in PATH (default: the current folder).

Creates data/prisoners, data/events and data/organizations, the JSON Schemas
editors use (schema/), and a .gitignore line for pp's cache. It refuses a
folder that already holds data/.

[bold]Examples[/bold]

  pp init belarus-prisoners && cd belarus-prisoners && git init
  pp new prisoner "Full Name" --country BY
  pp validate
"""


def init_command(
    path: Path = typer.Argument(Path("."), help="Folder for the new knowledge base (created if missing)."),
) -> None:
    from pp_cli import console
    from pp_cli.scaffold import init_knowledge_base

    root = path.expanduser()
    root.mkdir(parents=True, exist_ok=True)
    written = init_knowledge_base(root)
    for item in written:
        print(item.relative_to(root).as_posix())
    console.note(f"next: cd {root} && pp new prisoner \"Full Name\" — then pp validate")


def register(app: typer.Typer) -> None:
    app.command("init", help=HELP)(init_command)
