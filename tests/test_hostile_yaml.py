"""One hostile file never takes down the rest: tags, huge numbers, YAML 1.1 conversions, many errors."""

from __future__ import annotations

import json

import pytest

from pp_cli import yamlio
from tests.conftest import KB

TAGGED = [
    "!!str x", "!!omap [a: 1]", "!!binary aGk=", "!!set {a}", "!!timestamp 2001-12-14", "!!float x",
    "!!int x", "!!bool x", "!!map [a]", "!!seq [a]", "!!null ''", "! x", "!local x", "!!python/object:os.system x",
]


@pytest.mark.parametrize("value", TAGGED)
def test_every_explicit_tag_is_a_located_pp006_and_the_rest_still_answers(kb: KB, run, value: str) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", born=value)
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert "data/prisoners/ana-aliyeva.yaml:4:7" in result.output
    assert "PP006" in result.output
    listing = run(kb, "list", "--format", "json")
    assert listing.exit_code == 0
    assert [p["id"] for p in json.loads(listing.stdout)] == ["leyla-yunus"]


def test_a_tag_on_the_whole_document_is_refused() -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.load_mapping(b"!!map\nid: a\n")
    assert (caught.value.code, caught.value.line) == ("PP006", 1)


def test_an_exclamation_mark_inside_text_is_not_a_tag() -> None:
    assert yamlio.load_mapping(b"name: N!DA\nquoted: '!!str'\n") == {"name": "N!DA", "quoted": "!!str"}


def test_an_integer_past_pythons_digit_limit_is_a_located_pp009(kb: KB, run) -> None:
    kb.prisoner("leyla-yunus", "Leyla Yunus")
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", born="9" * 5000)
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert "data/prisoners/ana-aliyeva.yaml:4:7" in result.output and "PP009" in result.output
    assert run(kb, "list").exit_code == 0


def test_a_huge_integer_as_a_mapping_key_is_a_located_pp009() -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.load_mapping(b"id: a\n? " + b"1" * 5000 + b"\n: x\n")
    assert (caught.value.code, caught.value.line) == ("PP009", 2)


@pytest.mark.parametrize(("text", "expected"), [
    ("20:16", "20:16"), ("1:30:00", "1:30:00"), ("2016-05-25", "2016-05-25"),
    ("2016-05-25 10:00:00", "2016-05-25 10:00:00"),
    ("0b101", "0b101"), ("0x1F", "0x1F"), ("1_000", "1_000"), ("yes", "yes"), ("off", "off"), ("017", 17),
    ("12", 12), ("-4", -4), ("1.5", 1.5), ("true", True), ("~", None),
])
def test_yaml_1_1_conversions_do_not_happen(text: str, expected: object) -> None:
    value = yamlio.load_mapping(f"v: {text}\n".encode())["v"]
    assert value == expected and type(value) is type(expected)


def test_a_merge_key_is_an_ordinary_key() -> None:
    assert yamlio.load_mapping(b"<<: x\n") == {"<<": "x"}


def test_status_as_of_written_as_a_time_stays_text_and_is_reported_as_written(kb: KB, run) -> None:
    kb.prisoner("ana-aliyeva", "Ana Aliyeva", status="detained", status_as_of="20:16")
    result = run(kb, "validate")
    assert "1216" not in result.output
    assert "20:16" in result.output


def test_many_errors_in_one_file_are_located_in_one_parse(kb: KB, run, monkeypatch: pytest.MonkeyPatch) -> None:
    path = kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    path.write_text(path.read_text() + "".join(f"unknown_{i}: x\n" for i in range(3000)))
    composed = []
    real = yamlio.compose
    monkeypatch.setattr(yamlio, "compose", lambda raw: composed.append(1) or real(raw))
    result = run(kb, "--no-cache", "validate", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    problems = found["problems"] if isinstance(found, dict) else found
    located = [p for p in problems if p["code"] == "PP101" and p.get("line")]
    assert len(located) >= 3000
    assert len(composed) <= 2  # one for the schema errors, at most one more for checks; never one per error


def test_a_dispute_without_a_claim_is_a_located_error_not_a_crash(kb: KB, run) -> None:
    path = kb.prisoner("ana-aliyeva", "Ana Aliyeva")
    path.write_text(path.read_text() + "disputed:\n  - field: born\n    claim:\n    sources:\n"
                    "      - url: https://example.org/other\n        title: Another report\n")
    result = run(kb, "validate")
    assert result.exit_code == 1 and "disputed.0.claim" in result.output
    assert run(kb, "show", "ana-aliyeva").exit_code in (0, 1)
