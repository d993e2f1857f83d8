"""`pp import`: a made-up messy list (CSV and XLSX) imports, validates, re-imports with no changes, and matches people.

The fixture tests/fixtures/import/list-2014.csv is invented (no real people): a
semicolon-separated UTF-8 sheet with a byte-order mark, section-title rows
("A. Journalists and bloggers") that give each person's place in the list,
a header with a trailing space, dates in many forms (one ambiguous, one
approximate, one range, one day and month without a year), articles
separated by `;`, `,` and `and` (and "28, 214.2.1": an attempt qualifier),
a column of 1960-code articles, articles the code's registry lacks, a group
case whose verdict gives different terms, life and death sentences, places
of detention spelled three ways and one the knowledge base lacks, a person
listed twice under two spellings, two namesakes told apart by their
patronymics, a stray cell under no header and a column the map leaves out.
The knowledge base it goes into holds the shipped registry of the Criminal
Code of Azerbaijan (data/codes/az.yaml), two made-up places and a case.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SHEET = FIXTURES / "list-2014.csv"
MAP = FIXTURES / "list-2014.map.yaml"
SOURCE_URL = "https://example.org/lists/az-2014.pdf"


@pytest.fixture
def existing(kb):
    """A knowledge base that already holds three of the list's people, under other spellings."""
    kb.write("data/prisoners/rauf-mirzayev.yaml", """\
        # Written by hand; the import must keep this comment.
        id: rauf-mirzayev
        name: Rauf Mirzəyev
        born: "1980"
        country: AZ
        roles: [journalist]
        summary: Editor of a regional weekly.
        sources:
          - url: https://example.org/news/1
            title: A news report
        """)
    kb.write("data/events/2013/2013-11-22-rauf-mirzayev-arrested.yaml", """\
        id: 2013-11-22-rauf-mirzayev-arrested
        date: "2013-11-22"
        type: arrest
        title: Rauf Mirzəyev arrested
        people: [rauf-mirzayev]
        charges:
          - {article: "234.4.3", description: drug possession, category: drugs}
        sources:
          - {url: "https://example.org/news/1", title: A news report}
        """)
    kb.prisoner("kamran-aliyev", "Kamran Əliyev")
    kb.prisoner("samir-abdullayev", "Samir Abdullayev")
    kb.write("data/codes/az.yaml", (REPO / "data" / "codes" / "az.yaml").read_bytes())
    kb.write("data/organizations/kurdakhani.yaml", """\
        id: kurdakhani
        name: Kurdakhani pre-trial detention centre
        native_name: Kürdəxanı istintaq təcridxanası
        other_names: [Kurdakhani SIZO]
        type: pretrial_detention_centre
        country: AZ
        address: Kurdakhani settlement, Baku (made-up address)
        sources:
          - {url: "https://example.org/places", title: Places of detention (made up)}
        """)
    kb.write("data/organizations/prison-14.yaml", """\
        id: prison-14
        name: Penitentiary institution No. 14
        other_names: [Prison No. 14]
        type: prison
        country: AZ
        sources:
          - {url: "https://example.org/places", title: Places of detention (made up)}
        """)
    kb.write("data/cases/youth-case.yaml", """\
        id: youth-case
        name: Youth activists' case
        other_names: ["The youth activists' case"]
        country: AZ
        sources:
          - {url: "https://example.org/cases", title: Cases (made up)}
        """)
    return kb


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*.yaml"))}


def load(root: Path, relpath: str) -> dict:
    return yaml.safe_load((root / relpath).read_text(encoding="utf-8"))


def do_import(run, kb, *args: str, sheet: Path = SHEET, map_path: Path = MAP):
    return run(kb, "import", str(sheet), "--map", str(map_path), *args)


# --------------------------------------------------------------------------- the messy list, end to end


def test_the_messy_list_imports_validates_and_reimports_with_no_changes(run, existing):
    first = do_import(run, existing)
    assert first.exit_code == 1, first.output  # some values were reported, the rest imported
    assert "10 people created, 2 updated, 25 events created" in first.stderr
    written = files(existing.root)
    assert "data/prisoners/aysel-mammadli.yaml" in written and "data/prisoners/kamran-aliyev-2.yaml" in written

    validated = run(existing, "validate")
    assert validated.exit_code == 0, validated.output
    stale = re.search(r"(\d+) people's status was last confirmed more than a year ago \(PP602\)", validated.output)
    assert stale and f": {stale[1]} warnings" in validated.output, validated.output  # nothing but a 2014 list's age
    assert "error" not in validated.output

    again = do_import(run, existing)
    assert again.exit_code == 1  # the same values are still reported …
    assert "0 people created, 0 updated, 0 events created" in again.stderr and "nothing to change" in again.stderr
    assert again.stdout == ""
    assert files(existing.root) == written  # … and nothing changed


