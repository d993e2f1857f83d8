"""`pp report`: a Markdown briefing for a period."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def period(kb):
    kb.prisoner("ali-aliyev", "Ali Aliyev")
    kb.prisoner("sevda-huseynova", "Sevda Hüseynova")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", restricted="true")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev"],
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]")
    kb.event("2016-02-01-sevda-arrested", "2016-02-01", "arrest", ["sevda-huseynova"])
    kb.event("2016-03-17-sevda-pardoned", "2016-03-17", "pardon", ["sevda-huseynova"])
    kb.event("2016-02-zaur-arrested", "2016-02", "arrest", ["zaur-quliyev"], title='"A quiet arrest"')
    return kb


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else None]


def test_briefing_lists_arrests_releases_and_the_detained_at_the_end_of_the_period(run, period):
    result = run(period, "report", "--since", "2016", "--until", "2016-06-30")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Political prisoners: briefing, 2016 to 2016-06-30")
    arrested = section(text, "## Arrested")
    assert "Sevda Hüseynova" in arrested and "Zaur Quliyev" in arrested and "Ali Aliyev" not in arrested
    assert "(2 people)" in arrested
    released = section(text, "## Released")
    assert "Sevda Hüseynova" in released and "pardon 2016-03-17" in released
    detained = section(text, "## Detained on 2016-06-30")
    assert "Ali Aliyev" in detained and "Sevda" not in detained
    # Nothing confirms Ali's custody after his arrest in 2015-12: no figure runs to the end of the period.
    assert "at least 0 days (at most 30), to 2015-12, the last confirmation" in detained
    assert str((date(2016, 6, 30) - date(2015, 12, 1)).days) not in detained
    assert "| detained | 2 |" in text and "| released | 1 |" in text


def test_public_briefing_leaves_out_restricted_people(run, period):
    text = run(period, "report", "--since", "2016", "--public").stdout
    assert "Zaur" not in text and "A quiet arrest" not in text
    assert "Sevda Hüseynova" in text
    assert "restricted are left out" in text


def test_period_with_nothing_in_it_says_so(run, period):
    text = run(period, "report", "--since", "2010", "--until", "2010-12").stdout
    assert "No arrests on record in this period." in text
    assert "No releases on record in this period." in text


def test_until_before_since_is_a_usage_error(run, period):
    assert run(period, "report", "--since", "2016", "--until", "2015").exit_code == 2


def test_shipped_briefing_for_early_2016(run, shipped):
    text = run(shipped, "report", "--since", "2016", "--until", "2016-05-26").stdout
    released = section(text, "## Released")
    assert "Khadija Ismayilova" in released and "Rasul Jafarov" in released
    detained = section(text, "## Detained on 2016-05-26")
    assert "Fuad Qahramanli" in detained and "(9 people)" in detained
    assert "at least 147 days (at most 177), to 2016-05-26, the last confirmation" in detained
    assert "9 people detained on 2016-05-26" in text


def test_the_headline_says_when_its_as_of_dates_are_stale(run, shipped):
    text = run(shipped, "report").stdout
    assert "9 people detained, as last confirmed on 2016-05-26 — every one of these confirmations is more than a " \
           "year old" in text
