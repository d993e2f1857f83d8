"""Group cases: a case's own page (`pp show --case`), its events (`pp timeline --case`), and counting cases.

A case is a `data/cases/<id>.yaml` record; events join it with `case: <id>`.
Its defendants are those the record lists and everyone its events name. A
verdict may give each defendant a different term (`sentences`, each naming
its `people`), so one event holds a group trial of seven.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pp_cli.errors import UsageError

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Case


def find_case(kb: KnowledgeBase, query: str) -> str:
    """The id of the case `query` names: its id, a former id, or one of its names (folded)."""
    return find_case_in({cid: case_entry(case) for cid, case in kb.cases.items()}, query)


def case_entry(case: Case) -> dict[str, Any]:
    """What finding and counting cases need of a case record, as plain JSON (kept per case file in the index)."""
    return {"name": case.name, "defendants": list(case.defendants), "former_ids": list(case.former_ids),
            "names": [n for n in (case.name, case.native_name, *(o.name for o in case.other_names)) if n]}


def find_case_in(cases: dict[str, dict[str, Any]], query: str) -> str:
    """`find_case` among plain `case_entry`s by id (from the index: no models needed)."""
    from pp_cli.names import fold

    wanted = query.strip().lower()
    if wanted in cases:
        return wanted
    for cid, case in cases.items():
        if wanted in case["former_ids"]:
            return cid
    key = fold(query)
    found = [cid for cid, case in cases.items() if key in {fold(n) for n in case["names"]}]
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(f"`{query}` names several cases: {', '.join(sorted(found))}", "give the case's id")
    known = ", ".join(sorted(cases)) or "none"
    raise UsageError(f"no case `{query}`", f"known cases: {known}")


def case_page(kb: KnowledgeBase, case_id: str) -> dict[str, Any]:
    """Everything `pp show --case` shows, as a plain document."""
    from pp_cli.person_facts import case_people
    from pp_cli.queries import charges_of, status_of

    case = kb.cases.get(case_id)
    events = kb.events_of_case(case_id)
    people = case_people(kb, case_id)
    sources: dict[str, dict[str, Any]] = {}
    for record in ([case] if case else []) + events:
        for s in record.sources:
            sources.setdefault(s.url, s.model_dump(mode="json", exclude_none=True))
    defendants = []
    for pid in people:
        prisoner = kb.prisoners.get(pid)
        sentence = None
        for event in events:
            given = event.sentence_of(pid)
            if given is not None:
                sentence = {"text": given.text(), "date": str(event.date), "event": event.id}
        status = status_of(kb, prisoner) if prisoner else None
        defendants.append({
            "id": pid,
            "name": prisoner.name if prisoner else None,
            "status": status.status.value if status else None,
            "as_of": str(status.as_of) if status and status.as_of else None,
            "charges": sorted({c["label"] for c in charges_of(events, kb, pid)}),
            "sentence": sentence,
        })
    court = case.court if case else None
    if court and court in kb.organizations:
        court = kb.organizations[court].name
    return {
        "kind": "case",
        "id": case_id,
        "name": case.name if case else case_id,
        "native_name": case.native_name if case else None,
        "country": case.country if case else None,
        "court": court,
        "summary": case.summary if case else None,
        "identifiers": [i.model_dump(mode="json", exclude_none=True) for i in case.identifiers] if case else [],
        "defendants": defendants,
        "timeline": [
            {"date": str(e.date), "type": e.type.value, "title": e.title, "id": e.id, "people": len(e.people)}
            for e in events
        ],
        "sources": list(sources.values()),
        "file": kb.paths.get(("cases", case_id)),
    }


def case_counts(kb: KnowledgeBase, people: set[str] | None = None) -> dict[str, Any]:
    """Cases and the people in them: how many cases, how many defendants, and each case's size.

    With `people` (the ids `pp stats` counts after its filters), only cases
    with at least one of them count, and only those people as defendants.
    """
    from pp_cli.person_facts import case_people

    ids = set(kb.cases) | {e.case for e in kb.events.values() if e.case}
    rows = []
    for cid in sorted(ids):
        members = [p for p in case_people(kb, cid) if people is None or p in people]
        if not members:
            continue
        case = kb.cases.get(cid)
        rows.append({"id": cid, "name": case.name if case else cid, "people": len(members)})
    in_cases = {p for cid in ids for p in case_people(kb, cid) if people is None or p in people}
    return {
        "cases": len(rows),
        "people_in_cases": len(in_cases),
        "group_cases": sum(1 for r in rows if r["people"] > 1),
        "by_case": sorted(rows, key=lambda r: (-r["people"], r["name"])),
    }
