"""A person's status, derived from events where there are events (DESIGN.md, "Status").

The latest status-changing event decides; without one, the status declared
in the prisoner file stands. Every answer carries the date it is true as of,
because "detained as of 2016" and "detained as of last week" differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pp_cli.dates import PartialDate
from pp_cli.vocab import STATUS_EFFECT, Status, StatusDetail

if TYPE_CHECKING:  # annotations only: `pp stats` warm uses `effect` on stored rows, without the models
    from pp_cli.models import Event, Prisoner


@dataclass(frozen=True)
class StatusInfo:
    status: Status
    detail: StatusDetail | None
    as_of: PartialDate | None  # the latest date that supports the status
    basis: str  # "events", "declared" or "none"
    event_id: str | None = None  # the deciding event, when derived


def effect(event: Event, person_id: str) -> tuple[Status, StatusDetail | None] | None:
    """What `event` does to the status of `person_id`, or None if nothing."""
    if person_id not in event.people:
        return None
    if event.status_after is not None:
        return event.status_after, None
    if event.sentence is not None and event.sentence.suspended:
        return Status.released, StatusDetail.sentence_suspended
    return STATUS_EFFECT.get(event.type)


def latest_source_date(prisoner: Prisoner) -> PartialDate | None:
    dates = [s.published for s in prisoner.sources if s.published is not None]
    return max(dates, default=None)


def happened_by(value: PartialDate, as_of: date | None) -> bool:
    """Certainly happened on or before `as_of` (see pp_cli.dates)."""
    return as_of is None or value.hi <= as_of


def derive(prisoner: Prisoner, events: Iterable[Event], as_of: date | None = None) -> StatusInfo:
    """Status of `prisoner` given their events (in date order), now or on `as_of`."""
    deciding: tuple[Event, tuple[Status, StatusDetail | None]] | None = None
    for event in events:
        if not happened_by(event.date, as_of):
            continue
        change = effect(event, prisoner.id)
        if change is not None:
            deciding = (event, change)
    declared_as_of = prisoner.status_as_of or latest_source_date(prisoner)
    declared_usable = prisoner.status is not None and (
        declared_as_of is None or happened_by(declared_as_of, as_of)
    )
    if deciding is not None:
        event, (status, detail) = deciding
        supported = event.date
        if declared_usable and prisoner.status == status and declared_as_of is not None:
            if declared_as_of.sort_key() > supported.sort_key():
                supported = declared_as_of
            detail = detail if prisoner.status_detail is None else prisoner.status_detail
        return StatusInfo(status, detail, supported, "events", event.id)
    if declared_usable:
        return StatusInfo(prisoner.status, prisoner.status_detail, declared_as_of, "declared")  # type: ignore[arg-type]
    return StatusInfo(Status.unknown, None, None, "none")


def contradiction(prisoner: Prisoner, events: Iterable[Event]) -> str | None:
    """Why the declared status disagrees with the events, if it does."""
    if prisoner.status is None:
        return None
    derived = derive(prisoner.model_copy(update={"status": None}), events)
    if derived.basis == "events" and derived.status != prisoner.status:
        return (
            f"declared status `{prisoner.status.value}` contradicts the events: "
            f"the latest status-changing event ({derived.event_id}, {derived.as_of}) "
            f"makes it `{derived.status.value}`"
        )
    return None
