"""`pp init`: a new, empty knowledge base that the other commands accept."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pp_cli import repo_files
from pp_cli.cli import app
from tests.conftest import REPO, prisoner_yaml
from tests.gitrepo import git_identity


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


# --------------------------------------------------------------------------- what a repository needs for review

REVIEW_FILES = [".github/workflows/validate.yml", ".github/PULL_REQUEST_TEMPLATE.md", ".pre-commit-config.yaml",
                "CONTRIBUTING.md", "pp-requirements.txt"]
OWN_PIN = "# pp's own repository checks its records with the pp in this folder:\n."


def init(path: Path):
    result = CliRunner().invoke(app, ["init", str(path)])
    assert result.exit_code == 0, result.output
    return result


def test_init_writes_what_a_repository_needs_to_review_pull_requests(tmp_path):
    root = tmp_path / "belarus"
    result = init(root)
    for name in REVIEW_FILES:
        assert name in result.stdout.splitlines()
        assert (root / name).is_file()
        assert "OWNER" not in (root / name).read_text()
    workflow = yaml.safe_load((root / ".github/workflows/validate.yml").read_text())
    steps = workflow["jobs"]["validate"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "pp validate --changed --format github" in runs
    assert 'pp diff --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "python -m pip install -r pp-requirements.txt" in runs
    assert steps[0]["with"]["fetch-depth"] == 0
    cache = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert len(cache) == 1 and cache[0]["with"]["path"] == workflow["jobs"]["validate"]["env"]["PP_CACHE_DIR"]
    assert steps.index(cache[0]) < next(i for i, step in enumerate(steps) if "pp validate" in step.get("run", ""))
    assert workflow["defaults"]["run"]["working-directory"] == "./"
    assert workflow[True]["pull_request"]["paths"][0] == "data/**"  # YAML 1.1 reads `on` as true
    hook = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("pp validate", "system", True)
    assert re.search(hook["files"], "data/prisoners/ales-bialiatski.yaml")
    assert not re.search(hook["files"], "README.md")
    requirement = [line for line in (root / "pp-requirements.txt").read_text().splitlines()
                   if line and not line.startswith("#")]
    assert len(requirement) == 1 and requirement[0].startswith("pp-cli")


def test_pp_s_own_review_files_are_the_templates(tmp_path):
    """One text: what `pp init` gives an organisation is what this repository uses (rendered for its root).

    If this fails, a change was made to only one of the two: make it in both
    (the template is in pp_cli/templates/, under the path it is written to).
    """
    for template in repo_files.templates():
        own = (REPO / template.target).read_text(encoding="utf-8")
        assert own == repo_files.render(template, "", OWN_PIN), template.target


def test_the_pin_follows_where_pp_was_installed_from(monkeypatch):
    from importlib import metadata

    class Dist:
        def __init__(self, text):
            self.text = text

        def read_text(self, name):
            return self.text

    def pinned(direct_url):
        monkeypatch.setattr(metadata, "distribution", lambda name: Dist(direct_url))
        return repo_files.pin_line()

    assert pinned(None) == "pp-cli==0.1.0"
    assert pinned('{"url": "https://git.example.org/pp.git", "vcs_info": {"vcs": "git", '
                  '"requested_revision": "v0.1.0", "commit_id": "abc"}}') == \
        "pp-cli @ git+https://git.example.org/pp.git@v0.1.0"
    assert pinned('{"url": "https://files.example.org/pp-cli-0.1.0.tar.gz", "archive_info": {}}') == \
        "pp-cli @ https://files.example.org/pp-cli-0.1.0.tar.gz"
    local = pinned('{"url": "file:///home/me/pp", "dir_info": {"editable": true}}')
    assert local.endswith("\npp-cli==0.1.0") and "local copy of pp" in local
    assert pinned('{"url": "https://x\\n#evil", "vcs_info": {"vcs": "git"}}') == "pp-cli==0.1.0"


def test_init_inside_a_repository_writes_its_files_at_the_top_and_runs_in_the_subfolder(tmp_path, monkeypatch):
    git_identity(monkeypatch)
    top = tmp_path / "repo"
    top.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=top, check=True)
    (top / "CONTRIBUTING.md").write_text("our own rules\n")
    result = init(top / "kb")
    assert "../.github/workflows/validate.yml" in result.stdout
    assert "kept the existing ../CONTRIBUTING.md" in result.stderr
    assert (top / "CONTRIBUTING.md").read_text() == "our own rules\n"
    assert not (top / "kb" / ".github").exists()
    workflow = yaml.safe_load((top / ".github/workflows/validate.yml").read_text())
    assert workflow["defaults"]["run"]["working-directory"] == "./kb/"
    assert workflow[True]["pull_request"]["paths"][0] == "kb/data/**"
    hook = yaml.safe_load((top / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert re.search(hook["files"], "kb/data/events/2016/x.yaml") and not re.search(hook["files"], "data/x.yaml")


def hook_files_pattern(path: Path) -> str:
    doc = yaml.safe_load(path.read_text())
    hooks = doc if isinstance(doc, list) else doc["repos"][0]["hooks"]
    return hooks[0]["files"]


@pytest.mark.parametrize("config", ["shipped hook", "init's config"])
def test_the_pre_commit_hook_works_when_the_knowledge_base_is_in_a_subfolder(tmp_path, monkeypatch, config):
    """pre-commit runs `entry` from the repository's top with the staged files' paths from there."""
    monkeypatch.delenv("PP_DATA", raising=False)
    git_identity(monkeypatch)
    top = tmp_path / "repo"
    top.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=top, check=True)
    init(top / "kb")
    (top / "kb/data/prisoners/ana-aliyeva.yaml").write_text(prisoner_yaml("ana-aliyeva", "Ana Aliyeva"))
    (top / "kb/data/prisoners/x.yaml").write_text("id: x\nname: X\ncountry: AZ\nstauts: x\n")
    (top / "kb/data/events/2016").mkdir()
    (top / "kb/data/events/2016/2016-05-10-arrest.yaml").write_text(
        'id: 2016-05-10-arrest\ndate: "2016-05-10"\ntype: arrest\ntitle: Arrest\npeople: [ana-aliyeva]\n'
        "sources:\n  - url: https://example.org/r\n    title: R\n")
    pattern = hook_files_pattern(REPO / ".pre-commit-hooks.yaml" if config == "shipped hook"
                                 else top / ".pre-commit-config.yaml")
    staged = ["README.md", "kb/data/events/2016/2016-05-10-arrest.yaml", "kb/data/prisoners/x.yaml"]
    passed = [p for p in staged if re.search(pattern, p)]
    assert passed == staged[1:]
    monkeypatch.chdir(top)
    runner = CliRunner()
    bad = runner.invoke(app, ["validate", *passed])
    assert bad.exit_code == 1
    assert bad.stdout.startswith("kb/data/prisoners/x.yaml:4:1: error PP101: unknown field `stauts`\n")
    assert "2 files checked: 1 error" in bad.stdout
    good = runner.invoke(app, ["validate", passed[0]])  # its person is resolved from the whole knowledge base
    assert (good.exit_code, good.stdout) == (0, "1 file checked: no problems\n")


def test_a_new_organisation_reviews_its_first_pull_request(tmp_path, monkeypatch):
    git_identity(monkeypatch)
    monkeypatch.delenv("PP_DATA", raising=False)
    root = tmp_path / "belarus"
    init(root)
    monkeypatch.chdir(root)
    subprocess.run(["git", "init", "-q", "-b", "main"], check=True)
    subprocess.run(["git", "add", "-A"], check=True)
    subprocess.run(["git", "commit", "-q", "-m", "pp init"], check=True)
    subprocess.run(["git", "checkout", "-q", "-b", "add-ales"], check=True)
    runner = CliRunner()
    assert runner.invoke(app, ["new", "prisoner", "Ales Bialiatski", "--country", "BY"]).exit_code == 0
    fresh = runner.invoke(app, ["validate", "--changed", "--format", "github"])
    assert fresh.exit_code == 1  # the template's TODOs, annotated
    assert fresh.stdout.startswith("::error file=data/prisoners/ales-bialiatski.yaml,")
    assert "1 file changed since main (merge base " in fresh.stdout
