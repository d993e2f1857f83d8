"""The record schemas: what a valid record is, and what is rejected."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pp_cli.dates import PartialDate
from pp_cli.models import Event, Organization, Prisoner, Source

SRC = {"url": "https://example.org/a", "title": "A", "published": "2016-05-26"}


def prisoner(**fields):
    return {"id": "seymur-hazi", "name": "Seymur Hazi", "country": "AZ", "sources": [SRC], **fields}


def event(**fields):
    return {"id": "2016-05-x", "date": "2016-05", "type": "arrest", "title": "t", "people": ["a"],
            "sources": [SRC], **fields}


def test_a_minimal_prisoner_is_valid():
    p = Prisoner.model_validate(prisoner())
    assert p.name == "Seymur Hazi" and p.roles == []


def test_a_full_prisoner_is_valid():
    p = Prisoner.model_validate(prisoner(
        native_name="Seymur Həzi", other_names=["Seymur Hezi", {"name": "S. Hazi", "note": "initial"}],
        gender="male", born="1974", roles=["journalist"], affiliations=["popular-front-party"],
        status="detained", status_detail="serving_sentence", status_as_of="2016-05-26",
        recognitions=[{"by": "PACE", "criteria": ["a", "b"], "date": "2016"}],
        restricted_fields=["born"],
    ))
    assert p.other_names[0].name == "Seymur Hezi"
    assert p.affiliations[0].org == "popular-front-party"
    assert str(p.status_as_of) == "2016-05-26"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"stauts": "detained"}, "stauts"),
        ({"status": "jailed"}, "status"),
        ({"roles": ["spy"]}, "roles"),
        ({"id": "Seymur Hazi"}, "id"),
        ({"id": "../etc"}, "id"),
        ({"country": "Azerbaijan"}, "country"),
        ({"born": "2016-13-45"}, "born"),
        ({"born": "May 2016"}, "born"),
        ({"recognitions": [{"by": "PACE", "criteria": ["f"]}]}, "recognitions"),
        ({"sources": [{"url": "javascript:alert(1)", "title": "x"}]}, "sources"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_prisoners_are_rejected(fields, field):
    with pytest.raises(ValidationError) as info:
        Prisoner.model_validate(prisoner(**fields))
    assert any(err["loc"][0] == field for err in info.value.errors())


def test_missing_name_is_rejected():
    data = prisoner()
    del data["name"]
    with pytest.raises(ValidationError):
        Prisoner.model_validate(data)


def test_an_event_with_charges_and_a_disputed_count_is_valid():
    e = Event.model_validate(event(
        type="pardon", count=16,
        charges=[{"article": "234.4.3", "description": "drug possession", "category": "drugs"}],
        disputed=[{"field": "count", "claim": 14, "sources": [SRC]}],
    ))
    assert e.count == 16 and e.disputed[0].claim == 14


@pytest.mark.parametrize(
    "fields",
    [{"type": "jailbreak"}, {"date": "2016-02-30"}, {"people": ["Not A Slug"]}, {"count": -1},
     {"charges": [{"description": "x", "category": "witchcraft"}]}, {"colour": "red"}],
)
def test_invalid_events_are_rejected(fields):
    with pytest.raises(ValidationError):
        Event.model_validate(event(**fields))


def test_organizations_need_a_known_type():
    assert Organization.model_validate({"id": "nida", "name": "N!DA", "type": "movement"}).name == "N!DA"
    with pytest.raises(ValidationError):
        Organization.model_validate({"id": "nida", "name": "N!DA", "type": "club"})


def test_sources_need_an_http_url_and_a_title():
    assert Source.model_validate(SRC).title == "A"
    with pytest.raises(ValidationError):
        Source.model_validate({"url": "ftp://example.org", "title": "A"})
    with pytest.raises(ValidationError):
        Source.model_validate({"url": "https://example.org"})


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("2016", "2016-01-01", "2016-12-31"),
        ("2016-02", "2016-02-01", "2016-02-29"),
        ("2016-05-25", "2016-05-25", "2016-05-25"),
        ("by 2016-05-26", "0001-01-01", "2016-05-26"),
        ("before 2016-05-26", "0001-01-01", "2016-05-25"),
        ("before 2016-05", "0001-01-01", "2016-04-30"),
    ],
)
def test_partial_dates_know_their_range(text, lo, hi):
    d = PartialDate.parse(text)
    assert (d.lo.isoformat(), d.hi.isoformat(), str(d)) == (lo, hi, text)


def test_a_month_sorts_before_its_days_and_is_not_after_them():
    month, day = PartialDate.parse("2016-05"), PartialDate.parse("2016-05-10")
    assert sorted([day, month]) == [month, day]
    assert not day.certainly_before(month) and not month.certainly_before(day)
    assert PartialDate.parse("2016-04").certainly_before(day)
