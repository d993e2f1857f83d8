"""`pp site build`: every file of the site, from the public records, written where it was asked to go."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pp_cli.kb import KnowledgeBase
from pp_cli.site import assets, feed, pages
from pp_cli.site.data import (
    API,
    PERSON_SCHEMA,
    Site,
    collect,
    csv_text,
    dumps,
    figures_document,
    people_document,
    person_document,
    search_index,
)
from pp_cli.site.writer import Report, SiteWriter, check_out

Progress = Callable[[int, int], None]


@dataclass
class Built:
    out: Path
    site: Site
    report: Report
    files: int
    seconds: float


PARALLEL_FROM = 1_000  # people: below this, a second process costs more than it saves


def shared_files(site: Site) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file but the people's own pages and documents, in a stable order."""
    yield from assets.files()
    yield from pages.index_pages(site)
    yield from pages.browse_page(site)
    yield from pages.listings(site)
    yield from pages.events_page(site)
    yield from pages.charts_page(site)
    yield from pages.data_page(site)
    yield from pages.not_found_page(site)
    for old, new in sorted(site.redirects.items()):
        yield pages.redirect_page(site, old, new)
    yield f"{API}/people.json", dumps(people_document(site))
    yield f"{API}/index.json", dumps(search_index(site))
    yield f"{API}/figures.json", dumps(figures_document(site))
    yield f"{API}/schema.json", dumps(PERSON_SCHEMA)
    yield "people.csv", csv_text(site).encode("utf-8")
    yield "feed.xml", feed.render(site)


def people_files(site: Site, pids: list[str]) -> Iterator[tuple[str, bytes]]:
    """Each person's page and JSON document."""
    for pid in pids:
        doc = person_document(site, pid)
        yield pages.person_page(site, pid, doc)
        yield f"{API}/people/{pid}.json", dumps(doc)


def files(site: Site) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file of the site."""
    yield from shared_files(site)
    yield from people_files(site, site.order)


def shared_inputs(site: Site) -> bytes:
    """A digest of everything a person's page reads besides that person's own document and row.

    That is pp's own code (templates, strings, rules), the site's settings,
    every person's name (pages link co-defendants by name), the organizations
    (names, and the facility registry places resolve against) and the charge
    pages that exist. When it changes, every person's page is rendered again;
    otherwise only those whose own inputs changed (see `_write_people`).
    """
    from pp_cli import __version__

    digest = hashlib.blake2b(digest_size=20)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".css", ".js", ".svg", ".yaml") and path.is_file():
            digest.update(f"{path.relative_to(package)}\0".encode() + path.read_bytes() + b"\0")
    orgs = {oid: org.model_dump(mode="json") for oid, org in sorted(site.kb.organizations.items())}
    digest.update(json.dumps([__version__, site.title, site.lang, site.base_url,
                              [(pid, site.rows[pid]["name"]) for pid in site.order], orgs,
                              sorted((key, group.slug) for key, group in site.charges.items())],
                             sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.digest()


def _write_people(writer: SiteWriter, site: Site, shared: bytes, pids: list[str], progress: Progress | None,
                  total: int) -> int:
    """Write each person's JSON document, and their page unless it was made from the very same inputs
    (`shared`: `shared_inputs(site)`, and the person's own)."""
    count = 0
    for n, pid in enumerate(pids, 1):
        doc = person_document(site, pid)
        content = dumps(doc)
        writer.write(f"{API}/people/{pid}.json", content)
        own = json.dumps(site.rows[pid], sort_keys=True, ensure_ascii=False, default=str).encode()
        inputs = hashlib.blake2b(shared + own + b"\0" + content, digest_size=20).hexdigest()
        page_rel = f"people/{pid}/index.html"
        if not writer.keep(page_rel, inputs):
            rel, page = pages.person_page(site, pid, doc)
            writer.write(rel, page, inputs=inputs)
        count += 2
        if progress and n % 1000 == 0:
            progress(min(total, n), total)
    return count


def build(kb: KnowledgeBase, out: Path, *, title: str, lang: str, base_url: str | None = None,
          force: bool = False, progress: Progress | None = None) -> Built:
    """Write the site of `kb`'s public records to `out`; only files whose content changed are written.

    With many people and two cores, a forked child writes every other person's
    page (it already holds the records) and sends back what it wrote; if it
    fails, this process writes them too.
    """
    from pp_cli import forking

    started = time.perf_counter()
    out = check_out(out, kb.root, force=force)
    site = collect(kb, title=title, lang=lang, base_url=base_url)
    shared = shared_inputs(site)
    mine, theirs = site.order, []
    wait = None
    if forking.AVAILABLE and len(site.order) >= PARALLEL_FROM:
        mine, theirs = site.order[0::2], site.order[1::2]
        wait = forking.in_child(lambda: _child(site, shared, out, theirs))
    writer = SiteWriter(out)
    try:
        count = _write_people(writer, site, shared, mine, progress, len(site.order))
        for rel, content in shared_files(site):
            writer.write(rel, content)
            count += 1
        if wait is not None:
            done = wait()
            if done is None:
                count += _write_people(writer, site, shared, theirs, None, 0)
            else:
                count += writer.absorb(json.loads(done))
        if progress:
            progress(len(site.order), len(site.order))
        report = writer.finish()
    finally:
        writer.close()
    return Built(out, site, report, count, time.perf_counter() - started)


def _child(site: Site, shared: bytes, out: Path, pids: list[str]) -> bytes:
    """In the forked child: write these people's files and say what was written."""
    writer = SiteWriter(out)
    try:
        _write_people(writer, site, shared, pids, None, 0)
        return json.dumps(writer.share()).encode()
    finally:
        writer.close()
