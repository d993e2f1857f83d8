"""Half of a job in a forked child, for work that needs what this process already holds.

A process pool would have to send the loaded knowledge base to its workers;
a forked child already has it (copy-on-write), so it can take half of the
stats of a warm run or half of `pp validate`'s checks and send back only its
answer, as bytes through a pipe. Only on Linux, where fork is the norm; a
child that fails sends nothing, and the caller does that half itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from typing import Any

# Linux only: elsewhere fork is unsafe with system frameworks (macOS) or absent (Windows).
AVAILABLE = sys.platform == "linux" and (os.cpu_count() or 1) >= 2

_CHILDREN: set[int] = set()  # forked children not yet reaped, killed by `reap_all` when pp is interrupted
_PR_SET_PDEATHSIG = 1
_STOPPING = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


def _fork() -> int:
    """`os.fork()` with the stopping signals held back until each side is ready for them.

    A Ctrl-C to the whole process group can arrive while the child is still
    inside Python's after-fork hooks, before it ignores SIGINT; it would print
    an "Exception ignored" traceback there. Blocked across the fork, the
    signal waits: the child discards it once it ignores SIGINT
    (`_become_child`), and the parent takes it once it has recorded the
    child in `_CHILDREN`, so the child is always reaped.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    pid = -1
    try:
        pid = os.fork()
    finally:
        if pid != 0:
            if pid > 0:
                _CHILDREN.add(pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    return pid


def _become_child(parent: int) -> None:
    """In a freshly forked child: die with the parent, and leave Ctrl-C and SIGTERM to it.

    Ctrl-C reaches the whole process group; the parent decides what it means
    and kills its children itself. Should the parent die without that (SIGKILL),
    Linux sends the child SIGKILL too (PR_SET_PDEATHSIG), so no worker is left
    blocked on a pipe forever.
    """
    _CHILDREN.clear()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP", "SIGPIPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform == "linux":
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # held back by `_fork`


def _send(fd: int, data: bytes) -> None:
    """Write all of `data` to the pipe `fd` (a write to a pipe may take only part)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def reap_all() -> None:
    """Kill and reap every child still running: what pp does in `finally` when interrupted."""
    for pid in list(_CHILDREN):
        _kill(pid)


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    _CHILDREN.discard(pid)


def map_chunks(work: Callable[[Any], Any], chunks: list[Any], workers: int) -> Iterator[Any]:
    """`work(chunk)` for each chunk on `workers` forked children; results in the order of `chunks`.

    Chunk i goes to child i % workers, which sends its answers in order
    through its own pipe, so the caller can use the first answers while the
    rest are being computed. Unlike a process pool there is no manager thread
    and no queue to leave half-shut: if the caller stops early, fails, or is
    interrupted, every child is killed and reaped before this returns.
    """
    parent = os.getpid()
    pipes: list[tuple[int, Any]] = []  # (pid, readable end)
    try:
        for index in range(min(workers, len(chunks))):
            read_end, write_end = os.pipe()
            pid = _fork()
            if pid == 0:  # the child
                status = 1
                try:
                    _become_child(parent)
                    os.close(read_end)
                    for chunk in chunks[index::workers]:
                        payload = pickle.dumps(work(chunk), protocol=pickle.HIGHEST_PROTOCOL)
                        _send(write_end, struct.pack("<Q", len(payload)) + payload)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_end)
            pipes.append((pid, os.fdopen(read_end, "rb")))
        for i in range(len(chunks)):
            pid, pipe = pipes[i % len(pipes)]
            head = pipe.read(8)
            if len(head) != 8:
                raise ChildFailed(f"a parse worker (pid {pid}) stopped without an answer")
            (size,) = struct.unpack("<Q", head)
            yield pickle.loads(pipe.read(size))
    finally:
        for pid, pipe in pipes:
            pipe.close()
            _kill(pid)


class ChildFailed(RuntimeError):
    """A forked worker ended without sending its answer (killed, out of memory)."""


def in_child(work: Callable[[], bytes]) -> Callable[[], bytes | None]:
    """Start `work()` in a forked child; call the result to wait for its bytes (None if it failed).

    Call the waiter exactly once, after doing this process's share.
    """
    read_end, write_end = os.pipe()
    parent = os.getpid()
    try:
        pid = _fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return lambda: None
    if pid == 0:  # the child: no cleanup handlers, no flushing of the parent's buffers
        status = 1
        try:
            _become_child(parent)
            os.close(read_end)
            _send(write_end, b"\x01" + work())  # the marker tells a finished answer from an empty one
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> bytes | None:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                received = pipe.read()
            _pid, status = os.waitpid(pid, 0)
        except BaseException:  # interrupted while waiting: the child must not outlive this
            _kill(pid)
            raise
        finally:
            _CHILDREN.discard(pid)
        if status != 0 or not received.startswith(b"\x01"):
            return None
        return received[1:]

    return wait
