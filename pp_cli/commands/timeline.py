"""`pp timeline`: events in date order across the knowledge base."""

from __future__ import annotations

import typer

from pp_cli.commands.common import emit_rows, format_option, open_view
from pp_cli.formats import Column, OutputFormat
from pp_cli.vocab import EventType

COLUMNS = [
    Column("date", "Date"),
    Column("type", "Type"),
    Column("title", "Title"),
    Column("people", "People"),
    Column("person_ids", "Person ids"),
    Column("organizations", "Organizations"),
    Column("count", "Count"),
    Column("count_of", "Count of"),
    Column("disputed", "Disputed"),
    Column("charges", "Charges"),
    Column("summary", "Summary"),
    Column("sources", "Sources"),
    Column("id", "Id"),
]
TABLE_COLUMNS = [
    Column("date", "Date", no_wrap=True),
    Column("type", "Type", no_wrap=True),
    Column("title", "What happened"),
    Column("people", "People"),
]

HELP = """Events in date order across the knowledge base.

Dates are shown as written. A month sorts before its days (2016-05 before
2016-05-10); an open date (by 2016-05-26) sorts at its latest possible day.
--since and --until cut the timeline at those same places.

[bold]Examples[/bold]

  pp timeline
  pp timeline --person "Khadija Ismayilova"
  pp timeline --type arrest --type release --since 2015
  pp timeline --organization nida --format json
  pp timeline --case nida-case-2016
"""


def timeline_command(
    ctx: typer.Context,
    person: str = typer.Option(None, "--person", "-p", metavar="NAME_OR_ID", help="Only this person's events."),
    type_: list[EventType] = typer.Option(None, "--type", "-t", help="Only events of this type (repeatable)."),
    organization: list[str] = typer.Option(
        None, "--organization", "-o", metavar="ID",
        help="Only events naming this organization or its members (repeatable).",
    ),
    case: str = typer.Option(None, "--case", "-c", metavar="CASE", help="Only this case's events (an id or name)."),
    since: str = typer.Option(None, "--since", metavar="DATE", help="Events placed on or after this date."),
    until: str = typer.Option(None, "--until", metavar="DATE", help="Events placed on or before this date."),
    reverse: bool = typer.Option(False, "--reverse", help="Newest first."),
    limit: int = typer.Option(None, "--limit", "-n", min=0, help="Show at most this many events."),
    fmt: OutputFormat = format_option(),
) -> None:
    from pp_cli import console
    from pp_cli.filters import parse_date_option
    from pp_cli.timeline import TimelineFilters, timeline

    filters = TimelineFilters(
        types=type_ or [],
        organizations=organization or [],
        since=parse_date_option(since, "--since"),
        until=parse_date_option(until, "--until"),
    )
    view = open_view(ctx)  # answered from the index's rows per event file (see `timeline.timeline`)
    who = ""
    if person:
        from pp_cli.names import choose

        filters.person = choose(person, view.exact_candidates(person) or view.candidates())
        who = f" · {view.person_names([filters.person])[filters.person]}"
    if case:
        from pp_cli.cases import find_case_in

        cases = dict(view.rows_of("cases"))
        filters.case = find_case_in(cases, case)
        who += f" · case {cases[filters.case]['name']}"
    events = timeline(view, filters)
    if reverse:
        events.reverse()
    if limit is not None:
        events = events[:limit]
    period = ""
    if filters.since or filters.until:
        period = f" · {filters.since or '…'} to {filters.until or '…'}"
    title = f"{len(events)} {'event' if len(events) == 1 else 'events'}{who}{period}"
    from pp_cli.commands.common import resolve_format
    from pp_cli.timeline import people_rows

    chosen = resolve_format(fmt)
    if chosen in (OutputFormat.table, OutputFormat.markdown):
        events = people_rows(events, disputes_in_title=chosen is OutputFormat.table,
                             org_names=view.organizations())
    emit_rows(fmt, COLUMNS, events, title=title, table_columns=TABLE_COLUMNS)
    if not events:
        console.note("no events match these filters")


def register(app: typer.Typer) -> None:
    app.command("timeline", help=HELP)(timeline_command)
