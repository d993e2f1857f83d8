"""The fingerprint that decides whether cached answers still hold: it moves with every record file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pp_cli import fingerprint
from pp_cli.fingerprint import tree_fingerprint


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel in ("data/prisoners/a.yaml", "data/prisoners/b.yaml", "data/events/2016/e.yaml",
                "data/organizations/o.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("id: x\n", encoding="utf-8")
    return tmp_path


@pytest.fixture(params=["one process", "two processes"])
def split(request, monkeypatch) -> None:
    """Every test runs with the tree digested here alone and split with a forked child."""
    monkeypatch.setattr(fingerprint, "FORK_FROM", 0 if request.param == "two processes" else 10**12)


def test_unchanged_tree_gives_the_same_fingerprint(tree, split):
    assert tree_fingerprint(tree) == tree_fingerprint(tree)


def test_one_process_and_two_agree(tree, monkeypatch):
    monkeypatch.setattr(fingerprint, "FORK_FROM", 10**12)
    alone = tree_fingerprint(tree)
    monkeypatch.setattr(fingerprint, "FORK_FROM", 0)
    assert tree_fingerprint(tree) == alone


@pytest.mark.parametrize("change", ["edit", "touch", "add", "remove", "rename", "new folder"])
def test_every_change_to_a_record_file_moves_it(tree, split, change):
    before = tree_fingerprint(tree)
    path = tree / "data/events/2016/e.yaml"
    if change == "edit":
        path.write_text("id: y\nname: longer\n", encoding="utf-8")
    elif change == "touch":
        os.utime(path, ns=(1, 1))
    elif change == "add":
        (tree / "data/prisoners/c.yaml").write_text("id: c\n", encoding="utf-8")
    elif change == "remove":
        path.unlink()
    elif change == "rename":
        path.rename(path.with_name("f.yaml"))
    else:
        (tree / "data/events/2017").mkdir()
        (tree / "data/events/2017/g.yaml").write_text("id: g\n", encoding="utf-8")
    assert tree_fingerprint(tree) != before


def test_files_pp_never_reads_do_not_move_it(tree, split):
    before = tree_fingerprint(tree)
    (tree / "data/events/notes.txt").write_text("scratch\n", encoding="utf-8")
    (tree / "data/.hidden").mkdir()
    (tree / "data/.hidden/x.yaml").write_text("id: x\n", encoding="utf-8")
    assert tree_fingerprint(tree) == before


def test_a_linked_folder_is_not_followed(tree, split, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "z.yaml").write_text("id: z\n", encoding="utf-8")
    (tree / "data/events/linked").symlink_to(outside, target_is_directory=True)
    before = tree_fingerprint(tree)
    (outside / "z.yaml").write_text("id: zz, changed\n", encoding="utf-8")
    assert tree_fingerprint(tree) == before


def test_without_stat_relative_to_a_folder_the_fingerprint_is_the_same(tree, monkeypatch):
    """Windows has no dir_fd: full paths are stat-ed instead, to the same result."""
    relative = tree_fingerprint(tree)
    monkeypatch.setattr(fingerprint, "_RELATIVE_STAT", False)
    assert tree_fingerprint(tree) == relative
    (tree / "data/prisoners/a.yaml").write_text("id: a\nname: changed\n", encoding="utf-8")
    assert tree_fingerprint(tree) != relative


# --------------------------------------------------------------------------- buckets of a large folder (issue 13)


@pytest.fixture
def large(tmp_path: Path, monkeypatch) -> Path:
    """A folder of 40 people, split into buckets of at most 5 (as 50,000 people's is, of at most 1,024)."""
    monkeypatch.setattr(fingerprint, "BUCKET_FILES", 5)
    folder = tmp_path / "data/prisoners"
    folder.mkdir(parents=True)
    for n in range(40):
        (folder / f"person-{n:02d}.yaml").write_text(f"id: person-{n:02d}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a record\n", encoding="utf-8")
    return tmp_path


def test_a_large_folder_is_digested_bucket_by_bucket_and_each_file_has_one_key(large, split):
    seen = fingerprint.Fingerprint(large)
    seen.value()
    assert seen.buckets == {"data/prisoners": 8}
    keys = {fingerprint.key_of(f"data/prisoners/person-{n:02d}.yaml", seen.buckets) for n in range(40)}
    buckets = {k for k in seen.folders if k.startswith("data/prisoners//")}
    assert keys <= buckets and len(buckets) == 8 and len(keys) > 4
    looked = fingerprint.look([(seen.items[seen.keys[next(iter(keys))][0]], 8, None)])
    assert {k: digest for k, (digest, _files) in looked.items()} == {k: seen.folders[k] for k in buckets}
    assert sorted(path for _d, files in looked.values() for path, *_ in files) == [
        f"data/prisoners/person-{n:02d}.yaml" for n in range(40)]


def test_an_edit_moves_only_its_buckets_digest(large, split):
    before = fingerprint.Fingerprint(large)
    before.value()
    path = large / "data/prisoners/person-07.yaml"
    path.write_text("id: person-07\nname: longer\n", encoding="utf-8")
    after = fingerprint.Fingerprint(large)
    assert after.value() != before.value()
    moved = {k for k in after.folders if after.folders[k] != before.folders.get(k)}
    assert moved == {fingerprint.key_of("data/prisoners/person-07.yaml", after.buckets)}


@pytest.fixture
def people(large, monkeypatch):
    """`large` with valid records, long unchanged (not racy), and a way to run pp on them."""
    from conftest import prisoner_yaml
    from typer.testing import CliRunner

    from pp_cli.cli import app

    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    for n in range(40):
        (large / f"data/prisoners/person-{n:02d}.yaml").write_text(
            prisoner_yaml(f"person-{n:02d}", f"Person {n:02d}", status="detained"), encoding="utf-8")
        os.utime(large / f"data/prisoners/person-{n:02d}.yaml", ns=(10**18, 10**18))
    runner = CliRunner()
    env = {"PP_DATA": str(large), "PP_TRACE": "1", "NO_COLOR": "1"}
    return large, lambda *args: runner.invoke(app, list(args), env=env)


def test_after_one_edit_in_a_large_folder_only_its_bucket_is_looked_into(people):
    large, pp = people
    first = pp("list", "-f", "tsv")
    assert first.exit_code == 0 and "pp: parsed 40 of 40 files" in first.stderr
    path = large / "data/prisoners/person-07.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("detained", "released"), encoding="utf-8")
    again = pp("list", "-f", "tsv")
    looked = [line for line in again.stderr.splitlines() if line.startswith("pp: parsed")]
    assert looked and looked[0].startswith("pp: parsed 1 of ") and int(looked[0].split()[4]) < 10
    assert first.stdout.count("\tdetained\t") == 40, first.output
    assert "person-07\tPerson 07\t\treleased" in again.stdout, again.output
    assert again.stdout == pp("--no-cache", "list", "-f", "tsv").stdout


@pytest.mark.parametrize("key", ["data/prisoners//99999999999999999999:8", "data/prisoners//3:7",
                                 "data/prisoners//1:3:4", "data/prisoners//x", "data/prisoners//2:8) OR (1"])
def test_keys_in_the_index_that_pp_never_made_hide_no_removed_file(people, key):
    """A restored or foreign index may hold any key: it can cost a look at a whole folder, never a ghost record."""
    import sqlite3

    from pp_cli.cachedir import location

    large, pp = people
    pp("list", "-f", "tsv")
    db = sqlite3.connect(location(large) / "index.sqlite")
    with db:
        db.execute("INSERT INTO folders VALUES (?, 'stat', 'content', '')", (key,))
    db.close()
    (large / "data/prisoners/person-07.yaml").unlink()
    (large / "data/prisoners/person-08.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    after = pp("list", "-f", "tsv")
    assert after.exit_code == 0 and "person-07" not in after.stdout and "person-08" not in after.stdout
    assert after.stdout == pp("--no-cache", "list", "-f", "tsv").stdout
