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


def test_the_others_were_released_and_being_allowed_to_leave_is_not_leaving(run, shipped):
    rows = {r["id"]: r["status"] for r in json.loads(run(shipped, "list", "-f", "json").stdout)}
    assert rows["khadija-ismayilova"] == rows["rasul-jafarov"] == "released"
    # "The government also allowed … Leyla and Arif Yunus to leave the country": not that they left.
    assert rows["leyla-yunus"] == rows["arif-yunus"] == "unknown"


def test_shipped_data_says_no_more_than_its_sources(run, shipped):
    rows = {r["id"]: r for r in json.loads(run(shipped, "list", "-f", "json").stdout)}
    # "members of the media and bloggers": the source does not say who is a journalist.
    for pid in ("seymur-hazi", "nijat-aliyev", "abdul-abilov", "rashad-ramazanov", "araz-guliyev"):
        assert rows[pid]["roles"] == [], pid
    timeline = {r["id"]: r for r in json.loads(run(shipped, "timeline", "-f", "json").stdout)}
    assert timeline["2016-republic-day-amnesty-proposed"]["type"] != "amnesty"  # proposed, not granted
    assert timeline["2016-osce-calls-for-release-of-jailed-journalists"]["date"] == "2016-05-25"  # RFE/RL original
    pardon = timeline["2016-03-17-presidential-pardon"]
    assert (pardon["count"], pardon["count_of"]) == (16, "detainees")
    assert pardon["disputed"] == [
        "count 16 detainees (disputed: 14 political prisoners among 148 people pardoned, The Economist)"]


def test_numbers_without_names_are_shown_beside_pps_counts_with_who_said_them(run, shipped):
    doc = json.loads(run(shipped, "stats", "-f", "json").stdout)
    texts = [e["text"] for e in doc["estimates"]]
    assert "more than 80 political prisoners still in Azerbaijan (Freedom House, by 2016-05-26)" in texts
    assert any(t.startswith("at least 5 journalists jailed") for t in texts)
    table = run(shipped, "stats", "-f", "markdown").stdout
    assert "Estimate: more than 80 political prisoners" in table


def test_on_new_year_2016_qahramanli_was_detained_and_the_nida_activists_were_not(run, shipped):
    rows = json.loads(run(shipped, "list", "--status", "detained", "--as-of", "2016-01-01", "-f", "json").stdout)
    ids = {r["id"] for r in rows}
    assert "fuad-qahramanli" in ids
    assert not ids & {"bayram-mammadov", "giyasaddin-ibrahim"}
