"""A whole build made a few people at a time stores exactly what one made from every record stores.

A new index derives every row without holding every record (`derived.split`,
`View._built`): a part of a few people loads the files that mention them.
Here parts are two people each, and the index they build — rows, the files'
mentions and identities, problems, the full-text index — must equal, table
by table, the one built from the whole knowledge base at once, through the
random edits of `tests.test_incremental` (people gaining and losing events,
ids renamed, duplicates, a case coming and going, broken files) and with a
criminal-code registry, which makes a charge follow its co-defendants' country.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pp_cli import derived
from pp_cli.cli import app
from tests.conftest import KB
from tests.test_incremental import World

REPO = Path(__file__).resolve().parent.parent
TABLES = {
    "rows": "SELECT kind, owner, key, ord, value FROM rows WHERE kind != 'fts'",
    "derived_files": "SELECT * FROM derived_files",
    "mentions": "SELECT * FROM mentions",
    "pending": "SELECT * FROM pending",
    "search": "SELECT key, kind, tokens, doc FROM search_fts",
}


def build(root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, *, parts: bool, size: int = 2) -> dict[
        str, list[tuple]]:
    """A new index of `root` (in parts of `size` people, or whole), made by `pp list` then `pp search`: its tables."""
    with monkeypatch.context() as patch:
        if parts:
            patch.setattr(derived, "CHUNK", size)
        else:
            patch.setattr(derived, "split", lambda entries: None)
        env = {"PP_DATA": str(root), "PP_CACHE_DIR": str(cache), "PP_NO_CACHE": None, "PP_TRACE": "1"}
        runner = CliRunner()
        listed = runner.invoke(app, ["list", "-f", "json"], env=env, catch_exceptions=False)
        assert "pp: derived rows anew for everyone" in listed.stderr
        runner.invoke(app, ["search", "Aliyev", "-f", "json"], env=env, catch_exceptions=False)
    (index,) = cache.rglob("index.sqlite")
    db = sqlite3.connect(index)
    try:
        return {name: sorted(db.execute(query).fetchall(), key=repr) for name, query in TABLES.items()}
    finally:
        db.close()


def with_country(write):  # type: ignore[no-untyped-def]
    """`World.write_person` giving people a country, of two, or none."""
    def written(self, pid: str, name: str, **fields: str) -> None:  # type: ignore[no-untyped-def]
        country = self.rng.choice(["AZ", "AZ", "GE", None])
        if country:
            fields.setdefault("country", country)
        write(self, pid, name, **fields)
    return written


@pytest.mark.parametrize("seed", [11, 12])
def test_an_index_built_in_parts_equals_one_built_from_every_record(tmp_path, monkeypatch, seed):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    if seed == 12:  # with a code registry, a charge's code follows the country of everyone its event names
        monkeypatch.setattr(World, "write_person", with_country(World.write_person))
    world = World(tmp_path / "kb", random.Random(seed))
    if seed == 12:
        world.kb.write("data/codes/az.yaml", (REPO / "data" / "codes" / "az.yaml").read_bytes())
    for step in range(8):
        done = "start" if step == 0 else world.step()
        in_parts = build(world.kb.root, tmp_path / f"parts-{step}", monkeypatch, parts=True)
        whole = build(world.kb.root, tmp_path / f"whole-{step}", monkeypatch, parts=False)
        assert in_parts["rows"], "the build made no rows"
        for name in TABLES:
            assert in_parts[name] == whole[name], f"seed {seed}, step {step} ({done}): table {name} differs"


def test_a_whole_build_in_parts_answers_as_every_record_does(tmp_path, monkeypatch):
    """After a new index is built in parts, every answer equals --no-cache's (and the next run's, warm)."""
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    monkeypatch.setattr(derived, "CHUNK", 2)
    world = World(tmp_path / "kb", random.Random(5))
    runner = CliRunner()
    env = {"PP_DATA": str(world.kb.root), "NO_COLOR": "1", "COLUMNS": "200", "PP_NO_CACHE": None}
    for step in range(4):
        if step:
            world.step()
        for number, question in enumerate(world.questions()):
            env["PP_CACHE_DIR"] = str(tmp_path / f"cache-{step}-{number}")
            cold = runner.invoke(app, question, env=env, catch_exceptions=False)
            fresh = runner.invoke(app, ["--no-cache", *question], env=env, catch_exceptions=False)
            assert (cold.exit_code, cold.stdout) == (fresh.exit_code, fresh.stdout), question


def test_a_part_loads_the_co_defendants_a_charge_code_follows(tmp_path, monkeypatch):
    """With a code registry, a charge's code is the registry of its people's one country: a part of one
    person must load the files of the others its events name, or it would find one country where
    there are two."""
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    kb = KB(tmp_path / "kb")
    kb.write("data/codes/az.yaml", (REPO / "data" / "codes" / "az.yaml").read_bytes())
    kb.prisoner("ali-aliyev", "Ali Aliyev", country="AZ")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", country="GE")
    kb.prisoner("leyla-mammadli", "Leyla Mammadli", country="AZ")
    kb.event("2016-01-ali-zaur-charged", "2016-01", "charged", ["ali-aliyev", "zaur-quliyev"],
             charges='[{article: "234"}]')
    kb.event("2016-02-leyla-charged", "2016-02", "charged", ["leyla-mammadli"], charges='[{article: "234"}]')
    in_parts = build(kb.root, tmp_path / "parts", monkeypatch, parts=True, size=1)
    whole = build(kb.root, tmp_path / "whole", monkeypatch, parts=False)
    assert in_parts["rows"] == whole["rows"]
