"""The limit `pp validate --max-age` sets on how old a custody status's confirmation may be: read and said.

Kept apart from the checks (`pp_cli.checks`), so that reading the option and
wording the limit import no models: a warm `pp validate` reads its findings
from the index.
"""

from __future__ import annotations

import re
from datetime import timedelta

DEFAULT_MAX_AGE = timedelta(days=365)


def parse_age(text: str) -> timedelta | None:
    """`365d`, `52w`, `18m`, `2y` or a number of days; `off`/`never`/`0` turn the check off."""
    value = text.strip().lower()
    if value in ("off", "never", "none", "0"):
        return None
    match = re.fullmatch(r"(\d{1,6})\s*(d|days?|w|weeks?|m|months?|y|years?)?", value)
    if not match:
        raise ValueError(f"`{text}` is not an age; write e.g. 365d, 26w, 18m or 2y (or `off`)")
    number, unit = int(match.group(1)), (match.group(2) or "d")[0]
    days = number * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
    if days > 365 * 1000:
        raise ValueError(f"`{text}` is longer than a thousand years")
    return timedelta(days=days) if days else None


def describe_age(age: timedelta, *, rough: bool = False) -> str:
    """`365 days` → `1 year`; with `rough`, whole years or months for long spans (`9 years`)."""
    days = age.days

    def plural(n: int, unit: str) -> str:
        return f"{n} {unit}{'s' if n != 1 else ''}"

    if days >= 365 and (days % 365 == 0 or (rough and days >= 730)):
        return plural(days // 365, "year")
    if rough and days >= 60:
        return plural(days // 30, "month")
    if days >= 7 and days % 7 == 0 and not rough:
        return plural(days // 7, "week")
    return plural(days, "day")
