"""What `pp validate` shows when there is a lot to show: stale statuses, GitHub annotations, job summaries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pp_cli import step_summary
from pp_cli.errors import Problem
from pp_cli.validation_report import ANNOTATIONS, Report, render_github, render_markdown
from tests.conftest import KB, SOURCE

GIVEN = ("Leyla", "Arif", "Seymur", "Rasul", "Tofiq", "Anar", "Emin", "Bayram", "Afgan", "Khadija", "Intigam", "Ogtay")
SURNAMES = ("Yunus", "Hazi", "Jafarov", "Gulaliyev", "Yagublu", "Ismayilova", "Sadigov", "Mukhtarli", "Huseynli")


def stale_people(kb: KB, n: int) -> None:
    """`n` different people (no two alike by name) whose `detained` was last confirmed in 2016."""
    for i in range(n):
        name = f"{GIVEN[i % len(GIVEN)]} {SURNAMES[i // len(GIVEN)]}"
        kb.prisoner(f"person-{i}", name, status="detained", status_as_of='"2016-05-26"')


def broken_files(kb: KB, files: int, fields: int) -> None:
    """`files` prisoner files with `fields` unknown fields each: files × fields errors (PP101)."""
    for n in range(files):
        extra = "".join(f"unknown_field_{i}: v\n" for i in range(fields))
        kb.write(f"data/prisoners/p{n}.yaml", f"id: p{n}\nname: P\ncountry: AZ\n{extra}" + SOURCE)


# --------------------------------------------------------------------------- stale statuses (PP602)


def test_stale_statuses_are_one_line_by_default(run, kb):
    stale_people(kb, 9)
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", stauts="x")
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert "PP602: status" not in result.stdout
    assert result.stdout.endswith(
        "9 people's status was last confirmed more than a year ago (PP602); `pp validate --stale` lists them\n"
        "10 files checked: 1 error, 9 warnings (they do not fail without --strict)\n"
    )
    assert result.stdout.count("\n") < 15


def test_one_stale_person_and_another_limit_read_naturally(run, kb):
    stale_people(kb, 1)
    out = run(kb, "validate", "--max-age", "18m").stdout
    assert out.startswith("1 person's status was last confirmed more than 18 months ago (PP602)")


def test_stale_lists_them(run, kb):
    stale_people(kb, 3)
    out = run(kb, "validate", "--stale").stdout
    assert out.count("warning PP602: status `detained` was last confirmed 2016-05-26") == 3
    assert "--stale` lists them" not in out


def test_summarised_stale_statuses_still_fail_strict_and_json_lists_them(run, kb):
    stale_people(kb, 2)
    assert run(kb, "validate", "--strict").exit_code == 1
    doc = json.loads(run(kb, "validate", "--format", "json").stdout)
    assert [p["code"] for p in doc["problems"]] == ["PP602", "PP602"]  # scripts get everything


def test_a_stale_person_named_as_a_path_is_listed(run, kb, monkeypatch):
    stale_people(kb, 3)
    monkeypatch.chdir(kb.root)
    out = run(kb, "validate", "data/prisoners/person-1.yaml").stdout
    assert out.count("warning PP602") == 1 and "person-1.yaml" in out


# --------------------------------------------------------------------------- github annotations


def annotations(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


def test_github_annotates_at_most_ten_of_each_errors_first_and_lists_the_rest(run, kb):
    broken_files(kb, 3, 5)  # 15 errors
    stale_people(kb, 12)  # 12 warnings, listed with --stale
    result = run(kb, "validate", "--format", "github", "--stale")
    assert result.exit_code == 1
    commands = annotations(result.stdout)
    kinds = [line.split(" ", 1)[0] for line in commands]
    assert kinds == ["::error"] * ANNOTATIONS + ["::warning"] * ANNOTATIONS + ["::notice"]
    assert commands[-1] == (
        "::notice title=pp validate::Not annotated (GitHub shows 10 errors and 10 warnings per step): "
        "5 errors and 2 warnings more; this log lists them all"
    )
    plain = result.stdout.splitlines()[len(commands):]
    assert len([line for line in plain if " error PP101: " in line]) == 5
    assert len([line for line in plain if " warning PP602: " in line]) == 2
    assert plain[-1] == "15 files checked: 15 errors, 12 warnings (they do not fail without --strict)"


def test_with_changed_the_changes_own_warnings_come_first(tmp_path):
    own = [Problem("PP601", f"data/prisoners/new-{i}.yaml", "dup", severity="warning") for i in range(3)]
    other = [Problem("PP203", f"data/events/2016/e{i}.yaml", "former id", severity="warning") for i in range(12)]
    errors = [Problem("PP201", "data/events/2016/e0.yaml", "unknown person")]
    report = Report(tmp_path, sorted([*other, *own, *errors], key=lambda p: p.path), 3,
                    own=frozenset(p.path for p in own), changed_since="main")
    lines = annotations(render_github(report))
    assert "PP201" in lines[0]
    assert [("PP601" in line) for line in lines[1:4]] == [True] * 3
    assert len([line for line in lines if line.startswith("::warning")]) == ANNOTATIONS


def test_plain_lines_in_the_log_cannot_be_workflow_commands(tmp_path):
    problems = [Problem("PP101", "::error file=x::forged", "x\n::warning::y") for _ in range(12)]
    out = render_github(Report(tmp_path, problems, 1))
    assert len(annotations(out)) == ANNOTATIONS + 1  # ten errors and the notice, no forged command


def test_thousands_of_findings_on_github_stay_within_what_github_shows_and_the_summary_within_1_mib(
    run, kb, tmp_path, monkeypatch,
):
    broken_files(kb, 400, 25)  # 10,000 errors
    stale_people(kb, 30)
    summary = tmp_path / "summary.md"
    summary.write_text("### an earlier step's notes\n\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(kb, "validate")
    assert result.exit_code == 1
    commands = annotations(result.stdout)
    assert sum(line.startswith("::error") for line in commands) == ANNOTATIONS
    assert sum(line.startswith("::warning") for line in commands) == 0  # the stale ones are one line
    assert "9,990 errors more; the job summary and this log list them all" in commands[-1]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### an earlier step's notes\n\n### pp validate\n")
    assert len(text.encode()) <= step_summary.LIMIT
    shown = text.count("| error | ")
    left = int(re.search(r"1 MiB GitHub allows a job summary: ([\d,]+) errors more", text).group(1).replace(",", ""))
    assert shown > 1000 and shown + left == 10_000
    assert "30 people's status was last confirmed more than a year ago" in text


def test_the_summary_is_appended_to_and_a_link_is_refused(run, kb, tmp_path, monkeypatch):
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", stauts="x")
    target = tmp_path / "elsewhere.md"
    target.write_text("keep\n")
    link = tmp_path / "summary.md"
    link.symlink_to(target)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(link))
    result = run(kb, "validate", "--format", "github")
    assert result.exit_code == 1
    assert target.read_text() == "keep\n"
    assert "is not a regular file; the job summary was not written" in result.stderr


def test_markdown_escapes_record_text(run, kb):
    kb.write("data/prisoners/x.yaml", 'id: x\nname: A\ncountry: AZ\nstatus: "<img src=x onerror=alert(1)>|*"\n'
             + SOURCE)
    out = run(kb, "validate", "--format", "markdown").stdout
    assert "<img" not in out.replace("\\<img", "")
    assert "| error | data/prisoners/x.yaml:4:1 | PP102 | \\`\\<img src=x onerror=alert(1)\\>\\|\\*\\` is not" in out


@pytest.mark.parametrize("count", [50_000])
def test_markdown_of_a_huge_report_is_cut_to_the_limit_with_a_count(tmp_path: Path, count: int):
    problems = [Problem("PP601", f"data/prisoners/p{i}.yaml", "`A` may be the same person as `B`", 2, 1, "name",
                        "merge them", "warning", (f"data/prisoners/q{i}.yaml",)) for i in range(count)]
    text = render_markdown(Report(tmp_path, problems, count))
    assert len(text.encode()) <= step_summary.LIMIT
    shown = text.count("| warning | ")
    assert f"{count - shown:,} warnings more" in text
    assert render_markdown(Report(tmp_path, problems, count), None).count("| warning | ") == count
