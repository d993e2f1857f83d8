"""The `pp` command: a thin Typer layer over the core library.

Commands live one per module in `pp_cli.commands`; each parses options, calls
the core, picks a renderer and returns. Every expected failure is a
`PPError`, turned into a message and an exit code here, in one place.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass

import typer
from typer.core import TyperGroup

from pp_cli import __version__
from pp_cli.errors import EXIT_INTERNAL, EXIT_USAGE, Ambiguous, NoMatch, PPError

# One module per command in pp_cli/commands/; each defines `register(app)`.
COMMAND_MODULES = (
    "list_cmd",
    "show",
    "stats",
    "timeline",
    "search",
    "export",
    "import_cmd",
    "report",
    "validate",
    "dupes",
    "merge",
    "new",
    "diff",
    "schema",
    "init",
    "site",
)

EPILOG = """\
[bold]Examples[/bold]

  pp list --status detained                 who is in custody, with as-of dates
  pp list --role journalist --format csv    machine-readable output for a pipe
  pp show "Seymur Hazi"                     one person's story, with sources
  pp show "Ilgar Mamedov"                   any spelling or transliteration works

Exit codes: 0 ok · 1 findings (validation errors, no match, ambiguous) · 2 usage error · 3 internal error.
The knowledge base is the nearest folder above the working directory that holds
data/, or --data PATH, or $PP_DATA.
"""


class PPGroup(TyperGroup):
    """Maps core errors to messages and exit codes, for every command at once."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        from pp_cli.output import ENVIRONMENT_ERRNOS, stdout_errors

        try:
            with stdout_errors():  # `> /dev/full`: a full standard output is one line and exit 1
                result = super().invoke(ctx)
                sys.stdout.flush()
            return result
        except PPError as exc:
            report(exc)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `pp list | head`
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM or SIGHUP (pp_cli.signals)
            from pp_cli import signals

            signals.stop(exc)
        except Exception as exc:  # a bug in pp: say so briefly, unless asked for the traceback
            if type(exc).__module__.startswith(("typer", "click")) or os.environ.get("PP_DEBUG"):
                raise  # Typer's own usage errors and exits, or a developer asking for details
            from pp_cli import console

            if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRNOS:  # the environment, not a bug
                where = f" {exc.filename}" if exc.filename else ""
                console.error(f"cannot write{where}: {exc.strerror}", "check the disk, the permissions and the path")
                sys.exit(1)

            console.error(
                f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in pp; please report it with the command you ran (PP_DEBUG=1 shows the traceback)",
            )
            sys.exit(EXIT_INTERNAL)


def report(exc: PPError) -> None:
    from pp_cli import console

    console.error(exc.message, None if isinstance(exc, Ambiguous) else exc.hint)
    err = console.stderr()
    if isinstance(exc, Ambiguous):
        from rich.text import Text

        from pp_cli.textsafe import clean

        for pid, name in exc.candidates:
            err.print(Text(f"  {clean(pid, single_line=True):<28} {clean(name, single_line=True)}"))
        console.note(f"hint: {exc.hint}")
    elif isinstance(exc, NoMatch) and exc.suggestions:
        from pp_cli.textsafe import clean

        console.note("nearest names: " + ", ".join(clean(s, single_line=True) for s in exc.suggestions))


app = typer.Typer(
    cls=PPGroup,
    name="pp",
    help="A knowledge base of political prisoners, kept as YAML files in git.",
    epilog=EPILOG,
    rich_markup_mode="rich",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    data: str | None = None
    no_cache: bool = False
    cache_dir: str | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pp {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: str = typer.Option(
        None, "--data", envvar="PP_DATA", metavar="PATH",
        help="Knowledge base to use (a folder holding data/). Default: found from the working directory.",
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", envvar="PP_NO_CACHE", help="Read every file afresh; use no cache."
    ),
    cache_dir: str = typer.Option(
        None, "--cache-dir", envvar="PP_CACHE_DIR", metavar="DIR",
        help="Keep the cache in DIR (e.g. one CI restores). Default: a per-user cache folder.",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    ctx.obj = State(data=data, no_cache=no_cache, cache_dir=cache_dir)


def _trace_no_load() -> None:
    syncing = sys.modules.get("pp_cli.sync")
    if syncing is None or syncing.LOADS == 0:
        print("pp: parsed no files: answered from the cache", file=sys.stderr)


for _name in COMMAND_MODULES:
    importlib.import_module(f"pp_cli.commands.{_name}").register(app)


def main() -> None:
    if os.environ.get("PP_TRACE"):  # for benchmarks/run.py: say so when no record was even loaded
        import atexit

        atexit.register(_trace_no_load)
    from pp_cli import signals

    signals.install()
    try:
        app()
    except PPError as exc:  # raised outside a command (e.g. during completion)
        report(exc)
        sys.exit(exc.exit_code if exc.exit_code else EXIT_USAGE)
    except KeyboardInterrupt as exc:  # a signal outside a command (while starting up)
        signals.stop(exc)
