"""`pp new`: scaffold a record at the right path, safely, that validates once filled in."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import KB


def filled(path: Path) -> None:
    """Do what a contributor does: replace every TODO with what the source says."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("url: TODO", "url: https://example.org/report")
    text = text.replace('published: "TODO"', 'published: "2016-05-26"')
    text = text.replace("title: TODO", "title: A report").replace("publisher: TODO", "publisher: Example")
    text = text.replace("TODO: ", "")  # summaries
    path.write_text(text, encoding="utf-8")


def created(result, kb: KB) -> Path:
    """The path `pp new` printed, as a file under the knowledge base."""
    printed = Path(result.stdout.strip())
    return printed if printed.is_absolute() else kb.root / printed


def problems(run, kb: KB, *paths: str) -> list[tuple[str, int, str]]:
    result = run(kb, "validate", "--format", "json", *(str(kb.root / p) for p in paths))
    return [(p["code"], p["line"], p["field"] or "") for p in json.loads(result.stdout)["problems"]]


def test_new_prisoner_writes_a_template_and_prints_its_path(run, kb, monkeypatch):
    monkeypatch.chdir(kb.root)
    result = run(kb, "new", "prisoner", "Rasul Jafarov", "--country", "AZ", "--role", "human_rights_defender")
    assert result.exit_code == 0
    path = kb.root / "data/prisoners/rasul-jafarov.yaml"
    assert result.stdout == "data/prisoners/rasul-jafarov.yaml\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/prisoner.schema.json\n")
    assert "\nid: rasul-jafarov " in text
    assert '\nname: "Rasul Jafarov" ' in text
    assert "\n  - human_rights_defender\n" in text
    assert "pp validate data/prisoners/rasul-jafarov.yaml" in result.stderr


def test_a_fresh_template_lists_everything_left_to_fill_in(run, kb):
    run(kb, "new", "prisoner", "Rasul Jafarov", "--country", "AZ")
    assert problems(run, kb, "data/prisoners/rasul-jafarov.yaml") == [
        ("PP107", 24, "summary"),
        ("PP502", 27, "sources.0.url"),
        ("PP107", 28, "sources.0.title"),
        ("PP107", 29, "sources.0.publisher"),
        ("PP102", 30, "sources.0.published"),
    ]


@pytest.mark.parametrize("kind, args", [
    ("prisoner", ["Rasul Jafarov"]),
    ("event", ["--date", "2016-05-10", "--type", "charged", "--people", "ana-aliyeva", "Ana charged"]),
    ("event", ["--date", "2016-05", "--type", "verdict", "--people", "ana-aliyeva", "Ana sentenced"]),
    ("event", ["--date", "by 2016-05-26", "--type", "echr_judgment", "--people", "ana-aliyeva", "ECHR"]),
    ("organization", ["Popular Front Party", "--type", "party"]),
])
def test_a_filled_in_template_validates(run, kb, kind, args):
    kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    result = run(kb, "new", kind, *args)
    assert result.exit_code == 0, result.stderr
    path = created(result, kb)
    assert run(kb, "validate", str(path)).exit_code == 1
    filled(path)
    check = run(kb, "validate", str(path))
    assert check.exit_code == 0, check.stdout
    assert check.stdout == "1 file checked: no problems\n"


def test_new_event_goes_in_its_year_folder_with_a_dated_id(run, kb):
    kb.prisoner("bayram-mammadov", "Bayram Mammadov")
    kb.prisoner("giyasaddin-ibrahim", "Giyasaddin Ibrahim")
    result = run(kb, "new", "event", "--date", "2016-05-10", "--type", "charged",
                 "--people", "bayram-mammadov,giyasaddin-ibrahim", "N!DA activists charged")
    assert result.exit_code == 0
    path = kb.root / "data/events/2016/2016-05-10-n-da-activists-charged.yaml"
    assert created(result, kb) == path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/event.schema.json\n")
    assert "\npeople: " in text and "\n  - bayram-mammadov\n  - giyasaddin-ibrahim\n" in text
    assert "# charges:" in text  # the type's own fields are suggested


