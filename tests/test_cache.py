"""The derived index in the cache folder: used when files are unchanged, never trusted when it is not."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

import pp_cli.records
from pp_cli.cache import DISABLE_VAR
from pp_cli.cachedir import location


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    monkeypatch.delenv(DISABLE_VAR, raising=False)


@pytest.fixture
def parsed(monkeypatch):
    """Paths parsed from YAML during the test."""
    seen: list[str] = []
    real = pp_cli.records.read_yaml

    def spy(root, relpath, raw=None):
        seen.append(relpath)
        return real(root, relpath, raw)

    monkeypatch.setattr(pp_cli.records, "read_yaml", spy)
    return seen


def ids(result) -> list[str]:
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.fixture
def two(kb):
    kb.prisoner("ali-aliyev", "Ali Aliyev", status="detained")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev")
    kb.event("2015-12-zaur-arrested", "2015-12", "arrest", ["zaur-quliyev"])
    return kb


def test_a_second_run_parses_nothing(run, two, parsed):
    first = run(two, "list", "-f", "json")
    assert len(parsed) == 3
    parsed.clear()
    assert run(two, "list", "-f", "json").stdout == first.stdout
    assert run(two, "show", "Ali Aliyev", "-f", "json").exit_code == 0
    assert parsed == []


def test_search_answers_the_same_from_its_index(run, two, parsed):
    first = run(two, "search", "Quliyev", "-f", "json")
    again = run(two, "search", "Quliyev", "-f", "json")
    assert first.exit_code == again.exit_code == 0
    assert again.stdout == first.stdout and "zaur-quliyev" in again.stdout
    assert run(two, "search", "Qul", "--kind", "event", "-f", "json").stdout.count('"kind": "event"') == 1
    assert run(two, "search", "nobody-like-this").exit_code == 1


def test_only_a_changed_file_is_parsed_again(run, two, parsed):
    run(two, "list", "-f", "json")
    parsed.clear()
    two.prisoner("ali-aliyev", "Ali Aliyev", status="released", summary="changed")
    rows = json.loads(run(two, "list", "-f", "json").stdout)
    assert parsed == ["data/prisoners/ali-aliyev.yaml"]
    assert rows[0]["status"] == "released"


def test_validate_keeps_its_findings_until_a_file_changes(run, two, parsed, monkeypatch):
    import pp_cli.checks

    checked: list[int] = []
    real = pp_cli.checks.findings_by_owner
    monkeypatch.setattr(pp_cli.checks, "findings_by_owner", lambda kb, **kw: checked.append(1) or real(kb, **kw))
    first = run(two, "validate", "--format", "json")
    assert run(two, "validate", "--format", "json").stdout == first.stdout
    assert checked == [1] and len(parsed) == 3
    two.prisoner("ali-aliyev", "Ali Aliyev", status="TODO")
    changed = run(two, "validate", "--format", "json")
    assert changed.exit_code == 1 and "`TODO` is not an allowed value" in changed.stdout
    assert checked == [1, 1]


def test_stats_keeps_its_figures_until_a_file_changes(run, two, monkeypatch):
    import pp_cli.stats

    computed: list[int] = []
    real = pp_cli.stats.compute_from
    monkeypatch.setattr(pp_cli.stats, "compute_from", lambda *a, **kw: computed.append(1) or real(*a, **kw))
    first = run(two, "stats", "--format", "json")
    assert run(two, "stats", "--format", "json").stdout == first.stdout and computed == [1]
    run(two, "stats", "--status", "detained", "--format", "json")  # filtered: computed each time
    assert computed == [1, 1]
    two.prisoner("bahar-mammadli", "Bahar Məmmədli", status="detained")
    assert json.loads(run(two, "stats", "--format", "json").stdout)["people"] == 3 and computed == [1, 1, 1]


def test_stats_keeps_its_figures_through_an_edit_that_changes_none_of_the_rows_they_count(run, two, monkeypatch):
    """A reworded summary changes no count: the kept figures stand. A new status changes them: counted again."""
    import pp_cli.stats

    computed: list[int] = []
    real = pp_cli.stats.compute_from
    monkeypatch.setattr(pp_cli.stats, "compute_from", lambda *a, **kw: computed.append(1) or real(*a, **kw))
    first = run(two, "stats", "--format", "json").stdout
    two.prisoner("ali-aliyev", "Ali Aliyev", status="detained", summary="A reworded summary.")
    assert run(two, "search", "reworded").exit_code == 0  # the edit reached the other rows
    assert run(two, "stats", "--format", "json").stdout == first and computed == [1]
    two.prisoner("ali-aliyev", "Ali Aliyev", status="released", summary="A reworded summary.")
    after = json.loads(run(two, "stats", "--format", "json").stdout)
    assert computed == [1, 1] and after["headline"]["detained"] == json.loads(first)["headline"]["detained"] - 1
    assert after == json.loads(run(two, "--no-cache", "stats", "--format", "json").stdout)


def test_an_answer_that_reads_more_rows_than_it_names_is_stamped_by_every_file(two):
    """`View.remember` with `rows=`: reading another kind (or the records) stamps the answer by content."""
    from pp_cli.snapshots import View

    view = View(two.root)
    assert view.remember("answer", lambda: len(view.people()) + len(view.rows_of("yearly")), rows=("people",)) == 3
    assert view.cache.snapshot("answer")[0] == view.stamp
    assert view.remember("other", lambda: len(view.people()), rows=("people",)) == 2
    assert view.cache.snapshot("other")[0].startswith(f"{view.prefix}rows:people@")
    view.remember("outer", lambda: view.remember("inner", lambda: len(view.rows_of("yearly"))) + len(view.people()),
                  rows=("people",))  # what an answer computed meanwhile read, the outer one read too
    assert view.cache.snapshot("outer")[0] == view.stamp


def test_parse_results_that_vanish_meanwhile_are_parsed_again(run, two, parsed, monkeypatch):
    from pp_cli.cache import Cache

    first = run(two, "list", "-f", "json").stdout
    with (two.root / "data/prisoners/ali-aliyev.yaml").open("a") as handle:  # one file changed: the rest cached
        handle.write("# edited\n")

    def vanished(self, paths):  # another pp emptied the cache between our two reads
        raise LookupError(paths[0])
        yield

    monkeypatch.setattr(Cache, "results", vanished)
    parsed.clear()
    assert run(two, "list", "-f", "json").stdout == first
    assert sorted(set(parsed)) == ["data/events/2015/2015-12-zaur-arrested.yaml", "data/prisoners/ali-aliyev.yaml",
                                   "data/prisoners/zaur-quliyev.yaml"]


def test_answers_reused_before_the_files_are_checked_are_never_shown_stale(run, two):
    """list, show and search reuse stored answers while the stat runs; a change must still win."""
    run(two, "list", "-f", "json")
    run(two, "show", "Ali Aliyev", "-f", "json")
    assert run(two, "search", "Quliyev").exit_code == 0
    assert run(two, "search", "Bahar").exit_code == 1
    two.prisoner("ali-aliyev", "Ali Aliyev", status="released", status_as_of='"2017-01-02"')
    two.prisoner("bahar-mammadli", "Bahar Məmmədli")
    assert [r["status"] for r in json.loads(run(two, "list", "-f", "json").stdout)][0] == "released"
    assert json.loads(run(two, "show", "Ali Aliyev", "-f", "json").stdout)["status"]["status"] == "released"
    found = run(two, "search", "Bahar", "-f", "json")  # no match in the stored index; found after the check
    assert found.exit_code == 0 and "bahar-mammadli" in found.stdout
    (two.root / "data/prisoners/bahar-mammadli.yaml").unlink()
    gone = run(two, "show", "Bahar Məmmədli")
    assert gone.exit_code == 1 and "Bahar" not in gone.stdout


def test_answers_stored_at_different_moments_that_do_not_fit_are_computed_afresh(run, two):
    """A stale name index names someone whom a newer files index no longer has: no crash, a fresh answer."""
    from pathlib import Path

    from pp_cli.snapshots import View

    View(Path(two.root)).exact_candidates("Ali Aliyev")  # the name index, as things are now
    (two.root / "data/prisoners/ali-aliyev.yaml").unlink()
    newer = View(Path(two.root))
    newer.cache.store_snapshot_items("files_of", newer.stamp, {"*organizations": []})
    newer.cache.close()
    result = run(two, "show", "Ali Aliyev")
    assert result.exit_code == 1 and "Traceback" not in result.output and "internal" not in result.output


def test_a_bad_file_is_warned_about_once_when_answers_are_reused(run, two):
    two.write("data/prisoners/broken.yaml", "id: broken\nname: [oops\n")
    run(two, "list")
    result = run(two, "list", "-f", "json")
    assert result.stderr.count("broken.yaml") == 1


def test_added_and_removed_files_are_noticed(run, two):
    run(two, "list")
    two.prisoner("bahar-mammadli", "Bahar Məmmədli")
    (two.root / "data/prisoners/zaur-quliyev.yaml").unlink()
    assert ids(run(two, "list", "-f", "json")) == ["ali-aliyev", "bahar-mammadli"]


def test_a_file_that_breaks_is_reported_even_when_cached(run, two):
    run(two, "list")
    two.write("data/prisoners/ali-aliyev.yaml", "id: ali-aliyev\nname: [broken\n")
    result = run(two, "list", "-f", "json")
    assert ids(result) == ["zaur-quliyev"] and "ali-aliyev.yaml" in result.stderr
    second = run(two, "list", "-f", "json")
    assert ids(second) == ["zaur-quliyev"] and "ali-aliyev.yaml" in second.stderr


def test_a_corrupt_cache_is_rebuilt(run, two):
    first = run(two, "list", "-f", "json").stdout
    cache = location(two.root) / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        if os.path.exists(str(cache) + suffix):
            os.unlink(str(cache) + suffix)
    cache.write_bytes(b"this is not a database" * 100)
    result = run(two, "list", "-f", "json")
    assert result.exit_code == 0 and result.stdout == first


def test_rows_the_index_cannot_decode_are_answered_from_the_records(run, two):
    first = {cmd: run(two, *cmd, "-f", "json").stdout for cmd in (("list",), ("stats",), ("show", "Zaur Quliyev"))}
    db = sqlite3.connect(location(two.root) / "index.sqlite")
    db.execute("UPDATE rows SET value = '{\"id\": ' WHERE owner = 'zaur-quliyev'")
    db.commit()
    db.close()
    for cmd, out in first.items():
        result = run(two, *cmd, "-f", "json")
        assert result.exit_code == 0 and result.stdout == out, cmd


def test_a_cache_of_another_format_is_not_trusted(run, two):
    run(two, "list")
    db = sqlite3.connect(location(two.root) / "index.sqlite")
    db.execute("UPDATE meta SET value = 'older' WHERE key = 'format'")
    db.execute("UPDATE snapshots SET value = '[]'")
    db.execute("UPDATE snapshot_items SET value = '[]'")
    db.commit()
    db.close()
    assert ids(run(two, "list", "-f", "json")) == ["ali-aliyev", "zaur-quliyev"]


def test_the_cache_can_be_deleted_or_bypassed(run, two, parsed):
    run(two, "list")
    import shutil

    shutil.rmtree(location(two.root))
    assert ids(run(two, "list", "-f", "json")) == ["ali-aliyev", "zaur-quliyev"]
    parsed.clear()
    assert ids(run(two, "--no-cache", "list", "-f", "json")) == ["ali-aliyev", "zaur-quliyev"]
    assert len(parsed) == 3


def test_no_cache_leaves_no_cache_folder(run, two):
    run(two, "--no-cache", "list")
    assert not (location(two.root)).exists()


def test_a_read_only_knowledge_base_still_answers(run, two):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    two.root.chmod(0o555)
    try:
        assert ids(run(two, "list", "-f", "json")) == ["ali-aliyev", "zaur-quliyev"]
    finally:
        two.root.chmod(0o755)


def test_two_processes_at_once_agree(two):
    for i in range(40):
        two.prisoner(f"person-{i}", f"Person {i}")
    env = {**os.environ, "PP_DATA": str(two.root)}
    env.pop(DISABLE_VAR, None)
    command = [sys.executable, "-m", "pp_cli", "list", "-f", "json"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _out, err in outputs]
    assert len({out for out, _err in outputs}) == 1
    assert len(json.loads(outputs[0][0])) == 42


WARM_COMMANDS = [("list", "--status", "detained"), ("show", "Ali Aliyev"), ("search", "Quliyev"), ("stats",),
                 ("timeline", "--person", "Ali Aliyev"), ("validate",)]
IMPORTS_OF = """import sys
try:
    from pp_cli.cli import main
    main()
finally:
    print("imported:", *sorted(m for m in ("pydantic", "pp_cli.models", "yaml") if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args", WARM_COMMANDS, ids=lambda a: a[0])
def test_a_warm_answer_imports_neither_the_models_nor_yaml(two, tmp_path, args):
    """Warm answers come from the index: pydantic and the models (a quarter of a second) are for runs that validate."""
    env = {**os.environ, "PP_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop(DISABLE_VAR, None)
    env.pop("PP_DATA", None)
    command = [sys.executable, "-c", IMPORTS_OF, "--data", str(two.root), *args]
    for path in (two.root / "data").rglob("*.yaml"):  # not changed in the last two seconds: its stat is believed
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    for _ in range(2):  # the first run builds the index
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr.splitlines()[-1] == "imported:", (args, done.stderr)
