"""A signal on a cold run ends pp within a second, on one line, with no worker left and a cache to trust."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pp_cli import forking

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform != "linux" or not forking.AVAILABLE,
                                reason="parse workers are forked on Linux with two cores or more")


@pytest.fixture(scope="module")
def big_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("signals") / "kb"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), str(out), "--people", "3000"],
                   check=True, capture_output=True)
    return out


def _children(pid: int) -> set[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return set()
    return {int(c) for c in found}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cold_run(kb: Path, cache: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PP_DATA": str(kb), "PP_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("PP_NO_CACHE", None)
    return subprocess.Popen([sys.executable, "-m", "pp_cli", *args], env=env, cwd=REPO, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _interrupt_while_parsing(kb: Path, cache: Path, signum: int, *, group: bool = False
                             ) -> tuple[subprocess.Popen, set[int], float, str]:
    proc = _cold_run(kb, cache, "list", "--format", "json")
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers |= _children(proc.pid)
        time.sleep(0.005)
    assert workers, "pp finished before its parse workers started; make the knowledge base larger"
    sent = time.monotonic()
    if group:  # as a terminal delivers Ctrl-C: to pp and its workers at once
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _out, err = proc.communicate(timeout=30)
    return proc, workers, time.monotonic() - sent, err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_on_a_cold_run_ends_pp_quickly_with_one_line_and_no_workers_left(
    big_kb: Path, tmp_path: Path, signum: int
) -> None:
    if signum == signal.SIGHUP and signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
        pytest.skip("SIGHUP is ignored here (run under nohup), and pp keeps an ignored SIGHUP ignored")
    proc, workers, took, err = _interrupt_while_parsing(big_kb, tmp_path / "cache", signum)
    assert proc.returncode == 128 + signum  # 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP
    assert err.strip().splitlines()[-1:] == ["pp: interrupted"], err
    assert "Traceback" not in err and "Error" not in err
    assert took < 3, f"took {took:.1f} s to stop"  # about a tenth of a second; generous for a loaded machine
    time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)], "parse workers survived pp"


def test_ctrl_c_to_the_whole_process_group_ends_pp_and_its_workers(big_kb: Path, tmp_path: Path) -> None:
    proc, workers, took, err = _interrupt_while_parsing(big_kb, tmp_path / "cache", signal.SIGINT, group=True)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1:] == ["pp: interrupted"] and "Traceback" not in err
    assert took < 3
    time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def test_after_an_interrupted_run_the_cache_gives_the_true_answer(big_kb: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _interrupt_while_parsing(big_kb, cache, signal.SIGTERM)
    warm = _cold_run(big_kb, cache, "list", "--format", "json")
    warm_out, warm_err = warm.communicate(timeout=120)
    env = {**os.environ, "PP_DATA": str(big_kb), "PP_NO_CACHE": "1"}
    fresh = subprocess.run([sys.executable, "-m", "pp_cli", "list", "--format", "json"], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert warm.returncode == fresh.returncode == 0, warm_err
    assert json.loads(warm_out) == json.loads(fresh.stdout)


def test_workers_die_with_their_parent_even_when_it_is_killed(big_kb: Path, tmp_path: Path) -> None:
    proc, workers, _took, _err = _interrupt_while_parsing(big_kb, tmp_path / "cache", signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and [pid for pid in workers if _alive(pid)]:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived a killed parent"
