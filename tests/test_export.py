"""`pp export`: complete exports that round-trip, atomic files, and public exports without restricted material."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from pp_cli.export import ExportFormat, exporter
from pp_cli.kb import load
from pp_cli.models import Event, Organization, Prisoner

SECRETS = ("Secretname", "1990-01-02", "Hidden summary", "Secret raid", "secret-person", "Underground Cell",
           "underground-cell", "Withheld court")


@pytest.fixture
def private(kb):
    """A knowledge base in which some records and fields are marked restricted."""
    kb.org("nida", "N!DA")
    kb.org("underground-cell", "Underground Cell")
    kb.write("data/organizations/underground-cell.yaml",
             'id: underground-cell\nname: "Underground Cell"\ntype: movement\nrestricted: true\n')
    kb.prisoner("ali-aliyev", "Ali Aliyev", native_name='"Əli Əliyev"', roles="[journalist]",
                affiliations="[nida, underground-cell]", born='"1990-01-02"',
                summary='"Hidden summary about Ali."', restricted_fields="[born, summary]")
    kb.prisoner("secret-person", "Secretname Person", restricted="true", roles="[blogger]")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", status="detained", status_as_of='"2016-05-26"',
                restricted_fields="[status]")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev", "secret-person"], title='"Two arrested"',
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]",
             court='"Withheld court"', restricted_fields="[court]")
    kb.event("2016-01-secret-raid", "2016-01", "other", ["ali-aliyev"], title='"Secret raid"', restricted="true")
    kb.event("2016-02-secret-transfer", "2016-02", "transfer", ["secret-person"], title='"Secretname moved"')
    kb.event("2016-03-zaur-arrested", "2016-03", "arrest", ["zaur-quliyev"], organizations="[underground-cell]",
             title='"Zaur arrested"')
    return kb


def export(run, target, *args: str) -> str:
    result = run(target, "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_export_format_has_an_exporter():
    for fmt in ExportFormat:
        module = exporter(fmt)
        if getattr(module, "FILE", False):
            assert callable(module.write), fmt
        else:
            assert callable(module.render), fmt


def test_json_export_round_trips_into_equal_records(run, shipped):
    loaded = load(shipped, use_cache=False)
    doc = json.loads(export(run, shipped, "--format", "json"))
    prisoners = {}
    for p in doc["prisoners"]:
        derived = p.pop("derived")
        assert set(derived) >= {"status", "as_of", "arrested"}
        prisoners[p["id"]] = Prisoner.model_validate(p)
    assert prisoners == loaded.prisoners
    assert {e["id"]: Event.model_validate(e) for e in doc["events"]} == loaded.events
    assert {o["id"]: Organization.model_validate(o) for o in doc["organizations"]} == loaded.organizations
    urls = {s.url for r in [*loaded.prisoners.values(), *loaded.events.values(), *loaded.organizations.values()]
            for s in r.sources}
    assert {s["url"] for s in doc["sources"]} == urls
    assert doc["meta"]["prisoners"] == len(loaded.prisoners) and doc["meta"]["public"] is False


def test_json_export_statuses_agree_with_list(run, shipped):
    doc = json.loads(export(run, shipped, "--format", "json"))
    listed = {r["id"]: (r["status"], r["as_of"]) for r in json.loads(run(shipped, "list", "-f", "json").stdout)}
    assert {p["id"]: (p["derived"]["status"], p["derived"]["as_of"]) for p in doc["prisoners"]} == listed


def test_jsonl_export_round_trips_line_by_line(run, shipped):
    loaded = load(shipped, use_cache=False)
    lines = [json.loads(line) for line in export(run, shipped, "--format", "jsonl").splitlines()]
    assert lines[0]["kind"] == "meta"
    models = {"prisoner": (Prisoner, loaded.prisoners), "event": (Event, loaded.events),
              "organization": (Organization, loaded.organizations)}
    seen: dict[str, dict] = {kind: {} for kind in models}
    for line in lines[1:]:
        kind = line.pop("kind")
        line.pop("derived", None)
        if kind in models:
            seen[kind][line["id"]] = models[kind][0].model_validate(line)
    for kind, (_model, records) in models.items():
        assert seen[kind] == records


def test_csv_export_has_one_row_per_person_matching_the_records(run, shipped):
    loaded = load(shipped, use_cache=False)
    rows = list(csv.DictReader(io.StringIO(export(run, shipped, "--format", "csv"))))
    assert [r["id"] for r in rows] == sorted(loaded.prisoners)
    for row in rows:
        p = loaded.prisoners[row["id"]]
        assert row["name"] == p.name
        assert row["native_name"] == (p.native_name or "")
        assert row["other_names"].split("; ") == ([o.name for o in p.other_names] or [""])
        assert row["roles"] == "; ".join(r.value for r in p.roles)
        assert row["summary"] == (p.summary or "")
    listed = {r["id"]: r["status"] for r in json.loads(run(shipped, "list", "-f", "json").stdout)}
    assert {r["id"]: r["status"] for r in rows} == listed


def test_csv_events_export_has_one_row_per_event(run, shipped):
    loaded = load(shipped, use_cache=False)
    rows = list(csv.DictReader(io.StringIO(export(run, shipped, "--format", "csv", "--events"))))
    assert sorted(r["id"] for r in rows) == sorted(loaded.events)
    for row in rows:
        e = loaded.events[row["id"]]
        assert (row["date"], row["type"], row["title"]) == (str(e.date), e.type.value, e.title)
        assert row["people"] == "; ".join(e.people)


def test_markdown_export_holds_every_person_and_event(run, shipped):
    loaded = load(shipped, use_cache=False)
    text = export(run, shipped, "--format", "markdown")
    for p in loaded.prisoners.values():
        assert f"### {p.name}" in text
    assert text.count("\n### ") == len(loaded.prisoners) + len(loaded.events)
    assert "## Sources" in text


def test_sqlite_export_rows_match_the_records(run, shipped, tmp_path):
    loaded = load(shipped, use_cache=False)
    path = tmp_path / "kb.db"
    result = run(shipped, "export", "--format", "sqlite", "--output", str(path))
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote" in result.stderr
    db = sqlite3.connect(path)
    prisoners = {pid: Prisoner.model_validate(json.loads(record))
                 for pid, record in db.execute("SELECT id, record FROM prisoners")}
    assert prisoners == loaded.prisoners
    assert {eid: Event.model_validate(json.loads(r)) for eid, r in db.execute("SELECT id, record FROM events")} \
        == loaded.events
    links = {(e, p) for e, p in db.execute("SELECT event_id, prisoner_id FROM event_people")}
    assert links == {(e.id, p) for e in loaded.events.values() for p in e.people}
    assert db.execute("SELECT count(*) FROM organizations").fetchone()[0] == len(loaded.organizations)
    assert db.execute("SELECT count(*) FROM charges").fetchone()[0] == sum(len(e.charges)
                                                                           for e in loaded.events.values())
    cited = db.execute("SELECT count(*) FROM prisoner_sources").fetchone()[0]
    assert cited == sum(len(p.sources) for p in loaded.prisoners.values())
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    detained = {r[0] for r in db.execute("SELECT id FROM prisoners WHERE status = 'detained'")}
    listed = {r["id"] for r in json.loads(run(shipped, "list", "--status", "detained", "-f", "json").stdout)}
    assert detained == listed


def test_sqlite_export_is_ready_for_datasette(run, shipped, tmp_path):
    path = tmp_path / "kb.db"
    run(shipped, "export", "--format", "sqlite", "--output", str(path))
    db = sqlite3.connect(path)
    fts = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE sql LIKE '%VIRTUAL TABLE%USING FTS%'"))
    # Datasette finds a table's search index by `content="<table>"` in the FTS table's SQL.
    assert 'content="prisoners"' in fts["prisoners_fts"] and 'content="events"' in fts["events_fts"]
    fks = db.execute("PRAGMA foreign_key_list(event_people)").fetchall()
    assert {(row[2], row[3]) for row in fks} == {("events", "event_id"), ("prisoners", "prisoner_id")}
    found = db.execute("SELECT p.id FROM prisoners_fts JOIN prisoners p ON p.rowid = prisoners_fts.rowid "
                       "WHERE prisoners_fts MATCH 'mammadov' ORDER BY p.id").fetchall()
    assert [r[0] for r in found] == ["bayram-mammadov", "giyasaddin-ibrahim", "ilqar-mammadov"]
    kinds = {r[0] for r in db.execute("SELECT kind FROM search_index WHERE search_index MATCH 'ismayilova'")}
    assert {"prisoner", "event"} <= kinds


def test_sqlite_needs_an_output_file(run, shipped):
    result = run(shipped, "export", "--format", "sqlite")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_an_existing_file_is_never_replaced_without_force(run, shipped, tmp_path):
    for fmt in ("sqlite", "json"):
        path = tmp_path / f"out.{fmt}"
        path.write_text("precious")
        result = run(shipped, "export", "--format", fmt, "--output", str(path))
        assert result.exit_code == 2 and "--force" in result.stderr
        assert path.read_text() == "precious"
        assert run(shipped, "export", "--format", fmt, "--output", str(path), "--force").exit_code == 0
        assert path.read_bytes() != b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.sqlite"]  # no temporary files left


def test_text_exports_to_a_file_equal_stdout_apart_from_the_timestamp(run, shipped, tmp_path):
    path = tmp_path / "people.csv"
    assert run(shipped, "export", "--format", "csv", "--output", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == export(run, shipped, "--format", "csv")


def test_events_flag_is_for_csv_only(run, shipped):
    assert run(shipped, "export", "--format", "json", "--events").exit_code == 2


def test_a_full_export_is_complete_including_restricted_material(run, private):
    text = export(run, private, "--format", "json")
    for secret in SECRETS:
        assert secret in text, secret


def public_outputs(run, target, tmp_path: Path) -> dict[str, str]:
    out = {}
    for fmt in ("json", "jsonl", "csv", "markdown", "popolo"):
        out[fmt] = export(run, target, "--format", fmt, "--public")
    out["csv --events"] = export(run, target, "--format", "csv", "--events", "--public")
    db = tmp_path / "public.db"
    assert run(target, "export", "--format", "sqlite", "--public", "--output", str(db)).exit_code == 0
    out["sqlite"] = "\n".join(sqlite3.connect(db).iterdump())
    book = tmp_path / "public.xlsx"
    assert run(target, "export", "--format", "xlsx", "--public", "--output", str(book)).exit_code == 0
    import openpyxl

    out["xlsx"] = "\n".join(str(v) for sheet in openpyxl.load_workbook(book).worksheets
                            for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    return out


def test_public_exports_contain_nothing_marked_restricted(run, private, tmp_path):
    for fmt, text in public_outputs(run, private, tmp_path).items():
        for secret in SECRETS:
            assert secret not in text, (fmt, secret)
        assert "Ali Aliyev" in text, fmt  # what is not restricted is still there
        assert "drug possession" in text or fmt in ("csv", "popolo"), fmt


def test_public_exports_drop_restricted_people_from_events_and_events_only_about_them(run, private):
    doc = json.loads(export(run, private, "--format", "json", "--public"))
    events = {e["id"]: e for e in doc["events"]}
    assert events["2015-12-ali-arrested"]["people"] == ["ali-aliyev"]
    assert events["2015-12-ali-arrested"]["court"] is None
    assert "2016-02-secret-transfer" not in events and "2016-01-secret-raid" not in events
    assert events["2016-03-zaur-arrested"]["organizations"] == []
    ali = {p["id"]: p for p in doc["prisoners"]}["ali-aliyev"]
    assert (ali["born"], ali["summary"], ali["affiliations"]) == (None, None, [{"org": "nida", "position": None,
                                                                               "since": None, "until": None}])
    assert doc["meta"]["public"] is True


def test_a_restricted_status_is_not_revealed_by_the_derived_status(run, private):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export(run, private, "--format", "csv", "--public")))}
    zaur = rows["zaur-quliyev"]
    assert (zaur["status"], zaur["declared_status"], zaur["as_of"]) == ("", "", "")
    full = {r["id"]: r for r in csv.DictReader(io.StringIO(export(run, private, "--format", "csv")))}
    assert full["zaur-quliyev"]["status"] == "detained"


def test_control_characters_are_made_visible_only_on_a_terminal(run, kb, monkeypatch):
    kb.prisoner("x", "Bad \\e[2J Name")
    assert "\x1b[2J" in export(run, kb, "--format", "csv")  # a file keeps the text exactly
    monkeypatch.setattr("pp_cli.console.stdout_is_terminal", lambda: True)
    assert "\\x1b[2J" in export(run, kb, "--format", "csv")


def test_a_public_export_warns_when_free_text_still_names_someone_restricted(run, private):
    private.event("2016-04-ali-and-friend", "2016-04", "other", ["ali-aliyev"],
                  summary='"Ali Aliyev was seen with Secretname Person."')
    result = run(private, "export", "--format", "json", "--public")
    assert result.exit_code == 0
    assert "`2016-04-ali-and-friend` mentions the restricted person `secret-person`" in result.stderr
    assert "Secretname Person" in result.stdout  # free text is never rewritten; the warning says what to fix
    quiet = run(private, "export", "--format", "json")
    assert "warning" not in quiet.stderr