def test_rows_match_people_already_there_across_spellings_and_add_only_new_facts(run, existing):
    assert do_import(run, existing).exit_code == 1
    rauf = load(existing.root, "data/prisoners/rauf-mirzayev.yaml")
    assert rauf["name"] == "Rauf Mirzəyev"  # what was there stays
    assert {"Rauf Mirzayev", "Mirzaev Rauf Elchinovich"} <= {o["name"] for o in rauf["other_names"]}
    assert rauf["gender"] == "male" and rauf["patronymic"] == "Elchinovich"
    assert [s["url"] for s in rauf["sources"]] == ["https://example.org/news/1", SOURCE_URL]
    text = (existing.root / "data/prisoners/rauf-mirzayev.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Written by hand; the import must keep this comment.\nid: rauf-mirzayev\n")
    assert "roles: [journalist]\n" in text  # edited in place, not rewritten
    # the arrest and the drugs charge were already recorded: not again; the sentence and the place are new
    events = [e for e in sorted((existing.root / "data/events").rglob("*rauf*"))]
    assert [e.name for e in events] == [
        "2013-11-22-rauf-mirzayev-arrested.yaml",
        "2014-08-15-rauf-mirzayev-sentenced-to-7-years-6-months.yaml",
    ]
    sentence = load(existing.root, "data/events/2014/2014-08-15-rauf-mirzayev-sentenced-to-7-years-6-months.yaml")
    assert sentence["date"] == "by 2014-08-15" and sentence["sentence"] == {"years": 7.5}
    assert (rauf["facility"], rauf["facility_as_of"]) == ("kurdakhani", "2014-08-15")


def test_namesakes_are_two_people_told_apart_by_their_patronymics(run, existing):
    assert do_import(run, existing).exit_code == 1
    old = load(existing.root, "data/prisoners/kamran-aliyev.yaml")
    new = load(existing.root, "data/prisoners/kamran-aliyev-2.yaml")
    assert (old["patronymic"], old["born"]) == ("Vaqif", "1975")
    assert (new["patronymic"], new["born"], new["distinct_from"]) == ("Rasim", "1990", ["kamran-aliyev"])


def test_without_the_maps_match_entries_namesakes_are_reported_not_guessed(run, existing, tmp_path):
    text = MAP.read_text(encoding="utf-8").split("match:")[0]
    map_path = tmp_path / "map.yaml"
    map_path.write_text(text, encoding="utf-8")
    result = do_import(run, existing, "--dry-run", map_path=map_path)
    assert result.exit_code == 1
    assert result.stderr.count("uncertain match: `Kamran Aliyev` may be kamran-aliyev") == 2
    assert "match:` (Kamran Vaqif oglu Aliyev: kamran-aliyev" in result.stderr  # the hint says what to write
    assert "kamran-aliyev-2" not in result.stdout


def test_a_person_listed_twice_is_one_person_with_both_spellings(run, existing):
    assert do_import(run, existing).exit_code == 1
    ramil = load(existing.root, "data/prisoners/ramil-huseynov.yaml")
    assert ramil["name"] == "Ramil Hüseynov"
    assert {o["name"] for o in ramil["other_names"]} == {"Ramil Guseynov", "Ramil Huseynov"}
    assert not (existing.root / "data/prisoners/ramil-guseynov.yaml").exists()
    # listed twice in the same edition of the list: the first place is kept, the second reported
    assert [(r["section"], r["number"]) for r in ramil["recognitions"]] == [("B", "8")]


def test_dates_are_read_at_the_precision_the_list_gives(run, existing):
    assert do_import(run, existing).exit_code == 1
    root = existing.root
    assert load(root, "data/events/2013/2013-11-22-aysel-mammadli-arrested.yaml")["date"] == "2013-11-22"
    assert load(root, "data/events/2013/2013-11-kamran-aliyev-arrested.yaml")["date"] == "2013-11"  # "Nov 2013"
    assert load(root, "data/events/2014/2014-05-12-kamran-aliyev-arrested.yaml")["date"] == "2014-05-12"  # мая
    assert load(root, "data/events/2014/2014-leyla-qanbarova-arrested.yaml")["date"] == "2014"
    assert load(root, "data/prisoners/aysel-mammadli.yaml")["born"] == "1991-03-12"  # 12.03.1991, day first
    assert load(root, "data/prisoners/orxan-nabiyev.yaml")["born"] == "1979~"  # "around 1979"
    # "13-18 January 2014": a range, filed under its first day
    assert load(root, "data/events/2014/2014-01-13-orxan-nabiyev-arrested.yaml")["date"] == "2014-01-13/2014-01-18"
    # "10 May" in a list published on 2014-08-15: the latest 10 May on or before it
    assert load(root, "data/events/2014/2014-05-10-zaur-quluzada-arrested.yaml")["date"] == "2014-05-10"
    # charges without a date of their own are dated by the verdict, where the sheet gives one, else by the list
    assert load(root, "data/events/1996/1996-03-vuqar-samadov-charged-under-article-226-1960.yaml")["date"] == \
        "by 1996-03"
    shown = run(existing, "show", "orxan-nabiyev").stdout
    assert "1979~" in shown and "2014-01-13/2014-01-18" in shown


