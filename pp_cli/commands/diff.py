"""`pp diff`: what a git range changed, in the data's terms, for reviewers."""

from __future__ import annotations

import typer

from pp_cli.diff_report import DiffFormat

HELP = """Describe what changed between two versions of the knowledge base.

People and events added or removed, fields changed (old → new), and the
status changes that follow, rather than lines of YAML. By default BASE is
the merge base with the main branch (main or master, or the pull request's
base branch on GitHub) and HEAD is the working tree, uncommitted and
untracked files included. `A..B` and `A...B` work as in git.

[bold]Examples[/bold]

  pp diff                              this branch, against main
  pp diff HEAD~1                       the last commit and anything since
  pp diff v1.0 v1.1
  pp diff origin/main...HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"

With --list, BASE and HEAD are two editions of a published list (dates, as
recorded in people's `recognitions`), and the diff says who the newer one
added and removed; without them, its two latest editions.

  pp diff --list ufppa 2014-08 2015-01
  pp diff --list ufppa
"""


def diff_command(
    ctx: typer.Context,
    base: str = typer.Argument(None, metavar="[BASE]", help="Revision to compare from."),
    head: str = typer.Argument(None, metavar="[HEAD]", help="Revision to compare to. Default: the working tree."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", case_sensitive=False,
                                   help="text, markdown (for pull requests) or json."),
    list_id: str = typer.Option(None, "--list", metavar="LIST",
                                help="Compare two editions of this list (BASE and HEAD are editions)."),
) -> None:
    from pp_cli import console
    from pp_cli.commands.common import load_kb
    from pp_cli.diff_report import RENDERERS
    from pp_cli.gitdiff import Git, choose_sides, compare

    if list_id is not None:
        _list_diff(ctx, list_id, base, head, fmt)
        return
    state = ctx.find_root().obj
    from pp_cli.discovery import find_root

    git = Git(find_root(state.data if state else None))  # fails early, before loading, outside git
    old, new = choose_sides(git, base, head)
    kb = load_kb(ctx, warn=False)
    rendered = RENDERERS[fmt](compare(git, kb, old, new))
    if isinstance(rendered, str):
        console.emit(rendered)
    else:
        console.stdout().print(rendered, soft_wrap=True)


def _list_diff(ctx: typer.Context, list_id: str, old: str | None, new: str | None, fmt: DiffFormat) -> None:
    """`pp diff --list LIST [OLD] [NEW]`: who an edition of a list adds and removes (issue 12)."""
    from pp_cli import console
    from pp_cli.commands.common import load_kb
    from pp_cli.diff_report import EDITION_RENDERERS
    from pp_cli.list_editions import compare_editions

    rendered = EDITION_RENDERERS[fmt](compare_editions(load_kb(ctx), list_id.strip().lower(), old, new))
    if isinstance(rendered, str):
        console.emit(rendered)
    else:
        console.stdout().print(rendered, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("diff", help=HELP)(diff_command)
