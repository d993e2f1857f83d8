"""Finding people by any of their names (DESIGN.md, "Names").

Names are reduced to a *skeleton* that ignores case, diacritics and the usual
differences between Azerbaijani Latin, English and Russian-style spellings
(ə/a/e, q/g, c/j, x/kh/h, double letters…), so `Ilqar Məmmədov`,
`Ilgar Mammadov` and `Ilgar Mamedov` meet. Fuzzy scores (rapidfuzz) then rank
near misses for suggestions.

Before any of that, text that only *looks* like a name is made to read as
what it looks like (`prepare`): invisible characters go (a Hangul filler
U+3164 counts as a space), fullwidth and other compatibility forms become
plain letters (NFKC), and look-alike letters from another script inside a
word (`Ѕеуmуr` with Cyrillic Ѕ, е and у) are replaced by the letters they
imitate, from Unicode's confusables data (TR39) as the confusable-homoglyphs
package ships it. A word wholly in Cyrillic stays Cyrillic and is
transliterated (`Мамедов` → `mamedov`), unless the rest of the name is Latin
and every one of its letters imitates a Latin one (`Наzі` beside `Seymur`).
The name in parts, and likely duplicates, are `pp_cli.nameparts` and
`pp_cli.duplicates`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Azerbaijani letters first, so that anyascii's generic choices do not hide them.
_AZ = str.maketrans({
    "ə": "a", "Ə": "a", "ı": "i", "İ": "i", "ö": "o", "Ö": "o", "ü": "u", "Ü": "u",
    "ç": "ch", "Ç": "ch", "ş": "sh", "Ş": "sh", "ğ": "gh", "Ğ": "gh",
    "ё": "yo", "Ё": "yo",  # Рёвшан is Rövşən (anyascii would say Revshan), Фёдоров is Fyodorov
})
_DIGRAPHS = [("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ch", "C"), ("sh", "S")]
_LETTERS = str.maketrans({"x": "h", "q": "g", "c": "j", "e": "a", "y": "i", "w": "v", "C": "c", "S": "s"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1+")
_IOTATED = re.compile(r"(?:(?<=[bcdfghjklmnpqrstvz])|^)i(?=[ou])")  # Ryovshan, Gyunel, Yulfat: Rovshan, Gunel, Ulfat


def fold(text: str) -> str:
    """Lowercase ASCII form for display-independent comparison: `Rəsul Cəfərov` → `rasul cafarov`."""
    return " ".join(filter(None, map(_fold_word, prepare(text).split())))


def skeleton(text: str) -> str:
    """Spelling-insensitive key: `Nicat`, `Nijat` → `nijat`; `Mamedov`, `Məmmədov` → `mamadov`."""
    return " ".join(filter(None, map(_skeleton_word, prepare(text).split())))


# --------------------------------------------------------------------------- look-alike text

# Letters that show as nothing at all: read as a space, so `Seymur\u3164Hazi` is two words.
_BLANK_LETTERS = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5"), " ")


def prepare(text: str) -> str:
    """`text` as it reads on screen: no invisible characters, compatibility forms and look-alikes resolved."""
    if text.isascii():
        return text
    return _prepare(text)


_NOT_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")  # a letter (or anything) outside the Latin blocks


@lru_cache(maxsize=65_536)
def lookalikes(text: str) -> bool:
    """Whether `text` has letters imitating another script's inside a Latin or Cyrillic name (`Ѕеуmуr`).

    Invisible characters and compatibility forms are not counted: stray ones
    come with copied text, while letters of two scripts in one name do not.
    """
    if text.isascii() or not _NOT_LATIN.search(text):  # Latin only: nothing imitates anything
        return False
    plain = unicodedata.normalize("NFKC", text).translate(_BLANK_LETTERS)
    if not plain.isprintable():
        plain = "".join(ch for ch in plain if not _invisible(ch))
    return _prepare(text) != " ".join(plain.split())


def _invisible(ch: str) -> bool:
    return ord(ch) in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Zl", "Zp") or (
        0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF  # variation selectors
    )


@lru_cache(maxsize=65_536)
def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_BLANK_LETTERS)
    if not text.isprintable() or any(0xFE00 <= ord(ch) <= 0xFE0F for ch in text):
        text = "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") else ch for ch in text if not (
            unicodedata.category(ch) == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF))
    words = text.split()
    if not _NOT_LATIN.search(text):
        return " ".join(words)
    scripts = [_scripts(w) for w in words]
    if len(set().union(*scripts)) < 2:  # one script throughout: nothing imitates anything
        return " ".join(words)
    has_latin = any("LATIN" in s for s in scripts)
    return " ".join(_resolve(w, s, has_latin) for w, s in zip(words, scripts, strict=True))


def _script(ch: str) -> str | None:
    """The script a letter belongs to, from its Unicode name (`CYRILLIC SMALL LETTER IE` → CYRILLIC)."""
    if not ch.isalpha():
        return None
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def _scripts(word: str) -> frozenset[str]:
    return frozenset(filter(None, map(_script, word)))


def _resolve(word: str, scripts: frozenset[str], has_latin: bool) -> str:
    """A word with the letters that imitate its other script's replaced (see the module's docstring)."""
    if scripts == {"LATIN"} or not scripts or (len(scripts) == 1 and not has_latin):
        return word
    to_latin = [_homoglyph(ch, "LATIN") if _script(ch) not in (None, "LATIN") else ch for ch in word]
    if None not in to_latin:
        return "".join(to_latin)  # type: ignore[arg-type]
    if "LATIN" in scripts and len(scripts) == 2:  # mostly another script, with Latin look-alikes inside
        (other,) = scripts - {"LATIN"}
        to_other = [_homoglyph(ch, other) if _script(ch) == "LATIN" else ch for ch in word]
        if None not in to_other:
            return "".join(to_other)  # type: ignore[arg-type]
    return word


@lru_cache(maxsize=4096)
def _homoglyph(ch: str, script: str) -> str | None:
    """The one letter of `script` that `ch` imitates (Latin ones plain ASCII), if Unicode's data lists one."""
    from confusable_homoglyphs.confusables import confusables_data

    for glyph in confusables_data.get(ch, ()):
        target = glyph["c"]
        if len(target) == 1 and _script(target) == script and (script != "LATIN" or target.isascii()):
            return target
    return None


