"""SQLite, ready for `datasette kb.db`: one table per record kind, link tables, full-text search.

Tables: `prisoners`, `events`, `organizations`, `sources`; links
`event_people`, `event_organizations`, `affiliations`, `prisoner_roles`,
`charges`, `recognitions`, and `prisoner_sources` / `event_sources` /
`organization_sources` (with each citation's quote and note); `meta`.
Foreign keys are declared (Datasette turns them into links) and enforced
while writing; a link to a record that is not in the knowledge base is
skipped with a warning (`pp validate` reports those). Every record table
keeps the whole record as JSON in `record`.

Full text: `prisoners_fts` and `events_fts` are FTS5 tables over their
tables (Datasette shows a search box), ignoring case and diacritics; the
`names_ascii` column holds every name folded to ASCII (`Məmmədov` →
`mammadov`). `search_index` covers every kind of record at once.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from pp_cli.export import Bundle
from pp_cli.names import fold

FILE = True

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE organizations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, native_name TEXT, other_names TEXT, type TEXT NOT NULL,
    country TEXT, summary TEXT, former_ids TEXT, restricted_fields TEXT, record TEXT NOT NULL
);
CREATE TABLE prisoners (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, native_name TEXT, other_names TEXT, names_ascii TEXT,
    gender TEXT, born TEXT, country TEXT NOT NULL, roles TEXT,
    status TEXT, status_detail TEXT, status_as_of TEXT, status_basis TEXT,
    declared_status TEXT, declared_status_detail TEXT, declared_status_as_of TEXT,
    arrested TEXT, charge_categories TEXT, summary TEXT, former_ids TEXT, restricted_fields TEXT,
    record TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, date_earliest TEXT, date_latest TEXT NOT NULL,
    date_sort TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL, summary TEXT, status_after TEXT,
    people_count INTEGER NOT NULL, count INTEGER, count_approximate INTEGER NOT NULL,
    sentence TEXT, sentence_years REAL, sentence_suspended INTEGER,
    court TEXT, facility TEXT, location TEXT, by_whom TEXT, echr TEXT,
    former_ids TEXT, restricted_fields TEXT, judge TEXT, record TEXT NOT NULL
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL, publisher TEXT, published TEXT,
    archive_url TEXT
);
CREATE TABLE event_people (
    event_id TEXT NOT NULL REFERENCES events(id), prisoner_id TEXT NOT NULL REFERENCES prisoners(id),
    PRIMARY KEY (event_id, prisoner_id)
);
CREATE TABLE event_organizations (
    event_id TEXT NOT NULL REFERENCES events(id), organization_id TEXT NOT NULL REFERENCES organizations(id),
    PRIMARY KEY (event_id, organization_id)
);
CREATE TABLE affiliations (
    id INTEGER PRIMARY KEY, prisoner_id TEXT NOT NULL REFERENCES prisoners(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id), position TEXT, since TEXT, until TEXT
);
CREATE TABLE prisoner_roles (
    prisoner_id TEXT NOT NULL REFERENCES prisoners(id), role TEXT NOT NULL, PRIMARY KEY (prisoner_id, role)
);
CREATE TABLE charges (
    id INTEGER PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), article TEXT, code TEXT,
    description TEXT, category TEXT, max_penalty_years REAL
);
CREATE TABLE recognitions (
    id INTEGER PRIMARY KEY, prisoner_id TEXT NOT NULL REFERENCES prisoners(id), by_whom TEXT NOT NULL,
    date TEXT, criteria TEXT
);
CREATE TABLE prisoner_sources (
    prisoner_id TEXT NOT NULL REFERENCES prisoners(id), source_id INTEGER NOT NULL REFERENCES sources(id),
    quote TEXT, note TEXT
);
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id), source_id INTEGER NOT NULL REFERENCES sources(id),
    quote TEXT, note TEXT
);
CREATE TABLE organization_sources (
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    source_id INTEGER NOT NULL REFERENCES sources(id), quote TEXT, note TEXT
);
CREATE INDEX event_people_prisoner ON event_people(prisoner_id);
CREATE INDEX events_date_sort ON events(date_sort);
CREATE INDEX prisoners_status ON prisoners(status);
CREATE VIRTUAL TABLE prisoners_fts USING fts5(
    name, native_name, other_names, names_ascii, summary,
    content="prisoners", tokenize="unicode61 remove_diacritics 2"
);
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, summary, content="events", tokenize="unicode61 remove_diacritics 2"
);
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, record_id UNINDEXED, title, body, body_ascii, tokenize="unicode61 remove_diacritics 2"
);
"""


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value not in (None, [], {}) else None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


