"""The benchmark's data generator writes a knowledge base that `pp` accepts.

The benchmark is only meaningful if every generated file loads: a generator
that drifted from the models would time error paths instead of real work.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pp_cli.kb import load
from pp_cli.names import skeleton

SYNTH_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "synth.py"


@pytest.fixture(scope="module")
def synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pp_benchmark_synth", SYNTH_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve string annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(synth: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("synth") / "kb"
    return root, synth.generate(root, 20, seed=3)


def test_every_file_loads_without_errors(generated: tuple[Path, dict]) -> None:
    root, info = generated
    kb = load(root, use_cache=False)
    errors = [p for p in kb.problems if p.severity == "error"]
    assert errors == []
    assert len(kb.prisoners) == 20
    assert len(kb.events) == info["files"]["events"]
    assert len(kb.organizations) == info["files"]["organizations"]
    assert any(len(e.people) > 1 for e in kb.events.values())  # group arrests, pardons
    for pid in kb.prisoners:
        assert 3 <= len(kb.events_of(pid)) <= 10
    for event in kb.events.values():
        assert set(event.people) <= set(kb.prisoners)
        assert set(event.organizations) <= set(kb.organizations)
        assert event.id.startswith(str(event.date))


def test_pp_list_shows_everyone(generated: tuple[Path, dict], run) -> None:  # type: ignore[no-untyped-def]
    root, info = generated
    result = run(root, "list", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 20  # header and one line per person
    shown = run(root, "show", info["show_name"])
    assert shown.exit_code == 0, shown.output


def test_same_seed_same_files(synth: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    synth.generate(first, 5, seed=9)
    synth.generate(second, 5, seed=9)
    files = sorted(p.relative_to(first) for p in (first / "data").rglob("*.yaml"))
    assert files == sorted(p.relative_to(second) for p in (second / "data").rglob("*.yaml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_name_pools_do_not_collide(synth: ModuleType) -> None:
    """Distinct names must stay distinct for `pp`, or `pp show NAME` in the benchmark is ambiguous."""
    firsts = [*synth.MALE_FIRST, *synth.FEMALE_FIRST]
    assert len({skeleton(n) for n in firsts}) == len(firsts)
    surnames = synth.surnames()
    assert len({skeleton(n) for n in surnames}) == len(surnames)
    assert all(synth.english(n).isascii() for n in [*firsts, *surnames])
