"""`pp import`: a made-up messy list (CSV and XLSX) imports, validates, re-imports with no changes, and matches people.

The fixture tests/fixtures/import/list-2014.csv is invented (no real people): a
semicolon-separated UTF-8 sheet with a byte-order mark, section-title rows,
a header with a trailing space, dates in six forms (and one ambiguous, one
approximate, one range), articles separated by `;`, `,` and `and`, a person
listed twice under two spellings, two namesakes told apart by their
patronymics, a stray cell under no header and a column the map leaves out.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

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
    assert "7 people created, 2 updated" in first.stderr
    written = files(existing.root)
    assert "data/prisoners/aysel-mammadli.yaml" in written and "data/prisoners/kamran-aliyev-2.yaml" in written

    validated = run(existing, "validate")
    assert validated.exit_code == 0, validated.output
    assert "error" not in validated.stdout.replace("0 errors", "")

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
    # the arrest and the drugs charge were already recorded: not again; the sentence and the prison are new
    events = [e for e in sorted((existing.root / "data/events").rglob("*rauf*"))]
    assert [e.name for e in events] == [
        "2013-11-22-rauf-mirzayev-arrested.yaml",
        "2014-08-15-rauf-mirzayev-held-at-kurdakhani-pre-trial-detention-centre.yaml",
        "2014-08-15-rauf-mirzayev-sentenced-to-7-years-6-months.yaml",
    ]
    sentence = load(existing.root, "data/events/2014/2014-08-15-rauf-mirzayev-sentenced-to-7-years-6-months.yaml")
    assert sentence["date"] == "by 2014-08-15" and sentence["sentence"]["years"] == 7.5


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


def test_dates_are_read_at_the_precision_the_list_gives(run, existing):
    assert do_import(run, existing).exit_code == 1
    root = existing.root
    assert load(root, "data/events/2013/2013-11-22-aysel-mammadli-arrested.yaml")["date"] == "2013-11-22"
    assert load(root, "data/events/2013/2013-11-kamran-aliyev-arrested.yaml")["date"] == "2013-11"  # "Nov 2013"
    assert load(root, "data/events/2014/2014-05-12-kamran-aliyev-arrested.yaml")["date"] == "2014-05-12"  # мая
    assert load(root, "data/events/2014/2014-leyla-qanbarova-arrested.yaml")["date"] == "2014"
    assert load(root, "data/prisoners/aysel-mammadli.yaml")["born"] == "1991-03-12"  # 12.03.1991, day first


def test_every_value_not_placed_is_reported_with_its_row_and_column(run, existing):
    result = do_import(run, existing)
    err = result.stderr
    assert "row 11, column `Date of arrest`: not imported: `03/04/2013` could be 3 April or 4 March" in err
    assert "day_first: true" in err
    assert "row 13, column `D.O.B.`: not imported: `around 1979`" in err
    assert "row 13, column `Date of arrest`: not imported: `13-18 January 2014`" in err
    assert "row 13, column `Category`: not imported: `Opposition` is not a role pp knows" in err
    assert "row 15, column `Charge category`: not imported: `contraband` is not a charge category" in err
    assert "row 10: not imported: text under no known column header: `stray note`" in err
    assert "column `Photo`: not imported: column `Photo` is not in the map" in err
    assert "row 9, column `Full name`: uncertain match: `Samir Abdulla` may be samir-abdullayev" in err
    assert "9 values not imported, 1 uncertain matches, 0 conflicts" in err


def test_the_source_is_cited_on_every_record_written(run, existing):
    before = files(existing.root)
    assert do_import(run, existing).exit_code == 1
    after = files(existing.root)
    changed = [p for p in after if before.get(p) != after[p]]
    assert len(changed) == 9 + 21
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
    assert "2 conflicts" in err
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
    sheet.append(["Name", "Year of birth", "Arrested", "Held in"])
    sheet.append(["Ilgar Huseynli", 1988, dt.datetime(2015, 3, 2), "Prison No. 2"])
    sheet.append(["Nərmin Əhmədova", "1993", dt.datetime(2015, 6, 1), ""])
    sheet["C5"].number_format = "mmm yyyy"  # shown as "Jun 2015": a month, not the 1st
    path = tmp_path / "list.xlsx"
    book.save(path)
    map_path = tmp_path / "map.yaml"
    map_path.write_text(
        "source: {url: 'https://example.org/2015.xlsx', title: Made-up list 2015, published: '2015-07'}\n"
        "country: AZ\nsheet: People\nheader_row: 3\n"
        "columns: {name: Name, born: Year of birth, arrested: Arrested, facility: Held in}\n", encoding="utf-8")
    result = do_import(run, kb, sheet=path, map_path=map_path)
    assert result.exit_code == 0, result.output
    assert "XLSX, sheet `People`" in result.stderr
    assert "updated       data/prisoners/ilqar-huseynli-2.yaml" in result.stdout  # the 1988 one, not the namesake
    assert load(kb.root, "data/events/2015/2015-03-02-ilqar-huseynli-arrested.yaml")["people"] == ["ilqar-huseynli-2"]
    assert load(kb.root, "data/events/2015/2015-06-narmin-ahmadova-arrested.yaml")["date"] == "2015-06"
    assert run(kb, "validate").exit_code == 0
    again = do_import(run, kb, sheet=path, map_path=map_path)
    assert again.exit_code == 0 and "nothing to change" in again.stderr


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
    assert f"{map_path}:12: columns.born: the sheet has no column `DOB`" in result.stderr
    assert "did you mean `D.O.B.`?" in result.stderr


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
                 "  sentence: Sentence", "  notes: Notes"):
        assert line in text.splitlines(), line
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
