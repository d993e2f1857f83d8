"""Output goes where it is told, and only there: whole, over regular files only, never into data/."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pp_cli import output
from tests.conftest import KB


@pytest.fixture
def small(kb: KB) -> KB:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    return kb


def _pp(kb: KB, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, "PP_DATA": str(kb.root), "PP_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "pp_cli", *args], env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120)


def test_output_dash_means_standard_output(small: KB, run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(small, "export", "--format", "json", "--output", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["prisoners"][0]["id"] == "leyla-yunus"
    assert not Path("-").exists()


def test_a_device_is_never_replaced_even_with_force(small: KB, run, tmp_path: Path) -> None:
    result = run(small, "export", "--format", "json", "--output", os.devnull, "--force")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert not Path(os.devnull).is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_replaced(small: KB, run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run(small, "export", "--format", "csv", "--output", str(fifo), "--force")
    assert result.exit_code == 2 and fifo.is_fifo()


def test_a_symlink_is_never_written_through(small: KB, run, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    result = run(small, "export", "--format", "json", "--output", str(link), "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert victim.read_text() == "keep me" and link.is_symlink()


@pytest.mark.parametrize("where", ["data/prisoners/export.yaml", "data/export.json", "data/events/x.csv"])
def test_output_inside_data_is_refused(small: KB, run, where: str) -> None:
    result = run(small, "export", "--format", "json", "--output", str(small.root / where))
    assert result.exit_code == 2 and "data/" in result.stderr
    assert not (small.root / where).exists()


def test_output_inside_data_through_a_linked_folder_is_refused(small: KB, run, tmp_path: Path) -> None:
    (tmp_path / "sneaky").symlink_to(small.root / "data" / "prisoners")
    result = run(small, "export", "--format", "json", "--output", str(tmp_path / "sneaky" / "x.yaml"))
    assert result.exit_code == 2
    assert not (small.root / "data" / "prisoners" / "x.yaml").exists()


def test_a_full_standard_output_is_one_line_and_exit_1(small: KB) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    for args in (["export", "--format", "json"], ["list"], ["list", "--format", "json"]):
        with open("/dev/full", "w") as full:
            done = _pp(small, *args, stdout=full)
        assert done.returncode == 1, (args, done.stderr)
        assert "No space left on device" in done.stderr
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
        assert "Exception ignored" not in done.stderr


def test_a_closed_pipe_ends_quietly(small: KB) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "pp_cli", "export", "--format", "jsonl"],
                            env={**os.environ, "PP_DATA": str(small.root), "PP_NO_CACHE": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader went away (`| head`)
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert proc.returncode in (0, 1) and "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EIO])
@pytest.mark.parametrize("fmt", ["json", "csv", "sqlite", "xlsx"])
def test_a_failing_disk_is_a_clear_error_and_leaves_nothing_behind(
    small: KB, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, fmt: str
) -> None:
    target = tmp_path / "out" / f"export.{fmt}"
    target.parent.mkdir()
    real_replace = os.replace

    def failing(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise OSError(code, os.strerror(code))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    result = run(small, "export", "--format", fmt, "--output", str(target))
    assert result.exit_code == 1
    assert os.strerror(code) in result.stderr and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # the error, and its hint
    assert list(target.parent.iterdir()) == []  # no half-written file, no temporary left


def test_a_failed_replacement_keeps_the_old_file(small: KB, run, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run(small, "export", "--format", "json", "--output", str(target), "--force")
    assert result.exit_code == 1 and target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "kb"]


def test_a_huge_count_is_a_located_error_not_an_sqlite_overflow(kb: KB, run, tmp_path: Path) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.event("2016-05-10-release", "2016-05-10", "release", ["leyla-yunus"], count="9" * 30)
    result = run(kb, "validate")
    assert result.exit_code == 1 and "count" in result.output
    exported = run(kb, "export", "--format", "sqlite", "--output", str(tmp_path / "kb.db"))
    assert exported.exit_code in (0, 1) and "internal error" not in exported.output


def test_an_overflow_while_writing_is_a_clear_error(tmp_path: Path) -> None:
    def overflow(_tmp: Path) -> None:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    with pytest.raises(output.OutputError):
        output.write_file(tmp_path / "kb.db", overflow)
    assert list(tmp_path.iterdir()) == []


def test_pp_init_leaves_no_empty_gitignore_when_the_disk_is_full(tmp_path: Path, run, monkeypatch) -> None:
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "new"
    target.mkdir()
    from typer.testing import CliRunner

    from pp_cli.cli import app

    result = CliRunner().invoke(app, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert not (target / ".gitignore").exists()
    assert "internal error" not in result.output


def test_pp_init_never_writes_through_a_linked_gitignore(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pp_cli.cli import app

    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    target = tmp_path / "new"
    target.mkdir()
    (target / ".gitignore").symlink_to(victim)
    result = CliRunner().invoke(app, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 2 and victim.read_text() == "keep\n"


def test_the_cache_gitignore_is_never_left_empty_on_a_full_disk(tmp_path: Path, monkeypatch) -> None:
    from pp_cli import cachedir

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    cachedir.write_new(tmp_path / ".gitignore", b"*\n")
    assert not (tmp_path / ".gitignore").exists()


def test_a_full_disk_while_building_the_site_is_a_clear_error(small: KB, run, tmp_path: Path, monkeypatch) -> None:
    real_rename, real_replace = os.rename, os.replace

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "rename", full)
    monkeypatch.setattr(os, "replace", full)
    result = run(small, "site", "build", "--out", str(tmp_path / "site"))
    monkeypatch.setattr(os, "rename", real_rename)
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr and "internal error" not in result.stderr
    leftovers = [p for p in (tmp_path / "site").rglob("*.tmp")] if (tmp_path / "site").exists() else []
    assert leftovers == []


def test_a_full_disk_while_writing_a_new_record_is_a_clear_error(kb: KB, run, monkeypatch) -> None:
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run(kb, "new", "prisoner", "Ana Aliyeva")
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr and "internal error" not in result.stderr
    assert list((kb.root / "data" / "prisoners").iterdir()) == []


def test_pp_schema_never_writes_inside_data(small: KB, run) -> None:
    result = run(small, "schema", "--output", str(small.root / "data" / "schemas"))
    assert result.exit_code == 2
    assert not (small.root / "data" / "schemas").exists()
