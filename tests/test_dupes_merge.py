"""`pp dupes`, `pp merge` and `distinct_from`, end to end in a git repository, as a maintainer uses them."""

from __future__ import annotations

import json
import shutil
import subprocess
from textwrap import dedent

import pytest

from tests.conftest import KB

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SOURCE_B = "sources:\n  - url: https://example.org/other\n    title: Another report\n"


def git(kb: KB, *args: str) -> str:
    return subprocess.run(["git", "-C", str(kb.root), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(kb: KB) -> KB:
    """Namesakes, brothers and one person recorded twice, committed to git."""
    kb.write("data/prisoners/ilqar-mammadov.yaml", """\
        # Chairman of the REAL movement.
        id: ilqar-mammadov
        name: "Ilgar Mammadov"
        native_name: "Ilqar Məmmədov"   # Azerbaijani Latin
        country: AZ
        born: "1970"
        status: detained
        status_as_of: "2016-05-01"
        sources:
          - url: https://example.org/report
            title: A report
        """)
    kb.write("data/prisoners/ilgar-mamedov.yaml", dedent("""\
        id: ilgar-mamedov
        name: "Ilgar Mamedov"
        other_names:
          - "Мамедов Ильгар Эльдар оглы"
        gender: male
        born: "1970-08-14"
        country: AZ
        status: released
        status_as_of: "2018-08-13"
        roles: [opposition_politician]
        """) + SOURCE_B)
    kb.prisoner("nijat-aliyev", "Nijat Nazim oglu Aliyev", born='"1985"')
    kb.prisoner("nijat-aliyev-2", "Aliyev Nijat Rasim oglu", born='"1985"')
    kb.prisoner("aksenov-aleksey", "Aksenov Aleksey Mikhailovich", country="RU")
    kb.prisoner("aksenov-andrey", "Aksenov Andrey Mikhailovich", country="RU")
    kb.prisoner("elchin-hasanov", "Elçin Həsənov", born='"1980"')
    kb.prisoner("elchin-gasanov", "Гасанов Эльчин", born='"1980"', distinct_from="[elchin-hasanov]")
    kb.prisoner("spoof", "Ѕеуmуr Наzi")
    kb.prisoner("seymur-hazi", "Seymur Hazi")
    kb.event("2016-05-01-arrest", "2016-05-01", "arrest", ["ilgar-mamedov", "seymur-hazi"])
    kb.write("data/events/2014/2014-02-04-arrest.yaml", dedent("""\
        id: 2014-02-04-arrest
        date: "2014-02-04"
        type: arrest
        title: Arrested
        people:
          - ilgar-mamedov   # as the court wrote it
        """) + SOURCE_B)
    git(kb, "init", "-q")
    git(kb, "add", "-A")
    git(kb, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    return kb


def dupes(run, kb, *args: str) -> list[dict]:
    result = run(kb, "dupes", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_dupes_lists_true_duplicates_not_namesakes_or_brothers(run, repo):
    found = dupes(run, repo)
    assert {frozenset((r["id"], r["other_id"])) for r in found} == {
        frozenset(("ilgar-mamedov", "ilqar-mammadov")), frozenset(("spoof", "seymur-hazi")),
    }
    assert found[0]["reason"].startswith(("same surname", "look-alike"))
    assert all(float(r["score"]) >= 0.2 for r in found)


def test_dupes_and_validate_agree(run, repo):
    result = run(repo, "validate", "--format", "json")
    reported = {(p["path"], tuple(p["related"])) for p in json.loads(result.stdout)["problems"] if p["code"] == "PP601"}
    assert ("data/prisoners/ilgar-mamedov.yaml", ("data/prisoners/ilqar-mammadov.yaml",)) in reported
    assert ("data/prisoners/spoof.yaml", ("data/prisoners/seymur-hazi.yaml",)) in reported
    assert len(reported) == 2 * len(dupes(run, repo))


def test_dupes_for_one_person_and_at_a_lower_score(run, repo):
    mine = dupes(run, repo, "--person", "ilqar-mammadov")
    assert [(r["id"], r["other_id"]) for r in mine] == [("ilqar-mammadov", "ilgar-mamedov")]
    assert dupes(run, repo, "--person", "nijat-aliyev") == []
    assert len(dupes(run, repo, "--min-score", "0")) >= len(dupes(run, repo))
    missing = run(repo, "dupes", "--person", "Nobody Atall")
    assert missing.exit_code == 1
    both = run(repo, "dupes", "--person", "Ilqar Məmmədov")  # a name both records carry
    assert both.exit_code == 1 and "matches 2 people" in both.stderr


def test_dupes_in_a_table_and_tsv(run, repo):
    tsv = run(repo, "dupes", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["score", "id", "name"]
    assert len(tsv) == 3


def test_distinct_is_recorded_once_and_the_pair_is_not_proposed_again(run, repo):
    result = run(repo, "dupes", "--distinct", "spoof", "seymur-hazi")
    assert result.exit_code == 0, result.output
    assert "distinct_from: [seymur-hazi]" in result.stderr or "distinct_from:" in result.stderr
    text = (repo.root / "data/prisoners/spoof.yaml").read_text()
    assert "distinct_from:\n  - seymur-hazi\n" in text
    assert git(repo, "diff", "--stat").count("|") == 1  # one file, nothing else touched
    assert {r["id"] for r in dupes(run, repo)} | {r["other_id"] for r in dupes(run, repo)} == {
        "ilgar-mamedov", "ilqar-mammadov"}
    assert "spoof.yaml" not in run(repo, "validate").stdout.split("PP601")[-1]


def test_distinct_needs_two_existing_people(run, repo):
    assert run(repo, "dupes", "--distinct", "spoof", "nobody").exit_code == 1
    assert run(repo, "dupes", "--distinct", "spoof", "spoof").exit_code == 1


def test_merge_shows_a_diff_and_dry_run_writes_nothing(run, repo):
    result = run(repo, "merge", "ilqar-mammadov", "ilgar-mamedov", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+++ b/data/prisoners/ilqar-mammadov.yaml" in result.stdout
    assert "--- a/data/prisoners/ilgar-mamedov.yaml\n+++ /dev/null" in result.stdout
    assert git(repo, "status", "--porcelain") == ""


def test_merge_combines_the_records_and_rewrites_every_reference(run, repo):
    result = run(repo, "merge", "ilqar-mammadov", "ilgar-mamedov")
    assert result.exit_code == 0, result.output
    assert sorted(git(repo, "status", "--porcelain").splitlines()) == [
        " D data/prisoners/ilgar-mamedov.yaml",
        " M data/events/2014/2014-02-04-arrest.yaml",
        " M data/events/2016/2016-05-01-arrest.yaml",
        " M data/prisoners/ilqar-mammadov.yaml",
    ]
    kept = (repo.root / "data/prisoners/ilqar-mammadov.yaml").read_text()
    assert kept.startswith("# Chairman of the REAL movement.\nid: ilqar-mammadov\nformer_ids:\n  - ilgar-mamedov\n")
    assert 'native_name: "Ilqar Məmmədov"   # Azerbaijani Latin' in kept  # untouched lines stay as written
    assert "  - name: Мамедов Ильгар Эльдар оглы\n    note: from merged record ilgar-mamedov" in kept
    assert 'born: "1970-08-14"' in kept  # the same date, more precisely
    assert "gender: male" in kept and "opposition_politician" in kept
    assert "https://example.org/other" in kept
    # both records give a status, differently: KEEP's stays, OTHER's is kept as disputed, with its source
    assert "status: detained" in kept
    assert "disputed:\n  - field: status\n    claim: released\n" in kept
    event = (repo.root / "data/events/2016/2016-05-01-arrest.yaml").read_text()
    assert "people: [ilqar-mammadov, seymur-hazi]" in event
    assert "  - ilqar-mammadov\n" in (repo.root / "data/events/2014/2014-02-04-arrest.yaml").read_text()
    assert run(repo, "validate").exit_code == 0
    shown = run(repo, "show", "ilgar-mamedov")  # the old id still finds the person
    assert shown.exit_code == 0 and "Ilgar Mammadov" in shown.stdout
    assert dupes(run, repo, "--person", "ilqar-mammadov") == []


def test_merge_rewrites_distinct_from_elsewhere(run, repo):
    repo.prisoner("someone", "Someone Else", distinct_from="[ilgar-mamedov]")
    assert run(repo, "merge", "ilqar-mammadov", "ilgar-mamedov").exit_code == 0
    assert "distinct_from: [ilqar-mammadov]\n" in (repo.root / "data/prisoners/someone.yaml").read_text()


@pytest.mark.parametrize(("keep", "other", "says"), [
    ("ilqar-mammadov", "ilqar-mammadov", "same record twice"),
    ("ilqar-mammadov", "nobody", "no person `nobody`"),
    ("nobody", "ilgar-mamedov", "no person `nobody`"),
    ("elchin-hasanov", "elchin-gasanov", "distinct_from"),
])
def test_merge_refuses(run, repo, keep, other, says):
    result = run(repo, "merge", keep, other)
    assert result.exit_code == 1
    assert says in result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_merge_refuses_what_would_not_validate(run, repo):
    # OTHER's id is already someone's former id: KEEP cannot take it too (PP204)
    repo.prisoner("third", "Third Person", former_ids="[ilgar-mamedov]")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "third")
    result = run(repo, "merge", "ilqar-mammadov", "ilgar-mamedov")
    assert result.exit_code == 1
    assert "the merge would break data/prisoners/" in result.stderr and "PP204" in result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_merge_refuses_a_conflict_it_cannot_source(run, repo):
    repo.write("data/prisoners/unsourced.yaml", 'id: unsourced\nname: "Seymur Hazi"\ncountry: AZ\nborn: "1974"\n')
    repo.prisoner("seymur-hazi", "Seymur Hazi", born='"1974-01-01"', status="detained")
    repo.write("data/prisoners/unsourced.yaml",
               'id: unsourced\nname: "Seymur Hazi"\ncountry: AZ\nstatus: released\n')
    result = run(repo, "merge", "seymur-hazi", "unsourced")
    assert result.exit_code == 1
    assert "no sources to cite" in result.stderr


def test_merge_rewrites_charges_sentences_cases_and_relations(run, repo):
    repo.write("data/events/2014/2014-03-01-sentenced.yaml", dedent("""\
        id: 2014-03-01-sentenced
        date: "2014-03-01"
        type: sentenced
        title: Sentenced
        people: [ilgar-mamedov, seymur-hazi]
        case: real-case
        charges:
          - {article: "233", description: organising mass disorder, category: public_order, people: [ilgar-mamedov]}
        sentences:
          - {years: 7, people: [ilgar-mamedov]}
          - {years: 5, people: [seymur-hazi]}
        """) + SOURCE_B)
    repo.write("data/cases/real-case.yaml", dedent("""\
        id: real-case
        name: The REAL case
        country: AZ
        defendants: [ilgar-mamedov, seymur-hazi]
        """) + SOURCE_B)
    repo.prisoner("seymur-hazi", "Seymur Hazi", relations="\n  - {person: ilgar-mamedov, kind: co_defendant}")
    result = run(repo, "merge", "ilqar-mammadov", "ilgar-mamedov")
    assert result.exit_code == 0, result.output
    event = (repo.root / "data/events/2014/2014-03-01-sentenced.yaml").read_text()
    assert "ilgar-mamedov" not in event and event.count("ilqar-mammadov") == 3
    assert "defendants: [ilqar-mammadov, seymur-hazi]" in (repo.root / "data/cases/real-case.yaml").read_text()
    assert "person: ilqar-mammadov" in (repo.root / "data/prisoners/seymur-hazi.yaml").read_text()
    after = run(repo, "validate")
    assert after.exit_code == 0, after.stdout
