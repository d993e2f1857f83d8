"""Reading the values real lists write: dates, lists, articles, sentences, names in parts.

Each reader returns the value, or raises `Unplaced` with a message saying why
the cell cannot be used, which the import reports with the row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pp_cli.dates import PartialDate


class Unplaced(ValueError):
    """A cell's text has no place pp can put it; the message says why and what would do."""


# Cells that say "nothing known": read as empty, not reported.
EMPTY = frozenset({"", "-", "—", "–", "?", "n/a", "na", "none", "unknown", "not known", "нет", "неизвестно",
                   "naməlum", "yoxdur"})


def is_empty(text: str) -> bool:
    return " ".join(text.split()).casefold() in EMPTY


# --------------------------------------------------------------------------- dates

_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")  # "2013-11-22 00:00:00", as Excel exports a date


def parse_date(text: str, *, day_first: bool = False, context: PartialDate | None = None) -> PartialDate:
    """A date as a list writes it, at its precision (`pp_cli.date_text.parse_text`); Unplaced if it needs a guess.

    `context` (the source's date) resolves a day and month without a year;
    `day_first` reads `03/04/2013` as 3 April. The time of day spreadsheets
    add to dates is dropped.
    """
    from pp_cli.date_text import parse_text

    value = _TIME.sub("", " ".join(text.split()).strip().rstrip(","))
    if not value:
        raise Unplaced("empty date")
    try:
        return parse_text(value, context, day_first=day_first)
    except ValueError as exc:
        raise Unplaced(str(exc)) from None


# --------------------------------------------------------------------------- lists

_SPLIT = re.compile(r"\s*(?:;|\n|\|)\s*")
_SPLIT_WITH_COMMAS = re.compile(r"\s*(?:;|,|\n|\|)\s*")


def split_list(text: str, *, commas: bool = False) -> list[str]:
    """`a; b` (with `commas` also `a, b`) as items, empty ones dropped."""
    pattern = _SPLIT_WITH_COMMAS if commas else _SPLIT
    return [item for item in (i.strip() for i in pattern.split(text)) if item and not is_empty(item)]


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class ChargeText:
    """One charge as a cell writes it: the article, the general-part article qualifying it, and what the cell adds."""

    article: str
    qualifier_article: str | None = None
    description: str | None = None  # "221.3 (hooliganism)": the cell's own words for the article
    edition: str | None = None  # "226 (1960)": the edition of the code the cell names


_CODE_WORDS = re.compile(r"(?<!\w)(?:cc|ck|ук(?: рф| ар)?|of the criminal code|criminal code|cinayət məcəlləsi)"
                         r"(?!\w)\.?", re.IGNORECASE)
_NOTE = re.compile(r"(\d{1,4}(?:[.-]\d{1,3}){0,4})\s*\(([^()]*)\)")
_EDITION_NOTE = re.compile(r"^(\d{4})(?:\s*(?:code|cc|ук|edition|редакции|məcəllə))?$", re.IGNORECASE)


def charges(text: str) -> list[ChargeText]:
    """The charges a cell names, one per article (`pp_cli.charges.expand`: "28, 214.2.1" is one charge).

    `Art. 234.4.3 CC; 28, 214.2.1`, `ст. 228 УК`, `221.3 (hooliganism)`,
    `226 (1960)`: the code's name is dropped, words in brackets after an
    article describe it, a year in brackets is the code's edition.
    """
    from pp_cli.charges import expand

    notes: dict[str, str] = {}
    editions: dict[str, str] = {}

    def keep(match: re.Match[str]) -> str:
        note = " ".join(match[2].split())
        edition = _EDITION_NOTE.match(note)
        if edition:
            editions[match[1]] = edition[1]
        elif note:
            notes[match[1]] = note
        return match[1]

    value = _NOTE.sub(keep, " ".join(text.split()))
    if "(" in value or ")" in value:
        raise Unplaced(f"`{text}`: brackets pp cannot read; write what an article is in brackets after it, "
                       "like `221.3 (hooliganism)`")
    value = _CODE_WORDS.sub(" ", value)
    try:
        found = expand(value)
    except ValueError as exc:
        raise Unplaced(str(exc).replace(f"`{value}`", f"`{text}`")) from None
    out: list[ChargeText] = []
    for item in found:
        article = item["article"]
        charge = ChargeText(article, item.get("qualifier_article"), notes.get(article), editions.get(article))
        if charge not in out:
            out.append(charge)
    return out


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class SentenceText:
    """A sentence read from a cell: its kind (`vocab.SentenceKind`), length and anything else the cell says."""

    kind: str  # imprisonment, life_imprisonment, death, restriction_of_liberty, corrective_labour, fine
    years: float | None
    suspended: bool
    description: str | None = None  # the cell as written, where it says more than the kind and the length

    def record(self) -> dict[str, object]:
        """The sentence as a record holds it: `{years: 7.5}`, `{kind: life_imprisonment}`, …"""
        out: dict[str, object] = {} if self.kind == "imprisonment" else {"kind": self.kind}
        if self.years is not None:
            out["years"] = self.years
        if self.description:
            out["description"] = self.description
        if self.suspended:
            out["suspended"] = True
        return out


