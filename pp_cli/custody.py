"""Custody episodes: arrest → release, re-arrest → a new episode (DESIGN.md, "Time and custody").

Why: "in custody since", durations and `--arrested-since` must follow the
*current* stay, not the first arrest ever, and no figure may run past what a
source confirms. An episode opens at an event that makes a person `detained`
(arrest, detention, pretrial detention, verdict, sentence, `status_after:
detained`); further custody events (pretrial → sentenced) continue it; the
next event that makes them anything else (release, pardon, acquittal, exile,
house arrest, death, …) closes it. A release with no custody event before it
is an episode whose start is not recorded.

A duration runs to the episode's end, or, while it is open, to the **last
confirmation** of custody (the date the status is last supported by:
`status_as_of` or the latest event or source), never to today. It is given
as bounds: `days_at_least` from the last day the start allows to the first
day the end (or confirmation) allows, `days_at_most` from the first to the
last. An open `before`/`by` date gives no first day, so no upper bound from
it, and a lower bound that starts at its last possible day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pp_cli.dates import PartialDate
from pp_cli.status import happened_by
from pp_cli.vocab import RELEASE_TYPES, EventType, Status

DETAINED = Status.detained.value


@dataclass(frozen=True)
class Episode:
    """One stay in custody and the bounds on its length that the records allow."""

    start: PartialDate | None  # None: custody is known (a release) but its start is not recorded
    start_event: str | None
    end: PartialDate | None  # None: not ended on record (by the as-of day)
    end_event: str | None
    to: PartialDate | None  # what the count runs to: the end, the last confirmation, or the as-of day
    to_kind: str  # "end", "confirmation" or "as_of"
    days_at_least: int | None  # None when the start or the confirmation is unknown
    days_at_most: int | None  # None when an open start or end leaves no upper bound

    @property
    def current(self) -> bool:
        return self.end is None

    def to_dict(self) -> dict:
        return {"start": str(self.start) if self.start else None, "start_event": self.start_event,
                "end": str(self.end) if self.end else None, "end_event": self.end_event,
                "to": str(self.to) if self.to else None, "to_kind": self.to_kind,
                "days_at_least": self.days_at_least, "days_at_most": self.days_at_most}


def _bounds(start: PartialDate | None, to: PartialDate | None, *,
            cap: date | None = None) -> tuple[int | None, int | None]:
    if start is None or to is None:
        return None, None
    first_to = to.lo if to.qualifier is None else start.hi  # "by X": custody confirmed only at its start
    last_to = to.hi
    if cap is not None:
        first_to, last_to = min(first_to, cap), min(last_to, cap)
    least = max(0, (first_to - start.hi).days)
    most = None if start.qualifier is not None else max(least, (last_to - start.lo).days)
    return least, most


def episodes(changes: Sequence[Sequence[str]], confirmed: PartialDate | None = None,
             as_of: date | None = None) -> list[Episode]:
    """The custody episodes in a person's status-changing events, oldest first.

    `changes` are `[date, event id, event type, status after]` in chronological
    order (`stats.custody_events`); `confirmed` is the last confirmation of the
    person's current status when it is `detained` (the status's as-of date).
    With `as_of`, only what had certainly happened by that day counts, and a
    stay open that day runs to the day (if a later end or confirmation shows it
    lasted) or to its last confirmation before it.
    """
    found: list[Episode] = []
    open_start: tuple[PartialDate, str] | None = None
    seen_change = False
    for written, event_id, event_type, status in changes:
        when = PartialDate.parse(written)
        if status == DETAINED:
            if open_start is None:
                open_start = (when, event_id)
        elif open_start is not None:
            found.append(_closed(open_start, when, event_id))
            open_start = None
        elif not seen_change and EventType(event_type) in RELEASE_TYPES:
            found.append(Episode(None, None, when, event_id, when, "end", None, None))
        seen_change = True
    if open_start is not None:
        least, most = _bounds(open_start[0], confirmed)
        found.append(Episode(open_start[0], open_start[1], None, None, confirmed, "confirmation", least, most))
    return found if as_of is None else _cut(found, as_of)


def _closed(start: tuple[PartialDate, str], end: PartialDate, end_event: str) -> Episode:
    least, most = _bounds(start[0], end)
    if end.qualifier is not None:  # ended "by X": it may have ended the day it began
        least = 0
    return Episode(start[0], start[1], end, end_event, end, "end", least, most)


def _cut(found: list[Episode], as_of: date) -> list[Episode]:
    """The episodes as they stood on `as_of`."""
    out = []
    day = PartialDate(as_of.year, as_of.month, as_of.day)
    for ep in found:
        began = ep.start if ep.start is not None else ep.end
        if began is None or not happened_by(began, as_of):
            continue
        if ep.end is not None and happened_by(ep.end, as_of):
            out.append(ep)
            continue
        if ep.start is None:
            continue
        # Still open on `as_of`: confirmed to the day if a later end or confirmation shows it lasted that long.
        later = ep.end if ep.end is not None else ep.to
        if later is not None and later.qualifier is None and later.lo >= as_of:
            least, most = _bounds(ep.start, day)
            kind = "confirmation" if ep.end is None and later.lo == as_of else "as_of"
            out.append(Episode(ep.start, ep.start_event, None, None, day, kind, least, most))
        else:
            to = later if later is not None and later.qualifier is None and later.hi <= as_of else None
            least, most = _bounds(ep.start, to, cap=as_of) if to else (None, None)
            out.append(Episode(ep.start, ep.start_event, None, None, to, "confirmation", least, most))
    return out


def current(found: list[Episode]) -> Episode | None:
    """The episode still open, if any (the one "in custody since" means)."""
    return found[-1] if found and found[-1].current else None


def days_text(ep: Episode) -> str:
    """`at least 147 days (at most 177), to 2016-05-26, the last confirmation`."""
    if ep.days_at_least is None:
        why = "start of custody not recorded" if ep.start is None else "no confirmation on record"
        return f"unknown ({why})"
    text = f"at least {ep.days_at_least} day{'s' if ep.days_at_least != 1 else ''}"
    if ep.days_at_most is not None and ep.days_at_most != ep.days_at_least:
        text += f" (at most {ep.days_at_most})"
    what = {"end": "the end of custody", "confirmation": "the last confirmation", "as_of": "the as-of day"}
    return f"{text}, to {ep.to}, {what[ep.to_kind]}"
