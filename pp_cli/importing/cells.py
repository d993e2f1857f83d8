"""Reading the values real lists write: dates, lists, articles, sentences, names in parts.

Each reader returns the value, or raises `Unplaced` with a message saying why
the cell cannot be used, which the import reports with the row and column.
"""

from __future__ import annotations

import calendar
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

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
for _i, _words in enumerate((
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr",
), 1):
    _MONTHS[_words] = _i
for _i, _words in enumerate((
    "январь января янв", "февраль февраля фев", "март марта мар", "апрель апреля апр", "май мая",
    "июнь июня июн", "июль июля июл", "август августа авг", "сентябрь сентября сен сент",
    "октябрь октября окт", "ноябрь ноября ноя", "декабрь декабря дек",
), 1):
    for _w in _words.split():
        _MONTHS[_w] = _i

_ISOISH = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[./](\d{4})$")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_YEAR_SUFFIX = re.compile(r"\s*(г\.?|года?|il|ci il)$", re.IGNORECASE)


def parse_date(text: str, *, day_first: bool = False) -> PartialDate:
    """A date as a list writes it, at its precision; Unplaced for what cannot be read without a guess.

    Reads `2013-11-22`, `2013-11`, `2013`, `22.11.2013`, `22/11/2013`,
    `22 November 2013`, `November 22, 2013`, `Nov 2013`, `11.2013`, and
    Russian and Azerbaijani month names (`22 ноября 2013 г.`, `22 noyabr
    2013`). Dots are always day first; with slashes or dashes, a date whose
    first two numbers could each be a month or a day (`03/04/2013`) is refused
    unless `day_first`.
    """
    value = _TIME.sub("", " ".join(text.split()).strip().rstrip(","))
    value = _YEAR_SUFFIX.sub("", value).strip()
    if not value:
        raise Unplaced("empty date")
    if re.search(r"\b(around|about|approx|circa|ca\.|c\.|~|between|to|until|or)\b|\d\s*[-–—]\s*\d{1,2}\s+[^\W\d]",
                 value, re.IGNORECASE) and not _ISOISH.match(value) and not _NUMERIC.match(value):
        raise Unplaced(f"`{text}` is an approximate date or a range, which pp cannot record yet",
                       ) from None
    match = _ISOISH.match(value)
    if match:
        return _make(text, int(match[1]), _int(match[2]), _int(match[3]))
    match = _NUMERIC.match(value)
    if match:
        first, sep, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if sep == "." or day_first or first > 12:
            return _make(text, year, second, first)
        if second > 12:
            return _make(text, year, first, second)  # 11/22/2013: 22 cannot be a month
        if first == second:
            return _make(text, year, first, first)
        raise Unplaced(f"`{text}` could be {first} {calendar.month_name[second]} or {second} "
                       f"{calendar.month_name[first]}") from None
    match = _MONTH_YEAR_NUM.match(value)
    if match:
        return _make(text, int(match[2]), int(match[1]), None)
    words = _WORDS.findall(value.lower())
    numbers = [w for w in words if w.isdigit()]
    names = [w.rstrip(".") for w in words if not w.isdigit() and w.rstrip(".") not in ("of", "the", "st", "nd",
                                                                                       "rd", "th")]
    if len(names) == 1 and names[0] in _MONTHS and 1 <= len(numbers) <= 2:
        year = next((int(n) for n in numbers if len(n) == 4), None)
        day = next((int(n) for n in numbers if len(n) <= 2), None)
        if year is not None and (len(numbers) == 1 or day is not None):
            return _make(text, year, _MONTHS[names[0]], day)
    raise Unplaced(f"`{text}` is not a date pp can read",)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _make(text: str, year: int, month: int | None, day: int | None) -> PartialDate:
    parts = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day and month else "")
    try:
        return PartialDate.parse(parts)
    except ValueError as exc:
        raise Unplaced(f"`{text}`: {exc}") from None


# --------------------------------------------------------------------------- lists

_SPLIT = re.compile(r"\s*(?:;|\n|\|)\s*")
_SPLIT_WITH_COMMAS = re.compile(r"\s*(?:;|,|\n|\|)\s*")
_SPLIT_ARTICLES = re.compile(r"\s*(?:;|,|\n|\||\band\b|\bvə\b|\bи\b|&)\s*")


def split_list(text: str, *, commas: bool = False, words: bool = False) -> list[str]:
    """`a; b` (with `commas` also `a, b`; with `words` also `a and b`) as items, empty ones dropped."""
    pattern = _SPLIT_ARTICLES if words else _SPLIT_WITH_COMMAS if commas else _SPLIT
    return [item for item in (i.strip() for i in pattern.split(text)) if item and not is_empty(item)]


# --------------------------------------------------------------------------- articles

_ARTICLE = re.compile(r"^(?:art(?:icle)?s?\.?|ст(?:атья|\.)?|st\.|maddə|m\.)?\s*(\d{1,4}(?:[.-]\d{1,3}){0,4})"
                      r"(?:\s*(?:cc|ck|ук|ук рф|of the criminal code|criminal code|cinayət məcəlləsi))?$",
                      re.IGNORECASE)


def articles(text: str) -> list[str]:
    """Article numbers in a cell: `Art. 234.4.3, 28, 214.2.1` → ["234.4.3", "28", "214.2.1"]."""
    found = []
    for item in split_list(text, words=True):
        match = _ARTICLE.match(item.strip())
        if not match:
            raise Unplaced(f"`{item}` is not a criminal-code article number", )
        found.append(match[1].replace("-", "."))
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class SentenceText:
    description: str
    years: float | None
    suspended: bool
    life: bool = False


_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:years?|yrs?|y\b|лет|года?|il)", re.IGNORECASE)
_MONTHS_TERM = re.compile(r"(\d+)\s*(?:months?|mos?\.?|месяц\w*|мес\.?|ay)", re.IGNORECASE)
_SUSPENDED = re.compile(r"suspended|probation|conditional|условн|şərti", re.IGNORECASE)
_LIFE = re.compile(r"\blife\b|пожизненн|ömürlük", re.IGNORECASE)


def sentence(text: str) -> SentenceText:
    """`7 years`, `7.5 years`, `7 years 6 months`, `5 years suspended`, `life`, `7 лет`, `7 il`."""
    value = " ".join(text.split())
    if _LIFE.search(value):
        return SentenceText(value, None, False, life=True)
    years_match = _YEARS.search(value)
    months_match = _MONTHS_TERM.search(value)
    if not years_match and not months_match:
        if re.fullmatch(r"\d+(?:[.,]\d+)?", value):
            years = float(value.replace(",", "."))
            return SentenceText(f"{value} years", years, False)
        raise Unplaced(f"`{text}` is not a sentence pp can read (e.g. `7 years`, `7 years 6 months`, `life`)")
    years = float(years_match[1].replace(",", ".")) if years_match else 0.0
    if months_match:
        years += int(months_match[1]) / 12
    if years > 100:
        raise Unplaced(f"`{text}`: {years:g} years is not a sentence")
    return SentenceText(value, round(years, 2), bool(_SUSPENDED.search(value)))


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
