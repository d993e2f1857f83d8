"""Is this row someone already in the knowledge base? The likely-duplicate check's matching, per row.

`pp validate` reports two records that may be one person (PP601) by comparing
their names' readings (given name and surname across transliterations, see
`checks.readings`); an import asks the same question of each row, so that a
row matches exactly the people the duplicate check would pair it with. The
people are indexed once by the check's blocking key, so each row is compared
with a handful of people, not all of them.

Each candidate comes back with a verdict:

* `same`: one of the row's names is one of the person's names, spelling
  differences aside (the same skeleton, `names.skeleton`);
* `maybe`: the names only resemble each other (a shortened or one-letter
  different given name or surname), as the duplicate check would say;
* ruled out (left out): a recorded gender, birth date or patronymic differs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pp_cli.checks import _block_key, _ruled_out, names_match, readings
from pp_cli.models import Prisoner
from pp_cli.names import skeleton


@dataclass
class Candidate:
    person: Prisoner
    verdict: str  # "same" or "maybe"
    name: str  # the person's name that matched


@dataclass
class People:
    """People to match rows against, indexed by the duplicate check's blocking key; new people can be added."""

    by_id: dict[str, Prisoner] = field(default_factory=dict)
    _blocks: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    _keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # skeleton → ids

    @classmethod
    def of(cls, people: Iterable[Prisoner]) -> People:
        index = cls()
        for p in people:
            index.put(p)
        return index

    def put(self, person: Prisoner) -> None:
        """Add or replace a person (the index only grows: a replaced person keeps their old names too)."""
        self.by_id[person.id] = person
        for name in person.all_names():
            self._keys[skeleton(name)].add(person.id)
            for reading in readings(name):
                self._blocks[_block_key(reading)].add(person.id)

    def candidates(self, names: list[str], probe: Prisoner) -> tuple[list[Candidate], list[Prisoner]]:
        """(candidates for a row with these names, people whose names match but whom the row's facts rule out).

        `probe` is the row as a person (gender, born, name parts), for ruling out.
        """
        found: dict[str, Candidate] = {}
        keys = {skeleton(n) for n in names if skeleton(n)}
        for key in keys:
            for pid in self._keys.get(key, ()):
                person = self.by_id[pid]
                found[pid] = Candidate(person, "same", next(n for n in person.all_names() if skeleton(n) == key))
        wanted = [r for r in (readings(n) for n in names) if r]
        blocks = {_block_key(r) for read in wanted for r in read}
        for block in blocks:
            for pid in self._blocks.get(block, ()):
                if pid in found:
                    continue
                person = self.by_id[pid]
                for name in person.all_names():
                    theirs = readings(name)
                    if theirs and any(names_match(w, theirs) for w in wanted):
                        found[pid] = Candidate(person, "maybe", name)
                        break
        kept, ruled_out = [], []
        for c in found.values():
            (ruled_out if rules_out(probe, c.person) else kept).append(c)
        return kept, [c.person for c in ruled_out]


def rules_out(row: Prisoner, person: Prisoner) -> bool:
    """The row's facts say it is someone else: gender, birth date (as the duplicate check), or patronymic."""
    if _ruled_out(row, person):
        return True
    mine, theirs = getattr(row, "patronymic", None), getattr(person, "patronymic", None)
    if mine and theirs:
        a, b = skeleton(mine), skeleton(theirs)
        short, long_ = sorted((a, b), key=len)
        return not long_.startswith(short)  # Nazim / Nazimovich are one patronymic
    return False
