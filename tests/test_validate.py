"""`pp validate`: every problem, located, with a stable code, a message and a fix.

The table below is the specification of each code: a small broken knowledge
base, and exactly what `pp validate` says about it and where. The codes are
documented in docs/validation.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from pp_cli import checks, forking
from tests.conftest import KB, REPO, SOURCE

NO_SOURCES = "id: {id}\nname: \"{name}\"\ncountry: AZ\n"


def _person(kb: KB, pid: str = "ana-aliyeva", name: str = "Ana Aliyeva", **fields: str) -> None:
    kb.prisoner(pid, name, **fields)


def _yaml(text: str) -> Callable[[KB], None]:
    """A builder that writes one broken prisoner file, data/prisoners/x.yaml."""
    return lambda kb: kb.write("data/prisoners/x.yaml", text)


def _duplicate_event_ids(kb: KB) -> None:
    _person(kb)
    kb.event("2015-arrest", "2015-06-01", "arrest", ["ana-aliyeva"])
    kb.write("data/events/2016/2015-arrest.yaml", (kb.root / "data/events/2015/2015-arrest.yaml").read_text())


def _wrong_year(kb: KB) -> None:
    _person(kb)
    kb.write("data/events/2016/2015-12-arrest.yaml",
             "id: 2015-12-arrest\ndate: \"2015-12\"\ntype: arrest\ntitle: Arrested\npeople: [ana-aliyeva]\n" + SOURCE)


def _placeholder(kb: KB) -> None:
    kb.write("data/prisoners/x.yaml", "id: x\nname: X Y\ncountry: AZ\nsummary: >-\n  TODO: write it\n" + SOURCE)


def _unknown_person(kb: KB) -> None:
    _person(kb)
    kb.event("2016-05-arrest", "2016-05", "arrest", ["ana-aliyeva", "ana-aliyev"])


def _unknown_org(kb: KB) -> None:
    kb.org("nida", "N!DA")
    _person(kb, affiliations="\n  - nida\n  - popular-front")


def _former_id_reference(kb: KB) -> None:
    _person(kb, former_ids="[ana-aliyev]")
    kb.event("2016-05-arrest", "2016-05", "arrest", ["ana-aliyev"])


def _former_id_reused(kb: KB) -> None:
    _person(kb)
    _person(kb, "leyla-yunus", "Leyla Yunus", former_ids="[ana-aliyeva]")


def _restricted_typo(kb: KB) -> None:
    _person(kb, born='"1990"', restricted_fields="[bron]")


def _future(kb: KB) -> None:
    _person(kb)
    kb.event("2999-arrest", "2999-01-01", "arrest", ["ana-aliyeva"])


def _release_before_arrest(kb: KB) -> None:
    _person(kb)
    kb.event("2016-05-10-arrest", "2016-05-10", "arrest", ["ana-aliyeva"])
    kb.event("2016-03-release", "2016-03", "release", ["ana-aliyeva"])


def _after_death(kb: KB) -> None:
    _person(kb)
    kb.event("2015-death", "2015", "death", ["ana-aliyeva"])
    kb.event("2016-02-transfer", "2016-02", "transfer", ["ana-aliyeva"])


def _born_after_arrest(kb: KB) -> None:
    _person(kb, born='"2001"')
    kb.event("2000-arrest", "2000-04", "arrest", ["ana-aliyeva"])


def _affiliation_backwards(kb: KB) -> None:
    kb.org("nida", "N!DA")
    _person(kb, affiliations='\n  - org: nida\n    since: "2015"\n    until: "2013"')


def _status_contradiction(kb: KB) -> None:
    _person(kb, status="detained")
    kb.event("2016-03-17-pardon", "2016-03-17", "pardon", ["ana-aliyeva"])


def _detail_mismatch(kb: KB) -> None:
    _person(kb, status="released", status_detail="pretrial")


def _status_without_date(kb: KB) -> None:
    kb.write("data/prisoners/ana-aliyeva.yaml", "id: ana-aliyeva\nname: Ana Aliyeva\ncountry: AZ\nstatus: detained\n"
             "sources:\n  - url: https://example.org/r\n    title: A report\n")


def _no_sources(kb: KB) -> None:
    kb.write("data/prisoners/ana-aliyeva.yaml", NO_SOURCES.format(id="ana-aliyeva", name="Ana Aliyeva"))


def _bad_url(kb: KB) -> None:
    kb.write("data/prisoners/ana-aliyeva.yaml", NO_SOURCES.format(id="ana-aliyeva", name="Ana Aliyeva")
             + "sources:\n  - url: javascript:alert(1)\n    title: A report\n")


def _duplicate_people(kb: KB) -> None:
    _person(kb, "ilgar-mamedov", "Ilgar Mamedov")
    _person(kb, "ilqar-mammadov", "Ilqar Məmmədov")


def _stale(kb: KB) -> None:
    _person(kb, status="detained", status_as_of='"2016-05-26"')


def _duplicate_events(kb: KB) -> None:
    _person(kb)
    kb.event("2016-05-10-arrest", "2016-05-10", "arrest", ["ana-aliyeva"])
    kb.event("2016-05-10-ana-detained", "2016-05-10", "arrest", ["ana-aliyeva"])


PP = "data/prisoners/x.yaml"
ANA = "data/prisoners/ana-aliyeva.yaml"

# code, builder, where, message, severity
CASES: list[tuple[str, Callable[[KB], None], str, str, str]] = [
    ("PP001", _yaml("id: x\nsummary: " + "a" * 1_000_001 + "\n"), PP,
     "file is 1,000,017 bytes; the limit is 1,000,000", "error"),
    ("PP002", lambda kb: kb.write(PP, b"id: x\nname: \xff\n"), f"{PP}:2:7", "not valid UTF-8 (byte 0xff)", "error"),
    ("PP003", _yaml("id: x\nname: [unclosed\n"), f"{PP}:3:1", "invalid YAML: did not find expected ',' or ']'",
     "error"),
    ("PP004", _yaml("id: x\nname: A\nname: B\n"), f"{PP}:3:1", "duplicate key `name` (first given on line 2)", "error"),
    ("PP005", _yaml("- id: x\n"), f"{PP}:1:1", "file holds a list, not a mapping of fields", "error"),
    ("PP006", _yaml("id: !!python/object/apply:os.system ['true']\n"), f"{PP}:1:5",
     "tag !!python/object/apply:os.system is not allowed", "error"),
    ("PP007", _yaml("id: " + "[" * 100 + "]" * 100 + "\n"), f"{PP}:1:68", "nesting deeper than 64 levels", "error"),
    ("PP008", lambda kb: kb.write("data/prisoners/x.yml", "id: x\n"), "data/prisoners/x.yml",
     "record files end in .yaml", "error"),
    ("PP101", _yaml("id: x\nname: A\ncountry: AZ\nstauts: detained\n"), f"{PP}:4:1", "unknown field `stauts`", "error"),
    ("PP102", _yaml("id: x\nname: A\ncountry: AZ\nstatus: jailed\n"), f"{PP}:4:1",
     "`jailed` is not an allowed value", "error"),
    ("PP103", _yaml("id: x\nname: A\n"), f"{PP}:1:1", "missing required field `country`", "error"),
    ("PP104", _yaml("id: y\nname: A\ncountry: AZ\n" + SOURCE), f"{PP}:1:1",
     "id `y` does not match the file name `x.yaml`", "error"),
    ("PP105", _duplicate_event_ids, "data/events/2016/2015-arrest.yaml",
     "id `2015-arrest` is already used by data/events/2015/2015-arrest.yaml", "error"),
    ("PP106", _wrong_year, "data/events/2016/2015-12-arrest.yaml:2:1",
     "event dated 2015-12 is filed under data/events/2016/", "error"),
    ("PP107", _placeholder, f"{PP}:4:1", "placeholder `TODO` left in `summary`", "error"),
    ("PP201", _unknown_person, "data/events/2016/2016-05-arrest.yaml:5:23", "unknown person `ana-aliyev`", "error"),
    ("PP202", _unknown_org, f"{ANA}:6:5", "unknown organization `popular-front`", "error"),
    ("PP203", _former_id_reference, "data/events/2016/2016-05-arrest.yaml:5:10",
     "`ana-aliyev` is a former id of person `ana-aliyeva`", "warning"),
    ("PP204", _former_id_reused, "data/prisoners/leyla-yunus.yaml:4:14",
     f"former id `ana-aliyeva` is the id of {ANA}", "error"),
    ("PP205", _restricted_typo, f"{ANA}:5:21", "`bron` is not a field of this record", "error"),
    ("PP301", _future, "data/events/2999/2999-arrest.yaml:2:1",
     f"date 2999-01-01 is in the future (today is {date.today()})", "error"),
    ("PP302", _release_before_arrest, "data/events/2016/2016-03-release.yaml:2:1",
     "release of `ana-aliyeva` on 2016-03 is before every arrest of theirs "
     "(the first is 2016-05-10-arrest (arrest, 2016-05-10))", "error"),
    ("PP303", _after_death, "data/events/2016/2016-02-transfer.yaml:2:1",
     "transfer of `ana-aliyeva` on 2016-02 is after their death (2015-death (death, 2015))", "error"),
    ("PP304", _born_after_arrest, f"{ANA}:4:1", "born 2001, but event 2000-arrest (arrest, 2000-04) is before that",
     "error"),
    ("PP305", _affiliation_backwards, f"{ANA}:7:5", "affiliation with `nida` ends (2013) before it begins (2015)",
     "error"),
    ("PP401", _status_contradiction, f"{ANA}:4:1",
     "declared status `detained` contradicts the events: the latest status-changing event "
     "(2016-03-17-pardon, 2016-03-17) makes it `released`", "error"),
    ("PP402", _detail_mismatch, f"{ANA}:5:1", "status detail `pretrial` does not fit status `released`", "error"),
    ("PP403", _status_without_date, f"{ANA}:4:1", "status `detained` has no as-of date", "warning"),
    ("PP501", _no_sources, f"{ANA}:1:1", "this person has no sources", "error"),
    ("PP502", _bad_url, f"{ANA}:5:5", "`javascript:alert(1)` is not an http(s) URL", "error"),
    ("PP601", _duplicate_people, "data/prisoners/ilgar-mamedov.yaml:2:1",
     "`Ilgar Mamedov` may be the same person as `Ilqar Məmmədov` in data/prisoners/ilqar-mammadov.yaml "
     "(score 0.99: same surname and given name, no birth years)", "warning"),
    ("PP602", _stale, f"{ANA}:5:1",
     f"status `detained` was last confirmed 2016-05-26, {(date.today() - date(2016, 5, 26)).days // 365} years ago "
     "(limit: 1 year)", "warning"),
    ("PP603", _duplicate_events, "data/events/2016/2016-05-10-arrest.yaml:2:1",
     "same date, type and people as data/events/2016/2016-05-10-ana-detained.yaml; is it the same event?", "warning"),
]


def report(run, kb, *args: str) -> tuple[int, dict]:
    result = run(kb, "validate", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def located(problem: dict) -> str:
    where = problem["path"]
    if problem["line"]:
        where += f":{problem['line']}"
        if problem["column"]:
            where += f":{problem['column']}"
    return where


@pytest.mark.parametrize(("code", "build", "where", "message", "severity"), CASES, ids=[c[0] for c in CASES])
def test_each_code_is_reported_with_its_message_and_location(run, kb, code, build, where, message, severity):
    build(kb)
    exit_code, doc = report(run, kb)
    found = [p for p in doc["problems"] if p["code"] == code]
    assert found, f"{code} not reported; got {[(p['code'], p['message']) for p in doc['problems']]}"
    first = found[0]
    assert (located(first), first["message"], first["severity"]) == (where, message, severity)
    assert first["hint"] or code in ("PP002", "PP102", "PP105") or first["message"].startswith("file is")
    assert exit_code == (1 if severity == "error" else 0)


def test_every_code_in_the_table_is_documented():
    doc = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    for code, *_ in CASES:
        assert f"| {code} |" in doc, f"{code} missing from docs/validation.md"


def test_the_shipped_data_has_no_errors(run, shipped):
    result = run(shipped, "validate")
    assert result.exit_code == 0, result.stdout
    assert "0 errors" not in result.stdout  # the summary counts only what there is
    assert " error" not in result.stdout.split("\n")[-2]


def test_a_clean_knowledge_base_says_so(run, kb):
    _person(kb)
    result = run(kb, "validate")
    assert result.exit_code == 0
    assert result.stdout == "1 file checked: no problems\n"


# --------------------------------------------------------------------------- how problems are shown


def test_text_shows_location_excerpt_caret_field_and_hint(run, kb):
    kb.write("data/prisoners/x.yaml", "id: x\nname: A\ncountry: AZ\nstauts: detained\n" + SOURCE)
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "data/prisoners/x.yaml:4:1: error PP101: unknown field `stauts`\n"
        "  |\n"
        "4 | stauts: detained\n"
        "  | ^^^^^^\n"
        "  = field: stauts\n"
        "  = hint: did you mean `status`?\n"
        "\n"
        "1 file checked: 1 error\n"
    )


def test_the_caret_points_at_the_value_in_a_list(run, kb):
    _person(kb, affiliations="[nida]")
    result = run(kb, "validate")
    assert "4 | affiliations: [nida]\n  |                ^^^^\n" in result.stdout


def test_record_text_in_excerpts_cannot_reach_the_terminal(run, kb):
    kb.write("data/prisoners/x.yaml", 'id: x\nname: A\ncountry: AZ\nstatus: "\\e[2J[bold]x"\n' + SOURCE)
    result = run(kb, "validate")
    assert "\x1b" not in result.stdout
    assert "error PP102: `\\x1b[2J[bold]x` is not an allowed value" in result.stdout


def test_json_lists_every_problem_with_a_summary(run, kb):
    kb.write("data/prisoners/x.yaml", "id: x\nname: A\ncountry: AZ\nstauts: detained\nrole: [journalist]\n")
    exit_code, doc = report(run, kb)
    assert exit_code == 1
    assert (doc["ok"], doc["files"], doc["errors"], doc["warnings"]) == (False, 1, 2, 0)
    assert [p["code"] for p in doc["problems"]] == ["PP101", "PP101"]
    assert doc["problems"][1]["hint"] == "did you mean `roles`?"


def test_github_format_prints_annotations(run, kb):
    kb.write("data/prisoners/x.yaml", "id: x\nname: A\ncountry: AZ\nstauts: detained\n" + SOURCE)
    result = run(kb, "validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=data/prisoners/x.yaml,line=4,col=1,title=PP101 stauts::unknown field `stauts`%0A"
        "hint: did you mean `status`?",
        "1 file checked: 1 error",
    ]


def test_github_format_is_the_default_on_github_actions(run, kb, monkeypatch):
    _stale(kb)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run(kb, "validate", "--stale")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"::warning file={ANA},line=5,col=1,title=PP602 status_as_of::")


def test_github_annotations_cannot_be_forged_by_record_text(run, kb):
    kb.write("data/prisoners/x.yaml", 'id: x\nname: A\ncountry: AZ\nstatus: "x\\n::error file=README.md::pwned%"\n'
             + SOURCE)
    result = run(kb, "validate", "--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "%0A::error file=README.md::pwned%25" in lines[0]


def test_github_paths_are_relative_to_the_workspace(run, kb, monkeypatch):
    kb.write("data/prisoners/x.yaml", "id: x\n")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(kb.root.parent))
    result = run(kb, "validate", "--format", "github")
    assert result.stdout.startswith(f"::error file={kb.root.name}/data/prisoners/x.yaml,")


def test_every_report_format_has_a_renderer():
    from pp_cli.validation_report import RENDERERS, ReportFormat

    assert set(RENDERERS) == set(ReportFormat)


# --------------------------------------------------------------------------- warnings, --strict, --max-age


def test_warnings_fail_only_with_strict(run, kb):
    _stale(kb)
    assert run(kb, "validate").exit_code == 0
    strict = run(kb, "validate", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.endswith("1 file checked: 1 warning\n")


def test_max_age_sets_when_a_status_grows_stale(run, kb):
    recent = (date.today() - timedelta(days=40)).isoformat()
    _person(kb, status="detained", status_as_of=f'"{recent}"')
    assert "PP602" not in run(kb, "validate").stdout
    _, doc = report(run, kb, "--max-age", "30d")
    assert [p["code"] for p in doc["problems"]] == ["PP602"]
    assert doc["problems"][0]["message"].endswith("40 days ago (limit: 30 days)")


def test_max_age_off_turns_the_warning_off(run, kb):
    _stale(kb)
    assert run(kb, "validate", "--max-age", "off").stdout == "1 file checked: no problems\n"


def test_released_people_do_not_grow_stale(run, kb):
    _person(kb, status="released", status_as_of='"2016-05-26"')
    assert run(kb, "validate").stdout == "1 file checked: no problems\n"


def test_a_bad_max_age_is_a_usage_error(run, kb):
    _person(kb)
    result = run(kb, "validate", "--max-age", "soon")
    assert result.exit_code == 2
    assert "`soon` is not an age" in result.stderr


# --------------------------------------------------------------------------- PATHs


def test_paths_limit_the_report_but_references_use_the_whole_knowledge_base(run, kb, monkeypatch):
    _person(kb)
    kb.write("data/prisoners/x.yaml", "id: x\n")
    kb.event("2016-05-arrest", "2016-05", "arrest", ["ana-aliyeva", "nobody-here"])
    monkeypatch.chdir(kb.root)
    exit_code, doc = report(run, kb, "data/events/2016/2016-05-arrest.yaml")
    assert exit_code == 1
    assert doc["files"] == 1
    assert [(p["code"], p["message"]) for p in doc["problems"]] == [("PP201", "unknown person `nobody-here`")]


def test_a_folder_path_checks_the_files_in_it(run, kb, monkeypatch):
    _person(kb)
    kb.write("data/prisoners/x.yaml", "id: x\n")
    kb.event("2016-05-arrest", "2016-05", "arrest", ["nobody-here"])
    monkeypatch.chdir(kb.root / "data")
    _, doc = report(run, kb, "events")
    assert {p["path"] for p in doc["problems"]} == {"data/events/2016/2016-05-arrest.yaml"}


def test_a_duplicate_is_reported_on_the_file_asked_about(run, kb, monkeypatch):
    _duplicate_people(kb)
    monkeypatch.chdir(kb.root)
    _, doc = report(run, kb, "data/prisoners/ilqar-mammadov.yaml")
    assert [(p["code"], p["path"], p["related"]) for p in doc["problems"]] == [
        ("PP601", "data/prisoners/ilqar-mammadov.yaml", ["data/prisoners/ilgar-mamedov.yaml"])
    ]


def test_a_path_that_is_not_a_record_is_reported(run, kb, monkeypatch):
    _person(kb)
    kb.write("data/README.md", "notes\n")
    monkeypatch.chdir(kb.root)
    _, doc = report(run, kb, "data/README.md")
    assert [(p["code"], p["path"], p["message"]) for p in doc["problems"]] == [
        ("PP008", "data/README.md", "not a record file")
    ]


@pytest.mark.parametrize("path", ["missing.yaml", "../outside.yaml"])
def test_a_path_outside_or_missing_is_a_usage_error(run, kb, monkeypatch, path):
    _person(kb)
    (kb.root.parent / "outside.yaml").write_text("id: x\n")
    monkeypatch.chdir(kb.root)
    result = run(kb, "validate", path)
    assert result.exit_code == 2
    assert path in result.stderr


def test_parse_age():
    from pp_cli.max_age import parse_age

    assert parse_age("365d") == timedelta(days=365)
    assert parse_age("2y") == timedelta(days=730)
    assert parse_age("6 months") == timedelta(days=180)
    assert parse_age("4w") == timedelta(days=28)
    assert parse_age("90") == timedelta(days=90)
    assert parse_age("off") is None
    with pytest.raises(ValueError):
        parse_age("-3d")


def test_validate_never_reads_outside_the_knowledge_base(run, kb, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\nname: Secret\ncountry: AZ\n")
    _person(kb)
    link = kb.root / "data" / "prisoners" / "secret.yaml"
    link.symlink_to(secret)
    result = run(kb, "validate")
    assert "Secret" not in result.stdout
    assert "data/prisoners/secret.yaml" in result.stdout


def test_problem_locations_use_the_repository_layout():
    # data files in the repository reference schema files that exist
    assert Path(REPO / "schema" / "prisoner.schema.json").is_file()


CROSS_RECORD = [c for c in CASES if c[0] >= "PP106"]


@pytest.mark.parametrize(("code", "build"), [c[:2] for c in CROSS_RECORD], ids=[c[0] for c in CROSS_RECORD])
def test_checking_one_file_reports_what_the_whole_run_reports_about_it(run, kb, monkeypatch, code, build):
    build(kb)
    monkeypatch.chdir(kb.root)
    _, whole = report(run, kb)
    files = sorted({p["path"] for p in whole["problems"]} | {r for p in whole["problems"] for r in p["related"]})
    for path in files:
        _, alone = report(run, kb, path)
        expected = [p for p in whole["problems"] if p["path"] == path
                    or (path in p["related"] and not any(q["path"] == path and p["path"] in q["related"]
                                                         and q["code"] == p["code"] for q in whole["problems"]))]
        assert alone["problems"] == expected, path


def test_a_word_that_starts_like_the_placeholder_is_not_one(run, kb):
    _person(kb, "todor-todorov", "TODOROV Todor", summary='"TODOS was his nickname"')
    assert run(kb, "validate").stdout == "1 file checked: no problems\n"


@pytest.mark.skipif(not forking.AVAILABLE, reason="checks are split with a forked child on Linux only")
@pytest.mark.parametrize(("code", "build", "where", "message", "severity"), CASES, ids=[c[0] for c in CASES])
def test_checks_split_with_a_forked_child_find_the_same(run, kb, monkeypatch, code, build, where, message, severity):
    build(kb)
    alone = run(kb, "--no-cache", "validate", "--format", "json")
    monkeypatch.setattr(checks, "SPLIT_FROM", 0)  # a large knowledge base's path, on a small one
    split = run(kb, "--no-cache", "validate", "--format", "json")
    assert (split.exit_code, split.stdout) == (alone.exit_code, alone.stdout)
