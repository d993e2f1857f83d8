"""A cache keyed by content: built for one clone, it serves a fresh clone of the same commit (CI restoring it)."""

from __future__ import annotations

import os
import shutil
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


# -- git vouches for a fresh clone's files, so they are not read again (pp_cli.gitblobs) --


@pytest.fixture
def in_process(run, monkeypatch, tmp_path):
    """`pp ARGS…` in this process with PP_TRACE, a named cache, and git asked however few files moved."""
    from pp_cli import gitblobs

    monkeypatch.setattr(gitblobs, "FROM_FILES", 0)
    monkeypatch.setenv("PP_TRACE", "1")
    monkeypatch.setenv("PP_CACHE_DIR", str(tmp_path / "ci-cache"))

    def invoke(root: Path, *args: str):
        return run(root, *args)

    return invoke


def trace(result, start: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(start)]


def clone_of(origin: Path, tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    return clone


def test_in_a_fresh_clone_git_vouches_for_every_file_and_none_is_read_again(origin, tmp_path, in_process,
                                                                           monkeypatch):
    first = in_process(origin, "list", "-f", "json")
    clone = clone_of(origin, tmp_path)
    from pp_cli import sync as sync_module

    monkeypatch.setattr(sync_module, "content_hash", lambda raw: pytest.fail("a file was hashed again"))
    again = in_process(clone, "list", "-f", "json")
    assert again.stdout == first.stdout
    assert trace(again, "pp: git") == ["pp: git vouched for 6 of 6 files whose stat moved"]
    assert trace(again, "pp: parsed") == ["pp: parsed 0 of 6 files"]


def test_a_file_changed_after_the_clone_is_read_although_git_knows_its_old_blob(origin, tmp_path, in_process):
    in_process(origin, "list", "-f", "json")
    clone = clone_of(origin, tmp_path)
    person = clone / "data/prisoners/zaur-quliyev.yaml"
    stamp = person.stat()
    person.write_text(person.read_text(encoding="utf-8").replace("Zaur Quliyev", "Zaur Quliyan"), encoding="utf-8")
    os.utime(person, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the same size and mtime: only git can tell
    result = in_process(clone, "list", "-f", "json")
    assert "Zaur Quliyan" in result.stdout and "Zaur Quliyev" not in result.stdout
    assert trace(result, "pp: git") == ["pp: git vouched for 5 of 6 files whose stat moved"]
    assert trace(result, "pp: parsed") == ["pp: parsed 1 of 6 files"]


@pytest.mark.parametrize("how", ["gitattributes", "info-attributes", "assume-unchanged", "not-a-repository"])
def test_git_is_not_believed_where_it_cannot_speak_for_the_bytes_on_disk(origin, tmp_path, in_process, how):
    in_process(origin, "list", "-f", "json")
    clone = clone_of(origin, tmp_path)
    person = clone / "data/prisoners/zaur-quliyev.yaml"
    if how == "gitattributes":  # a pull request's attributes can make the checkout differ from the blob
        (clone / "data/.gitattributes").write_text("*.yaml ident\n", encoding="utf-8")
        subprocess.run(["git", "add", "data/.gitattributes"], cwd=clone, check=True, capture_output=True)
    elif how == "info-attributes":  # the repository's own attributes file (not the tree's)
        (clone / ".git/info").mkdir(exist_ok=True)
        (clone / ".git/info/attributes").write_text("*.yaml ident\n", encoding="utf-8")
    elif how == "assume-unchanged":  # git would call the edited file unchanged
        subprocess.run(["git", "update-index", "--assume-unchanged", "data/prisoners/zaur-quliyev.yaml"],
                       cwd=clone, check=True, capture_output=True)
    else:
        shutil.rmtree(clone / ".git")
    stamp = person.stat()
    person.write_text(person.read_text(encoding="utf-8").replace("Zaur Quliyev", "Zaur Quliyan"), encoding="utf-8")
    os.utime(person, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    result = in_process(clone, "list", "-f", "json")
    assert "Zaur Quliyan" in result.stdout and "Zaur Quliyev" not in result.stdout
    assert trace(result, "pp: parsed") == ["pp: parsed 1 of 6 files"]
    if how == "assume-unchanged":
        assert trace(result, "pp: git") == ["pp: git vouched for 5 of 6 files whose stat moved"]
    else:
        assert trace(result, "pp: git") == []


def test_bytes_of_another_size_than_the_blob_are_read_whatever_git_says(origin, tmp_path, in_process):
    """Local configuration can convert on checkout (core.autocrlf): git's blob then is not the bytes on disk."""
    in_process(origin, "list", "-f", "json")
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "-q", str(origin), str(clone)], check=True,
                   capture_output=True)
    subprocess.run(["git", "config", "core.autocrlf", "true"], cwd=clone, check=True, capture_output=True)
    for path in (clone / "data").rglob("*.yaml"):
        assert b"\r\n" in path.read_bytes()
    result = in_process(clone, "list", "-f", "json")
    assert trace(result, "pp: git") == ["pp: git vouched for 0 of 6 files whose stat moved"]


# -- folders git vouches for whole: taken without a look at their files (`sync._taken_whole`) --


@pytest.fixture
def settled(origin, in_process):
    """The origin's files ten seconds old (not racy), so the index keeps each folder's digests after a run."""
    for path in (origin / "data").rglob("*.yaml"):
        old = path.stat()
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))
    return in_process(origin, "list", "-f", "json")


