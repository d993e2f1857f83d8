"""`pp stats`: counts of people by status, role, affiliation, charge, country and year; time in detention."""

from __future__ import annotations

from enum import Enum

import typer

from pp_cli.commands.common import format_option, open_view
from pp_cli.formats import Column, OutputFormat
from pp_cli.vocab import Role, Status


class By(str, Enum):
    status = "status"
    role = "role"
    affiliation = "affiliation"
    charge = "charge"
    country = "country"
    year = "year"
    detention = "detention"
    article = "article"  # people per charge article (issue 12)
    case = "case"  # cases, and people per case
    list = "list"  # who each list (and each of its editions) recognises


HELP = """Count people by status, role, affiliation, charge, country and year; time in detention.

Answers now, or on any past date with --as-of.

Every figure counts people (not events), uses the same statuses as
`pp list`, and says the date it holds for; `--by case` also counts cases
(a group trial is one case), and `--by list` who each list edition
recognises. Filters narrow the people counted,
exactly as in `pp list`. Time in custody comes in episodes (a re-arrest
starts a new one): "now" is the current episode, "total" every episode, each
counted to its end or to the last confirmation of custody, never to today,
as the least the dates allow (the most beside it); people with no dated
start are "unknown", never zero. "Detained" carries the as-of dates it rests
on and says when they are more than a year old; others' estimates (numbers
without names) are shown beside pp's counts, with who said them and when.

[bold]Examples[/bold]

  pp stats
  pp stats --as-of 2016-01-01
  pp stats --by role --as-of 2016-01-01          (roles by status on that day)
  pp stats --role journalist --status detained --as-of 2016-01-01 --by detention
  pp stats --by year --format csv
  pp stats --by article --charge 234
  pp stats --by case
  pp stats --by list
  pp stats --format json
"""

# The kinds of index row `count` reads for today's figures: an edit that changes none keeps the kept document.
FIGURES_READ = ("people", "organizations", "detention", "yearly", "estimate", "cases", "event_case", "listings")

LONG_COLUMNS = [Column("section", "Section"), Column("item", "Item"), Column("value", "Value", justify="right"),
                Column("unit", "Unit"), Column("as_of", "As of")]
DETENTION_COLUMNS = [
    Column("id", "Id"), Column("name", "Name"), Column("status", "Status"), Column("status_as_of", "Status as of"),
    Column("since", "In custody from"), Column("until", "Until"), Column("days", "Days (at least)"),
    Column("days_at_least", "At least"), Column("days_at_most", "At most"), Column("days_now", "Days now"),
    Column("approximate", "Approximate"), Column("note", "Note"),
]


