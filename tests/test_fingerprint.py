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
