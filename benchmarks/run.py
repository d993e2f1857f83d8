"""Benchmark `pp` on synthetic knowledge bases of 1,000 to 50,000 people (issue 5).

Why: speed claims need numbers that anyone can reproduce on their own
machine, next to floors measured in the same run on the same files, so that
the ratios mean something on fast and slow machines alike:

* stat floor: a Python process that only walks data/ and stats every file —
  what a warm command that trusts an index still has to do;
* CSafeLoader floor: a Python process that parses every file with libyaml —
  what a cold command that reads everything cannot easily beat in one process;
* models floor: a Python process that imports pp's pydantic models — what any
  run that validates a changed file pays on top of a warm run (issue 13).

Every command runs as a subprocess of the installed `pp` (the one next to
this Python). "Cold" means after deleting the cache folder (`PP_CACHE_DIR`, set to
`<knowledge base>.cache` beside each generated knowledge base); the operating
system's page cache is warm for every run, floors included. "Warm" is the best
of `--repeat` runs after a warm-up. Peak memory is the largest resident set
of the process or of any child it waited for (GNU time's %M, or wait4's
ru_maxrss without it), so parallel workers count one at a time, not summed.

The warm-up run is watched: an audit hook (a `sitecustomize` on PYTHONPATH)
records every YAML file under data/ that the process or its workers open,
and `PP_TRACE=1` makes `pp` say how many files it parsed. A warm command
should parse none. Commands that fail (or do not exist yet) are reported as
"failed (exit N)", not fatal. See docs/performance.md.

    python benchmarks/run.py [--sizes 1000,10000,50000] [--workdir /tmp/pp-bench] [--keep] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYNTH = HERE / "synth.py"
CACHE_SUFFIX = ".cache"  # each knowledge base's cache folder is <kb>.cache, given to pp as PP_CACHE_DIR
TRACE = re.compile(r"^pp: parsed (\d+|no) ", re.MULTILINE)  # printed by pp when PP_TRACE=1
DEFAULT_SIZES = (10000, 50000)  # 100000 fits where there are ~4 GB of disk: --sizes 10000,50000,100000
BYTES_PER_PERSON = 80_000  # disk per person: the base and a fresh copy of it, 4 KB blocks, the cache, slack

STAT_FLOOR = """
import os, sys
def walk(folder):
    n = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                n += walk(entry.path)
            else:
                entry.stat(follow_symlinks=False)
                n += 1
    return n
print(walk(sys.argv[1]))
"""

YAML_FLOOR = """
import os, sys, yaml
def walk(folder):
    n = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                n += walk(entry.path)
            elif entry.name.endswith(".yaml"):
                with open(entry.path, "rb") as handle:
                    yaml.load(handle.read(), Loader=yaml.CSafeLoader)
                n += 1
    return n
