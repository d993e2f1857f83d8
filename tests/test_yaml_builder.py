"""The quick builder in `yamlio` gives exactly what PyYAML's safe constructor gives, or defers to it."""

from __future__ import annotations

import math

import pytest

from pp_cli import yamlio

DOCUMENTS = [
    "id: a\nname: Ənvər Əliyev\n",
    "n: 12\nhex: 0x1F\noct: 017\nsexa: 1:30\nneg: -4\nunder: 1_000\n",
    "f: 1.5\ne: 1.0e+3\ninf: -.inf\nsexa: 1:30.5\n",
    "t: true\nf: FALSE\nyes_is_text: yes\noff_is_text: off\n",
    "a: ~\nb: null\nc:\nd: ''\n",
    "when: 2016-05-25\nat: 2016-05-25 10:00:00\n",
    "list: [1, two, 3.0, null, [nested]]\nmap: {x: 1, 'y': [a]}\n",
    "1: one\n'1': quoted one\n",
    "base: &b {x: 1, y: 2}\ncopy: *b\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "a: 1\n0x1: hex key\n1: same number\n",
    "'=': value key\nlast: [x]\n",
]


def _reference(text: str):
    loader = yamlio._Loader(text)
    try:
        return loader.construct_document(loader.get_single_node())
    finally:
        loader.dispose()


def _same(a, b) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and repr(a) == repr(b)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_quick_builder_matches_pyyaml(text: str) -> None:
    assert _same(yamlio.load_mapping(text.encode()), _reference(text))


def test_repeated_key_is_still_reported() -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.load_mapping(b"id: a\nname: x\nname: y\n")
    assert caught.value.code == "PP004"
    assert caught.value.line == 3


def test_foreign_tag_is_still_refused() -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.load_mapping(b"id: !!python/object:os.system x\n")
    assert caught.value.code == "PP006"
