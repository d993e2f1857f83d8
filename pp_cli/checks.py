"""Checks that need more than one file: what `pp validate` adds to the loader's findings.

The loader (`pp_cli.records`, `pp_cli.kb`) already reports everything wrong
inside a single file (PP0xx YAML, PP1xx schema). This module looks across the
knowledge base: references between records, where a file is filed,
contradictory dates, declared statuses that the events contradict, records
without sources, placeholders left from `pp new`, likely duplicate people and
stale statuses. Every code is documented in docs/validation.md; codes never
change meaning.

Checks read only the loaded `KnowledgeBase`; they open a file only to find the
line of a finding (`Locator`), so they stay fast at 50,000 people.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from pp_cli import fieldpath
from pp_cli.dates import PartialDate
from pp_cli.errors import Problem, finding_order
from pp_cli.kb import KnowledgeBase
from pp_cli.max_age import DEFAULT_MAX_AGE, describe_age
from pp_cli.models import KINDS, Event, Organization, Prisoner, Source
from pp_cli.status import contradiction, derive, effect
from pp_cli.vocab import ARREST_TYPES, RELEASE_TYPES, EventType, Status, StatusDetail

ERROR, WARNING = "error", "warning"

PLACEHOLDER = "TODO"
_PLACEHOLDER = re.compile(PLACEHOLDER + r"\b")  # `TODO`, `TODO: …`, but not `TODOROV`

# Statuses that describe an ongoing situation, so a confirmation grows stale
# (PP602). Released, exiled and deceased are outcomes: a re-arrest arrives as
# a new event, which the other checks see.
ONGOING = frozenset({Status.detained, Status.house_arrest, Status.disappeared})

# Event types that mean the person was alive on that day (PP303). Courts,
# pardons, rulings and calls can concern someone after their death
# (posthumous trials happen), so they are left out.
ALIVE_TYPES = frozenset({
    EventType.arrest, EventType.detention, EventType.pretrial_detention, EventType.pretrial_extended,
    EventType.house_arrest, EventType.transfer, EventType.hunger_strike, EventType.ill_treatment,
    EventType.release, EventType.sentence_completed, EventType.travel_ban, EventType.left_country,
    EventType.disappearance, EventType.death,
})

# Status details that say "in custody" and those that say "let out" (PP402).
CUSTODY_DETAILS = frozenset({StatusDetail.pretrial, StatusDetail.serving_sentence})
RELEASE_DETAILS = frozenset(StatusDetail) - CUSTODY_DETAILS
CUSTODY_STATUSES = frozenset({Status.detained, Status.house_arrest})
FREE_STATUSES = frozenset({Status.released, Status.exiled})



# --------------------------------------------------------------------------- locating findings


class Locator:
    """Line and column of a field in a record file, reading each file at most once.

    Only files with findings are read. A top-level key is found with a line
    scan; nested paths go through the YAML composer (`yamlio.locate`).
    """

    KEEP = 256  # files kept in memory; findings come grouped by file

    def __init__(self, root: Path) -> None:
        self.root = root
        self._raw: dict[str, bytes | None] = {}
        self._spots: dict[str, Any] = {}  # relpath -> yamlio.Spots, composed once per file

    def raw(self, relpath: str) -> bytes | None:
        if relpath not in self._raw:
            from pp_cli.records import read_bounded

            if len(self._raw) >= self.KEEP:
                del self._raw[next(iter(self._raw))]
            try:
                self._raw[relpath] = read_bounded(self.root / relpath)
            except Exception:  # unreadable or too large: already reported by the loader
                self._raw[relpath] = None
        return self._raw[relpath]

    def __call__(self, relpath: str, *path: str | int) -> tuple[int | None, int | None]:
        raw = self.raw(relpath)
        if raw is None or not path:
            return None, None
        if len(path) == 1 and isinstance(path[0], str):
            found = re.search(rb"^" + re.escape(path[0].encode()) + rb"[ \t]*:", raw, re.MULTILINE)
            if found:
                return raw.count(b"\n", 0, found.start()) + 1, 1
        from pp_cli.yamlio import Spots

        spots = self._spots.get(relpath)
        if spots is None:
            if len(self._spots) >= self.KEEP:
                del self._spots[next(iter(self._spots))]
            spots = self._spots[relpath] = Spots(raw)
        spot = spots(tuple(path))
        return spot if spot else (None, None)


class Ids:
    """Which records exist, who claims a former id, which files failed: read off the loaded records.

    `pp_cli.findings` gives a knowledge base of only the files a change
    concerns, with a subclass that answers from the index for the whole.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def table(self, kind: str) -> dict[str, Any]:
        return self.kb.prisoners if kind == "prisoners" else self.kb.organizations

    def exists(self, kind: str, rid: str) -> bool:
        return rid in self.table(kind)

    def known(self, kind: str) -> Iterable[str]:
        """Every id of `kind`, in file order (the order suggestions are drawn in)."""
        return self.table(kind)

    def claimer(self, kind: str, old: str) -> tuple[str, str] | None:
        """(id, path) of the record of `kind` that gives `old` as a former id (the last, by path)."""
        current = _former_ids(self.table(kind)).get(old)
        return None if current is None else (current, self.kb.paths[(kind, current)])

    def failed(self, path: str) -> bool:
        return path in self._bad

    @cached_property
    def _bad(self) -> set[str]:
        return set(self.kb.bad_files)


