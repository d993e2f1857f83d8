"""`pp validate --changed [BASE]`: what a pull request touches, judged against the whole knowledge base.

Each test builds a small knowledge base on `main` that already has findings
of its own (old warnings and an old error), branches, changes something, and
checks that only the change's findings are reported, and all of them.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import KB
from tests.gitrepo import Repo, new_repo

OLD_ERROR = "data/events/2015/2015-01-10-arrest.yaml"  # names a person nobody added: on main already


@pytest.fixture
def repo(kb: KB, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return new_repo(kb, monkeypatch)


def main_with_old_findings(repo: Repo) -> str:
    """main: three people with stale statuses, an event naming a missing person, a likely duplicate pair."""
    kb = repo.kb
    for pid, name in (("leyla-yunus", "Leyla Yunus"), ("arif-yunus", "Arif Yunus"), ("seymur-hazi", "Seymur Hazi")):
        kb.prisoner(pid, name, status="detained", status_as_of='"2016-05-26"')
    kb.prisoner("ilqar-mammadov", "Ilqar Məmmədov")
    kb.prisoner("rasul-jafarov", "Rasul Jafarov", former_ids="[rasul-cafarov]")
    kb.event("2015-01-10-arrest", "2015-01-10", "arrest", ["rasul-jafarov", "nobody-known"])
    kb.event("2016-05-10-arrest", "2016-05-10", "arrest", ["ilqar-mammadov"])
    sha = repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    return sha


def changed(run, kb: KB, *args: str) -> tuple[int, dict]:
    result = run(kb, "validate", "--changed", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def found(doc: dict) -> list[tuple[str, str]]:
    return [(p["code"], p["path"]) for p in doc["problems"]]


def test_a_pull_request_that_adds_one_person_gets_findings_about_that_person_only(run, repo):
    sha = main_with_old_findings(repo)
    repo.kb.prisoner("ana-aliyeva", "Ana Aliyeva", roles="[journalist]", stauts="detained")
    whole = run(repo.kb, "validate", "--format", "json", "--stale")
    assert len(json.loads(whole.stdout)["problems"]) >= 6  # the old findings are there
    result = run(repo.kb, "validate", "--changed")
    assert result.exit_code == 1
    assert result.stdout.startswith("data/prisoners/ana-aliyeva.yaml:5:1: error PP101: unknown field `stauts`\n")
    assert "leyla-yunus" not in result.stdout and OLD_ERROR not in result.stdout
    assert "stale" not in result.stdout  # not even summarised: they are not the change's
    assert result.stdout.endswith(
        f"1 file changed since main (merge base {sha}), checked against the whole knowledge base (8 files): "
        "1 error\n"
    )


def test_a_clean_change_passes_even_when_the_rest_has_errors(run, repo):
    main_with_old_findings(repo)
    repo.kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    exit_code, doc = changed(run, repo.kb)
    assert (exit_code, doc["problems"], doc["files"]) == (0, [], 1)
    assert doc["changed_since"].startswith("main (merge base ")
    assert run(repo.kb, "validate").exit_code == 1  # the whole knowledge base still has its old error


def test_a_new_person_who_duplicates_an_existing_one_is_reported_once_on_the_new_file(run, repo):
    main_with_old_findings(repo)
    repo.kb.prisoner("ilgar-mamedov", "Ilgar Mamedov")
    _, doc = changed(run, repo.kb)
    assert found(doc) == [("PP601", "data/prisoners/ilgar-mamedov.yaml")]
    assert doc["problems"][0]["related"] == ["data/prisoners/ilqar-mammadov.yaml"]


def test_an_event_that_names_a_person_who_does_not_exist(run, repo):
    main_with_old_findings(repo)
    repo.kb.event("2016-06-01-release", "2016-06-01", "release", ["ilqar-mamadov"])
    exit_code, doc = changed(run, repo.kb)
    assert exit_code == 1
    assert found(doc) == [("PP201", "data/events/2016/2016-06-01-release.yaml")]
    assert doc["problems"][0]["hint"] == "did you mean `ilqar-mammadov`?"


def test_deleting_a_person_that_events_still_name_is_a_finding_of_the_change(run, repo):
    main_with_old_findings(repo)
    (repo.kb.root / "data/prisoners/ilqar-mammadov.yaml").unlink()
    exit_code, doc = changed(run, repo.kb)
    assert exit_code == 1
    assert [(p["code"], p["path"], p["field"]) for p in doc["problems"]] == [
        ("PP201", "data/events/2016/2016-05-10-arrest.yaml", "people.0"),
    ]
    assert doc["files"] == 1  # the deleted file; the event is unchanged but involved


def test_a_committed_deletion_counts_too_and_the_old_error_beside_it_does_not(run, repo):
    main_with_old_findings(repo)
    (repo.kb.root / "data/prisoners/rasul-jafarov.yaml").unlink()
    repo.commit("remove rasul")
    _, doc = changed(run, repo.kb)
    assert [(p["code"], p["path"], p["field"]) for p in doc["problems"]] == [("PP201", OLD_ERROR, "people.0")]


def test_a_rename_leaves_references_to_the_former_id_as_warnings_of_the_change(run, repo):
    main_with_old_findings(repo)
    (repo.kb.root / "data/prisoners/ilqar-mammadov.yaml").unlink()
    repo.kb.prisoner("ilgar-mammadov", "Ilqar Məmmədov", former_ids="[ilqar-mammadov]")
    repo.git("add", "-A")  # staged, not committed
    exit_code, doc = changed(run, repo.kb)
    assert exit_code == 0
    assert [(p["code"], p["path"], p["severity"]) for p in doc["problems"]] == [
        ("PP203", "data/events/2016/2016-05-10-arrest.yaml", "warning"),
    ]


def test_reusing_an_id_that_is_an_existing_records_former_id(run, repo):
    main_with_old_findings(repo)
    repo.kb.prisoner("rasul-cafarov", "Rasul Cafarov Brother", born='"1990"')
    exit_code, doc = changed(run, repo.kb)
    assert exit_code == 1
    assert ("PP204", "data/prisoners/rasul-jafarov.yaml") in found(doc)
    assert [p for p in doc["problems"] if p["code"] == "PP204"][0]["related"] == ["data/prisoners/rasul-cafarov.yaml"]


def test_a_new_event_that_contradicts_a_persons_declared_status_is_reported_on_their_file(run, repo):
    main_with_old_findings(repo)
    repo.kb.event("2016-03-17-pardon", "2016-03-17", "pardon", ["seymur-hazi"])
    repo.kb.event("2016-04-01-release", "2016-04-01", "release", ["seymur-hazi"])
    _, doc = changed(run, repo.kb)
    codes = found(doc)
    # the new release makes his declared `detained` wrong; his old staleness is the change's too now
    assert ("PP401", "data/prisoners/seymur-hazi.yaml") in codes
    assert all(path.endswith(("seymur-hazi.yaml", "-pardon.yaml", "-release.yaml")) for _, path in codes), codes


def test_a_stale_person_the_change_touches_is_listed(run, repo):
    main_with_old_findings(repo)
    path = repo.kb.root / "data/prisoners/leyla-yunus.yaml"
    path.write_text(path.read_text().replace("country: AZ", "country: AZ\nroles: [human_rights_defender]"))
    result = run(repo.kb, "validate", "--changed")
    assert "data/prisoners/leyla-yunus.yaml:6:1: warning PP602: status `detained` was last confirmed" in result.stdout
    assert "arif-yunus" not in result.stdout and "seymur-hazi" not in result.stdout
    assert "--stale` lists them" not in result.stdout


def test_untracked_and_uncommitted_files_count_as_changed_and_an_unchanged_file_does_not(run, repo):
    main_with_old_findings(repo)
    repo.kb.prisoner("ana-aliyeva", "Ana Aliyeva", stauts="x")  # untracked
    repo.kb.prisoner("seymur-hazi", "Seymur Hazi", status="detained", status_as_of='"2016-05-26"')  # same bytes
    _, doc = changed(run, repo.kb)
    assert found(doc) == [("PP101", "data/prisoners/ana-aliyeva.yaml")]


def test_base_may_be_named(run, repo):
    main_with_old_findings(repo)
    repo.kb.prisoner("ana-aliyeva", "Ana Aliyeva", stauts="x")
    repo.commit("add ana")
    repo.kb.prisoner("bayram-mammadov", "Bayram Mammadov", stauts="x")
    _, since_head = changed(run, repo.kb, "HEAD")
    assert found(since_head) == [("PP101", "data/prisoners/bayram-mammadov.yaml")]
    assert since_head["changed_since"] == "HEAD"
    _, since_main = changed(run, repo.kb, "main...")
    assert [path for _, path in found(since_main)] == [
        "data/prisoners/ana-aliyeva.yaml", "data/prisoners/bayram-mammadov.yaml",
    ]


def test_no_change_says_so(run, repo):
    sha = main_with_old_findings(repo)
    result = run(repo.kb, "validate", "--changed")
    assert (result.exit_code, result.stdout) == (0, f"no record file changed since main (merge base {sha}): "
                                                    "no problems\n")


def test_github_base_ref_chooses_the_base_on_github(run, repo, monkeypatch):
    main_with_old_findings(repo)
    repo.git("checkout", "-q", "-b", "release")
    repo.kb.prisoner("ana-aliyeva", "Ana Aliyeva", stauts="x")
    repo.commit("on release")
    repo.git("checkout", "-q", "-b", "fix")
    repo.kb.prisoner("bayram-mammadov", "Bayram Mammadov", stauts="x")
    monkeypatch.setenv("GITHUB_BASE_REF", "release")
    _, doc = changed(run, repo.kb)
    assert found(doc) == [("PP101", "data/prisoners/bayram-mammadov.yaml")]


def test_a_knowledge_base_in_a_subfolder_of_the_repository(run, kb, monkeypatch):
    outer = new_repo(kb, monkeypatch, top=kb.root.parent)
    (kb.root.parent / "README.md").write_text("notes\n")
    kb.prisoner("ilqar-mammadov", "Ilqar Məmmədov")
    outer.commit("base")
    kb.prisoner("ilgar-mamedov", "Ilgar Mamedov")
    (kb.root.parent / "README.md").write_text("other notes\n")
    _, doc = changed(run, kb)
    assert found(doc) == [("PP601", "data/prisoners/ilgar-mamedov.yaml")]


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-branch"], "unknown revision `no-such-branch`"),
    (["-p"], "`-p` is not a revision"),
    (["data"], "with --changed, the argument is the git revision to compare with, not a PATH"),
    (["main", "HEAD"], "--changed takes one BASE revision, not PATHs"),
    (["main..feature"], "pp validate --changed checks the working tree against one revision"),
])
def test_a_bad_base_is_a_usage_error(run, repo, monkeypatch, args, message):
    main_with_old_findings(repo)
    monkeypatch.chdir(repo.kb.root)
    result = run(repo.kb, "validate", "--changed", "--", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_outside_git_is_a_usage_error(run, kb):
    kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    result = run(kb, "validate", "--changed")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert "pp validate --changed compares the working tree with a git revision" in result.stderr


def test_a_shallow_clone_says_how_to_fetch_the_base(run, repo, tmp_path, monkeypatch):
    main_with_old_findings(repo)
    repo.kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    repo.commit("feature")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo.top}", str(clone)],
                   check=True)
    subprocess.run(["git", "fetch", "-q", "--depth", "1", "origin", "main:main"], cwd=clone, check=True)
    result = run(clone, "validate", "--changed")
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.stderr


def test_deleting_records_that_cases_and_relations_name(run, repo):
    """Cases name defendants, events name their case, people name relatives: each reference left is the change's."""
    kb = repo.kb
    kb.prisoner("ali-veliyev", "Ali Veliyev", relations="[{person: vali-veliyev, kind: sibling}]")
    kb.prisoner("vali-veliyev", "Vali Veliyev")
    kb.write("data/cases/nida-case.yaml", "id: nida-case\nname: The N!DA case\ncountry: AZ\n"
             "defendants: [ali-veliyev, vali-veliyev]\nsources:\n  - url: https://example.org/c\n    title: C\n")
    kb.event("2015-05-06-verdict", "2015-05-06", "verdict", ["ali-veliyev"], case="nida-case")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    (kb.root / "data/prisoners/vali-veliyev.yaml").unlink()
    (kb.root / "data/cases/nida-case.yaml").unlink()
    exit_code, doc = changed(run, kb, "--max-age", "off")
    assert exit_code == 1
    assert [(p["code"], p["path"], p["field"]) for p in doc["problems"]] == [
        ("PP220", "data/events/2015/2015-05-06-verdict.yaml", "case"),
        ("PP201", "data/prisoners/ali-veliyev.yaml", "relations.0.person"),
    ]


