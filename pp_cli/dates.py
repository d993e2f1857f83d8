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
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

_PATTERN = re.compile(r"^(?:(before|by) )?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date at the precision a source gives, optionally only an upper bound."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None  # None, "before" (strictly) or "by" (on or before)
    lo: date = field(init=False, compare=False, repr=False)  # earliest day it may denote (date.min if open)
    hi: date = field(init=False, compare=False, repr=False)  # latest day it may denote
    _key: tuple[date, int] = field(init=False, compare=False, repr=False)

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse `2016`, `2016-05`, `2016-05-25`, `before …` or `by …`; raise ValueError."""
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
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(
                f"{value!r} is not a date; write 2016, 2016-05, 2016-05-25, "
                "'before 2016-05-26' or 'by 2016-05-26'"
            )
        qualifier, y, m, d = match.groups()
        year, month, day = int(y), int(m) if m else None, int(d) if d else None
        if year < 1000:
            raise ValueError(f"year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month:02d} does not exist in {value!r}")
        if day is not None:
            last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
            if not 1 <= day <= last:
                raise ValueError(f"day {day:02d} does not exist in {value!r}")
        return cls(year, month, day, qualifier)

    def __post_init__(self) -> None:
        # Computed once: timelines and status derivation sort and compare dates a great deal.
        start = date(self.year, self.month or 1, self.day or 1)
        if self.day:
            end = start
        elif self.month:
            end = date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        else:
            end = date(self.year, 12, 31)
        if self.qualifier:
            hi = start - timedelta(days=1) if self.qualifier == "before" else end
            lo, key = date.min, (hi, 3)
        else:
            hi, lo, key = end, start, (start, PRECISIONS.index(self.precision))
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        object.__setattr__(self, "_key", key)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[date, int]:
        """Order for timelines: by start, coarser first; open dates at their latest day."""
        return self._key

    def certainly_before(self, other: PartialDate) -> bool:
        return self.hi < other.lo

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return f"{self.qualifier} {text}" if self.qualifier else text

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()


@lru_cache(maxsize=100_000)
def _parse_text(value: str) -> PartialDate:
    return PartialDate._parse(value)