@dataclass
class _Context:
    kb: KnowledgeBase
    locate: Locator
    today: date
    max_age: timedelta | None
    only: set[str] | None = None  # check only what concerns these files (pp validate PATH…)
    given: list[str] | None = None  # the people to check, each with every event of theirs in `kb` (pp_cli.findings)
    registry: Ids | None = None

    def wants(self, path: str) -> bool:
        return self.only is None or path in self.only

    @cached_property
    def ids(self) -> Ids:
        return self.registry or Ids(self.kb)

    @cached_property
    def people(self) -> list[str]:
        """Ids of the people to check: everyone, those given, or those the chosen files are about."""
        if self.given is not None:
            return self.given
        if self.only is None:
            return list(self.kb.prisoners)
        ids: set[str] = set()
        for (kind, rid), path in self.kb.paths.items():
            if path in self.only:
                if kind == "prisoners":
                    ids.add(rid)
                elif kind == "events":
                    ids.update(self.kb.events[rid].people)
        return sorted(i for i in ids if i in self.kb.prisoners)

    @cached_property
    def _few_events(self) -> dict[str, list[Event]]:
        wanted = set(self.people)
        index: dict[str, list[Event]] = defaultdict(list)
        for event in self.kb.events.values():
            for pid in dict.fromkeys(event.people):
                if pid in wanted:
                    index[pid].append(event)
        for events in index.values():
            events.sort(key=lambda e: (e.date.sort_key(), e.id))
        return index

    def events_of(self, person_id: str) -> list[Event]:
        """A person's events in date order; with `only`, without indexing every event."""
        if self.only is None or self.given is not None:
            return self.kb.events_of(person_id)
        return self._few_events.get(person_id, [])

    def problem(
        self,
        code: str,
        relpath: str,
        message: str,
        at: tuple[str | int, ...] = (),
        hint: str | None = None,
        severity: str = ERROR,
        related: Iterable[str] = (),
    ) -> Problem:
        line, column = self.locate(relpath, *at) if at else (None, None)
        field = ".".join(str(step) for step in at) or None
        return Problem(code, relpath, message, line, column, field, hint, severity, tuple(related))


# --------------------------------------------------------------------------- entry points


def run_checks(
    kb: KnowledgeBase,
    *,
    today: date | None = None,
    max_age: timedelta | None = DEFAULT_MAX_AGE,
    locator: Locator | None = None,
    only: set[str] | None = None,
) -> list[Problem]:
    """Every problem in the knowledge base, the loader's and the cross-record ones, in file order.

    With `only`, checks that concern none of those files are skipped (use
    `select` on the result): what a pre-commit hook needs, done quickly.
    """
    ctx = _Context(kb, locator or Locator(kb.root), today or date.today(), max_age, only)
    return sorted([*kb.problems, *(p for _owner, p in _run(ctx, CHECKS))], key=finding_order)


SPLIT_FROM = 20_000  # records before half of the checks go to a forked child (below, they take well under a second)


def _run(ctx: _Context, checks: tuple[PerPerson | Whole, ...]) -> list[tuple[str, Problem]]:
    """(owner, finding) of every check; on a large knowledge base, the costlier half run in a forked child.

    The checks are independent and read the knowledge base only, so a child
    forked after loading can run some of them on both cores without the
    records being sent anywhere; its findings come back as JSON.
    """
    from pp_cli import forking

    if ctx.only is not None or len(ctx.kb.paths) < SPLIT_FROM or not forking.AVAILABLE:
        return list(_tagged(ctx, checks))
    import dataclasses
    import json

    ctx.kb.events_of("")  # build the shared index of events by person once, before forking
    theirs = [c for c in checks if c in _COSTLY]
    wait = forking.in_child(lambda: json.dumps(
        [[owner, dataclasses.asdict(p)] for owner, p in _tagged(ctx, theirs)], ensure_ascii=False).encode())
    found = list(_tagged(ctx, [c for c in checks if c not in _COSTLY]))
    answer = wait()
    if answer is None:
        return found + list(_tagged(ctx, theirs))
    return found + [(owner, Problem.from_dict(d)) for owner, d in json.loads(answer)]


def select(problems: Iterable[Problem], paths: set[str]) -> list[Problem]:
    """The problems about `paths`: in one of them, or naming one of them as the other party.

    A finding reported on both files of a pair (PP601) is shown once, on the chosen file.
    """
    problems = list(problems)
    mirrored = {(p.code, p.path, r) for p in problems for r in p.related}
    return [
        p for p in problems
        if p.path in paths
        or any(r in paths and (p.code, r, p.path) not in mirrored for r in p.related)
    ]


def _records(ctx: _Context) -> Iterator[tuple[str, Prisoner | Event | Organization, str]]:
    """(kind, record, path) for every loaded record the checks look at."""
    kb = ctx.kb
    tables = {"prisoners": kb.prisoners, "events": kb.events, "organizations": kb.organizations,
              "cases": kb.cases, "codes": kb.codes}
    for (kind, rid), path in kb.paths.items():
        if ctx.only is None or path in ctx.only:
            yield kind, tables[kind][rid], path


# --------------------------------------------------------------------------- PP1xx: layout and placeholders


def check_layout(ctx: _Context) -> Iterator[Problem]:
    """PP106: events live in data/events/<year of their date>/, other kinds directly in data/<kind>/."""
    for kind, record, path in _records(ctx):
        parts = path.split("/")
        name = parts[-1]
        if isinstance(record, Event):
            year = f"{record.date.year:04d}"
            if parts[:-1] != ["data", "events", year]:
                where = "/".join(parts[:-1]) + "/"
                yield ctx.problem(
                    "PP106", path, f"event dated {record.date} is filed under {where}", ("date",),
                    f"move it to data/events/{year}/{name} (events are filed by the year of their date)",
                )
        elif parts[:-1] != ["data", kind]:
            yield ctx.problem(
                "PP106", path, f"{kind} are filed directly in data/{kind}/, not in a subfolder", ("id",),
                f"move it to data/{kind}/{name}",
            )


