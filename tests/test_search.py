"""`pp search`: ranked full-text search, blind to case, diacritics and transliteration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pp_cli.formats import OutputFormat
from pp_cli.kb import load
from pp_cli.search import SearchDoc, documents, search


@pytest.fixture
def people(kb):
    kb.org("republican-alternative", "Republican Alternative", "party")
    kb.prisoner(
        "ilqar-mammadov", "Ilqar Mammadov", native_name='"İlqar Məmmədov"',
        other_names='["Ilgar Mammadov", {name: "Ilgar Mamedov", note: Russian-style}, "Ильгар Мамедов"]',
        former_ids="[ilgar-mammadov]", affiliations="[republican-alternative]",
        summary='"Leader of the Republican Alternative movement."',
    )
    kb.prisoner("khadija-ismayilova", "Khadija Ismayilova", native_name='"Xədicə İsmayılova"',
                summary='"Investigative journalist who wrote about Ilgar Mammadov once."')
    kb.prisoner("bayram-mammadov", "Bayram Mammadov", native_name='"Bayram Məmmədov"')
    kb.event("2016-05-nida-charged", "2016-05", "charged", ["bayram-mammadov"],
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]",
             summary='"Charged after spraying graffiti on a statue."')
    return kb


def hits(run, target, *query: str) -> list[dict]:
    result = run(target, "search", *query, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def found_people(run, target, *query: str) -> list[str]:
    return [h["id"] for h in hits(run, target, *query) if h["kind"] == "prisoner"]


@pytest.mark.parametrize(
    "query",
    ["Ilqar Mammadov", "İlqar Məmmədov", "Ilgar Mammadov", "Ilgar Mamedov", "Ильгар Мамедов", "ilqar-mammadov",
     "ilgar-mammadov", "ILGAR MAMMADOV", "ilqar memmedov"],
)
def test_finds_a_person_by_every_name_variant_first(run, people, query):
    assert found_people(run, people, query)[0] == "ilqar-mammadov"


def test_azerbaijani_and_english_spellings_find_the_same_people(run, people):
    assert found_people(run, people, "Məmmədov") == found_people(run, people, "Mammadov")
    assert set(found_people(run, people, "Mamedov")) >= {"ilqar-mammadov", "bayram-mammadov"}


def test_on_the_shipped_data_mammadov_and_its_azerbaijani_spelling_agree(run, shipped):
    assert found_people(run, shipped, "Məmmədov") == found_people(run, shipped, "Mammadov")
    # The two people called Mammadov first; then a summary that mentions one of them.
    assert set(found_people(run, shipped, "Mammadov")[:2]) == {"ilqar-mammadov", "bayram-mammadov"}
    assert found_people(run, shipped, "Xədicə")[0] == found_people(run, shipped, "Khadija")[0] == "khadija-ismayilova"


def test_names_rank_above_a_mention_in_someone_elses_summary(run, people):
    assert found_people(run, people, "Ilgar Mammadov") == ["ilqar-mammadov", "khadija-ismayilova"]


def test_searches_summaries_event_titles_charges_and_source_titles(run, people):
    assert [h["id"] for h in hits(run, people, "graffiti")] == ["2016-05-nida-charged"]
    charge = hits(run, people, "drug possession")
    # The event, and the person charged in it: a person's charges are searchable with them.
    assert {(h["id"], h["field"]) for h in charge} == {("2016-05-nida-charged", "charges"),
                                                       ("bayram-mammadov", "charges")}
    assert {h["id"] for h in hits(run, people, "234")} == {"2016-05-nida-charged", "bayram-mammadov"}
    assert "khadija-ismayilova" in [h["id"] for h in hits(run, people, "A report")]  # the source's title


def test_every_word_must_match_and_prefixes_of_three_letters_count(run, people):
    assert found_people(run, people, "invest") == ["khadija-ismayilova"]
    assert run(people, "search", "khadija", "bayram").exit_code == 1
    assert found_people(run, people, "khadija journalist") == ["khadija-ismayilova"]


def test_results_show_kind_id_title_and_a_snippet_with_the_match(run, people):
    (hit,) = hits(run, people, "graffiti")
    assert (hit["kind"], hit["id"], hit["date"]) == ("event", "2016-05-nida-charged", "2016-05")
    assert hit["title"].startswith("charged of")
    assert "graffiti" in hit["snippet"]
    table = run(people, "search", "graffiti", "--format", "table").stdout
    assert "graffiti" in table and "2016-05-nida-charged" in table


def test_kind_filter(run, people):
    assert {h["kind"] for h in hits(run, people, "Mammadov", "--kind", "event")} <= {"event"}
    assert run(people, "search", "x", "--kind", "nonsense").exit_code == 2


def test_nothing_found_exits_1(run, people):
    result = run(people, "search", "zzzzz")
    assert result.exit_code == 1 and "nothing matches" in result.stderr


def test_an_empty_query_is_a_usage_error(run, people):
    assert run(people, "search", "!!!").exit_code == 2


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders(run, people, fmt):
    result = run(people, "search", "Mammadov", "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert "ilqar-mammadov" in result.stdout


def test_record_text_is_shown_literally(run, kb):
    kb.prisoner("x", "Boom", summary='"[bold]graffiti[/bold] \\e[2J"')
    result = run(kb, "search", "graffiti", "--format", "table")
    assert "[bold]graffiti[/bold]" in result.stdout
    assert "\x1b[2J" not in result.stdout and "\\x1b" in result.stdout


def test_documents_are_plain_json_and_search_the_same_after_a_round_trip(people):
    loaded = load(Path(people.root), use_cache=False)
    docs = list(documents(loaded))
    assert {(d.kind, d.id) for d in docs} >= {("prisoner", "ilqar-mammadov"), ("event", "2016-05-nida-charged"),
                                             ("organization", "republican-alternative")}
    stored = json.loads(json.dumps([d.to_dict() for d in docs]))
    again = [SearchDoc.from_dict(d) for d in stored]
    assert again == docs
    assert search(again, "Məmmədov", 10) == search(docs, "Mamedov", 10)


def test_normalised_fields_align_word_for_word_with_the_text(people):
    docs = documents(load(Path(people.root), use_cache=False))
    for doc in docs:
        for name, text in doc.text.items():
            from pp_cli.search import words

            assert len(doc.norm[name].split(" ")) == len(words(text)), (doc.id, name)


def test_search_repeats_from_the_cache_without_rereading_files(run, people, monkeypatch):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)  # this test is about the cache, even in CI's no-cache pass
    first = hits(run, people, "Mammadov")
    monkeypatch.setenv("PP_TRACE", "1")
    second = run(people, "search", "Mammadov", "--format", "json")
    assert json.loads(second.stdout) == first
    # nothing was parsed (files written this second are hashed again: the racy rule), the stored documents answered
    assert all(line.startswith(("pp: parsed 0 of", "pp: parsed no files")) for line in second.stderr.splitlines()
               if line.startswith("pp: parsed"))