def test_every_value_not_placed_is_reported_with_its_row_and_column(run, existing):
    result = do_import(run, existing)
    err = " ".join(result.stderr.split())
    assert "row 11, column `Date of arrest`: not imported: '03/04/2013' could be 3 April 2013 or 4 March 2013" in err
    assert "row 11, column `D.O.B.`: not imported: '03/04/1985' could be" in err and "day_first: true" in err
    assert "row 13, column `Category`: not imported: `Opposition` is not a role pp knows" in err
    assert "row 15, column `Charge category`: not imported: `contraband` is not a charge category" in err
    assert "row 10: not imported: text under no known column header: `stray note`" in err
    assert "column `Photo`: not imported: column `Photo` is not in the map" in err
    assert "row 9, column `Full name`: uncertain match: `Samir Abdulla` may be samir-abdullayev" in err
    assert "row 14, column `Full name`: not imported: the row has no name, so its other cells were not imported (No.)" \
        in err
    # articles the code's registry lacks, with nothing in the sheet saying what they are: not invented
    assert ("row 6, column `Articles`: not imported: article 313 is not in data/codes/az.yaml (Criminal Code of the "
            "Republic of Azerbaijan, 2000 edition) and the sheet does not say what it is") in err
    assert "row 11, column `Articles`: not imported: article 221.3 is not in data/codes/az.yaml" in err
    assert "row 4, column `Place of detention`: not imported: `Prison No. 4` is not a place of detention" in err
    assert "create_facilities: true" in err
    assert ("row 7, column `Charge category`: conflict: kamran-aliyev-2: the sheet's category `extremism` for article "
            "214.2.1 differs from pp's `terrorism`") in err
    assert "row 12, column `No.`: conflict: ramil-huseynov: the sheet gives number `9` in ewg 2014-08, the record `8`" \
        in err
    assert "10 values not imported, 1 uncertain matches, 2 conflicts" in err


def test_the_source_is_cited_on_every_record_written(run, existing):
    before = files(existing.root)
    assert do_import(run, existing).exit_code == 1
    after = files(existing.root)
    changed = [p for p in after if before.get(p) != after[p]]
    assert len(changed) == 12 + 25
    for relpath in changed:
        assert SOURCE_URL in {s["url"] for s in load(existing.root, relpath)["sources"]}, relpath


def test_a_dry_run_prints_the_plan_and_writes_nothing(run, existing):
    before = files(existing.root)
    result = do_import(run, existing, "--dry-run")
    assert result.exit_code == 1
    assert "would create  data/prisoners/aysel-mammadli.yaml" in result.stdout
    assert "would update  data/prisoners/rauf-mirzayev.yaml" in result.stdout
    assert "(dry run: nothing written)" in result.stderr
    assert files(existing.root) == before


def test_facts_that_disagree_with_the_record_are_reported_and_left_alone(run, existing):
    existing.event("2014-02-01-rauf-sentenced", "2014-02-01", "sentenced", ["rauf-mirzayev"],
                   sentence="{description: five years, years: 5}")
    existing.prisoner("aysel-mammadli", "Aysel Məmmədli", born='"1991"')
    existing.event("2012-01-05-aysel-arrested", "2012-01-05", "arrest", ["aysel-mammadli"])
    before = files(existing.root)
    result = do_import(run, existing)
    err = result.stderr
    assert "row 3, column `Sentence`: conflict: rauf-mirzayev: the sheet's sentence `7 years 6 months` differs" in err
    assert ("row 4, column `Date of arrest`: conflict: aysel-mammadli: the sheet's arrest on 2013-11-22 is not the "
            "recorded arrest on 2012-01-05") in err
    assert "4 conflicts" in err  # these two, and the sheet's own two (see above)
    after = files(existing.root)
    assert not [p for p in after if "sentenced-to-7" in p or "2013-11-22-aysel" in p]
    arrest = "data/events/2012/2012-01-05-aysel-arrested.yaml"
    assert after[arrest] == before[arrest]


def test_a_different_birth_year_makes_a_namesake_a_different_person(run, existing):
    existing.prisoner("zaur-quluzada", "Zaur Quluzadə", born='"1985"')
    assert do_import(run, existing).exit_code == 1
    assert load(existing.root, "data/prisoners/zaur-quluzada.yaml")["born"] == "1985"
    namesake = load(existing.root, "data/prisoners/zaur-quluzada-2.yaml")
    assert (namesake["born"], namesake["distinct_from"]) == ("1992", ["zaur-quluzada"])
    assert run(existing, "validate").exit_code == 0


# --------------------------------------------------------------------------- charges, verdicts, places, lists


def test_charges_are_one_per_article_and_the_registry_describes_them(run, existing):
    assert do_import(run, existing).exit_code == 1
    root = existing.root
    attempt = load(root, "data/events/2014/2014-08-15-kamran-aliyev-charged-under-article-214-2-1-preparation-art.yaml")
    assert attempt["charges"] == [{"article": "214.2.1", "qualifier_article": "28"}]  # "28, 214.2.1" is one charge
    two = load(root, "data/events/2014/2014-08-15-aysel-mammadli-charged-under-articles-233-315-2.yaml")
    assert two["charges"] == [{"article": "233"}, {"article": "315.2"}]  # "Art. 233 and 315.2"
    old_code = load(root, "data/events/1996/1996-03-vuqar-samadov-charged-under-article-226-1960.yaml")
    assert old_code["charges"] == [{"article": "226", "edition": "1960"}]  # the map's column of 1960-code articles
    shown = " ".join(run(existing, "show", "kamran-aliyev-2").stdout.split())
    assert "preparation (28), article 214.2.1: terrorism [terrorism]" in shown
    shown = " ".join(run(existing, "show", "vuqar-samadov").stdout.split())
    assert "article 226 (1960 code): illegal manufacture" in shown and "death" in shown
    listed = run(existing, "list", "--charge", "214", "--format", "csv").stdout
    assert "kamran-aliyev-2" in listed and "kamran-aliyev," not in listed
    assert "vuqar-samadov" in run(existing, "list", "--charge", "1960:226", "--format", "csv").stdout
    assert "vuqar-samadov" not in run(existing, "list", "--charge", "2000:226", "--format", "csv").stdout


