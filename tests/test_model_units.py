"""The pieces under issue 12's model: dates real sources write, charge shorthands, sentences, identifiers."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from pp_cli.charges import expand, match, prefixes, within
from pp_cli.date_text import parse_text
from pp_cli.dates import PartialDate
from pp_cli.models import Event, Identifier, Prisoner, Sentence


@pytest.mark.parametrize(("written", "lo", "hi"), [
    ("2007-01-13/2007-01-18", "2007-01-13", "2007-01-18"),
    ("2007-01/2007-03", "2007-01-01", "2007-03-31"),
    ("2014~", "2013-01-01", "2015-12-31"),  # around 2014: a year either side
    ("2014-05~", "2014-04-01", "2014-06-30"),
    ("2014-12-31~", "2014-12-30", "2015-01-01"),
    ("2014?", "2014-01-01", "2014-12-31"),  # uncertain keeps its bounds
    ("../2016-05-26", "0001-01-01", "2016-05-26"),  # EDTF's open start is `by`
])
def test_ranges_and_approximate_dates(written, lo, hi):
    d = PartialDate.parse(written)
    assert (d.lo, d.hi) == (date.fromisoformat(lo), date.fromisoformat(hi))
    assert PartialDate.parse(str(d)) == d  # written back as read


def test_ranges_and_approximate_dates_order_where_their_start_is():
    dates = [PartialDate.parse(t) for t in ("2007-01-14", "2007-01-13/2007-01-18", "2007-01", "2007~")]
    assert [str(d) for d in sorted(dates)] == ["2007~", "2007-01", "2007-01-13/2007-01-18", "2007-01-14"]


@pytest.mark.parametrize("wrong", ["2007-01-18/2007-01-13", "2014~~", "before 2014~", "2007/foo"])
def test_impossible_forms_are_refused(wrong):
    with pytest.raises(ValueError):
        PartialDate.parse(wrong)


def test_edtf_forms_are_what_the_reference_parser_reads():
    edtf = pytest.importorskip("edtf")
    for written in ("2016", "2016-05", "2007-01-13/2007-01-18", "2014~", "2014?", "2014%", "before 2016-05-26",
                    "by 2016-05"):
        edtf.parse_edtf(PartialDate.parse(written).edtf())  # raises on anything that is not EDTF
    assert PartialDate.parse("before 2016-05-26").edtf() == "../2016-05-25"


@pytest.mark.parametrize(("text", "context", "expected"), [
    ("22 November 2013", None, "2013-11-22"),
    ("22.11.2013", None, "2013-11-22"),
    ("Nov 2013", None, "2013-11"),
    ("13 to 18 January 2007", None, "2007-01-13/2007-01-18"),
    ("13 January to 2 February 2007", None, "2007-01-13/2007-02-02"),
    ("around 2014", None, "2014~"),
    ("c. 2014", None, "2014~"),
    ("10 May", "2016-05-26", "2016-05-10"),  # a day and month from the source's date
    ("30 December", "2016-05-26", "2015-12-30"),  # …the latest such day before it
    ("28 avqust 2014", None, "2014-08-28"),
    ("12 мая 2016", None, "2016-05-12"),
])
def test_dates_as_sources_write_them(text, context, expected):
    assert str(parse_text(text, context)) == expected


@pytest.mark.parametrize("text", ["10 May", "03/04/2013", "31 Feb 2013", "sometime"])
def test_dates_that_would_need_a_guess_are_refused(text):
    with pytest.raises(ValueError):
        parse_text(text)


def test_a_list_shorthand_is_one_charge_per_article():
    assert expand("29, 120.2.1; 228.1") == [{"article": "120.2.1", "qualifier_article": "29"}, {"article": "228.1"}]
    assert expand("Art. 234.4.3, 228.1") == [{"article": "234.4.3"}, {"article": "228.1"}]
    assert expand("214.2.1, 28") == [{"article": "214.2.1", "qualifier_article": "28"}]
    for wrong in ("28", "28, 29, 214", "234 bis"):
        with pytest.raises(ValueError):
            expand(wrong)


def test_articles_match_by_their_parts():
    assert list(prefixes("234.4.3")) == ["234.4.3", "234.4", "234"]
    assert within("214.2.1", "214") and not within("2140", "214") and not within("214-1.1", "214")
    keys = ["az:2000:220.1", "az:1960:220"]
    assert match("220", keys) and match("1960:220", ["az:1960:220"]) and not match("1960:220", ["az:2000:220.1"])
    assert match("az:2000:220", keys) and not match("ru:2000:220", keys)


def test_sentences_of_every_kind():
    assert Sentence(kind="life_imprisonment").text() == "life imprisonment"
    assert Sentence(years=7.5).text() == "7.5 years"
    assert Sentence(years=3, suspended=True).text() == "3 years (suspended)"
    for wrong in ({}, {"kind": "death", "years": 10}):
        with pytest.raises(ValidationError):
            Sentence(**wrong)


def test_one_verdict_with_a_term_for_each():
    event = Event.model_validate({"id": "v", "date": "2015", "type": "verdict", "title": "t", "people": ["a", "b", "c"],
                                  "sentence": {"years": 5},
                                  "sentences": [{"years": 8, "people": ["a"]}, {"kind": "life_imprisonment",
                                                                                "people": ["b"]}]})
    assert [event.sentence_of(p).text() for p in "abc"] == ["8 years", "life imprisonment", "5 years"]
    assert event.sentence_of("d") is None


def test_identifiers_check_wikidata_ids():
    assert Identifier(scheme="wikidata", id="Q42").id == "Q42"
    with pytest.raises(ValidationError):
        Identifier(scheme="wikidata", id="42")


def test_ages_and_birth_dates_narrow_each_other():
    p = Prisoner.model_validate({"id": "p", "name": "P Q", "country": "AZ", "born": "1956",
                                 "ages": [{"age": 58, "as_of": "2014-08"}]})
    assert p.birth_range() == (date(1956, 1, 1), date(1956, 8, 31))
    clash = p.model_copy(update={"born": PartialDate.parse("1970")})
    lo, hi = clash.birth_range()
    assert lo > hi  # cannot both be true: pp validate says so (PP330)
