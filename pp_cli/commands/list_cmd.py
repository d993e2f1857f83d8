"""`pp list`: people matching filters, with their status and its as-of date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from pp_cli.commands.common import answer, format_option, render_rows
from pp_cli.formats import Column, OutputFormat
from pp_cli.vocab import Role, Status

if TYPE_CHECKING:
    from pp_cli.snapshots import View

COLUMNS = [
    Column("id", "Id"),
    Column("name", "Name"),
    Column("native_name", "Native name"),
    Column("status", "Status"),
    Column("status_detail", "Detail"),
    Column("as_of", "As of"),
    Column("roles", "Roles"),
    Column("affiliations", "Affiliations"),
    Column("country", "Country"),
    Column("arrested", "Arrested"),
    Column("charges", "Charges"),
]
TABLE_COLUMNS = [
    Column("name", "Name", no_wrap=True),
    Column("status_text", "Status"),  # with its detail: "detained (pretrial)"
    Column("as_of", "As of", no_wrap=True),
    Column("roles", "Roles"),
    Column("affiliations", "Member of"),
    Column("arrested", "Held from"),
    Column("charges", "Charges"),
]

HELP = """List people, filtered and sorted.

Status is derived from each person's events where there are any, otherwise
taken from the record, and "As of" is the date of the latest source or
event supporting it. "Arrested" ("In custody from" in a table) is the start
of the current custody episode, or of the latest one: a re-arrest starts a
new episode. A filter value that nothing has is an error naming those that
exist, never an empty answer.

[bold]Examples[/bold]

  pp list --status detained
  pp list --role journalist --status detained --sort as-of
  pp list --affiliation nida --format json
  pp list --affiliation "N!DA" --current     (by name; only current members)
  pp list --country Azerbaijan               (or AZ)
  pp list --charge drugs            (a charge category, or an article like 234)
  pp list --arrested-since 2015 --arrested-until 2015-12
  pp list --status detained --as-of 2016-01-01
"""


def list_command(
    ctx: typer.Context,
    status: list[Status] = typer.Option(None, "--status", "-s", help="Keep these statuses (repeatable)."),
    role: list[Role] = typer.Option(None, "--role", "-r", help="Keep people with this role (repeatable)."),
    affiliation: list[str] = typer.Option(
        None, "--affiliation", "-a", help="Organization id, name or other name (repeatable)."),
    current: bool = typer.Option(False, "--current", help="With --affiliation: only current members."),
    country: list[str] = typer.Option(None, "--country", help="Country: ISO code (AZ) or name (repeatable)."),
    charge: list[str] = typer.Option(
        None, "--charge", help="Charge article (234 matches 234.4.3) or category such as drugs (repeatable)."
    ),
    arrested_since: str = typer.Option(None, "--arrested-since", metavar="DATE", help="Arrested on or after."),
    arrested_until: str = typer.Option(None, "--arrested-until", metavar="DATE", help="Arrested on or before."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", help="Answer as on this date (from events)."),
    sort: str = typer.Option("name", "--sort", help="name, status, as-of, arrested, id or country."),
    reverse: bool = typer.Option(False, "--reverse", help="Reverse the sort order."),
    limit: int = typer.Option(None, "--limit", "-n", min=0, help="Show at most this many people."),
    fmt: OutputFormat = format_option(),
) -> None:
    from pp_cli import console
    from pp_cli.commands.common import resolve_format
    from pp_cli.filters import Filters, as_of_day, parse_date_option, select
    from pp_cli.labels import person_row_words

    filters = Filters(
        status=status or [],
        role=role or [],
        affiliation=affiliation or [],
        country=country or [],
        charge=charge or [],
        current=current,
        arrested_since=parse_date_option(arrested_since, "--arrested-since"),
        arrested_until=parse_date_option(arrested_until, "--arrested-until"),
    )
    day = as_of_day(as_of)

    def compute(view: View) -> tuple[list[dict[str, Any]], int, str]:
        if day is None:
            people = view.people([s.value for s in filters.status] or None)
        else:
            from pp_cli.queries import people_rows

            people = people_rows(view.kb(), day)
        names = view.organization_names()
        rows = select(people, filters, known_orgs=names, sort=sort, reverse=reverse, limit=limit)
        what = ", ".join(s.value for s in filters.status) or "all statuses"
        when = f" on {day.isoformat()}" if day else ""
        title = f"{len(rows)} {'person' if len(rows) == 1 else 'people'} · {what}{when}"
        unknown = 0
        if day is not None and filters.status and Status.unknown not in filters.status:
            unknown = sum(1 for r in people if r["status"] == Status.unknown.value)
            title += f" · {unknown} {'person' if unknown == 1 else 'people'}'s status unknown then"
        if resolve_format(fmt) in (OutputFormat.table, OutputFormat.markdown):
            org_names = {oid: n[0] for oid, n in names.items()}
            rows = [person_row_words(r, org_names) for r in rows]
        return rows, unknown, title

    rows, unknown, title = answer(ctx, compute)  # rendered once, when the answer is confirmed
    count = len(rows)
    console.emit(render_rows(fmt, COLUMNS, rows, title=title, table_columns=TABLE_COLUMNS))
    if unknown:
        console.note(f"{count} {'person' if count == 1 else 'people'} matched on {day.isoformat()}; "  # type: ignore[union-attr]
                     f"{unknown} {'person' if unknown == 1 else 'people'}'s status unknown then")
    if not count:
        console.note("no one matches these filters")


def register(app: typer.Typer) -> None:
    app.command("list", help=HELP)(list_command)
