"""`pp search TEXT`: ranked full-text search over people, events and organizations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from pp_cli.commands.common import answer, format_option
from pp_cli.formats import Column, OutputFormat

if TYPE_CHECKING:
    from pp_cli.snapshots import View

COLUMNS = [
    Column("kind", "Kind"),
    Column("id", "Id"),
    Column("title", "Name or title"),
    Column("date", "Date"),
    Column("field", "Matched in"),
    Column("snippet", "Snippet"),
    Column("score", "Score", justify="right"),
]

HELP = """Search names, summaries, events, charges and source titles.

Case, diacritics and transliteration do not matter: "Məmmədov", "Mammadov"
and "Mamedov" find the same people. Every word must match, whole or as the
start of a word (three letters or more); names weigh most, then event
titles, charges, summaries and source titles. Exit code 1 when nothing matches.

[bold]Examples[/bold]

  pp search Məmmədov
  pp search "drug possession"
  pp search overthrow --kind event
  pp search Khadija --format json
"""


def _table(hits: list[Any], title: str) -> Any:
    """Results for a terminal, with the matched words in bold."""
    from rich.table import Table
    from rich.text import Text

    from pp_cli.textsafe import clean

    table = Table(title=Text(clean(title, single_line=True)), header_style="bold")
    for header in ("Kind", "Name or title", "Match"):
        table.add_column(Text(header), overflow="fold", no_wrap=header == "Kind")
    for hit in hits:
        name = Text(clean(hit.title, single_line=True), style="bold")
        name.append(Text(f"\n{clean(hit.id, single_line=True)}", style="dim"))
        if hit.date:
            name.append(Text(f" · {clean(hit.date)}", style="dim"))
        # Highlights are offsets into the raw snippet, so slice first, then make each piece safe.
        match = Text(f"{hit.field}: ", style="dim")
        cursor = 0
        for start, end in hit.highlights:
            match.append(clean(hit.snippet[cursor:start], single_line=True))
            match.append(clean(hit.snippet[start:end], single_line=True), style="bold yellow")
            cursor = end
        match.append(clean(hit.snippet[cursor:], single_line=True))
        table.add_row(Text(hit.kind), name, match)
    return table


def search_command(
    ctx: typer.Context,
    text: list[str] = typer.Argument(..., metavar="TEXT", help="Words to look for (all must match)."),
    kind: list[str] = typer.Option(
        None, "--kind", "-k", help="Only these kinds of record: prisoner, event, organization (repeatable)."
    ),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most this many results."),
    fmt: OutputFormat = format_option(),
) -> None:
    from pp_cli import console
    from pp_cli.commands.common import emit_rows, resolve_format
    from pp_cli.errors import NoMatch, UsageError
    from pp_cli.search import KIND_ORDER, query_tokens, search

    query = " ".join(text)
    if not query_tokens(query):
        raise UsageError("nothing to search for", "give at least one word of letters or digits")
    kinds = {k.lower() for k in kind or []}
    bad = kinds - set(KIND_ORDER)
    if bad:
        raise UsageError(f"unknown kind `{sorted(bad)[0]}`", "use prisoner, event or organization")

    def compute(view: View) -> list:
        # The cache's full-text index narrows the documents down; a warm search reads no YAML.
        hits = search(view.search_documents(query_tokens(query), sorted(kinds)), query, limit)
        if not hits:
            raise NoMatch(f"nothing matches `{query}`")
        return hits

    hits = answer(ctx, compute)
    title = f"{len(hits)} {'result' if len(hits) == 1 else 'results'} for “{query}”, best first"
    chosen = resolve_format(fmt)
    if chosen is OutputFormat.table:
        console.emit(_table(hits, title))
        return
    rows = [{c.key: getattr(h, c.key) for c in COLUMNS} for h in hits]
    emit_rows(chosen, COLUMNS, rows, title=title)


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP)(search_command)