def stats_command(
    ctx: typer.Context,
    by: By = typer.Option(None, "--by", case_sensitive=False,
                          help="Show one breakdown: status, role, affiliation, charge, country (each by status), "
                               "year (arrests and releases), detention (per person), article (charge articles), "
                               "case (group cases) or list (who each list edition recognises)."),
    status: list[Status] = typer.Option(None, "--status", "-s", help="Only people with this status (repeatable)."),
    role: list[Role] = typer.Option(None, "--role", "-r", help="Only people with this role (repeatable)."),
    affiliation: list[str] = typer.Option(None, "--affiliation", "-a",
                                          help="Organization id, name or other name (repeatable)."),
    country: list[str] = typer.Option(None, "--country", help="Country: ISO code (AZ) or name (repeatable)."),
    charge: list[str] = typer.Option(None, "--charge", help="Charge article or category (repeatable)."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", help="Answer as on this date (from events)."),
    fmt: OutputFormat = format_option(),
) -> None:
    from datetime import date

    from pp_cli.commands.common import emit_document, emit_rows, resolve_format
    from pp_cli.console import emit
    from pp_cli.filters import Filters, as_of_day, select
    from pp_cli.stats import SNAPSHOT_VERSION, compute_from, cross_tab, detention_people, long_rows, overview

    filters = Filters(status=status or [], role=role or [], affiliation=affiliation or [],
                      country=country or [], charge=charge or [])
    day = as_of_day(as_of)
    view = open_view(ctx)

    def figures() -> dict:
        import gc

        paused = gc.isenabled()
        gc.disable()  # tens of thousands of rows are decoded and counted: collecting meanwhile finds nothing
        try:
            return count()
        finally:
            if paused:
                gc.enable()

    def count() -> dict:
        # The same people, statuses and filters as `pp list`, and what else is counted from the index's
        # rows per person and per event file (`pp_cli.derived`): after an edit, only what it touched is
        # derived again. `--as-of` needs every person's status on that day: that one loads every record.
        from pp_cli.stats import confirmations, estimates_of, memberships, model_figures, sort_estimates

        current = view.people()
        if day is None:
            people = current
        else:
            from pp_cli.queries import people_rows

            people = people_rows(view.kb(), day)
        orgs = view.organizations()
        rows = select(people, filters, known_orgs=view.organization_names())
        # time in custody now is kept per person; on another day it is counted from their status changes
        held = dict(view.rows_of("detention")) if day is None else None
        custody = dict(view.rows_of("custody")) if day is not None else {}
        yearly = [entry for _key, entry in view.rows_of("yearly")]
        found = sort_estimates([entry for _key, entry in view.rows_of("estimate")])
        doc = compute_from(rows, custody, yearly, orgs, as_of=day, today=today,
                           confirmations=confirmations(current) if day else None,
                           estimates=estimates_of(found, day), held=held)
        cases = memberships(dict(view.rows_of("cases")), [entry for _key, entry in view.rows_of("event_case")])
        doc.update(model_figures(rows, cases, dict(view.rows_of("listings"))))
        return doc

    today = date.today()
    chosen = resolve_format(fmt)
    if day is None and filters == Filters():  # the usual question: kept until a file changes, for the day
        doc = view.remember(f"stats/doc/{SNAPSHOT_VERSION}", lambda: overview(figures()), variant=today.isoformat(),
                            rows=FIGURES_READ)
        if by is By.detention or (by is None and chosen in (OutputFormat.json, OutputFormat.yaml)):
            # everyone's time in custody, not only the overview's longest: from the rows kept per person
            doc["detention"]["people"] = detention_people(dict(view.rows_of("detention")))
        if not (by is None and chosen in (OutputFormat.csv, OutputFormat.tsv)):  # only the long rows count days
            del doc["detention"]["days"]
    else:
        doc = figures()
    when = doc["as_of_phrase"]
    until = doc["as_of"] or f"today ({doc['today']})"
    if by is None:
        if chosen is OutputFormat.table:
            from pp_cli.formats.table_stats import render_overview

            emit(render_overview(doc))
        elif chosen is OutputFormat.markdown:
            from pp_cli.formats.markdown_stats import render_overview

            emit(render_overview(doc))
        elif chosen in (OutputFormat.json, OutputFormat.yaml):
            emit_document(chosen, doc)
        else:
            emit_rows(chosen, LONG_COLUMNS, long_rows(doc))
        return
    if by is By.year:
        title = (f"People arrested and released per year · up to {until} · "
                 f"{doc['people']} {'person' if doc['people'] == 1 else 'people'} counted")
        if chosen is OutputFormat.table:
            from pp_cli.formats.table_stats import chart

            emit(chart(doc["per_year"], title))
            return
        columns = [Column("year", "Year"), Column("arrests", "People arrested", justify="right"),
                   Column("releases", "People released", justify="right")]
        _emit_with_as_of(chosen, columns, doc["per_year"], title, doc)
        return
    if by is By.detention:
        from pp_cli.formats.table_stats import DETENTION_COLUMNS as TABLE_COLUMNS
        from pp_cli.formats.table_stats import detention_rows, detention_summary

        det = doc["detention"]
        by = f" by {doc['as_of']}" if doc["as_of"] else ""
        title = f"Time in custody · to each person's last confirmation{by} · {detention_summary(det)}"
        if chosen is OutputFormat.table:
            emit_rows(chosen, TABLE_COLUMNS, detention_rows(det, for_people=True), title=title)
        else:
            rows = detention_rows(det, for_people=chosen is OutputFormat.markdown)
            _emit_with_as_of(chosen, DETENTION_COLUMNS, rows, title, doc)
        return
    if by in (By.article, By.case, By.list):
        _emit_model_breakdown(by, chosen, doc)
        return
    items = doc["counts"][by.value]
    if by is By.status:
        statuses: list[str] = []
        rows = [{k: v for k, v in i.items() if k != "by_status"} for i in items]
    else:
        statuses, rows = cross_tab(items)
    rows = [{by.value: r.pop("value"), **r} for r in rows]
    columns = [Column(by.value, by.value.capitalize()), Column("people", "People", justify="right")]
    columns += [Column(s, s.replace("_", " ").capitalize(), justify="right") for s in statuses]
    if by is By.affiliation:
        columns.insert(1, Column("name", "Name"))
    several = " (a person may count under several)" if by.value in ("role", "affiliation", "charge") else ""
    people = f"{doc['people']} {'person' if doc['people'] == 1 else 'people'}"
    title = f"People by {by.value}{' and status' if statuses else ''} · {when} · {people}{several}"
    _emit_with_as_of(chosen, columns, rows, title, doc)


def _emit_model_breakdown(by: By, chosen: OutputFormat, doc: dict) -> None:
    """`--by article`, `--by case`, `--by list` (issue 12): from `stats.model_figures`."""
    from pp_cli.stats import cross_tab

    when = doc["as_of_phrase"]
    people = f"{doc['people']} {'person' if doc['people'] == 1 else 'people'}"
    if by is By.article:
        statuses, rows = cross_tab(doc["article_counts"])
        rows = [{"article": r.pop("value"), **r} for r in rows]
        columns = [Column("article", "Article"), Column("people", "People", justify="right")]
        columns += [Column(s, s.replace("_", " ").capitalize(), justify="right") for s in statuses]
        title = f"People by charge article and status · {when} · {people} (a person may count under several)"
    elif by is By.case:
        cases = doc["cases"]
        rows = [{"case": i["value"], "name": i["name"], "people": i["people"]} for i in cases["items"]]
        columns = [Column("case", "Case"), Column("name", "Name"), Column("people", "People", justify="right")]
        title = (f"{cases['cases']} case{'s' if cases['cases'] != 1 else ''} ({cases['group_cases']} with several "
                 f"defendants) · {cases['people_in_cases']} of {people} in a case · {when}")
    else:
        rows = [{"list": i["value"], "edition": i["edition"], "by": i["by"], "people": i["people"],
                 "prisoners_of_conscience": i["by_kind"].get("prisoner_of_conscience", 0),
                 "political_prisoners": i["by_kind"].get("political_prisoner", 0),
                 "who": [w["name"] + (f" ({w['place']})" if w["place"] else "") for w in i["who"]]}
                for i in doc["lists"]]
        columns = [Column("list", "List"), Column("edition", "Edition", no_wrap=True), Column("by", "By"),
                   Column("people", "People", justify="right"),
                   Column("prisoners_of_conscience", "Prisoners of conscience", justify="right"),
                   Column("political_prisoners", "Political prisoners", justify="right"), Column("who", "Who")]
        title = f"Who each list recognises · {when} · among {people}"
    _emit_with_as_of(chosen, columns, rows, title, doc)


def _emit_with_as_of(chosen, columns, rows, title, doc) -> None:  # type: ignore[no-untyped-def]
    """Rows with an `as_of` column in machine formats (a table shows it in the title)."""
    from pp_cli.commands.common import emit_rows

    as_of = doc["as_of"] or "latest"
    rows = [{**r, "as_of": as_of} for r in rows]
    emit_rows(chosen, [*columns, Column("as_of", "As of")], rows, title=title, table_columns=columns)


def register(app: typer.Typer) -> None:
    app.command("stats", help=HELP)(stats_command)
