"""Leaving restricted material out of public exports (DESIGN.md, "Privacy").

`public_kb(kb)` returns a copy of the knowledge base with nothing marked
restricted, and every public export (`pp export --public`, `pp report
--public`) is built from that copy alone, so derived figures (status, arrest
dates, counts) cannot leak what the records hide. The rules:

* A record with `restricted: true` is left out.
* Each field named in `restricted_fields` is emptied (set to its default),
  and `disputed` entries about it go too. A path (`sources.0.quote`,
  `sources[0].quote`, `born[0]`; one grammar, `pp_cli.fieldpath`, read the
  same way by `pp validate`) withholds the whole top-level field. Fields
  that tell the same thing go with it: `status` takes `status_detail` and
  `status_as_of`, `born` takes `ages`, `facility` takes `facility_as_of`. Restricting a field a
  record cannot do without (a person's `name` or `country`, an event's
  `date`, `type` or `title`) withholds the whole record.
* A restricted person's id is removed from the `people` of every event, and
  an event whose people were all restricted is left out, since its title
  and summary are about them. The same goes for restricted organizations in
  events' `organizations` and people's `affiliations`.
* A person whose `status` is restricted has no derived status either: they
  are unlinked from the events that would change their status.
* A restricted person's id is removed from other people's `relations` and
  `distinct_from` and from cases' `defendants` too, so no public record
  points at them; a restricted organization's id is removed from
  `facility` and `court`; cases and code registries are scrubbed like any
  record (issue 12).

Free text is not scrubbed: a public event's summary that names a restricted
person still names them, so mark such events restricted too. And git keeps
every version of every file ever committed; restricting a record today does
not remove it from the repository's history.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pp_cli.fieldpath import head
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Case, CriminalCode, Event, Organization, Prisoner
from pp_cli.status import effect

R = TypeVar("R", Prisoner, Event, Organization, Case, CriminalCode)

# Derived columns (see queries.person_row) that would reveal a restricted field.
DERIVED = {
    "status": ("status", "status_detail", "as_of", "status_basis"),
    "status_detail": ("status_detail",),
    "status_as_of": ("as_of",),
}


# Fields that reveal another: withholding the first withholds these too.
COUPLED = {
    "status": ("status_detail", "status_as_of"),
    "born": ("ages",),
    "ages": ("born",),
    "facility": ("facility_as_of",),
}


def restricted_names(record: Prisoner | Event | Organization | Case | CriminalCode) -> set[str]:
    """Top-level fields `record` withholds (paths read by `fieldpath.head`, coupled fields included)."""
    known = set(type(record).model_fields)
    names = {h for h in map(head, record.restricted_fields) if h}
    names |= {other for name in list(names) for other in COUPLED.get(name, ())}
    return names & known


def scrub(record: R) -> R | None:
    """`record` without its restricted fields, or None if the whole record is withheld."""
    if record.restricted:
        return None
    names = restricted_names(record)
    if not names:
        return record
    fields = type(record).model_fields
    if any(fields[n].is_required() for n in names):
        return None
    update: dict[str, Any] = {n: fields[n].get_default(call_default_factory=True) for n in names}
    if "disputed" not in names:
        update["disputed"] = [d for d in record.disputed if head(d.field) not in names]
    return record.model_copy(update=update)


def public_kb(kb: KnowledgeBase) -> KnowledgeBase:
    """A copy of `kb` holding nothing marked restricted (rules in the module docstring)."""
    orgs = {oid: o for oid, o in ((oid, scrub(o)) for oid, o in kb.organizations.items()) if o is not None}
    hidden_orgs = set(kb.organizations) - set(orgs)
    people: dict[str, Prisoner] = {}
    for pid, p in kb.prisoners.items():
        kept = scrub(p)
        if kept is None:
            continue
        if any(a.org in hidden_orgs for a in kept.affiliations):
            kept = kept.model_copy(update={"affiliations": [a for a in kept.affiliations if a.org not in hidden_orgs]})
        people[pid] = kept
    hidden_people = set(kb.prisoners) - set(people)
    hidden_status = {pid for pid, p in people.items() if "status" in restricted_names(kb.prisoners[pid])}
    events: dict[str, Event] = {}
    for eid, e in kb.events.items():
        kept_event = scrub(e)
        if kept_event is None:
            continue
        if kept_event.people and all(pid in hidden_people for pid in kept_event.people):
            continue
        unlink = hidden_people | {pid for pid in hidden_status & set(kept_event.people)
                                  if effect(kept_event, pid) is not None}
        if (unlink & set(kept_event.people) or hidden_orgs & set(kept_event.organizations)
                or {kept_event.court, kept_event.facility} & hidden_orgs):
            kept_event = kept_event.model_copy(update={
                "people": [p for p in kept_event.people if p not in unlink],
                "organizations": [o for o in kept_event.organizations if o not in hidden_orgs],
                "court": None if kept_event.court in hidden_orgs else kept_event.court,
                "facility": None if kept_event.facility in hidden_orgs else kept_event.facility,
            })
        events[eid] = kept_event
    people, cases, codes = _unlink_hidden(kb, people, hidden_people, hidden_orgs)
    events = {eid: _only_named(e, cases) for eid, e in events.items()}
    paths = {
        key: path for key, path in kb.paths.items()
        if key[1] in {"prisoners": people, "events": events, "organizations": orgs, "cases": cases,
                      "codes": codes}.get(key[0], {})
    }
    return KnowledgeBase(kb.root, prisoners=people, events=events, organizations=orgs, cases=cases, codes=codes,
                         paths=paths)


def _only_named(event: Event, cases: dict[str, Any]) -> Event:
    """An event whose per-person sentences and charges name only its (public) people, and no withheld case."""
    people = set(event.people)
    sentences = [s if set(s.people) <= people else s.model_copy(update={"people": [p for p in s.people if p in people]})
                 for s in event.sentences]
    sentences = [s for s in sentences if s.people]
    charges = [c if set(c.people) <= people else c.model_copy(update={"people": [p for p in c.people if p in people]})
               for c in event.charges if not c.people or set(c.people) & people]
    case = event.case if event.case is None or event.case in cases else None
    if sentences == event.sentences and charges == event.charges and case == event.case:
        return event
    return event.model_copy(update={"sentences": sentences, "charges": charges, "case": case})


def _unlink_hidden(kb: KnowledgeBase, people: dict[str, Prisoner], hidden_people: set[str], hidden_orgs: set[str]
                   ) -> tuple[dict[str, Prisoner], dict[str, Any], dict[str, Any]]:
    """People without relations to withheld people; cases scrubbed, without withheld defendants; codes scrubbed."""
    for pid, p in list(people.items()):
        update: dict[str, Any] = {}
        if any(r.person in hidden_people for r in p.relations):
            update["relations"] = [r for r in p.relations if r.person not in hidden_people]
        if set(p.distinct_from) & hidden_people:
            update["distinct_from"] = [d for d in p.distinct_from if d not in hidden_people]
        if p.facility in hidden_orgs:
            update["facility"] = update["facility_as_of"] = None
        if update:
            people[pid] = p.model_copy(update=update)
    cases = {}
    for cid, case in kb.cases.items():
        kept = scrub(case)
        if kept is None:
            continue
        if set(kept.defendants) & hidden_people or set(kept.organizations) & hidden_orgs or kept.court in hidden_orgs:
            kept = kept.model_copy(update={
                "defendants": [d for d in kept.defendants if d not in hidden_people],
                "organizations": [o for o in kept.organizations if o not in hidden_orgs],
                "court": None if kept.court in hidden_orgs else kept.court,
            })
        cases[cid] = kept
    codes = {cid: kept for cid, kept in ((cid, scrub(c)) for cid, c in kb.codes.items()) if kept is not None}
    return people, cases, codes


def hide_derived(row: dict[str, Any], prisoner: Prisoner) -> dict[str, Any]:
    """Blank the derived columns of a `person_row` that would reveal a restricted field."""
    for name in restricted_names(prisoner):
        for column in DERIVED.get(name, ()):
            row[column] = None
    return row


def mentions(full: KnowledgeBase, public: KnowledgeBase) -> list[str]:
    """Warnings for public records whose text names a person or organization that was left out.

    Free text is never rewritten, so this is how a maintainer learns that a
    public event's summary still names someone restricted.
    """
    from pp_cli.names import fold
    from pp_cli.search import fold_text, record_texts

    hidden: list[tuple[str, str, set[str]]] = []
    for kind, table, kept in (("person", full.prisoners, public.prisoners),
                              ("organization", full.organizations, public.organizations)):
        for rid, record in table.items():
            if rid not in kept:
                names = {fold(n) for n in (record.name, record.native_name, *(o.name for o in record.other_names)) if n}
                hidden.append((kind, rid, {n for n in names | {fold(rid)} if n}))
    if not hidden:
        return []
    found = []
    for doc_kind, doc_id, _title, _date, fields in record_texts(public):
        text = f" {fold_text(' '.join(v for values in fields.values() for v in values if v))} "
        for kind, rid, names in hidden:
            if any(f" {n} " in text for n in names):
                found.append(f"{doc_kind} `{doc_id}` mentions the restricted {kind} `{rid}` in its text; "
                             "mark it restricted too, or edit it")
    return found
