"""Ending pp on a signal: quickly, with one line, the right exit code, and no process left behind.

SIGINT (Ctrl-C), SIGTERM and SIGHUP each raise `Interrupted` in the main
thread, once: a second signal while pp is cleaning up is ignored rather than
allowed to interrupt the cleanup with a traceback. The caller kills and reaps
forked workers (`forking.reap_all`), lets open transactions roll back, and
exits 128 + the signal's number (130 for Ctrl-C), as shells do.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from types import FrameType

HANDLED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(KeyboardInterrupt):
    """pp was asked to stop by a signal."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_raised = False


def _handler(signum: int, _frame: FrameType | None) -> None:
    global _raised
    if _raised:
        return  # already stopping: let the cleanup finish
    _raised = True
    raise Interrupted(signum)


def install() -> None:
    """Route the stopping signals to `Interrupted` (main thread only; signals are delivered there)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        if signal.getsignal(signum) is signal.SIG_IGN and signum != signal.SIGINT:
            continue  # nohup and friends: an ignored SIGHUP stays ignored
        signal.signal(signum, _handler)


def stop(exc: KeyboardInterrupt) -> None:
    """Kill and reap workers, say so on one line, and exit 128 + the signal."""
    global _raised
    _raised = True  # from here on, further signals are ignored
    for signum in HANDLED:
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            signal.signal(signum, signal.SIG_IGN)
    from pp_cli import forking

    forking.reap_all()
    code = exc.exit_code if isinstance(exc, Interrupted) else 128 + signal.SIGINT
    try:
        sys.stderr.write("pp: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    raise SystemExit(code)
