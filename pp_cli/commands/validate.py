"""`pp validate`: every problem in the knowledge base, located, with a stable code and a fix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pp_cli.commands.common import open_view
from pp_cli.validation_report import ReportFormat

if TYPE_CHECKING:
    from datetime import timedelta

    from pp_cli.errors import Problem
    from pp_cli.snapshots import View

HELP = """Check records and report every problem, not just the first.

Each problem has a stable code (listed in docs/validation.md), the file, line
and column, the field, what is wrong and how to fix it. With PATHs, only
those files (or folders) are reported, but references are still resolved
against the whole knowledge base (found from the first PATH when neither
--data nor $PP_DATA names it).

With --changed, the files a git change touches are reported: those added,
modified, renamed or deleted since BASE (default: the merge base with the main
branch, as `pp diff` chooses it; uncommitted and untracked files count), and
every finding elsewhere that involves them (a new person who duplicates an
existing one, an event naming a person the change deleted), judged against
the whole knowledge base. This is what CI runs on a pull request.

Stale statuses (PP602) are summarised in one line unless --stale is given
(or the person is among the PATHs or the change). --format github annotates
at most 10 errors and 10 warnings, the most important first (GitHub shows no
more), and writes the full report to $GITHUB_STEP_SUMMARY when it is set.

Exit codes: 0 no errors · 1 errors (or warnings, with --strict) · 2 usage error.

[bold]Examples[/bold]

  pp validate
  pp validate data/prisoners/seymur-hazi.yaml
  pp validate --changed                  this branch's changes, against main
  pp validate --changed origin/main
  pp validate --stale --max-age 6m
  pp validate --strict
  pp validate --format json | jq '.problems[].code'
  pp validate --format github            (the default when GITHUB_ACTIONS=true)
"""


def validate_command(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        None, metavar="[PATH]... | [BASE]", help="Files or folders to report on; with --changed, the git revision."
    ),
    changed: bool = typer.Option(
        False, "--changed", help="Report what the git change since BASE touches (default BASE: the merge base "
                                 "with the main branch).",
    ),
    fmt: ReportFormat = typer.Option(
        None, "--format", "-f", case_sensitive=False,
        help="text (default), json, github annotations (default when GITHUB_ACTIONS=true) or markdown.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    stale: bool = typer.Option(False, "--stale", help="List each stale status (PP602) instead of one summary line."),
    max_age: str = typer.Option(
        "365d", "--max-age", metavar="AGE",
        help="Warn when a detained, house-arrest or disappeared status was last confirmed longer ago "
             "than this: 90d, 26w, 18m, 2y, or off.",
    ),
) -> None:
    import os
    from datetime import date

    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.max_age import describe_age, parse_age
    from pp_cli.validation_report import RENDERERS, Report

    try:
        age = parse_age(max_age)
    except ValueError as exc:
        raise UsageError(f"--max-age: {exc}") from None
    if fmt is None:
        fmt = ReportFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.text
    if changed and len(paths or ()) > 1:
        raise UsageError("--changed takes one BASE revision, not PATHs",
                         "check files with `pp validate PATH…`, or a change with `pp validate --changed [BASE]`")
    inferred = bool(paths) and not changed and _knowledge_base_from(ctx, paths)
    view = open_view(ctx, warn=False)
    today = date.today()
    scope_info: dict = {}
    if changed:
        problems, files, scope_info = _changed(view, str(paths[0]) if paths else None, today, age)
    elif paths:
        from pp_cli.checks import resolve_targets, run_checks, select

        kb = view.kb()
        chosen, extra = resolve_targets(kb, paths, Path.cwd())
        problems = select(run_checks(kb, today=today, max_age=age, only=chosen), chosen)
        problems = sorted([*problems, *extra], key=lambda p: (p.path, p.line or 0, p.column or 0))
        files = len(chosen)
    else:  # unchanged files and the same day give the same findings: kept in the cache
        from pp_cli.findings import validation

        files, problems = validation(view, today, age)
    color = fmt is ReportFormat.text and console.stdout_is_terminal() and "NO_COLOR" not in os.environ
    summary_file = _summary_file() if fmt is ReportFormat.github else None
    prefix = _prefix(view.root) if fmt is ReportFormat.github else (_below_cwd(view.root) if inferred else "")
    report = Report(
        view.root, problems, files, strict, prefix, color,
        list_stale=stale or changed or bool(paths),
        stale_limit=_stale_limit(describe_age(age, rough=True)) if age else "",
        step_summary=summary_file is not None, **scope_info,
    )
    rendered = RENDERERS[fmt](report)
    if isinstance(rendered, str):
        console.emit(rendered)
    else:
        console.stdout().print(rendered, soft_wrap=True)
    if summary_file is not None:
        _write_summary(report, summary_file)
    if report.failed:
        raise typer.Exit(1)


def _changed(view: View, base: str | None, today, age: timedelta | None) -> tuple[list[Problem], int, dict]:
    """The change's findings, how many files it touches, and what the report says about the change."""
    from pp_cli.change_scope import scope, scope_from_index
    from pp_cli.checks import known_files, run_checks
    from pp_cli.errors import UsageError
    from pp_cli.gitdiff import Git, base_side, changes_since

    git = Git(view.root, "pp validate --changed compares the working tree with a git revision")
    try:
        side = base_side(git, base)
    except UsageError as exc:
        if base is not None and (Path.cwd() / base).exists():
            raise UsageError(
                f"{exc.message}; with --changed, the argument is the git revision to compare with, not a PATH",
                "check files with `pp validate PATH…` (without --changed)",
            ) from None
        raise
    changes = changes_since(git, view.root, side)
    quick = scope_from_index(view, changes) if view.cache.usable else None
    if quick is not None:  # from the findings kept for the whole knowledge base (pp_cli.findings), followed
        from pp_cli.findings import trace, validation

        trace("pp: the change's scope from the index")
        total, everything = validation(view, today, age)
        problems = [] if quick.empty else quick.select(everything)
        info = {"changed_since": side.label, "own": frozenset(quick.present), "total_files": total}
        return problems, len(quick.present | quick.deleted), info
    kb = view.kb()
    found = scope(kb, changes)
    problems = [] if found.empty else found.select(run_checks(kb, today=today, max_age=age, only=found.check))
    info = {"changed_since": side.label, "own": frozenset(found.present), "total_files": len(known_files(kb))}
    return problems, len(found.present | found.deleted), info


