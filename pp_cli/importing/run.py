"""Running an import: read, check, plan, validate every file to be written, then write (unless a dry run)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pp_cli.importing import mapping, sheet
from pp_cli.importing.apply import EditRefused, checked_edit, render, replace_file, write_new_record
from pp_cli.importing.plan import Finding, Plan, make_plan
from pp_cli.kb import KnowledgeBase
from pp_cli.scaffold import relpath_of


@dataclass
class Change:
    action: str  # "create" or "update"
    relpath: str
    what: str  # one line for the report
    rows: list[int]


@dataclass
class Outcome:
    plan: Plan
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def count(self, action: str, folder: str) -> int:
        return sum(1 for c in self.changes if c.action == action and c.relpath.startswith(f"data/{folder}/"))


def run(kb: KnowledgeBase, sheet_path: Path, map_path: Path, *, dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None) -> Outcome:
    cmap = mapping.load(map_path)
    table = sheet.read(sheet_path, encoding=cmap.encoding, sheet=cmap.sheet, header_row=cmap.header_row)
    mapping.check_against(cmap, table.headers)
    mapping.check_registry(cmap, kb.codes)
    plan = make_plan(kb, cmap, table, progress)
    outcome = Outcome(plan, findings=list(plan.findings), notes=list(table.notes))
    origin = f"Imported by `pp import` from {sheet_path.name} ({{rows}}); check it against the source."
    pending: list[tuple[Change, Callable[[], Any]]] = []
    skipped: set[str] = set()
    from pp_cli.records import parse_bytes

    for person in plan.people.values():
        rows = _rows(person.rows)
        if person.existing is None:
            data = {k: v for k, v in person.data.items() if v not in (None, [], "")}
            relpath = relpath_of("prisoners", person.id)
            text = render("prisoners", data, origin.format(rows=rows))
            record, problems = parse_bytes(text.encode("utf-8"), relpath, "prisoners")
            if record is None:
                skipped.add(person.id)
                outcome.findings.append(Finding("unplaced", person.rows[0], None,
                                                f"{person.id} was not created: {problems[0].message}",
                                                problems[0].hint))
                continue
            if (kb.root / relpath).exists():
                skipped.add(person.id)
                outcome.findings.append(Finding("conflict", person.rows[0], None,
                                                f"{relpath} exists but did not load; {person.id} was not created",
                                                "run `pp validate` and fix that file first"))
                continue
            change = Change("create", relpath, f"{data['name']}: " + ", ".join(person.facts[:12]), person.rows)
            pending.append((change, lambda d=data, r=rows: write_new_record(kb.root, "prisoners", d,
                                                                             origin.format(rows=r))))
        elif person.changed:
            relpath = kb.path_of(person.existing)
            from pp_cli.records import read_bounded

            raw = read_bounded(kb.root / relpath)
            expected = person.existing.model_dump(mode="json", exclude_defaults=True)
            expected.update(person.data)
            for key, items in person.lists.items():
                expected[key] = [*expected.get(key, []), *items]
            try:
                from pp_cli.models import Prisoner

                want = Prisoner.model_validate(expected).model_dump(mode="json")
                new_text = checked_edit(raw, relpath, want, person.data, person.lists)
            except (EditRefused, ValueError) as exc:
                message = exc.message if isinstance(exc, EditRefused) else str(exc).splitlines()[0]
                outcome.findings.append(Finding("conflict", person.rows[0], None,
                                                f"{relpath} was not changed: {message}",
                                                "add these by hand: " + ", ".join(person.facts)))
                continue
            change = Change("update", relpath, f"{person.existing.name}: " + ", ".join(person.facts[:12]),
                            person.rows)
            pending.append((change, lambda r=relpath, o=raw, t=new_text: replace_file(kb.root, r, o, t)))
    for org in plan.organizations:
        relpath = relpath_of("organizations", org.id)
        record, problems = parse_bytes(render("organizations", org.data, origin.format(rows=_rows(org.rows))
                                              ).encode("utf-8"), relpath, "organizations")
        if record is None or (kb.root / relpath).exists():
            outcome.findings.append(Finding("unplaced", org.rows[0], None, f"facility {org.id} was not created: " + (
                problems[0].message if record is None else f"{relpath} exists but did not load")))
            continue
        pending.append((Change("create", relpath, f"{org.data['name']} ({org.data['type']})", org.rows),
                        lambda d=org.data, r=_rows(org.rows): write_new_record(kb.root, "organizations", d,
                                                                              origin.format(rows=r))))
    for event in plan.events:
        if set(event.data["people"]) & skipped:
            continue
        data = event.data
        from pp_cli.dates import PartialDate

        relpath = relpath_of("events", data["id"], PartialDate.parse(data["date"]))
        rows = _rows(event.rows)
        text = render("events", data, origin.format(rows=rows))
        record, problems = parse_bytes(text.encode("utf-8"), relpath, "events")
        if record is None:
            outcome.findings.append(Finding("unplaced", event.rows[0], None,
                                            f"event {data['id']} was not created: {problems[0].message}",
                                            problems[0].hint))
            continue
        pending.append((Change("create", relpath, data["title"], event.rows),
                        lambda d=data, r=rows: write_new_record(kb.root, "events", d, origin.format(rows=r))))
    outcome.changes = [c for c, _ in pending]
    if not dry_run:
        for change, write in pending:
            try:
                write()
            except EditRefused as exc:
                outcome.findings.append(Finding("conflict", change.rows[0], None, exc.message))
        outcome.written = True
    return outcome


def _rows(rows: list[int]) -> str:
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(map(str, rows))


def template(sheet_path: Path, encoding: str | None = None) -> str:
    table = sheet.read(sheet_path, encoding=encoding)
    return mapping.template(table.headers, [r for _n, r in table.rows[:50]])
