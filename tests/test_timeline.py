"""`pp timeline`: every event in date order, partial dates placed sensibly and shown as written."""

from __future__ import annotations

import json

import pytest

from pp_cli.formats import OutputFormat


@pytest.fixture
def events(kb):
    kb.org("nida", "N!DA")
    kb.org("osce", "OSCE", "intergovernmental")
    kb.prisoner("bayram-mammadov", "Bayram Mammadov", native_name='"Bayram Məmmədov"', affiliations="[nida]")
    kb.prisoner("ali-aliyev", "Ali Aliyev")
    kb.event("2016-05-10-charged", "2016-05-10", "charged", ["bayram-mammadov"])
    kb.event("2016-05-detained", "2016-05", "pretrial_detention", ["bayram-mammadov"])
    kb.event("2016-osce-call", "by 2016-05-26", "international_call", ["ali-aliyev"], organizations="[osce]")
    kb.event("2016-year", "2016", "other", ["ali-aliyev"])
    kb.event("2015-12-01-ali-arrested", "2015-12-01", "arrest", ["ali-aliyev"])
    kb.event("2016-06-01-nida-statement", "2016-06-01", "other", [], organizations="[nida]")
    return kb


def timeline(run, target, *args: str) -> list[dict]:
    result = run(target, "timeline", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def uncached(run, target, *args: str) -> list[dict]:
    result = run(target, "--no-cache", "timeline", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(rows: list[dict]) -> list[str]:
    return [r["id"] for r in rows]


def test_events_come_in_date_order_with_partial_dates_shown_as_written(run, events):
    rows = timeline(run, events)
    assert [(r["date"], r["id"]) for r in rows] == [
        ("2015-12-01", "2015-12-01-ali-arrested"),
        ("2016", "2016-year"),  # a year sorts at its start, before its months
        ("2016-05", "2016-05-detained"),  # a month before its days
        ("2016-05-10", "2016-05-10-charged"),
        ("by 2016-05-26", "2016-osce-call"),  # an open date at its latest possible day
        ("2016-06-01", "2016-06-01-nida-statement"),
    ]


def test_person_filter_accepts_any_name_variant(run, events):
    for name in ("Bayram Məmmədov", "bayram mamedov", "bayram-mammadov"):
        assert ids(timeline(run, events, "--person", name)) == ["2016-05-detained", "2016-05-10-charged"]


def test_people_are_shown_by_name_with_their_ids(run, events):
    (row,) = timeline(run, events, "--person", "Bayram", "--type", "charged")
    assert row["people"] == ["Bayram Mammadov"] and row["person_ids"] == ["bayram-mammadov"]


def test_type_filter_is_repeatable(run, events):
    assert ids(timeline(run, events, "--type", "arrest", "--type", "charged")) == [
        "2015-12-01-ali-arrested", "2016-05-10-charged"
    ]


def test_organization_filter_keeps_events_naming_it_or_its_members(run, events):
    assert ids(timeline(run, events, "--organization", "nida")) == [
        "2016-05-detained", "2016-05-10-charged", "2016-06-01-nida-statement"
    ]
    assert ids(timeline(run, events, "--organization", "osce")) == ["2016-osce-call"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "2016-05"], ["2016-05-detained", "2016-05-10-charged", "2016-osce-call",
                                  "2016-06-01-nida-statement"]),
        (["--since", "2016-05-10"], ["2016-05-10-charged", "2016-osce-call", "2016-06-01-nida-statement"]),
        (["--since", "2016", "--until", "2016-05"], ["2016-year", "2016-05-detained", "2016-05-10-charged",
                                                     "2016-osce-call"]),
        (["--until", "2015"], ["2015-12-01-ali-arrested"]),
        (["--since", "2016-05-20", "--until", "2016-05-31"], ["2016-osce-call"]),
    ],
)
def test_since_and_until_cut_the_timeline_where_events_are_placed(run, events, args, expected):
    assert ids(timeline(run, events, *args)) == expected


def test_reverse_and_limit(run, events):
    assert ids(timeline(run, events, "--reverse", "--limit", "2")) == ["2016-06-01-nida-statement", "2016-osce-call"]


def test_unknown_person_suggests_names_and_exits_1(run, events):
    result = run(events, "timeline", "--person", "Bayrem Mamadof")
    assert result.exit_code == 1
    assert "Bayram Mammadov" in result.stderr


def test_unknown_organization_is_a_usage_error(run, events):
    result = run(events, "timeline", "--organization", "nobody")
    assert result.exit_code == 2 and "unknown organization" in result.stderr


def test_bad_dates_are_usage_errors(run, events):
    assert run(events, "timeline", "--since", "May 2016").exit_code == 2


def test_no_events_is_still_a_success(run, events):
    result = run(events, "timeline", "--type", "death")
    assert result.exit_code == 0 and "no events" in result.stderr


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders(run, events, fmt):
    result = run(events, "timeline", "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert "2016-05-10" in result.stdout


def test_shipped_timeline_starts_with_ismayilova_arrest(run, shipped):
    rows = timeline(run, shipped)
    assert rows[0]["id"] == "2014-12-ismayilova-arrested"
    assert [r["date"] for r in rows][-3:] == ["by 2016-05-26"] * 3


def test_after_an_edit_the_timeline_is_answered_from_the_index_without_loading_every_record(
        run, events, monkeypatch):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    asked = [[], ["--person", "Bayram Mammadov"], ["--organization", "nida", "--since", "2016-05-10"]]
    for args in asked:  # the first run builds the index
        timeline(run, events, *args)
    events.event("2016-05-20-bayram-transferred", "2016-05-20", "transfer", ["bayram-mammadov"])
    import pp_cli.kb

    def whole_load(*_args, **_kwargs):
        raise AssertionError("pp timeline loaded every record after one edit")

    monkeypatch.setattr(pp_cli.kb, "load", whole_load)
    cached = [timeline(run, events, *args) for args in asked]
    monkeypatch.undo()
    assert cached == [uncached(run, events, *args) for args in asked]
    assert "2016-05-20-bayram-transferred" in ids(cached[1])


def test_a_persons_timeline_keeps_an_event_after_one_it_follows_even_another_persons(run, events, monkeypatch):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    # by its date the statement comes first; it reports a ruling (Ali's) that it follows
    events.event("2016-05-statement", "2016-05", "other", ["bayram-mammadov"], follows="[2016-06-ruling]")
    events.event("2016-06-ruling", "2016-06", "other", ["ali-aliyev"])
    wanted = ["2016-05-10-charged", "2016-05-statement"]
    mine = [i for i in ids(timeline(run, events)) if i in {"2016-05-detained", *wanted}]
    assert mine == ["2016-05-detained", *wanted]
    for _ in range(2):  # building the index, then from it
        assert ids(timeline(run, events, "--person", "bayram-mammadov")) == ["2016-05-detained", *wanted]
    assert ids(uncached(run, events, "--person", "bayram-mammadov")) == ["2016-05-detained", *wanted]