def _knowledge_base_from(ctx: typer.Context, paths: list[Path]) -> bool:
    """Without --data or $PP_DATA, the knowledge base is the one holding the first PATH (True: found so).

    So a hook run from a repository's root with paths like `kb/data/…` (pre-commit
    does that) checks the knowledge base in `kb/`, as it would from inside it.
    """
    from pp_cli.discovery import find_root
    from pp_cli.errors import KnowledgeBaseNotFound

    state = ctx.find_root().obj
    if state is None or state.data:
        return False
    start = (Path.cwd() / paths[0]).absolute()
    while not start.is_dir() and start != start.parent:  # a file, or a path that is gone
        start = start.parent
    try:
        state.data = str(find_root(start=start))
    except KnowledgeBaseNotFound:
        return False  # the usual search from the working directory says what is missing
    return True


def _stale_limit(age: str) -> str:
    """`1 year` → `a year`, for `… last confirmed more than a year ago`."""
    return "a " + age[2:] if age.startswith("1 ") else age


def _summary_file() -> Path | None:
    from pp_cli import step_summary

    return step_summary.path()


def _write_summary(report, target: Path) -> None:
    from pp_cli import console, step_summary
    from pp_cli.validation_report import render_markdown

    error = step_summary.append(target, render_markdown(report, step_summary.room(target)) + "\n")
    if error:
        console.warning(error)


def _prefix(root: Path) -> str:
    """Where the knowledge base sits inside the GitHub workspace, so annotations land on the right file."""
    import os

    workspace = os.environ.get("GITHUB_WORKSPACE")
    return _inside(root, Path(workspace)) if workspace else ""


def _below_cwd(root: Path) -> str:
    """`kb/` when the knowledge base is below the working directory, so paths read as the user gave them."""
    return _inside(root, Path.cwd())


def _inside(root: Path, folder: Path) -> str:
    """`root` relative to `folder` as a path prefix (`kb/`), or "" when it is that folder or not inside it."""
    try:
        inner = root.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if inner == "." else inner + "/"


def register(app: typer.Typer) -> None:
    app.command("validate", help=HELP)(validate_command)
