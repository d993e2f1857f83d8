"""Likely duplicate people: candidate pairs found by blocking, then scored and explained.

Used by PP601 in `pp validate`, by `pp dupes` and by `pp new prisoner`; the
same score everywhere.

**Ruled out** at once: a recorded `distinct_from` on either side, different
recorded genders, birth dates that cannot be the same day, different given
names, different surnames, and different patronymics where both records give
one (`pp_cli.nameparts` reads the parts). Spellings are compared by skeleton
(`pp_cli.names`), so transliterations and look-alike letters agree.

**Close, not equal** parts still agree where one of the two spellings is
rare here — held by at most `RARE` people — so it is likely a slip: one letter
apart (`Igar` / `Ilgar`, `Mirgadirov` / `Mirkadirov`), a shortened given name
(`Giyas` / `Giyasaddin`), a surname without its suffix (`Ibrahim` /
`Ibrahimov`). Two established names one letter apart (`Elnur` / `Elnar`)
are different names. A feminine ending (`Aliyev` / `Aliyeva`) never agrees.

**The score** is the chance that the two records are one person, given what
agrees (a Fellegi–Sunter model with frequencies from the knowledge base):
each agreeing part multiplies the odds by how unlikely that agreement is by
chance — 0.9 divided by the share of people here who carry that part, so a
shared rare surname counts for much more than `Mammadov` — and a part
missing on one side counts for nothing. The prior odds that a given other
person is one's duplicate are `DUPLICATE_SHARE / (people − 1)`. So on a
list of 10,000, two `Elnur Mammadov`s with nothing else in common score
low, and score high once their patronymic or birth year agrees too.

**Blocking** keeps this near-linear: a person is compared only with people
who share a key — surname and given name, given name and patronymic, or
the given name alone where there are no surnames — after replacing either
part by a close spelling (a deletion index over the spellings, built only
for the rare ones), or surname and initial for a name given by initials.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pp_cli.nameparts import PersonNames, Reading, first_letter, person_names, surname_stems

if TYPE_CHECKING:
    from pp_cli.models import Prisoner

DUPLICATE_SHARE = 0.1  # prior: the share of records that have a duplicate somewhere in the knowledge base
THRESHOLD = 0.2  # PP601 and `pp dupes` report pairs at least this likely (benchmarks/dupes.py, docs/duplicates.md)
FLOOR = 0.01  # below this, a candidate is not worth listing even when asked for (`--min-score 0`)
M = 0.9  # chance that two records of one person agree on a part both give
M_BIRTH = 0.95
RARE = 2  # a close spelling counts where one of the two is carried by at most this many people
PSEUDO = 50  # people's worth of weight the prior share of an unseen name gets (small lists)
# The share of people an unseen part is assumed to be carried by, before the knowledge base shows more.
# A whole name without a surname (Burmese: `Aung Myo Min`) is as rare as its syllables together (`_whole_share`).
PRIOR_SHARE = {"given": 0.002, "surname": 0.002, "patronymic": 0.004, "initial": 0.06, "year": 0.025,
               "whole": 0.002 * 0.002, "syllable": 0.01}
CLOSE = 0.5  # a close spelling is half as likely as an exact one among duplicates
GUESSED_ORDER = 0.5  # reading a name in the other order than written
RUSSIAN_FORM = 0.8  # Г read as H
LOOKALIKE = 100.0  # letters imitating another script's: names are not written so by accident


@dataclass(frozen=True)
class Match:
    """Two people who may be one, with how likely (0–1) and why."""

    a: Prisoner
    b: Prisoner
    score: float
    reasons: tuple[str, ...]
    name_a: str  # the name of `a` that matched best
    name_b: str

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)

    @property
    def shown_score(self) -> str:
        """Two decimals, never claiming certainty: `0.99` at most."""
        return f"{min(self.score, 0.99):.2f}"


def likely_duplicates(
    people: Iterable[Prisoner], among: set[str] | None = None, min_score: float = THRESHOLD,
) -> list[Match]:
    """Pairs of people at least `min_score` likely to be one person, most likely first.

    With `among` (ids), only pairs with at least one of those people.
    """
    index = Index(list(people))
    chosen = None if among is None else {i for i, p in enumerate(index.people) if p.id in among}
    found = [m for m in (index.score(i, j) for i, j in index.pairs(chosen)) if m and m.score >= min_score]
    return sorted(found, key=lambda m: (-m.score, m.a.id, m.b.id))


def similar_people(new: Prisoner, people: Iterable[Prisoner], min_score: float = THRESHOLD) -> list[Match]:
    """People who may be `new` (a record about to be written, `pp new prisoner`), most likely first."""
    index = Index([*people, new])
    last = len(index.people) - 1
    found = [m for m in (index.score(i, j) for i, j in index.pairs({last})) if m and m.score >= min_score]
    return sorted(found, key=lambda m: -m.score)


# --------------------------------------------------------------------------- what people carry


@dataclass
class _Carried:
    """One person's parts, as sets of skeletons, for counting and for the `own` correction."""

    given: set[str]
    whole: set[str]  # whole names of people without surnames (Burmese)
    syllable: set[str]  # the words of those names
    surname: set[str]
    patronymic: set[str]
    initial: set[str]
    year: int | None


