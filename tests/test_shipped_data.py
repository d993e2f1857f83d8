"""The shipped Azerbaijan knowledge base: loads cleanly and answers as the sources say."""

from __future__ import annotations

import json

from pp_cli.kb import load

DETAINED = {
    "seymur-hazi", "nijat-aliyev", "abdul-abilov", "rashad-ramazanov", "araz-guliyev",
    "bayram-mammadov", "giyasaddin-ibrahim", "fuad-qahramanli", "ilqar-mammadov",
}


def test_every_shipped_file_loads_without_problems(shipped):
    kb = load(shipped)
    assert kb.problems == []
    assert len(kb.prisoners) == 13


def test_every_record_cites_a_source_by_url(shipped):
    kb = load(shipped)
    for record in [*kb.prisoners.values(), *kb.events.values(), *kb.organizations.values()]:
        assert record.sources, record.id
        assert all(s.url.startswith(("http://", "https://")) for s in record.sources)


def test_nine_people_are_detained_each_with_an_as_of_date(run, shipped):
    result = run(shipped, "list", "--status", "detained", "--format", "json")
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == DETAINED
    assert all(r["as_of"] for r in rows)


def test_the_others_were_released_or_left_the_country(run, shipped):
    rows = {r["id"]: r["status"] for r in json.loads(run(shipped, "list", "-f", "json").stdout)}
    assert rows["khadija-ismayilova"] == rows["rasul-jafarov"] == "released"
    assert rows["leyla-yunus"] == rows["arif-yunus"] == "exiled"


def test_on_new_year_2016_qahramanli_was_detained_and_the_nida_activists_were_not(run, shipped):
    rows = json.loads(run(shipped, "list", "--status", "detained", "--as-of", "2016-01-01", "-f", "json").stdout)
    ids = {r["id"] for r in rows}
    assert "fuad-qahramanli" in ids
    assert not ids & {"bayram-mammadov", "giyasaddin-ibrahim"}
