"""Likely duplicates (PP601, `pp dupes`): who is proposed as one person, who is not, and why.

Each case is a small knowledge base as real lists hold them: namesakes told
apart by patronymic or birth year, brothers, patronymics read as surnames,
the same person in three spellings, scripts or word orders, slips in rare
names, and look-alike letters.
"""

from __future__ import annotations

import pytest

from pp_cli.duplicates import THRESHOLD, Index, likely_duplicates
from pp_cli.models import Prisoner
from pp_cli.nameparts import read


def person(pid: str, name: str, *others: str, **fields) -> Prisoner:
    return Prisoner(id=pid, name=name, country=fields.pop("country", "AZ"),
                    other_names=[{"name": o} for o in others], **fields)


def pairs(*people: Prisoner, min_score: float = THRESHOLD) -> set[tuple[str, str]]:
    return {tuple(sorted((m.a.id, m.b.id))) for m in likely_duplicates(people, min_score=min_score)}


def match(a: Prisoner, b: Prisoner):
    return Index([a, b]).score(0, 1)


# --------------------------------------------------------------------------- names in parts


@pytest.mark.parametrize(("name", "given", "patronymic", "surname"), [
    ("Nijat Nazim oglu Aliyev", "nijat", "nazim", "aliav"),
    ("Aliyev Nijat Nazim oglu", "nijat", "nazim", "aliav"),
    ("Алиев Ниджат Назим оглы", "nijat", "nazim", "aliav"),
    ("Aksenov Aleksey Mikhailovich", "alaksai", "mihail", "aksanov"),
    ("Aleksey Mikhailovich Aksenov", "alaksai", "mihail", "aksanov"),
    ("Mamedov Ilgar Eldarovich", "ilgar", "aldar", "mamadov"),
    ("Ilqar Eldar oğlu Məmmədov", "ilgar", "aldar", "mamadov"),
    ("Statkevich Mikalai Viktaravich", "mikalai", "viktar", "statkavic"),
    ("Mikalai Statkevich", "mikalai", None, "statkavic"),
    ("Orekhov Yuliy Evgrafovich", "uli", "avgraf", "orahov"),
    ("Abbas Karimov", "abas", None, "karimov"),
    ("Karimov Abbas", "abas", None, "karimov"),
    ("Ahmad bin Ismail", "ahmad", "ismail", None),
])
def test_a_name_is_read_in_parts(name, given, patronymic, surname):
    first = read(name)[0]
    assert (first.given, first.patronymic, first.surname) == (given, patronymic, surname)


def test_initials_and_burmese_names():
    initials = read("Aliyev N.N.")[0]
    assert (initials.given, initials.given_initial, initials.patronymic, initials.surname) == ("n", True, "n", "aliav")
    assert read("U Win Htein", "MM")[0].given == read("Win Htein", "MM")[0].given == "vin htain"
    assert read("U Win Htein", "MM")[0].surname is None


def test_an_ambiguous_order_is_read_both_ways_the_guess_marked():
    written, guessed = read("Abbas Kerim")
    assert (written.given, written.surname, written.guessed) == ("abas", "karim", False)
    assert (guessed.given, guessed.surname, guessed.guessed) == ("karim", "abas", True)


# --------------------------------------------------------------------------- the same person


@pytest.mark.parametrize(("a", "b"), [
    (person("a", "Ilqar Məmmədov"), person("b", "Ilgar Mamedov")),
    (person("a", "Giyasaddin Ibrahim"), person("b", "Giyas Ibrahimov")),
    (person("a", "Nicat Aliyev"), person("b", "Nijat Aliyev")),
    (person("a", "Igar Mammadov", born="1972"), person("b", "Ilqar Məmmədov", born="1972")),
    (person("a", "Elshan Mirgadirov"), person("b", "Elşən Mirkadirov")),
    (person("a", "Aliyev Nijat Nazim oglu"), person("b", "Nijat Nazim oğlu Aliyev")),
    (person("a", "Алиев Ниджат Назим оглы"), person("b", "Nijat Aliyev")),
    (person("a", "Aksenov Aleksey Mikhailovich", country="RU"), person("b", "Aleksey Aksenov", country="RU")),
    (person("a", "Гасанов Эльчин"), person("b", "Elçin Həsənov")),
    (person("a", "Elchin Gasanov"), person("b", "Elçin Həsənov")),
    (person("a", "Mamedov Ryovshan Raufovich"), person("b", "Rövşən Rauf oğlu Məmmədov")),
    (person("a", "Aliyev N.N.", born="1985"), person("b", "Nijat Nazim oglu Aliyev", born="1985-03-02")),
    (person("a", "U Win Htein", country="MM"), person("b", "Win Htein", country="MM")),
    (person("a", "Nijat", given_name="Nijat", patronymic="Nazim", surname="Aliyev"), person("b", "Aliyev Nijat")),
])
def test_the_same_person_is_found_across_spellings_scripts_orders_and_slips(a, b):
    found = match(a, b)
    assert found is not None and found.score >= THRESHOLD, found