print(walk(sys.argv[1]))
"""

# Installed as sitecustomize.py for the watched run: logs every YAML file under
# $PP_BENCH_WATCH that is opened for reading, from this process and its workers.
WATCHER = r'''
import os, sys
_root = os.environ.get("PP_BENCH_WATCH")
_log = os.environ.get("PP_BENCH_WATCH_LOG")
if _root and _log:
    _fd = os.open(_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    _writing = os.O_WRONLY | os.O_RDWR

    def _hook(event, args, _root=_root, _fd=_fd):
        if event != "open" or isinstance(args[0], int):
            return
        try:
            path = os.fsdecode(args[0])
        except TypeError:
            return
        if not path.endswith((".yaml", ".yml")):
            return
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and ("w" in mode or "a" in mode or "x" in mode)) or (
            mode is None and flags & _writing
        ):
            return
        path = os.path.abspath(path)
        if path.startswith(_root):
            os.write(_fd, (path + "\n").encode("utf-8", "surrogateescape"))

    sys.addaudithook(_hook)
# keep any other sitecustomize working
import importlib.machinery, importlib.util
_here = os.path.dirname(os.path.abspath(__file__))
_others = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", _others)
if _spec and _spec.loader:
    _spec.loader.exec_module(importlib.util.module_from_spec(_spec))
'''


@dataclass
class Run:
    """One subprocess: wall-clock seconds, peak resident memory, exit code, output lines."""

    seconds: float
    peak_mb: float
    exit: int
    lines: int = 0
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.exit == 0


@dataclass
class Row:
    """One line of the results table."""

    size: int
    label: str
    kind: str  # "floor-start", "floor-stat", "floor-yaml", "floor-models", "startup", "pp", "pp-edit", "pp-switch",
    # "pp-clone"
    cold: Run | None = None
    warm: Run | None = None
    warm_all: list[Run] = field(default_factory=list)
    reads: int | None = None  # YAML files a warm run opened
    parsed: int | None = None  # files a warm run parsed, as `PP_TRACE=1` reports it (None: not reported)
    note: str = ""


@dataclass
class SizeResult:
    size: int
    files: int
    megabytes: float
    rows: list[Row]

    def row(self, label_start: str) -> Row | None:
        return next((r for r in self.rows if r.label.startswith(label_start)), None)


def gnu_time() -> str | None:
    """GNU time, if installed: it forks the command from a tiny process, so its peak is the command's own.

    A child forked straight from this Python inherits this Python's resident
    set as its high-water mark (Linux keeps it across exec), which would put
    a floor of ~15 MB under every figure.
    """
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile(prefix="pp-bench-time-") as out:
        probe = subprocess.run([path, "-f", "%M", "-o", out.name, "true"], capture_output=True)
        text = Path(out.name).read_text(errors="replace").strip().splitlines()
    return path if probe.returncode == 0 and text and text[-1].isdigit() else None


TIME = gnu_time()


def measure(argv: list[str], env: dict[str, str], timeout: float) -> Run:
    """Run once: wall clock, exit code, and peak RSS of the command or of any process it waited for."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(prefix="pp-bench-rss-") as rss:
        full = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        peak_kb = usage.ru_maxrss
        if TIME:
            last = Path(rss.name).read_text(errors="replace").strip().splitlines()[-1:]
            peak_kb = int(last[0]) if last and last[0].isdigit() else peak_kb
        out.seek(0)
        lines = out.read().count(b"\n")
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    code = proc.returncode
    if code != 0 and seconds >= timeout:
        stderr = f"timed out after {timeout:.0f} s\n" + stderr
    return Run(seconds, peak_kb / 1024, code, lines, stderr)


def best(runs: list[Run]) -> Run:
    good = [r for r in runs if r.ok] or runs
    fastest = min(good, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_mb for r in runs), fastest.exit, fastest.lines, fastest.stderr)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pp_command() -> list[str]:
    """The `pp` installed beside this Python, or `python -m pp_cli` if there is no script."""
    script = Path(sys.executable).parent / "pp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pp_cli"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PP_DATA", "PP_NO_CACHE", "PP_CACHE_DIR", "PP_TRACE", "PP_BENCH_WATCH", "PP_BENCH_WATCH_LOG"):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    env.setdefault("COLUMNS", "120")
    return env