def test_people_may_be_given_by_name(run, kb):
    kb.prisoner("giyasaddin-ibrahim", "Giyasaddin Ibrahim")
    result = run(kb, "new", "event", "--date", "2016-05", "--type", "arrest", "--people", "Giyas", "Arrested")
    assert result.exit_code == 0
    assert "`Giyas` is giyasaddin-ibrahim" in result.stderr
    assert "\n  - giyasaddin-ibrahim\n" in created(result, kb).read_text(encoding="utf-8")


def test_an_unknown_person_is_a_warning_not_a_failure(run, kb):
    result = run(kb, "new", "event", "--date", "2016-05", "--type", "arrest", "--people", "new-person", "Arrested")
    assert result.exit_code == 0
    assert "no person `new-person` yet" in result.stderr


@pytest.mark.parametrize("name, expected", [
    ("Rəsul Cəfərov", "rasul-cafarov"),
    ("Xədicə İsmayılova", "xadica-ismayilova"),
    ("Ильгар Мамедов", "ilgar-mamedov"),
    ("../../etc/passwd", "etc-passwd"),
    ("a/b\\c:d*e?f", "a-b-c-d-e-f"),
    ("  Nijat  Aliyev ", "nijat-aliyev"),
])
def test_file_names_are_safe_ascii_slugs(run, kb, name, expected):
    result = run(kb, "new", "prisoner", name, "--country", "AZ")
    assert result.exit_code == 0
    assert created(result, kb) == kb.root / f"data/prisoners/{expected}.yaml"
    assert [p.name for p in (kb.root / "data/prisoners").iterdir()] == [f"{expected}.yaml"]
    assert sorted(p.name for p in kb.root.iterdir() if p.name != ".pp-cache") == ["data"]


@pytest.mark.parametrize("args", [["!!!"], ["Ana", "--id", "../evil"], ["Ana", "--id", "Ana_B"]])
def test_a_name_or_id_that_gives_no_safe_slug_is_a_usage_error(run, kb, args):
    result = run(kb, "new", "prisoner", *args)
    assert result.exit_code == 2
    assert list((kb.root / "data/prisoners").iterdir()) == []


def test_an_existing_record_is_never_overwritten(run, kb):
    path = kb.prisoner("rasul-jafarov", "Rasul Jafarov")
    before = path.read_bytes()
    result = run(kb, "new", "prisoner", "Rasul Jafarov")
    assert result.exit_code == 1
    assert "data/prisoners/rasul-jafarov.yaml already exists" in result.stderr
    assert path.read_bytes() == before


def test_a_former_id_is_never_reused(run, kb):
    kb.prisoner("rasul-jafarov", "Rasul Jafarov", former_ids="[rasul-cafarov]")
    result = run(kb, "new", "prisoner", "Rasul Cafarov")
    assert result.exit_code == 1
    assert "was used before by data/prisoners/rasul-jafarov.yaml" in result.stderr


def test_a_likely_duplicate_is_pointed_out(run, kb):
    kb.prisoner("ilqar-mammadov", "Ilqar Məmmədov")
    result = run(kb, "new", "prisoner", "Ilgar Mamedov")
    assert result.exit_code == 0
    assert "Ilqar Məmmədov (data/prisoners/ilqar-mammadov.yaml) may be the same person" in result.stderr


def test_writing_leaves_no_temporary_files_and_an_ordinary_mode(run, kb):
    run(kb, "new", "prisoner", "Rasul Jafarov")
    folder = kb.root / "data/prisoners"
    assert [p.name for p in folder.iterdir()] == ["rasul-jafarov.yaml"]
    mode = (folder / "rasul-jafarov.yaml").stat().st_mode & 0o777
    assert mode & 0o644 == 0o644 or os.name != "posix"


