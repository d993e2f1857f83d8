"""Restricted material never leaves through `--public`: every export format, the report and the site."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from pp_cli import fieldpath
from tests.conftest import KB, SOURCE

# Strings that only restricted material holds: none may appear in any public output.
SECRETS = ("hidden-person", "Zyxwhidden", "1911", "secret-dispute", "hidden-prison", "Qwertyprison",
           "2013-07-07", "status-dispute")


@pytest.fixture
def guarded(kb: KB) -> KB:
    kb.write("data/organizations/hidden-prison.yaml",
             "id: hidden-prison\nname: Qwertyprison\ntype: prison\nrestricted: true\n" + SOURCE)
    kb.write("data/prisoners/hidden-person.yaml",
             'id: hidden-person\nname: "Zyxwhidden Person"\ncountry: AZ\nrestricted: true\n' + SOURCE)
    kb.write("data/prisoners/ana-aliyeva.yaml", """\
id: ana-aliyeva
name: "Ana Aliyeva"
country: AZ
born: "1911-03"
status: detained
status_as_of: "2013-07-07"
facility: hidden-prison
restricted_fields: ["born[0]", status]
distinct_from: [hidden-person]
relations:
  - person: hidden-person
    kind: sibling
disputed:
  - field: born[0]
    claim: "1912"
    sources:
      - url: https://example.org/secret-dispute
        title: A claim
  - field: status_as_of
    claim: "2014"
    sources:
      - url: https://example.org/status-dispute
        title: Another claim
""" + SOURCE)
    kb.event("2016-05-10-arrest", "2016-05-10", "arrest", ["ana-aliyeva", "hidden-person"],
             title="Arrested", court="hidden-prison", facility="hidden-prison")
    return kb


def _assert_clean(text: str, where: str) -> None:
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"{where} leaks {leaked}"


def _read_all(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    if path.suffix == ".db":
        db = sqlite3.connect(path)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            rows = [repr(row) for t in tables for row in db.execute(f'SELECT * FROM "{t}"')]
        finally:
            db.close()
        return "\n".join(rows) + path.read_bytes().decode("utf-8", "replace")
    return path.read_text(encoding="utf-8")


def test_the_guarded_knowledge_base_is_valid_and_the_secrets_are_really_there(guarded: KB, run) -> None:
    result = run(guarded, "validate")
    assert "PP205" not in result.output
    full = run(guarded, "export", "--format", "json")
    assert all(s in full.stdout for s in ("hidden-person", "1911", "secret-dispute", "hidden-prison"))


FORMATS = [("json", []), ("jsonl", []), ("csv", []), ("csv", ["--events"]), ("popolo", []), ("markdown", []),
           ("xlsx", []), ("sqlite", [])]


@pytest.mark.parametrize(("fmt", "extra"), FORMATS)
def test_no_export_format_leaks_restricted_material(guarded: KB, run, tmp_path: Path, fmt: str, extra) -> None:
    target = tmp_path / f"out.{ {'sqlite': 'db'}.get(fmt, fmt)}"
    result = run(guarded, "export", "--format", fmt, *extra, "--public", "--output", str(target))
    assert result.exit_code == 0, result.output
    _assert_clean(_read_all(target), f"export --format {fmt} {' '.join(extra)}")
    assert ("Arrested" if extra else "Ana Aliyeva") in _read_all(target)  # the public records are there


def test_the_public_report_leaks_nothing(guarded: KB, run) -> None:
    result = run(guarded, "report", "--public")
    assert result.exit_code == 0
    _assert_clean(result.stdout, "report --public")


def test_the_site_leaks_nothing(guarded: KB, run, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run(guarded, "site", "build", "--out", str(out))
    assert result.exit_code == 0, result.output
    for page in out.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml", ".csv", ".txt", ".js", ""):
            _assert_clean(page.read_text(encoding="utf-8", errors="replace"), str(page.relative_to(out)))


def test_search_documents_of_the_public_copy_hold_nothing_restricted(guarded: KB) -> None:
    from pp_cli.kb import load
    from pp_cli.privacy import public_kb
    from pp_cli.search import record_texts

    public = public_kb(load(guarded.root, use_cache=False))
    _assert_clean(repr(list(record_texts(public))), "search documents")


@pytest.mark.parametrize(("path", "steps"), [
    ("born", ("born",)), ("born[0]", ("born", 0)), ("sources.0.quote", ("sources", 0, "quote")),
    ("sources[1].url", ("sources", 1, "url")),
])
def test_field_paths_have_one_grammar(path: str, steps) -> None:
    assert fieldpath.parse(path) == steps


@pytest.mark.parametrize("path", ["born]", "born[x]", "born..x", "born.", "[0]", "bo rn"])
def test_a_malformed_field_path_is_rejected_by_validate(kb: KB, run, path: str) -> None:
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", born='"1990"', restricted_fields=f"[{path!r}]".replace("'", '"'))
    result = run(kb, "validate")
    assert result.exit_code == 1 and "PP205" in result.output


def test_a_bracketed_path_that_validates_withholds_its_field(kb: KB, run) -> None:
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", born='"1911-03"', restricted_fields='["born[0]"]')
    assert "PP205" not in run(kb, "validate").output
    result = run(kb, "export", "--format", "json", "--public")
    assert "1911" not in result.stdout
