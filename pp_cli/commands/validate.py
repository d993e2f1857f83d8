"""`pp validate`: every problem in the knowledge base, located, with a stable code and a fix."""

from __future__ import annotations

from pathlib import Path

import typer

from pp_cli.commands.common import open_view
from pp_cli.validation_report import ReportFormat

HELP = """Check records and report every problem, not just the first.

Each problem has a stable code (listed in docs/validation.md), the file, line
and column, the field, what is wrong and how to fix it. With PATHs, only
those files (or folders) are reported, but references are still resolved
against the whole knowledge base.

Exit codes: 0 no errors · 1 errors (or warnings, with --strict) · 2 usage error.

[bold]Examples[/bold]

  pp validate
  pp validate data/prisoners/seymur-hazi.yaml
  pp validate --strict --max-age 6m
  pp validate --format json | jq '.problems[].code'
  pp validate --format github        (the default when GITHUB_ACTIONS=true)
"""


def validate_command(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(None, metavar="[PATH]...", help="Files or folders to report on."),
    fmt: ReportFormat = typer.Option(
        None, "--format", "-f", case_sensitive=False,
        help="text (default), json, or github annotations (default when GITHUB_ACTIONS=true).",
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    max_age: str = typer.Option(
        "365d", "--max-age", metavar="AGE",
        help="Warn when a detained, house-arrest or disappeared status was last confirmed longer ago "
             "than this: 90d, 26w, 18m, 2y, or off.",
    ),
) -> None:
    import os
    from datetime import date

    from pp_cli import console
    from pp_cli.checks import parse_age, resolve_targets, run_checks, select
    from pp_cli.errors import UsageError
    from pp_cli.validation_report import RENDERERS, Report

    try:
        age = parse_age(max_age)
    except ValueError as exc:
        raise UsageError(f"--max-age: {exc}") from None
    if fmt is None:
        fmt = ReportFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.text
    view = open_view(ctx, warn=False)
    if paths:
        kb = view.kb()
        chosen, extra = resolve_targets(kb, paths, Path.cwd())
        problems = select(run_checks(kb, today=date.today(), max_age=age, only=chosen), chosen)
        problems = sorted([*problems, *extra], key=lambda p: (p.path, p.line or 0, p.column or 0))
        files = len(chosen)
    else:  # unchanged files and the same day give the same findings: kept in the cache
        files, problems = view.validation(date.today(), age)
    color = fmt is ReportFormat.text and console.stdout_is_terminal() and "NO_COLOR" not in os.environ
    report = Report(view.root, problems, files, strict, _prefix(view.root) if fmt is ReportFormat.github else "",
                    color)
    rendered = RENDERERS[fmt](report)
    if isinstance(rendered, str):
        console.emit(rendered)
    else:
        console.stdout().print(rendered, soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


def _prefix(root: Path) -> str:
    """Where the knowledge base sits inside the GitHub workspace, so annotations land on the right file."""
    import os

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    try:
        inner = root.resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if inner == "." else inner + "/"


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP)(validate_command)