def test_in_a_fresh_clone_folders_whose_files_all_hold_what_the_index_kept_are_taken_whole(
        origin, settled, tmp_path, in_process, monkeypatch):
    from pp_cli import sync as sync_module
    from pp_cli.cache import Cache

    clone = clone_of(origin, tmp_path)
    monkeypatch.setattr(sync_module, "content_hash", lambda raw: pytest.fail("a file was hashed again"))
    monkeypatch.setattr(Cache, "files_in", lambda self, keys: pytest.fail(f"the stored stats of {keys} were read")
                        if keys else {})
    again = in_process(clone, "list", "-f", "json")
    assert again.stdout == settled.stdout
    assert trace(again, "pp: git") == ["pp: git vouched for 0 of 0 files whose stat moved, "
                                       "and for every file of 4 of 4 folders"]
    assert trace(again, "pp: parsed") == ["pp: parsed 0 of 0 files"]


@pytest.mark.parametrize("how", ["edited", "untracked", "deleted", "converted"])
def test_a_folder_with_a_file_git_cannot_vouch_for_is_looked_at_file_by_file(origin, settled, tmp_path, in_process,
                                                                             how):
    clone = clone_of(origin, tmp_path)
    person = clone / "data/prisoners/zaur-quliyev.yaml"
    if how == "edited":  # the same size and mtime: only git can tell
        stamp = person.stat()
        person.write_text(person.read_text(encoding="utf-8").replace("Quliyev", "Quliyan"), encoding="utf-8")
        os.utime(person, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    elif how == "untracked":  # a file git does not know, beside files it does
        (clone / "data/prisoners/zaur-quliyan.yaml").write_text(
            person.read_text(encoding="utf-8").replace("zaur-quliyev", "zaur-quliyan").replace("Quliyev", "Quliyan"),
            encoding="utf-8")
    elif how == "deleted":
        person.unlink()
    else:  # converted on checkout: the blob git vouches for, in bytes of another size
        subprocess.run(["git", "config", "core.autocrlf", "true"], cwd=clone, check=True, capture_output=True)
        person.unlink()
        subprocess.run(["git", "checkout", "--", "data/prisoners/zaur-quliyev.yaml"], cwd=clone, check=True,
                       capture_output=True)
        assert b"\r\n" in person.read_bytes()
    result = in_process(clone, "list", "-f", "json")
    assert trace(result, "pp: git")[0].endswith("and for every file of 3 of 4 folders")  # not data/prisoners
    assert ("Zaur Quliyan" in result.stdout) is (how in ("edited", "untracked"))
    assert ("Zaur Quliyev" in result.stdout) is (how not in ("edited", "deleted"))
    fresh = in_process(clone, "--no-cache", "list", "-f", "json")
    assert (result.exit_code, result.stdout) == (fresh.exit_code, fresh.stdout)


def test_an_edit_after_a_folder_was_taken_whole_is_seen(origin, settled, tmp_path, in_process):
    """A folder taken whole keeps its files' stored stats from the other clone: the next change there hashes them."""
    clone = clone_of(origin, tmp_path)
    in_process(clone, "list", "-f", "json")
    person = clone / "data/prisoners/zaur-quliyev.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("Quliyev", "Quliyeff"), encoding="utf-8")
    result = in_process(clone, "list", "-f", "json")
    assert "Zaur Quliyeff" in result.stdout
    assert trace(result, "pp: parsed") == ["pp: parsed 1 of 3 files"]
