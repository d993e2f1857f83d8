"""Partial dates: `2016`, `2016-05`, `2016-05-25`, `before 2016-05-26`, `by 2016-05-26`.

Sources often give only a year or a month, or say only that something had
happened by the day they were published. A `PartialDate` keeps exactly that
precision and knows the earliest (`lo`) and latest (`hi`) day it may denote.

Rules (also in README.md, "Dates"):

* Ordering (timelines, "latest event"): by `lo`, then coarser before finer, so
  `2016-05` sorts before `2016-05-01` and `2016-05-10`. An open `before`/`by`
  date has no known start and is placed at its latest possible day.
* "Has it happened by day D?" (`--as-of`): only when it certainly had, i.e.
  `hi <= D`. So on 2016-05-15 an event dated `2016-05` has not yet counted.
* Contradictions (release before arrest, …) are reported only when one date is
  certainly before the other (`a.hi < b.lo`): `2016-05` is not after
  `2016-05-10`.

Forms real sources write (issue 12), all readable in EDTF (ISO 8601-2):

* A range, `2007-01-13/2007-01-18` ("13 to 18 January 2007"): it may denote
  any day from the first day of its start to the last day of its end
  (`lo`/`hi`), and it is ordered by its start, like the start date alone.
* Approximate `2014~` ("around 2014"), uncertain `2014?` ("reportedly in
  2014"), or both `2014%`. An approximate date may lie one unit of its
  precision either side (`2014~` is 2013-01-01..2015-12-31, `2014-05~` is
  2014-04-01..2014-06-30, `2014-05-10~` is 2014-05-09..2014-05-11); an
  uncertain one keeps its bounds. Both are ordered where the date itself is.
* `../2016-05-26` (EDTF for an interval with an unknown start) is read as
  `by 2016-05-26`; `PartialDate.edtf()` writes `before`/`by` dates that way.

Day-and-month forms ("10 May") are resolved against a context date by
`pp_cli.date_text.parse_text`, which also reads "22 November 2013",
"22.11.2013", "Nov 2013", "13 to 18 January 2007" and "around 2014".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

_PATTERN = re.compile(r"^(?:(before|by) )?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?$")
_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
APPROXIMATE, UNCERTAIN, BOTH = "~", "?", "%"  # EDTF level 1 qualifiers of a whole date
PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date at the precision a source gives, optionally only an upper bound."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None  # None, "before" (strictly) or "by" (on or before)
    approx: str | None = None  # None, "~" approximate, "?" uncertain or "%" both (EDTF)
    end: PartialDate | None = None  # the last date of a range ("2007-01-13/2007-01-18"), plain
    lo: date = field(init=False, compare=False, repr=False)  # earliest day it may denote (date.min if open)
    hi: date = field(init=False, compare=False, repr=False)  # latest day it may denote
    _key: tuple[date, int] = field(init=False, compare=False, repr=False)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse `2016`, `2016-05`, `2016-05-25`, `before …`/`by …`, `A/B`, `2014~`; raise ValueError."""
        if isinstance(value, PartialDate):
            return value
        if type(value) is str:  # the usual case; the same dates recur across thousands of records
            return _parse_text(value)
        return cls._parse(value)

    @classmethod
    def _parse(cls, value: object) -> PartialDate:
        if isinstance(value, bool):
            raise ValueError("expected a date such as 2016, 2016-05 or 2016-05-25")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str):
            raise ValueError("expected a date such as 2016, 2016-05 or 2016-05-25")
        value = value.strip()
        if "/" in value:
            return cls._parse_range(value)
        match = _PATTERN.match(value)
        if not match:
            raise ValueError(
                f"{value!r} is not a date; write 2016, 2016-05, 2016-05-25, "
                "'before 2016-05-26', 'by 2016-05-26', a range 2007-01-13/2007-01-18 or around 2014 as 2014~"
            )
        qualifier, y, m, d, approx = match.groups()
        if qualifier and approx:
            raise ValueError(f"{value!r}: a `{qualifier}` date cannot also be approximate or uncertain")
        year, month, day = _checked(value, y, m, d)
        return cls(year, month, day, qualifier, approx)

    @classmethod
    def _parse_range(cls, value: str) -> PartialDate:
        """`2007-01-13/2007-01-18` (a range) or `../2016-05-26` (EDTF's open start, read as `by`)."""
        first, _, last = value.partition("/")
        first, last = first.strip(), last.strip()
        end_match = _PLAIN.match(last)
        if first == ".." and end_match:
            return cls(*_checked(value, *end_match.groups()), "by")
        start_match = _PLAIN.match(first)
        if not start_match or not end_match:
            raise ValueError(
                f"{value!r} is not a range; write two plain dates, like 2007-01-13/2007-01-18"
            )
        start = cls(*_checked(value, *start_match.groups()))
        end = cls(*_checked(value, *end_match.groups()))
        if end.hi < start.lo:
            raise ValueError(f"{value!r} ends before it begins")
        if end == start:
            return start
        return cls(start.year, start.month, start.day, end=end)

    def __post_init__(self) -> None:
        # Computed once: timelines and status derivation sort and compare dates a great deal.
        start = date(self.year, self.month or 1, self.day or 1)
        if self.day:
            end = start
        elif self.month:
            end = date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        else:
            end = date(self.year, 12, 31)
        nominal = (start, PRECISIONS.index("day" if self.day else "month" if self.month else "year"))
        if self.qualifier:
            hi = start - timedelta(days=1) if self.qualifier == "before" else end
            lo, key = date.min, (hi, 3)
        elif self.end is not None:
            lo, hi, key = start, self.end.hi, nominal
        elif self.approx in (APPROXIMATE, BOTH):
            (lo, hi), key = _widen(start, end, self.precision), nominal
        else:
            hi, lo, key = end, start, nominal
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        object.__setattr__(self, "_key", key)

    @property
    def precision(self) -> str:
        """`day`, `month` or `year`; a range is `range` (it is not one day, month or year)."""
        if self.end is not None:
            return "range"
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> PartialDate:
        """The date a range begins with (the date itself when it is not a range)."""
        if self.end is None:
            return self
        return PartialDate(self.year, self.month, self.day)

    def edtf(self) -> str:
        """The date in EDTF (ISO 8601-2): as written, but `before`/`by` as an interval with an open start."""
        if self.qualifier == "by":
            return f"../{self._plain()}"
        if self.qualifier == "before":  # the interval ends the day before
            return f"../{self.hi.isoformat()}"
        return str(self)

    def _plain(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[date, int]:
        """Order for timelines: by start, coarser first; open dates at their latest day."""
        return self._key

    def certainly_before(self, other: PartialDate) -> bool:
        return self.hi < other.lo

    def __str__(self) -> str:
        text = self._plain()
        if self.end is not None:
            return f"{text}/{self.end}"
        if self.approx:
            text += self.approx
        return f"{self.qualifier} {text}" if self.qualifier else text

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()


def _checked(value: str, y: str, m: str | None, d: str | None) -> tuple[int, int | None, int | None]:
    """Year, month and day of a written date, each checked to exist."""
    year, month, day = int(y), int(m) if m else None, int(d) if d else None
    if year < 1000:
        raise ValueError(f"year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist in {value!r}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
        if not 1 <= day <= last:
            raise ValueError(f"day {day:02d} does not exist in {value!r}")
    return year, month, day


def _widen(start: date, end: date, precision: str) -> tuple[date, date]:
    """The bounds of an approximate date: one unit of its precision either side."""
    if precision == "day":
        return start - timedelta(days=1), end + timedelta(days=1)
    if precision == "month":
        before = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
        after_month = end.month % 12 + 1
        after_year = end.year + (end.month == 12)
        return before, date(after_year, after_month, calendar.monthrange(after_year, after_month)[1])
    return date(start.year - 1, 1, 1), date(end.year + 1, 12, 31)


@lru_cache(maxsize=100_000)
def _parse_text(value: str) -> PartialDate:
    return PartialDate._parse(value)
