"""`pp init`: a new, empty knowledge base that the other commands accept."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pp_cli.cli import app


def test_init_creates_a_knowledge_base_that_works(tmp_path, monkeypatch):
    monkeypatch.delenv("PP_DATA", raising=False)
    root = tmp_path / "belarus"
    runner = CliRunner()
    result = runner.invoke(app, ["init", str(root)])
    assert result.exit_code == 0, result.output
    assert "schema/prisoner.schema.json" in result.stdout
    assert (root / "data" / "prisoners").is_dir() and (root / "data" / "events").is_dir()
    assert ".pp-cache/" in (root / ".gitignore").read_text()
    monkeypatch.chdir(root)
    assert json.loads(runner.invoke(app, ["list", "-f", "json"]).stdout) == []
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert runner.invoke(app, ["new", "prisoner", "Ales Bialiatski", "--country", "BY"]).exit_code == 0
    assert (root / "data" / "prisoners" / "ales-bialiatski.yaml").exists()


def test_init_refuses_an_existing_knowledge_base(tmp_path):
    (tmp_path / "data").mkdir()
    result = CliRunner().invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already holds data/" in result.stderr
