"""`pp show`: one person's profile, status, timeline and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from pp_cli.commands.common import answer, emit_document
from pp_cli.errors import UsageError
from pp_cli.formats import OutputFormat

if TYPE_CHECKING:
    from pp_cli.snapshots import View

HELP = """Show one person: names, status with its as-of date, timeline, charges and sources.

NAME_OR_ID may be any of the person's names, in any spelling or script, with
or without diacritics, or a part of it; an ambiguous name lists the choices.

[bold]Examples[/bold]

  pp show "Seymur Hazi"
  pp show "Rəsul Cəfərov"        (same as "Rasul Jafarov" or "Rasul Cafarov")
  pp show hazi
  pp show ilqar-mammadov --format json
  pp show "Fuad Qahramanli" --as-of 2016-01-01
  pp show --case nida-case-2016   (a group case: defendants, terms, timeline)
  pp show nida-case-2016          (an id that is a case's shows the case)
"""


def show_command(
    ctx: typer.Context,
    name: str = typer.Argument(None, metavar="NAME_OR_ID", help="A name, part of a name, or an id."),
    case: str = typer.Option(None, "--case", "-c", metavar="CASE", help="Show this case (an id or a name)."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", help="Status and timeline as on this date."),
    fmt: OutputFormat = typer.Option(
        None, "--format", "-f", case_sensitive=False, help="table (default), json, yaml or markdown."
    ),
    quotes: bool = typer.Option(False, "--quotes", "--sources",
                                help="Under each event, each source's quote and archive link (always in markdown)."),
) -> None:
    from pp_cli.filters import as_of_day
    from pp_cli.names import choose

    day = as_of_day(as_of)

    if name is None and case is None:
        raise UsageError("give a NAME_OR_ID, or --case CASE", "e.g. pp show \"Seymur Hazi\"")

    def compute(view: View) -> dict:
        case_id = _case_asked(view, name, case)
        if case_id is not None:
            return view.get("case_page", lambda kb: _case_page(kb, case_id), variant=case_id)
        # An exact name or id is one indexed read; anything else goes through every name.
        person_id = choose(name, view.exact_candidates(name) or view.candidates())
        from pp_cli.person_page import page

        return page(view, person_id, day)

    doc = answer(ctx, compute)
    if quotes and fmt in (None, OutputFormat.table):
        doc = {**doc, "_quotes": True}  # for the terminal renderer only; never in json or yaml
    emit_document(fmt, doc)


def _case_asked(view: View, name: str | None, case: str | None) -> str | None:
    """The case to show: `--case`, or a NAME_OR_ID that is a case's id and no person's (issue 12)."""
    if case is not None:
        from pp_cli.cases import find_case

        return view.get("case_ids", lambda kb: find_case(kb, case), variant=case)
    wanted = (name or "").strip().lower()
    ids = view.case_ids()
    if wanted in ids and not view.exact_candidates(wanted):
        return wanted
    return None


def _case_page(kb, case_id: str) -> dict:  # type: ignore[no-untyped-def]
    from pp_cli.cases import case_page

    return case_page(kb, case_id)


def register(app: typer.Typer) -> None:
    app.command("show", help=HELP)(show_command)