def test_an_article_the_registry_lacks_comes_in_only_as_the_sheet_describes_it(run, existing, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "Name;Country;Articles;Category\n"
        "Elmar Həsənov;AZ;221.3 (hooliganism);hooliganism\n"  # described and categorised: imported, to check
        "Fuad Əhmədli;AZ;221.3;hooliganism\n"  # not described: not invented
        "Samir Rzayev;AZ;221.3 (hooliganism);\n"  # no category
        'Ülvi Quliyev;AZ;"29, 120; 226 (1960)";"violence; drugs"\n'  # one category per charge; an edition in the cell
        "Anar Məmmədov;AZ;32, 214;terrorism\n"  # 32 is no qualifier the registry knows
        "Pavel Kuzmich;BY;243.2;tax evasion\n"  # no registry for Belarus: the sheet's category is all there is
        "Ales Zhuk;BY;342;\n", encoding="utf-8")
    map_path = tmp_path / "map.yaml"
    map_path.write_text(
        "source: {url: 'https://example.org/l', title: L, published: '2015-03'}\ncountry: AZ\n"
        "columns: {name: Name, country: Country, charges: Articles, charge_categories: Category}\n"
        "values: {charge_categories: {tax evasion: tax_evasion}}\n", encoding="utf-8")
    result = do_import(run, existing, sheet=path, map_path=map_path)
    assert result.exit_code == 1, result.output
    err = " ".join(result.stderr.split())
    assert ("row 2, column `Articles`: check: article 221.3 is not in data/codes/az.yaml (Criminal Code of the "
            "Republic of Azerbaijan, 2000 edition); imported as the sheet describes it (hooliganism, "
            "hooliganism)") in err
    assert "row 3, column `Articles`: not imported: article 221.3 is not in data/codes/az.yaml" in err
    assert "and the sheet does not say what it is" in err and "`221.3 (…)`" in err
    assert "row 4, column `Articles`: not imported: article 221.3" in err and "gives no category for it" in err
    assert "row 6, column `Articles`: not imported: article 32 (qualifying 214) is not a preparation" in err
    assert "row 8, column `Articles`: not imported: article 342 is not in any criminal-code registry for BY" in err
    assert "1 to check" in err
    described = next((existing.root / "data/events").rglob("*elmar*charged*"))
    assert yaml.safe_load(described.read_text())["charges"] == [
        {"article": "221.3", "description": "hooliganism", "category": "hooliganism"}]
    both = next((existing.root / "data/events").rglob("*ulvi*charged*"))
    assert yaml.safe_load(both.read_text())["charges"] == [{"article": "120", "qualifier_article": "29"},
                                                           {"article": "226", "edition": "1960"}]
    belarus = next((existing.root / "data/events").rglob("*pavel*charged*"))
    assert yaml.safe_load(belarus.read_text())["charges"] == [{"article": "243.2", "category": "tax_evasion"}]
    assert not list((existing.root / "data/events").rglob("*fuad*charged*"))
    validated = run(existing, "validate")
    assert validated.exit_code == 0 and "warning PP720: article 221.3 is not in the registry" in validated.output
    assert "error" not in validated.output.replace("0 errors", "")


def test_a_group_verdict_is_one_event_with_each_defendants_term(run, existing):
    assert do_import(run, existing).exit_code == 1
    verdict = load(existing.root, "data/events/2014/2014-06-06-verdict-in-youth-activists-case.yaml")
    assert (verdict["type"], verdict["case"]) == ("sentenced", "youth-case")
    assert verdict["people"] == ["tural-hasanli", "elvin-qasimov", "nargiz-aliyeva"]  # "06.06.2014", "6 June 2014"
    assert verdict["sentences"] == [{"years": 5, "people": ["tural-hasanli"]},
                                    {"years": 6, "people": ["elvin-qasimov", "nargiz-aliyeva"]}]
    # the rows' other events join the case too; their charges are dated by the verdict
    arrest = load(existing.root, "data/events/2014/2014-05-12-tural-hasanli-arrested.yaml")
    assert arrest["case"] == "youth-case"
    charged = load(existing.root, "data/events/2014/2014-06-06-tural-hasanli-charged-under-article-228.yaml")
    assert (charged["date"], charged["case"]) == ("by 2014-06-06", "youth-case")
    page = " ".join(run(existing, "show", "--case", "youth-case").stdout.split())
    assert "Defendants (3)" in page and "Tural Həsənli detained" in page and "5 years (2014-06-06)" in page
    assert "Sentence 6 years (2014-06-06" in " ".join(run(existing, "show", "nargiz-aliyeva").stdout.split())
    life = load(existing.root, "data/events/2014/2014-08-15-kamran-aliyev-sentenced-to-life.yaml")
    assert life["sentence"] == {"kind": "life_imprisonment"}
    death = load(existing.root, "data/events/1996/1996-03-vuqar-samadov-sentenced-to-death-penalty.yaml")
    assert (death["date"], death["sentence"]) == ("1996-03", {"kind": "death"})


def test_a_sentence_recorded_before_sentence_kinds_is_the_same_sentence(run, existing, tmp_path):
    existing.prisoner("kamran-aliyev-2", "Kamran Aliyev", patronymic="Rasim", born='"1990"')
    existing.event("2014-07-01-kamran-sentenced", "2014-07-01", "sentenced", ["kamran-aliyev-2"],
                   sentence="{description: life imprisonment}")
    result = do_import(run, existing)
    assert "sentenced-to-life" not in result.stdout
    assert "the sheet's sentence `life` differs" not in result.stderr


