"""No silently empty answers: unknown filter values are errors naming what exists; countries by name."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def small(kb):
    kb.org("nida", "N!DA")
    kb.org("popular-front-party", "Popular Front Party of Azerbaijan", "party")
    kb.prisoner("bayram", "Bayram Mammadov", affiliations="[nida]")
    kb.prisoner("former", "Former Member",
                affiliations="[{org: nida, since: '2012', until: '2014'}]")
    kb.prisoner("fuad", "Fuad Qahramanli", affiliations="[popular-front-party]")
    kb.event("2016-05-bayram-charged", "2016-05", "charged", ["bayram"],
             charges="['29, 120.2.1; 228.1', {article: '28, 214.2.1', category: drugs}]")
    return kb


def ids(run, kb, *args: str) -> list[str]:
    result = run(kb, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


def test_an_unknown_charge_is_an_error_with_a_suggestion(run, small):
    result = run(small, "list", "--charge", "drug")
    assert result.exit_code == 2
    assert "unknown charge `drug`" in result.stderr and "did you mean `drugs`?" in result.stderr
    assert ids(run, small, "--charge", "drugs") == ["bayram"]


def test_a_compound_charge_entry_is_found_by_each_article(run, small):
    # "28, 214.2.1" is article 214.2.1 with article 28 (preparation) as its qualifier; a list holds one each
    for article in ("214", "214.2.1", "120", "228"):
        assert ids(run, small, "--charge", article) == ["bayram"], article
    assert ids(run, small, "--charge", "999") == []  # a well-formed article no one is charged under


def test_countries_by_name_or_code_and_an_unknown_one_is_an_error(run, small):
    everyone = ["bayram", "former", "fuad"]
    assert ids(run, small, "--country", "Azerbaijan") == everyone
    assert ids(run, small, "--country", "az") == ids(run, small, "--country", "AZE") == everyone
    result = run(small, "list", "--country", "Azerbajan")
    assert result.exit_code == 2 and "did you mean `Azerbaijan`?" in result.stderr


def test_affiliation_by_name_or_other_name_and_current_members_only(run, small):
    assert ids(run, small, "--affiliation", "N!DA") == ["bayram", "former"]
    assert ids(run, small, "--affiliation", "nida", "--current") == ["bayram"]
    assert ids(run, small, "--affiliation", "Popular Front Party of Azerbaijan") == ["fuad"]
    result = run(small, "list", "--affiliation", "nidaa")
    assert result.exit_code == 2 and "did you mean `nida`?" in result.stderr


def test_stats_refuses_unknown_values_too(run, small):
    assert run(small, "stats", "--charge", "drug").exit_code == 2
    assert run(small, "stats", "--country", "Azerbaijan", "--format", "json").exit_code == 0


def test_an_as_of_count_says_how_many_were_unknown_then(run, small):
    small.event("2015-12-fuad-arrested", "2015-12", "arrest", ["fuad"])
    result = run(small, "list", "--status", "detained", "--as-of", "2016-01-01")
    assert result.exit_code == 0
    assert "1 person matched on 2016-01-01; 2 people's status unknown then" in result.stderr


def test_a_country_that_is_no_iso_code_is_a_validation_error(run, kb):
    kb.prisoner("x", "X Y", country="ZZ")
    result = run(kb, "validate", "--format", "json")
    assert result.exit_code == 1
    assert "PP208" in {p["code"] for p in json.loads(result.stdout)["problems"]}


def test_people_facing_tables_use_words_machine_formats_codes(run, small):
    small.prisoner("ali", "Ali Aliyev", roles="[youth_activist]", affiliations="[nida]")
    table = run(small, "list", "--format", "markdown").stdout
    assert "youth activist" in table and "youth_activist" not in table and "N!DA" in table
    tsv = run(small, "list", "--format", "tsv").stdout
    assert "youth_activist" in tsv and "\tnida\t" in tsv
