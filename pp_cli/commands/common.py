"""Helpers every command shares: loading the knowledge base and choosing a format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from pp_cli.errors import PPError, UsageError
from pp_cli.formats import OutputFormat

T = TypeVar("T")

if TYPE_CHECKING:
    from pp_cli.errors import Problem
    from pp_cli.kb import KnowledgeBase
    from pp_cli.snapshots import View

FORMAT_HELP = "Output format. Default: table on a terminal, tsv in a pipe."


def format_option(help: str = FORMAT_HELP) -> OutputFormat:
    return typer.Option(None, "--format", "-f", help=help, case_sensitive=False)  # type: ignore[return-value]


def resolve_format(fmt: OutputFormat | None) -> OutputFormat:
    from pp_cli.console import stdout_is_terminal

    if fmt is not None:
        return fmt
    return OutputFormat.table if stdout_is_terminal() else OutputFormat.tsv


def open_view(ctx: typer.Context, *, warn: bool = True, speculate: bool = False) -> View:
    """Find the knowledge base and open it through the cache; warn once per file that did not load."""
    from pp_cli.console import progress_callback
    from pp_cli.discovery import find_root
    from pp_cli.snapshots import View

    state = ctx.find_root().obj
    root = find_root(state.data if state else None)
    view = View(root, use_cache=not (state and state.no_cache), progress=progress_callback("Reading records"),
                speculate=speculate, cache_dir=state.cache_dir if state else None)
    if view.cache.refused:
        from pp_cli import console

        console.warning(f"not using the cache: {view.cache.refused}", "answering without it (slower, never wrong)")
    if warn:
        warn_bad_files(view.problems())
    return view


def answer(ctx: typer.Context, compute: Callable[[View], T]) -> T:
    """`compute(view)`, from the answers stored last time, checked against the files before anything is shown.

    The check that no file changed (a stat of every file) runs on the other
    core meanwhile (`snapshots.View`, speculating); if a file did change,
    the answer is computed again from a view that knows it. `compute` must
    only compute: print nothing, raise `PPError` for what a user should see.
    """
    view = open_view(ctx, warn=False, speculate=True)
    try:
        outcome = _attempt(compute, view)
    except Exception:  # answers stored at different moments need not fit together; confirmed ones do
        if view.confirm():
            raise
        outcome = _attempt(compute, view)
    else:
        if not view.confirm():
            outcome = _attempt(compute, view)
    warn_bad_files(view.problems())
    result, error = outcome
    if error is not None:
        raise error
    return result  # type: ignore[return-value]


def _attempt(compute: Callable[[View], T], view: View) -> tuple[T | None, PPError | None]:
    try:
        return compute(view), None
    except PPError as exc:
        return None, exc


def load_kb(ctx: typer.Context, *, warn: bool = True) -> KnowledgeBase:
    """The whole knowledge base (unchanged files come from the cache)."""
    return open_view(ctx, warn=warn).kb()


def warn_bad_files(problems: list[Problem]) -> None:
    """One stderr line per file that could not be used, pointing at `pp validate`."""
    from pp_cli import console

    firsts: dict[str, Problem] = {}
    for problem in problems:
        if problem.severity == "error":
            firsts.setdefault(problem.path, problem)
    for problem in firsts.values():
        console.warning(f"skipped {problem.location}: {problem.message} ({problem.code})")
    if firsts:
        console.note(f"{len(firsts)} file(s) could not be used; run `pp validate` for details")


def emit_rows(fmt: OutputFormat | None, columns, rows, *, title: str | None = None, table_columns=None) -> None:
    """Render rows in the chosen format and write them to stdout."""
    from pp_cli.console import emit

    emit(render_rows(fmt, columns, rows, title=title, table_columns=table_columns))


def render_rows(fmt: OutputFormat | None, columns, rows, *, title: str | None = None, table_columns=None):
    """Rows rendered in the chosen format (text, or a rich renderable for a terminal table)."""
    from pp_cli.formats import renderer

    chosen = resolve_format(fmt)
    cols = table_columns if (chosen is OutputFormat.table and table_columns) else columns
    return renderer(chosen).render_rows(cols, rows, title)


def emit_document(fmt: OutputFormat | None, doc: dict) -> None:
    from pp_cli.console import emit
    from pp_cli.formats import renderer

    chosen = fmt or OutputFormat.table
    rendered = renderer(chosen).render_document(doc)
    if rendered is None:
        raise UsageError(f"--format {chosen.value} cannot show a single record", "use table, json, yaml or markdown")
    emit(rendered)
