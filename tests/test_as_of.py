"""`--as-of DATE` on `list`, `show` and `stats`: the answer on a past day, derived from the same events."""

from __future__ import annotations

import json

import pytest


def status_in_list(run, target, pid: str, as_of: str) -> str:
    rows = json.loads(run(target, "list", "--format", "json", "--as-of", as_of).stdout)
    return {r["id"]: r["status"] for r in rows}[pid]


def status_in_show(run, target, name: str, as_of: str) -> str:
    result = run(target, "show", name, "--format", "json", "--as-of", as_of)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["status"]["status"]


def detained_in_stats(run, target, as_of: str) -> set[str]:
    result = run(target, "stats", "--format", "json", "--as-of", as_of)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    return {p["id"] for p in doc["detention"]["people"] if p["status"] == "detained"}


@pytest.fixture
def one(kb):
    """Arrested in December 2015 (month precision), pardoned on 17 March 2016."""
    kb.prisoner("ali-aliyev", "Ali Aliyev", roles="[journalist]")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev"])
    kb.event("2016-03-17-ali-pardoned", "2016-03-17", "pardon", ["ali-aliyev"])
    return kb


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2015-11-30", "unknown"),  # before the arrest
        ("2015-12-15", "unknown"),  # "2015-12" has not certainly happened by the 15th
        ("2015-12-31", "detained"),  # by the end of the month it has
        ("2016-01-01", "detained"),  # between arrest and pardon
        ("2016-03-16", "detained"),
        ("2016-03-17", "released"),  # the day of the pardon
        ("2016-04-01", "released"),  # after
        ("2015", "detained"),  # a year means its last day
    ],
)
def test_list_show_and_stats_agree_before_between_and_after_events(run, one, as_of, expected):
    assert status_in_list(run, one, "ali-aliyev", as_of) == expected
    assert status_in_show(run, one, "Ali Aliyev", as_of) == expected
    assert ("ali-aliyev" in detained_in_stats(run, one, as_of)) == (expected == "detained")
    counts = {r["status"]: r["people"] for r in
              json.loads(run(one, "stats", "--by", "status", "--format", "json", "--as-of", as_of).stdout)}
    assert counts[expected] == 1


def test_show_as_of_hides_later_events_from_the_timeline(run, one):
    doc = json.loads(run(one, "show", "ali", "--format", "json", "--as-of", "2016-01-01").stdout)
    assert [e["id"] for e in doc["timeline"]] == ["2015-12-ali-arrested"]
    assert doc["status"]["asked_as_of"] == "2016-01-01"


def test_time_in_detention_is_measured_to_the_as_of_date_when_a_later_release_shows_custody_lasted(run, one):
    doc = json.loads(run(one, "stats", "--format", "json", "--as-of", "2016-01-01").stdout)
    (ali,) = doc["detention"]["people"]
    assert (ali["days"], ali["days_at_most"], ali["until"]) == (1, 31, "2016-01-01")  # arrested some day in 2015-12


def test_a_declared_status_counts_only_from_its_own_as_of_date(run, kb):
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", status="detained", status_as_of='"2016-05-26"')
    assert status_in_list(run, kb, "zaur-quliyev", "2016-05-25") == "unknown"
    assert status_in_list(run, kb, "zaur-quliyev", "2016-05-26") == "detained"


def test_on_the_shipped_data_qahramanli_was_detained_on_1_january_2016_and_the_nida_activists_were_not(run, shipped):
    detained = json.loads(run(shipped, "list", "--status", "detained", "--as-of", "2016-01-01",
                              "--format", "json").stdout)
    ids = {r["id"] for r in detained}
    assert "fuad-qahramanli" in ids
    assert not ids & {"bayram-mammadov", "giyasaddin-ibrahim"}
    assert status_in_show(run, shipped, "Fuad Qahramanli", "2016-01-01") == "detained"
    assert status_in_show(run, shipped, "Bayram Mammadov", "2016-01-01") != "detained"
    in_stats = detained_in_stats(run, shipped, "2016-01-01")
    assert "fuad-qahramanli" in in_stats and not in_stats & {"bayram-mammadov", "giyasaddin-ibrahim"}


def test_on_the_shipped_data_the_nida_activists_were_detained_after_may_2016(run, shipped):
    detained = json.loads(run(shipped, "list", "--status", "detained", "--as-of", "2016-06-01",
                              "--format", "json").stdout)
    assert {"bayram-mammadov", "giyasaddin-ibrahim", "fuad-qahramanli"} <= {r["id"] for r in detained}


def test_a_bad_as_of_date_is_a_usage_error(run, one):
    for command in (["list"], ["show", "ali"], ["stats"]):
        result = run(one, *command, "--as-of", "2016-13")
        assert result.exit_code == 2, command
        assert "--as-of" in result.stderr
