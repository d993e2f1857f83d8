"""One order for partial, ranged, approximate and open dates, and `follows` where dates cannot tell."""

from __future__ import annotations

import json

from pp_cli.chronology import order
from pp_cli.dates import PartialDate
from pp_cli.models import Event

SRC = [{"url": "https://example.org/a", "title": "A", "publisher": "Example"}]


def ev(eid: str, date: str, follows: list[str] | None = None) -> Event:
    return Event(id=eid, date=date, type="other", title=eid, sources=SRC, follows=follows or [])


def test_a_known_earlier_event_is_never_shown_later():
    dates = ["2016", "2016-05", "2016-05-10", "before 2016-05-10", "by 2016-05-26", "2016-05-01/2016-05-25",
             "2016-05~", "2015-12-31", "2016-06-01", "before 2016-05-26"]
    events = [ev(f"e{i}", d) for i, d in enumerate(dates)]
    for shuffled in (events, events[::-1]):
        shown = order(shuffled)
        for i, a in enumerate(shown):
            for b in shown[i + 1:]:
                assert not b.date.certainly_before(a.date), (a.date, b.date)


def test_an_open_date_before_a_day_comes_before_events_dated_later_that_month():
    shown = order([ev("charged", "before 2016-05-26"), ev("graffiti", "before 2016-05-10")])
    assert [e.id for e in shown] == ["graffiti", "charged"]


def test_follows_puts_a_consequence_after_its_cause_where_dates_cannot():
    # The Amnesty call of March 2015 reports an ECHR ruling known only to be "by 2015-03".
    call = ev("amnesty-call", "2015-03", ["echr-ruling"])
    ruling = ev("echr-ruling", "by 2015-03")
    assert [e.id for e in order([ruling, call])] == ["echr-ruling", "amnesty-call"]
    without = ev("amnesty-call", "2015-03")
    assert [e.id for e in order([ruling, without])] == ["amnesty-call", "echr-ruling"]  # dates alone: the wrong way


def test_follows_moves_only_what_it_must():
    a, b, c = ev("a", "2015-01"), ev("b", "2015-02", ["d"]), ev("c", "2015-03")
    d = ev("d", "by 2015-04")
    assert [e.id for e in order([d, c, b, a])] == ["a", "c", "d", "b"]


def test_a_follows_cycle_still_lists_every_event():
    shown = order([ev("a", "2015", ["b"]), ev("b", "2015", ["a"]), ev("c", "2014")])
    assert sorted(e.id for e in shown) == ["a", "b", "c"] and shown[0].id == "c"


def test_validate_reports_unknown_follows_cycles_and_contradicting_dates(run, kb):
    kb.prisoner("ali", "Ali Aliyev")
    kb.event("e-unknown", "2015-01", "other", ["ali"], follows="[e-missing]")
    kb.event("e-a", "2015-02", "other", ["ali"], follows="[e-b]")
    kb.event("e-b", "2015-02", "other", ["ali"], follows="[e-a]")
    kb.event("e-early", "2014-01-01", "other", ["ali"], follows="[e-late]")
    kb.event("e-late", "2015-06-01", "other", ["ali"])
    result = run(kb, "validate", "--format", "json")
    assert result.exit_code == 1
    found = {(p["code"], p["path"].rsplit("/", 1)[-1]) for p in json.loads(result.stdout)["problems"]}
    assert ("PP206", "e-unknown.yaml") in found
    assert ("PP207", "e-a.yaml") in found
    assert ("PP306", "e-early.yaml") in found


def test_shipped_timelines_read_in_causal_order(run):
    from tests.conftest import REPO

    def shown(person: str) -> list[str]:
        result = run(REPO, "timeline", "--person", person, "--format", "json")
        return [r["id"] for r in json.loads(result.stdout)]

    bayram = shown("Bayram Mammadov")
    assert bayram.index("2016-nida-activists-statue-graffiti") < bayram.index("2016-05-nida-activists-charged")
    assert bayram.index("2016-nida-activists-statue-graffiti") < bayram.index(
        "2016-05-nida-activists-pretrial-detention")
    ilqar = shown("Ilqar Mammadov")
    assert ilqar.index("2015-echr-ilqar-mammadov-arrest-politically-motivated") < ilqar.index(
        "2015-03-amnesty-calls-for-ilqar-mammadov-release")


def test_partial_date_placements_lie_within_their_days():
    for text in ("2016", "2016-05", "before 2016-05-10", "by 2016-05-26", "2014~", "2007-01-13/2007-01-18"):
        d = PartialDate.parse(text)
        assert d.lo <= d.sort_key()[0] <= d.hi