def test_writing_refuses_a_folder_that_leads_outside_data(kb, tmp_path):
    from pp_cli.errors import UsageError
    from pp_cli.scaffold import write_new

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (kb.root / "data/events/2016").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError):
        write_new(kb.root, "data/events/2016/x.yaml", "id: x\n")
    with pytest.raises(UsageError):
        write_new(kb.root, "data/../x.yaml", "id: x\n")
    assert list(outside.iterdir()) == []


def test_nothing_is_asked_without_interactive(run, kb):
    result = run(kb, "new", "event", "Something happened")
    assert result.exit_code == 2
    assert "missing --date, --type" in result.stderr


def test_interactive_asks_for_what_is_missing(run, kb):
    kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    answers = "\n".join(["Leyla Yunus", "Leyla Yunus", "AZ", "human_rights_defender",
                         "https://example.org/yunus", "Yunus arrested", "Example", "2014-07-30"]) + "\n"
    result = run(kb, "new", "prisoner", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    path = kb.root / "data/prisoners/leyla-yunus.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'url: "https://example.org/yunus"' in text
    assert 'published: "2014-07-30"' in text
    assert [code for code, _, _ in problems(run, kb, "data/prisoners/leyla-yunus.yaml")] == ["PP107"]  # summary


def test_special_characters_in_names_stay_literal(run, kb):
    result = run(kb, "new", "prisoner", 'Ana "The Voice" #1: Aliyeva\x1b', "--country", "AZ")
    assert result.exit_code == 0
    from pp_cli.kb import load

    filled(created(result, kb))
    person = load(kb.root).prisoners["ana-the-voice-1-aliyeva"]
    assert person.name == 'Ana "The Voice" #1: Aliyeva\x1b'


TEMPLATES = [
    ["prisoner", "Rasul Jafarov"],
    ["organization", "Popular Front Party"],
    *(["event", "--date", "2016-05", "--type", t, "--people", "ana-aliyeva", f"Ana {t}"]
      for t in ["charged", "verdict", "appeal_ruling", "pretrial_detention", "arrest", "pardon", "echr_judgment",
                "international_call", "other"]),
]


@pytest.mark.parametrize("args", TEMPLATES, ids=[" ".join(a[:3]) if a[0] == "event" else a[0] for a in TEMPLATES])
def test_an_optional_line_uncommented_but_not_filled_in_is_reported(run, kb, args):
    kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    path = created(run(kb, "new", *args), kb)
    filled(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    opened = [re.sub(r"^( *)# ( *(?:[a-z_]+:|- ))", r"\1\2", line) for line in lines]
    path.write_text("\n".join(opened) + "\n", encoding="utf-8")
    todo_lines = {n for n, (a, b) in enumerate(zip(lines, opened, strict=True), 1) if a != b and "TODO" in b}
    assert todo_lines
    result = run(kb, "validate", "--format", "json", str(path))
    reported = {p["line"] for p in json.loads(result.stdout)["problems"]}
    assert todo_lines <= reported, [opened[n - 1] for n in sorted(todo_lines - reported)]


def test_interactive_event_asks_for_date_type_and_people(run, kb):
    kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    answers = "\n".join(["Ana arrested", "2016-05-10", "arrest", "Ana Aliyeva", ""]) + "\n"
    result = run(kb, "new", "event", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    text = (kb.root / "data/events/2016/2016-05-10-ana-arrested.yaml").read_text(encoding="utf-8")
    assert "\ntype: arrest " in text and "\n  - ana-aliyeva\n" in text


def test_a_bad_date_is_a_usage_error(run, kb):
    result = run(kb, "new", "event", "--date", "2016-13-45", "--type", "arrest", "Arrested")
    assert result.exit_code == 2
    assert "--date: month 13 does not exist" in result.stderr
