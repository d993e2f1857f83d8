"""What the model holds for real lists (issue 12), end to end through `pp`.

The fixture in tests/fixtures/lists is made up: a group case of seven with a
term for each, places of detention spelled three ways, a brother arrested to
pressure an exiled blogger, a father known only by his age, two editions of a
list, and a 1990s death sentence under the 1960 code commuted to life. The
code registry is the shipped data/codes/az.yaml.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

FIXTURE = Path(__file__).parent / "fixtures" / "lists"


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    root = tmp_path / "lists"
    shutil.copytree(FIXTURE, root)
    (root / "data" / "codes").mkdir()
    shutil.copy(REPO / "data" / "codes" / "az.yaml", root / "data" / "codes" / "az.yaml")
    return root


def show(run, root: Path, *args: str) -> str:
    result = run(root, "show", *args, "--format", "table")
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())  # the terminal folds long lines


def test_the_fixture_validates(run, lists):
    result = run(lists, "validate", "--max-age", "off")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stderr + result.stdout


# --------------------------------------------------------------------------- places, sentences, relations, ages


def test_show_says_where_a_person_is_held_as_of_when(run, lists):
    text = show(run, lists, "Bakhtiyar Guliyev")
    # the transfer wrote "Kurdakhani SIZO"; the registry knows it as one place, with an address
    assert "held at Kurdakhani pre-trial detention centre, as of 2014-08-10" in text
    assert "Kurdakhani settlement, Sabunchu district" in text


def test_a_later_transfer_moves_the_person(run, lists):
    assert "held at Penitentiary institution No. 14, as of 2015-06" in show(run, lists, "anar-aliyev")
    assert "held at Kurdakhani" in show(run, lists, "anar-aliyev", "--as-of", "2015-01-01")


def test_a_group_verdict_gives_each_defendant_their_own_term(run, lists):
    assert "Sentence 8 years (2015-05-06, verdict)" in show(run, lists, "anar-aliyev")
    assert "Sentence 6 years (2015-05-06, verdict)" in show(run, lists, "rashad-huseynov")


def test_a_reduction_on_appeal_and_a_commutation_are_events(run, lists):
    assert "5 years (2015-09-15, sentence reduced); before: 6 years (2015-05-06)" in show(run, lists, "farid-hasanov")
    text = show(run, lists, "Rauf Mammadli")
    assert "life imprisonment (1998-02, sentence commuted); before: death (1996-04)" in text


def test_relations_show_on_both_sides(run, lists):
    brother = show(run, lists, "Elnur Karimov")
    assert "sibling of Tural Karimov" in brother
    assert "detained to put pressure on Tural Karimov" in brother
    assert "child of Tofiq Karimov" in brother  # declared only in the father's record
    blogger = show(run, lists, "Tural Karimov")
    assert "pressured through the detention of Elnur Karimov" in blogger


def test_an_age_at_a_date_gives_the_birth_dates_it_allows(run, lists):
    assert "58 in 2014-08 (born between 1955-08-02 and 1956-08-31)" in show(run, lists, "Tofiq Karimov")


def test_identifiers_and_name_parts_are_shown(run, lists):
    text = show(run, lists, "Anar Aliyev")
    assert "wikidata Q4115189; ufppa A-17" in text
    assert "given name: Anar; patronymic: Nazim; surname: Aliyev" in text


def test_show_as_json_carries_the_new_sections(run, lists):
    doc = json.loads(run(lists, "show", "farid-hasanov", "--format", "json").stdout)
    assert doc["held_at"] is None  # never transferred anywhere on record
    assert [s["years"] for s in doc["sentences"]] == [6, 5]
    assert doc["cases"][0]["id"] == "youth-case-2014"
    assert len(doc["cases"][0]["co_defendants"]) == 6


# --------------------------------------------------------------------------- charges and the code registry


def test_charges_are_filled_in_from_the_registry(run, lists):
    text = show(run, lists, "Farid Hasanov")
    assert "preparation (28), article 220: mass disorder [public_order]" in text
    assert "article 234.4.3: illegal drug trafficking with intent to sell, aggravated [drugs]" in text
    # 234.4.3 was brought against two of the seven only
    assert "234.4.3" not in show(run, lists, "Anar Aliyev")


def test_charge_filter_matches_by_article_parts(run, lists):
    result = run(lists, "list", "--charge", "234", "--format", "csv")
    ids = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert ids == ["elnur-karimov", "elvin-mammadov", "farid-hasanov"]  # 234.2 and 234.4.3
    assert "anar-aliyev" in run(lists, "list", "--charge", "220", "--format", "csv").stdout
    assert run(lists, "list", "--charge", "22", "--format", "csv").stdout.count("\n") == 1  # 22 is not 220


def test_the_1960_code_and_the_2000_code_are_told_apart(run, lists):
    only_1960 = run(lists, "list", "--charge", "1960:226", "--format", "csv").stdout
    assert "rauf-mammadli" in only_1960
    assert "rauf-mammadli" not in run(lists, "list", "--charge", "2000:226", "--format", "csv").stdout
    assert "226 (1960 code)" in show(run, lists, "Rauf Mammadli")
    doc = json.loads(run(lists, "stats", "--format", "json").stdout)
    labels = {i["value"] for i in doc["article_counts"]}
    assert "226 (1960)" in labels and "220" in labels


def test_validate_reports_an_article_the_registry_does_not_have(run, lists):
    path = lists / "data" / "events" / "2015" / "2015-02-elnur-karimov-arrested.yaml"
    path.write_text(path.read_text().replace('"234.2"', '"999.1"'), encoding="utf-8")
    result = run(lists, "validate", "--max-age", "off")
    assert result.exit_code == 1
    assert "error PP720: article 999.1 is not in the registry of Criminal Code of the Republic of Azerbaijan, " \
           "2000 edition" in result.stdout


def test_validate_reports_registry_mismatches(run, kb):
    shutil.copytree(REPO / "data" / "codes", kb.root / "data" / "codes")
    kb.prisoner("a", "Ali Veliyev")
    kb.event("e1", "2015-05", "charged", ["a"], charges='[{article: "220", edition: "1970"}]')
    kb.event("e2", "2015-06", "charged", ["a"], charges='[{article: "234", category: hooliganism}]')
    kb.event("e3", "2015-07", "charged", ["a"], charges='["29"]')
    kb.event("e4", "2015-08", "charged", ["a"], charges='[{article: "220", qualifier_article: "27"}]')
    kb.event("e5", "2015-09", "charged", ["a"], charges='[{article: "220", code: xx}]')
    result = run(kb, "validate", "--max-age", "off", "--format", "json")
    found = {(p["path"].rsplit("/", 1)[-1], p["code"]) for p in json.loads(result.stdout)["problems"]}
    assert ("e1.yaml", "PP721") in found  # no such edition
    assert ("e2.yaml", "PP724") in found  # category differs from the registry's
    assert ("e3.yaml", "PP102") in found  # 29 alone qualifies nothing: refused when read
    assert ("e4.yaml", "PP723") in found  # 27 is not a qualifier
    assert ("e5.yaml", "PP722") in found  # no registry for code xx


def test_an_unquoted_article_number_is_refused_with_a_hint(run, kb):
    kb.prisoner("a", "Ali Veliyev")
    kb.event("e1", "2015-05", "charged", ["a"], charges="[{article: 220.10}]")
    result = run(kb, "validate", "--max-age", "off")
    assert result.exit_code == 1
    assert 'write the article in quotes, like "220.1"' in result.stdout


def test_old_charges_with_several_articles_in_one_still_load(run, kb):
    kb.prisoner("a", "Ali Veliyev")
    kb.event("e1", "2015-05", "charged", ["a"],
             charges='[{article: "28, 214.2.1", description: "preparing terrorism", category: terrorism}]')
    assert run(kb, "validate", "--max-age", "off").exit_code == 0
    assert "a," in run(kb, "list", "--charge", "214", "--format", "csv").stdout  # 214 finds 214.2.1


# --------------------------------------------------------------------------- cases


def test_a_case_has_its_own_page(run, lists):
    text = show(run, lists, "--case", "youth-case-2014")
    assert text.startswith("Case of the seven youth activists")
    assert "Defendants (7)" in text
    assert "Court Baku Court of Grave Crimes" in text
    doc = json.loads(run(lists, "show", "--case", "youth-case-2014", "--format", "json").stdout)
    farid = next(d for d in doc["defendants"] if d["id"] == "farid-hasanov")
    assert farid["status"] == "detained"
    assert farid["sentence"] == {"text": "5 years", "date": "2015-09-15",  # the term that stands
                                 "event": "2015-09-15-sentence-reduced-on-appeal"}
    assert farid["charges"] == ["220", "228", "234.4.3"]
    assert show(run, lists, "youth-case-2014") == text  # an id that is a case's shows the case
    assert show(run, lists, "--case", "Youth activists case") == text  # and so does one of its names


def test_an_unknown_case_is_a_usage_error(run, lists):
    result = run(lists, "show", "--case", "no-such-case")
    assert result.exit_code == 2
    assert "known cases: youth-case-2014" in result.stderr


def test_timeline_of_a_case(run, lists):
    result = run(lists, "timeline", "--case", "youth-case-2014", "--format", "csv")
    ids = [line.rsplit(",", 1)[-1] for line in result.stdout.splitlines()[1:]]
    assert ids == ["2014-03-07-youth-activists-arrested", "2014-08-10-transfer-to-kurdakhani",
                   "2014-11-trial-of-youth-activists", "2015-05-06-youth-activists-sentenced",
                   "2015-09-15-sentence-reduced-on-appeal"]


def test_stats_count_cases_as_well_as_people(run, lists):
    result = run(lists, "stats", "--by", "case", "--format", "csv")
    assert result.stdout.splitlines()[1] == "youth-case-2014,Case of the seven youth activists,7,latest"
    doc = json.loads(run(lists, "stats", "--format", "json").stdout)
    assert doc["cases"]["cases"] == 1 and doc["cases"]["group_cases"] == 1
    assert doc["cases"]["people_in_cases"] == 7 and doc["people"] == 11


def test_validate_knows_cases_and_defendants(run, kb):
    kb.prisoner("a", "Ali Veliyev")
    kb.write("data/cases/c.yaml", "id: c\nname: A case\ncountry: AZ\ndefendants: [a, b]\n"
             "sources:\n  - url: https://example.org/c\n    title: C\n")
    kb.event("e1", "2015-05", "verdict", ["a"], case="d",
             sentences="[{years: 3, people: [a]}, {years: 4, people: [a, x]}]")
    result = run(kb, "validate", "--max-age", "off", "--format", "json")
    codes = sorted(p["code"] for p in json.loads(result.stdout)["problems"])
    assert codes == ["PP201", "PP220", "PP222", "PP223"]  # b unknown; case d unknown; x not sentenced; a twice


# --------------------------------------------------------------------------- lists and their editions


def test_stats_show_who_each_list_edition_recognises(run, lists):
    doc = json.loads(run(lists, "stats", "--format", "json").stdout)
    editions = {(i["value"], i["edition"]): i for i in doc["lists"]}
    assert editions[("ufppa", "2014-08")]["people"] == 7
    later = editions[("ufppa", "2015-01")]
    assert later["people"] == 6
    assert later["by_kind"] == {"prisoner_of_conscience": 1, "political_prisoner": 5}
    assert later["who"][0] == {"id": "anar-aliyev", "name": "Anar Aliyev", "place": "A.1",
                               "kind": "prisoner_of_conscience"}


def test_diff_between_editions_of_a_list(run, lists):
    result = run(lists, "diff", "--list", "ufppa", "2014-08", "2015-01")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "UFPPA list, 2014-08 → 2015-01: 7 → 6 people; 1 added, 2 removed" in text
    assert "+ Elnur Karimov (B.1) [elnur-karimov]" in text
    assert "- Farid Hasanov (A.4) [farid-hasanov]" in text and "- Zaur Novruzov (A.7)" in text
    assert "Ilkin Rustamov: A.5 → A.5" not in text and "Rashad Huseynov: A.6 → A.4" in text
    assert "Anar Aliyev: political_prisoner → prisoner_of_conscience" in text
    assert json.loads(run(lists, "diff", "--list", "ufppa", "--format", "json").stdout)["new"] == "2015-01"


def test_diff_of_an_unknown_list_or_edition_is_a_usage_error(run, lists):
    assert run(lists, "diff", "--list", "memorial").exit_code == 2
    result = run(lists, "diff", "--list", "ufppa", "2013-01", "2015-01")
    assert result.exit_code == 2 and "its editions: 2014-08, 2015-01" in result.stderr


# --------------------------------------------------------------------------- exports and privacy


def test_exports_carry_identifiers_relations_and_cases(run, lists, tmp_path):
    doc = json.loads(run(lists, "export", "--format", "json").stdout)
    anar = next(p for p in doc["prisoners"] if p["id"] == "anar-aliyev")
    assert {"scheme": "wikidata", "id": "Q4115189"}.items() <= anar["identifiers"][0].items()
    assert [c["id"] for c in doc["cases"]] == ["youth-case-2014"] and [c["id"] for c in doc["codes"]] == ["az"]
    csv_text = run(lists, "export", "--format", "csv").stdout
    assert "wikidata:Q4115189; ufppa:A-17" in csv_text
    assert "sibling:tural-karimov; held_to_pressure:tural-karimov" in csv_text
    events = run(lists, "export", "--format", "csv", "--events").stdout
    assert "anar-aliyev: 8 years; ilkin-rustamov: 8 years" in events


def test_a_restricted_person_does_not_leak_through_relations(run, lists):
    path = lists / "data" / "prisoners" / "elnur-karimov.yaml"
    path.write_text(path.read_text() + "restricted: true\n", encoding="utf-8")
    public = run(lists, "export", "--format", "json", "--public").stdout
    assert "elnur-karimov" not in public
    assert "tural-karimov" in public  # the brother he points at is public
    full = run(lists, "export", "--format", "json").stdout
    assert "elnur-karimov" in full


def test_a_withheld_defendant_leaves_no_trace_in_sentences_or_cases(run, lists):
    path = lists / "data" / "prisoners" / "zaur-novruzov.yaml"
    path.write_text(path.read_text() + "restricted: true\n", encoding="utf-8")
    public = run(lists, "export", "--format", "json", "--public").stdout
    assert "zaur-novruzov" not in public
    assert "bakhtiyar-guliyev" in public


def test_restricted_fields_can_name_the_new_fields(run, lists):
    path = lists / "data" / "prisoners" / "anar-aliyev.yaml"
    path.write_text(path.read_text() + "restricted_fields: [identifiers]\n", encoding="utf-8")
    assert run(lists, "validate", "--max-age", "off").exit_code == 0
    public = run(lists, "export", "--format", "json", "--public").stdout
    assert "Q4115189" not in public
