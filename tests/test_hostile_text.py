"""Text that looks like something else: invisible characters, look-alike letters, forged log lines."""

from __future__ import annotations

import json

import pytest

from pp_cli.textsafe import clean
from tests.conftest import KB

INVISIBLE = ["\u200b", "\u200d", "\u2060", "\u00ad", "\u3164", "\u2028", "\u2029", "\U000e0041", "\ufeff",
             "\u115f", "\uffa0", "\u180e", "\u034f"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_shown_escaped(char: str) -> None:
    shown = clean(f"Seymur{char}Hazi")
    assert char not in shown
    assert shown.startswith("Seymur\\") and shown.endswith("Hazi")


def test_ordinary_letters_of_every_script_stay_as_they_are() -> None:
    for name in ("Ənvər Əliyev", "Гасанов Эльчин", "خديجة", "김정은", "Ιωάννης"):
        assert clean(name) == name


@pytest.mark.parametrize("char", ["\u200b", "\u3164", "\u00ad", "\U000e0041"])
def test_a_name_with_an_invisible_character_is_listed_escaped(kb: KB, run, char: str) -> None:
    kb.prisoner("seymur-hazi-2", "Seymur Hazi", native_name=json.dumps(f"Seymur{char} Hazi", ensure_ascii=False))
    shown = run(kb, "show", "seymur-hazi-2")
    assert char not in shown.output
    assert "Seymur\\" in shown.output


def test_look_alike_letters_fullwidth_forms_and_a_filler_space_do_not_hide_a_duplicate(kb: KB, run) -> None:
    kb.prisoner("seymur-hazi", "Seymur Hazi")
    kb.prisoner("spoof", "Ѕеуmуr\u3164Наzｉ")  # Cyrillic Ѕ е у у Н а, a Hangul filler as space, fullwidth i
    result = run(kb, "dupes")
    assert result.exit_code in (0, 1)
    assert "spoof" in result.output and "seymur-hazi" in result.output


FORGED = "Ana\n::error file=README.md,line=1::forged"


def test_a_record_cannot_forge_a_line_on_stderr(kb: KB, run) -> None:
    kb.write("data/prisoners/ana.yaml", f"id: ana\nname: {json.dumps(FORGED)}\nunknown_field: 1\n")
    for args in (["list"], ["export", "--format", "json", "--output", "-"], ["validate"]):
        result = run(kb, *args)
        for line in result.stderr.splitlines():
            assert not line.lstrip().startswith("::error file=README"), (args, line)


def test_a_record_cannot_forge_a_github_annotation_through_validate(kb: KB, run) -> None:
    kb.write("data/prisoners/ana.yaml", f"id: ana\nname: {json.dumps(FORGED)}\n{json.dumps(FORGED)}: 1\n")
    result = run(kb, "validate", "--format", "github")
    assert result.exit_code == 1
    assert all(not line.startswith("::error file=README") for line in result.output.splitlines())
    assert any(line.startswith("::error file=data/prisoners/ana.yaml") for line in result.output.splitlines())


def test_a_name_cannot_forge_a_line_in_the_list_table(kb: KB, run) -> None:
    kb.prisoner("ana", FORGED.replace("\n", "\\n"))  # a YAML escape: the name holds a real newline
    result = run(kb, "list")
    assert result.exit_code == 0
    assert all(not line.lstrip(" │┃").startswith("::error") for line in result.output.splitlines())