_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:years?|yrs?|y\b|лет|года?|il)", re.IGNORECASE)
_MONTHS_TERM = re.compile(r"(\d+)\s*(?:months?|mos?\.?|месяц\w*|мес\.?|ay)", re.IGNORECASE)
_SUSPENDED = re.compile(r"suspended|on probation|probation|conditional(?:ly)?|условн\w*|şərti", re.IGNORECASE)
_KINDS = (  # most specific first
    ("life_imprisonment", re.compile(r"\blife(?:\s+imprisonment|\s+sentence)?\b|пожизненн\w*|ömürlük", re.IGNORECASE)),
    ("death", re.compile(r"\bdeath(?:\s+(?:penalty|sentence))?\b|смертн\w+\s+казн\w*|расстрел\w*|ölüm\s+cəzası",
                         re.IGNORECASE)),
    ("restriction_of_liberty", re.compile(r"restriction of (?:liberty|freedom)|ограничени\w* свободы|"
                                          r"azadlığın məhdudlaşdırılması", re.IGNORECASE)),
    ("corrective_labour", re.compile(r"corrective labou?r|исправительн\w* работ\w*|islah işləri", re.IGNORECASE)),
    ("fine", re.compile(r"\bfined?\b|штраф\w*|cərimə\w*", re.IGNORECASE)),
)
# What only says "a prison term", so that `description` keeps only cells that say more
_TERM_WORDS = re.compile(r"\b(?:of|in|and|imprisonment|prison|jail|sentence|sentenced|to|years?'?|term)\b|"
                         r"лишени\w* свободы|azadlıqdan məhrum etmə|həbs|[\s.,;:()\-–]+", re.IGNORECASE)


def sentence(text: str) -> SentenceText:
    """`7 years`, `7.5 years`, `7 years 6 months`, `5 years suspended`, `life`, `death penalty`, `7 лет`, `7 il`."""
    value = " ".join(text.split())
    suspended = bool(_SUSPENDED.search(value))
    for kind, pattern in _KINDS:
        if pattern.search(value):
            years = _length(value) if kind in ("restriction_of_liberty", "corrective_labour") else None
            rest = _TERM_WORDS.sub("", _SUSPENDED.sub("", _MONTHS_TERM.sub("", _YEARS.sub("", pattern.sub("", value)))))
            keep = kind == "fine" or bool(rest)  # a fine's amount is in its words
            return SentenceText(kind, years, suspended, value if keep else None)
    years = _length(value)
    if years is None:
        if not re.fullmatch(r"\d+(?:[.,]\d+)?", value):
            raise Unplaced(f"`{text}` is not a sentence pp can read (e.g. `7 years`, `7 years 6 months`, `life`, "
                           "`death`)")
        years = float(value.replace(",", "."))
    if years > 100:
        raise Unplaced(f"`{text}`: {years:g} years is not a sentence")
    rest = _TERM_WORDS.sub("", _SUSPENDED.sub("", _MONTHS_TERM.sub("", _YEARS.sub("", value))))
    rest = re.sub(r"^\d+(?:[.,]\d+)?$", "", rest)
    return SentenceText("imprisonment", years, suspended, value if rest else None)


def _length(value: str) -> float | None:
    """Years (months as a fraction) a term cell gives, if any."""
    years_match = _YEARS.search(value)
    months_match = _MONTHS_TERM.search(value)
    if not years_match and not months_match:
        return None
    years = float(years_match[1].replace(",", ".")) if years_match else 0.0
    if months_match:
        years += int(months_match[1]) / 12
    return round(years, 2)


# --------------------------------------------------------------------------- names

_PATRONYMIC_MARKERS = ("oglu", "oğlu", "ogly", "qizi", "qızı", "gizi", "kyzy", "kizi")
_RUSSIAN_PATRONYMIC = re.compile(r"(ovich|evich|ich|ovna|evna|ichna|ович|евич|ич|овна|евна|ична)$", re.IGNORECASE)


@dataclass(frozen=True)
class NameParts:
    given: str | None = None
    patronymic: str | None = None
    surname: str | None = None


def name_parts(name: str) -> NameParts:
    """Given name, patronymic and surname where the name says them unmistakably, else empty.

    `Nijat Nazim oglu Aliyev` → (Nijat, Nazim, Aliyev); `Aliyev Nijat
    Nazimovich` → (Nijat, Nazimovich, Aliyev). A name without a patronymic
    is not split: which word is the surname is not certain in general.
    """
    words = name.split()
    folded = [w.casefold() for w in words]
    for marker in _PATRONYMIC_MARKERS:
        if marker in folded:
            i = folded.index(marker)
            if i == 2 and len(words) == 4:
                return NameParts(words[0], words[1], words[3])
            if i == 3 and len(words) == 4:  # Aliyev Nijat Nazim oglu
                return NameParts(words[1], words[2], words[0])
    if len(words) == 3 and _RUSSIAN_PATRONYMIC.search(words[2]):
        return NameParts(words[1], words[2], words[0])
    if len(words) == 3 and _RUSSIAN_PATRONYMIC.search(words[1]):
        return NameParts(words[0], words[1], words[2])
    return NameParts()