def _placeholder_fields(record: Prisoner | Event | Organization) -> Iterator[tuple[str | int, ...]]:
    """Paths of the text fields a `pp new` template may leave holding TODO (a fixed list: this runs per record)."""
    todo = _PLACEHOLDER.match
    values: list[tuple[tuple[str | int, ...], str | None]] = [(("summary",), record.summary)]
    if isinstance(record, Event):
        values += [(("title",), record.title), (("court",), record.court), (("judge",), record.judge),
                   (("facility",), record.facility),
                   (("location",), record.location), (("by",), record.by)]
        for i, charge in enumerate(record.charges):
            values += [(("charges", i, "article"), charge.article), (("charges", i, "description"), charge.description)]
        if record.sentence is not None:
            values.append((("sentence", "description"), record.sentence.description))
        if record.echr is not None:
            values += [(("echr", key), getattr(record.echr, key)) for key in ("application", "case", "finding")]
    else:
        values += [(("name",), record.name), (("native_name",), record.native_name)]
        values += [(("other_names", i, "name"), o.name) for i, o in enumerate(record.other_names)]
        values += [(("other_names", i, "note"), o.note) for i, o in enumerate(record.other_names)]
    if isinstance(record, Prisoner):
        values += [(("affiliations", i, "position"), a.position) for i, a in enumerate(record.affiliations)]
    for i, source in enumerate(record.sources):
        values += [(("sources", i, "title"), source.title), (("sources", i, "publisher"), source.publisher),
                   (("sources", i, "quote"), source.quote)]
    for at, value in values:
        if value is not None and todo(value):
            yield at


def _placeholder_nodes(raw: bytes) -> Iterator[tuple[tuple[str | int, ...], int, int]]:
    """(path, line, column) of every TODO value in a file that parses as YAML, located at its key."""
    import yaml

    from pp_cli.yamlio import compose  # the same guarded parser as loading

    root = compose(raw)  # None when not YAML at all: the loader's problem says so
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str | int, ...], yaml.Node]] = [(root, (), root)] if root else []
    while stack:
        node, path, anchor = stack.pop()
        if id(node) in seen:  # aliases share nodes; visit each once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, (*path, str(k.value)), k) for k, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*path, i), v) for i, v in reversed(list(enumerate(node.value))))
        elif isinstance(node.value, str) and _PLACEHOLDER.match(node.value) and path:
            yield path, anchor.start_mark.line + 1, anchor.start_mark.column + 1


def check_placeholders(ctx: _Context) -> Iterator[Problem]:
    """PP107: a TODO from `pp new` still in the file."""
    hint = "replace it with what the source says, or delete the line if you cannot source it"
    for _kind, record, path in _records(ctx):
        for at in _placeholder_fields(record):
            yield ctx.problem("PP107", path, f"placeholder `{PLACEHOLDER}` left in `{_dotted(at)}`", at, hint)
    # A fresh template fails the schema too (a TODO URL or date): report its
    # other TODOs at once, so the contributor sees everything left to fill in.
    reported: dict[str, set[str | None]] = defaultdict(set)
    for p in ctx.kb.problems:
        reported[p.path].add(p.field)
    for path in ctx.kb.bad_files:
        if not ctx.wants(path) or not all(p.code.startswith(("PP1", "PP5")) for p in ctx.kb.problems if p.path == path):
            continue  # not even YAML, or not a record file
        raw = ctx.locate.raw(path)
        if raw is None or PLACEHOLDER.encode() not in raw:
            continue
        for at, line, column in _placeholder_nodes(raw):
            field = _dotted(at)
            if field not in reported[path]:
                yield Problem("PP107", path, f"placeholder `{PLACEHOLDER}` left in `{field}`", line, column,
                              field, hint)


def _dotted(at: tuple[str | int, ...]) -> str:
    return ".".join(str(step) for step in at)


# --------------------------------------------------------------------------- PP2xx: references


def _former_ids(table: dict) -> dict[str, str]:
    """former id → current id, for one kind."""
    return {old: record.id for record in table.values() for old in record.former_ids}


def _suggest(wanted: str, known: Iterable[str]) -> str | None:
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    best = process.extractOne(wanted, list(known), scorer=Indel.normalized_similarity, score_cutoff=0.6)
    return best[0] if best else None


def _reference(
    ctx: _Context, path: str, at: tuple[str | int, ...], wanted: str, kind: str,
) -> Problem | None:
    """PP201/PP202/PP203 for one reference to a person or an organization."""
    if ctx.ids.exists(kind, wanted):
        return None
    code, noun = ("PP201", "person") if kind == "prisoners" else ("PP202", "organization")
    claimed = ctx.ids.claimer(kind, wanted)
    if claimed is not None:
        current, target = claimed
        return ctx.problem(
            "PP203", path, f"`{wanted}` is a former id of {noun} `{current}`", at,
            f"write `{current}` instead", WARNING, (target,),
        )
    own_file = f"data/{kind}/{wanted}.yaml"
    if ctx.ids.failed(own_file):
        return ctx.problem(
            code, path, f"{noun} `{wanted}` could not be loaded: {own_file} has errors", at,
            f"fix the errors in {own_file}", related=(own_file,),
        )
    close = _suggest(wanted, ctx.ids.known(kind))
    hint = f"did you mean `{close}`?" if close else (
        f"add {own_file} (`pp new {'prisoner' if kind == 'prisoners' else 'organization'} …`) or correct the id"
    )
    return ctx.problem(code, path, f"unknown {noun} `{wanted}`", at, hint)


def check_references(ctx: _Context) -> Iterator[Problem]:
    """PP201 people, PP202 organizations, PP203 former ids used as references."""
    for event in ctx.kb.events.values():  # all of them, even with `only`: they may name a chosen file
        path = ctx.kb.paths[("events", event.id)]
        for i, pid in enumerate(event.people):
            found = _reference(ctx, path, ("people", i), pid, "prisoners")
            if found:
                yield found
        for i, oid in enumerate(event.organizations):
            found = _reference(ctx, path, ("organizations", i), oid, "organizations")
            if found:
                yield found
    for prisoner in ctx.kb.prisoners.values():
        if not prisoner.affiliations:
            continue
        path = ctx.kb.paths[("prisoners", prisoner.id)]
        for i, affiliation in enumerate(prisoner.affiliations):
            found = _reference(ctx, path, ("affiliations", i, "org"), affiliation.org, "organizations")
            if found:
                yield found


