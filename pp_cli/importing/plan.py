"""From rows to a plan: which people and events to create, which records to add to, what to report.

A row is matched to a person (`matching`), then each of its facts is
compared with what the knowledge base (and the rows before it) already hold.
A fact already there is not written again, whoever wrote it: that is what
makes a second run of the same import change nothing. The key of a fact:

* a name: its exact spelling (case and spacing aside) among the person's names;
* a field such as gender or born: the field (a different value already there
  is a conflict, reported and left alone);
* a role, affiliation or recognition: the value (recognition: `by` and date);
* an arrest: an arrest, detention or pretrial detention of the person whose
  date may be the same day (`2013-11` may be `2013-11-22`); an arrest whose
  dates cannot meet is a conflict, reported, since it may be another arrest
  or a disagreement between sources, which only a person can tell;
* a charge: the article, among all the person's charges;
* a sentence: a sentence of the same length (or life); another length is a
  conflict (an appeal may have changed it);
* a place of detention: the same place on any of the person's events.

Facts the sheet gives without a date (charges, sentence, place of detention)
are dated `by` the source's publication date, which is exactly what a list
says: by the day it was published, this was so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pp_cli.dates import PartialDate
from pp_cli.importing import cells
from pp_cli.importing.cells import Unplaced
from pp_cli.importing.mapping import FIELDS, LIST_FIELDS, ColumnMap, value_key
from pp_cli.importing.matching import Candidate, People
from pp_cli.importing.sheet import Sheet
from pp_cli.kb import KnowledgeBase
from pp_cli.models import Prisoner
from pp_cli.names import fold, skeleton
from pp_cli.vocab import ARREST_TYPES, ChargeCategory, EventType, Gender, Role, Status

SENTENCE_TYPES = frozenset({EventType.verdict, EventType.sentenced, EventType.appeal_ruling,
                            EventType.sentence_suspended})


@dataclass(frozen=True)
class Finding:
    """Something a person must look at: a value not placed, an uncertain match, a conflict."""

    kind: str  # "unplaced", "uncertain", "conflict"
    row: int | None
    column: str | None
    message: str
    hint: str | None = None


@dataclass
class PersonPlan:
    id: str
    existing: Prisoner | None  # None: a new person
    data: dict[str, Any]  # new: the whole record; existing: fields to set (absent before)
    lists: dict[str, list[Any]] = field(default_factory=dict)  # existing: items to append
    facts: list[str] = field(default_factory=list)  # what the import adds, for the report
    rows: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.existing is None or bool(self.data or self.lists)


@dataclass
class EventPlan:
    data: dict[str, Any]
    rows: list[int]

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class Plan:
    people: dict[str, PersonPlan] = field(default_factory=dict)
    events: list[EventPlan] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0
    matched: int = 0  # rows matched to someone already in the knowledge base

    @property
    def created(self) -> list[PersonPlan]:
        return [p for p in self.people.values() if p.existing is None]

    @property
    def updated(self) -> list[PersonPlan]:
        return [p for p in self.people.values() if p.existing is not None and p.changed]


@dataclass
class Row:
    """One row's cells read into values, with where each came from (for reports)."""

    number: int
    cells: dict[str, str]
    cmap: ColumnMap
    findings: list[Finding]

    def header(self, name: str) -> str:
        return self.cmap.columns[name][0]

    def text(self, name: str) -> str | None:
        """The first non-empty cell of the field's columns."""
        for header in self.cmap.columns.get(name, ()):
            value = " ".join(self.cells.get(header, "").split())
            if value and not cells.is_empty(value):
                return value
        return None

    def texts(self, name: str) -> list[tuple[str, str]]:
        """(header, item) for every item of a list field, across its columns."""
        found = []
        for header in self.cmap.columns.get(name, ()):
            value = self.cells.get(header, "")
            whole = " ".join(value.split())
            if name in ("roles", "affiliations") and value_key(whole) in self.cmap.values.get(name, {}):
                found.append((header, whole))  # "Journalists and bloggers" is one value, not two
                continue
            for item in cells.split_list(value, commas=name in ("roles", "affiliations")):
                found.append((header, " ".join(item.split())))
        return found

    def unplaced(self, column: str | None, message: str, hint: str | None = None) -> None:
        finding = Finding("unplaced", self.number, column, message, hint)
        if finding not in self.findings[-8:]:  # a cell read twice (to match, then to import) is reported once
            self.findings.append(finding)

    def mapped(self, name: str, value: str, header: str) -> str | None:
        """A cell value through `values:`, checked against pp's vocabulary; None (reported) if unknown."""
        table = self.cmap.values.get(name, {})
        result = table.get(value_key(value), value)
        vocab = {"gender": Gender, "roles": Role, "status": Status, "charge_categories": ChargeCategory}.get(name)
        if vocab is None:
            return result
        folded = result.strip().lower().replace(" ", "_").replace("-", "_")
        if folded in vocab.__members__:
            return folded
        noun = {"gender": "gender", "roles": "role", "status": "status", "charge_categories": "charge category"}[name]
        self.unplaced(header, f"`{value}` is not a {noun} pp knows",
                      f"map it in the map's values: {{{name}: {{{_yaml_key(value)}: …}}}} "
                      f"(one of {', '.join(vocab.__members__)})")
        return None

    def date(self, name: str) -> PartialDate | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return cells.parse_date(text, day_first=self.cmap.day_first)
        except Unplaced as exc:
            hint = ("set `day_first: true` in the map if the sheet writes days first"
                    if "could be" in str(exc) else "write it as 2013-11-22, 22.11.2013, 22 November 2013, Nov 2013 "
                                                   "or 2013")
            self.unplaced(self.header(name), str(exc), hint)
            return None