def manifest_of(kb: Path) -> dict | None:
    try:
        return json.loads((kb / "synth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def synth_version() -> int:
    """GENERATOR_VERSION from synth.py, read without importing it (it imports pp_cli)."""
    for line in SYNTH.read_text(encoding="utf-8").splitlines():
        if line.startswith("GENERATOR_VERSION"):
            return int(line.split("=")[1].split("#")[0])
    return 0


def build(kb: Path, size: int, seed: int, env: dict[str, str], names: str = "tidy") -> tuple[dict, bool]:
    """Reuse the knowledge base in `kb` if synth.py wrote it with the same size, seed, names and version."""
    info = manifest_of(kb)
    wanted = (size, seed, synth_version(), names)
    if info and (info.get("people"), info.get("seed"), info.get("version"), info.get("names", "tidy")) == wanted:
        log(f"reusing {kb} ({size:,} people, seed {seed})")
        return info, False
    log(f"generating {size:,} people into {kb} …")
    started = time.perf_counter()
    cmd = [sys.executable, str(SYNTH), str(kb), "--people", str(size), "--seed", str(seed), "--names", names]
    if info is not None:
        cmd.append("--force")
    subprocess.run(cmd, check=True, env=env)
    log(f"  generated in {time.perf_counter() - started:.1f} s")
    info = manifest_of(kb)
    assert info is not None
    return info, True


def count_files(data: Path) -> tuple[int, int]:
    files = size = 0
    for folder, _dirs, names in os.walk(data):
        for name in names:
            files += 1
            size += os.stat(os.path.join(folder, name)).st_size
    return files, size


def cache_folder(kb: Path) -> Path:
    return kb.with_name(kb.name + CACHE_SUFFIX)


def drop_cache(kb: Path) -> None:
    shutil.rmtree(cache_folder(kb), ignore_errors=True)


def watched_run(argv: list[str], env: dict[str, str], kb: Path, timeout: float) -> tuple[Run, int, int | None]:
    """Run with the audit hook and PP_TRACE; return the run, the YAML files it opened and parsed."""
    with tempfile.TemporaryDirectory(prefix="pp-bench-watch-") as tmp:
        (Path(tmp) / "sitecustomize.py").write_text(WATCHER, encoding="utf-8")
        logfile = Path(tmp) / "opened.log"
        watched = dict(env)
        watched["PYTHONPATH"] = os.pathsep.join(p for p in (tmp, env.get("PYTHONPATH", "")) if p)
        watched["PP_BENCH_WATCH"] = str((kb / "data").resolve())
        watched["PP_BENCH_WATCH_LOG"] = str(logfile)
        watched["PP_TRACE"] = "1"
        run = measure(argv, watched, timeout)
        opened = set(logfile.read_text(encoding="utf-8").splitlines()) if logfile.exists() else set()
    traced = [0 if m.group(1) == "no" else int(m.group(1)) for m in TRACE.finditer(run.stderr)]
    return run, len(opened), sum(traced) if traced else None


def bench_size(kb: Path, info: dict, repeat: int, timeout: float, env: dict[str, str]) -> SizeResult:
    size = info["people"]
    data = kb / "data"
    files, nbytes = count_files(data)
    py = sys.executable
    pp = [*pp_command(), "--data", str(kb)]
    rows: list[Row] = []

    def timed(label: str, kind: str, argv: list[str]) -> Row:
        runs = [measure(argv, env, timeout) for _ in range(repeat)]
        row = Row(size, label, kind, warm=best(runs), warm_all=runs)
        log(f"  {label:<36} {row.warm.seconds:8.3f} s {row.warm.peak_mb:8.1f} MB")  # type: ignore[union-attr]
        rows.append(row)
        return row

    log(f"{size:,} people: {files:,} files, {nbytes / 1e6:.1f} MB")
    timed("floor: Python start-up", "floor-start", [py, "-c", "pass"])
    timed("floor: stat every file", "floor-stat", [py, "-c", STAT_FLOOR, str(data)])
    timed("floor: CSafeLoader every file", "floor-yaml", [py, "-c", YAML_FLOOR, str(data)])
    timed("floor: import pp's models", "floor-models", [py, "-c", "import pp_cli.models"])
    timed("pp --version", "startup", [*pp, "--version"])
    timed("pp --help", "startup", [*pp, "--help"])
    commands = [
        ("pp list --status detained", ["list", "--status", "detained", "--format", "tsv"]),
        (f'pp show "{info["show_name"]}"', ["show", info["show_name"]]),
        (f'pp search "{info["search_text"]}"', ["search", info["search_text"], "--format", "tsv"]),
        ("pp stats", ["stats", "--format", "tsv"]),
        (f'pp timeline --person "{info["show_name"]}"', ["timeline", "--person", info["show_name"], "--format", "tsv"]),
        ("pp validate", ["validate"]),
    ]
    for label, args in commands:
        row = Row(size, label, "pp")
        drop_cache(kb)
        row.cold = measure([*pp, *args], env, timeout)
        log(f"  {label:<36} cold {row.cold.seconds:8.3f} s {row.cold.peak_mb:8.1f} MB exit {row.cold.exit}")
        warmup, row.reads, row.parsed = watched_run([*pp, *args], env, kb, timeout)
        row.warm_all = [measure([*pp, *args], env, timeout) for _ in range(repeat)]
        row.warm = best(row.warm_all)
        log(f"  {label:<36} warm {row.warm.seconds:8.3f} s {row.warm.peak_mb:8.1f} MB exit {row.warm.exit}"
            f" · warm-up opened {row.reads:,} YAML files, parsed {'?' if row.parsed is None else row.parsed}")
        failures = [r for r in (row.cold, warmup, *row.warm_all) if not r.ok]
        if failures:
            first = failures[0]
            tail = first.stderr.strip().splitlines()[-1:] if first.stderr.strip() else []
            row.note = f"failed (exit {first.exit})" + (f": {tail[0][:80]}" if tail else "")
            if not (label == "pp validate" and first.exit == 1):
                log(f"    {row.note}")
            else:
                row.note = "exit 1 (findings)"
        elif label.startswith(("pp list", "pp search")):
            row.note = f"{max(row.warm.lines - 1, 0):,} rows"
        rows.append(row)
    rows.extend(after_changes(kb, pp, env, timeout, rows, seed=size, repeat=repeat))
    drop_cache(kb)
    return SizeResult(size, files, nbytes / 1e6, rows)


CHANGED = [("pp list --status detained", ["list", "--status", "detained", "--format", "tsv"]),
           ("pp show", ["show"]), ("pp search", ["search"]), ("pp stats", ["stats", "--format", "tsv"]),
           ("pp timeline --person", ["timeline"]), ("pp validate", ["validate"])]


def after_changes(kb: Path, pp: list[str], env: dict[str, str], timeout: float, rows: list[Row],
                  seed: int, repeat: int = 1) -> list[Row]:
    """Each command after one file changed, after a branch switch (1% of files), and in a fresh copy.

    Every figure is a run right after the change (so the changed files are
    also "racy": changed within two seconds, and hashed again), shown beside
    the same command's warm figure measured earlier in this run. After one
    edit, as for warm, the fastest of `repeat` runs counts, each after an
    edit of its own (another person's summary); a switch and a copy are one run.
    """
    import random

    info = manifest_of(kb) or {}
    warm = {r.label.split(" \"")[0]: r for r in rows if r.kind == "pp"}
    out: list[Row] = []
    people = sorted((kb / "data" / "prisoners").iterdir())
    every = sorted(p for p in (kb / "data").rglob("*.yaml"))
    rng = random.Random(seed)
    switched = rng.sample(every, max(1, len(every) // 100))

    def argv(args: list[str]) -> list[str]:
        if args == ["show"]:
            return [*pp, "show", info["show_name"]]
        if args == ["search"]:
            return [*pp, "search", info["search_text"], "--format", "tsv"]
        if args == ["timeline"]:
            return [*pp, "timeline", "--person", info["show_name"], "--format", "tsv"]
        return [*pp, *args]

    def one(label: str, kind: str, args: list[str], base: str, env_: dict[str, str] = env,
            before: Callable[[int], None] | None = None) -> None:
        runs = []
        for attempt in range(repeat if before else 1):
            if before:
                measure(argv(args), env_, timeout)  # everything cached and current
                before(attempt)
            runs.append(measure(argv(args), env_, timeout))
        run = best(runs)
        row = Row(kb_size(kb), label, kind, warm=run)
        ref = warm.get(base)
        if ref is not None and ref.warm is not None and ref.warm.ok and run.exit in (0, 1):
            row.note = f"{run.seconds / ref.warm.seconds:.2f}× warm"
        elif run.exit not in (0, 1):
            row.note = f"failed (exit {run.exit})"
        log(f"  {label:<44} {run.seconds:8.3f} s {run.peak_mb:8.1f} MB {row.note}")
        out.append(row)

    for n, (base, args) in enumerate(CHANGED):
        one(f"{base.split(' ')[1]}, after one file changed", "pp-edit", args, base,
            before=lambda attempt, n=n: reword(people[n * repeat + attempt]))
    for base, args in CHANGED:
        measure(argv(args), env, timeout)
        for path in switched:  # a branch switch: 1% of files rewritten, back and forth
            text = path.read_text(encoding="utf-8")
            marker = "# on another branch\n"
            path.write_text(text[: -len(marker)] if text.endswith(marker) else text + marker, encoding="utf-8")
        one(f"{base.split(' ')[1]}, after a branch switch ({len(switched):,} files)", "pp-switch", args, base)
    for _base, args in CHANGED:  # the cache current for these files, as CI's is for the commit it ran on
        measure(argv(args), env, timeout)
    clone = kb.with_name(kb.name + "-clone")
    shutil.rmtree(clone, ignore_errors=True)
    started = time.perf_counter()
    how = fresh_copy(kb, clone)
    log(f"  {how} to {clone} in {time.perf_counter() - started:.1f} s")
    clone_pp = [*pp[:-1], str(clone)]
    for base, args in CHANGED:
        run = measure([*clone_pp, *argv(args)[len(pp):]], env, timeout)
        row = Row(kb_size(kb), f"{base.split(' ')[1]}, fresh copy, cache carried", "pp-clone", warm=run)
        ref = warm.get(base)
        if ref is not None and ref.warm is not None and ref.warm.ok and run.exit in (0, 1):
            row.note = f"{run.seconds / ref.warm.seconds:.2f}× warm"
        log(f"  {row.label:<44} {run.seconds:8.3f} s {run.peak_mb:8.1f} MB {row.note}")
        out.append(row)
        measure([*clone_pp, *argv(args)[len(pp):]], env, timeout)  # the copy now known: the next is warm
    shutil.rmtree(clone, ignore_errors=True)
    return out


def reword(person: Path) -> None:
    """One edit as contributors make them: a sentence added to a person's summary (their rows and page change)."""
    text = person.read_text(encoding="utf-8")
    edited = text.replace("summary: >-\n", "summary: >-\n  Reworded by benchmarks/run.py.\n", 1)
    person.write_text(edited if edited != text else text + "# edited by benchmarks/run.py\n", encoding="utf-8")


GIT = ["git", "-c", "user.name=pp benchmark", "-c", "user.email=bench@example.org", "-c", "core.autocrlf=false",
       "-c", "commit.gpgsign=false"]


def fresh_copy(kb: Path, clone: Path) -> str:
    """A fresh clone of the knowledge base as it is now (committed first), or a copy of data/ without git.

    Either way every file has a new inode and mtime; in a clone, git's index also
    knows each file's blob, which pp may take instead of reading the file (pp_cli.gitblobs).
    """
    if shutil.which("git") is None:
        shutil.copytree(kb / "data", clone / "data")
        (clone / "synth.json").write_text((kb / "synth.json").read_text(encoding="utf-8"), encoding="utf-8")
        return "copied (no git)"
    quiet = {"check": True, "capture_output": True, "cwd": kb}
    if not (kb / ".git").exists():
        subprocess.run([*GIT, "init", "-q"], **quiet)
    subprocess.run([*GIT, "add", "-A", "data", "synth.json"], **quiet)
    subprocess.run([*GIT, "commit", "-q", "--allow-empty", "-m", "benchmarks/run.py: as benchmarked"], **quiet)
    subprocess.run([*GIT, "clone", "-q", str(kb), str(clone)], check=True, capture_output=True)
    return "cloned with git"


def kb_size(kb: Path) -> int:
    return int((manifest_of(kb) or {}).get("people", 0))


# --- reporting -------------------------------------------------------------------------------


def fmt_s(run: Run | None) -> str:
    if run is None:
        return "–"
    if run.exit != 0 and run.exit != 1:
        return f"failed (exit {run.exit})"
    return f"{run.seconds:.3f}"


def fmt_mb(*runs: Run | None) -> str:
    peaks = [r.peak_mb for r in runs if r is not None]
    return f"{max(peaks):,.0f}" if peaks else "–"


def ratio(run: Run | None, floor: Row | None) -> str:
    if run is None or floor is None or floor.warm is None or not run.ok or floor.warm.seconds <= 0:
        return "–"
    return f"{run.seconds / floor.warm.seconds:.1f}×"


def results_table(results: list[SizeResult]) -> tuple[list[str], list[list[str]]]:
    header = ["people", "files", "what", "cold s", "warm s", "peak MB", "warm ÷ stat", "cold ÷ CSafeLoader",
              "warm: YAML opened / parsed", "note"]
    body = []
    for res in results:
        stat, yaml_floor = res.row("floor: stat"), res.row("floor: CSafeLoader")
        for i, row in enumerate(res.rows):
            first = i == 0
            if row.kind in ("pp-edit", "pp-switch", "pp-clone"):  # one run after a change, beside warm
                body.append(["", "", row.label, "–", fmt_s(row.warm), fmt_mb(row.warm), ratio(row.warm, stat), "",
                             "", row.note])
            elif row.kind == "pp":
                reads = "–" if row.reads is None else f"{row.reads:,}"
                reads += " / " + ("–" if row.parsed is None else f"{row.parsed:,}")
                body.append([f"{res.size:,}" if first else "", f"{res.files:,}" if first else "", row.label,
                             fmt_s(row.cold), fmt_s(row.warm), fmt_mb(row.cold, row.warm), ratio(row.warm, stat),
                             ratio(row.cold, yaml_floor), reads, row.note])
            else:
                body.append([f"{res.size:,}" if first else "", f"{res.files:,}" if first else "", row.label, "–",
                             fmt_s(row.warm), fmt_mb(row.warm), "", "", "", row.note])
    return header, body


def targets(results: list[SizeResult]) -> tuple[list[str], list[list[str]]]:
    """The targets of issue 5, judged from whatever sizes were measured."""
    by_size = {r.size: r for r in results}
    header = ["target (issues 5 and 13)", "measured", "result"]
    body: list[list[str]] = []

    def verdict(ok: bool | None) -> str:
        return "–" if ok is None else ("PASS" if ok else "FAIL")

    def floor_target(size: int, label: str, which: str, floor_label: str, limit: float, title: str) -> None:
        res = by_size.get(size)
        if res is None:
            body.append([title, "not measured", "–"])
            return
        row, floor = res.row(label), res.row(floor_label)
        run = None if row is None else (row.warm if which == "warm" else row.cold)
        if run is None or floor is None or floor.warm is None or not run.ok:
            body.append([title, row.note if row else "not measured", "FAIL" if row else "–"])
            return
        value = run.seconds / floor.warm.seconds
        body.append([title, f"{value:.2f}× ({run.seconds:.3f} s vs {floor.warm.seconds:.3f} s)",
                     verdict(value <= limit)])

    floor_target(10000, "pp list", "warm", "floor: stat", 2, "10,000 people: warm list ≤ 2× stat floor")
    floor_target(10000, "pp show", "warm", "floor: stat", 2, "10,000 people: warm show ≤ 2× stat floor")
    floor_target(10000, "pp validate", "cold", "floor: CSafeLoader", 1,
                 "10,000 people: cold validate ≤ 1× CSafeLoader floor")
    big = by_size.get(50000)
    for label, name in (("pp list", "list"), ("pp show", "show"), ("pp search", "search")):
        title = f"50,000 people: warm {name} < 1 s"
        row = big.row(label) if big else None
        if row is None or row.warm is None:
            body.append([title, "not measured", "–"])
        elif not row.warm.ok:
            body.append([title, row.note, "FAIL"])
        else:
            body.append([title, f"{row.warm.seconds:.3f} s", verdict(row.warm.seconds < 1)])
    title = "50,000 people: warm list, show and search peak memory < 1 GB"
    warm_peaks = [(r.peak_mb, row.label) for row in (big.rows if big else ())
                  if row.label.startswith(("pp list --", "pp show", "pp search")) for r in row.warm_all]
    if not warm_peaks:
        body.append([title, "not measured", "–"])
    else:
        peak, where = max(warm_peaks)
        body.append([title, f"{peak:,.0f} MB ({where})", verdict(peak < 1024)])
    title = "(not an issue target) 50,000 people: every pp run, cold ones too, < 1 GB"
    if big is not None:
        peaks = [(r.peak_mb, row.label) for row in big.rows
                 if row.kind in ("pp", "pp-edit", "pp-switch", "pp-clone", "startup")
                 for r in (row.cold, *row.warm_all) if r is not None]
        peak, where = max(peaks)
        body.append([title, f"{peak:,.0f} MB ({where})", "under" if peak < 1024 else "over"])
    for size in (10000, 50000, 100000):  # issue 13
        res = by_size.get(size)
        if res is None:
            continue
        for kind, limit, what in (("pp-edit", 1.3, "after one edit"), ("pp-switch", 2.0, "after a 1% branch switch")):
            changed = [r for r in res.rows if r.kind == kind]
            if not changed:
                continue
            ratios = [(float(r.note.split("×")[0]), r.label) for r in changed if r.note.endswith("× warm")]
            if not ratios:
                body.append([f"{size:,} people: {what} ≤ {limit}× warm", "failed", "FAIL"])
                continue
            worst, where = max(ratios)
            body.append([f"{size:,} people: {what} ≤ {limit}× warm", f"{worst:.2f}× ({where})",
                         verdict(worst <= limit)])
        cold = [(r.peak_mb, row.label) for row in res.rows if row.kind == "pp" and row.cold for r in (row.cold,)]
        if cold:
            peak, where = max(cold)
            body.append([f"{size:,} people: cold runs ≤ 600 MB peak", f"{peak:,.0f} MB ({where})",
                         verdict(peak <= 600)])
        warm_peaks = [(r.peak_mb, row.label) for row in res.rows if row.kind == "pp" for r in row.warm_all]
        if warm_peaks:
            peak, where = max(warm_peaks)
            body.append([f"{size:,} people: warm runs < 100 MB peak", f"{peak:,.0f} MB ({where})",
                         verdict(peak < 100)])
    title = "warm commands re-parse no unchanged file"
    rows = [(res.size, row) for res in results for row in res.rows if row.kind == "pp" and row.reads is not None]
    if not rows:
        body.append([title, "not measured", "–"])
    else:
        # PP_TRACE says what was parsed; without it, any YAML file opened counts against the target
        def count(row: Row) -> int:
            return row.parsed if row.parsed is not None else (row.reads or 0)

        size, worst = max(rows, key=lambda pair: count(pair[1]))
        if count(worst):
            how = "parsed" if worst.parsed is not None else "opened"
            text = f"{count(worst):,} files {how} by warm {worst.label} at {size:,} people"
        else:
            text = "0 files parsed" if all(r.parsed is not None for _s, r in rows) else "0 YAML files opened"
            opened = [(s_, r) for s_, r in rows if r.reads]
            if opened:
                s_, r = max(opened, key=lambda pair: pair[1].reads or 0)
                text += f" (but warm {r.label} opened {r.reads:,} at {s_:,} people)"
        body.append([title, text, verdict(count(worst) == 0)])
    return header, body


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine(load_at_start: str) -> list[tuple[str, str]]:
    """What the numbers were measured on; the load average shows whether anything else was running."""
    cpu = "unknown"
    ram = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    version = subprocess.run([*pp_command(), "--version"], capture_output=True, text=True).stdout.strip()
    yaml_info = subprocess.run(
        [sys.executable, "-c", "import yaml; print(yaml.__version__, 'with libyaml' if yaml.__with_libyaml__ "
         "else 'WITHOUT libyaml')"], capture_output=True, text=True).stdout.strip()
    source = subprocess.run([sys.executable, "-c", "import pp_cli, os; print(os.path.dirname(pp_cli.__file__))"],
                            capture_output=True, text=True).stdout.strip()
    revision = "unknown"
    if source:
        git = ["git", "--no-optional-locks", "-C", source]
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        if head.returncode == 0:
            dirty = subprocess.run([*git, "status", "--porcelain", "--", "."], capture_output=True, text=True).stdout
            revision = head.stdout.strip() + (" + uncommitted changes in pp_cli/" if dirty.strip() else "")
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{cpu}, {usable} usable of {os.cpu_count()} (nproc {usable})"),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("PyYAML", yaml_info),
        ("pp", f"{version or 'unknown'} (git {revision})"),
        ("load", f"1/5/15-minute load average {load_at_start} at start, {load_average()} at end"),
        ("peak RSS", "GNU time %M" if TIME else "wait4 ru_maxrss (includes ~15 MB inherited from this process)"),
    ]


def plain_table(header: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    numeric = {i for i in range(len(header)) if all(
        (not r[i]) or r[i][0].isdigit() or r[i] == "–" for r in body)}

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, body)])


def markdown_table(header: list[str], body: list[list[str]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(map(esc, header)) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(map(esc, row)) + " |" for row in body]
    return "\n".join(lines)


def report(results: list[SizeResult], repeat: int, markdown: bool, load_at_start: str) -> str:
    info = machine(load_at_start)
    table = markdown_table if markdown else plain_table
    parts = []
    if markdown:
        parts.append("**Machine**\n\n" + "\n".join(f"- {k}: {v}" for k, v in info))
    else:
        parts.append("\n".join(f"{k + ':':<8} {v}" for k, v in info))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    first = load_at_start.split(" / ")[0]
    if first[:1].isdigit() and float(first) > cpus / 2:  # at the end, the benchmark's own runs count too
        parts.append(f"Warning: the machine was busy when the benchmark started (1-minute load average {first} "
                     f"on {cpus} CPUs); other processes competed for the CPU, so re-run on a quiet machine "
                     "before quoting these figures.")
    parts.append(f"{'**Results**' if markdown else 'Results'} (seconds are wall clock; warm = best of {repeat} "
                 f"after a warm-up; cold = after deleting the cache folder)\n\n" + table(*results_table(results)))
    parts.append(("**Targets**" if markdown else "Targets") + "\n\n" + table(*targets(results)))
    return "\n\n".join(parts) + "\n"


def compile_pp() -> None:
    """Compile pp's modules to bytecode first, as `pip install` does.

    An editable install under PYTHONDONTWRITEBYTECODE=1 (as on the
    development machine) would otherwise compile every module on every run,
    which no installed pp does.
    """
    source = subprocess.run([sys.executable, "-c", "import pp_cli, os; print(os.path.dirname(pp_cli.__file__))"],
                            capture_output=True, text=True).stdout.strip()
    if source:
        subprocess.run([sys.executable, "-m", "compileall", "-q", source], check=False)
        log(f"compiled {source} to bytecode (as pip does at install time)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated numbers of people (default 10000,50000)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "pp-bench",
                        help="where the knowledge bases are generated (default /tmp/pp-bench)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--names", choices=("tidy", "realistic"), default="tidy",
                        help="synth.py --names: realistic gives namesakes as on real lists (issue 11)")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per command; the best counts (default 3)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed (default 1800)")
    parser.add_argument("--keep", action="store_true",
                        help="keep knowledge bases generated by this run (reused ones are always kept)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the tables as Markdown (for docs/performance.md)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, e.g. 1000,10000")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be positive")
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = child_env()
    compile_pp()
    load_at_start = load_average()
    results: list[SizeResult] = []
    generated: list[Path] = []
    try:
        for size in sizes:
            kb = args.workdir / f"kb-{size}-s{args.seed}" if args.names == "tidy" else \
                args.workdir / f"kb-{size}-s{args.seed}-{args.names}"
            if (manifest_of(kb) or {}).get("people") != size:
                free = shutil.disk_usage(args.workdir).free
                if free < size * BYTES_PER_PERSON:
                    log(f"not enough disk in {args.workdir} for {size:,} people: "
                        f"{free / 1e9:.1f} GB free, ~{size * BYTES_PER_PERSON / 1e9:.1f} GB needed")
                    return 2
            try:
                info, made = build(kb, size, args.seed, env, args.names)
            except subprocess.CalledProcessError as exc:
                log(f"synth.py failed (exit {exc.returncode}) for {kb}")
                return 2
            if made:
                generated.append(kb)
            results.append(bench_size(kb, info, args.repeat, args.timeout,
                                      {**env, "PP_CACHE_DIR": str(cache_folder(kb))}))
    finally:
        if not args.keep:
            for kb in generated:
                log(f"removing {kb} (pass --keep to keep it)")
                shutil.rmtree(kb, ignore_errors=True)
    print(report(results, args.repeat, args.markdown, load_at_start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
