"""`pp import`: bring a spreadsheet into the knowledge base through a checked-in column map."""

from __future__ import annotations

from pathlib import Path

import typer

HELP = """Import a spreadsheet (CSV or XLSX) through a column map, as reviewable record files.

Each row is matched to a person already in the knowledge base (any spelling,
patronymic and birth year count, as in the duplicate check): a match adds
the row's new facts to that person; no match creates a person; an uncertain
match is reported and the row left out until the map's `match:` says who it
is. Arrest dates make arrest events; articles and sentences make events
dated by the source (one charge per article, described by the code's
registry; one verdict for the rows of a case); a place of detention is
matched to a facility organization; the map's `recognition` places each
person in the list's edition. The map's source is cited on everything
written. Running the same import again changes nothing.

Every value that could not be placed is reported with its row and column.
Exit codes: 0 all imported, 1 something was reported (the rest was
imported), 2 the map or the sheet cannot be used. See docs/importing.md.

[bold]Examples[/bold]

  pp import --template list.csv > list.map.yaml     (a starting map from the headers)
  pp import list.csv --map list.map.yaml --dry-run  (what would change; writes nothing)
  pp import list.csv --map list.map.yaml && pp validate
  pp import list.xlsx --map list.map.yaml
"""


def import_command(
    ctx: typer.Context,
    sheet: Path = typer.Argument(None, metavar="FILE", help="The spreadsheet: .csv, .tsv or .xlsx."),
    map_path: Path = typer.Option(None, "--map", "-m", metavar="MAP.yaml", help="The column map."),
    template: Path = typer.Option(None, "--template", metavar="FILE",
                                  help="Print a starting map for this sheet's headers, and stop."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would be written; write nothing."),
) -> None:
    from pp_cli import console
    from pp_cli.errors import EXIT_FINDINGS, UsageError

    if template is not None:
        from pp_cli.importing.run import template as make_template

        console.emit(make_template(template))
        return
    if sheet is None:
        raise UsageError("give the spreadsheet to import", "pp import list.csv --map list.map.yaml")
    if map_path is None:
        raise UsageError("--map is required", f"make one with `pp import --template {sheet}`, then edit it")
    from pp_cli.commands.common import load_kb
    from pp_cli.importing.mapping import MapError
    from pp_cli.importing.run import run

    kb = load_kb(ctx)
    try:
        outcome = run(kb, sheet, map_path, dry_run=dry_run, progress=console.progress_callback("Importing rows"))
    except MapError as exc:
        for problem in exc.problems:
            where = f"{exc.path}:{problem.line}" if problem.line else str(exc.path)
            console.error(f"{where}: {problem.message}", problem.hint)
        raise UsageError(f"{len(exc.problems)} problem(s) in {exc.path}; nothing was imported",
                         "fix the map and run again") from None
    _report(outcome, dry_run)
    if outcome.findings:
        raise typer.Exit(EXIT_FINDINGS)


def _report(outcome, dry_run: bool) -> None:  # type: ignore[no-untyped-def]
    import sys

    from pp_cli import console
    from pp_cli.textsafe import clean

    for note in outcome.notes:
        console.note(f"sheet: {note}")
    verb = {"create": "would create" if dry_run else "created", "update": "would update" if dry_run else "updated"}
    done = {"create": "to create" if dry_run else "created", "update": "to update" if dry_run else "updated"}
    for change in outcome.changes:
        rows = ("row " if len(change.rows) == 1 else "rows ") + ", ".join(map(str, change.rows))
        sys.stdout.write(clean(f"{verb[change.action]:<13} {change.relpath}  ({rows}) {change.what}",
                               single_line=True) + "\n")
    for f in sorted(outcome.findings, key=lambda f: (f.row or 0, f.column or "")):
        where = ", ".join(x for x in (f"row {f.row}" if f.row else "", f"column `{f.column}`" if f.column else "")
                          if x)
        label = {"unplaced": "not imported", "uncertain": "uncertain match", "conflict": "conflict",
                 "check": "check"}[f.kind]
        console.warning(f"{where}: {label}: {f.message}" if where else f"{label}: {f.message}", f.hint)
    plan = outcome.plan
    kinds = {k: sum(1 for f in outcome.findings if f.kind == k) for k in ("unplaced", "uncertain", "conflict",
                                                                          "check")}
    people_new, people_changed = outcome.count("create", "prisoners"), outcome.count("update", "prisoners")
    summary = (
        f"{plan.rows} rows, {plan.matched} of them people already there: {people_new} people {done['create']}, "
        f"{people_changed} {done['update']}, {outcome.count('create', 'events')} events {done['create']}; "
        f"{kinds['unplaced']} values not imported, {kinds['uncertain']} uncertain matches, "
        f"{kinds['conflict']} conflicts" + (f", {kinds['check']} to check" if kinds["check"] else "")
    )
    if not outcome.changes:
        summary += "; nothing to change"
    console.note(summary + (" (dry run: nothing written)" if dry_run else ""))
    if outcome.changes and not dry_run:
        console.note("next: review the files (git diff), then run `pp validate`")


def register(app: typer.Typer) -> None:
    app.command("import", help=HELP)(import_command)
