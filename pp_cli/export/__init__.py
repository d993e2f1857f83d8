"""Complete exports of a knowledge base, one module per format, chosen by `ExportFormat`.

Every exporter works from a `Bundle`: the records (already without restricted
material for `--public`, see `pp_cli.privacy`), each person's derived status
from `queries.person_row` (so exports agree with `pp list`), and the sources
gathered across records. Text formats define `render(bundle, **options) -> str`,
and those that may be large also `stream(bundle, out, **options)`, which
writes piece by piece instead of building the text in memory (JSON Lines);
file formats (`FILE = True`: SQLite, XLSX) define `write(bundle, path,
**options) -> list[str]` (warnings) and need `--output`. Options are
`events` (CSV: a row per event) and `excel` (CSV: BOM and CRLF).

The JSON formats carry `format` and `format_version` in their metadata
(`FORMAT_VERSION`, documented in docs/exports.md): a consumer can tell what it
reads, and the version changes whenever a field changes meaning or goes away.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.models import Event, Organization, Prisoner


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    popolo = "popolo"
    markdown = "markdown"
    sqlite = "sqlite"


# Bumped when a field of the JSON exports changes meaning or goes away (adding one keeps it); docs/exports.md.
FORMAT_VERSION = 1


def exporter(fmt: ExportFormat) -> ModuleType:
    """The module that writes `fmt` (imported lazily)."""
    return importlib.import_module(f"pp_cli.export.{fmt.value}_export")


# Derived per-person columns exported beside each record (from queries.person_row).
DERIVED_KEYS = ("status", "status_detail", "as_of", "status_basis", "arrested", "charges", "charge_categories")


@dataclass
class Bundle:
    """What an export contains, in a stable order (people and organizations by id, events by date)."""

    kb: KnowledgeBase
    public: bool
    exported_at: str
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)
    _sources: list[dict[str, Any]] | None = field(default=None, repr=False)
    _events: list[Event] | None = field(default=None, repr=False)

    @property
    def prisoners(self) -> list[Prisoner]:
        return [self.kb.prisoners[k] for k in sorted(self.kb.prisoners)]

    @property
    def events(self) -> list[Event]:
        from pp_cli.kb import event_order

        if self._events is None:
            self._events = sorted(self.kb.events.values(), key=event_order)
        return self._events

    @property
    def organizations(self) -> list[Organization]:
        return [self.kb.organizations[k] for k in sorted(self.kb.organizations)]

    def meta(self) -> dict[str, Any]:
        from pp_cli import __version__

        return {
            "format": "pp-export",
            "format_version": FORMAT_VERSION,
            "schema": "docs/exports.md",
            "exported_by": f"pp {__version__}",
            "exported_at": self.exported_at,
            "public": self.public,
            "prisoners": len(self.kb.prisoners),
            "events": len(self.kb.events),
            "organizations": len(self.kb.organizations),
            "sources": len(self.sources()),
            "note": (
                "status, status_detail, as_of, status_basis, arrested and charges are derived from the events "
                "(as in `pp list`); everything else is as recorded"
                + ("; records and fields marked restricted are left out" if self.public else "")
            ),
        }

    def records(self) -> list[tuple[str, Prisoner | Event | Organization]]:
        """Every record with its kind, in export order."""
        return (
            [("prisoner", p) for p in self.prisoners]
            + [("event", e) for e in self.events]
            + [("organization", o) for o in self.organizations]
        )

    def sources(self) -> list[dict[str, Any]]:
        """Every cited source once (by URL, first citation's details), with the records citing it."""
        if self._sources is None:
            self._sources = self._gather_sources()
        return self._sources

    def _gather_sources(self) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        seen: set[tuple[str, str, str]] = set()
        for kind, record in self.records():
            for s in record.sources:
                entry = found.setdefault(s.url, {
                    "url": s.url, "title": s.title, "publisher": s.publisher,
                    "published": str(s.published) if s.published else None,
                    "archive_url": s.archive_url, "cited_by": [],
                })
                if (s.url, kind, record.id) not in seen:
                    seen.add((s.url, kind, record.id))
                    entry["cited_by"].append({"kind": kind, "id": record.id})
        return sorted(found.values(), key=lambda s: s["url"])

    def prisoner_dict(self, prisoner: Prisoner) -> dict[str, Any]:
        """The record as loaded, plus its derived status under `derived`."""
        return {**record_dict(prisoner), "derived": self.derived[prisoner.id]}


FIRST = ("id", "name", "date", "type", "title")
LAST = ("sources", "disputed", "former_ids", "restricted", "restricted_fields")


def record_dict(record: Prisoner | Event | Organization) -> dict[str, Any]:
    """Every field of `record` as JSON-ready values, identifying fields first, bookkeeping last."""
    data = record.model_dump(mode="json")
    keys = [k for k in FIRST if k in data] + [k for k in data if k not in FIRST and k not in LAST]
    return {k: data[k] for k in [*keys, *(k for k in LAST if k in data)]}


def build(kb: KnowledgeBase, *, public: bool = False, now: datetime | None = None) -> Bundle:
    """The bundle every exporter writes; `public` leaves out everything marked restricted."""
    from pp_cli.privacy import hide_derived, public_kb
    from pp_cli.queries import person_row

    if public:
        kb = public_kb(kb)
    stamp = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    bundle = Bundle(kb, public, stamp)
    for p in kb.prisoners.values():
        row = person_row(kb, p)
        if public:
            hide_derived(row, p)
        bundle.derived[p.id] = {k: row[k] for k in DERIVED_KEYS}
    return bundle


def write_text(module: ModuleType, bundle: Bundle, out: TextIO, **options: Any) -> None:
    """Write a text format to `out`: streamed where the format can, else rendered whole."""
    if hasattr(module, "stream"):
        module.stream(bundle, out, **options)
    else:
        out.write(module.render(bundle, **options))


def save(bundle: Bundle, fmt: ExportFormat, path: Path | str, *, force: bool = False, root: Path | None = None,
         **options: Any) -> list[str]:
    """Write an export to `path` through `pp_cli.output` (atomic, only over a regular file); return warnings.

    Refuses to replace an existing file unless `force`, to write inside the
    knowledge base's data/ (`root`), or to replace a device, pipe or link; a
    failed export leaves nothing behind. `-` writes a text format to stdout.
    """
    from pp_cli import output

    module = exporter(fmt)
    if getattr(module, "FILE", False):
        if output.is_stdout(path):
            from pp_cli.errors import UsageError

            raise UsageError(f"--format {fmt.value} writes a file, not standard output", "add --output PATH")

        def write(tmp: Path) -> list[str]:
            import sqlite3

            tmp.unlink()  # sqlite3 and the workbook writer create the file themselves
            try:
                return module.write(bundle, tmp, **options)
            except sqlite3.OperationalError as exc:  # "database or disk is full", "unable to open"
                raise output.OutputError(f"cannot write {path}: {exc}") from None

        return output.write_file(path, write, force=force, root=root)
    output.write_text(path, lambda out: write_text(module, bundle, out, **options), force=force, root=root)
    return []
