"""`pp diff`: what a git range changed, in the data's terms, for reviewers."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.conftest import KB
from tests.gitrepo import Repo, new_repo


@pytest.fixture
def repo(kb: KB, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return new_repo(kb, monkeypatch)


def base_kb(kb: KB) -> None:
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", status="detained", status_as_of='"2016-05-26"', roles="[journalist]")
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.org("nida", "N!DA")
    kb.event("2016-05-10-arrest", "2016-05-10", "arrest", ["ana-aliyeva"])  # a bare arrest: no "pretrial" detail


def diff_json(run, kb: KB, *args: str) -> dict:
    result = run(kb, "diff", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def changes(doc: dict) -> list[tuple[str, str, str]]:
    return [(r["kind"], r["change"], r["id"]) for r in doc["records"]]


def branch_with_changes(repo: Repo) -> str:
    """main holds the base knowledge base; the working tree of `feature` changes it."""
    kb = repo.kb
    base_kb(kb)
    sha = repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", status="released", status_as_of='"2016-06-02"',
                roles="[journalist, blogger]")
    kb.event("2016-06-01-release", "2016-06-01", "release", ["ana-aliyeva"])
    kb.prisoner("rasul-jafarov", "Rasul Jafarov", roles="[human_rights_defender]")
    (kb.root / "data/prisoners/leyla-yunus.yaml").unlink()
    return sha


def test_the_default_compares_the_branch_with_main_in_the_datas_terms(run, repo):
    sha = branch_with_changes(repo)
    result = run(repo.kb, "diff")
    assert result.exit_code == 0
    assert result.stdout == (
        f"pp diff: main (merge base {sha}) → working tree\n"
        "1 person added, 1 person removed, 1 person changed, 1 event added; 1 status change\n"
        "\n"
        "Status changes\n"
        "  Ana Aliyeva (ana-aliyeva): detained as of 2016-05-26 → released as of 2016-06-02"
        "  [2016-06-01-release]\n"
        "\n"
        "People\n"
        "  ~ Ana Aliyeva (ana-aliyeva)  data/prisoners/ana-aliyeva.yaml\n"
        "      roles: + blogger\n"
        "      status: detained → released\n"
        "      status_as_of: 2016-05-26 → 2016-06-02\n"
        "  - Leyla Yunus (leyla-yunus) removed  data/prisoners/leyla-yunus.yaml\n"
        "  + Rasul Jafarov (rasul-jafarov)  data/prisoners/rasul-jafarov.yaml\n"
        "      unknown · human_rights_defender · 1 source\n"
        "\n"
        "Events\n"
        "  + 2016-06-01 release: release of ana-aliyeva (2016-06-01-release)"
        "  data/events/2016/2016-06-01-release.yaml\n"
        "      people: ana-aliyeva · 1 source\n"
    )


def test_markdown_is_ready_for_a_pull_request(run, repo):
    sha = branch_with_changes(repo)
    result = run(repo.kb, "diff", "--format", "markdown")
    assert result.stdout == (
        f"### pp diff: main (merge base {sha}) → working tree\n"
        "\n"
        "**1 person added, 1 person removed, 1 person changed, 1 event added; 1 status change**\n"
        "\n"
        "#### Status changes\n"
        "\n"
        "| Person | Before | After | Deciding event |\n"
        "| --- | --- | --- | --- |\n"
        "| Ana Aliyeva (`ana-aliyeva`) | detained, as of 2016-05-26 | released, as of 2016-06-02 "
        "| `2016-06-01-release` |\n"
        "\n"
        "#### People\n"
        "\n"
        "- **changed**: Ana Aliyeva (`ana-aliyeva`)\n"
        "  - `roles`: + blogger\n"
        "  - `status`: detained → released\n"
        "  - `status_as_of`: 2016-05-26 → 2016-06-02\n"
        "- **removed**: Leyla Yunus (`leyla-yunus`)\n"
        "- **added**: Rasul Jafarov (`rasul-jafarov`) — unknown · human\\_rights\\_defender · 1 source\n"
        "\n"
        "#### Events\n"
        "\n"
        "- **added**: 2016-06-01 release: release of ana-aliyeva (`2016-06-01-release`) — people: ana-aliyeva · "
        "1 source\n"
    )


def test_json_gives_every_change_with_old_and_new_values(run, repo):
    branch_with_changes(repo)
    doc = diff_json(run, repo.kb)
    assert changes(doc) == [
        ("prisoners", "changed", "ana-aliyeva"), ("prisoners", "removed", "leyla-yunus"),
        ("prisoners", "added", "rasul-jafarov"), ("events", "added", "2016-06-01-release"),
    ]
    fields = {f["field"]: f for f in doc["records"][0]["fields"]}
    assert (fields["status"]["old"], fields["status"]["new"]) == ("detained", "released")
    assert fields["roles"]["added"] == ["blogger"]
    assert doc["statuses"] == [{
        "id": "ana-aliyeva", "name": "Ana Aliyeva", "old": "detained", "old_as_of": "2016-05-26",
        "new": "released", "new_as_of": "2016-06-02", "event": "2016-06-01-release",
    }]


def test_a_revision_is_compared_with_the_working_tree(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    kb.event("2016-06-01-release", "2016-06-01", "release", ["ana-aliyeva"])
    repo.commit("release")
    kb.org("popular-front", "Popular Front", "party")  # not committed yet
    doc = diff_json(run, kb, "HEAD~1")
    assert doc["base"] == "HEAD~1" and doc["head"] == "working tree"
    assert changes(doc) == [("events", "added", "2016-06-01-release"), ("organizations", "added", "popular-front")]
    assert [s["new"] for s in doc["statuses"]] == ["released"]


def test_two_revisions_are_compared_with_each_other(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    kb.event("2016-06-01-release", "2016-06-01", "release", ["ana-aliyeva"])
    repo.commit("release")
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", status="released")  # uncommitted: not part of either
    (kb.root / "data/prisoners/leyla-yunus.yaml").unlink()
    doc = diff_json(run, kb, "HEAD~1", "HEAD")
    assert changes(doc) == [("events", "added", "2016-06-01-release")]
    assert [(s["old"], s["new"]) for s in doc["statuses"]] == [("detained", "released")]
    assert changes(diff_json(run, kb, "HEAD~1..HEAD")) == [("events", "added", "2016-06-01-release")]


def test_a_renamed_record_is_shown_as_a_rename(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    (kb.root / "data/prisoners/leyla-yunus.yaml").unlink()
    kb.prisoner("leyla-yunus-1955", "Leyla Yunus", former_ids="[leyla-yunus]")
    doc = diff_json(run, kb, "HEAD")
    assert [(r["change"], r["id"], r["old_id"], r["old_path"]) for r in doc["records"]] == [
        ("renamed", "leyla-yunus-1955", "leyla-yunus", "data/prisoners/leyla-yunus.yaml")
    ]
    assert [f["field"] for f in doc["records"][0]["fields"]] == ["id", "former_ids"]


def test_a_moved_event_keeps_its_identity(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    old = kb.root / "data/events/2016/2016-05-10-arrest.yaml"
    kb.write("data/events/2015/2016-05-10-arrest.yaml", old.read_text())
    old.unlink()
    doc = diff_json(run, kb, "HEAD")
    assert [(r["change"], r["path"], r["old_path"], r["fields"]) for r in doc["records"]] == [
        ("changed", "data/events/2015/2016-05-10-arrest.yaml", "data/events/2016/2016-05-10-arrest.yaml", [])
    ]


def test_changed_files_with_errors_are_listed(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    kb.write("data/prisoners/leyla-yunus.yaml", "id: leyla-yunus\nname: Leyla Yunus\ncountry: AZ\nstauts: x\n")
    result = run(kb, "diff", "HEAD")
    assert result.exit_code == 0
    assert "Changed files with errors (run `pp validate` on them)\n" \
           "  data/prisoners/leyla-yunus.yaml:4:1: PP101 unknown field `stauts`" in result.stdout


def test_a_change_to_comments_only_is_no_change_to_records(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    path = kb.root / "data/prisoners/leyla-yunus.yaml"
    path.write_text("# reviewed in June\n" + path.read_text())
    result = run(kb, "diff", "HEAD")
    assert result.stdout == (
        "pp diff: HEAD → working tree\nno changes to records (1 file(s) changed only in comments or layout)\n"
    )


def test_master_is_the_main_branch_when_there_is_no_main(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.git("checkout", "-q", "-b", "master")
    sha = repo.commit("base")
    repo.git("branch", "-q", "-D", "main") if "main" in repo.git("branch") else None
    repo.git("checkout", "-q", "-b", "feature")
    kb.org("popular-front", "Popular Front", "party")
    doc = diff_json(run, kb)
    assert doc["base"] == f"master (merge base {sha})"
    assert changes(doc) == [("organizations", "added", "popular-front")]


def test_without_a_main_branch_the_working_tree_is_compared_with_head(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.git("checkout", "-q", "-b", "work")
    repo.commit("base")
    kb.org("popular-front", "Popular Front", "party")
    doc = diff_json(run, kb)
    assert doc["base"] == "HEAD (no main or master branch found)"
    assert changes(doc) == [("organizations", "added", "popular-front")]


def test_in_a_repository_without_commits_everything_is_new(run, repo):
    base_kb(repo.kb)
    doc = diff_json(run, repo.kb)
    assert doc["base"] == "an empty repository"
    assert [c for _, c, _ in changes(doc)] == ["added"] * 4


def test_a_knowledge_base_in_a_subfolder_of_the_repository(run, kb, repo, tmp_path):
    outer = Repo(kb, top=kb.root.parent)
    subprocess.run(["rm", "-rf", str(kb.root / ".git")], check=True)
    outer.git("init", "-q", "-b", "main")
    (kb.root.parent / "README.md").write_text("notes\n")
    base_kb(kb)
    outer.commit("base")
    kb.org("popular-front", "Popular Front", "party")
    doc = diff_json(run, kb, "HEAD")
    assert [(r["id"], r["path"]) for r in doc["records"]] == [
        ("popular-front", "data/organizations/popular-front.yaml")
    ]


def test_new_then_diff_end_to_end(run, repo, monkeypatch):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "add-rasul")
    monkeypatch.chdir(kb.root)
    assert run(kb, "new", "prisoner", "Rasul Jafarov", "--source", "https://example.org/r").exit_code == 0
    unfilled = run(kb, "diff")
    assert "Changed files with errors" in unfilled.stdout
    path = kb.root / "data/prisoners/rasul-jafarov.yaml"
    text = path.read_text().replace("title: TODO", "title: Report").replace("publisher: TODO", "publisher: X")
    path.write_text(text.replace('published: "TODO"', 'published: "2016-05-26"').replace("TODO: ", ""))
    assert run(kb, "validate", "data/prisoners/rasul-jafarov.yaml").exit_code == 0
    doc = diff_json(run, kb)
    assert changes(doc) == [("prisoners", "added", "rasul-jafarov")]
    assert doc["records"][0]["facts"]["sources"] == 1


def test_markdown_escapes_record_text(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    kb.prisoner("x-y", "<img src=x onerror=alert(1)> | *x* [a](javascript:b)")
    out = run(kb, "diff", "HEAD", "--format", "markdown").stdout
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(javascript", out)
    assert "\\<img src=x onerror=alert(1)\\> \\| \\*x\\* \\[a\\](javascript:b)" in out


def test_not_a_git_repository_is_a_usage_error(run, kb):
    base_kb(kb)
    result = run(kb, "diff")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


@pytest.mark.parametrize("rev", ["no-such-branch", "--output=/tmp/x", "-p"])
def test_a_bad_revision_is_a_usage_error(run, repo, rev):
    base_kb(repo.kb)
    repo.commit("base")
    result = run(repo.kb, "diff", "--", rev)
    assert result.exit_code == 2
    assert rev in result.stderr


def test_every_diff_format_has_a_renderer():
    from pp_cli.diff_report import RENDERERS, DiffFormat

    assert set(RENDERERS) == set(DiffFormat)


def test_unrelated_history_is_a_usage_error_not_a_wrong_answer(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit("unrelated")
    result = run(kb, "diff")
    assert result.exit_code == 2
    assert "main and HEAD have no common history here" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_without_git_installed_the_error_says_so(run, kb, monkeypatch):
    base_kb(kb)
    monkeypatch.setenv("PATH", str(kb.root))  # no git here
    result = run(kb, "diff")
    assert result.exit_code == 2
    assert "git is not installed or not on PATH" in result.stderr


# --------------------------------------------------------------------------- files that did not load, and size


def test_deleting_files_that_were_invalid_at_the_base_is_reported_as_their_removal(run, repo):
    kb = repo.kb
    base_kb(kb)
    kb.write("data/prisoners/broken.yaml", "id: broken\nname: Broken Record\ncountry: AZ\nstauts: x\n")
    kb.write("data/prisoners/not-yaml.yaml", "id: [unclosed\n")
    kb.write("data/stray.yaml", "a: 1\n")
    repo.commit("base with invalid files")
    for name in ("data/prisoners/broken.yaml", "data/prisoners/not-yaml.yaml", "data/stray.yaml"):
        (kb.root / name).unlink()
    doc = diff_json(run, kb, "HEAD")
    assert [(r["change"], r["id"], r["label"], r["note"]) for r in doc["records"]] == [
        ("removed", "broken", "Broken Record", "it did not load at HEAD"),
        ("removed", "not-yaml", "not-yaml", "it did not load at HEAD"),
    ]
    assert doc["removed_files"] == ["data/stray.yaml"]
    assert doc["unchanged_files"] == []
    text = run(kb, "diff", "HEAD").stdout
    assert text.startswith("pp diff: HEAD → working tree\n2 people removed\n")
    assert "  - Broken Record (broken) removed  data/prisoners/broken.yaml\n      (it did not load at HEAD)\n" in text
    assert "comments or layout" not in text
    assert "Removed files that were not record files: data/stray.yaml" in text


def test_a_file_repaired_since_the_base_says_it_did_not_load_there(run, repo):
    kb = repo.kb
    base_kb(kb)
    kb.write("data/prisoners/broken.yaml", "id: broken\nname: Broken Record\ncountry: AZ\nstauts: x\n")
    repo.commit("base")
    kb.prisoner("broken", "Broken Record")
    doc = diff_json(run, kb, "HEAD")
    assert [(r["change"], r["id"], r["note"]) for r in doc["records"]] == [
        ("added", "broken", "it did not load at HEAD")
    ]


def test_a_bulk_import_diff_in_markdown_stays_under_the_limit_it_is_given(run, repo):
    kb = repo.kb
    base_kb(kb)
    repo.commit("base")
    for i in range(300):
        kb.prisoner(f"imported-{i}", f"Imported Person {i}", summary='"' + "A long summary. " * 20 + '"')
    out = run(kb, "diff", "HEAD", "--format", "markdown", "--max-bytes", "20000").stdout  # 300 people: ~45 kB
    assert len(out.encode()) <= 20_000
    shown = out.count("- **added**: ")
    assert 50 < shown < 300
    assert out.endswith(f"_Not shown here, to keep within --max-bytes 20,000: {300 - shown} "
                        "people. `pp diff` (or `--format json`) shows everything._\n")
    assert "**300 people added**" in out  # the headline still counts everything
    whole = run(kb, "diff", "HEAD", "--format", "markdown", "--max-bytes", "0").stdout
    assert whole.count("- **added**: ") == 300


def test_markdown_of_a_diff_the_size_of_a_bulk_import_is_cut_at_1_mib():
    from pp_cli import step_summary
    from pp_cli.diff_report import render_markdown
    from pp_cli.gitdiff import DataDiff, FieldChange, RecordChange, StatusChange

    diff = DataDiff("main (merge base 1a2b3c4)", "working tree")
    diff.statuses = [StatusChange(f"p-{i}", f"Person {i}", "detained", "2016", "released", "2020", None)
                     for i in range(5_000)]
    diff.records = [RecordChange("prisoners", "changed", f"p-{i}", f"Person {i}", f"data/prisoners/p-{i}.yaml",
                                 fields=[FieldChange("summary", "old text " * 10, "new text " * 10)])
                    for i in range(40_000)]
    diff.records += [RecordChange("events", "added", f"e-{i}", f"Event {i}", f"data/events/2020/e-{i}.yaml",
                                  facts={"date": "2020", "type": "arrest", "people": [f"p-{i}"], "sources": 1})
                     for i in range(20_000)]
    text = render_markdown(diff)
    assert len(render_markdown(diff, None).encode()) > 9_000_000  # what a bulk import makes in full
    assert len(text.encode()) <= step_summary.LIMIT
    shown_people = text.count("- **changed**: ")
    assert text.endswith(f"_Not shown here, to keep within the 1 MiB GitHub allows a job summary: "
                         f"{40_000 - shown_people:,} people, 20,000 events. `pp diff` (or `--format json`) "
                         "shows everything._\n")
    assert text.count("| Person ") == 5_000 + 1  # the status changes come first, whole
