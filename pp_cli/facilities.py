"""Places of detention and courts: a registry of organizations, and where a person is held, as of when.

Prisons, pre-trial detention centres, police stations (`type: prison`,
`pretrial_detention_centre`, `police`) and courts (`type: court`) are
organizations, so that the forty spellings a list uses for seven places
(`Kurdakhani SIZO`, `Kürdəxanı istintaq təcridxanası`, "Baku pre-trial
detention centre No. 3") are seven records, each with its `other_names` and
an `address` where letters can be sent. An event's `facility` or `court`, a
person's `facility`, may hold the organization's id or any of its names: the
name is matched with spelling folded as people's names are (`pp_cli.names`).

Where a person is held follows from their events and their record: the
latest event that names a facility for them (a transfer, an arrest, a
sentence) or the record's own `facility` with its `facility_as_of`, whichever
is later; none once a later event has let them out (a release, pardon,
acquittal, …). The answer carries its date, like a status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pp_cli.vocab import FACILITY_KINDS, OrgKind, Status

if TYPE_CHECKING:
    from pp_cli.dates import PartialDate
    from pp_cli.models import Event, Organization, Prisoner


def _keys(org: Organization) -> set[str]:
    from pp_cli.names import fold

    return {fold(n) for n in (org.name, org.native_name, *(o.name for o in org.other_names)) if n}


def resolve(text: str | None, organizations: dict[str, Organization], kinds: Iterable[OrgKind] = FACILITY_KINDS
            ) -> Organization | None:
    """The organization of one of `kinds` that `text` names (by id or by any of its names), if any."""
    if not text:
        return None
    wanted = set(kinds)
    org = organizations.get(text.strip())
    if org is not None:
        return org if org.type in wanted else None
    from pp_cli.names import fold

    key = fold(text)
    found = [o for o in organizations.values() if o.type in wanted and key in _keys(o)]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class HeldAt:
    """Where a person is held, as of when, and what says so."""

    place: str  # the facility's name (from the registry where it is there), or the text as written
    org: str | None  # the organization id, where the registry has it
    address: str | None
    as_of: PartialDate
    basis: str  # "event" or "declared"
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "org": self.org, "address": self.address, "as_of": str(self.as_of),
                "basis": self.basis, "event": self.event}


def held_at(prisoner: Prisoner, events: list[Event], organizations: dict[str, Organization],
            status: Status | None = None) -> HeldAt | None:
    """Where `prisoner` is held according to `events` (theirs, in date order) and their record.

    None when nothing says, or when the latest status-changing event let
    them out after the last word on a place (`status` is their current one).
    """
    from pp_cli.status import effect

    latest: HeldAt | None = None
    for event in events:
        change = effect(event, prisoner.id)
        if change is not None and change[0] not in (Status.detained, Status.house_arrest):
            latest = None  # let out: the last place is no longer where they are
        if event.facility and prisoner.id in event.people:
            latest = _place(event.facility, organizations, event.date, "event", event.id)
    declared = prisoner.facility
    if declared and prisoner.facility_as_of is not None and (
        latest is None or latest.as_of.sort_key() <= prisoner.facility_as_of.sort_key()
    ):
        latest = _place(declared, organizations, prisoner.facility_as_of, "declared", None)
    elif declared and prisoner.facility_as_of is None and latest is None:
        from pp_cli.status import latest_source_date

        when = latest_source_date(prisoner)
        if when is not None:
            latest = _place(declared, organizations, when, "declared", None)
    if latest is not None and status is not None and status not in (Status.detained, Status.house_arrest):
        return None
    return latest


def _place(text: str, organizations: dict[str, Organization], when: PartialDate, basis: str,
           event: str | None) -> HeldAt:
    org = resolve(text, organizations)
    return HeldAt(org.name if org else text, org.id if org else None, org.address if org else None, when, basis,
                  event)


def unknown_places(texts: Iterable[str], organizations: dict[str, Organization], kinds: Iterable[OrgKind]
                   ) -> list[str]:
    """The texts that name no registered organization of `kinds` (for PP225)."""
    return [t for t in texts if resolve(t, organizations, kinds) is None]
