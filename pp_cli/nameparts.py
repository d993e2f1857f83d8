"""A person's name understood in parts: given name, patronymic, surname (issue 11).

Why: two records are the same person only if their given names agree, their
patronymics (where both give one) agree and their surnames agree; a name
compared as a bag of words pairs brothers (`Aksenov Aleksey Mikhailovich` /
`Aksenov Andrey Mikhailovich`) and mistakes a patronymic for a surname
(`Ivanov Aleksey Nikolaevich` / `Nikolaev Ivan Nikolaevich`).

A written name is read into one or more `Reading`s, every part as a spelling
skeleton (`pp_cli.names.skeleton`):

- Azerbaijani and other Turkic patronymics are a father's name and a particle
  (`oğlu`, `oglu`, `ogly`, `qızı`, `kyzy`, `uly`, `uulu`): `Nijat Nazim oglu
  Aliyev` and the official order `Aliyev Nijat Nazim oglu` are both given
  Nijat, patronymic Nazim, surname Aliyev. Arabic and Malay `bin`/`ibn`/`binti`
  come before the father's name.
- Russian patronymics end in -ovich/-evich/-ovna/-evna/-ichna (`Aksenov Aleksey
  Mikhailovich` and `Aleksey Mikhailovich Aksenov`); the patronymic is kept as
  the father's name it is made from (`mikhail`), so `Eldarovich` meets
  `Eldar oglu`.
- Two words are `Given Surname` or `Surname Given`: a word that ends like a
  surname (-ov, -yev, -ova, -zadə, -sky, -enko, -shvili…) decides; where
  neither or both do, both readings are kept, the reversed one marked as
  guessed (it must then match exactly).
- A letter alone (`N.`, `Aliyev N.N.`) is an initial.
- Burmese names (country MM) have no surname: the whole name, less an
  honorific (U, Daw, Ko, Ma, Maung…), is the given name.
- Three words without a marker (`Nijat Nazim Aliyev`) read as given, a
  possible patronymic, surname: the middle word counts if it agrees and is
  ignored if not.

A prisoner's own `given_name`, `patronymic` and `surname` fields, where
present, give one more reading that needs no guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from pp_cli.names import fold, fold_word, lookalikes, prepare, skeleton, skeleton_word


def _skeletons(words: str) -> frozenset[str]:
    return frozenset(skeleton(w) for w in words.split())


def _folds(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Particles, as folded words (`oğlu` → oghlu, `оглы` → ogly): not skeletons, where `uly` would be `Yuliy`.
AFTER_FATHER = _folds("oğlu oglu ogly oğlı ogli ugli uly ulı uulu qızı qizi gizi gyzy kızı kizi kyzy "
                      "оглы оглу кызы гызы улы уулу")
BEFORE_FATHER = _folds("bin ibn binti bint")
PARTICLES = AFTER_FATHER | BEFORE_FATHER
TITLES = _skeletons("dr mr mrs ms prof sir")
BURMESE_HONORIFICS = _skeletons("u daw ko ma maung mg saya sayadaw bo bogyoke")
NO_SURNAME_COUNTRIES = frozenset({"MM"})

# Endings on the folded (lowercase ASCII) form; a word must keep three letters before them.
_PATRONYMIC_ENDINGS = ("yevich", "yevna", "ievich", "ievna", "ovich", "evich", "avich", "ovna", "evna", "avna",
                       "auna", "euna", "inichna", "ichna")  # -avich, -auna: Belarusian (Viktaravich)
_SURNAME_STRONG = ("ov", "ev", "ova", "eva", "zada", "zade", "sky", "skiy", "skii", "ski", "skaya", "skaia",
                   "enko", "shvili", "dze", "yan", "uk", "chuk", "ovs", "evs")
_SURNAME_WEAK = ("li", "ly", "lu", "ich", "ko")  # not -in: Giyasaddin, Elvin, Konstantin are given names
# Suffixes that turn a name into a surname, on skeletons: `Ibrahim` / `Ibrahimov`, `Hazi` / `Haziyev`.
SURNAME_SUFFIXES = ("ov", "av", "iav", "li", "lu", "zada", "ova", "ava", "iava")
_SPLIT = re.compile(r"[\s,.;:()\[\]/]+")


@dataclass(frozen=True)
class Reading:
    """One way to read a name; every part a skeleton, `None` where the name does not give it."""

    given: str  # words joined by a space; a single letter when it is an initial
    surname: str | None = None
    patronymic: str | None = None  # the father's name the patronymic is made from
    given_initial: bool = False
    patronymic_initial: bool = False
    patronymic_certain: bool = True  # False for the middle word of `Nijat Nazim Aliyev`
    guessed: bool = False  # word order guessed against how it is written (`Abbas Kerim` read as Kerim Abbas)
    variant: bool = False  # Cyrillic Г read as H: `Гасанов` as Həsənov (Russian renders Azerbaijani H so)
    text: str = ""  # the name as written


@dataclass(frozen=True)
class PersonNames:
    """Everything a person's record says about their name, read for comparison."""

    readings: tuple[Reading, ...]
    patronymics: frozenset[str]  # certain, full patronymics (skeletons)
    patronymic_initials: frozenset[str]
    lookalike: str | None  # a name of theirs with look-alike or invisible letters, if any


