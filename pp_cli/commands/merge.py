"""`pp merge KEEP OTHER`: two records of one person become one; shown as a diff, then written."""

from __future__ import annotations

import typer

from pp_cli.commands.common import open_view

HELP = """Merge OTHER into KEEP: two records of one person become one.

KEEP gets every name, source, role, affiliation and recognition of both;
a field both give differently keeps KEEP's value and records OTHER's under
`disputed`, with OTHER's sources, so nothing is dropped silently. OTHER's id
joins KEEP's `former_ids`, so `pp show OTHER` still finds the person; every
event and record that names OTHER is rewritten to name KEEP; OTHER's file is
removed. Only the fields that change are rewritten: the rest of each file,
comments included, stays as it was.

The change is shown as a diff first. On a terminal pp asks before writing;
--yes skips the question, --dry-run writes nothing. Refused when either
record does not exist, they are the same, either lists the other in
`distinct_from`, or the result would not validate.

Exit codes: 0 merged (or nothing written with --dry-run) · 1 refused · 2 usage error.

[bold]Examples[/bold]

  pp merge ilqar-mammadov ilgar-mamedov --dry-run
  pp merge ilqar-mammadov ilgar-mamedov --yes
  git diff --stat                        (then commit the change)
"""


def merge_command(
    ctx: typer.Context,
    keep: str = typer.Argument(..., metavar="KEEP", help="Id of the record to keep."),
    other: str = typer.Argument(..., metavar="OTHER", help="Id of the record merged into it and removed."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the diff; write nothing."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write without asking, even on a terminal."),
) -> None:
    import sys

    from pp_cli import console
    from pp_cli.merge import apply, plan_merge
    from pp_cli.textsafe import clean

    kb = open_view(ctx).kb()
    plan = plan_merge(kb, keep.strip(), other.strip())
    console.emit("".join(clean(line) + "\n" for line in plan.diff().splitlines()))
    for note in plan.notes:
        console.note(clean(note, single_line=True))
    if dry_run:
        console.note(f"dry run: nothing written ({len(plan.changes)} file(s) would change)")
        return
    ask = not yes and sys.stdin.isatty() and console.stdout_is_terminal()
    if ask and not typer.confirm(f"Merge {other} into {keep}?", default=False, err=True):
        console.note("nothing written")
        raise typer.Exit(1)
    apply(kb.root, plan)
    console.note(f"merged {other} into {keep}: {len(plan.changes)} file(s) changed; review with `git diff`")


def register(app: typer.Typer) -> None:
    app.command("merge", help=HELP)(merge_command)
