"""Half a job in a forked child: its answer comes back, and a failure is never silent or fatal."""

from __future__ import annotations

import pytest

from pp_cli import forking

pytestmark = pytest.mark.skipif(not forking.AVAILABLE, reason="pp forks on Linux only")


def test_the_child_answer_comes_back_whole():
    big = bytes(range(256)) * 4096  # larger than a pipe holds at once
    wait = forking.in_child(lambda: big)
    assert wait() == big


def test_an_empty_answer_is_an_answer():
    assert forking.in_child(lambda: b"")() == b""


def test_a_child_that_fails_gives_none_so_the_caller_does_the_work_itself(capfd):
    def broken() -> bytes:
        raise RuntimeError("boom")

    assert forking.in_child(broken)() is None
    assert "boom" not in capfd.readouterr().err  # no stray traceback from the child