def _carried(names: PersonNames, born) -> _Carried:
    given = {_join(r.given) for r in names.readings if not r.given_initial and not r.guessed}
    wholes = [r.given for r in names.readings if r.surname is None and not r.patronymic and " " in r.given]
    whole = {_join(w) for w in wholes}
    syllable = {s for w in wholes for s in w.split()}
    surname = {r.surname for r in names.readings if r.surname and not r.guessed}
    initial = {_join(r.given)[0] for r in names.readings}
    year = born.year if born is not None and not born.qualifier else None
    return _Carried(given, whole, syllable, surname, set(names.patronymics), initial, year)


def _join(given: str) -> str:
    return given.replace(" ", "")


class Index:
    """Term frequencies and blocking keys of a set of people; scores pairs of them."""

    def __init__(self, people: Sequence[Prisoner]) -> None:
        self.people = list(people)
        self.n = len(self.people)
        self.names = [person_names(p) for p in self.people]
        self.carried = [_carried(n, p.born) for n, p in zip(self.names, self.people, strict=True)]
        self.counts: dict[str, Counter] = {kind: Counter() for kind in PRIOR_SHARE}
        for c in self.carried:
            for kind in ("given", "whole", "syllable", "surname", "patronymic", "initial"):
                self.counts[kind].update(getattr(c, kind))
            if c.year is not None:
                self.counts["year"][c.year] += 1
        self.with_year = sum(self.counts["year"].values())
        self.groups: dict[tuple, list[int]] = defaultdict(list)
        for i, names in enumerate(self.names):
            for key in dict.fromkeys(k for r in names.readings for k in _own_keys(r)):
                self.groups[key].append(i)
        self.near = {kind: _neighbours(self.counts[kind], kind) for kind in ("given", "surname")}

    # -- blocking

    def pairs(self, chosen: set[int] | None = None) -> Iterator[tuple[int, int]]:
        """Candidate pairs (i < j): people who share a blocking key; with `chosen`, pairs involving one of them."""
        seen: set[tuple[int, int]] = set()
        for i in (range(self.n) if chosen is None else sorted(chosen)):
            for key, both_ways in self._lookups(i):
                for j in self.groups.get(key, ()):
                    if j == i or (chosen is None and both_ways and j < i):
                        continue  # a key both people look up is met from the first of them
                    pair = (i, j) if i < j else (j, i)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair

    def _lookups(self, i: int) -> Iterator[tuple[tuple, bool]]:
        """The keys to look person i's partners up under, and whether the partners look i up under them too."""
        near_g, near_s = self.near["given"], self.near["surname"]
        for r in self.names[i].readings:
            g = _join(r.given)
            if r.given_initial:  # only names given by initials look up surname + initial: those groups are large
                if r.surname:
                    yield ("SI", r.surname, g), False
                continue
            if r.surname:
                for s in (r.surname, *near_s.get(r.surname, ())):
                    for g2 in (g, *near_g.get(g, ())):
                        yield ("SG", s, g2), True
            else:
                for g2 in (g, *near_g.get(g, ())):
                    yield ("G", g2), True
            if r.patronymic and not r.patronymic_initial:
                yield ("GP", g, r.patronymic), True

    # -- scoring

    def u(self, kind: str, token, i: int, j: int) -> float:
        """The share of the other people here who carry `token`, pulled towards a prior share on small lists."""
        own = sum(token in getattr(self.carried[k], kind) for k in (i, j)) if kind != "year" else sum(
            self.carried[k].year == token for k in (i, j))
        total = self.with_year if kind == "year" else self.n
        return (max(self.counts[kind][token] - own, 0) + PSEUDO * PRIOR_SHARE[kind]) / (max(total - 2, 0) + PSEUDO)

    def whole_share(self, given: str, i: int, j: int) -> float:
        """The share of people here called `given`, a whole name: as seen, or as its syllables make likely."""
        seen = self.u("whole", _join(given), i, j)
        by_syllables = 1.0
        for syllable in given.split():
            by_syllables *= self.u("syllable", syllable, i, j)
        return max(seen, by_syllables)

    def score(self, i: int, j: int) -> Match | None:
        """The match between people i and j, or None if something rules it out."""
        a, b = self.people[i], self.people[j]
        if _ruled_out(a, b):
            return None
        patronymic = self._patronymic(i, j)
        birth = self._birth(i, j)
        if patronymic is None or birth is None:
            return None
        best: tuple[float, list[str], Reading, Reading, bool] | None = None
        for ra in self.names[i].readings:
            for rb in self.names[j].readings:
                found = self._names(ra, rb, i, j, compare_middle=patronymic[1] != "same patronymic",
                                    birth=birth[1])
                if found is not None and (best is None or found[0] > best[0]):
                    best = (found[0], found[1], ra, rb, found[2])
        if best is None:
            return None
        ratio, reasons, ra, rb, exact = best
        ratio *= patronymic[0] * birth[0]
        if "same middle name" not in reasons:
            reasons.append(patronymic[1])
        reasons.append(birth[1])
        odd = next((t for t in (ra.text, rb.text) if t in (self.names[i].lookalike, self.names[j].lookalike)), None)
        if odd is not None:  # a spoof imitates a name exactly; with a slip besides, it is just a slip
            ratio *= LOOKALIKE if exact else 1.0
            reasons.insert(0, f"look-alike letters in `{odd}`")
        odds = ratio * DUPLICATE_SHARE / max(self.n - 1, 1)
        return Match(a, b, odds / (1 + odds), tuple(r for r in reasons if r), ra.text, rb.text)

    def _names(
        self, ra: Reading, rb: Reading, i: int, j: int, compare_middle: bool, birth: str = "",
    ) -> tuple[float, list[str], bool] | None:
        """Given name and surname of two readings: (likelihood ratio, reasons, exact?), or None if they differ."""
        relaxed = birth in ("same birth date", "same birth month")
        given = self._given(ra, rb, i, j, relaxed, whole_relaxed=relaxed or birth == "birth years agree")
        if given is None:
            return None
        surname = self._surname(ra, rb, i, j, relaxed)
        if surname is None:
            return None
        (g_ratio, g_how), (s_ratio, s_how) = given, surname
        ratio = g_ratio * s_ratio
        if g_how == s_how == "same":
            others = len(set(self.groups.get(("SG", ra.surname, _join(ra.given)), ())) - {i, j})
            if others > 0:  # what the knowledge base shows beats assuming names are independent
                ratio = min(ratio, M * M * self.n / others)
            reasons = ["same surname and given name" + (f" (as {others} others have)" if others > 0 else "")]
        elif g_how == "same" and s_how == "missing":
            reasons = ["same given name", "surname missing on one side"]
        elif g_how == "same" and s_how == "none":
            reasons = ["same name"]
        else:
            reasons = [_part("name" if s_how == "none" else "given name", g_how)]
            if s_how != "none":
                reasons.append(_part("surname", s_how))
        uncertain = not (ra.patronymic_certain and rb.patronymic_certain)
        if compare_middle and uncertain and ra.patronymic and rb.patronymic:  # `Nijat Nazim Aliyev`
            if ra.patronymic == rb.patronymic:
                ratio *= M / self.u("patronymic", ra.patronymic, i, j)
                reasons.append("same middle name")
            else:
                ratio *= CLOSE
        if ra.guessed or rb.guessed:
            ratio *= GUESSED_ORDER
            reasons.append("names written in another order")
        if ra.variant or rb.variant:
            ratio *= RUSSIAN_FORM
            reasons.append("Г read as H (the Russian form of an Azerbaijani name)")
        return ratio, reasons, g_how == "same" and s_how in ("same", "none", "missing")

    def _close(self, kind: str, a: str, b: str, how: str, i: int, j: int) -> float:
        """The likelihood ratio of two related spellings: each might be the other's, and neither is exact."""
        weight = RUSSIAN_FORM if how == "russian" else CLOSE
        return M * weight / (self.u(kind, a, i, j) + self.u(kind, b, i, j))

    def _given(
        self, ra: Reading, rb: Reading, i: int, j: int, relaxed: bool, whole_relaxed: bool,
    ) -> tuple[float, str] | None:
        ga, gb = _join(ra.given), _join(rb.given)
        if ra.given_initial or rb.given_initial:
            letters = {ga[0], gb[0]}
            if len(letters) > 1 and letters != {"g", "h"} and first_letter(ra) != first_letter(rb):  # H. / Geydar
                return None
            return M / self.u("initial", ga[0], i, j), "initial"
        if ra.surname is None and rb.surname is None and " " in ra.given and " " in rb.given:
            return self._whole(ra.given, rb.given, i, j, whole_relaxed)
        if ga == gb:
            return M / self.u("given", ga, i, j), "same"
        if ra.guessed or rb.guessed:
            return None
        how = relation("given", ga, gb, self.counts["given"], relaxed)
        if how is None:
            return None
        return self._close("given", ga, gb, how, i, j), how

    def _whole(self, a: str, b: str, i: int, j: int, relaxed: bool) -> tuple[float, str] | None:
        """Whole names without surnames: the same syllables, or one of them spelled one letter apart."""
        if _join(a) == _join(b):
            return M / self.whole_share(a, i, j), "same"
        sa, sb = a.split(), b.split()
        if len(sa) != len(sb):
            return None
        differ = [(x, y) for x, y in zip(sa, sb, strict=True) if x != y]
        if len(differ) != 1:
            return None
        x, y = differ[0]
        counts = self.counts["syllable"]
        slip = len(min(x, y, key=len)) >= 2 and _one_apart(x, y)
        if not slip or (min(counts[x], counts[y]) > RARE and not relaxed):
            return None
        return M * CLOSE / (self.whole_share(a, i, j) + self.whole_share(b, i, j)), "close"

    def _surname(self, ra: Reading, rb: Reading, i: int, j: int, relaxed: bool) -> tuple[float, str] | None:
        sa, sb = ra.surname, rb.surname
        if sa is None and sb is None:
            return 1.0, "none"
        if sa is None or sb is None:
            return 1.0, "missing"
        if sa == sb:
            return M / self.u("surname", sa, i, j), "same"
        if ra.guessed or rb.guessed:
            return None
        how = relation("surname", sa, sb, self.counts["surname"], relaxed)
        if how is None:
            return None
        return self._close("surname", sa, sb, how, i, j), how

    def _patronymic(self, i: int, j: int) -> tuple[float, str] | None:
        """Patronymics as the whole records give them: (ratio, reason), or None if they differ."""
        na, nb = self.names[i], self.names[j]
        pa, pb = na.patronymics, nb.patronymics
        if pa and pb:
            same = pa & pb
            if same:
                p = min(same, key=lambda t: self.counts["patronymic"][t])
                return M / self.u("patronymic", p, i, j), "same patronymic"
            for x in pa:
                for y in pb:
                    how = "russian" if _russian_form(x, y) else "close" if len(x) >= 4 and _one_apart(x, y) and min(
                        self.counts["patronymic"][x], self.counts["patronymic"][y]) <= RARE else None
                    if how:
                        return self._close("patronymic", x, y, how, i, j), _part("patronymic", how)
            return None
        full, initials = (pa, nb.patronymic_initials) if pa else (pb, na.patronymic_initials)
        if full and initials:
            if any(p[0] in initials for p in full):
                return M / PRIOR_SHARE["initial"], "patronymic initial agrees"
            return None
        if pa or pb or na.patronymic_initials or nb.patronymic_initials:
            return 1.0, "patronymic missing on one side"
        return 1.0, ""

    def _birth(self, i: int, j: int) -> tuple[float, str] | None:
        a, b = self.people[i].born, self.people[j].born
        if a is None or b is None or a.qualifier or b.qualifier:
            if a is None and b is None:
                return 1.0, "no birth years"
            return 1.0, "birth year missing on one side" if (a is None) != (b is None) else ""
        if a.certainly_before(b) or b.certainly_before(a):
            return None
        share = self.u("year", a.year, i, j)
        if a.day and b.day:
            return M_BIRTH / (share / 365), "same birth date"
        if a.month and b.month:
            return M_BIRTH / (share / 12), "same birth month"
        return M_BIRTH / share, "birth years agree"


