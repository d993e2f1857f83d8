"""Controlled vocabularies shared by the models, the checks and the CLI.

Kept free of pydantic so that the CLI can build its `--help` choices without
importing the models.
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """Coarse status of a person (DESIGN.md, "Status")."""

    detained = "detained"
    house_arrest = "house_arrest"
    released = "released"
    exiled = "exiled"
    deceased = "deceased"
    disappeared = "disappeared"
    unknown = "unknown"


class StatusDetail(str, Enum):
    """Finer detail that may sit beside the coarse status."""

    pretrial = "pretrial"
    serving_sentence = "serving_sentence"
    conditional_release = "conditional_release"
    sentence_suspended = "sentence_suspended"
    pardoned = "pardoned"
    amnestied = "amnestied"
    acquitted = "acquitted"
    sentence_completed = "sentence_completed"
    allowed_to_leave = "allowed_to_leave"


class EventType(str, Enum):
    arrest = "arrest"
    detention = "detention"
    charged = "charged"
    pretrial_detention = "pretrial_detention"
    pretrial_extended = "pretrial_extended"
    house_arrest = "house_arrest"
    trial_opened = "trial_opened"
    verdict = "verdict"
    sentenced = "sentenced"
    appeal = "appeal"
    appeal_ruling = "appeal_ruling"
    sentence_suspended = "sentence_suspended"
    transfer = "transfer"
    hunger_strike = "hunger_strike"
    ill_treatment = "ill_treatment"
    pardon = "pardon"
    amnesty = "amnesty"
    release = "release"
    sentence_completed = "sentence_completed"
    acquittal = "acquittal"
    travel_ban = "travel_ban"
    left_country = "left_country"
    death = "death"
    disappearance = "disappearance"
    echr_judgment = "echr_judgment"
    un_opinion = "un_opinion"
    international_call = "international_call"
    recognized = "recognized"
    sentence_commuted = "sentence_commuted"  # a death sentence to life, life to years, …
    sentence_reduced = "sentence_reduced"  # a shorter term, on appeal or by a later ruling
    estimate = "estimate"  # a number without names ("more than 80 political prisoners"): `count`, `count_of`, `by`
    other = "other"


# What an event of each type does to the status of the people it names.
# Types missing here (charged, appeal, hunger_strike, international_call, …)
# leave the status as it was. An event may override this with `status_after`.
# The finer detail only where the event says it (issue 10): a bare arrest says custody, not "pretrial".
STATUS_EFFECT: dict[EventType, tuple[Status, StatusDetail | None]] = {
    EventType.arrest: (Status.detained, None),
    EventType.detention: (Status.detained, None),
    EventType.pretrial_detention: (Status.detained, StatusDetail.pretrial),
    EventType.pretrial_extended: (Status.detained, StatusDetail.pretrial),
    EventType.house_arrest: (Status.house_arrest, None),
    EventType.verdict: (Status.detained, StatusDetail.serving_sentence),
    EventType.sentenced: (Status.detained, StatusDetail.serving_sentence),
    EventType.sentence_suspended: (Status.released, StatusDetail.sentence_suspended),
    EventType.pardon: (Status.released, StatusDetail.pardoned),
    EventType.amnesty: (Status.released, StatusDetail.amnestied),
    EventType.release: (Status.released, None),
    EventType.sentence_completed: (Status.released, StatusDetail.sentence_completed),
    EventType.acquittal: (Status.released, StatusDetail.acquitted),
    EventType.left_country: (Status.exiled, None),
    EventType.death: (Status.deceased, None),
    EventType.disappearance: (Status.disappeared, None),
}

# Event types that count as being taken into custody, for the "arrested" column, `--arrested-*`
# filters and arrests per year: where a source reports only a pretrial detention (the N!DA
# activists in May 2016), that is when the person was taken in.
ARREST_TYPES = frozenset({EventType.arrest, EventType.detention, EventType.pretrial_detention})
RELEASE_TYPES = frozenset(
    {
        EventType.release,
        EventType.pardon,
        EventType.amnesty,
        EventType.sentence_suspended,
        EventType.sentence_completed,
        EventType.acquittal,
    }
)


class Role(str, Enum):
    journalist = "journalist"
    blogger = "blogger"
    human_rights_defender = "human_rights_defender"
    lawyer = "lawyer"
    opposition_politician = "opposition_politician"
    civic_activist = "civic_activist"
    youth_activist = "youth_activist"
    religious_believer = "religious_believer"
    academic = "academic"
    writer_artist = "writer_artist"
    other = "other"


class ChargeCategory(str, Enum):
    """Broad kinds of charge, so that researchers can count across codes."""

    drugs = "drugs"
    hooliganism = "hooliganism"
    economic = "economic"  # illegal entrepreneurship, embezzlement, money laundering, abuse of office for gain
    fraud = "fraud"
    anti_state = "anti_state"  # overthrowing the government, seizing power, calls against the state, sabotage
    incitement = "incitement"  # inciting hatred
    extremism = "extremism"  # extremist materials and organisations (religious extremism: `religious`)
    # Added for real lists (issue 12), so that `other` is rare:
    religious = "religious"  # unregistered religious activity, uncensored literature, religious extremism
    terrorism = "terrorism"  # terrorism, calls for and financing of it
    criminal_organisation = "criminal_organisation"  # creating or joining a criminal group or armed formation
    extortion = "extortion"
    robbery = "robbery"  # robbery and brigandage
    theft = "theft"
    bribery = "bribery"  # taking, giving or mediating a bribe
    state_symbols = "state_symbols"  # insulting the flag, emblem or anthem
    obstruction_of_justice = "obstruction_of_justice"  # false testimony, interfering with an investigation
    treason_espionage = "treason_espionage"  # high treason, espionage
    tax_evasion = "tax_evasion"
    smuggling = "smuggling"  # contraband, currency smuggling
    traffic = "traffic"  # road traffic offences
    border = "border"  # illegal crossing of the state border
    weapons = "weapons"
    violence = "violence"
    defamation = "defamation"
    public_order = "public_order"  # mass disorder, resisting police
    abuse_of_office = "abuse_of_office"
    other = "other"


class PaceCriterion(str, Enum):
    """PACE Resolution 1900 (2012), paragraph 3, criteria a–e."""

    a = "a"  # detention violates a fundamental ECHR right
    b = "b"  # detention imposed for purely political reasons
    c = "c"  # disproportionate length or conditions for political reasons
    d = "d"  # detained in a discriminatory manner for political reasons
    e = "e"  # result of clearly unfair proceedings, for political reasons


class Gender(str, Enum):
    female = "female"
    male = "male"
    other = "other"


class OrgKind(str, Enum):
    party = "party"
    movement = "movement"
    media = "media"
    ngo = "ngo"
    religious = "religious"
    intergovernmental = "intergovernmental"
    court = "court"
    government = "government"
    # Places of detention, so that 40 spellings of seven places become seven records (issue 12):
    prison = "prison"  # a penitentiary or colony where sentences are served
    pretrial_detention_centre = "pretrial_detention_centre"  # an investigation prison (SIZO, "istintaq təcridxanası")
    police = "police"  # a police station or temporary holding facility
    other = "other"


# --------------------------------------------------------------------------- issue 12: what real lists hold

# Kinds of organization that are places where a person can be held (`pp show`: "held at …").
FACILITY_KINDS = frozenset({OrgKind.prison, OrgKind.pretrial_detention_centre, OrgKind.police})


class ChargeQualifier(str, Enum):
    """How a person is said to have taken part in the offence (the general part of a code: AZ 28, 29, 32)."""

    preparation = "preparation"
    attempt = "attempt"
    complicity = "complicity"  # any form of taking part, where the source does not say which
    organiser = "organiser"
    instigator = "instigator"
    accessory = "accessory"


class SentenceKind(str, Enum):
    """What a court imposed; `years` gives the length of the kinds that have one."""

    imprisonment = "imprisonment"
    life_imprisonment = "life_imprisonment"
    death = "death"
    restriction_of_liberty = "restriction_of_liberty"
    corrective_labour = "corrective_labour"
    fine = "fine"
    other = "other"


class RecognitionKind(str, Enum):
    """How a list or body describes the person."""

    prisoner_of_conscience = "prisoner_of_conscience"  # held solely for peacefully exercising their rights
    political_prisoner = "political_prisoner"
    politically_motivated = "politically_motivated"  # "politically motivated prosecution", not a detention
    other = "other"


class RelationKind(str, Enum):
    """How one person is related to another. Each kind has an inverse (`RELATION_INVERSE`)."""

    parent = "parent"
    child = "child"
    sibling = "sibling"
    spouse = "spouse"
    relative = "relative"
    co_defendant = "co_defendant"
    colleague = "colleague"
    # A hostage-taking case: this person was detained to put pressure on the other.
    held_to_pressure = "held_to_pressure"
    # The inverse: the other person was detained to put pressure on this one.
    pressured_through = "pressured_through"


RELATION_INVERSE: dict[RelationKind, RelationKind] = {
    RelationKind.parent: RelationKind.child,
    RelationKind.child: RelationKind.parent,
    RelationKind.sibling: RelationKind.sibling,
    RelationKind.spouse: RelationKind.spouse,
    RelationKind.relative: RelationKind.relative,
    RelationKind.co_defendant: RelationKind.co_defendant,
    RelationKind.colleague: RelationKind.colleague,
    RelationKind.held_to_pressure: RelationKind.pressured_through,
    RelationKind.pressured_through: RelationKind.held_to_pressure,
}
