"""Shared fixtures: build small knowledge bases in a temp folder and run `pp` on them."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pp_cli.cli import app

REPO = Path(__file__).resolve().parent.parent
SOURCE = """\
sources:
  - url: https://example.org/report
    title: A report
    publisher: Example
    published: "2016-05-26"
"""


def prisoner_yaml(pid: str, name: str, **fields: str) -> str:
    """A valid prisoner record; keyword arguments add or replace top-level YAML lines."""
    lines = {"id": pid, "name": f'"{name}"', "country": "AZ"}
    lines.update(fields)
    body = "".join(f"{k}: {v}\n" for k, v in lines.items())
    return body + SOURCE


def event_yaml(eid: str, date: str, type_: str, people: list[str], **fields: str) -> str:
    lines = {"id": eid, "date": f'"{date}"', "type": type_, "title": f'"{type_} of {", ".join(people)}"',
             "people": "[" + ", ".join(people) + "]"}
    lines.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in lines.items()) + SOURCE


class KB:
    """A knowledge base under construction in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "data" / "prisoners").mkdir(parents=True)
        (root / "data" / "events").mkdir()
        (root / "data" / "organizations").mkdir()

    def write(self, relpath: str, text: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def prisoner(self, pid: str, name: str, **fields: str) -> Path:
        return self.write(f"data/prisoners/{pid}.yaml", prisoner_yaml(pid, name, **fields))

    def event(self, eid: str, date: str, type_: str, people: list[str], **fields: str) -> Path:
        year = re.search(r"\d{4}", date).group()  # "by 2016-05-26" is filed under 2016 too
        return self.write(f"data/events/{year}/{eid}.yaml", event_yaml(eid, date, type_, people, **fields))

    def org(self, oid: str, name: str, type_: str = "movement") -> Path:
        return self.write(f"data/organizations/{oid}.yaml", f'id: {oid}\nname: "{name}"\ntype: {type_}\n' + SOURCE)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps pp's per-user cache in a temporary folder, never in the real ~/.cache."""
    base = tmp_path_factory.getbasetemp() / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    monkeypatch.delenv("PP_CACHE_DIR", raising=False)
    return base


@pytest.fixture
def kb(tmp_path: Path) -> KB:
    return KB(tmp_path / "kb")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run `pp ARGS…` against a knowledge base (a KB or a path); returns the Result."""
    monkeypatch.delenv("PP_DATA", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    runner = CliRunner()

    def invoke(target: KB | Path, *args: str, input: str | None = None):
        root = target.root if isinstance(target, KB) else target
        return runner.invoke(app, ["--data", str(root), *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def shipped() -> Path:
    """The knowledge base shipped in data/."""
    return REPO
