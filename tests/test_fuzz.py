"""Nothing a pull request can contain makes `validate`, `list` or `show` crash.

Hypothesis mutates valid records — their bytes, and their structure — and
each mutated knowledge base goes through the commands users and CI run. A
traceback fails the test (the runner does not catch exceptions); findings
(exit 1) are expected and fine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import TOKENS as HOSTILE
from benchmarks.fuzz import mutate
from pp_cli.yamlio import load_mapping
from tests.conftest import KB, event_yaml, prisoner_yaml

PRISONER = prisoner_yaml(
    "ana-aliyeva", "Ana Aliyeva", native_name='"Ana Əliyeva"', status="detained", status_as_of='"2016-05-26"',
    roles="[journalist]", affiliations="[nida]", born='"1990-04"', other_names="[Ana Aliyev]",
)
EVENT = event_yaml(
    "2016-05-10-arrest", "2016-05-10", "arrest", ["ana-aliyeva"],
    charges="\n  - description: drug possession\n    category: drugs\n    article: \"234.4.3\"",
)
FILES = {"prisoner": ("data/prisoners/ana-aliyeva.yaml", PRISONER),
         "event": ("data/events/2016/2016-05-10-arrest.yaml", EVENT)}
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def exercise(run, which: str, content: bytes) -> None:
    """A knowledge base with one mutated file, through validate, list and show."""
    with tempfile.TemporaryDirectory() as folder:
        kb = KB(Path(folder) / "kb")
        kb.org("nida", "N!DA")
        kb.prisoner("leyla-yunus", "Leyla Yunus")
        for name, (path, text) in FILES.items():
            kb.write(path, content if name == which else text)
        for args in (["validate"], ["validate", "--format", "github"], ["list", "--format", "json"],
                     ["show", "Ana Aliyeva"], ["show", "leyla-yunus"]):
            result = run(kb.root, *args)
            assert result.exit_code in (0, 1), (args, result.output)


# --------------------------------------------------------------------------- byte mutations


@st.composite
def mutated_bytes(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate_line", "swap_lines"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            chunk = draw(st.one_of(
                st.binary(min_size=1, max_size=8),
                st.sampled_from([b":", b"- ", b"\t", b"&a ", b"*a", b"!!python/object ", b"[", b"{", b"\n  ",
                                 b"'", b'"', b"#", b"\xef\xbb\xbf", b"\x00", b"\xe2\x80\xae", b"? ", b"|\n", b"---\n"]),
                st.sampled_from([t.encode("utf-8") for t in HOSTILE]),
            ))
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "duplicate_line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(data=st.data(), which=st.sampled_from(sorted(FILES)))
def test_byte_mutations_never_crash(run, data, which):
    original = FILES[which][1].encode("utf-8")
    exercise(run, which, data.draw(mutated_bytes(original)))


# --------------------------------------------------------------------------- structure mutations

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.sampled_from(["2016-13-45", "by 2016", "before 2016-05", "2999-01-01", "0000",
                                           "detained", "journalist", "TODO", "ftp://x", "https://ok.org",
                                           "ana-aliyeva", "nida", "[bold]x[/]", "\x1b[2J", "", "Ѕеуmуr Наzi",
                                           "Seymur\u3164Hazi", "a\u200bb", "20:16", "con", "born[0]", "9" * 5000]),
    st.sampled_from([10**4200, -10**4100, 2**64, 2**63, 10**30]),  # past SQLite, past MAX_DIGITS
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)
KEYS = st.sampled_from(["id", "name", "country", "status", "status_as_of", "born", "roles", "affiliations",
                        "sources", "date", "type", "people", "charges", "former_ids", "restricted_fields",
                        "disputed", "other_names", "distinct_from", "url", "title", "stauts", "org"])


def _containers(value, path=()):
    if isinstance(value, dict):
        yield path, value
        for k, v in value.items():
            yield from _containers(v, (*path, k))
    elif isinstance(value, list):
        yield path, value
        for i, v in enumerate(value):
            yield from _containers(v, (*path, i))


@st.composite
def mutated_structure(draw, original: str) -> bytes:
    doc = load_mapping(original.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        _path, target = draw(st.sampled_from(list(_containers(doc))))
        op = draw(st.sampled_from(["replace", "delete", "add"]))
        if isinstance(target, dict):
            if op == "add" or not target:
                target[draw(KEYS)] = draw(VALUES)
            else:
                key = draw(st.sampled_from(sorted(target, key=str)))
                if op == "delete":
                    del target[key]
                else:
                    target[key] = draw(VALUES)
        else:
            if op == "add" or not target:
                target.append(draw(VALUES))
            else:
                i = draw(st.integers(0, len(target) - 1))
                if op == "delete":
                    del target[i]
                else:
                    target[i] = draw(VALUES)
    return yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), sort_keys=False).encode("utf-8")


@FUZZ
@given(data=st.data(), which=st.sampled_from(sorted(FILES)))
def test_structure_mutations_never_crash(run, data, which):
    exercise(run, which, data.draw(mutated_structure(FILES[which][1])))


# --------------------------------------------------------------------------- hostile tokens (benchmarks/fuzz.py)


@FUZZ
@given(data=st.data(), which=st.sampled_from(sorted(FILES)), seed=st.integers(0, 2**32))
def test_hostile_token_mutations_never_crash(run, data, which, seed):
    """Explicit tags, huge numbers, YAML 1.1 forms, look-alikes: the long run is `python benchmarks/fuzz.py`."""
    import random

    exercise(run, which, mutate(random.Random(seed), FILES[which][1]))