def check_former_ids(ctx: _Context) -> Iterator[Problem]:
    """PP204: ids are never reused, so a former id may not be anyone's id or anyone else's former id."""
    for kind, table in (("prisoners", ctx.kb.prisoners), ("events", ctx.kb.events),
                        ("organizations", ctx.kb.organizations), ("cases", ctx.kb.cases), ("codes", ctx.kb.codes)):
        claimed: dict[str, str] = {}
        for record in table.values():
            path = ctx.kb.paths[(kind, record.id)]
            for i, old in enumerate(record.former_ids):
                if old == record.id:
                    yield ctx.problem("PP204", path, f"former id `{old}` is the record's own id",
                                      ("former_ids", i), "remove it from former_ids")
                elif old in table:
                    other = ctx.kb.paths[(kind, old)]
                    yield ctx.problem("PP204", path, f"former id `{old}` is the id of {other}", ("former_ids", i),
                                      "ids are never reused; remove the former id or rename the other record",
                                      related=(other,))
                elif old in claimed:
                    yield ctx.problem("PP204", path, f"former id `{old}` is also claimed by {claimed[old]}",
                                      ("former_ids", i), "a former id belongs to one record only",
                                      related=(claimed[old],))
                else:
                    claimed[old] = path


def check_field_names(ctx: _Context) -> Iterator[Problem]:
    """PP205: `restricted_fields` and `disputed[].field` must name fields the record has.

    A typo in `restricted_fields` would publish what was meant to be withheld.
    """
    fields = {kind: list(model.model_fields) for kind, model in KINDS.items()}
    for kind, record, path in _records(ctx):
        known = fields[kind]
        named = [(("restricted_fields", i), name) for i, name in enumerate(record.restricted_fields)]
        named += [(("disputed", i, "field"), d.field) for i, d in enumerate(record.disputed)]
        for at, name in named:
            steps = fieldpath.parse(name)  # the grammar privacy reads paths with: what validates, withholds
            if steps is None:
                yield ctx.problem("PP205", path, f"`{name}` is not a field path", at,
                                  "write a field name, optionally with parts: `born`, `sources[0].quote`")
                continue
            head = str(steps[0])
            if head in known:
                continue
            close = difflib.get_close_matches(head, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"fields of this record: {', '.join(known)}"
            yield ctx.problem("PP205", path, f"`{name}` is not a field of this record", at, hint)


# --------------------------------------------------------------------------- PP3xx: dates


def _dates(record: Prisoner | Event | Organization) -> Iterator[tuple[tuple[str | int, ...], PartialDate]]:
    """Every date a record states, with its field path."""

    def sources(prefix: tuple[str | int, ...], items: list[Source]) -> Iterator:
        for i, source in enumerate(items):
            if source.published is not None:
                yield (*prefix, i, "published"), source.published

    if isinstance(record, Event):
        yield ("date",), record.date
    if isinstance(record, Prisoner):
        if record.born is not None:
            yield ("born",), record.born
        if record.status_as_of is not None:
            yield ("status_as_of",), record.status_as_of
        for i, affiliation in enumerate(record.affiliations):
            for key in ("since", "until"):
                value = getattr(affiliation, key)
                if value is not None:
                    yield ("affiliations", i, key), value
        for i, recognition in enumerate(record.recognitions):
            if recognition.date is not None:
                yield ("recognitions", i, "date"), recognition.date
            yield from sources(("recognitions", i, "sources"), recognition.sources)
    yield from sources(("sources",), record.sources)
    for i, dispute in enumerate(record.disputed):
        yield from sources(("disputed", i, "sources"), dispute.sources)


def check_future_dates(ctx: _Context) -> Iterator[Problem]:
    """PP301: a date that lies wholly after today."""
    for _kind, record, path in _records(ctx):
        for at, value in _dates(record):
            if value.lo > ctx.today:
                yield ctx.problem(
                    "PP301", path, f"date {value} is in the future (today is {ctx.today})", at,
                    "check the year; dates record what has happened, at the precision of the source",
                )


def _label(event: Event) -> str:
    return f"{event.id} ({event.type.value}, {event.date})"


def event_order_of(ctx: _Context, pid: str) -> Iterator[Problem]:
    """PP302 release before every arrest, PP303 events after death, PP304 born after an event."""
    kb = ctx.kb
    prisoner = kb.prisoners[pid]
    events = ctx.events_of(pid)
    if not events:
        return
    arrests = [e for e in events if e.type in ARREST_TYPES]
    if arrests:
        for release in events:
            if release.type in RELEASE_TYPES and all(release.date.certainly_before(a.date) for a in arrests):
                first = min(arrests, key=lambda e: e.date.sort_key())
                yield ctx.problem(
                    "PP302", kb.path_of(release),
                    f"{release.type.value} of `{pid}` on {release.date} is before every arrest of theirs "
                    f"(the first is {_label(first)})", ("date",),
                    "check both dates; if they were also arrested earlier, add that arrest as an event",
                    related=(kb.path_of(first),),
                )
    deaths = [e for e in events if (e.type is EventType.death or e.status_after is Status.deceased)
              and (effect(e, pid) or (None,))[0] is Status.deceased]
    if deaths:
        death = min(deaths, key=lambda e: e.date.sort_key())
        for event in events:
            if event is not death and event.type in ALIVE_TYPES and death.date.certainly_before(event.date):
                yield ctx.problem(
                    "PP303", kb.path_of(event),
                    f"{event.type.value} of `{pid}` on {event.date} is after their death ({_label(death)})",
                    ("date",), "check both dates and the people the event names",
                    related=(kb.path_of(death),),
                )
    if prisoner.born is not None:
        early = [e for e in events if e.date.certainly_before(prisoner.born)]
        if early:
            first = min(early, key=lambda e: e.date.sort_key())
            yield ctx.problem(
                "PP304", kb.path_of(prisoner),
                f"born {prisoner.born}, but event {_label(first)} is before that", ("born",),
                "check the birth date and the event's date",
                related=(kb.path_of(first),),
            )


def check_countries(ctx: _Context) -> Iterator[Problem]:
    """PP208: a `country` that is not an ISO 3166-1 alpha-2 code (`ZZ`), checked against pycountry."""
    import pycountry

    for kind, table in (("prisoners", ctx.kb.prisoners), ("organizations", ctx.kb.organizations),
                        ("codes", ctx.kb.codes)):
        for record in table.values():
            code = getattr(record, "country", None)
            path = ctx.kb.paths[(kind, record.id)]
            if not code or not ctx.wants(path) or pycountry.countries.get(alpha_2=code) is not None:
                continue
            close = _suggest(code, [c.alpha_2 for c in pycountry.countries])
            yield ctx.problem("PP208", path, f"`{code}` is not an ISO 3166-1 country code", ("country",),
                              (f"did you mean `{close}`? " if close else "") + "write the two-letter code, e.g. AZ")


def check_follows(ctx: _Context) -> Iterator[Problem]:
    """PP206 `follows` names no event (or the event itself); PP207 a `follows` cycle;
    PP306 an event follows one its own date puts certainly later (pp_cli.chronology)."""
    from pp_cli.chronology import cycles

    events = ctx.kb.events
    for event in events.values():
        path = ctx.kb.paths[("events", event.id)]
        if not event.follows:
            continue
        wanted = ctx.wants(path)  # PP206 everywhere, like PP201: the event followed may be the one deleted
        for i, other in enumerate(event.follows):
            if other != event.id and other in events and not wanted:
                continue
            if other == event.id:
                yield ctx.problem("PP206", path, "the event says it follows itself", ("follows", i),
                                  "name the events that come before this one")
            elif other not in events:
                close = _suggest(other, events)
                yield ctx.problem("PP206", path, f"`follows` names unknown event `{other}`", ("follows", i),
                                  f"did you mean `{close}`?" if close else "give the id of an event in data/events/")
            elif event.date.certainly_before(events[other].date):
                yield ctx.problem(
                    "PP306", path,
                    f"the event ({event.date}) follows {_label(events[other])}, which its date puts later",
                    ("follows", i), "check both dates, or drop the `follows` entry",
                    related=(ctx.kb.paths[("events", other)],),
                )
    for loop in cycles(events):
        path = ctx.kb.paths[("events", loop[0])]
        if ctx.wants(path):
            yield ctx.problem(
                "PP207", path, f"`follows` goes round in a circle: {' → '.join([*loop, loop[0]])}", ("follows",),
                "remove one `follows` entry so that the order has a beginning",
                related=tuple(ctx.kb.paths[("events", e)] for e in loop[1:]),
            )


def check_affiliation_dates(ctx: _Context) -> Iterator[Problem]:
    """PP305: an affiliation that ends before it begins."""
    for prisoner in ctx.kb.prisoners.values():
        if not ctx.wants(ctx.kb.paths[("prisoners", prisoner.id)]):
            continue
        for i, a in enumerate(prisoner.affiliations):
            if a.since is not None and a.until is not None and a.until.certainly_before(a.since):
                yield ctx.problem(
                    "PP305", ctx.kb.path_of(prisoner),
                    f"affiliation with `{a.org}` ends ({a.until}) before it begins ({a.since})",
                    ("affiliations", i, "until"), "swap or correct `since` and `until`",
                )


# --------------------------------------------------------------------------- PP4xx: status


def status_of(ctx: _Context, pid: str) -> Iterator[Problem]:
    """PP401 declared status vs events, PP402 detail vs status, PP403 status without a date."""
    kb = ctx.kb
    prisoner = kb.prisoners[pid]
    path = kb.paths[("prisoners", pid)]
    events = ctx.events_of(pid)
    why = contradiction(prisoner, events)
    if why:
        deciding = derive(prisoner.model_copy(update={"status": None}), events).event_id
        yield ctx.problem(
            "PP401", path, why, ("status",),
            "update `status` (and `status_as_of`) to match, or correct the event; "
            "an event can state its effect with `status_after`",
            related=(kb.paths[("events", deciding)],) if deciding in kb.events else (),
        )
    status, detail = prisoner.status, prisoner.status_detail
    if status is not None and detail is not None and (
        (status in CUSTODY_STATUSES and detail in RELEASE_DETAILS)
        or (status in FREE_STATUSES and detail in CUSTODY_DETAILS)
    ):
        yield ctx.problem(
            "PP402", path, f"status detail `{detail.value}` does not fit status `{status.value}`",
            ("status_detail",), "correct one of them, or remove `status_detail`",
        )
    undated = prisoner.status_as_of is None and not any(s.published for s in prisoner.sources)
    if status is not None and undated and derive(prisoner, events).basis == "declared":
        yield ctx.problem(
            "PP403", path, f"status `{status.value}` has no as-of date", ("status",),
            "add `status_as_of: \"YYYY-MM-DD\"`, the date the latest source confirms it",
            WARNING,
        )


def stale_of(ctx: _Context, pid: str) -> Iterator[Problem]:
    """PP602: an ongoing status (detained, house arrest, disappeared) last confirmed too long ago."""
    if ctx.max_age is None:
        return
    limit = ctx.today - ctx.max_age
    prisoner = ctx.kb.prisoners[pid]
    info = derive(prisoner, ctx.events_of(pid))
    if info.status not in ONGOING or info.as_of is None or info.as_of.hi >= limit:
        return
    path = ctx.kb.path_of(prisoner)
    at = next((k for k in ("status_as_of", "status") if getattr(prisoner, k) is not None), "name")
    age = ctx.today - info.as_of.hi
    yield ctx.problem(
        "PP602", path,
        f"status `{info.status.value}` was last confirmed {info.as_of}, {describe_age(age, rough=True)} ago "
        f"(limit: {describe_age(ctx.max_age)})", (at,),
        "find a newer source and update `status_as_of` (or add the event that changed the status)",
        WARNING,
    )


# --------------------------------------------------------------------------- PP5xx: sources


def check_sources(ctx: _Context) -> Iterator[Problem]:
    """PP501: no claim without a source."""
    for kind, record, path in _records(ctx):
        if not record.sources:
            located = ctx.locate(path, "sources")
            at: tuple[str, ...] = ("sources",) if located[0] else ("id",)
            noun = {"prisoners": "person", "events": "event", "organizations": "organization", "cases": "case",
                    "codes": "code"}[kind]
            yield ctx.problem(
                "PP501", path, f"this {noun} has no sources", at,
                "add `sources:` with at least one `- url: …` and `title: …` for the page that supports it",
            )


# --------------------------------------------------------------------------- PP6xx: duplicates


def check_duplicate_people(ctx: _Context) -> Iterator[Problem]:
    """PP601: two records that are likely the same person (`pp_cli.duplicates`), reported on both."""
    from pp_cli.duplicates import likely_duplicates

    kb = ctx.kb
    among = None if ctx.only is None else {pid for pid in kb.prisoners if kb.paths[("prisoners", pid)] in ctx.only}
    if among == set():
        return
    for match in likely_duplicates(kb.prisoners.values(), among):
        a, b = match.a, match.b
        for (this, this_name), (other, other_name) in (((a, match.name_a), (b, match.name_b)),
                                                       ((b, match.name_b), (a, match.name_a))):
            other_path = kb.path_of(other)
            yield ctx.problem(
                "PP601", kb.path_of(this),
                f"`{this_name}` may be the same person as `{other_name}` in {other_path} "
                f"(score {match.shown_score}: {match.reason})", ("name",),
                f"if they are the same person, `pp merge {this.id} {other.id}`; if not, add "
                f"`distinct_from: [{other.id}]` (or run `pp dupes --distinct {this.id} {other.id}`)",
                WARNING, (other_path,),
            )


def check_duplicate_events(ctx: _Context) -> Iterator[Problem]:
    """PP603: two events of the same type, on the same date, about the same people."""
    groups: dict[tuple, list[Event]] = defaultdict(list)
    for event in ctx.kb.events.values():
        if event.people:
            groups[(str(event.date), event.type, tuple(sorted(set(event.people))))].append(event)
    for events in groups.values():
        if len(events) < 2:
            continue
        paths = sorted(ctx.kb.path_of(e) for e in events)
        if not any(ctx.wants(p) for p in paths):
            continue
        for path in paths[1:]:
            yield ctx.problem(
                "PP603", path,
                f"same date, type and people as {paths[0]}; is it the same event?", ("date",),
                "merge the two files (combining their sources), or make the titles say how they differ",
                WARNING, (paths[0],),
            )


# --------------------------------------------------------------------------- issue 12: what real lists hold
# Codes from the model's ranges (PP220–PP259, PP330–PP359, PP430–PP459, PP700–PP799); docs/validation.md.


def check_model_references(ctx: _Context) -> Iterator[Problem]:
    """PP220 unknown case; PP201 unknown defendant or relative; PP221 a relation to oneself."""
    kb = ctx.kb
    for event in kb.events.values():
        if event.case and event.case not in kb.cases:
            path = kb.paths[("events", event.id)]
            if ctx.wants(path):
                close = _suggest(event.case, kb.cases)
                yield ctx.problem(
                    "PP220", path, f"unknown case `{event.case}`", ("case",),
                    f"did you mean `{close}`?" if close else f"add data/cases/{event.case}.yaml, or correct the id",
                )
    for case in kb.cases.values():
        path = kb.paths[("cases", case.id)]
        for i, pid in enumerate(case.defendants):
            found = _reference(ctx, path, ("defendants", i), pid, "prisoners")
            if found:
                yield found
        for i, oid in enumerate(case.organizations):
            found = _reference(ctx, path, ("organizations", i), oid, "organizations")
            if found:
                yield found
    for prisoner in kb.prisoners.values():
        if not prisoner.relations:
            continue
        path = kb.paths[("prisoners", prisoner.id)]
        for i, relation in enumerate(prisoner.relations):
            if relation.person == prisoner.id:
                yield ctx.problem("PP221", path, "a relation names the person themselves", ("relations", i, "person"),
                                  "name the other person's id")
                continue
            found = _reference(ctx, path, ("relations", i, "person"), relation.person, "prisoners")
            if found:
                yield found


def check_sentences(ctx: _Context) -> Iterator[Problem]:
    """PP222 sentence or charge people not among the event's people; PP223 two sentences for one person;
    PP430 a commutation or reduction that does not say to what."""
    from pp_cli.vocab import EventType as T

    for _kind, event, path in _records(ctx):
        if not isinstance(event, Event):
            continue
        named = set(event.people)
        given: dict[str, int] = {}
        for i, sentence in enumerate(event.sentences):
            if not sentence.people:
                yield ctx.problem("PP222", path, "a sentence in `sentences` names nobody", ("sentences", i),
                                  "add `people: [id, …]`, or use `sentence:` for a term everyone received")
            for j, pid in enumerate(sentence.people):
                if pid not in named:
                    yield ctx.problem("PP222", path, f"`{pid}` is sentenced here but is not among the event's people",
                                      ("sentences", i, "people", j), "add them to `people`, or correct the id")
                elif pid in given:
                    yield ctx.problem("PP223", path, f"`{pid}` has two sentences in this event",
                                      ("sentences", i, "people", j),
                                      f"keep one (the other is sentences[{given[pid]}])")
                else:
                    given[pid] = i
        for i, charge in enumerate(event.charges):
            for j, pid in enumerate(charge.people):
                if pid not in named:
                    yield ctx.problem("PP222", path, f"`{pid}` is charged here but is not among the event's people",
                                      ("charges", i, "people", j), "add them to `people`, or correct the id")
        if event.type in (T.sentence_commuted, T.sentence_reduced) and event.sentence is None and not event.sentences:
            yield ctx.problem(
                "PP430", path, f"a `{event.type.value}` event that does not say the new sentence", ("type",),
                "add `sentence:` (e.g. `{kind: life_imprisonment}` or `{years: 5}`) with what the source says",
                WARNING,
            )


def check_charges_registry(ctx: _Context) -> Iterator[Problem]:
    """PP720 an article the code's registry does not have; PP721 an edition the code does not have;
    PP722 a code with no registry; PP723 a qualifier article that is not one; PP724 a category that
    disagrees with the registry's."""
    from pp_cli.charges import code_for, edition_for, lookup

    kb = ctx.kb
    if not kb.codes:
        return
    for _kind, event, path in _records(ctx):
        if not isinstance(event, Event):
            continue
        for i, charge in enumerate(event.charges):
            code = code_for(kb, charge, event)
            if code is None:
                if charge.code:
                    yield ctx.problem(
                        "PP722", path, f"no registry for code `{charge.code}`", ("charges", i, "code"),
                        f"use a registry id ({', '.join(sorted(kb.codes))}), or add data/codes/<id>.yaml", WARNING,
                    )
                continue
            edition = edition_for(code, charge, event)
            if edition is None:
                names = ", ".join(e.edition for e in code.editions)
                yield ctx.problem("PP721", path, f"code `{code.id}` has no edition `{charge.edition}`",
                                  ("charges", i, "edition"), f"editions of {code.id}: {names}")
                continue
            entry = lookup(edition, charge.article)
            if charge.article is not None and entry is None:
                self_described = charge.description is not None and charge.category is not None
                yield ctx.problem(
                    "PP720", path,
                    f"article {charge.article} is not in the registry of {code.name}, {edition.edition} edition",
                    ("charges", i, "article"),
                    f"check the number; if it is right, add it to {kb.paths[('codes', code.id)]} with a source",
                    WARNING if self_described else ERROR,
                )
            elif entry is not None and entry.category is None and entry.qualifier is not None:
                yield ctx.problem(
                    "PP723", path, f"article {charge.article} ({entry.description}) qualifies a charge; it is not one",
                    ("charges", i, "article"),
                    f"write it as `qualifier_article: \"{charge.article}\"` of the article it qualifies",
                )
            elif entry is not None and charge.category is not None and entry.category is not None \
                    and charge.category != entry.category:
                yield ctx.problem(
                    "PP724", path,
                    f"category `{charge.category.value}` differs from the registry's `{entry.category.value}` "
                    f"for article {charge.article}", ("charges", i, "category"),
                    "remove `category` to use the registry's, or correct the registry", WARNING,
                )
            if charge.qualifier_article is not None:
                q = lookup(edition, charge.qualifier_article)
                if q is None or q.qualifier is None:
                    yield ctx.problem(
                        "PP723", path,
                        f"article {charge.qualifier_article} is not a qualifier (preparation, attempt, complicity…) "
                        f"in the registry of {code.name}", ("charges", i, "qualifier_article"),
                        "check the number, or add it to the registry with its `qualifier`", WARNING,
                    )


def check_code_registry(ctx: _Context) -> Iterator[Problem]:
    """PP725: the same article twice in one edition of a code."""
    for _kind, code, path in _records(ctx):
        if _kind != "codes":
            continue
        for i, edition in enumerate(code.editions):
            seen: dict[str, int] = {}
            for j, entry in enumerate(edition.articles):
                if entry.article in seen:
                    yield ctx.problem(
                        "PP725", path, f"article {entry.article} appears twice in edition {edition.edition}",
                        ("editions", i, "articles", j, "article"), f"merge it with articles[{seen[entry.article]}]",
                    )
                else:
                    seen[entry.article] = j


def check_places(ctx: _Context) -> Iterator[Problem]:
    """PP225: a facility or court that the registry of organizations does not know (when it has any)."""
    from pp_cli.facilities import resolve
    from pp_cli.vocab import FACILITY_KINDS, OrgKind

    kb = ctx.kb
    orgs = kb.organizations
    registered = {(o.type, o.country) for o in orgs.values() if o.country}  # a country's registry of places
    checks = [("facility", tuple(FACILITY_KINDS)), ("court", (OrgKind.court,))]
    for _kind, record, path in _records(ctx):
        if isinstance(record, Event):
            countries = {kb.prisoners[p].country for p in record.people if p in kb.prisoners}
        elif isinstance(record, Prisoner) or _kind == "cases":
            countries = {record.country}
        else:
            continue
        for field, kinds in checks:
            text = getattr(record, field, None)
            if not text or not any((k, c) in registered for k in kinds for c in countries):
                continue  # this country's places of this kind are not registered: nothing to compare with
            if resolve(text, orgs, kinds) is not None:
                continue
            if text in orgs:
                message = f"`{text}` is an organization of type {orgs[text].type.value}, not a {field}"
            else:
                message = f"{field} `{text}` is not in the registry of organizations"
            names = {o.id: o.name for o in orgs.values() if o.type in kinds}
            close = _suggest(text, list(names.values()) + list(names))
            yield ctx.problem(
                "PP225", path, message, (field,),
                (f"did you mean `{close}`? " if close else "")
                + f"write the organization's id, or add the {field} as an organization (type: "
                + "/".join(k.value for k in kinds) + ")",
                WARNING,
            )


def check_identifiers(ctx: _Context) -> Iterator[Problem]:
    """PP226: the same external identifier on two people (a duplicate, or a typo in one of them)."""
    owners: dict[tuple[str, str], list[Prisoner]] = defaultdict(list)
    for prisoner in ctx.kb.prisoners.values():
        for identifier in prisoner.identifiers:
            owners[(identifier.scheme, identifier.id.lower())].append(prisoner)
    for (scheme, ident), people in owners.items():
        if len(people) < 2:
            continue
        paths = [ctx.kb.path_of(p) for p in people]
        for person, path in zip(people, paths, strict=True):
            if not ctx.wants(path):
                continue
            others = [q for q in paths if q != path]
            i = next(n for n, x in enumerate(person.identifiers) if (x.scheme, x.id.lower()) == (scheme, ident))
            yield ctx.problem(
                "PP226", path, f"identifier {scheme} {ident} is also given in {', '.join(others)}",
                ("identifiers", i, "id"), "if they are the same person, merge the records; if not, correct the id",
                WARNING, tuple(others),
            )


def ages_of(ctx: _Context, pid: str) -> Iterator[Problem]:
    """PP330: reported ages that cannot all be true, or that contradict `born`."""
    prisoner = ctx.kb.prisoners[pid]
    if not prisoner.ages:
        return
    found = prisoner.birth_range()
    if found is not None and found[0] > found[1]:
        what = "`born` and the reported ages" if prisoner.born is not None else "the reported ages"
        yield ctx.problem(
            "PP330", ctx.kb.path_of(prisoner), f"{what} cannot all be true (no birthday fits them all)",
            ("ages",), "check each age against its source's date; an age is as of the source's date", WARNING,
        )


def recognitions_of(ctx: _Context, pid: str) -> Iterator[Problem]:
    """PP431: a person listed twice in the same edition of the same list."""
    prisoner = ctx.kb.prisoners[pid]
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(prisoner.recognitions):
        if r.list is None or r.edition is None:
            continue
        key = (r.list, str(r.edition))
        if key in seen:
            yield ctx.problem(
                "PP431", ctx.kb.path_of(prisoner), f"listed twice in {r.list}, edition {r.edition}",
                ("recognitions", i), f"keep one (the other is recognitions[{seen[key]}])", WARNING,
            )
        else:
            seen[key] = i


PerPerson = Callable[[_Context, str], Iterable[Problem]]
Whole = Callable[[_Context], Iterable[Problem]]

# What each check's findings are about, which is what they are kept by (pp_cli.findings):
# one person, from their record and every event of theirs;
PERSON_CHECKS: tuple[PerPerson, ...] = (event_order_of, status_of, stale_of, ages_of, recognitions_of)
# one file, from its record, whether the ids it names exist, the people its events name and the registries
# (organizations, cases, codes);
FILE_CHECKS: tuple[Whole, ...] = (
    check_layout, check_placeholders, check_references, check_field_names, check_future_dates, check_countries,
    check_affiliation_dates, check_sources, check_duplicate_events, check_model_references, check_sentences,
    check_charges_registry, check_code_registry, check_places,
)
# pairs and chains anywhere in the knowledge base (kept under WHOLE).
WHOLE_CHECKS: tuple[Whole, ...] = (check_former_ids, check_follows, check_duplicate_people, check_identifiers)
WHOLE = "*"
CHECKS: tuple[PerPerson | Whole, ...] = (*FILE_CHECKS, *PERSON_CHECKS, *WHOLE_CHECKS)
# About half of the checks' time at 10,000 people (measured with cProfile): the child's share in `_run`.
_COSTLY = frozenset({stale_of, check_duplicate_people, status_of, event_order_of, check_layout})


def _tagged(ctx: _Context, checks: Iterable[PerPerson | Whole]) -> Iterator[tuple[str, Problem]]:
    """(owner, finding) of `checks`: the person's id, the file's path, or WHOLE (see the tuples above)."""
    for check in checks:
        if check in PERSON_CHECKS:
            for pid in ctx.people:
                for found in check(ctx, pid):  # type: ignore[call-arg]
                    yield pid, found
        elif check in WHOLE_CHECKS:
            for found in check(ctx):  # type: ignore[call-arg]
                yield WHOLE, found
        else:
            for found in check(ctx):  # type: ignore[call-arg]
                yield found.path, found


def findings_by_owner(
    kb: KnowledgeBase, *, today: date, max_age: timedelta | None, only: set[str] | None = None,
    given: list[str] | None = None, registry: Ids | None = None, checks: Iterable[PerPerson | Whole] = CHECKS,
) -> dict[str, list[Problem]]:
    """`run_checks`' findings, with the loader's, grouped by owner (a person's id, a file's path, or WHOLE).

    `pp_cli.findings` keeps them so, and after a change computes again only
    the owners it concerns, from a knowledge base of just their files
    (`given` people, `only` files, `registry` answering for the rest).
    """
    ctx = _Context(kb, Locator(kb.root), today, max_age, only, given, registry)
    found: dict[str, list[Problem]] = defaultdict(list)
    for problem in kb.problems:
        found[problem.path].append(problem)
    for owner, problem in _run(ctx, tuple(checks)):
        found[owner].append(problem)
    return dict(found)


# --------------------------------------------------------------------------- choosing files


def known_files(kb: KnowledgeBase) -> set[str]:
    """Every record file the loader saw, loaded or not."""
    return set(kb.paths.values()) | {p.path for p in kb.problems}


def resolve_targets(kb: KnowledgeBase, given: Iterable[Path], cwd: Path) -> tuple[set[str], list[Problem]]:
    """The record files that PATHs (files or folders, relative to `cwd`) name, relative to the root.

    A named file that is not a record file (outside data/<kind>/, not .yaml)
    comes back as a PP008 problem. A path outside the knowledge base or one
    that does not exist is a usage error.
    """
    from pp_cli.errors import UsageError

    root = kb.root.resolve()
    known = known_files(kb)
    chosen: set[str] = set()
    extra: list[Problem] = []
    for path in given:
        full = (cwd / path).absolute()
        if not full.exists() and not full.is_symlink():
            raise UsageError(f"{path}: no such file or folder")
        try:
            rel = full.parent.resolve().joinpath(full.name).relative_to(root).as_posix()
        except ValueError:
            raise UsageError(
                f"{path} is outside the knowledge base at {root}",
                "pass files under its data/ folder, or choose the knowledge base with --data",
            ) from None
        if rel == ".":
            chosen |= known
        elif full.is_dir() and not full.is_symlink():
            chosen |= {k for k in known if k.startswith(rel + "/")}
        elif rel in known:
            chosen.add(rel)
        else:
            chosen.add(rel)
            extra.append(Problem(
                "PP008", rel, "not a record file",
                hint="records are data/prisoners/<id>.yaml, data/organizations/<id>.yaml "
                     "and data/events/<year>/<id>.yaml",
            ))
    return chosen, extra
