"""Half of a job in a forked child, for work that needs what this process already holds.

A process pool would have to send the loaded knowledge base to its workers;
a forked child already has it (copy-on-write), so it can take half of the
stats of a warm run or half of `pp validate`'s checks and send back only its
answer, as bytes through a pipe. Only on Linux, where fork is the norm; a
child that fails sends nothing, and the caller does that half itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# Linux only: elsewhere fork is unsafe with system frameworks (macOS) or absent (Windows).
AVAILABLE = sys.platform == "linux" and (os.cpu_count() or 1) >= 2


def in_child(work: Callable[[], bytes]) -> Callable[[], bytes | None]:
    """Start `work()` in a forked child; call the result to wait for its bytes (None if it failed).

    Call the waiter exactly once, after doing this process's share.
    """
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return lambda: None
    if pid == 0:  # the child: no cleanup handlers, no flushing of the parent's buffers
        status = 1
        try:
            os.close(read_end)
            view = memoryview(b"\x01" + work())  # the marker tells a finished answer from an empty one
            while view:
                view = view[os.write(write_end, view) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> bytes | None:
        with os.fdopen(read_end, "rb") as pipe:
            received = pipe.read()
        _pid, status = os.waitpid(pid, 0)
        if status != 0 or not received.startswith(b"\x01"):
            return None
        return received[1:]

    return wait
