"""Dates as sources and spreadsheets write them, read into `PartialDate` at their precision.

`parse_text` is for text a person wrote ("22 November 2013", "22.11.2013",
"Nov 2013", "13 to 18 January 2007", "around 2014", "10 May"); record files
hold the canonical forms `PartialDate.parse` reads (`2013-11-22`,
`2007-01-13/2007-01-18`, `2014~`). A day and month without a year ("10 May")
is resolved from a context date, such as the date of the source that says it:
it is the latest such day on or before the context (an article of 26 May 2016
that says "on 10 May" means 2016-05-10; one that says "on 30 December" means
2015-12-30). Without a context, such a date is an error, never a guess.

Numeric day-month-year is read day first (`22.11.2013`, `22/11/2013`), as
in the lists pp serves; `11/22/2013` is read as month first only because 22
cannot be a month. A slashed date that could be either (`03/04/2013`) is
refused rather than guessed, unless the caller knows the writer puts days
first (`day_first`, as a spreadsheet's column map may say).

Also read, as spreadsheets and Russian- or Azerbaijani-language lists write
them: a day span with a bare hyphen (`13-18 January 2014`), a span of years
(`1985-1986`), year first with dots or slashes (`2013.11.22`), Russian month
abbreviations (`22 ноя 2013`) and a trailing year word (`12 мая 2014 г.`,
`2014-cü il`).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from pp_cli.dates import APPROXIMATE, UNCERTAIN, PartialDate

MONTHS = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
    # Azerbaijani and Russian month names, as Azerbaijani and Russian-language lists write them
    "yanvar": 1, "fevral": 2, "mart": 3, "aprel": 4, "may": 5, "iyun": 6, "iyul": 7, "avqust": 8,
    "sentyabr": 9, "oktyabr": 10, "noyabr": 11, "dekabr": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7, "август": 8,
    "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "сент": 9, "окт": 10,
    "ноя": 11, "нояб": 11, "дек": 12,
}
_APPROX_WORDS = re.compile(r"^(?:around|about|approximately|approx\.?|circa|ca\.?|c\.|~)\s*", re.IGNORECASE)
_UNCERTAIN_WORDS = re.compile(r"^(?:reportedly|probably|possibly)\s+(?:in\s+|on\s+)?", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:–|—|\bto\b|\buntil\b|\btill\b|\s-\s)\s*", re.IGNORECASE)
_MONTH_WORD = r"([^\W\d_]+)\.?"
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD},?\s+(\d{{4}})$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^{_MONTH_WORD},?\s+(\d{{4}})$", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}$", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"^{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?$", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{4})$")
_YEAR_IN_WORDS = re.compile(r"^(?:in\s+)?(\d{4})$", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"^(\d{4})([./])(\d{1,2})\2(\d{1,2})$")
_YEAR_WORD = re.compile(r"(?:\s+(?:г|гг|года?|il)|-?(?:ci|cı|cu|cü)\s+il)$", re.IGNORECASE)  # "2014 г.", "2014-cü il"
_DAY_SPAN = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})(\s+[^\W\d_])")  # "13-18 January 2014"
_YEAR_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")  # "1985-1986"


def parse_text(text: str, context: PartialDate | date | str | None = None, *, day_first: bool = False
               ) -> PartialDate:
    """A date as written in prose or a spreadsheet cell, at its precision; raise ValueError.

    `context` resolves a day and month without a year (see the module docstring);
    `day_first` reads a slashed date that could be either way (`03/04/2013`) as day/month.
    """
    value = _YEAR_WORD.sub("", " ".join(str(text).split()).strip().rstrip(".")).strip()
    if not value:
        raise ValueError("empty date")
    try:
        return PartialDate.parse(value)
    except ValueError:
        pass
    approx = None
    stripped = _APPROX_WORDS.sub("", value)
    if stripped != value:
        approx, value = APPROXIMATE, stripped
    else:
        stripped = _UNCERTAIN_WORDS.sub("", value)
        if stripped != value:
            approx, value = UNCERTAIN, stripped
    value = re.sub(r"^(?:on|in)\s+", "", value, flags=re.IGNORECASE)
    value = _DAY_SPAN.sub(r"\1 to \2\3", _YEAR_SPAN.sub(r"\1 to \2", value))
    parts = _RANGE.split(value)
    if len(parts) == 2 and approx is None:
        return _range(parts[0], parts[1], context, text, day_first)
    found = _single(value, context, text, day_first)
    if approx:
        if found.end is not None or found.qualifier:
            raise ValueError(f"{text!r}: only a single date can be approximate")
        return PartialDate(found.year, found.month, found.day, approx=approx)
    return found


def _context_day(context: PartialDate | date | str | None) -> date | None:
    if context is None:
        return None
    if isinstance(context, date):
        return context
    parsed = PartialDate.parse(context)
    return parsed.hi


def _month(word: str, text: str) -> int:
    number = MONTHS.get(word.lower().rstrip("."))
    if number is None:
        raise ValueError(f"{text!r}: `{word}` is not a month")
    return number


def _day(year: int, month: int, day: int, text: str) -> PartialDate:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{text!r}: day {day} does not exist in {calendar.month_name[month]} {year}")
    return PartialDate(year, month, day)


def _resolve(month: int, day: int, context: PartialDate | date | str | None, text: str) -> PartialDate:
    """A day and month without a year: the latest such day on or before the context day."""
    ctx = _context_day(context)
    if ctx is None:
        raise ValueError(f"{text!r} has no year; give the date of the source as context, or write the year")
    year = ctx.year if (month, day) <= (ctx.month, ctx.day) else ctx.year - 1
    if month == 2 and day == 29:
        while not calendar.isleap(year):
            year -= 1
    return _day(year, month, day, text)


def _single(value: str, context: PartialDate | date | str | None, text: str, day_first: bool = False
            ) -> PartialDate:
    if m := _YEAR_IN_WORDS.match(value):
        return PartialDate.parse(m.group(1))
    if m := _YEAR_FIRST.match(value):
        month = int(m.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: no month {month}")
        return _day(int(m.group(1)), month, int(m.group(4)), text)
    if m := _DAY_MONTH_YEAR.match(value):
        return _day(int(m.group(3)), _month(m.group(2), text), int(m.group(1)), text)
    if m := _MONTH_DAY_YEAR.match(value):
        return _day(int(m.group(3)), _month(m.group(1), text), int(m.group(2)), text)
    if m := _MONTH_YEAR.match(value):
        return PartialDate(int(m.group(2)), _month(m.group(1), text))
    if m := _NUMERIC.match(value):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if m.group(2) == "/" and first <= 12 and second <= 12 and first != second and not day_first:
            raise ValueError(f"{text!r} could be {first} {calendar.month_name[second]} {year} or {second} "
                             f"{calendar.month_name[first]} {year}; write it as YYYY-MM-DD")
        day, month = (second, first) if second > 12 else (first, second)
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: no month {month}")
        return _day(year, month, day, text)
    if m := _NUMERIC_MONTH_YEAR.match(value):
        month = int(m.group(1))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: no month {month}")
        return PartialDate(int(m.group(2)), month)
    if m := _DAY_MONTH.match(value):
        return _resolve(_month(m.group(2), text), int(m.group(1)), context, text)
    if m := _MONTH_DAY.match(value):
        return _resolve(_month(m.group(1), text), int(m.group(2)), context, text)
    raise ValueError(
        f"{text!r} is not a date pp can read; write e.g. 2013-11-22, 22 November 2013, Nov 2013, 2013, "
        "13 to 18 January 2007 or around 2014"
    )


def _range(first: str, last: str, context: PartialDate | date | str | None, text: str, day_first: bool = False
           ) -> PartialDate:
    """`13 to 18 January 2007`, `13 January to 2 February 2007`, `January to March 2007`, `2013 - 2014`."""
    end = _single(last, context, text, day_first)
    first = first.strip()
    if first.isdigit() and len(first) <= 2 and end.day:  # "13 to 18 January 2007"
        start = _day(end.year, end.month, int(first), text)  # type: ignore[arg-type]
    else:
        try:
            start = _single(first, context, text, day_first)
        except ValueError:
            # "13 January to 2 February 2007", "January to March 2007": the year comes from the end
            start = _single(f"{first} {end.year}", context, text)
            if start.lo > end.lo:
                start = _single(f"{first} {end.year - 1}", context, text)
    if end.hi < start.lo:
        raise ValueError(f"{text!r} ends before it begins")
    return PartialDate.parse(f"{start}/{end}")
