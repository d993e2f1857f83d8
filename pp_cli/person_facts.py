"""What `pp show` adds for the facts real lists hold (issue 12): age, place of detention, relations, ids, cases,
sentences, recognitions by list.

Plain JSON-ready values, computed from one person, their events and a
knowledge base holding the records those name (see `person_page.files_of`),
so a warm `pp show` stays a function of the person.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pp_cli.vocab import RELATION_INVERSE, RelationKind

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Event, Prisoner
    from pp_cli.status import StatusInfo

RELATION_WORDS = {
    RelationKind.parent: "parent of",
    RelationKind.child: "child of",
    RelationKind.sibling: "sibling of",
    RelationKind.spouse: "spouse of",
    RelationKind.relative: "relative of",
    RelationKind.co_defendant: "co-defendant of",
    RelationKind.colleague: "colleague of",
    RelationKind.held_to_pressure: "detained to put pressure on",
    RelationKind.pressured_through: "pressured through the detention of",
}


def sections(kb: KnowledgeBase, prisoner: Prisoner, events: list[Event], info: StatusInfo) -> dict[str, Any]:
    """The profile's issue-12 sections for `prisoner`, whose `events` (in date order) count as of the answer."""
    return {
        "given_name": prisoner.given_name,
        "patronymic": prisoner.patronymic,
        "surname": prisoner.surname,
        "age": age(prisoner),
        "held_at": held_at(kb, prisoner, events, info),
        "relations": relations(kb, prisoner),
        "identifiers": [i.model_dump(mode="json", exclude_none=True) for i in prisoner.identifiers],
        "cases": cases(kb, prisoner, events),
        "sentences": sentences(prisoner, events),
        "listed": listed(prisoner),
    }


def age(prisoner: Prisoner) -> dict[str, Any] | None:
    """Reported ages, and the birth dates they and `born` allow."""
    if not prisoner.ages:
        return None
    found = prisoner.birth_range()
    between = [found[0].isoformat(), found[1].isoformat()] if found and found[0] <= found[1] else None
    return {
        "reported": [{"age": a.age, "as_of": str(a.as_of), "note": a.note} for a in prisoner.ages],
        "born_between": between,
    }


def held_at(kb: KnowledgeBase, prisoner: Prisoner, events: list[Event], info: StatusInfo) -> dict[str, Any] | None:
    from pp_cli.facilities import held_at as where

    found = where(prisoner, events, kb.organizations, info.status)
    return found.to_dict() if found else None


def relations(kb: KnowledgeBase, prisoner: Prisoner) -> list[dict[str, Any]]:
    """The person's relations as they declare them, and those others declare towards them (inverted)."""
    out = []
    seen: set[tuple[str, str]] = set()
    for r in prisoner.relations:
        other = kb.prisoners.get(r.person)
        seen.add((r.person, r.kind.value))
        out.append({"person": r.person, "name": other.name if other else None, "kind": r.kind.value,
                    "words": RELATION_WORDS[r.kind], "note": r.note, "declared_by": prisoner.id,
                    "sources": [s.url for s in r.sources]})
    for other in kb.prisoners.values():
        if other.id == prisoner.id:
            continue
        for r in other.relations:
            if r.person != prisoner.id:
                continue
            kind = RELATION_INVERSE[r.kind]
            if (other.id, kind.value) in seen:
                continue
            seen.add((other.id, kind.value))
            out.append({"person": other.id, "name": other.name, "kind": kind.value, "words": RELATION_WORDS[kind],
                        "note": r.note, "declared_by": other.id, "sources": [s.url for s in r.sources]})
    return out


def case_people(kb: KnowledgeBase, case_id: str) -> list[str]:
    """A case's defendants: those its record lists, then everyone its events name, each once."""
    people: dict[str, None] = {}
    case = kb.cases.get(case_id)
    if case is not None:
        people.update(dict.fromkeys(case.defendants))
    for event in kb.events.values():
        if event.case == case_id:
            people.update(dict.fromkeys(event.people))
    return list(people)


def cases_of(kb: KnowledgeBase, prisoner: Prisoner, events: list[Event]) -> list[str]:
    ids: dict[str, None] = {}
    ids.update(dict.fromkeys(e.case for e in events if e.case))
    ids.update(dict.fromkeys(c.id for c in kb.cases.values() if prisoner.id in c.defendants))
    return list(ids)


def cases(kb: KnowledgeBase, prisoner: Prisoner, events: list[Event]) -> list[dict[str, Any]]:
    out = []
    for cid in cases_of(kb, prisoner, events):
        case = kb.cases.get(cid)
        others = [p for p in case_people(kb, cid) if p != prisoner.id]
        out.append({
            "id": cid,
            "name": case.name if case else cid,
            "co_defendants": [{"id": p, "name": kb.prisoners[p].name if p in kb.prisoners else None} for p in others],
        })
    return out


def sentences(prisoner: Prisoner, events: list[Event]) -> list[dict[str, Any]]:
    """Every sentence the person's events give them, in date order (the last is the one that stands)."""
    out = []
    for event in events:
        sentence = event.sentence_of(prisoner.id)
        if sentence is None:
            continue
        kind = sentence.effective_kind
        out.append({"date": str(event.date), "event": event.id, "type": event.type.value, "text": sentence.text(),
                    "kind": kind.value if kind else None, "years": sentence.years, "suspended": sentence.suspended})
    return out


def listed(prisoner: Prisoner) -> list[dict[str, Any]]:
    """Recognitions in published lists, by list and edition (`UFPPA list, 2014-08, A.3`)."""
    return [
        {"list": r.list, "edition": str(r.edition) if r.edition else None, "section": r.section, "number": r.number,
         "kind": r.kind.value if r.kind else None, "label": r.label()}
        for r in prisoner.recognitions if r.list or r.edition or r.kind
    ]


def age_text(doc_age: dict[str, Any] | None, today: date | None = None) -> str | None:
    """`58 in 2014-08 (born 1955-09-01 to 1956-08-31)`."""
    if not doc_age:
        return None
    text = "; ".join(f"{a['age']} in {a['as_of']}" for a in doc_age["reported"])
    if doc_age.get("born_between"):
        lo, hi = doc_age["born_between"]
        text += f" (born between {lo} and {hi})"
    return text