def _own_keys(r: Reading) -> Iterator[tuple]:
    """The blocking keys a reading is filed under (what `_lookups` of another person may ask for)."""
    g = _join(r.given)
    if r.given_initial:
        if r.surname:
            yield ("SI", r.surname, g)
        return
    if r.surname:
        yield ("SG", r.surname, g)
        yield ("SI", r.surname, g[0])  # looked up by names given by initials
    else:
        yield ("G", g)
    if r.patronymic and not r.patronymic_initial:
        yield ("GP", g, r.patronymic)


_HOW = {"russian": "in Russian form (G for H)", "close": "one letter apart", "short": "shortened",
        "suffix": "without its suffix", "same": "same",
        "initial": "as an initial", "missing": "missing on one side"}


def _part(what: str, how: str) -> str:
    if how == "same":
        return f"same {what}"
    if how == "missing":
        return f"{what} missing on one side"
    return f"{what} {_HOW[how]}"


def relation(kind: str, a: str, b: str, counts: Counter, relaxed: bool = False) -> str | None:
    """How two different spellings of a part may be one: close, short (given), suffix (surname), or None.

    `relaxed` (the birth dates agree to the day) lets two established spellings be one.
    """
    short, long_ = sorted((a, b), key=len)
    if long_ == short + "a":  # Aliyev / Aliyeva, Elvin / Elvina: relatives, not one person
        return None
    if _russian_form(a, b):
        return "russian"
    if min(counts[a], counts[b]) > RARE and not relaxed:  # two established names, not a slip
        return None
    if len(short) >= 4 and _one_apart(a, b):
        return "close"
    if kind == "given" and len(short) >= 4 and long_.startswith(short):
        return "short"
    if kind == "surname" and short in surname_stems(long_):
        return "suffix"
    return None


