"""The cache is not a trusted input: nothing a repository carries can change an answer, slow pp, or make it write
outside its cache folder (issue 9)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from pp_cli.cache import DISABLE_VAR, FILENAME
from pp_cli.cachedir import location


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    monkeypatch.delenv(DISABLE_VAR, raising=False)


def git(root, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture
def base(kb):
    """One detained person, one broken file: the true answers every test expects."""
    kb.prisoner("ali-aliyev", "Ali Aliyev")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev"])
    kb.write("data/prisoners/broken.yaml", "id: broken\nname: [oops\n")
    return kb


def answers(run, kb, *options: str) -> tuple[list[str], int, str]:
    listed = run(kb, *options, "list", "--status", "released", "-f", "json")
    checked = run(kb, *options, "validate")
    return [row["id"] for row in json.loads(listed.stdout)], checked.exit_code, checked.stdout + checked.stderr


def true_answers(out: tuple[list[str], int, str]) -> bool:
    released, code, report = out
    return released == [] and code == 1 and "broken.yaml" in report


def hostile_db(path, *statements: str) -> None:
    """A database made to lie: pp's tables with triggers that rewrite what pp stores, and more."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
                            data TEXT, problems TEXT NOT NULL);
        CREATE TABLE snapshots (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value TEXT NOT NULL);
        CREATE TABLE snapshot_items (name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                                     PRIMARY KEY (name, key));
        CREATE TRIGGER lie_files AFTER INSERT ON files BEGIN
            UPDATE files SET data = NULL, problems = '[]' WHERE path = NEW.path; END;
        CREATE TRIGGER lie_rows AFTER INSERT ON snapshot_items BEGIN
            UPDATE snapshot_items SET value = replace(NEW.value, 'detained', 'released')
            WHERE name = NEW.name AND key = NEW.key; END;
    """)
    for statement in statements:
        db.executescript(statement)
    db.commit()
    db.close()


def test_a_committed_cache_in_the_repository_is_never_read(run, base):
    hostile_db(base.root / ".pp-cache" / FILENAME)
    git(base.root, "init", "-q")
    git(base.root, "add", "-A", "-f")
    git(base.root, "commit", "-qm", "a pull request that carries a cache")
    assert true_answers(answers(run, base))
    assert true_answers(answers(run, base))  # and again, warm


def test_a_cache_folder_tracked_by_git_is_refused(run, base, monkeypatch):
    hostile_db(base.root / ".pp-cache" / FILENAME)
    git(base.root, "init", "-q")
    git(base.root, "add", "-A", "-f")
    git(base.root, "commit", "-qm", "cache committed")
    monkeypatch.setenv("PP_CACHE_DIR", str(base.root / ".pp-cache"))
    before = (base.root / ".pp-cache" / FILENAME).read_bytes()
    out = answers(run, base)
    assert true_answers(out)
    result = run(base, "list")
    assert "not using the cache" in result.stderr and "tracked by git" in result.stderr
    assert (base.root / ".pp-cache" / FILENAME).read_bytes() == before  # a tracked file is never touched


def test_a_database_with_triggers_in_the_cache_folder_is_discarded(run, base):
    run(base, "list")  # pp makes its cache
    path = location(base.root) / FILENAME
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TRIGGER lie AFTER INSERT ON snapshot_items BEGIN
            UPDATE snapshot_items SET value = replace(NEW.value, 'detained', 'released')
            WHERE name = NEW.name AND key = NEW.key; END;
        DELETE FROM snapshots;
    """)
    db.close()
    assert true_answers(answers(run, base))
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone() == (0,)
    db.close()


def test_a_slow_view_in_place_of_a_table_does_not_hang(base, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    db = sqlite3.connect(folder / FILENAME)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE VIEW files AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
            SELECT 'x' AS path, i AS mtime_ns, 0 AS size, NULL AS data, '[]' AS problems FROM n;
        CREATE TABLE snapshots (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value TEXT NOT NULL);
        CREATE TABLE victims (x); CREATE TRIGGER slow BEFORE DELETE ON victims BEGIN
            SELECT count(*) FROM files; END;
    """)
    db.close()
    env = {**os.environ, "PP_CACHE_DIR": str(folder), "PP_DATA": str(base.root)}
    env.pop(DISABLE_VAR, None)
    done = subprocess.run([sys.executable, "-m", "pp_cli", "list", "-f", "json"], env=env,
                          capture_output=True, timeout=60, text=True)
    assert done.returncode == 0 and [row["id"] for row in json.loads(done.stdout)] == ["ali-aliyev"]


def test_a_cache_folder_that_is_a_symbolic_link_is_not_followed(run, base, tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (base.root / ".pp-cache").symlink_to(outside, target_is_directory=True)
    monkeypatch.setenv("PP_CACHE_DIR", str(base.root / ".pp-cache"))
    assert true_answers(answers(run, base))
    assert list(outside.iterdir()) == []
    monkeypatch.setenv("PP_CACHE_DIR", str(base.root / ".pp-cache" / "deeper"))  # a link on the way
    assert true_answers(answers(run, base))
    assert list(outside.iterdir()) == []


def test_linked_database_files_are_removed_never_written_through(run, base, tmp_path, monkeypatch):
    victim = tmp_path / "someone-elses.sqlite"
    db = sqlite3.connect(victim)
    db.executescript("CREATE TABLE files (path TEXT); INSERT INTO files VALUES ('precious');"
                     "CREATE TABLE snapshots (name TEXT); INSERT INTO snapshots VALUES ('precious');")
    db.close()
    before = victim.read_bytes()
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("PP_CACHE_DIR", str(folder))
    for name in (FILENAME, f"{FILENAME}-wal", f"{FILENAME}-shm"):
        (folder / name).symlink_to(victim)
    (folder / ".gitignore").symlink_to(tmp_path / "not-made")
    assert true_answers(answers(run, base))
    assert victim.read_bytes() == before
    assert not (tmp_path / "not-made").exists()
    assert not (folder / FILENAME).is_symlink()


def test_a_hard_linked_database_is_left_to_its_owner(run, base, tmp_path, monkeypatch):
    victim = tmp_path / "someone-elses.sqlite"
    db = sqlite3.connect(victim)
    db.executescript("CREATE TABLE snapshots (name TEXT); INSERT INTO snapshots VALUES ('precious');")
    db.close()
    before = victim.read_bytes()
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.link(victim, folder / FILENAME)
    monkeypatch.setenv("PP_CACHE_DIR", str(folder))
    assert true_answers(answers(run, base))
    assert victim.read_bytes() == before


def test_a_cache_folder_inside_data_is_refused(run, base, monkeypatch):
    monkeypatch.setenv("PP_CACHE_DIR", str(base.root / "data" / "cache"))
    result = run(base, "list")
    assert result.exit_code == 0 and "inside data/" in result.stderr


def test_a_cache_folder_writable_by_others_is_refused(run, base, tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("PP_CACHE_DIR", str(folder))
    result = run(base, "list")
    assert result.exit_code == 0 and "writable by other users" in result.stderr
    assert list(folder.iterdir()) == []


def test_an_in_repository_cache_folder_is_ignored_by_git(run, base, monkeypatch):
    monkeypatch.setenv("PP_CACHE_DIR", str(base.root / ".pp-cache"))
    git(base.root, "init", "-q")
    run(base, "list")
    status = subprocess.run(["git", "-C", str(base.root), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".pp-cache" not in status
