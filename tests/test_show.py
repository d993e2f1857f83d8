"""`pp show`: a person's story, from any of their names."""

from __future__ import annotations

import json

import yaml


def test_show_tells_the_story_with_sources(run, shipped):
    result = run(shipped, "show", "Fuad Qahramanli")
    assert result.exit_code == 0
    out = result.stdout
    assert "Fuad Qahramanli" in out and "Fuad Qəhrəmanlı" in out
    assert "detained" in out and "as of 2016-05-26" in out
    assert "2015-12" in out and "arrest" in out
    assert "overthrow the government" in out
    assert "https://www.theguardian.com/world/2016/may/26/" in out.replace("\n", "")


def test_show_as_json_and_yaml(run, shipped):
    doc = json.loads(run(shipped, "show", "hazi", "--format", "json").stdout)
    assert doc["id"] == "seymur-hazi"
    assert doc["status"]["status"] == "detained" and doc["status"]["as_of"] == "2016-05-26"
    assert doc["sources"][0]["url"].startswith("https://")
    assert yaml.safe_load(run(shipped, "show", "hazi", "--format", "yaml").stdout)["name"] == "Seymur Hazi"


def test_show_as_of_a_past_date(run, shipped):
    doc = json.loads(run(shipped, "show", "Fuad Qahramanli", "--as-of", "2015-11-30", "-f", "json").stdout)
    assert doc["status"]["status"] == "unknown"
    doc = json.loads(run(shipped, "show", "Fuad Qahramanli", "--as-of", "2016-01-01", "-f", "json").stdout)
    assert doc["status"]["status"] == "detained"


def test_a_disputed_count_shows_both_claims(run, shipped):
    out = run(shipped, "show", "Rasul Jafarov").stdout
    assert "pardon" in out
    flowing = " ".join(out.split())  # as read, whatever the wrapping
    assert "count 16 detainees (disputed: 14 political prisoners among 148 people pardoned, The Economist)" in flowing


def test_an_ambiguous_name_lists_the_candidates(run, shipped):
    result = run(shipped, "show", "Mammadov")
    assert result.exit_code == 1
    assert "matches 2 people" in result.stderr
    assert "bayram-mammadov" in result.stderr and "ilqar-mammadov" in result.stderr
    assert result.stdout == ""


def test_no_match_suggests_the_nearest_names(run, shipped):
    result = run(shipped, "show", "Seymour Hazzy")
    assert result.exit_code == 1
    assert "nobody called `Seymour Hazzy`" in result.stderr
    assert "Seymur Hazi" in result.stderr


def test_csv_cannot_show_a_single_record(run, shipped):
    assert run(shipped, "show", "hazi", "-f", "csv").exit_code == 2


def test_namesakes_are_listed_and_ids_tell_them_apart(run, kb):
    kb.prisoner("ali-aliyev", "Ali Aliyev")
    kb.prisoner("ali-aliyev-2", "Əli Əliyev")
    for _ in range(2):  # the second time from the cache's name index
        result = run(kb, "show", "Ali Aliyev")
        assert result.exit_code == 1 and "ali-aliyev-2" in result.stderr and "matches 2 people" in result.stderr
        assert json.loads(run(kb, "show", "ali-aliyev-2", "-f", "json").stdout)["name"] == "Əli Əliyev"
        assert json.loads(run(kb, "show", "aliyev-2", "-f", "json").stdout)["id"] == "ali-aliyev-2"