# Word by word, cached: knowledge bases repeat the same given names and surnames endlessly,
# and no rule below reaches across a space, so a name's key is the join of its words' keys.
@lru_cache(maxsize=262_144)
def _fold_word(word: str) -> str:
    from anyascii import anyascii  # imported on first use: a warm `pp list` never needs it

    text = unicodedata.normalize("NFC", word).translate(_AZ)
    ascii_text = anyascii(text).lower().replace("'", "")  # Il'gar (soft sign) → ilgar
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def fold_word(word: str) -> str:
    """`fold` of one word already `prepare`d (no spaces): the cached step `fold` takes per word."""
    return _fold_word(word)


def skeleton_word(word: str) -> str:
    """`skeleton` of one word already `prepare`d (no spaces)."""
    return _skeleton_word(word)


@lru_cache(maxsize=262_144)
def _skeleton_word(word: str) -> str:
    out = _fold_word(word)
    for digraph, letter in _DIGRAPHS:
        out = out.replace(digraph, letter)
    return _DOUBLE.sub(r"\1", _IOTATED.sub("", out.translate(_LETTERS)))


@dataclass(frozen=True)
class Candidate:
    id: str
    display: str  # the usual name
    names: tuple[str, ...]  # every name, id included
    keys: tuple[str, ...] = ()  # skeletons of `names`, precomputed (and cached) for speed

    def __post_init__(self) -> None:
        if not self.keys:
            object.__setattr__(self, "keys", tuple(skeleton(n) for n in self.names))


def find(query: str, people: Iterable[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """(matches, suggestions) for `query`.

    In order, the first rule that matches anyone wins: the exact id; a whole
    name with the same skeleton; every word of the query among the words of
    one name (`hazi`, `Mammadov`); a word-prefix match of 3+ letters (`ism`).
    When nothing matches, the nearest names by fuzzy score are suggestions.
    """
    people = list(people)
    q = query.strip()
    by_id = [p for p in people if p.id == q.lower()]
    if by_id:
        return by_id, []
    key = skeleton(q)
    if not key:
        return [], []
    exact = [p for p in people if key in p.keys]
    if exact:
        return exact, []
    words = key.split()
    contained = [p for p in people if any(_has_words(k, words) for k in p.keys)]
    if contained:
        return contained, []
    if all(len(w) >= 3 for w in words):
        prefixed = [p for p in people if any(_has_prefixes(k, words) for k in p.keys)]
        if prefixed:
            return prefixed, []
    return [], suggest(q, people)


def _has_words(key: str, words: list[str]) -> bool:
    if not all(w in key for w in words):  # cheap substring test first
        return False
    tokens = key.split()
    return all(w in tokens for w in words)


def _has_prefixes(key: str, words: list[str]) -> bool:
    if not all(w in key for w in words):
        return False
    tokens = key.split()
    return all(any(t.startswith(w) for t in tokens) for w in words)


def suggest(query: str, people: list[Candidate], limit: int = 5, cutoff: float = 60.0) -> list[Candidate]:
    """Nearest people by the best fuzzy score of any of their names."""
    from rapidfuzz import fuzz, process

    choices: dict[tuple[str, int], str] = {}
    by_id = {p.id: p for p in people}
    for p in people:
        for i, key in enumerate(p.keys):
            choices[(p.id, i)] = key
    ranked = process.extract(skeleton(query), choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=cutoff)
    seen: dict[str, Candidate] = {}
    for _choice, _score, (pid, _i) in ranked:
        if pid not in seen:
            seen[pid] = by_id[pid]
        if len(seen) == limit:
            break
    return list(seen.values())


def candidates(prisoners: Iterable) -> list[Candidate]:
    """Candidates from prisoner records (their names plus their id and former ids)."""
    return [
        Candidate(p.id, p.name, (*p.all_names(), p.id.replace("-", " "), *(f.replace("-", " ") for f in p.former_ids)))
        for p in prisoners
    ]


def choose(query: str, people: list[Candidate]) -> str:
    """The id of the one person `query` names; Ambiguous or NoMatch (with suggestions) otherwise."""
    from pp_cli.errors import Ambiguous, NoMatch

    found, suggestions = find(query, people)
    if len(found) == 1:
        return found[0].id
    if found:
        raise Ambiguous(
            f"`{query}` matches {len(found)} people",
            sorted(((c.id, c.display) for c in found), key=lambda pair: fold(pair[1])),
        )
    raise NoMatch(f"nobody called `{query}`", [c.display for c in suggestions])
