"""`pp init`: start a new knowledge base, for another country or organisation, ready to review pull requests."""

from __future__ import annotations

import os
from pathlib import Path

import typer

HELP = """Start an empty knowledge base in PATH (default: the current folder).

Creates data/prisoners, data/events and data/organizations, the JSON Schemas
editors use (schema/), a .gitignore line for pp's cache, and what the
repository needs to review pull requests:

  .github/workflows/validate.yml   CI: pp validate --changed, annotations, pp diff in the job summary
  .github/PULL_REQUEST_TEMPLATE.md
  .pre-commit-config.yaml          pp validate on the files each commit touches
  CONTRIBUTING.md                  how to add people and events, sourcing, privacy
  pp-requirements.txt              the pp release CI and contributors install: pin or upgrade it there

When PATH is inside a git repository, the repository's files go to its top
folder and the workflow runs in PATH. Existing files are never overwritten.
It refuses a folder that already holds data/.

[bold]Examples[/bold]

  pp init belarus-prisoners && cd belarus-prisoners && git init
  pp new prisoner "Full Name" --country BY
  pp validate
"""


def init_command(
    path: Path = typer.Argument(Path("."), help="Folder for the new knowledge base (created if missing)."),
) -> None:
    from pp_cli import console, repo_files
    from pp_cli.gitdiff import repository_top
    from pp_cli.scaffold import init_knowledge_base

    root = path.expanduser()
    root.mkdir(parents=True, exist_ok=True)
    top = repository_top(root) or root
    written = init_knowledge_base(root)
    review = repo_files.write(top, root)
    for item in [*written, *(w.path for w in review if not w.kept)]:
        print(Path(os.path.relpath(item, root)).as_posix())
    for kept in (w for w in review if w.kept):
        console.note(f"kept the existing {Path(os.path.relpath(kept.path, root)).as_posix()} (pp init never "
                     "overwrites a file)")
    console.note(f"next: cd {root} && pp new prisoner \"Full Name\" — then pp validate; "
                 "pin the pp release CI installs in pp-requirements.txt")


def register(app: typer.Typer) -> None:
    app.command("init", help=HELP)(init_command)