def _yaml_key(text: str) -> str:
    from pp_cli.importing.mapping import _yaml_text

    return _yaml_text(text)


class Planner:
    """Works through the rows in order; each row sees what earlier rows planned."""

    def __init__(self, kb: KnowledgeBase, cmap: ColumnMap, sheet: Sheet) -> None:
        self.kb = kb
        self.cmap = cmap
        self.sheet = sheet
        self.plan = Plan()
        self.people = People.of(kb.prisoners.values())
        self.taken_ids = set(kb.prisoners) | {f for p in kb.prisoners.values() for f in p.former_ids}
        self.taken_events = set(kb.events) | {f for e in kb.events.values() for f in e.former_ids}
        self.events_of: dict[str, list[dict[str, Any]]] = {}  # person → events as plain data (old and planned)
        self.namesakes = self._namesakes()
        self.source = cmap.source.model_dump(mode="json", exclude_none=True)
        self._mapped_headers = {h for hs in cmap.columns.values() for h in hs}

    # ------------------------------------------------------------------ people

    def _namesakes(self) -> dict[str, set[str]]:
        """Names (skeletons) that this sheet gives to people with different patronymics."""
        seen: dict[str, set[str]] = {}
        for _number, row_cells in self.sheet.rows:
            row = Row(0, row_cells, self.cmap, [])
            names = self._names(row)
            patronymic = self._parts(row, names).get("patronymic")
            if not patronymic:
                continue
            for name in names:
                seen.setdefault(skeleton(name), set()).add(skeleton(patronymic))
        return {k: v for k, v in seen.items() if len(v) > 1}

    def _names(self, row: Row) -> list[str]:
        names = [n for n in (row.text("name"), row.text("native_name")) if n]
        names += [item for _h, item in row.texts("other_names")]
        return list(dict.fromkeys(names))

    def _parts(self, row: Row, names: list[str]) -> dict[str, str]:
        given = {k: row.text(k) for k in ("given_name", "patronymic", "surname")}
        found = {k: v for k, v in given.items() if v}
        if not found:
            for name in names:
                parts = cells.name_parts(name)
                if parts.patronymic:
                    return {"given_name": parts.given, "patronymic": parts.patronymic, "surname": parts.surname}
        return found

    def _probe(self, row: Row, name: str, parts: dict[str, str]) -> Prisoner:
        """The row as a person, for ruling candidates out."""
        data: dict[str, Any] = {"id": "row", "name": name, "country": "XX", **parts}
        gender = row.text("gender")
        if gender:
            g = Row(row.number, row.cells, row.cmap, []).mapped("gender", gender, row.header("gender"))
            if g:
                data["gender"] = g
        born = row.date("born") if row.text("born") else None
        if born:
            data["born"] = str(born)
        try:
            return Prisoner.model_validate(data)
        except Exception:  # noqa: BLE001 - an odd part; ruling out then rests on the rest
            return Prisoner.model_validate({"id": "row", "name": name, "country": "XX"})

    def person_for(self, row: Row, names: list[str], parts: dict[str, str]) -> tuple[str | None, Prisoner | None,
                                                                                    list[Prisoner]]:
        """(id, existing person or None for a new one, people ruled out); id None when uncertain (reported)."""
        name = names[0]
        given_id = row.text("id")
        if given_id:
            from pp_cli.scaffold import SLUG

            if not SLUG.match(given_id):
                row.unplaced(row.header("id"), f"`{given_id}` is not a pp id", "ids look like nijat-aliyev")
                return None, None, []
            return given_id, self.people.by_id.get(given_id), []
        for n in names:
            chosen = self.cmap.match.get(value_key(n))
            if chosen:
                person = self.people.by_id.get(chosen)
                if person is None:  # a new person, whom the map says is none of the candidates
                    kept, ruled = self.people.candidates(names, self._probe(row, name, parts))
                    return chosen, None, [p for p in [*(c.person for c in kept), *ruled] if p.id != chosen]
                return chosen, person, []
        kept, ruled = self.people.candidates(names, self._probe(row, name, parts))
        same = [c for c in kept if c.verdict == "same"]
        if len(same) == 1 and not self._namesake_risk(names, parts, same[0]):
            return same[0].person.id, same[0].person, ruled
        if kept:
            self._uncertain(row, name, kept, names, parts)
            return None, None, []
        return self._new_id(name, names, parts), None, ruled

    def _namesake_risk(self, names: list[str], parts: dict[str, str], candidate: Candidate) -> bool:
        """The sheet has several people of this name, and the person matched has no patronymic to tell them apart."""
        if getattr(candidate.person, "patronymic", None):
            return False
        if candidate.person.id in self.plan.people and self.plan.people[candidate.person.id].existing is None:
            return False
        return any(skeleton(n) in self.namesakes for n in names) and bool(parts.get("patronymic"))

    def _uncertain(self, row: Row, name: str, kept: list[Candidate], names: list[str], parts: dict[str, str]) -> None:
        who = "; ".join(f"{c.person.id} ({c.person.name}, {'same name' if c.verdict == 'same' else 'similar name'})"
                        for c in kept)
        key = next((n for n in names if cells.name_parts(n).patronymic), None) or name
        free = self._new_id(name, names, parts, reserve=False)
        options = " or ".join(f"{_yaml_key(key)}: {c.person.id}" for c in kept[:2])
        self.plan.findings.append(Finding(
            "uncertain", row.number, row.header("name"),
            f"`{name}` may be {who}; the row was not imported",
            f"say who it is in the map's `match:` ({options}), or {_yaml_key(key)}: {free} for a new person",
        ))

    def _new_id(self, name: str, names: list[str], parts: dict[str, str], *, reserve: bool = True) -> str | None:
        from pp_cli.scaffold import slugify

        options = [slugify(name)]
        fuller = next((n for n in names if cells.name_parts(n).patronymic), None)
        if fuller:
            options.append(slugify(fuller))
        base = options[0] or "person"
        options += [f"{base}-{i}" for i in range(2, 1000)]
        for option in options:
            if option and option not in self.taken_ids:
                if reserve:
                    self.taken_ids.add(option)
                return option
        return None

    # ------------------------------------------------------------------ a row

    def add_row(self, number: int, row_cells: dict[str, str]) -> None:
        self.plan.rows += 1
        row = Row(number, row_cells, self.cmap, self.plan.findings)
        if row_cells.get(""):
            row.unplaced(None, f"text under no known column header: `{row_cells['']}`",
                         "give the column a header, or remove the text")
        for header in self.sheet.headers:
            if header not in self._mapped_headers and not cells.is_empty(row_cells.get(header, "")):
                self._unmapped.setdefault(header, []).append(number)
        names = self._names(row)
        if not names:
            used = [h for h in self._mapped_headers if not cells.is_empty(row_cells.get(h, ""))]
            if used:
                row.unplaced(self.cmap.columns["name"][0], "the row has no name, so its other cells were not imported "
                             f"({', '.join(used)})", "fill in the name, or delete the row")
            return
        parts = self._parts(row, names)
        pid, existing, ruled = self.person_for(row, names, parts)
        if pid is None:
            return
        if existing is not None and pid not in self.plan.people:
            self.plan.matched += 1
        plan = self.plan.people.get(pid)
        if plan is None:
            plan = PersonPlan(pid, existing, {} if existing else self._new_person(pid, names[0]))
            self.plan.people[pid] = plan
        plan.rows.append(number)
        self.taken_ids.add(pid)
        for other in ruled:
            if other.id != pid and other.id not in self._items(plan, "distinct_from") and \
                    pid not in getattr(other, "distinct_from", ()):
                self._add_item(plan, "distinct_from", other.id, f"not the same person as {other.id}")
        self._person_facts(row, plan, names, parts)
        self.people.put(self._current(plan))
        self._events(row, plan)

    _unmapped: dict[str, list[int]]

    def run(self, progress: Callable[[int, int], None] | None = None) -> Plan:
        self._unmapped = {}
        total = len(self.sheet.rows)
        for done, (number, row_cells) in enumerate(self.sheet.rows, 1):
            self.add_row(number, row_cells)
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
        for header, rows in self._unmapped.items():
            shown = ", ".join(str(r) for r in rows[:8]) + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")
            self.plan.findings.append(Finding(
                "unplaced", None, header,
                f"column `{header}` is not in the map, so its values were not imported (rows {shown})",
                "map it under `columns:` (unused fields: "
                f"{', '.join(f for f in FIELDS if f not in self.cmap.columns)}), or ignore this"))
        return self.plan

    # ------------------------------------------------------------------ person facts

    def _new_person(self, pid: str, name: str) -> dict[str, Any]:
        return {"id": pid, "name": name, "country": self.cmap.country, "sources": [dict(self.source)]}

    def _current(self, plan: PersonPlan) -> Prisoner:
        """The person as they will be after the plan (for matching later rows)."""
        if plan.existing is None:
            data = {**plan.data}
            data.setdefault("country", "XX")
            data["country"] = data["country"] or "XX"
        else:
            data = plan.existing.model_dump(mode="json", exclude_defaults=True)
            data.update(plan.data)
            for key, items in plan.lists.items():
                data[key] = [*data.get(key, []), *items]
        try:
            return Prisoner.model_validate(data)
        except Exception:  # noqa: BLE001 - invalid values are reported when the record is written
            return plan.existing or Prisoner.model_validate({"id": plan.id, "name": data["name"], "country": "XX"})

    def _value(self, plan: PersonPlan, key: str) -> Any:
        if key in plan.data:
            return plan.data[key]
        if plan.existing is not None:
            value = getattr(plan.existing, key, None)
            return value.value if hasattr(value, "value") else (str(value) if value is not None and key in (
                "born", "status_as_of") else value)
        return None

    def _set(self, row: Row, plan: PersonPlan, key: str, value: Any, column: str | None, what: str) -> None:
        current = self._value(plan, key)
        if current is None or current == []:
            plan.data[key] = value
            plan.facts.append(what)
        elif key == "born" and PartialDate.parse(current).lo <= PartialDate.parse(value).hi and \
                PartialDate.parse(value).lo <= PartialDate.parse(current).hi:
            return  # 1984 and 1984-06-12 may be the same day
        elif (fold(str(current)) if isinstance(current, str) else current) != (
                fold(str(value)) if isinstance(value, str) else value):
            self.plan.findings.append(Finding(
                "conflict", row.number, column,
                f"{plan.id}: the sheet says {key} `{value}`, the record says `{current}`; left as it is",
                "if the sheet is right, correct the record by hand (keep the other claim under `disputed`)"))

    def _items(self, plan: PersonPlan, key: str) -> list[Any]:
        have = list(plan.data.get(key, []))
        if plan.existing is not None:
            have += [v.model_dump(mode="json", exclude_none=True) if hasattr(v, "model_dump") else
                     (v.value if hasattr(v, "value") else v) for v in getattr(plan.existing, key, [])]
            have += plan.lists.get(key, [])
        return have

    def _add_item(self, plan: PersonPlan, key: str, item: Any, what: str) -> None:
        if plan.existing is None:
            plan.data.setdefault(key, []).append(item)
        else:
            plan.lists.setdefault(key, []).append(item)
        plan.facts.append(what)

    def _person_facts(self, row: Row, plan: PersonPlan, names: list[str], parts: dict[str, str]) -> None:
        person_names = {value_key(n) for n in self._names_of(plan)}
        for n in names:
            if value_key(n) not in person_names and n != row.text("native_name"):
                note = f"as written in {self.cmap.source.title}"[:500]
                self._add_item(plan, "other_names", {"name": n, "note": note}, f"other name {n}")
                person_names.add(value_key(n))
        native = row.text("native_name")
        if native and value_key(native) not in {value_key(n) for n in self._names_of(plan, native_too=False)}:
            self._set(row, plan, "native_name", native, row.header("native_name"), f"native name {native}")
        for key, value in parts.items():
            if key in ("given_name", "patronymic", "surname") and value:
                column = row.header(key) if key in self.cmap.columns else row.header("name")
                self._set(row, plan, key, value, column, f"{key.replace('_', ' ')} {value}")
        gender = row.text("gender")
        if gender:
            mapped = row.mapped("gender", gender, row.header("gender"))
            if mapped:
                self._set(row, plan, "gender", mapped, row.header("gender"), f"gender {mapped}")
        born = row.date("born")
        if born:
            self._set(row, plan, "born", str(born), row.header("born"), f"born {born}")
        country = row.text("country")
        if country:
            code = self.cmap.values.get("country", {}).get(value_key(country), country).upper()
            if len(code) == 2 and code.isalpha():
                self._set(row, plan, "country", code, row.header("country"), f"country {code}")
            else:
                row.unplaced(row.header("country"), f"`{country}` is not a two-letter country code",
                             f"map it in values: {{country: {{{_yaml_key(country)}: AZ}}}}")
        elif plan.existing is None and not plan.data.get("country"):
            row.unplaced(None, f"no country for {plan.id}", "set `country:` in the map, or map a country column")
        for header, item in row.texts("roles"):
            role = row.mapped("roles", item, header)
            if role and role not in self._items(plan, "roles"):
                self._add_item(plan, "roles", role, f"role {role}")
        for header, item in row.texts("affiliations"):
            org = self.cmap.values.get("affiliations", {}).get(value_key(item), item)
            if org not in self.kb.organizations:
                row.unplaced(header, f"`{item}` is not an organization in the knowledge base",
                             "add it with `pp new organization`, or map the name to its id in "
                             f"values: {{affiliations: {{{_yaml_key(item)}: its-id}}}}")
            elif org not in [a if isinstance(a, str) else a.get("org") for a in self._items(plan, "affiliations")]:
                self._add_item(plan, "affiliations", {"org": org}, f"affiliation {org}")
        status = row.text("status")
        if status:
            self._status(row, plan, status)
        summary = row.text("summary")
        if summary:
            self._set(row, plan, "summary", summary, row.header("summary"), "summary")
        if self.cmap.recognition:
            rec = {k: v for k, v in self.cmap.recognition.items() if v is not None}
            have = [(r.get("by"), str(r.get("date"))) for r in self._items(plan, "recognitions")]
            if (rec["by"], str(rec.get("date"))) not in have:
                self._add_item(plan, "recognitions", {**rec, "sources": [dict(self.source)]},
                               f"recognised by {rec['by']}")
        notes = row.text("notes")
        cited = [s for s in self._items(plan, "sources") if s.get("url") == self.source["url"]]
        if plan.existing is None:
            if notes and not plan.data["sources"][0].get("quote"):
                plan.data["sources"][0]["quote"] = notes
        elif plan.facts and not cited:
            self._add_item(plan, "sources", {**self.source, **({"quote": notes} if notes else {})},
                           f"source {self.source['url']}")
        elif notes and not cited:
            pass  # nothing new about the person: the list's words alone do not make an edit

    def _names_of(self, plan: PersonPlan, native_too: bool = True) -> list[str]:
        names = []
        if plan.existing is not None:
            names = plan.existing.all_names() if native_too else [plan.existing.name,
                                                                  *(o.name for o in plan.existing.other_names)]
        data_names = [plan.data.get("name"), plan.data.get("native_name") if native_too else None]
        names += [n for n in data_names if n]
        names += [o["name"] for o in plan.data.get("other_names", []) + plan.lists.get("other_names", [])]
        return names

    def _status(self, row: Row, plan: PersonPlan, text: str) -> None:
        status = row.mapped("status", text, row.header("status"))
        if status is None:
            return
        events = self._events_of(plan.id)
        deciding = [e for e in events if e.get("status_effect")]
        if deciding or row.text("arrested") or row.text("sentence"):
            derived = deciding[-1]["status_effect"] if deciding else None
            if derived and derived != status:
                self.plan.findings.append(Finding(
                    "conflict", row.number, row.header("status"),
                    f"{plan.id}: the sheet says `{status}`, the events say `{derived}`; status left to the events",
                    "add the event that changed the status (release, transfer, …) with its source"))
            return  # events decide the status
        self._set(row, plan, "status", status, row.header("status"), f"status {status}")
        if self.cmap.source.published and (plan.existing is None or plan.existing.status_as_of is None):
            self._set(row, plan, "status_as_of", str(self.cmap.source.published), row.header("status"),
                      f"status as of {self.cmap.source.published}")

    # ------------------------------------------------------------------ events

    def _events_of(self, pid: str) -> list[dict[str, Any]]:
        """The person's events as plain data (type, date, articles, sentence, facility, status effect)."""
        if pid not in self.events_of:
            from pp_cli.vocab import STATUS_EFFECT

            found = []
            for e in self.kb.events_of(pid):
                effect = e.status_after or (STATUS_EFFECT.get(e.type, (None,))[0])
                found.append({
                    "id": e.id, "type": e.type, "date": e.date, "articles": {c.article for c in e.charges if c.article},
                    "sentence": e.sentence, "facility": e.facility,
                    "status_effect": effect.value if effect else None,
                })
            self.events_of[pid] = found
        return self.events_of[pid]

    def _by_published(self, row: Row, what: str, column: str) -> PartialDate | None:
        published = self.cmap.source.published
        if published is None:
            row.unplaced(column, f"no date for the {what}: the sheet gives none and the map's source has no "
                                 "`published` date", "add `published:` to the map's source")
            return None
        return PartialDate.parse(f"by {published}")

    def _event(self, plan: PersonPlan, rows: list[int], data: dict[str, Any], note: dict[str, Any]) -> None:
        from pp_cli.scaffold import event_id

        base = event_id(data["date"], data["title"])
        eid, n = base, 2
        while eid in self.taken_events:
            eid, n = f"{base}-{n}", n + 1
        self.taken_events.add(eid)
        data = {"id": eid, "date": str(data["date"]), **{k: v for k, v in data.items() if k != "date"},
                "sources": [dict(self.source)]}
        self.plan.events.append(EventPlan(data, rows))
        self._events_of(plan.id).append({"id": eid, **note})
        plan.facts.append(f"event {eid}")

    def _events(self, row: Row, plan: PersonPlan) -> None:
        name = self._value(plan, "name")
        facility = row.text("facility")
        arrested = row.date("arrested")
        if arrested:
            arrests = [e for e in self._events_of(plan.id) if e["type"] in ARREST_TYPES]
            if not any(e["date"].lo <= arrested.hi and arrested.lo <= e["date"].hi for e in arrests):
                if arrests:
                    shown = ", ".join(f"{e['date']} ({e['id']})" for e in arrests)
                    self.plan.findings.append(Finding(
                        "conflict", row.number, row.header("arrested"),
                        f"{plan.id}: the sheet's arrest on {arrested} is not the recorded arrest on {shown}; "
                        "not imported", "if it is another arrest, or the sources disagree, add it by hand "
                        "(a disagreement goes under `disputed`)"))
                else:
                    self._event(plan, [row.number], {"date": arrested, "type": "arrest", "title": f"{name} arrested",
                                                     "people": [plan.id]},
                                {"type": EventType.arrest, "date": arrested, "articles": set(), "sentence": None,
                                 "facility": None, "status_effect": "detained"})
        self._charges(row, plan, name)
        self._sentence(row, plan, name)
        if facility:
            facility = self.cmap.values.get("facility", {}).get(value_key(facility), facility)
            known = {value_key(e["facility"]) for e in self._events_of(plan.id) if e.get("facility")}
            if value_key(facility) not in known:
                when = self._by_published(row, "place of detention", row.header("facility"))
                if when:
                    self._event(plan, [row.number], {"date": when, "type": "other",
                                                     "title": f"{name} held at {facility}", "people": [plan.id],
                                                     "facility": facility},
                                {"type": EventType.other, "date": when, "articles": set(), "sentence": None,
                                 "facility": facility, "status_effect": None})

    def _charges(self, row: Row, plan: PersonPlan, name: str) -> None:
        text = row.text("charges")
        if not text:
            return
        try:
            found = cells.articles(text)
        except Unplaced as exc:
            row.unplaced(row.header("charges"), str(exc), "write article numbers such as 234.4.3, separated by ; or ,")
            return
        have = {a for e in self._events_of(plan.id) for a in e["articles"]}
        new = [a for a in found if a not in have]
        if not new:
            return
        categories = [(h, c) for h, c in row.texts("charge_categories")]
        charges = []
        for i, article in enumerate(found):
            if article not in new:
                continue
            if len(categories) == 1:
                header, raw = categories[0]
            elif len(categories) == len(found):
                header, raw = categories[i]
            else:
                row.unplaced(row.header("charges"), f"article {article} has no charge category, so it was not imported",
                             "add a charge_categories column (one category, or one per article) or map its values")
                continue
            category = row.mapped("charge_categories", raw, header)
            if category is None:
                continue
            charges.append({"article": article, "description": f"Article {article} of the criminal code",
                            "category": category})
        if not charges:
            return
        when = row.date("charged") or self._by_published(row, "charges", row.header("charges"))
        if when is None:
            return
        articles = ", ".join(c["article"] for c in charges)
        self._event(plan, [row.number], {"date": when, "type": "charged",
                                         "title": f"{name} charged under article{'s' if len(charges) > 1 else ''} "
                                                  f"{articles}", "people": [plan.id], "charges": charges},
                    {"type": EventType.charged, "date": when, "articles": {c["article"] for c in charges},
                     "sentence": None, "facility": None, "status_effect": None})

    def _sentence(self, row: Row, plan: PersonPlan, name: str) -> None:
        text = row.text("sentence")
        if not text:
            return
        try:
            parsed = cells.sentence(text)
        except Unplaced as exc:
            row.unplaced(row.header("sentence"), str(exc))
            return
        recorded = [e for e in self._events_of(plan.id) if e["type"] in SENTENCE_TYPES and e["sentence"] is not None]
        for e in recorded:
            s = e["sentence"]
            years = s.years if hasattr(s, "years") else s.get("years")
            description = s.description if hasattr(s, "description") else s.get("description", "")
            life = "life" in str(description).lower()
            if (parsed.life and life) or (years is not None and parsed.years is not None and
                                          abs(years - parsed.years) < 0.01):
                return
        if recorded:
            shown = ", ".join(e["id"] for e in recorded)
            self.plan.findings.append(Finding(
                "conflict", row.number, row.header("sentence"),
                f"{plan.id}: the sheet's sentence `{text}` differs from the one recorded ({shown}); not imported",
                "if an appeal changed it, add an appeal_ruling event by hand"))
            return
        when = row.date("sentenced") or self._by_published(row, "sentence", row.header("sentence"))
        if when is None:
            return
        sentence: dict[str, Any] = {"description": "life imprisonment" if parsed.life else parsed.description}
        if parsed.years is not None:
            sentence["years"] = parsed.years
        if parsed.suspended:
            sentence["suspended"] = True
        kind = "sentence_suspended" if parsed.suspended else "sentenced"
        self._event(plan, [row.number], {"date": when, "type": kind, "title": f"{name} sentenced to {text}"[:200],
                                         "people": [plan.id], "sentence": sentence},
                    {"type": EventType(kind), "date": when, "articles": set(), "sentence": sentence,
                     "facility": None, "status_effect": "released" if parsed.suspended else "detained"})


def make_plan(kb: KnowledgeBase, cmap: ColumnMap, sheet: Sheet,
              progress: Callable[[int, int], None] | None = None) -> Plan:
    return Planner(kb, cmap, sheet).run(progress)


__all__ = ["Finding", "Plan", "PersonPlan", "EventPlan", "make_plan", "LIST_FIELDS"]
