"""The loader against hostile and broken files: each gives a clear, located error and
the rest of the knowledge base still loads."""

from __future__ import annotations

import os

import pytest

from pp_cli.kb import load

GOOD = "data/prisoners/good-person.yaml"
BILLION_LAUGHS = "id: bomb\n" + "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ['"lol"'] * 9) + "]\n" for i in range(9)
)

BROKEN = {
    "syntax error": (b"id: x\nname: [unclosed\n", "PP003", 3),
    "tab indentation": (b"id: x\nroles:\n\t- journalist\n", "PP003", 3),
    "duplicate key": (b"id: x\nname: A\nname: B\ncountry: AZ\n", "PP004", 3),
    "not utf-8": (b"id: x\nname: \xc0\xaf\n", "PP002", 2),
    "a list, not a mapping": (b"- id: x\n", "PP005", 1),
    "a bare string": (b"just text\n", "PP005", 1),
    "empty file": (b"", "PP005", 1),
    "only a comment": (b"# nothing here\n", "PP005", 1),
    "python object tag": (b"id: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "PP006", 1),
    "custom tag": (b"id: !secret x\n", "PP006", 1),
    "billion laughs": (BILLION_LAUGHS.encode(), "PP007", None),
    "deep flow nesting": (b"id: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "PP007", 1),
    "deep block nesting": ("".join("  " * i + "-\n" for i in range(200)).encode(), "PP007", None),
    "huge file": (b"id: x\nsummary: " + b"a" * 2_000_000 + b"\n", "PP001", None),
    "binary junk": (bytes(range(256)) * 4, "PP002", 1),
    "unknown field": (b"id: x\nname: A\ncountry: AZ\nstauts: detained\n", "PP101", 4),
    "wrong type": (b"id: x\nname: A\ncountry: AZ\nroles: journalist\n", "PP102", 4),
    "missing field": (b"id: x\ncountry: AZ\n", "PP103", None),
    "id not the file name": (b"id: someone-else\nname: A\ncountry: AZ\n", "PP104", 1),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_reported_and_the_rest_still_loads(kb, case):
    content, code, line = BROKEN[case]
    kb.prisoner("good-person", "Good Person")
    kb.write("data/prisoners/x.yaml", content)
    loaded = load(kb.root)
    assert "good-person" in loaded.prisoners
    problems = [p for p in loaded.problems if p.path == "data/prisoners/x.yaml"]
    assert problems, "the broken file must be reported"
    assert problems[0].code == code
    if line is not None:
        assert problems[0].line == line
    assert problems[0].message


def test_object_tags_are_never_constructed(kb, tmp_path):
    target = tmp_path / "pwned"
    kb.write("data/prisoners/x.yaml", f"id: !!python/object/apply:os.system ['touch {target}']\n")
    load(kb.root)
    assert not target.exists()


def test_no_and_on_stay_text_and_dates_stay_as_written(kb):
    kb.prisoner("no-body", "No", summary="on", native_name="NO")
    person = load(kb.root).prisoners["no-body"]
    assert (person.name, person.summary, person.native_name) == ("No", "on", "NO")


def test_unknown_fields_suggest_the_known_one(kb):
    kb.write("data/prisoners/x.yaml", "id: x\nname: A\ncountry: AZ\nstauts: detained\n")
    [problem] = load(kb.root).problems
    assert problem.message == "unknown field `stauts`"
    assert problem.hint == "did you mean `status`?"
    assert (problem.line, problem.column, problem.field) == (4, 1, "stauts")


def test_duplicate_keys_name_both_lines(kb):
    kb.write("data/prisoners/x.yaml", "id: x\nname: A\ncountry: AZ\nname: B\n")
    [problem] = load(kb.root).problems
    assert problem.message == "duplicate key `name` (first given on line 2)"
    assert problem.line == 4


def test_a_file_outside_the_record_folders_is_not_loaded(kb):
    kb.write("data/prisoners/x.yml", "id: x\nname: A\ncountry: AZ\n")
    loaded = load(kb.root)
    assert not loaded.prisoners
    assert loaded.problems[0].code == "PP008"


def test_duplicate_ids_across_files_are_reported(kb):
    kb.prisoner("a", "A")
    kb.write("data/events/2016/a.yaml", "id: a\ndate: '2016'\ntype: arrest\ntitle: t\npeople: [a]\n")
    kb.write("data/events/2017/a.yaml", "id: a\ndate: '2017'\ntype: release\ntitle: t\npeople: [a]\n")
    loaded = load(kb.root)
    assert [p.code for p in loaded.problems] == ["PP105"]


def test_symlinks_are_not_followed(kb, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\nname: Secret\ncountry: AZ\n")
    (kb.root / "data/prisoners/secret.yaml").symlink_to(outside)
    loaded = load(kb.root)
    assert "secret" not in loaded.prisoners
    assert loaded.problems[0].message == "is a symbolic link; pp does not follow links"


def test_odd_characters_in_a_key_are_reported_as_an_unknown_field(kb):
    kb.write("data/prisoners/x.yaml", "i[d]: x\nname: A\ncountry: AZ\n")
    codes = {(p.code, p.field) for p in load(kb.root).problems}
    assert codes == {("PP101", "i[d]"), ("PP103", "id")}


def test_strange_file_names_are_reported_not_opened(run, kb):
    kb.prisoner("good-person", "Good Person")
    (kb.root / "data" / "prisoners").joinpath("new\nline.yaml").write_text("id: x\nname: A\ncountry: AZ\n")
    os.mkdir(os.fsencode(kb.root / "data" / "prisoners") + b"/bad\xffdir")
    (kb.root / "data" / "events" / "2016").mkdir(parents=True)
    with open(os.fsencode(kb.root / "data" / "events" / "2016") + b"/caf\xe9.yaml", "wb") as handle:
        handle.write(b"id: x\n")
    loaded = load(kb.root)
    assert list(loaded.prisoners) == ["good-person"]
    paths = sorted(p.path for p in loaded.problems)
    assert paths == ["data/events/2016/caf\\xe9.yaml", "data/prisoners/new\\x0aline.yaml"]
    assert {p.code for p in loaded.problems} == {"PP008"}
    result = run(kb, "list", "-f", "json")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert run(kb, "validate").exit_code == 1


def test_files_are_read_whole_up_to_the_limit_and_refused_beyond(tmp_path):
    from pp_cli.records import read_bounded
    from pp_cli.yamlio import MAX_BYTES, YamlError

    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"x" * MAX_BYTES)
    assert read_bounded(exact) == b"x" * MAX_BYTES
    over = tmp_path / "over.yaml"
    over.write_bytes(b"x" * (MAX_BYTES + 1))
    with pytest.raises(YamlError) as caught:
        read_bounded(over)
    assert caught.value.code == "PP001"


def test_a_file_that_grows_while_read_is_read_whole_or_refused(tmp_path, monkeypatch):
    """fstat says one size; the file holds more by the time it is read (an editor saving)."""
    from pp_cli import records
    from pp_cli.yamlio import MAX_BYTES, YamlError

    real_fstat = os.fstat

    def stale_fstat(fd):
        return os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:]))  # st_size = 10

    monkeypatch.setattr(records.os, "fstat", stale_fstat)
    grown = tmp_path / "grown.yaml"
    grown.write_bytes(b"id: x\n" + b"# more\n" * 20_000)
    assert records.read_bounded(grown) == grown.read_bytes()
    grown.write_bytes(b"y" * (MAX_BYTES + 5))
    with pytest.raises(YamlError):
        records.read_bounded(grown)
