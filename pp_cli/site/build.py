"""`pp site build`: every file of the site, from the public records, written where it was asked to go."""

from __future__ import annotations

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


def files(site: Site, progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file of the site, in a stable order."""
    yield from assets.files()
    yield from pages.index_pages(site)
    yield from pages.browse_page(site)
    yield from pages.listings(site)
    yield from pages.events_page(site)
    yield from pages.charts_page(site)
    yield from pages.data_page(site)
    yield from pages.not_found_page(site)
    total = len(site.order)
    for done, pid in enumerate(site.order, 1):
        doc = person_document(site, pid)
        yield pages.person_page(site, pid, doc)
        yield f"{API}/people/{pid}.json", dumps(doc)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    for old, new in sorted(site.redirects.items()):
        yield pages.redirect_page(site, old, new)
    yield f"{API}/people.json", dumps(people_document(site))
    yield f"{API}/index.json", dumps(search_index(site))
    yield f"{API}/figures.json", dumps(figures_document(site))
    yield f"{API}/schema.json", dumps(PERSON_SCHEMA)
    yield "people.csv", csv_text(site).encode("utf-8")
    yield "feed.xml", feed.render(site)


def build(kb: KnowledgeBase, out: Path, *, title: str, lang: str, base_url: str | None = None,
          force: bool = False, progress: Progress | None = None) -> Built:
    """Write the site of `kb`'s public records to `out`; only files whose content changed are written."""
    started = time.perf_counter()
    out = check_out(out, kb.root, force=force)
    site = collect(kb, title=title, lang=lang, base_url=base_url)
    writer = SiteWriter(out)
    count = 0
    try:
        for rel, content in files(site, progress):
            writer.write(rel, content)
            count += 1
        report = writer.finish()
    finally:
        writer.close()
    return Built(out, site, report, count, time.perf_counter() - started)