def test_places_of_detention_are_facilities_matched_across_spellings(run, existing):
    # Kamran Əliyev was moved after the list's date: the later event stands
    existing.event("2014-08-20-kamran-moved", "2014-08-20", "transfer", ["kamran-aliyev"], facility="kurdakhani")
    result = do_import(run, existing)
    held = {pid: load(existing.root, f"data/prisoners/{pid}.yaml").get("facility") for pid in (
        "rauf-mirzayev", "tural-hasanli", "leyla-qanbarova", "elvin-qasimov", "vuqar-samadov", "kamran-aliyev")}
    assert held == {"rauf-mirzayev": "kurdakhani",  # its name
                    "tural-hasanli": "kurdakhani",  # "Kurdaxani SIZO": another transliteration of another name
                    "leyla-qanbarova": "kurdakhani",  # its native name
                    "elvin-qasimov": "kurdakhani",
                    "vuqar-samadov": "prison-14",  # "Prison No. 14", one of its other names
                    "kamran-aliyev": None}
    err = " ".join(result.stderr.split())
    assert ("row 6, column `Place of detention`: conflict: kamran-aliyev: the sheet says held at Penitentiary "
            "institution No. 14 as of 2014-08-15, but 2014-08-20-kamran-moved says Kurdakhani pre-trial detention "
            "centre as of 2014-08-20; left as it is") in err
    shown = " ".join(run(existing, "show", "tural-hasanli").stdout.split())
    assert "held at Kurdakhani pre-trial detention centre, as of 2014-08-15 — letters: Kurdakhani settlement" in shown
    assert not list((existing.root / "data/organizations").glob("prison-no-4*"))  # reported, not created


def test_each_person_is_placed_in_the_lists_edition_and_editions_can_be_compared(run, existing, tmp_path):
    assert do_import(run, existing).exit_code == 1
    rauf = load(existing.root, "data/prisoners/rauf-mirzayev.yaml")
    assert [{k: v for k, v in r.items() if k != "sources"} for r in rauf["recognitions"]] == [
        {"by": "Example Working Group list", "list": "ewg", "edition": "2014-08", "kind": "political_prisoner",
         "section": "A", "number": "1"}]
    vuqar = load(existing.root, "data/prisoners/vuqar-samadov.yaml")
    assert (vuqar["recognitions"][0]["section"], vuqar["recognitions"][0]["number"]) == ("C", "15")
    shown = " ".join(run(existing, "show", "rauf-mirzayev").stdout.split())
    assert "Example Working Group list, 2014-08, A.1 — political prisoner" in shown
    # the next edition, as a smaller sheet: one person stays, one is new
    path = tmp_path / "2015.csv"
    path.write_text("No.,Full name\n1,Rauf Mirzəyev\n2,Günel Həsənova\n", encoding="utf-8")
    map_path = tmp_path / "2015.map.yaml"
    map_path.write_text(
        "source: {url: 'https://example.org/lists/az-2015.pdf', title: 'The list, January 2015',\n"
        "         published: '2015-01'}\n"
        "country: AZ\nrecognition: {by: Example Working Group list, list: ewg, edition: '2015-01'}\n"
        "columns: {list_number: No., name: Full name}\n", encoding="utf-8")
    assert do_import(run, existing, sheet=path, map_path=map_path).exit_code == 0
    diff = " ".join(run(existing, "diff", "--list", "ewg", "2014-08", "2015-01").stdout.split())
    assert "Günel Həsənova" in diff and "Aysel Məmmədli" in diff
    stats = run(existing, "stats", "--by", "list", "--format", "csv").stdout
    assert "ewg,2014-08" in stats and "ewg,2015-01" in stats


# --------------------------------------------------------------------------- XLSX


