"""Special files, unreadable folders, links and Windows-reserved names in data/ are reported, never fatal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import KB


def _ids(result) -> list[str]:
    return [p["id"] for p in json.loads(result.stdout)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_data_is_reported_and_never_opened(kb: KB, tmp_path) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    os.mkfifo(kb.root / "data" / "prisoners" / "ana-aliyeva.yaml")
    env = {**os.environ, "PP_DATA": str(kb.root), "PP_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-m", "pp_cli", "validate"], env=env, capture_output=True,
                          text=True, timeout=60)  # opening the FIFO for reading would block forever
    assert done.returncode == 1
    assert "data/prisoners/ana-aliyeva.yaml" in done.stdout + done.stderr
    assert "PP011" in done.stdout and "named pipe" in done.stdout
    listed = subprocess.run([sys.executable, "-m", "pp_cli", "list", "--format", "json"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and _ids(listed) == ["leyla-yunus"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_swapped_in_is_refused_by_the_reader(tmp_path) -> None:
    from pp_cli.records import read_bounded
    from pp_cli.yamlio import YamlError

    os.mkfifo(tmp_path / "x.yaml")
    with pytest.raises(YamlError) as caught:
        read_bounded(tmp_path / "x.yaml")
    assert caught.value.code == "PP011"


def test_an_unreadable_folder_in_data_is_a_located_error(kb: KB, run, monkeypatch: pytest.MonkeyPatch) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.event("2016-05-10-release", "2016-05-10", "release", ["leyla-yunus"])
    hidden = str(kb.root / "data" / "events" / "2016")
    real_scandir, real_listdir = os.scandir, os.listdir

    def denied(path="."):
        if not isinstance(path, int) and os.fspath(path) == hidden:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def denied_list(path="."):
        if not isinstance(path, int) and os.fspath(path).rstrip("/") == hidden:
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "scandir", denied)
    monkeypatch.setattr(os, "listdir", denied_list)
    result = run(kb, "--no-cache", "validate")
    assert result.exit_code == 1, result.output
    assert "data/events/2016/" in result.output and "PP010" in result.output
    assert "Permission denied" in result.output


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_read_permission_is_a_located_error(kb: KB, run) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    folder = kb.root / "data" / "events" / "2016"
    kb.event("2016-05-10-release", "2016-05-10", "release", ["leyla-yunus"])
    folder.chmod(0)
    try:
        result = run(kb, "--no-cache", "validate")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1 and "PP010" in result.output and "data/events/2016/" in result.output


def test_a_dangling_symlink_as_a_year_folder_does_not_crash_pp_new_event(kb: KB, run) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    (kb.root / "data" / "events" / "2016").symlink_to(kb.root / "nowhere")
    result = run(kb, "new", "event", "--date", "2016-05-10", "--type", "arrest", "--people", "leyla-yunus",
                 "Arrested")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output and "Traceback" not in result.output
    assert not (kb.root / "nowhere").exists()


@pytest.mark.parametrize("reserved", ["con", "aux", "nul", "prn", "com1", "lpt9"])
def test_windows_reserved_ids_are_refused_by_pp_new(kb: KB, run, reserved: str) -> None:
    result = run(kb, "new", "prisoner", "--id", reserved, "Someone")
    assert result.exit_code == 2
    assert "Windows" in result.output
    assert not (kb.root / "data" / "prisoners" / f"{reserved}.yaml").exists()


def test_a_name_that_slugifies_to_a_reserved_id_is_refused(kb: KB, run) -> None:
    result = run(kb, "new", "prisoner", "Con")
    assert result.exit_code == 2 and "Windows" in result.output


@pytest.mark.parametrize("name", ["con.yaml", "CON.yaml", "Aux.yaml", "com1.yaml", "lpt9.yaml", "nul.tar.yaml"])
def test_windows_reserved_file_names_are_reported_by_validate(kb: KB, run, name: str) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.write(f"data/prisoners/{name}", "id: con\nname: x\n")
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert "PP012" in result.output and f"data/prisoners/{name}" in result.output


def test_a_reserved_folder_name_is_reported_by_validate(kb: KB, run) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.event("2016-05-10-release", "2016-05-10", "release", ["leyla-yunus"])
    os.rename(kb.root / "data/events/2016", kb.root / "data/events/aux")
    result = run(kb, "validate")
    assert "PP012" in result.output and "data/events/aux/" in result.output


def test_ordinary_ids_that_start_like_reserved_names_are_fine(kb: KB, run) -> None:
    for pid in ("conan-x", "auxiliary", "com10", "nullah"):
        kb.prisoner(pid, pid)
    assert "PP012" not in run(kb, "validate").output
