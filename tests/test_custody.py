"""Custody episodes: a re-arrest opens a new one; durations stop at the last confirmation; no invented detail."""

from __future__ import annotations

import json
from datetime import date

from pp_cli.custody import days_text, episodes
from pp_cli.dates import PartialDate


def changes(*items: tuple[str, str, str]) -> list[list[str]]:
    status = {"arrest": "detained", "release": "released", "sentenced": "detained", "pardon": "released"}
    return [[d, f"e{i}", t, status[t]] for i, (d, t, _) in enumerate(items)]


def test_a_re_arrest_opens_a_new_episode_and_in_custody_since_is_its_start(run, kb):
    kb.prisoner("ali", "Ali Aliyev", status="detained", status_as_of='"2014-08-10"')
    kb.event("2005-ali-arrested", "2005", "arrest", ["ali"])
    kb.event("2008-ali-released", "2008", "release", ["ali"])
    kb.event("2013-06-ali-arrested", "2013-06", "arrest", ["ali"])
    (row,) = json.loads(run(kb, "list", "--format", "json").stdout)
    assert row["arrested"] == "2013-06"
    (held,) = json.loads(run(kb, "stats", "--format", "json").stdout)["detention"]["people"]
    assert [(s["start"], s["end"]) for s in held["spans"]] == [("2005", "2008"), ("2013-06", None)]
    assert held["since"] == "2013-06"
    assert held["days_now"] == (date(2014, 8, 10) - date(2013, 6, 30)).days == 406
    assert held["days"] == 406 + (date(2008, 1, 1) - date(2005, 12, 31)).days  # every episode, at least
    assert held["now_text"] == "at least 406 days (at most 435), to 2014-08-10, the last confirmation"


def test_a_duration_never_runs_past_the_last_confirmation():
    (ep,) = episodes(changes(("2015-12", "arrest", "")), PartialDate.parse("2016-05-26"))
    assert (ep.days_at_least, ep.days_at_most, str(ep.to)) == (147, 177, "2016-05-26")
    assert days_text(ep) == "at least 147 days (at most 177), to 2016-05-26, the last confirmation"
    (unconfirmed,) = episodes(changes(("2015-12", "arrest", "")), None)
    assert unconfirmed.days_at_least is None and "no confirmation" in days_text(unconfirmed)


def test_on_a_past_day_an_episode_runs_to_that_day_only_if_a_later_record_shows_it_lasted():
    ended_later = changes(("2015-12-01", "arrest", ""), ("2016-03-17", "pardon", ""))
    (ep,) = episodes(ended_later, None, date(2016, 1, 1))
    assert (ep.days_at_least, ep.to_kind) == (31, "as_of")
    (ep,) = episodes(changes(("2015-12-01", "arrest", "")), PartialDate.parse("2015-12-10"), date(2016, 1, 1))
    assert (ep.days_at_least, str(ep.to), ep.to_kind) == (9, "2015-12-10", "confirmation")


def test_a_bare_arrest_says_detained_without_a_finer_detail(run, kb):
    kb.prisoner("ali", "Ali Aliyev")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali"])
    (row,) = json.loads(run(kb, "list", "--format", "json").stdout)
    assert (row["status"], row["status_detail"]) == ("detained", None)
    assert "pretrial" not in run(kb, "show", "Ali Aliyev").stdout
    kb.event("2016-01-ali-pretrial", "2016-01", "pretrial_detention", ["ali"])
    (row,) = json.loads(run(kb, "list", "--format", "json").stdout)
    assert row["status_detail"] == "pretrial"  # an event that says so


def test_shipped_figures_stay_within_what_the_sources_confirm(run):
    from tests.conftest import REPO

    doc = json.loads(run(REPO, "stats", "--format", "json").stdout)
    for person in doc["detention"]["people"]:
        if person["until"]:
            assert person["until"] <= "2016-05-26", person
    assert doc["detention"]["longest_now"]["text"] == (
        "at least 147 days (at most 177), to 2016-05-26, the last confirmation")
    assert "more than a year old" in doc["headline"]["text"]
    report = run(REPO, "report").stdout
    assert "4018" not in report and "3866" not in report


def test_arrested_since_asks_when_custody_began_not_when_it_was_extended(run, kb):
    kb.prisoner("ali", "Ali Aliyev")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali"])
    kb.event("2016-01-ali-pretrial", "2016-01", "pretrial_detention", ["ali"])  # the same stay
    kb.prisoner("emin", "Emin Rzayev")
    kb.event("2005-emin-arrested", "2005", "arrest", ["emin"])
    kb.event("2008-emin-released", "2008", "release", ["emin"])
    kb.event("2013-06-emin-arrested", "2013-06", "arrest", ["emin"])

    def ids(*args: str) -> list[str]:
        return [r["id"] for r in json.loads(run(kb, "list", "--format", "json", *args).stdout)]

    assert ids("--arrested-since", "2016") == []
    assert ids("--arrested-since", "2015-12", "--arrested-until", "2015-12") == ["ali"]
    assert ids("--arrested-since", "2013") == ["ali", "emin"]  # Emin's re-arrest is a new episode
    assert ids("--arrested-until", "2006") == ["emin"]
