"""A knowledge base in a temporary git repository, for `pp diff` and `pp validate --changed` tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import KB


class Repo:
    """A knowledge base in a temporary git repository (`top` is the repository, `kb.root` may be inside it)."""

    def __init__(self, kb: KB, top: Path | None = None) -> None:
        self.kb = kb
        self.top = top or kb.root

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.top, check=True, capture_output=True, text=True)
        return done.stdout.strip()

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "--short", "HEAD")


def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits that work without the user's git configuration, and no base branch from GitHub."""
    for key, value in {
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)


def new_repo(kb: KB, monkeypatch: pytest.MonkeyPatch, top: Path | None = None) -> Repo:
    git_identity(monkeypatch)
    repo = Repo(kb, top)
    repo.git("init", "-q", "-b", "main")
    return repo