class _Writer:
    """Inserts a bundle into an open connection, collecting skipped links as warnings."""

    def __init__(self, db: sqlite3.Connection, bundle: Bundle) -> None:
        self.db = db
        self.bundle = bundle
        self.warnings: list[str] = []
        self.source_ids: dict[str, int] = {}

    def link_ok(self, exists: bool, what: str) -> bool:
        if not exists:
            self.warnings.append(f"skipped a link to {what}, which is not in the knowledge base")
        return exists

    def sources(self) -> None:
        for i, s in enumerate(self.bundle.sources(), 1):
            self.db.execute("INSERT INTO sources VALUES (?,?,?,?,?,?)",
                            (i, s["url"], s["title"], s["publisher"], s["published"], s["archive_url"]))
            self.source_ids[s["url"]] = i

    def citations(self, table: str, record_id: str, record: Any) -> None:
        for s in record.sources:
            self.db.execute(f"INSERT INTO {table} VALUES (?,?,?,?)",
                            (record_id, self.source_ids[s.url], s.quote, s.note))

    def organizations(self) -> None:
        for o in self.bundle.organizations:
            self.db.execute(
                "INSERT INTO organizations VALUES (?,?,?,?,?,?,?,?,?,?)",
                (o.id, o.name, o.native_name, _json([n.name for n in o.other_names]), o.type.value, o.country,
                 o.summary, _json(o.former_ids), _json(o.restricted_fields),
                 json.dumps(o.model_dump(mode="json"), ensure_ascii=False)),
            )
            self.citations("organization_sources", o.id, o)

    def prisoners(self) -> None:
        orgs = self.bundle.kb.organizations
        for p in self.bundle.prisoners:
            d = self.bundle.derived[p.id]
            self.db.execute(
                "INSERT INTO prisoners VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (p.id, p.name, p.native_name, _json([n.name for n in p.other_names]),
                 " ".join(dict.fromkeys(fold(n) for n in p.all_names())),
                 p.gender.value if p.gender else None, _str(p.born), p.country, _json([r.value for r in p.roles]),
                 d["status"], d["status_detail"], d["as_of"], d["status_basis"],
                 p.status.value if p.status else None, p.status_detail.value if p.status_detail else None,
                 _str(p.status_as_of), d["arrested"], _json(d["charge_categories"]), p.summary,
                 _json(p.former_ids), _json(p.restricted_fields),
                 json.dumps(p.model_dump(mode="json"), ensure_ascii=False)),
            )
            for role in dict.fromkeys(p.roles):
                self.db.execute("INSERT INTO prisoner_roles VALUES (?,?)", (p.id, role.value))
            for a in p.affiliations:
                if self.link_ok(a.org in orgs, f"organization `{a.org}` from prisoner `{p.id}`"):
                    self.db.execute("INSERT INTO affiliations (prisoner_id, organization_id, position, since, until)"
                                    " VALUES (?,?,?,?,?)", (p.id, a.org, a.position, _str(a.since), _str(a.until)))
            for r in p.recognitions:
                self.db.execute("INSERT INTO recognitions (prisoner_id, by_whom, date, criteria) VALUES (?,?,?,?)",
                                (p.id, r.by, _str(r.date), _json([c.value for c in r.criteria])))
            self.citations("prisoner_sources", p.id, p)

    def events(self) -> None:
        kb = self.bundle.kb
        for e in self.bundle.events:
            sentence = e.sentence
            self.db.execute(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (e.id, str(e.date), None if e.date.qualifier else e.date.lo.isoformat(), e.date.hi.isoformat(),
                 e.date.sort_key()[0].isoformat(), e.type.value, e.title, e.summary,
                 e.status_after.value if e.status_after else None, len(e.people), e.count, int(e.count_approximate),
                 sentence.text() if sentence else None, sentence.years if sentence else None,
                 int(sentence.suspended) if sentence else None, e.court, e.facility, e.location, e.by,
                 _json(e.echr.model_dump(mode="json", exclude_none=True)) if e.echr else None,
                 _json(e.former_ids), _json(e.restricted_fields), e.judge,
                 json.dumps(e.model_dump(mode="json"), ensure_ascii=False)),
            )
            for pid in dict.fromkeys(e.people):
                if self.link_ok(pid in kb.prisoners, f"prisoner `{pid}` from event `{e.id}`"):
                    self.db.execute("INSERT INTO event_people VALUES (?,?)", (e.id, pid))
            for oid in dict.fromkeys(e.organizations):
                if self.link_ok(oid in kb.organizations, f"organization `{oid}` from event `{e.id}`"):
                    self.db.execute("INSERT INTO event_organizations VALUES (?,?)", (e.id, oid))
            from pp_cli.charges import resolve

            for c in e.charges:
                r = resolve(kb, c, e)  # description and category from the code registry where not written
                self.db.execute(
                    "INSERT INTO charges (event_id, article, code, description, category, max_penalty_years)"
                    " VALUES (?,?,?,?,?,?)", (e.id, c.article, r.code, r.description, r.category, r.max_penalty_years))
            self.citations("event_sources", e.id, e)

    def full_text(self) -> None:
        self.db.execute("INSERT INTO prisoners_fts(prisoners_fts) VALUES ('rebuild')")
        self.db.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
        from pp_cli.search import SEPARATOR, fold_text, record_texts

        for kind, rid, title, _date, fields in record_texts(self.bundle.kb):
            body = "\n".join(SEPARATOR.join(v for v in values if v) for values in fields.values())
            self.db.execute("INSERT INTO search_index VALUES (?,?,?,?,?)", (kind, rid, title, body, fold_text(body)))

    def meta(self) -> None:
        for key, value in self.bundle.meta().items():
            self.db.execute("INSERT INTO meta VALUES (?,?)", (key, json.dumps(value) if not isinstance(value, str)
                                                               else value))


def write(bundle: Bundle, path: Path, *, events: bool = False) -> list[str]:
    """Create the database at `path` (which must not exist yet); return warnings."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.executescript(SCHEMA)
        writer = _Writer(db, bundle)
        with db:
            writer.meta()
            writer.sources()
            writer.organizations()
            writer.prisoners()
            writer.events()
            writer.full_text()
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - links are checked before inserting
            raise RuntimeError(f"foreign key check failed: {problems[:3]}")
        db.execute("VACUUM")
    finally:
        db.close()
    return writer.warnings
