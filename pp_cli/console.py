"""All terminal output goes through here (as in hatch): data to stdout, messages to stderr.

Colour only on a terminal, never in pipes, and never when NO_COLOR is set
(rich honours it). Consoles are made per call so tests that swap
sys.stdout see the output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pp_cli.textsafe import clean

if TYPE_CHECKING:
    from rich.console import Console

PROGRESS_FROM = 1000  # files to parse before a progress bar is worth showing


def stdout() -> Console:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def progress_callback(label: str) -> Callable[[int, int], None] | None:
    """A (done, total) callback drawing a progress bar on stderr, or None when stderr is no terminal.

    The bar appears only for long work (a first index build of a large
    repository) and disappears when done.
    """
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if "bar" not in state:
            from rich.progress import Progress

            bar = Progress(console=stderr(), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state.pop("bar").stop()

    return update


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def emit(rendered: Any) -> None:
    """Write a renderer's result: plain text as is, rich renderables through rich."""
    if rendered is None:
        return
    if isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
    elif stdout_is_terminal():
        stdout().print(rendered, crop=False)  # not cropped: a long URL stays whole
    else:  # a pipe gets text without the padding that fills a terminal's lines
        console = stdout()
        with console.capture() as captured:
            console.print(rendered, crop=False)
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
        sys.stdout.flush()


def _message(prefix: str, style: str, message: str, hint: str | None = None) -> None:
    from rich.text import Text

    text = Text(prefix, style=style)
    text.append(clean(message, single_line=True))  # one line each: no record can forge a line of the log
    if hint:
        text.append("\n  hint: ", style="dim")
        text.append(clean(hint, single_line=True))
    stderr().print(text)


def error(message: str, hint: str | None = None) -> None:
    _message("error: ", "bold red", message, hint)


def warning(message: str, hint: str | None = None) -> None:
    _message("warning: ", "bold yellow", message, hint)


def note(message: str) -> None:
    _message("", "dim", message)