MAX_READINGS = 64  # a record listing thousands of names must not make every comparison with it slow


def person_names(prisoner) -> PersonNames:
    """The readings of every name a prisoner record gives (`name`, `native_name`, `other_names`, the parts).

    At most MAX_READINGS, the first names first: the usual name and the native one are never left out.
    """
    country = getattr(prisoner, "country", None)
    readings: dict[tuple, Reading] = {}
    structured = _structured(prisoner)
    texts = list(dict.fromkeys(prisoner.all_names()))[:MAX_READINGS]
    found = [structured] if structured else []
    for text in texts:
        found.extend(read(text, country))
    for reading in found:
        key = (reading.given, reading.surname, reading.patronymic, reading.given_initial)
        kept = readings.get(key)
        if kept is None or ((kept.guessed or kept.variant) and not (reading.guessed or reading.variant)):
            readings[key] = reading  # as written beats as guessed
    readings = dict(list(readings.items())[:MAX_READINGS])
    certain = frozenset(r.patronymic for r in readings.values()
                        if r.patronymic and r.patronymic_certain and not r.patronymic_initial)
    initials = frozenset(r.patronymic for r in readings.values() if r.patronymic and r.patronymic_initial)
    odd = next((t for t in texts if lookalikes(t)), None)
    return PersonNames(tuple(readings.values()), certain, initials, odd)


def _structured(prisoner) -> Reading | None:
    given = getattr(prisoner, "given_name", None)
    surname = getattr(prisoner, "surname", None)
    patronymic = getattr(prisoner, "patronymic", None)
    if not given:
        return None
    words = _words(given)
    key = " ".join(skeleton(w) for w in words if skeleton(w))
    if not key:
        return None
    father = None
    if patronymic:
        parts = [w for w in _words(patronymic) if fold(w) not in PARTICLES]
        father = father_of(parts[0]) if parts else None
    text = " ".join(p for p in (given, patronymic, surname) if p)
    return Reading(key, skeleton(surname) or None if surname else None, father,
                   given_initial=len(key) == 1, patronymic_initial=bool(father) and len(father) == 1, text=text)


def read(text: str, country: str | None = None) -> list[Reading]:
    """The readings of one written name (see the module's docstring); none for a single ordinary word."""
    tradition = country if country in NO_SURNAME_COUNTRIES else None
    found = list(_read(text, tradition))
    if "Г" in text or "г" in text:  # also as Azerbaijani H (Гасанов = Həsənov), after the plain readings
        words = text.split()
        alternative = " ".join(w if fold(w) in PARTICLES else w.translate(_CYRILLIC_GHE_AS_H) for w in words)
        if alternative != text:
            found += [replace(r, variant=True, text=text) for r in _read(alternative, tradition)]
    return found


_CYRILLIC_GHE_AS_H = str.maketrans("Гг", "Хх")


@lru_cache(maxsize=131_072)
def _read(text: str, tradition: str | None) -> tuple[Reading, ...]:
    words = [w for w in _words(text) if skeleton_word(w)]
    keys = [skeleton_word(w) for w in words]
    folded = [fold_word(w) for w in words]
    keep = [i for i, k in enumerate(keys) if k not in TITLES]
    words, keys, folded = [words[i] for i in keep], [keys[i] for i in keep], [folded[i] for i in keep]
    if tradition == "MM":
        return _burmese(words, keys, text)
    if len(words) < 2:
        return ()
    for i, word in enumerate(folded):
        if word in AFTER_FATHER and i >= 1:
            return _after_father(words, keys, i, text)
        if word in BEFORE_FATHER and 1 <= i < len(keys) - 1:
            given = " ".join(keys[:i])
            surname = " ".join(keys[i + 2:]) or None
            return (Reading(given, surname, father_of(words[i + 1]), text=text),)
    initial = [len(k) == 1 for k in keys]
    if any(initial):
        return _with_initials(words, keys, initial, text)
    patronymic = [_patronymic_like(w) for w in words]
    n = len(words)
    if n == 2:  # never `Given Patronymic`: a second word in -evich is a surname (Mikalai Statkevich)
        s0, s1 = _surname_like(words[0]), _surname_like(words[1])
        written = Reading(keys[0], keys[1], text=text)
        reversed_ = Reading(keys[1], keys[0], text=text, guessed=s0 <= s1)
        if s1 > s0:
            return (written,)
        if s0 > s1:
            return (reversed_,)
        return (written, reversed_)
    if patronymic[1]:  # Aleksey Mikhailovich Aksenov, Ivan Petrovich Lukashevich
        return (Reading(keys[0], " ".join(keys[2:]), father_of(words[1]), text=text),)
    if patronymic[-1]:  # Aksenov Aleksey Mikhailovich
        return (Reading(" ".join(keys[1:-1]), keys[0], father_of(words[-1]), text=text),)
    if n == 3:
        if _surname_like(words[0]) > max(_surname_like(words[2]), 1):  # Aliyev Nijat Nazim
            return (Reading(keys[1], keys[0], keys[2], patronymic_certain=False, text=text),)
        return (Reading(keys[0], keys[2], keys[1], patronymic_certain=False, text=text),)
    return (Reading(keys[0], keys[-1], text=text),)


