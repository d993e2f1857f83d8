"""`pp dupes`: people who are likely one person, ranked by score, with the reason; and `--distinct A B`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from pp_cli.commands.common import answer, format_option, open_view, render_rows
from pp_cli.formats import Column, OutputFormat

if TYPE_CHECKING:
    from pp_cli.snapshots import View

COLUMNS = [
    Column("score", "Score", justify="right"),
    Column("id", "Id"),
    Column("name", "Name"),
    Column("other_id", "Other id"),
    Column("other_name", "Other name"),
    Column("reason", "Why"),
    Column("path", "File"),
    Column("other_path", "Other file"),
]
TABLE_COLUMNS = [
    Column("score", "Score", justify="right", no_wrap=True),
    Column("name", "Name"),
    Column("other_name", "Other name"),
    Column("reason", "Why"),
    Column("ids", "Ids"),
]

HELP = """List people who are likely one person, most likely first, with the reason.

The score is the estimated chance (0–1) that the two records are one person:
names are read in parts (given name, patronymic, surname) across spellings,
scripts and word orders, and each part that agrees counts for more the rarer
it is here; a different given name, patronymic or birth year rules a pair
out. It is the same score as PP601 in `pp validate`; docs/validation.md says
how it works.

Decide each pair: if they are one person, `pp merge KEEP OTHER`; if not,
`pp dupes --distinct A B` records it (`distinct_from: [B]` in A's file) and
the pair is never proposed again.

Exit codes: 0 ok (pairs or none) · 1 a person not found · 2 usage error.

[bold]Examples[/bold]

  pp dupes
  pp dupes --min-score 0.1              weaker candidates too
  pp dupes --person "Ilgar Mammadov"    pairs with one person
  pp dupes --format json | jq '.[0]'
  pp dupes --distinct nijat-aliyev nijat-aliyev-2
"""


def dupes_command(
    ctx: typer.Context,
    min_score: float = typer.Option(
        None, "--min-score", min=0.0, max=1.0, metavar="SCORE",
        help="List pairs at least this likely (0–1). Default: PP601's threshold.",
    ),
    person: str = typer.Option(None, "--person", "-p", metavar="NAME_OR_ID", help="Only pairs with this person."),
    limit: int = typer.Option(None, "--limit", "-n", min=0, help="Show at most this many pairs."),
    distinct: tuple[str, str] = typer.Option(
        (None, None), "--distinct", metavar="A B",
        help="Record that A and B are two people (distinct_from in A's file) instead of listing.",
    ),
    fmt: OutputFormat = format_option(),
) -> None:
    from pp_cli import console
    from pp_cli.duplicates import FLOOR, THRESHOLD

    if distinct[0] is not None:
        _record_distinct(ctx, *distinct)
        return
    threshold = THRESHOLD if min_score is None else max(min_score, FLOOR)

    def compute(view: View) -> tuple[list[dict[str, Any]], str | None]:
        from pp_cli.names import choose

        rows = view.get("dupes", _all_pairs)
        chosen = None
        if person is not None:
            chosen = choose(person, view.exact_candidates(person) or view.candidates())
        return [r for r in rows if r["value"] >= threshold and (chosen is None or chosen in (r["id"], r["other_id"]))
                ], chosen

    rows, chosen = answer(ctx, compute)
    if chosen is not None:  # the chosen person first in each row
        rows = [r if r["id"] == chosen else _swapped(r) for r in rows]
    if limit is not None:
        rows = rows[:limit]
    console.emit(render_rows(fmt, COLUMNS, rows, title="Likely duplicates", table_columns=TABLE_COLUMNS))
    if not rows:
        console.note(f"no pairs at score {threshold:g} or more" + (" with that person" if chosen else ""))


def _all_pairs(kb) -> list[dict[str, Any]]:
    """Every candidate pair worth listing (score ≥ FLOOR), as rows; stored until a file changes."""
    from pp_cli.duplicates import FLOOR, likely_duplicates

    return [
        {"score": float(m.shown_score), "value": m.score, "id": m.a.id, "name": m.name_a, "other_id": m.b.id,
         "other_name": m.name_b, "reason": m.reason, "path": kb.path_of(m.a), "other_path": kb.path_of(m.b),
         "ids": f"{m.a.id} {m.b.id}"}
        for m in likely_duplicates(kb.prisoners.values(), min_score=FLOOR)
    ]


def _swapped(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for a, b in (("id", "other_id"), ("name", "other_name"), ("path", "other_path")):
        out[a], out[b] = row[b], row[a]
    out["ids"] = f"{out['id']} {out['other_id']}"
    return out


def _record_distinct(ctx: typer.Context, first: str, second: str) -> None:
    """Write `distinct_from: [B]` into A's record, keeping the rest of the file as it is."""
    from pp_cli import console
    from pp_cli.errors import PPError
    from pp_cli.models import Prisoner
    from pp_cli.recordedit import set_fields, write_atomically
    from pp_cli.records import read_bounded

    view = open_view(ctx)
    kb = view.kb()
    for pid in (first, second):
        if pid not in kb.prisoners:
            raise PPError(f"no person with the id `{pid}`", "give two ids, as `pp dupes` lists them")
    if first == second:
        raise PPError(f"`{first}` is the same record twice", "give the ids of two different people")
    a, b = kb.prisoners[first], kb.prisoners[second]
    if second in a.distinct_from or first in b.distinct_from:
        console.note(f"{first} and {second} are already recorded as two people")
        return
    path = kb.path_of(a)
    text = read_bounded(kb.root / path).decode("utf-8")
    new = set_fields(text, {"distinct_from": [*a.distinct_from, second]}, list(Prisoner.model_fields))
    write_atomically(kb.root, path, text, new)
    console.note(f"wrote distinct_from: [{second}] to {path}; the pair will not be proposed again")


def register(app: typer.Typer) -> None:
    app.command("dupes", help=HELP)(dupes_command)
