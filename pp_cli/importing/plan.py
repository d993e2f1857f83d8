"""From rows to a plan: which people and events to create, which records to add to, what to report.

A row is matched to a person (`matching`), then each of its facts is
compared with what the knowledge base (and the rows before it) already hold.
A fact already there is not written again, whoever wrote it: that is what
makes a second run of the same import change nothing. The key of a fact:

* a name: its exact spelling (case and spacing aside) among the person's names;
* a field such as gender or born: the field (a different value already there
  is a conflict, reported and left alone);
* a role or affiliation: the value; a recognition: the list (or `by`) and
  its edition (or date); another number or section in the same edition is a
  conflict;
* an arrest: an arrest, detention or pretrial detention of the person whose
  date may be the same day (`2013-11` may be `2013-11-22`); an arrest whose
  dates cannot meet is a conflict, reported, since it may be another arrest
  or a disagreement between sources, which only a person can tell;
* a charge: the article (and the code's edition, where both say one), among
  all the person's charges; the same article with another qualifier
  (attempt, preparation) is a conflict;
* a sentence: a sentence of the same kind and length, among all the
  person's sentences (commuted and reduced ones too); another one is a
  conflict (an appeal may have changed it);
* a place of detention: the facility where the person is held already
  (`facilities.held_at`); another facility on the record, or on a later
  event, is a conflict.

Facts the sheet gives without a date (charges, sentence) are dated `by` the
source's publication date, which is exactly what a list says: by the day it
was published, this was so. A place of detention is the person's `facility`
as of that date.

Charges are one per article (`cells.charges`): "28, 214.2.1" is one charge
of 214.2.1 qualified by article 28. The code's registry (data/codes/) then
describes each article; the sheet's category only fills in what the
registry lacks, and is never written over the registry's. An article the
registry does not have is imported only when the sheet says what it is (a
category, and a description in brackets: `221.3 (hooliganism)`), and is
reported for a person to add to the registry; without those it is reported,
not invented.

Rows that give one case and one verdict date make one verdict event, each
defendant with their own term (`sentences`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from pp_cli.dates import PartialDate
from pp_cli.importing import cells
from pp_cli.importing.cells import Unplaced
from pp_cli.importing.mapping import FIELDS, LIST_FIELDS, NOUNS, ColumnMap, value_key, vocabularies
from pp_cli.importing.matching import Candidate, People
from pp_cli.importing.places import Places, kind_of
from pp_cli.importing.sheet import Sheet
from pp_cli.kb import KnowledgeBase
from pp_cli.models import CriminalCode, Organization, Prisoner, Sentence
from pp_cli.names import fold, skeleton
from pp_cli.vocab import ARREST_TYPES, FACILITY_KINDS, EventType

SENTENCE_TYPES = frozenset({EventType.verdict, EventType.sentenced, EventType.appeal_ruling,
                            EventType.sentence_suspended, EventType.sentence_commuted, EventType.sentence_reduced})
_SECTION_ROW = re.compile(r"^(?:section|раздел|bölmə)?\s*([A-Z]{1,2}|[IVXL]{1,5}|\d{1,2})\s*[.)]\s*(?:\S.*)?$",
                          re.IGNORECASE)
_LIST_PLACE = re.compile(r"^(?:no\.?|№)?\s*(?:([A-Za-z]{1,2}|[IVXL]{1,5})\s*[.\-/ ]\s*)?(\d{1,5})\s*[.)]?$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """Something a person must look at: a value not placed, an uncertain match, a conflict."""

    kind: str  # "unplaced", "uncertain", "conflict", "check" (imported, but a person should look: an article
    #           the code's registry lacks)
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
class OrgPlan:
    """A facility the map lets the import create (`create_facilities: true`)."""

    data: dict[str, Any]
    rows: list[int]

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class Plan:
    people: dict[str, PersonPlan] = field(default_factory=dict)
    events: list[EventPlan] = field(default_factory=list)
    organizations: list[OrgPlan] = field(default_factory=list)
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

    def cells_of(self, name: str) -> list[tuple[str, str]]:
        """(header, text) of each of the field's columns that is not empty."""
        found = []
        for header in self.cmap.columns.get(name, ()):
            value = " ".join(self.cells.get(header, "").split())
            if value and not cells.is_empty(value):
                found.append((header, value))
        return found

    def unplaced(self, column: str | None, message: str, hint: str | None = None) -> None:
        finding = Finding("unplaced", self.number, column, message, hint)
        if finding not in self.findings[-8:]:  # a cell read twice (to match, then to import) is reported once
            self.findings.append(finding)

    def mapped(self, name: str, value: str, header: str) -> str | None:
        """A cell value through `values:`, checked against pp's vocabulary; None (reported) if unknown."""
        table = self.cmap.values.get(name, {})
        result = table.get(value_key(value), value)
        vocab = vocabularies().get(name)
        if vocab is None:
            return result
        folded = result.strip().lower().replace(" ", "_").replace("-", "_")
        if folded in vocab.__members__:
            return folded
        self.unplaced(header, f"`{value}` is not a {NOUNS[name]} pp knows",
                      f"map it in the map's values: {{{name}: {{{_yaml_key(value)}: …}}}} "
                      f"(one of {', '.join(vocab.__members__)})")
        return None

    def date(self, name: str) -> PartialDate | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return cells.parse_date(text, day_first=self.cmap.day_first, context=self.cmap.source.published)
        except Unplaced as exc:
            if "could be" in str(exc):
                hint = "set `day_first: true` in the map if the sheet writes days first"
            elif "has no year" in str(exc):
                hint = "add the source's `published` date to the map: a day and month are read against it"
            else:
                hint = ("write it as 2013-11-22, 22.11.2013, 22 November 2013, Nov 2013, 2013, "
                        "13-18 January 2014 or around 2014")
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
        self.places = Places(kb.organizations)
        self.section: str | None = None  # the list section the last section-title row began
        self.verdicts: dict[tuple[str, str], EventPlan] = {}  # (case, verdict date) → the one verdict event

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
        names = self._names(row)
        if not names and self.cmap.section_rows and self._section_row(row_cells):
            return
        for header in self.sheet.headers:
            if header not in self._mapped_headers and not cells.is_empty(row_cells.get(header, "")):
                self._unmapped.setdefault(header, []).append(number)
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
            plan = PersonPlan(pid, existing, {} if existing else self._new_person(pid, names[0], row))
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
        self._finish_verdicts()
        for header, rows in self._unmapped.items():
            shown = ", ".join(str(r) for r in rows[:8]) + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")
            self.plan.findings.append(Finding(
                "unplaced", None, header,
                f"column `{header}` is not in the map, so its values were not imported (rows {shown})",
                "map it under `columns:` (unused fields: "
                f"{', '.join(f for f in FIELDS if f not in self.cmap.columns)}), or ignore this"))
        return self.plan

    # ------------------------------------------------------------------ person facts

    def _new_person(self, pid: str, name: str, row: Row) -> dict[str, Any]:
        """A new person's record, with the row's country where it gives one (else the map's)."""
        country = self.cmap.country
        given = row.text("country")
        if given:
            code = self.cmap.values.get("country", {}).get(value_key(given), given).upper()
            country = code if len(code) == 2 and code.isalpha() else country  # else reported below
        return {"id": pid, "name": name, "country": country, "sources": [dict(self.source)]}

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
            self._recognition(row, plan)
        self._facility(row, plan)
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

    def _section_row(self, row_cells: dict[str, str]) -> bool:
        """A section-title row ("A. Journalists and bloggers"): it begins the list section of the rows below."""
        filled = [v for v in row_cells.values() if not cells.is_empty(v)]
        match = _SECTION_ROW.match(" ".join(filled[0].split())) if len(filled) == 1 else None
        if match:
            self.section = match[1].upper()
        return match is not None

    def _recognition(self, row: Row, plan: PersonPlan) -> None:
        """The map's list recognises the person, at the place in it the row gives (`A.3`)."""
        assert self.cmap.recognition is not None
        rec = {k: v for k, v in self.cmap.recognition.items() if v is not None}
        section, number = self.section if self.cmap.section_rows else None, None
        text = row.text("list_number")
        if text:
            match = _LIST_PLACE.match(text)
            if match:
                section, number = (match[1].upper() if match[1] else section), match[2]
            else:
                row.unplaced(row.header("list_number"), f"`{text}` is not a number in the list",
                             "the list_number column holds numbers like 3 or A.3")
        given = row.text("list_section")
        if given:
            section = self.cmap.values.get("list_section", {}).get(value_key(given), given)
        if section:
            rec["section"] = section
        if number:
            rec["number"] = number
        kind = row.text("list_kind")
        if kind:
            mapped = row.mapped("list_kind", kind, row.header("list_kind"))
            if mapped:
                rec["kind"] = mapped
        label = rec.get("list") or rec["by"]
        when = str(rec.get("edition") or rec.get("date"))
        have = [r for r in self._items(plan, "recognitions")
                if (r.get("list") or r.get("by")) == label and str(r.get("edition") or r.get("date")) == when]
        if not have:
            place = ".".join(str(rec[k]) for k in ("section", "number") if k in rec)
            self._add_item(plan, "recognitions", {**rec, "sources": [dict(self.source)]},
                           f"recognised by {rec['by']}" + (f" ({place})" if place else ""))
            return
        columns = {"section": "list_section", "number": "list_number", "kind": "list_kind"}
        for key, field_name in columns.items():
            old = have[0].get(key)
            if key in rec and old is not None and str(old) != str(rec[key]):
                self.plan.findings.append(Finding(
                    "conflict", row.number, row.header(field_name) if field_name in self.cmap.columns else None,
                    f"{plan.id}: the sheet gives {key} `{rec[key]}` in {label} {when}, the record `{old}`; "
                    "left as it is", "correct the record by hand if the sheet is right"))

    def _facility(self, row: Row, plan: PersonPlan) -> None:
        """The person's place of detention as of the source's date, as a facility organization."""
        text = row.text("facility")
        if not text:
            return
        header = row.header("facility")
        wanted = self.cmap.values.get("facility", {}).get(value_key(text), text)
        found = self.places.find(wanted)
        if len(found) > 1:
            row.unplaced(header, f"`{text}` may be any of {', '.join(o.id for o in found)}",
                         f"say which in the map: values: {{facility: {{{_yaml_key(text)}: {found[0].id}}}}}")
            return
        org = found[0] if found else self._new_facility(row, plan, text, header)
        if org is None:
            return
        published = self.cmap.source.published
        if published is None:
            row.unplaced(header, "no date for the place of detention: the map's source has no `published` date",
                         "add `published:` to the map's source")
            return
        declared = self._value(plan, "facility")
        if declared:
            if org.id not in {o.id for o in self.places.find(declared)}:
                self.plan.findings.append(Finding(
                    "conflict", row.number, header,
                    f"{plan.id}: the sheet says held at {org.name}, the record says `{declared}`; left as it is",
                    "if the person was moved, add a transfer event with its source"))
            return
        if plan.existing is not None:
            from pp_cli.facilities import held_at

            held = held_at(plan.existing, self.kb.events_of(plan.id), self.places.organizations)
            if held is not None and held.org == org.id:
                return
            if held is not None and held.as_of.sort_key() >= published.sort_key():
                self.plan.findings.append(Finding(
                    "conflict", row.number, header,
                    f"{plan.id}: the sheet says held at {org.name} as of {published}, but {held.event or 'the record'} "
                    f"says {held.place} as of {held.as_of}; left as it is",
                    "if the sources disagree, record it under `disputed`"))
                return
        self._set(row, plan, "facility", org.id, header, f"held at {org.id}")
        self._set(row, plan, "facility_as_of", str(published), header, f"as of {published}")

    def _new_facility(self, row: Row, plan: PersonPlan, text: str, header: str) -> Organization | None:
        """A new facility organization for `text` (`create_facilities: true`), or None (reported)."""
        kinds = ", ".join(sorted(k.value for k in FACILITY_KINDS))
        if not self.cmap.create_facilities:
            row.unplaced(header, f"`{text}` is not a place of detention in the knowledge base",
                         f"add it as an organization ({kinds}) with this spelling among its other_names, map the "
                         f"spelling to its id (values: {{facility: {{{_yaml_key(text)}: its-id}}}}), or set "
                         "`create_facilities: true`")
            return None
        kind = kind_of(text)
        if kind is None:
            row.unplaced(header, f"`{text}`: its name does not say whether it is a prison, a pre-trial detention "
                         "centre or a police station, so it was not created",
                         f"add it by hand as an organization ({kinds}), or map the spelling to its id in values")
            return None
        from pp_cli.scaffold import slugify

        base = slugify(text) or "facility"
        oid, n = base, 2
        while oid in self.places.organizations:
            oid, n = f"{base}-{n}", n + 1
        data: dict[str, Any] = {"id": oid, "name": text, "type": kind.value}
        country = self._value(plan, "country") or self.cmap.country
        if country:
            data["country"] = country
        data["sources"] = [dict(self.source)]
        try:
            org = Organization.model_validate(data)
        except ValidationError as exc:
            row.unplaced(header, f"`{text[:80]}` cannot be a facility's name: {_first_error(exc)}")
            return None
        self.places.add(org)
        self.plan.organizations.append(OrgPlan(data, [row.number]))
        return org

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
        """The person's events as plain data (type, date, charges, sentence, status effect), old and planned."""
        if pid not in self.events_of:
            from pp_cli.charges import resolve
            from pp_cli.vocab import STATUS_EFFECT

            found = []
            for e in self.kb.events_of(pid):
                effect = e.status_after or (STATUS_EFFECT.get(e.type, (None,))[0])
                charges = []
                for c in e.charges_of(pid):
                    if c.article:
                        r = resolve(self.kb, c, e)
                        charges.append(ChargeKey(c.article, r.edition, c.qualifier_article, e.id, r.category))
                found.append({"id": e.id, "type": e.type, "date": e.date, "charges": charges,
                              "sentence": e.sentence_of(pid), "status_effect": effect.value if effect else None})
            self.events_of[pid] = found
        return self.events_of[pid]

    def _by_published(self, row: Row, what: str, column: str) -> PartialDate | None:
        published = self.cmap.source.published
        if published is None:
            row.unplaced(column, f"no date for the {what}: the sheet gives none and the map's source has no "
                                 "`published` date", "add `published:` to the map's source")
            return None
        return PartialDate.parse(f"by {published}")

    def _event(self, plan: PersonPlan, rows: list[int], data: dict[str, Any], note: dict[str, Any]) -> EventPlan:
        from pp_cli.scaffold import event_id

        start = data["date"].start  # a range's or an approximate date's plain first day names the file
        base = event_id(PartialDate(start.year, start.month, start.day), data["title"])
        eid, n = base, 2
        while eid in self.taken_events:
            eid, n = f"{base}-{n}", n + 1
        self.taken_events.add(eid)
        data = {"id": eid, "date": str(data["date"]), **{k: v for k, v in data.items() if k != "date"},
                "sources": [dict(self.source)]}
        event = EventPlan(data, rows)
        self.plan.events.append(event)
        self._events_of(plan.id).append({"id": eid, "charges": [], "sentence": None, "status_effect": None, **note})
        plan.facts.append(f"event {eid}")
        return event

    def _case(self, row: Row) -> tuple[str | None, str | None]:
        """(the case record's id, or None; the case's name) for the row's case column."""
        text = row.text("case")
        if not text:
            return None, None
        from pp_cli.cases import find_case
        from pp_cli.errors import UsageError

        wanted = self.cmap.values.get("case", {}).get(value_key(text), text)
        try:
            case_id = find_case(self.kb, wanted)
        except UsageError as exc:
            several = "several" in exc.message
            row.unplaced(row.header("case"), f"`{text}` " + ("names several cases" if several else
                                                             "is not a case in the knowledge base") +
                         "; its rows' events were not joined to a case",
                         "add the case as data/cases/<id>.yaml (see CONTRIBUTING), or map the name to its id: "
                         f"values: {{case: {{{_yaml_key(text)}: its-id}}}}")
            return None, text
        return case_id, self.kb.cases[case_id].name

    def _events(self, row: Row, plan: PersonPlan) -> None:
        name = self._value(plan, "name")
        case_id, case_name = self._case(row)
        joined = {"case": case_id} if case_id else {}
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
                                                     "people": [plan.id], **joined},
                                {"type": EventType.arrest, "date": arrested, "status_effect": "detained"})
        self._charges(row, plan, name, joined)
        self._sentence(row, plan, name, case_id, case_name)

    # ------------------------------------------------------------------ charges

    def _registry(self, plan: PersonPlan, default: bool = False) -> CriminalCode | None:
        """The code the row's articles are of: the map's `code`, else (or with `default`) the country's registry."""
        if self.cmap.code.id and not default:
            return self.kb.codes.get(self.cmap.code.id)
        country = self._value(plan, "country") or self.cmap.country
        found = sorted((c for c in self.kb.codes.values() if c.country == country), key=lambda c: c.id)
        return found[0] if found else None

    def _charges(self, row: Row, plan: PersonPlan, name: str, joined: dict[str, Any]) -> None:
        found: list[tuple[str, cells.ChargeText, str | None]] = []  # (column, charge, edition the map or cell names)
        for header, text in row.cells_of("charges"):
            try:
                found += [(header, c, c.edition or self.cmap.code.edition_of(header)) for c in cells.charges(text)]
            except Unplaced as exc:
                row.unplaced(header, str(exc), "write article numbers such as 234.4.3, separated by `;` "
                             "(in `28, 214.2.1` article 28 qualifies 214.2.1)")
        if not found:
            return
        verdict = row.date("sentenced")  # charges come before the verdict: dated by it where the sheet gives it
        when = row.date("charged") or (_by(verdict) if verdict else None) or \
            self._by_published(row, "charges", row.header("charges"))
        if when is None:
            return
        from pp_cli.charges import resolve
        from pp_cli.models import Charge, Event

        registry = self._registry(plan)
        default = self._registry(plan, default=True)
        probe = Event.model_validate({"id": "probe", "date": str(when), "type": "charged", "title": "probe"})
        sheet = [(h, raw, row.mapped("charge_categories", raw, h)) for h, raw in row.texts("charge_categories")]
        per_charge = len(sheet) == len(found)  # one category per charge; else one for the row's charges (or none)
        own = per_charge or (len(sheet) == 1 and len(found) == 1)
        have = [c for e in self._events_of(plan.id) for c in e["charges"]]
        known: set[str] = set()  # the categories pp has for the row's articles
        pending: list[tuple[str, cells.ChargeText, dict[str, Any], Any, tuple[str, str, str | None] | None]] = []
        for i, (header, ct, edition) in enumerate(found):
            category = sheet[i] if per_charge else sheet[0] if len(sheet) == 1 else None
            if registry is not None and edition and registry.edition(edition) is None:
                row.unplaced(header, f"article {ct.article}: {registry.name} has no edition `{edition}`, so it was "
                             "not imported", "editions: " + ", ".join(e.edition for e in registry.editions))
                continue
            try:
                charge = Charge(article=ct.article, qualifier_article=ct.qualifier_article,
                                code=registry.id if registry else None, edition=edition, description=ct.description)
            except ValidationError as exc:
                row.unplaced(header, f"article `{ct.article[:60]}`: {_first_error(exc)}")
                continue
            resolved = resolve(self.kb, charge.model_copy(update={"description": None}), probe)
            recorded = next((h for h in have if h.article == ct.article and (
                h.edition is None or resolved.edition is None or h.edition == resolved.edition)), None)
            theirs = recorded.category if recorded is not None else resolved.category
            if theirs and (recorded is not None or resolved.in_registry):
                known.add(theirs)
                if own and category and category[2] and category[2] != theirs:
                    self.plan.findings.append(Finding(
                        "conflict", row.number, category[0],
                        f"{plan.id}: the sheet's category `{category[1]}` for article {ct.article} differs from "
                        f"pp's `{theirs}` (the record's, or the code registry's); left as it is",
                        "if pp is wrong, correct the record or the registry, with a source"))
            if recorded is not None:
                if recorded.qualifier_article != ct.qualifier_article:
                    self.plan.findings.append(Finding(
                        "conflict", row.number, header,
                        f"{plan.id}: the sheet's charge {_label(ct)} differs from the recorded {ct.article}"
                        f"{' with art. ' + recorded.qualifier_article if recorded.qualifier_article else ''} "
                        f"({recorded.event}); not imported", "if the sheet is right, correct the record by hand"))
                continue
            data: dict[str, Any] = {"article": ct.article}
            if ct.qualifier_article:
                data["qualifier_article"] = ct.qualifier_article
            if registry is not None and (default is None or registry.id != default.id):
                data["code"] = registry.id
            if edition:
                data["edition"] = edition
            pending.append((header, ct, data, resolved, category))
            have.append(ChargeKey(ct.article, resolved.edition, ct.qualifier_article, "this import", theirs))
        if len(sheet) == 1 and not own and sheet[0][2] and known and sheet[0][2] not in known and all(
                r.in_registry for _h, _c, _d, r, _s in pending):
            self.plan.findings.append(Finding(
                "conflict", row.number, sheet[0][0],
                f"{plan.id}: the sheet's category `{sheet[0][1]}` is none of pp's for these articles "
                f"({', '.join(sorted(known))}); left as it is", "if pp is wrong, correct the registry, with a source"))
        written = []
        for header, ct, data, resolved, category in pending:
            charge = self._charge(row, header, ct, data, resolved, category, registry, plan.id)
            if charge is not None:
                written.append((charge, resolved))
        if not written:
            return
        labels = [_label(cells.ChargeText(c["article"], c.get("qualifier_article"), None, c.get("edition")),
                         r.qualifier) for c, r in written]
        self._event(plan, [row.number], {"date": when, "type": "charged",
                                         "title": f"{name} charged under article{'s' if len(written) > 1 else ''} "
                                                  f"{', '.join(labels)}"[:200], "people": [plan.id],
                                         "charges": [c for c, _r in written], **joined},
                    {"type": EventType.charged, "date": when})

    def _charge(self, row: Row, header: str, ct: cells.ChargeText, data: dict[str, Any], resolved: Any,
                category: tuple[str, str, str | None] | None, registry: CriminalCode | None,
                pid: str) -> dict[str, Any] | None:
        """The charge as it is written, or None (reported): the registry's article, or one the sheet describes."""
        sheet_category = category[2] if category else None
        if registry is not None and ct.qualifier_article and resolved.qualifier is None:
            row.unplaced(header, f"article {ct.qualifier_article} (qualifying {ct.article}) is not a preparation, "
                         f"attempt or complicity article in {self._registry_path(registry)}, so the charge was not "
                         "imported", f"check the number; if it is right, add it to {self._registry_path(registry)} "
                         "with its `qualifier` and a source")
            return None
        if resolved.in_registry:
            return data
        where = (f"{self._registry_path(registry)} ({registry.name}, {resolved.edition} edition)"
                 if registry is not None else f"any criminal-code registry for {self._value_or_country(pid)} "
                 "(data/codes/)")
        if registry is not None and ct.description and sheet_category:
            self.plan.findings.append(Finding(
                "check", row.number, header,
                f"article {ct.article} is not in {where}; imported as the sheet describes it "
                f"({ct.description}, {sheet_category})",
                f"check the number; if it is right, add it to {self._registry_path(registry)} with a source "
                "(`pp validate` warns, PP720, until then)"))
            return {**data, "description": ct.description, "category": sheet_category}
        if registry is None and sheet_category:
            return {**data, **({"description": ct.description} if ct.description else {}), "category": sheet_category}
        if category is not None and sheet_category is None:
            return None  # the category was reported as one pp does not know
        missing = "gives no category for it" if not sheet_category else "does not say what it is"
        hint = "check the number; if it is right, add it to " + (
            f"{self._registry_path(registry)} with a source, and import again" if registry is not None else
            "a registry of that code (data/codes/<id>.yaml) with a source")
        if not sheet_category:
            hint += "; or give the sheet's charge category (columns: charge_categories)"
        elif registry is not None:
            hint += f"; or say what it is in brackets after it in the sheet: `{ct.article} (…)`"
        row.unplaced(header, f"article {ct.article} is not in {where} and the sheet {missing}, so it was not "
                     "imported", hint)
        return None

    def _registry_path(self, registry: CriminalCode) -> str:
        return self.kb.paths.get(("codes", registry.id), f"data/codes/{registry.id}.yaml")

    def _value_or_country(self, pid: str) -> str:
        plan = self.plan.people.get(pid)
        return (self._value(plan, "country") if plan else None) or self.cmap.country or "this country"

    # ------------------------------------------------------------------ sentences

    def _sentence(self, row: Row, plan: PersonPlan, name: str, case_id: str | None, case_name: str | None) -> None:
        text = row.text("sentence")
        if not text:
            return
        try:
            parsed = cells.sentence(text)
        except Unplaced as exc:
            row.unplaced(row.header("sentence"), str(exc))
            return
        record = parsed.record()
        try:
            wanted = Sentence.model_validate(record)
        except ValidationError as exc:
            row.unplaced(row.header("sentence"), f"`{text[:80]}`: {_first_error(exc)}")
            return
        recorded = [e for e in self._events_of(plan.id) if e.get("type") in SENTENCE_TYPES and e["sentence"]]
        if any(_same_sentence(e["sentence"], wanted) for e in recorded):
            return
        if recorded:
            shown = ", ".join(e["id"] for e in recorded)
            self.plan.findings.append(Finding(
                "conflict", row.number, row.header("sentence"),
                f"{plan.id}: the sheet's sentence `{text}` differs from the one recorded ({shown}); not imported",
                "if an appeal changed it, add an appeal_ruling (or sentence_reduced) event by hand"))
            return
        sentenced = row.date("sentenced")
        note = {"type": EventType.sentenced, "sentence": wanted, "status_effect": "detained"}
        if case_name and sentenced is not None and not parsed.suspended:
            self._join_verdict(row, plan, case_id, case_name, sentenced, record, note)
            return
        when = sentenced or self._by_published(row, "sentence", row.header("sentence"))
        if when is None:
            return
        kind = "sentence_suspended" if parsed.suspended else "sentenced"
        if parsed.suspended:
            note = {**note, "type": EventType.sentence_suspended, "status_effect": "released"}
        self._event(plan, [row.number], {"date": when, "type": kind, "title": f"{name} sentenced to {text}"[:200],
                                         "people": [plan.id], "sentence": record,
                                         **({"case": case_id} if case_id else {})}, note)

    def _join_verdict(self, row: Row, plan: PersonPlan, case_id: str | None, case_name: str, when: PartialDate,
                      record: dict[str, Any], note: dict[str, Any]) -> None:
        """One verdict event for the rows of a case with one verdict date, each defendant with their own term."""
        key = (case_id or value_key(case_name), str(when))
        event = self.verdicts.get(key)
        if event is None:
            event = self._event(plan, [row.number], {
                "date": when, "type": "sentenced", "title": f"Verdict in {case_name}"[:200], "people": [plan.id],
                **({"case": case_id} if case_id else {}), "sentences": [{**record, "people": [plan.id]}]}, note)
            self.verdicts[key] = event
            return
        data = event.data
        data["people"].append(plan.id)
        event.rows.append(row.number)
        group = next((g for g in data["sentences"] if {k: v for k, v in g.items() if k != "people"} == record), None)
        if group is None:
            data["sentences"].append({**record, "people": [plan.id]})
        else:
            group["people"].append(plan.id)
        self._events_of(plan.id).append({"id": event.id, "charges": [], **note})
        plan.facts.append(f"event {event.id}")

    def _finish_verdicts(self) -> None:
        """A verdict that gave every defendant the same term holds it once, as `sentence`."""
        for event in self.verdicts.values():
            groups = event.data["sentences"]
            if len(groups) == 1:
                sentence = {k: v for k, v in groups[0].items() if k != "people"}
                event.data = {k: v for k, v in event.data.items() if k != "sentences"}
                event.data["sentence"] = sentence