def test_a_changed_case_touches_its_defendants(run, repo):
    kb = repo.kb
    kb.prisoner("ali-veliyev", "Ali Veliyev", status="detained", status_as_of='"2016-05-26"')
    kb.prisoner("vali-veliyev", "Vali Veliyev", status="detained", status_as_of='"2016-05-26"')
    case = "id: nida-case\nname: The N!DA case\ncountry: AZ\ndefendants: [{}]\n" \
           "sources:\n  - url: https://example.org/c\n    title: C\n"
    kb.write("data/cases/nida-case.yaml", case.format("ali-veliyev"))
    repo.commit("base")
    kb.write("data/cases/nida-case.yaml", case.format("ali-veliyev, vali-veliyev, nobody-known"))
    _, doc = changed(run, kb, "HEAD")
    assert [(p["code"], p["path"]) for p in doc["problems"]] == [
        ("PP201", "data/cases/nida-case.yaml"),
        ("PP602", "data/prisoners/ali-veliyev.yaml"), ("PP602", "data/prisoners/vali-veliyev.yaml"),
    ]


def test_deleting_an_event_that_another_follows_is_a_finding_of_the_change(run, repo):
    repo.kb.event("2016-05-20-call", "2016-05-20", "international_call", ["ilqar-mammadov"],
                  follows="[2016-05-10-arrest]")
    main_with_old_findings(repo)  # the call is on main: unchanged by the pull request
    (repo.kb.root / "data/events/2016/2016-05-10-arrest.yaml").unlink()
    exit_code, doc = changed(run, repo.kb)
    assert exit_code == 1
    assert ("PP206", "data/events/2016/2016-05-20-call.yaml", "follows.0") in [
        (p["code"], p["path"], p["field"]) for p in doc["problems"]]


@pytest.mark.parametrize("edit", ["event", "person", "new event"])
def test_with_findings_kept_the_change_is_judged_from_the_index_and_says_the_same(run, repo, monkeypatch, edit):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    main_with_old_findings(repo)
    run(repo.kb, "validate")  # findings kept for main, as a restored CI cache holds them
    if edit == "event":
        repo.kb.event("2016-05-10-arrest", "2016-05-10", "release", ["ilqar-mammadov", "leyla-yunus"])
    elif edit == "person":
        repo.kb.prisoner("seymur-hazi", "Seymur Hazi", status="released")
    else:
        repo.kb.event("2016-06-01-release", "2016-06-01", "release", ["ilqar-mamadov"])
    monkeypatch.setenv("PP_TRACE", "1")
    quick = run(repo.kb, "validate", "--changed", "--format", "json")
    assert "pp: the change's scope from the index" in quick.stderr
    assert (quick.exit_code, quick.stdout) == tuple(
        getattr(run(repo.kb, "--no-cache", "validate", "--changed", "--format", "json"), k)
        for k in ("exit_code", "stdout"))
