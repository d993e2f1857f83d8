"""The command as a whole: help, version, finding the knowledge base, safe text, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from pp_cli import __version__
from pp_cli.cli import app


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).stdout == f"pp {__version__}\n"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "pp list --status detained" in result.stdout
    assert "Examples" in runner.invoke(app, ["list", "--help"]).stdout


def test_runs_as_a_module(shipped):
    result = subprocess.run([sys.executable, "-m", "pp_cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("pp ")


def test_the_knowledge_base_is_found_from_the_working_directory(kb, monkeypatch):
    kb.prisoner("a-b", "A B")
    (kb.root / "data" / "prisoners" / "sub").mkdir()
    monkeypatch.chdir(kb.root / "data" / "prisoners" / "sub")
    monkeypatch.delenv("PP_DATA", raising=False)
    result = CliRunner().invoke(app, ["list", "-f", "json"])
    assert [r["id"] for r in json.loads(result.stdout)] == ["a-b"]


def test_pp_data_points_at_a_knowledge_base(kb, tmp_path, monkeypatch):
    kb.prisoner("a-b", "A B")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["list", "-f", "json"], env={"PP_DATA": str(kb.root / "data")})
    assert result.exit_code == 0 and "a-b" in result.stdout


def test_no_knowledge_base_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PP_DATA", raising=False)
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 2
    assert "no knowledge base found" in result.stderr and "--data" in result.stderr


def test_a_bad_file_gives_one_warning_and_the_rest_still_answers(run, kb):
    kb.prisoner("a-b", "A B", status="detained")
    kb.write("data/prisoners/evil.yaml", "id: evil\nname: [oops\n")
    result = run(kb, "list", "-f", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["a-b"]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "data/prisoners/evil.yaml:3:1" in warnings[0]
    assert "pp validate" in result.stderr


def test_record_text_is_never_markup_or_control_codes(run, kb, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # keep table cells on one line for the assertion
    # YAML's \e and \a escapes decode to ESC and BEL.
    kb.prisoner("evil", "[bold red]Evil[/bold red] \\e[2J\\a Name", summary='"[link=http://x]click[/link]"')
    for fmt in ("table", "tsv", "csv", "markdown"):
        out = run(kb, "list", "-f", fmt).stdout
        assert "\x1b" not in out and "\x07" not in out, fmt
        assert "[bold red]Evil[/bold red]" in out.replace("\\[", "[").replace("\\]", "]"), fmt
    shown = run(kb, "show", "evil").stdout
    assert "[bold red]Evil[/bold red]" in shown and "\\x1b[2J\\x07" in shown
    assert "[link=http://x]click[/link]" in shown
    assert "\x1b" not in shown
    assert "\\u001b" in run(kb, "show", "evil", "-f", "json").stdout


def test_no_color_in_pipes(shipped):
    env = {**os.environ, "PP_DATA": str(shipped)}
    result = subprocess.run([sys.executable, "-m", "pp_cli", "list", "-f", "table"], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 0 and "\x1b[" not in result.stdout


def test_a_bug_is_reported_in_one_line_with_exit_code_3(run, kb, monkeypatch):
    kb.prisoner("a-b", "A B")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("pp_cli.filters.select", broken)
    result = run(kb, "list")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr and "Traceback" not in result.output