@dataclass(frozen=True)
class ChargeKey:
    """What tells one of a person's charges from another, for a second run of an import."""

    article: str
    edition: str | None  # as written, or the one pp infers (`charges.resolve`); None without a registry
    qualifier_article: str | None
    event: str
    category: str | None  # as recorded, or as the code's registry describes the article


def _label(charge: cells.ChargeText, qualifier: str | None = None) -> str:
    """`214.2.1 (preparation, art. 28)`, `226 (1960)`: a charge in an event's title."""
    text = charge.article + (f" ({charge.edition})" if charge.edition else "")
    if charge.qualifier_article:
        text += f" ({qualifier}, art. {charge.qualifier_article})" if qualifier else \
            f" (with art. {charge.qualifier_article})"
    return text


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


def _by(when: PartialDate) -> PartialDate:
    """`by` a date: at its precision where it is a plain date, else by its last possible day."""
    if when.end is None and not when.approx and when.qualifier in (None, "by"):
        return PartialDate(when.year, when.month, when.day, "by")
    return PartialDate(when.hi.year, when.hi.month, when.hi.day, "by")


def _same_sentence(recorded: Sentence, wanted: Sentence) -> bool:
    """The same kind and length (a record's "life imprisonment" written before sentence kinds counts as life)."""
    from pp_cli.vocab import SentenceKind

    kind = recorded.effective_kind
    if kind is None and "life" in (recorded.description or "").lower():
        kind = SentenceKind.life_imprisonment
    if kind != wanted.effective_kind:
        return False
    if recorded.years is None or wanted.years is None:
        return recorded.years == wanted.years
    return abs(recorded.years - wanted.years) < 0.01


def make_plan(kb: KnowledgeBase, cmap: ColumnMap, sheet: Sheet,
              progress: Callable[[int, int], None] | None = None) -> Plan:
    return Planner(kb, cmap, sheet).run(progress)


__all__ = ["Finding", "Plan", "PersonPlan", "EventPlan", "make_plan", "LIST_FIELDS"]