def _after_father(words: list[str], keys: list[str], i: int, text: str) -> tuple[Reading, ...]:
    """`Given Father oglu Surname`, `Surname Given Father oglu`, `Given Father oglu`."""
    father = father_of(words[i - 1])
    before, after = keys[: i - 1], keys[i + 1:]
    if not before:
        return ()
    if after:
        return (Reading(" ".join(before), " ".join(after), father, text=text),)
    if len(before) == 1:
        return (Reading(before[0], None, father, text=text),)
    if _surname_like(words[1]) > _surname_like(words[0]):  # Nijat Aliyev Nazim oglu
        return (Reading(before[0], " ".join(before[1:]), father, text=text),)
    return (Reading(" ".join(before[1:]), before[0], father, text=text),)


def _with_initials(words: list[str], keys: list[str], initial: list[bool], text: str) -> tuple[Reading, ...]:
    """`N. Aliyev`, `N.N. Aliyev`, `Aliyev N.`, `Aliyev N.N.`, `Nijat N. Aliyev`."""
    full = [i for i, is_initial in enumerate(initial) if not is_initial]
    if len(full) != 1:
        if len(full) == 2 and len(keys) == 3 and initial[1]:  # Nijat N. Aliyev
            return (Reading(keys[0], keys[2], keys[1], patronymic_initial=True, text=text),)
        return ()
    surname = keys[full[0]]
    rest = [k for i, k in enumerate(keys) if i != full[0]]
    given, father = rest[0], (rest[1] if len(rest) > 1 else None)
    return (Reading(given, surname, father, given_initial=True, patronymic_initial=father is not None, text=text),)


def _burmese(words: list[str], keys: list[str], text: str) -> tuple[Reading, ...]:
    """No surnames: the name less a leading honorific is the given name (`U Win Htein` = `Win Htein`)."""
    while len(keys) > 1 and keys[0] in BURMESE_HONORIFICS:
        keys = keys[1:]
    if not keys:
        return ()
    return (Reading(" ".join(keys), None, text=text),)


@lru_cache(maxsize=65_536)
def _words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w in _SPLIT.split(prepare(text)) if w)


def _words(text: str) -> list[str]:
    return list(_words_of(text))


@lru_cache(maxsize=65_536)
def father_of(word: str) -> str:
    """The father's name a patronymic is made from, as a skeleton: `Mikhailovich` → mihail, `Nazim` → nazim."""
    folded = fold(word).replace(" ", "")
    for ending in _PATRONYMIC_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            folded = folded[: -len(ending)]
            break
    key = skeleton(folded)
    return key[:-1] if len(key) > 3 and key.endswith("i") else key  # Andrey/Andreevich, Nikolai/Nikolaevich


@lru_cache(maxsize=131_072)
def _patronymic_like(word: str) -> bool:
    folded = fold_word(word)
    return any(folded.endswith(e) and len(folded) - len(e) >= 3 for e in _PATRONYMIC_ENDINGS)


@lru_cache(maxsize=131_072)
def _surname_like(word: str) -> int:
    """2 for an ending that marks a surname (-ov, -yev, -zadə, -sky, -enko…), 1 for a weaker one, else 0."""
    folded = fold_word(word)
    if any(folded.endswith(e) and len(folded) - len(e) >= 3 for e in _SURNAME_STRONG):
        return 2
    if any(folded.endswith(e) and len(folded) - len(e) >= 3 for e in _SURNAME_WEAK):
        return 1
    return 0


def surname_stems(key: str) -> set[str]:
    """A surname skeleton without its surname suffix: `ibrahimov` → ibrahim; `haziav` → hazi (or haz)."""
    return {key[: -len(s)] for s in SURNAME_SUFFIXES if key.endswith(s) and len(key) - len(s) >= 3}


def first_letter(reading: Reading) -> str:
    """The given name's first letter as written, folded: `Khamis` → k, where its skeleton says h."""
    head = reading.given.split()[0]
    for word in _words(reading.text):
        if skeleton_word(word) == head:
            return fold_word(word)[:1]
    return head[:1]


def all_words(readings: Iterable[Reading]) -> set[str]:
    """Every part of every reading, for indexes."""
    out: set[str] = set()
    for r in readings:
        out.update(p for p in (r.given, r.surname, r.patronymic) if p)
    return out