def test_an_xlsx_sheet_with_date_cells_title_rows_and_a_named_sheet(run, kb, tmp_path):
    from openpyxl import Workbook

    kb.prisoner("ilqar-huseynli", "Ilqar Hüseynli", born='"1970"')
    kb.prisoner("ilqar-huseynli-2", "Ilqar Hüseynli", born='"1988"', distinct_from="[ilqar-huseynli]")
    book = Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("People")
    sheet.append(["Made-up list of detainees, 2015"])
    sheet.append([])
    sheet.append(["No.", "Name", "Year of birth", "Arrested", "Held in", "Sentence", "Case", "Verdict"])
    sheet.append(["A-3", "Ilgar Huseynli", 1988, dt.datetime(2015, 3, 2), "Prison No. 2", "Life imprisonment",
                  "Case of the two", dt.datetime(2015, 6, 20)])
    sheet.append([4, "Nərmin Əhmədova", "1993", dt.datetime(2015, 6, 1), "Prison no.2", 9, "Case of the two",
                  dt.datetime(2015, 6, 20)])
    sheet.append([5, "Rəşad Əliyev", 1990, "", "Qobustan", "death penalty", "", ""])
    sheet["D5"].number_format = "mmm yyyy"  # shown as "Jun 2015": a month, not the 1st
    path = tmp_path / "list.xlsx"
    book.save(path)
    map_path = tmp_path / "map.yaml"
    map_path.write_text(
        "source: {url: 'https://example.org/2015.xlsx', title: Made-up list 2015, published: '2015-07'}\n"
        "country: AZ\nsheet: People\nheader_row: 3\ncreate_facilities: true\n"
        "recognition: {by: Made-up list, list: made-up, edition: '2015-07', kind: prisoner_of_conscience}\n"
        "columns: {list_number: No., name: Name, born: Year of birth, arrested: Arrested, facility: Held in,\n"
        "          sentence: Sentence, case: Case, sentenced: Verdict}\n", encoding="utf-8")
    result = do_import(run, kb, sheet=path, map_path=map_path)
    assert result.exit_code == 1, result.output
    assert "XLSX, sheet `People`" in result.stderr
    assert "updated       data/prisoners/ilqar-huseynli-2.yaml" in result.stdout  # the 1988 one, not the namesake
    assert load(kb.root, "data/events/2015/2015-03-02-ilqar-huseynli-arrested.yaml")["people"] == ["ilqar-huseynli-2"]
    assert load(kb.root, "data/events/2015/2015-06-narmin-ahmadova-arrested.yaml")["date"] == "2015-06"
    # one new facility for two spellings, of the kind its name says; a name that says no kind is not guessed
    assert "created       data/organizations/prison-no-2.yaml" in result.stdout
    assert load(kb.root, "data/organizations/prison-no-2.yaml")["type"] == "prison"
    assert len(list((kb.root / "data/organizations").glob("*.yaml"))) == 1
    err = " ".join(result.stderr.split())
    assert "row 6, column `Held in`: not imported: `Qobustan`: its name does not say whether it is a prison" in err
    # a case the knowledge base lacks is reported, but its rows still make one verdict, a term each
    assert "row 4, column `Case`: not imported: `Case of the two` is not a case in the knowledge base" in err
    verdict = load(kb.root, "data/events/2015/2015-06-20-verdict-in-case-of-the-two.yaml")
    assert verdict["people"] == ["ilqar-huseynli-2", "narmin-ahmadova"] and "case" not in verdict
    assert verdict["sentences"] == [{"kind": "life_imprisonment", "people": ["ilqar-huseynli-2"]},
                                    {"years": 9, "people": ["narmin-ahmadova"]}]
    death = next((kb.root / "data/events").rglob("*rashad-aliyev-sentenced*"))
    assert load(kb.root, str(death.relative_to(kb.root)))["sentence"] == {"kind": "death"}
    ilqar = load(kb.root, "data/prisoners/ilqar-huseynli-2.yaml")
    assert ilqar["facility"] == "prison-no-2"
    assert [(r["section"], r["number"], r["kind"]) for r in ilqar["recognitions"]] == [
        ("A", "3", "prisoner_of_conscience")]
    shown = run(kb, "show", "ilqar-huseynli-2").stdout
    assert "held at Prison No. 2, as of 2015-07" in shown and "Made-up list, 2015-07, A.3" in shown
    assert run(kb, "validate").exit_code == 0
    before = files(kb.root)
    again = do_import(run, kb, sheet=path, map_path=map_path)
    assert again.exit_code == 1 and "nothing to change" in again.stderr
    assert files(kb.root) == before


# --------------------------------------------------------------------------- the map and the sheet


