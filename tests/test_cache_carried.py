"""A cache keyed by content: built for one clone, it serves a fresh clone of the same commit (CI restoring it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pp_cli.cachedir import DISABLE_VAR
from tests.gitrepo import git_identity


@pytest.fixture
def origin(kb, monkeypatch):
    git_identity(monkeypatch)
    monkeypatch.delenv(DISABLE_VAR, raising=False)
    kb.org("musavat", "Müsavat", "party")
    kb.prisoner("ali-aliyev", "Ali Aliyev", status="detained", affiliations="[{org: musavat}]")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev")
    kb.prisoner("broken", "Broken", born='"not a date"')
    kb.event("2015-12-zaur-arrested", "2015-12", "arrest", ["zaur-quliyev"])
    kb.event("2016-01-ali-arrested", "2016-01-04", "arrest", ["ali-aliyev"])
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "records"]):
        subprocess.run(["git", *args], cwd=kb.root, check=True, capture_output=True)
    return kb.root


def pp(root: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PP_CACHE_DIR": str(cache), "PP_TRACE": "1", "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop(DISABLE_VAR, None)
    env.pop("PP_DATA", None)
    return subprocess.run([sys.executable, "-m", "pp_cli", "--data", str(root), *args],
                          capture_output=True, text=True, env=env, check=False)


def parsed(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("pp: parsed")]


COMMANDS = [("list", "-f", "json"), ("show", "Ali Aliyev", "-f", "json"), ("search", "Quliyev", "-f", "tsv"),
            ("stats", "-f", "json"), ("validate",)]


def test_a_fresh_clone_with_the_cache_carried_over_parses_nothing_and_answers_the_same(origin, tmp_path):
    cache = tmp_path / "ci-cache"
    before = {args: pp(origin, cache, *args) for args in COMMANDS}
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    for args, first in before.items():
        again = pp(clone, cache, *args)
        assert (again.returncode, again.stdout) == (first.returncode, first.stdout), args
        assert all(line.startswith(("pp: parsed 0 of", "pp: parsed no files")) for line in parsed(again)), \
            (args, parsed(again))
        fresh = pp(clone, tmp_path / "empty-cache", "--no-cache", *args)
        assert (fresh.returncode, fresh.stdout) == (first.returncode, first.stdout), args


def test_a_changed_file_in_the_clone_is_parsed_and_answered_from(origin, tmp_path):
    cache = tmp_path / "ci-cache"
    pp(origin, cache, "list", "-f", "json")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    person = clone / "data/prisoners/zaur-quliyev.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("Zaur Quliyev", "Zaur Quliyeff"), encoding="utf-8")
    result = pp(clone, cache, "list", "-f", "json")
    assert "Zaur Quliyeff" in result.stdout and parsed(result) == ["pp: parsed 1 of 6 files"]


def test_new_bytes_behind_an_unchanged_mtime_and_size_are_noticed(origin, tmp_path):
    """The stat is only a shortcut: same size and mtime restored, but the file's ctime moved."""
    cache = tmp_path / "ci-cache"
    person = origin / "data/prisoners/zaur-quliyev.yaml"
    old = os.stat(person)
    os.utime(person, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # not racy: ten seconds old
    assert "Zaur Quliyev" in pp(origin, cache, "list", "-f", "json").stdout
    stamp = os.stat(person)
    person.write_text(person.read_text(encoding="utf-8").replace("Zaur Quliyev", "Zaur Quliyan"), encoding="utf-8")
    os.utime(person, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert os.stat(person).st_size == stamp.st_size
    assert "Zaur Quliyan" in pp(origin, cache, "list", "-f", "json").stdout