def _russian_form(a: str, b: str) -> bool:
    """`Gasanov` / `Hasanov`, `Guseyn` / `Huseyn`: Russian writes an Azerbaijani initial H as Г (G)."""
    return len(a) >= 4 and a[1:] == b[1:] and {a[0], b[0]} == {"g", "h"}


@lru_cache(maxsize=65_536)
def _one_apart(a: str, b: str) -> bool:
    """One letter inserted, dropped, changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=1) <= 1


def _neighbours(counts: Counter, kind: str) -> dict[str, list[str]]:
    """Spellings related (by `relation`) to a rare spelling, in both directions, found without comparing all."""
    deletions: dict[str, list[str]] = defaultdict(list)
    prefixes: dict[str, list[str]] = defaultdict(list)
    for token in counts:
        if len(token) >= 4:
            for d in _deletions(token):
                deletions[d].append(token)
            prefixes[token[:4]].append(token)
    near: dict[str, set[str]] = defaultdict(set)
    russian: dict[str, list[str]] = defaultdict(list)  # initial G for H, whatever their counts
    for token in counts:
        if token[:1] in ("g", "h") and len(token) >= 4:
            russian[token[1:]].append(token)
    for tokens in russian.values():
        if len(tokens) == 2:
            near[tokens[0]].add(tokens[1])
            near[tokens[1]].add(tokens[0])
    for token, count in counts.items():
        if count > RARE or len(token) < 4:
            continue
        found = {t for d in _deletions(token) for t in deletions.get(d, ())}
        if kind == "given":
            found.update(t for t in prefixes.get(token[:4], ()) if t.startswith(token) or token.startswith(t))
        else:
            found.update(stem for stem in surname_stems(token) if stem in counts)
        for other in found:
            if other != token and relation(kind, token, other, counts):
                near[token].add(other)
                near[other].add(token)
    if kind == "surname":  # a rare surname's stem may itself be common: Ibrahim / Ibrahimov
        for token in counts:
            for stem in surname_stems(token):
                if stem in counts and relation(kind, token, stem, counts):
                    near[token].add(stem)
                    near[stem].add(token)
    return {t: sorted(n) for t, n in near.items()}


def _deletions(token: str) -> set[str]:
    return {token, *(token[:k] + token[k + 1:] for k in range(len(token)))}


def _ruled_out(a: Prisoner, b: Prisoner) -> bool:
    if a.gender is not None and b.gender is not None and a.gender != b.gender:
        return True
    return a.id in b.distinct_from or b.id in a.distinct_from


# --------------------------------------------------------------------------- one pair at a time (pp import)


def block_keys(person: Prisoner) -> set[tuple[str, str]]:
    """Coarse keys (surname; given name) under which anyone whose names may agree with `person` is filed.

    For matching one incoming record at a time against an index that grows
    (`pp_cli.importing.matching`); `names_agree` then decides.
    """
    keys: set[tuple[str, str]] = set()
    for r in person_names(person).readings:
        if r.surname:
            keys.add(("S", r.surname))
        if not r.given_initial:
            keys.add(("G", _join(r.given)))
    return keys


def names_agree(a: Prisoner, b: Prisoner) -> bool:
    """Whether the names of `a` and `b` could be one person's, as PP601 compares them (facts aside)."""
    index = Index([a, b])
    return any(index._names(ra, rb, 0, 1, compare_middle=False) is not None
               for ra in index.names[0].readings for rb in index.names[1].readings)


def rules_out(a: Prisoner, b: Prisoner) -> bool:
    """Whether the facts of `a` and `b` say they are two people: distinct_from, gender, birth date, patronymic."""
    if _ruled_out(a, b):
        return True
    index = Index([a, b])
    return index._patronymic(0, 1) is None or index._birth(0, 1) is None