def test_map_problems_are_located_with_did_you_mean(run, existing, tmp_path):
    map_path = tmp_path / "map.yaml"
    map_path.write_text(
        "source:\n  url: https://example.org/x\n  title: X\n  publishd: '2014'\n"
        "country: AZ\n"
        "colums: {}\n"
        "columns:\n  name: Full name\n  arested: Date of arrest\n  born: Date of birth\n"
        "values:\n  roles: {Journalists and bloggers: jornalist}\n", encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2
    err = result.stderr
    assert f"{map_path}:4: source.publishd: Extra inputs are not permitted" in err and "`published`" in err
    assert f"{map_path}:6: unknown key `colums`" in err and "did you mean `columns`?" in err
    assert f"{map_path}:9: unknown field `arested`" in err and "did you mean `arrested`?" in err
    assert "`jornalist` is not a role pp knows" in err and "did you mean `journalist`?" in err
    assert "nothing was imported" in err
    map_path.write_text(MAP.read_text(encoding="utf-8").replace("born: D.O.B.", "born: DOB"), encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2
    assert f"{map_path}:22: columns.born: the sheet has no column `DOB`" in result.stderr
    assert "did you mean `D.O.B.`?" in result.stderr


def test_a_code_or_a_list_place_the_map_cannot_have_is_refused_with_its_line(run, existing, tmp_path):
    map_path = tmp_path / "map.yaml"
    text = MAP.read_text(encoding="utf-8")
    map_path.write_text(text.replace("  section_rows: true", "  number: 3").replace(
        "code:  ", "code:\n  id: za\n  edtion: '2000'\n#"), encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert f"{map_path}:13: recognition.number differs from row to row" in err and "list_number: No." in err
    assert f"{map_path}:16: code: unknown key `edtion`" in err and "did you mean `edition`?" in err
    map_path.write_text(text.replace("code:  ", "code:\n  id: za\n#").replace('"1960"', '"1961"'),
                        encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2, result.output
    assert f"{map_path}:15: code: no registry `za`" in result.stderr and "registries: az" in result.stderr
    map_path.write_text(text.replace('"1960"', '"1961"'), encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2, result.output
    assert "code: az has no edition `1961`" in result.stderr and "editions of az: 2000, 1960" in result.stderr
    map_path.write_text(text.replace("Old code articles: ", "Old articles: "), encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2, result.output
    assert "code.columns: `Old articles` is not one of the `charges` columns" in result.stderr


def test_a_map_without_a_source_is_refused(run, existing, tmp_path):
    map_path = tmp_path / "map.yaml"
    map_path.write_text("country: AZ\ncolumns: {name: Full name}\n", encoding="utf-8")
    result = do_import(run, existing, map_path=map_path)
    assert result.exit_code == 2 and "the map has no `source`" in result.stderr
    assert files(existing.root) == files(existing.root)


@pytest.mark.parametrize(("encoding", "said"), [("cp1251", "cp1251 (Cyrillic)"), ("cp1252", "cp1252")])
def test_legacy_encodings_are_detected_and_said(run, kb, tmp_path, encoding, said):
    name = "Ильгар Мамедов" if encoding == "cp1251" else "José Müller"
    path = tmp_path / "list.csv"
    path.write_bytes(f"ФИО\n{name}\n".encode(encoding) if encoding == "cp1251" else f"Name\n{name}\n".encode(encoding))
    header = "ФИО" if encoding == "cp1251" else "Name"
    map_path = tmp_path / "map.yaml"
    map_path.write_text("source: {url: 'https://example.org/l', title: L}\ncountry: AZ\n"
                        f"columns: {{name: {header}}}\n", encoding="utf-8")
    result = do_import(run, kb, sheet=path, map_path=map_path)
    assert result.exit_code == 0, result.output
    assert f"not UTF-8: read as {said}" in result.stderr
    created = next((kb.root / "data/prisoners").glob("*.yaml"))
    assert yaml.safe_load(created.read_text(encoding="utf-8"))["name"] == name


def test_ids_are_safe_slugs_and_never_clobber(run, kb, tmp_path):
    kb.write("data/prisoners/etc-passwd.yaml", "id: etc-passwd\nname: [broken\n")  # does not load
    path = tmp_path / "list.csv"
    path.write_text("Name\n../../etc/passwd\nAli Veli\n", encoding="utf-8")
    map_path = tmp_path / "map.yaml"
    map_path.write_text("source: {url: 'https://example.org/l', title: L}\ncountry: AZ\ncolumns: {name: Name}\n",
                        encoding="utf-8")
    result = do_import(run, kb, sheet=path, map_path=map_path)
    assert result.exit_code == 1
    assert "etc-passwd.yaml exists but did not load" in result.stderr
    assert (kb.root / "data/prisoners/etc-passwd.yaml").read_text() == "id: etc-passwd\nname: [broken\n"
    assert (kb.root / "data/prisoners/ali-veli.yaml").exists()
    assert not (tmp_path / "etc").exists()


def test_template_prints_a_starting_map_from_the_headers(run, existing, tmp_path):
    result = run(existing, "import", "--template", str(SHEET))
    assert result.exit_code == 0
    text = result.stdout
    for line in ("  name: Full name", "  other_names: Name (with patronymic)", "  gender: Sex", "  born: D.O.B.",
                 "  arrested: Date of arrest", "  charges: Articles", "  facility: Place of detention",
                 "  sentence: Sentence", "  notes: Notes", "  case: Case", "  sentenced: Verdict"):
        assert line in text.splitlines(), line
    assert "  # list_number: No.   # with `recognition:` (below): the place in the list" in text
    filled = text.replace("https://TODO", "https://example.org/l").replace('"TODO"', '"2014-08"') \
        .replace("country: TODO", "country: AZ").replace("TODO", "Example")
    map_path = tmp_path / "map.yaml"
    map_path.write_text(filled, encoding="utf-8")
    result = do_import(run, existing, "--dry-run", map_path=map_path)
    assert result.exit_code == 1 and "would create" in result.stdout  # a usable map, once the TODOs are filled


def test_the_import_keeps_a_copy_of_nothing_outside_data(run, existing, tmp_path):
    sheet = tmp_path / "copy.csv"
    shutil.copy(SHEET, sheet)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert do_import(run, existing, sheet=sheet).exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not [p for p in (existing.root / "data").rglob(".pp-*")]  # no temporary files left
    json.dumps(before)


def test_recognition_status_and_affiliations_are_imported_once(run, kb, tmp_path):
    kb.org("nida", "N!DA")
    path = tmp_path / "list.tsv"
    path.write_text("Name\tMovement\tSituation\nElmir Səfərli\tN!DA\tIn prison\nGünel Bağırova\tNida\tFreed\n",
                    encoding="utf-8")
    map_path = tmp_path / "map.yaml"
    map_path.write_text(
        "source: {url: 'https://example.org/l', title: L, published: '2016-05'}\ncountry: AZ\n"
        "recognition: {by: Example Working Group, date: '2016-05'}\n"
        "columns: {name: Name, affiliations: Movement, status: Situation}\n"
        "values: {affiliations: {N!DA: nida, Nida: nida}, status: {In prison: detained, Freed: released}}\n",
        encoding="utf-8")
    result = do_import(run, kb, sheet=path, map_path=map_path)
    assert result.exit_code == 0, result.output
    assert "tab-separated" in result.stderr
    elmir = load(kb.root, "data/prisoners/elmir-safarli.yaml")
    assert elmir["affiliations"] == [{"org": "nida"}]
    assert (elmir["status"], elmir["status_as_of"]) == ("detained", "2016-05")
    assert elmir["recognitions"] == [{"by": "Example Working Group", "date": "2016-05",
                                      "sources": [{"url": "https://example.org/l", "title": "L",
                                                   "published": "2016-05"}]}]
    assert load(kb.root, "data/prisoners/gunel-baghirova.yaml")["status"] == "released"
    assert run(kb, "validate").exit_code == 0
    listed = run(kb, "list", "--affiliation", "nida", "--format", "csv").stdout
    assert "Elmir Səfərli" in listed and "Günel Bağırova" in listed
    again = do_import(run, kb, sheet=path, map_path=map_path)
    assert again.exit_code == 0 and "nothing to change" in again.stderr


@pytest.mark.parametrize(("before", "fields", "lists", "after"), [
    ("id: a\nroles: [journalist]  # kept\nsummary: S.\n", {}, {"roles": ["blogger"]},
     "id: a\nroles: [journalist, blogger]  # kept\nsummary: S.\n"),
    ("id: a\nother_names:\n- name: B\n  note: n\n# a comment\nsources:\n  - url: https://x.org\n    title: X\n",
     {"gender": "male"}, {"other_names": [{"name": "C"}], "sources": [{"url": "https://y.org", "title": "Y"}]},
     "id: a\nother_names:\n- name: B\n  note: n\n- name: C\n# a comment\ngender: male\nsources:\n"
     "  - url: https://x.org\n    title: X\n  - url: https://y.org\n    title: \"Y\"\n"),
    ("id: a\nsummary: >-\n  Folded\n  text.\n", {"born": "1980"}, {"roles": ["lawyer"]},
     'id: a\nborn: "1980"\nroles:\n  - lawyer\nsummary: >-\n  Folded\n  text.\n'),
])
def test_existing_files_are_added_to_in_place(before, fields, lists, after):
    from pp_cli.importing.apply import add_to_text

    assert add_to_text(before, fields, lists) == after


def test_an_inline_list_of_mappings_is_not_rewritten(existing):
    from pp_cli.importing.apply import EditRefused, add_to_text

    with pytest.raises(EditRefused):
        add_to_text("id: a\nsources: [{url: 'https://x.org', title: X}]\n", {}, {"sources": [{"url": "u"}]})


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(("text", "expected"), [
    ("22 November 2013", "2013-11-22"),
    ("2013-11-22 00:00:00", "2013-11-22"),  # a date cell as Excel writes it to CSV
    ("12 мая 2014 г.", "2014-05-12"),
    ("22 ноя 2013", "2013-11-22"),
    ("2013.11.22", "2013-11-22"),
    ("11.2013", "2013-11"),
    ("13-18 January 2014", "2014-01-13/2014-01-18"),
    ("1985-1986", "1985/1986"),
    ("around 1979", "1979~"),
    ("10 May", "2014-05-10"),  # the source is of 2014-08-15
    ("30 December", "2013-12-30"),
])
def test_cells_are_dates_through_the_one_date_reader(text, expected):
    from pp_cli.dates import PartialDate
    from pp_cli.importing.cells import parse_date

    assert str(parse_date(text, context=PartialDate.parse("2014-08-15"))) == expected


def test_an_ambiguous_or_yearless_date_needs_the_map_to_say():
    from pp_cli.importing.cells import Unplaced, parse_date

    with pytest.raises(Unplaced, match="could be 3 April 2013 or 4 March 2013"):
        parse_date("03/04/2013")
    assert str(parse_date("03/04/2013", day_first=True)) == "2013-04-03"
    with pytest.raises(Unplaced, match="has no year"):
        parse_date("10 May")


@pytest.mark.parametrize(("text", "expected"), [
    ("234.4.3", [("234.4.3", None, None, None)]),
    ("Art. 233 and 315.2", [("233", None, None, None), ("315.2", None, None, None)]),
    ("28, 214.2.1", [("214.2.1", "28", None, None)]),
    ("214.2.1, 28", [("214.2.1", "28", None, None)]),
    ("ст. 228 УК", [("228", None, None, None)]),
    ("Art. 234.4.3 CC; 29, 120", [("234.4.3", None, None, None), ("120", "29", None, None)]),
    ("221.3 (hooliganism)", [("221.3", None, "hooliganism", None)]),
    ("226 (1960)", [("226", None, None, "1960")]),
    ("234.4.3; 234.4.3", [("234.4.3", None, None, None)]),
])
def test_a_cell_of_articles_is_one_charge_per_article(text, expected):
    from pp_cli.importing.cells import charges

    assert [(c.article, c.qualifier_article, c.description, c.edition) for c in charges(text)] == expected


@pytest.mark.parametrize("text", ["28", "drugs", "221.3 (hooliganism"])
def test_a_cell_that_names_no_charge_is_reported(text):
    from pp_cli.importing.cells import Unplaced, charges

    with pytest.raises(Unplaced):
        charges(text)


@pytest.mark.parametrize(("text", "record"), [
    ("7 years 6 months", {"years": 7.5}),
    ("7 лет", {"years": 7}),
    ("5 years suspended", {"years": 5, "suspended": True}),
    ("life", {"kind": "life_imprisonment"}),
    ("Life imprisonment", {"kind": "life_imprisonment"}),
    ("пожизненное лишение свободы", {"kind": "life_imprisonment"}),
    ("death penalty", {"kind": "death"}),
    ("2 years restriction of liberty", {"kind": "restriction_of_liberty", "years": 2}),
    ("fine of 5000 AZN", {"kind": "fine", "description": "fine of 5000 AZN"}),
    ("7 years in a strict-regime colony", {"years": 7, "description": "7 years in a strict-regime colony"}),
])
def test_a_sentence_cell_is_a_kind_and_a_length(text, record):
    from pp_cli.importing.cells import sentence
    from pp_cli.models import Sentence

    assert sentence(text).record() == record
    Sentence.model_validate(record)  # a sentence the record model holds
