"""All terminal output goes through here (as in hatch): data to stdout, messages to stderr.

Colour only on a terminal, never in pipes, and never when NO_COLOR is set
(rich honours it). Consoles are made per call so tests that swap
sys.stdout see the output.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from pp_cli.textsafe import clean


def stdout() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def emit(rendered: Any) -> None:
    """Write a renderer's result: plain text as is, rich renderables through rich."""
    if rendered is None:
        return
    if isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        stdout().print(rendered)


def _message(prefix: str, style: str, message: str, hint: str | None = None) -> None:
    text = Text(prefix, style=style)
    text.append(clean(message))
    if hint:
        text.append("\n  hint: ", style="dim")
        text.append(clean(hint))
    stderr().print(text)


def error(message: str, hint: str | None = None) -> None:
    _message("error: ", "bold red", message, hint)


def warning(message: str, hint: str | None = None) -> None:
    _message("warning: ", "bold yellow", message, hint)


def note(message: str) -> None:
    _message("", "dim", message)