def test_look_alike_letters_do_not_hide_a_duplicate():
    spoof = person("spoof", "Ѕеуmуr Наzi")  # Cyrillic Ѕ, е, у, Н, а
    found = match(spoof, person("seymur-hazi", "Seymur Hazi"))
    assert found is not None and found.score >= THRESHOLD
    assert found.reasons[0] == "look-alike letters in `Ѕеуmуr Наzi`"
    invisible = person("filler", "Seymur\u3164Hazi")  # a Hangul filler where the space was
    assert match(invisible, person("seymur-hazi", "Seymur Hazi")).score >= THRESHOLD


def test_the_score_is_explained():
    found = match(person("a", "Nijat Aliyev", born="1985"), person("b", "Nijat Nazim oglu Aliyev", born="1985-03-02"))
    assert found.reason == "same surname and given name, patronymic missing on one side, birth years agree"


# --------------------------------------------------------------------------- different people


@pytest.mark.parametrize(("a", "b"), [
    # brothers: same surname and patronymic, different given names
    (person("a", "Aksenov Aleksey Mikhailovich", country="RU"),
     person("b", "Aksenov Andrey Mikhailovich", country="RU")),
    # a surname is not a patronymic
    (person("a", "Ivanov Aleksey Nikolaevich", country="RU"), person("b", "Nikolaev Ivan Nikolaevich", country="RU")),
    # namesakes told apart by their patronymics
    (person("a", "Nijat Nazim oglu Aliyev"), person("b", "Aliyev Nijat Rasim oglu")),
    # by their birth years
    (person("a", "Nijat Aliyev", born="1985"), person("b", "Nijat Aliyev", born="1990")),
    # by gender, or a feminine surname
    (person("a", "Ali Aliyev", gender="male"), person("b", "Ali Aliyev", gender="female")),
    (person("a", "Ali Aliyev"), person("b", "Ali Aliyeva")),
    # different given names that share a surname, or swap words
    (person("a", "Arif Yunus"), person("b", "Leyla Yunus")),
    (person("a", "Karim Abbasov"), person("b", "Abbas Karimov")),
    # a decision recorded once, on either side
    (person("a", "Ilgar Mamedov", distinct_from=["b"]), person("b", "Ilqar Məmmədov")),
    (person("a", "Ilgar Mamedov"), person("b", "Ilqar Məmmədov", distinct_from=["a"])),
])
def test_different_people_are_not_proposed(a, b):
    assert match(a, b) is None


def test_two_established_names_one_letter_apart_are_two_names():
    people = [person(f"elnur-{i}", "Elnur Mammadov", born=str(1950 + i)) for i in range(4)]
    people += [person(f"elnar-{i}", "Elnar Mammadov", born=str(1960 + i)) for i in range(4)]
    people += [person("x", "Elnur Mammadov", born="1970"), person("y", "Elnar Mammadov", born="1970")]
    assert ("x", "y") not in pairs(*people, min_score=0.01)


def test_common_names_need_more_than_the_name():
    """On a list full of `Elnur Mammadov`s, two of them are proposed only when more agrees."""
    people = [person(f"p{i}", "Elnur Mammadov", f"Elnur {f} oglu Mammadov", born=str(1950 + i))
              for i, f in enumerate(["Rauf", "Vasif", "Akif", "Samir", "Tofiq", "Namiq", "Elchin", "Ramiz"] * 3)]
    bare = [person("a", "Elnur Mammadov"), person("b", "Elnur Məmmədov")]
    assert ("a", "b") not in pairs(*people, *bare)
    dated = [person("c", "Elnur Mammadov", born="1990-04-02"), person("d", "Elnur Məmmədov", born="1990-04-02")]
    assert ("c", "d") in pairs(*people, *dated)


def test_candidates_are_blocked_not_all_pairs(monkeypatch):
    from pp_cli import duplicates

    syllables = ["ba", "ko", "ri", "su", "ne", "ta", "lu", "mi", "do", "ga", "pe", "zu"]
    people = [
        Prisoner(id=f"p{i}", name=f"{syllables[i % 12]}{syllables[i // 12 % 12]}{syllables[i // 144 % 12]} "
                 f"{syllables[i // 7 % 12]}{syllables[i // 11 % 12]}mov", country="AZ")
        for i in range(1500)
    ]
    calls = 0
    real = duplicates.Index.score

    def counting(self, i, j):
        nonlocal calls
        calls += 1
        return real(self, i, j)

    monkeypatch.setattr(duplicates.Index, "score", counting)
    duplicates.likely_duplicates(people)
    assert calls < len(people) * (len(people) - 1) / 2 / 20


def test_a_record_with_thousands_of_names_is_read_only_so_far():
    from pp_cli.nameparts import MAX_READINGS, person_names

    many = person("many", "Nijat Aliyev", *(f"Nijat{i} Aliyev{i}" for i in range(3000)))
    readings = person_names(many).readings
    assert len(readings) <= MAX_READINGS
    assert readings[0].text == "Nijat Aliyev"  # the usual name is never the one left out


def test_on_realistic_names_the_check_finds_duplicates_and_spares_namesakes():
    """A small run of the labelled benchmark (benchmarks/dupes.py runs it at size): it must not drift."""
    import sys

    from tests.conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from dupes import prisoners
        from namegen import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    records, truth = generate(1500, 0.15, seed=11)
    found = {tuple(sorted(int(p.id[1:]) for p in (m.a, m.b))) for m in likely_duplicates(prisoners(records))}
    hits = len(found & truth)
    assert hits / len(found) >= 0.85 and hits / len(truth) >= 0.9, (hits, len(found), len(truth))
