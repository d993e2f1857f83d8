"""`pp report`: a Markdown briefing for a period, ready to publish."""

from __future__ import annotations

import typer

from pp_cli.commands.common import load_kb

HELP = """A Markdown briefing for a period: people by status at its end, who was arrested and
who was released during it, and who was detained at its end, with the date each
status was last confirmed and how long each person had been held.

[bold]Examples[/bold]

  pp report --since 2016-01 --until 2016-05
  pp report --since 2015 --public > briefing.md
"""


def report_command(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", metavar="DATE", help="First day of the period (default: the start)."),
    until: str = typer.Option(None, "--until", metavar="DATE",
                              help="Last day of the period; statuses are as of this day (default: latest known)."),
    public: bool = typer.Option(False, "--public", help="Leave out everything marked restricted."),
) -> None:
    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.queries import parse_date_option
    from pp_cli.report import render

    start = parse_date_option(since, "--since")
    end = parse_date_option(until, "--until")
    if start and end and end.hi < start.lo:
        raise UsageError(f"--until {end} is before --since {start}", "swap the two dates")
    kb = load_kb(ctx)
    if public:
        from pp_cli.privacy import mentions, public_kb

        full, kb = kb, public_kb(kb)
        for warning in mentions(full, kb):
            console.warning(warning)
    text = render(kb, start, end, public=public)
    if console.stdout_is_terminal():
        from pp_cli.textsafe import clean

        text = clean(text)
    console.emit(text)


def register(app: typer.Typer) -> None:
    app.command("report", help=HELP)(report_command)
