"""`pp validate` after a change checks again only what the change concerns, and says what a full check says."""

from __future__ import annotations

import os
import time

import pytest
from typer.testing import CliRunner

from pp_cli.cli import app
from tests.conftest import KB, event_yaml


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    monkeypatch.setenv("PP_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir(mode=0o700)
    kb = KB(tmp_path / "kb")
    kb.org("musavat", "Müsavat")
    kb.prisoner("ali-aliyev", "Ali Aliyev", status="detained", status_as_of='"2016-01-10"')
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", affiliations="[{org: musavat}]")
    kb.prisoner("leyla-karimli", "Leyla Karimli", former_ids="[leyla-kerimli]")
    kb.event("2016-ali-arrest", "2016-01-10", "arrest", ["ali-aliyev"])
    kb.event("2016-zaur-arrest", "2016-02-01", "arrest", ["zaur-quliyev", "ali-aliyev"])
    return kb


def validate(kb: KB, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--data", str(kb.root), *args, "validate", "--format", "json"],
                                env={"PP_TRACE": "1"})
    return result.exit_code, result.stdout, result.stderr


def edit(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5  # out of the racy window, as a later run would see it
    os.utime(path, (later, later))


@pytest.mark.parametrize("people, fields, expected", [
    (["ali-aliyev", "ali-aliyv"], {}, "did you mean `ali-aliyev`?"),  # an unknown person, among everyone's ids
    (["ali-aliyev", "leyla-kerimli"], {}, "is a former id of person `leyla-karimli`"),
    (["ali-aliyev"], {"type_": "release", "date": "2015-01-01"}, "before every arrest"),  # from all their events
    (["ali-aliyev"], {"organizations": "[musavatt]"}, "unknown organization"),
])
def test_an_edited_event_is_checked_again_alone_and_says_what_a_full_check_says(world, people, fields, expected):
    validate(world)
    path = world.root / "data/events/2016/2016-ali-arrest.yaml"
    what = {"date": "2016-01-10", "type_": "arrest"} | fields
    edit(path, event_yaml("2016-ali-arrest", what.pop("date"), what.pop("type_"), people, **what))
    code, out, err = validate(world)
    assert "pp: checked 1 people" in err or "pp: checked 2 people" in err  # followed, not redone
    assert expected in out
    assert (code, out) == validate(world, "--no-cache")[:2]


def test_a_renamed_person_is_checked_with_everyone(world):
    validate(world)
    path = world.root / "data/prisoners/zaur-quliyev.yaml"
    edit(path, path.read_text(encoding="utf-8").replace("Zaur Quliyev", "Ali Aliyev"))
    code, out, err = validate(world)
    assert "pp: checked everything again" in err  # names are compared across everyone (PP601)
    assert "may be the same person" in out
    assert (code, out) == validate(world, "--no-cache")[:2]


def test_an_organization_edited_where_no_other_file_looks_is_checked_again_alone(world):
    validate(world)
    path = world.root / "data/organizations/musavat.yaml"
    edit(path, path.read_text(encoding="utf-8").replace("type: movement", "type: movement\nsummary: A party."))
    code, out, err = validate(world)
    assert "pp: checked 0 people and 1 files again" in err  # its members' checks read only its id
    assert (code, out) == validate(world, "--no-cache")[:2]


@pytest.mark.parametrize("change, unknown", [
    (lambda text: text.replace('name: "Baku Pretrial Detention Centre"', 'name: "Kurdakhani Detention Centre"'), True),
    (lambda text: text.replace("country: AZ", "country: GE"), False),  # no registry of Azerbaijan's places left
    (lambda text: text.replace("type: prison", "type: court"), False),
])
def test_an_organization_whose_names_type_or_country_change_is_checked_with_everyone(world, change, unknown):
    path = world.org("baku-pretrial", "Baku Pretrial Detention Centre", "prison")
    edit(path, path.read_text(encoding="utf-8").replace("type: prison", "type: prison\ncountry: AZ"))
    world.event("2016-ali-transfer", "2016-03-01", "transfer", ["ali-aliyev"],
                facility='"Baku Pretrial Detention Centre"')
    code, out, _err = validate(world)
    assert "PP225" not in out  # the facility is the registry's
    edit(path, change(path.read_text(encoding="utf-8")))
    code, out, err = validate(world)
    assert "pp: checked everything again" in err  # places anywhere are matched with its names (PP225)
    assert ("is not in the registry of organizations" in out) is unknown
    assert (code, out) == validate(world, "--no-cache")[:2]
