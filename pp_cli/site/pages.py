"""The HTML pages of the site: index, listings, a page per person, organization, charge, facility.

Every page is complete without JavaScript: listings are plain tables split
into pages of `PAGE_SIZE` people with links between them, and there is a
pre-built listing per status, role, organization, charge article and
category, arrest year and place of detention (the filters without a
server). The index alone loads the site's script, which adds instant
filtering, search and sorting from the JSON index.

Links are relative (`../../people/x/`), so the site works from any folder
of any host. All text goes through `markup.h`/`esc`; nothing from a record
is ever inserted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pp_cli import __version__
from pp_cli.site import assets, charts
from pp_cli.site.data import (
    API,
    API_VERSION,
    PAGE_SIZE,
    Site,
    charge_slug,
    person_document,
    person_url,
    place_key,
    status_counts,
)
from pp_cli.site.markup import Markup, esc, h, join, safe_url, table
from pp_cli.site.strings import label, native_lang, t
from pp_cli.vocab import ChargeCategory, Role, Status

EXTERNAL = "nofollow noopener noreferrer"
_LINK = re.compile(r"^[A-Za-z0-9._~/#-]*$")
UP = "<UP>"  # stands for a page's way up to the root in rows shared by many pages; record text never holds it raw
Output = Iterator[tuple[str, bytes]]


@dataclass
class Page:
    """Where a page sits in the site, so that its links can be relative."""

    site: Site
    path: str  # e.g. "people/seymur-hazi/index.html"

    @property
    def up(self) -> str:
        return "../" * self.path.count("/")

    def link(self, target: str) -> Markup:
        """A relative link to `target` (a path in the site built from ids and slugs: nothing to escape)."""
        if not _LINK.match(target):
            raise ValueError(f"unexpected characters in a link inside the site: {target!r}")
        return Markup(self.up + target or "./")

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.site.lang, **values)

    def label(self, kind: str, code: str | None) -> str:
        return label(kind, code, self.site.lang)


_TITLE, _MAIN = Markup("<TITLE>"), Markup("<MAIN>")  # places in a shell; escaped record text never holds them


def document(page: Page, title: str, main: Markup, *, script: bool = False, head: Markup | None = None) -> bytes:
    """A whole page: head with the Content-Security-Policy, site header, main content, footer.

    The shell around the title and the content is the same for every page as
    deep in the site, so it is built once per depth (and script) and kept.
    """
    site = page.site
    full_title = title if title == site.title else f"{title} · {site.title}"
    if head is not None:
        return _shell(page, _TITLE, _MAIN, script, head).replace(_TITLE, esc(full_title)).replace(
            _MAIN, main, 1).encode("utf-8")
    key = (page.up, script)
    parts = site.shell_cache.get(key)
    if parts is None:
        shell = _shell(page, _TITLE, _MAIN, script, None)
        before, rest = shell.split(_TITLE, 1)
        middle, after = rest.split(_MAIN, 1)
        parts = site.shell_cache[key] = (before, middle, after)
    return f"{parts[0]}{esc(full_title)}{parts[1]}{main}{parts[2]}".encode()


def _shell(page: Page, full_title: Markup, main: Markup, script: bool, head: Markup | None) -> str:
    site = page.site
    nav = h("ul", [
        h("li", h("a", page.t("nav_people"), href=page.link(""))),
        h("li", h("a", page.t("nav_events"), href=page.link("events/"))),
        h("li", h("a", page.t("nav_browse"), href=page.link("browse/"))),
        h("li", h("a", page.t("nav_charts"), href=page.link("charts/"))),
        h("li", h("a", page.t("nav_data"), href=page.link("data/"))),
    ])
    html = h(
        "html",
        h("head",
          h("meta", charset="utf-8"),
          h("meta", name="viewport", content="width=device-width, initial-scale=1"),
          h("meta", http_equiv="Content-Security-Policy", content=assets.CSP),
          h("meta", name="referrer", content="no-referrer"),
          h("meta", name="generator", content=f"pp {__version__}"),
          h("title", full_title),
          h("link", rel="stylesheet", href=page.link(assets.STYLESHEET)),
          h("link", rel="icon", type="image/svg+xml", href=page.link(assets.ICON)),
          h("link", rel="alternate", type="application/atom+xml", href=page.link("feed.xml"),
            title=page.t("feed_title", site=site.title)),
          h("script", src=page.link(assets.SCRIPT), defer=True) if script else None,
          head),
        h("body",
          h("a", page.t("skip"), href="#main", class_="skip"),
          h("header", h("a", site.title, href=page.link(""), class_="site-name"),
            h("nav", nav, aria_label=page.t("nav_people") + " · " + page.t("nav_data")), class_="site-header"),
          h("main", main, id="main"),
          h("footer", h("p", page.t("footer", version=__version__)),
            h("p", page.t("footer_data"), ": ",
              join([h("a", "JSON", href=page.link(f"{API}/people.json")),
                    h("a", "CSV", href=page.link("people.csv")),
                    h("a", "Atom", href=page.link("feed.xml"))], " · ")),
            class_="site-footer")),
        lang=site.lang,
    )
    return "<!DOCTYPE html>\n" + html + "\n"


# -- shared pieces --------------------------------------------------------------------------

def date_html(text: str | None) -> Markup:
    """A partial date as written; machine-readable where it is a plain year, month or day."""
    if not text:
        return Markup("—")
    if text.startswith(("by ", "before ")):
        return Markup(f"<time>{esc(text)}</time>")
    value = esc(text)
    return Markup(f'<time datetime="{value}">{value}</time>')


def as_of_text(page: Page, written: str) -> str:
    """"as of 2016-05-26", or "by 2016-05-26" where the source only shows it held by then."""
    for qualifier in ("by", "before"):
        if written.startswith(qualifier + " "):
            return page.t(f"as_of_{qualifier}", date=written[len(qualifier) + 1:])
    return page.t("as_of_single", date=written)


def status_html(page: Page, row: dict[str, Any]) -> Markup:
    if row["status"] is None:
        return esc(page.t("status_hidden"))
    detail = f" ({page.label('status_detail', row['status_detail'])})" if row["status_detail"] else ""
    return Markup(h("span", page.label("status", row["status"]), class_=f"status status-{row['status']}") + esc(detail))


def name_html(page: Page, pid: str) -> Markup:
    row = page.site.rows[pid]
    out = h("a", row["name"], href=page.link(person_url(pid)))
    native = row["native_name"]
    if native and native != row["name"]:
        out += h("br") + h("span", native, class_="small", lang=native_lang(row["country"]))
    return Markup(out)


def charge_links(page: Page, row: dict[str, Any]) -> Markup:
    parts = []
    for token in row["charges"]:
        if token in ChargeCategory.__members__:
            parts.append(h("a", page.label("category", token), href=page.link(f"categories/{token}/")))
        elif token in page.site.article_slugs:
            parts.append(h("a", token, href=page.link(f"charges/{page.site.article_slugs[token]}/")))
        else:
            parts.append(esc(token))
    return join(parts)


def org_links(page: Page, orgs: Iterable[str]) -> Markup:
    known = page.site.kb.organizations
    return join(h("a", known[o].name, href=page.link(f"organizations/{o}/")) if o in known else esc(o) for o in orgs)


def role_links(page: Page, roles: Iterable[str]) -> Markup:
    return join(h("a", page.label("role", r), href=page.link(f"roles/{r}/")) for r in roles)


SORTABLE = {0: "name", 1: "status", 2: "as_of", 6: "arrested"}


class _Shared(Page):
    """A page anywhere: its links start with `UP`, replaced by each page's own way up."""

    @property
    def up(self) -> str:
        return UP


def person_row(page: Page, pid: str) -> str:
    """One person's row of a listing; rendered once per build and shared by every listing they are in."""
    cache = page.site.row_cache
    row = cache.get(pid)
    if row is None:
        shared = _Shared(page.site, "")
        r = page.site.rows[pid]
        row = cache[pid] = h("tr",
                             h("th", name_html(shared, pid), scope="row"),
                             h("td", status_html(shared, r)),
                             h("td", date_html(r["as_of"]), class_="nowrap"),
                             h("td", role_links(shared, r["roles"])),
                             h("td", org_links(shared, r["affiliations"])),
                             h("td", charge_links(shared, r)),
                             h("td", date_html(r["arrested"]), class_="nowrap"))
    return row.replace(UP, page.up)


def people_table(page: Page, pids: list[str], caption: str, *, table_id: str | None = None) -> Markup:
    """The list of people as a table: name (a row header), status, as-of date, roles, affiliations, charges."""
    head = [page.t("col_name"), page.t("col_status"), page.t("col_as_of"), page.t("col_roles"),
            page.t("col_affiliations"), page.t("col_charges"), page.t("col_arrested")]
    body = Markup("".join([person_row(page, pid) for pid in pids]))
    sortable = table_id is not None
    thead = h("thead", h("tr", [h("th", c, scope="col", data_sort=SORTABLE.get(i) if sortable else None)
                                for i, c in enumerate(head)]))
    return h("div", h("table", h("caption", caption), thead, h("tbody", body), id=table_id, class_="people"),
             class_="scroll")


def pager(page: Page, count: int, current: int, url_of, *, nav_id: str | None = None) -> Markup:
    """Links to the pages of a listing: first, previous, a few around this one, next, last."""
    if count <= 1:
        return Markup("")
    wanted = sorted({1, count, *range(max(1, current - 3), min(count, current + 3) + 1)})
    items = []
    if current > 1:
        items.append(h("li", h("a", page.t("previous"), href=page.link(url_of(current - 1)), rel="prev")))
    last = 0
    for n in wanted:
        if n - last > 1:
            items.append(h("li", "…"))
        if n == current:
            items.append(h("li", h("a", str(n), href=page.link(url_of(n)), aria_current="page")))
        else:
            items.append(h("li", h("a", str(n), href=page.link(url_of(n)), aria_label=page.t("page_n", n=n))))
        last = n
    if current < count:
        items.append(h("li", h("a", page.t("next"), href=page.link(url_of(current + 1)), rel="next")))
    return h("nav", h("ul", items), class_="pager", aria_label=page.t("pager"), id=nav_id)


def caption_for(page: Page, total: int, start: int, shown: int) -> str:
    if total <= shown:
        return page.t("people_caption_all", total=total)
    return page.t("people_caption", first=start + 1, last=start + shown, total=total)


def listing(site: Site, base: str, heading: str, pids: list[str], *, before: Markup | None = None,
            after: Markup | None = None) -> Output:
    """A listing of people at `base` (a folder such as `status/detained/`), split into pages."""
    def url_of(n: int) -> str:
        return base if n == 1 else f"{base}{n}/"

    count = max(1, -(-len(pids) // PAGE_SIZE))
    for n in range(1, count + 1):
        page = Page(site, url_of(n) + "index.html")
        chunk = pids[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        main = [h("h1", heading)]
        if n == 1 and before is not None:
            main.append(before)
        if pids:
            main.append(people_table(page, chunk, caption_for(page, len(pids), (n - 1) * PAGE_SIZE, len(chunk))))
        else:
            main.append(h("p", page.t("none_yet")))
        main.append(pager(page, count, n, url_of))
        if n == 1 and after is not None:
            main.append(after)
        title = heading if n == 1 else f"{heading} · {page.t('page_n', n=n)}"
        yield page.path, document(page, title, Markup("".join(main)))


# -- the index --------------------------------------------------------------------------------

def counts_table(page: Page) -> Markup:
    rows = []
    for item in status_counts(page.site):
        if item["as_of_first"] is None:
            when = page.t("as_of_none")
        elif item["as_of_first"] == item["as_of_last"]:
            when = as_of_text(page, item["as_of_first"])
        else:
            when = page.t("as_of_range", first=item["as_of_first"], last=item["as_of_last"])
        if item["undated"] and item["as_of_first"] is not None:
            when += "; " + page.t("as_of_mixed", undated=item["undated"])
        link = h("a", page.label("status", item["status"]), href=page.link(f"status/{item['status']}/"),
                 class_=f"status status-{item['status']}")
        rows.append([link, str(item["people"]), when])
    head = [page.t("col_status"), page.t("col_people"), page.t("col_as_of")]
    return h("div", table(page.t("counts_caption"), head, rows, numeric=[1], class_="counts", id="counts"),
             class_="scroll")


def filter_form(page: Page) -> Markup:
    """The filter panel: hidden until the script shows it (without the script, the browse pages filter)."""
    site = page.site

    def select(name: str, options: list[tuple[str, str]]) -> Markup:
        return h("label", page.t(f"filter_{name}"),
                 h("select", h("option", page.t("filter_any"), value=""),
                   [h("option", text, value=value) for value, text in options], name=name))

    statuses = [(s.value, page.label("status", s.value)) for s in Status if site.people_with("status", s.value)]
    roles = [(r.value, page.label("role", r.value)) for r in Role if site.people_with("roles", r.value)]
    orgs = sorted(((oid, site.kb.organizations[oid].name) for oid in site.members if oid in site.kb.organizations),
                  key=lambda o: o[1].lower())
    present = {c for r in site.rows.values() for c in r["charge_categories"]}
    charges = [(c.value, page.label("category", c.value)) for c in ChargeCategory if c.value in present]
    charges += [(g.article, f"{page.t('col_article')} {g.article}") for g in site.charges.values()]
    charges = list(dict.fromkeys(charges))
    years = [(str(y), str(y)) for y in site.arrest_years()]
    fields = h("fieldset",
               h("legend", page.t("filter_heading")),
               h("label", page.t("filter_search"), h("input", type="search", name="q", autocomplete="off")),
               select("status", statuses), select("role", roles), select("affiliation", orgs),
               select("charge", charges), select("year", years),
               h("button", page.t("filter_reset"), type="reset"))
    return h("form", fields, h("p", "", id="filter-status", class_="filter-status small", role="status",
                                aria_live="polite"),
             id="filters", class_="filters", hidden=True, data_index=page.link(f"{API}/index.json"),
             data_root=page.up, data_loading=page.t("filter_loading"), data_failed=page.t("filter_failed"),
             data_count=page.t("filter_count"), data_sort=page.t("filter_sort"))


def index_pages(site: Site) -> Output:
    """The index (counts, filters, the first page of people) and the rest of the list at list/N/."""
    def url_of(n: int) -> str:
        return "" if n == 1 else f"list/{n}/"

    pids = site.order
    count = max(1, -(-len(pids) // PAGE_SIZE))
    for n in range(1, count + 1):
        page = Page(site, url_of(n) + "index.html")
        chunk = pids[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        caption = caption_for(page, len(pids), (n - 1) * PAGE_SIZE, len(chunk))
        if n == 1:
            main = [
                h("h1", page.t("index_heading")),
                h("p", page.t("index_intro", people=len(pids)), class_="lead"),
                counts_table(page),
                h("p", h("a", page.t("nav_charts"), href=page.link("charts/")), " · ",
                  h("a", page.t("browse_link"), href=page.link("browse/")), " · ",
                  h("a", page.t("nav_data"), href=page.link("data/"))),
                h("h2", page.t("people_heading"), id="people-heading"),
                filter_form(page),
                h("p", page.t("no_script"), " ", h("a", page.t("browse_link"), href=page.link("browse/")),
                  id="no-script", class_="small"),
                people_table(page, chunk, caption, table_id="people"),
                h("button", page.t("filter_more"), type="button", id="more", class_="more", hidden=True),
                pager(page, count, n, url_of, nav_id="pager"),
            ]
            yield page.path, document(page, site.title, Markup("".join(main)), script=True)
        else:
            main = [h("h1", f"{page.t('people_heading')} · {page.t('page_n', n=n)}"),
                    people_table(page, chunk, caption), pager(page, count, n, url_of)]
            yield page.path, document(page, f"{page.t('people_heading')} · {page.t('page_n', n=n)}",
                                      Markup("".join(main)))


# -- browse and the listings by value ----------------------------------------------------------

def listings(site: Site) -> Output:
    """One listing per status, role, organization, charge category and article, arrest year and facility."""
    for s in Status:
        pids = site.people_with("status", s.value)
        if pids:
            yield from listing(site, f"status/{s.value}/", t("status_heading", site.lang,
                                                               label=label("status", s.value, site.lang)), pids)
    for r in Role:
        pids = site.people_with("roles", r.value)
        if pids:
            yield from listing(site, f"roles/{r.value}/", t("role_heading", site.lang,
                                                             label=label("role", r.value, site.lang)), pids)
    for c in ChargeCategory:
        pids = site.people_with("charge_categories", c.value)
        if pids:
            yield from listing(site, f"categories/{c.value}/",
                               t("category_heading", site.lang, label=label("category", c.value, site.lang)), pids)
    for group in site.charges.values():
        page = Page(site, f"charges/{group.slug}/index.html")
        intro = [h("p", page.t("charge_code", code=group.code))] if group.code else []
        intro.append(h("p", page.t("charge_descriptions"), ": ", join(sorted(group.descriptions), "; ")))
        pids = [pid for pid in site.order if pid in group.people]
        yield from listing(site, f"charges/{group.slug}/", t("charge_heading", site.lang, label=group.article),
                           pids, before=Markup("".join(intro)))
    for year, pids in site.arrest_years().items():
        page = Page(site, f"years/{year}/index.html")
        yield from listing(site, f"years/{year}/", t("year_heading", site.lang, label=year), pids,
                           before=h("p", page.t("year_intro", label=year), class_="lead"))
    for place in site.facilities.values():
        page = Page(site, f"facilities/{place.slug}/index.html")
        name = sorted(place.names)[0]
        others = sorted(place.names)[1:]
        intro = h("p", page.t("facility_intro"), class_="lead")
        if others:
            intro += h("p", page.t("other_names"), ": ", join(others, "; "))
        pids = [pid for pid in site.order if pid in place.people]
        yield from listing(site, f"facilities/{place.slug}/", t("facility_heading", site.lang, label=name), pids,
                           before=Markup(intro))
    for oid, org in sorted(site.kb.organizations.items()):
        yield from organization_pages(site, oid, org)


def organization_pages(site: Site, oid: str, org) -> Output:  # type: ignore[no-untyped-def]
    page = Page(site, f"organizations/{oid}/index.html")
    facts = [(page.t("org_type"), page.label("org_type", org.type.value))]
    if org.native_name and org.native_name != org.name:
        facts.insert(0, (page.t("native_name"), h("span", org.native_name, lang=native_lang(org.country))))
    if org.other_names:
        facts.append((page.t("other_names"), join(o.name for o in org.other_names)))
    before = [dl(facts)]
    if org.summary:
        before.append(h("p", org.summary, class_="lead"))
    sources = SourceList()
    refs = sources.cite_all(org.sources, org.name)
    if org.sources:
        before.append(h("p", page.t("sources_heading"), ": ", refs))
    before.append(h("h2", page.t("org_members", label=org.name)))
    events = site.org_events.get(oid, [])[:200]
    after = []
    if events:
        rows = []
        for e in events:
            title = h("a", e.title, href=page.link(event_link(site, e)))
            rows.append([date_html(str(e.date)), title, page.label("event", e.type.value)])
        after.append(h("h2", page.t("org_events", label=org.name)))
        after.append(h("div", table(page.t("org_events", label=org.name),
                                    [page.t("col_date"), page.t("col_event"), page.t("col_status")], rows),
                       class_="scroll"))
    if org.sources:
        after.append(sources.render(page))
    yield from listing(site, f"organizations/{oid}/", org.name, site.members.get(oid, []),
                       before=Markup("".join(before)), after=Markup("".join(after)))


def browse_page(site: Site) -> Output:
    page = Page(site, "browse/index.html")

    def section(key: str, items: list[tuple[str, str, int]]) -> Markup:
        body = h("ul", [h("li", h("a", text, href=page.link(url)), f" ({n})") for text, url, n in items],
                 class_="browse") if items else h("p", page.t("none_yet"))
        return Markup(h("h2", page.t(key)) + body)

    parts = [h("h1", page.t("browse_heading"))]
    parts.append(section("browse_status", [(page.label("status", s.value), f"status/{s.value}/", n) for s in Status
                                           if (n := len(site.people_with("status", s.value)))]))
    parts.append(section("browse_role", [(page.label("role", r.value), f"roles/{r.value}/", n) for r in Role
                                         if (n := len(site.people_with("roles", r.value)))]))
    orgs = sorted(site.kb.organizations.values(), key=lambda o: o.name.lower())
    parts.append(section("browse_org", [(o.name, f"organizations/{o.id}/", len(site.members.get(o.id, [])))
                                        for o in orgs]))
    parts.append(section("browse_category", [
        (page.label("category", c.value), f"categories/{c.value}/", n) for c in ChargeCategory
        if (n := len(site.people_with("charge_categories", c.value)))]))
    parts.append(section("browse_charge", [
        (g.article + (f" ({g.code})" if g.code else ""), f"charges/{g.slug}/", len(g.people))
        for g in site.charges.values()]))
    parts.append(section("browse_year", [(str(y), f"years/{y}/", len(p)) for y, p in site.arrest_years().items()]))
    parts.append(section("browse_facility", [(sorted(f.names)[0], f"facilities/{f.slug}/", len(f.people))
                                             for f in site.facilities.values()]))
    yield page.path, document(page, page.t("browse_heading"), Markup("".join(parts)))


# -- a person ------------------------------------------------------------------------------------

def dl(facts: list[tuple[object, object]]) -> Markup:
    items = "".join([f"<dt>{esc(k)}</dt><dd>{v if type(v) is Markup else esc(v)}</dd>"
                     for k, v in facts if v not in (None, "", [])])
    return Markup(f'<dl class="facts">{items}</dl>')


def person_link(page: Page, pid: str) -> str:
    """A link to a person's page by name (rendered once per build, like `person_row`)."""
    cache = page.site.link_cache
    link = cache.get(pid)
    if link is None:
        link = cache[pid] = f'<a href="{UP}people/{pid}/">{esc(page.site.rows[pid]["name"])}</a>'
    return link.replace(UP, page.up)


class SourceList:
    """The sources a page cites, numbered once each by URL, with every quote they are cited for."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    def cite(self, s: Any, where: str) -> Markup:
        entry = self.entries.setdefault(s.url, {"n": len(self.entries) + 1, "source": s, "quotes": {}})
        if s.quote:
            entry["quotes"].setdefault(s.quote, where)
        return Markup(f'<a href="#source-{entry["n"]}">{entry["n"]}</a>')

    def cite_all(self, sources: Iterable[Any], where: str) -> Markup:
        refs = [self.cite(s, where) for s in sources]
        return Markup(f'<span class="refs">[{", ".join(refs)}]</span>') if refs else Markup("")

    def render(self, page: Page) -> Markup:
        items = []
        published_t, archive_t = page.t("source_published", date="{date}"), esc(page.t("source_archive"))
        for entry in self.entries.values():
            s = entry["source"]
            line = f'<a href="{esc(safe_url(s.url))}" rel="{EXTERNAL}">{esc(s.title)}</a>'
            meta = [x for x in (s.publisher, published_t.replace("{date}", str(s.published)) if s.published else None)
                    if x]
            if meta:
                line += " — " + ", ".join([esc(m) for m in meta])
            if s.archive_url:
                line += f' · <a href="{esc(safe_url(s.archive_url))}" rel="{EXTERNAL}">{archive_t}</a>'
            if s.note:
                line += f'<p class="small">{esc(s.note)}</p>'
            line += "".join([f"<blockquote>{esc(quote)}</blockquote>" for quote in entry["quotes"]])
            items.append(f'<li id="source-{entry["n"]}">{line}</li>')
        heading = esc(page.t("sources_heading"))
        return Markup(f'<h2 id="sources">{heading}</h2><ol class="sources">{"".join(items)}</ol>')


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_text(v)}" for k, v in value.items() if v not in (None, [], ""))
    return "—" if value is None else str(value)


def dispute_boxes(page: Page, disputes: list[dict[str, Any]], sources: SourceList, where: str) -> Markup:
    boxes = []
    for d in disputes:
        refs = sources.cite_all([_Source(s) for s in d["sources"]], where)
        text = page.t("dispute_line", field=d["field"], recorded=_value_text(d["recorded"]),
                      claim=_value_text(d["claim"]))
        body = [h("strong", page.t("dispute_event")), ": ", text, " ", refs]
        if d["note"]:
            body.append(h("p", d["note"], class_="small"))
        boxes.append(h("div", body, class_="dispute", role="note"))
    return Markup("".join(boxes))


@dataclass(frozen=True)
class _Source:
    """A source back from its JSON form (person_document), for SourceList."""

    doc: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return self.doc.get(name)


def event_item(page: Page, pid: str | None, e: dict[str, Any], sources: SourceList) -> Markup:
    """One event of a timeline; `pid` is the person whose page it is on (their name is not repeated)."""
    parts = [f'<p>{date_html(e["date"])}<span class="event-type">{esc(page.label("event", e["type"]))}</span></p>'
             f'<h3>{esc(e["title"])}</h3>']
    if e["summary"]:
        parts.append(f'<p class="event-summary">{esc(e["summary"])}</p>')
    facts: list[tuple[object, object]] = []
    others = [p for p in e["people"] if p != pid]
    if others:
        facts.append((page.t("event_people"), Markup(", ".join([person_link(page, p) for p in others]))))
    if e["count"] is not None:
        key = "event_count_approx" if e["count_approximate"] else "event_count"
        facts.append(("", page.t(key, n=e["count"])))
    if e["sentence"]:
        s = e["sentence"]
        text = s["description"] + (f" ({page.t('sentence_suspended')})" if s["suspended"] else "")
        facts.append((page.t("event_sentence"), text))
    if e["charges"]:
        facts.append((page.t("charges_heading"), join(
            ": ".join(x for x in (c["article"], c["description"] or page.label("category", c["category"])) if x)
            for c in e["charges"])))
    if e["court"]:
        facts.append((page.t("event_court"), e["court"]))
    if e.get("judge"):
        facts.append((page.t("event_judge"), e["judge"]))
    if e["facility"]:
        key, name = place_key(page.site.kb, e["facility"])
        facts.append((page.t("event_facility"), h("a", name, href=page.link(f"facilities/{key}/"))))
    if e["location"]:
        facts.append((page.t("event_location"), e["location"]))
    if e["by"]:
        facts.append((page.t("event_by"), e["by"]))
    if e["echr"]:
        facts.append((page.t("event_echr"), _value_text(e["echr"])))
    if e["organizations"]:
        facts.append((page.t("fact_affiliations"), org_links(page, e["organizations"])))
    if facts:
        parts.append(dl(facts))
    if e["disputed"]:
        parts.append(dispute_boxes(page, e["disputed"], sources, e["title"]))
    refs = sources.cite_all([_Source(s) for s in e["sources"]], e["title"])
    if e["sources"]:
        parts.append(f'<p class="small">{esc(page.t("event_sources"))}: {refs}</p>')
    return Markup(f'<li id="event-{esc(e["id"])}">{"".join(parts)}</li>')


def person_page(site: Site, pid: str, doc: dict[str, Any] | None = None) -> tuple[str, bytes]:
    page = Page(site, f"people/{pid}/index.html")
    doc = doc or person_document(site, pid)
    row = site.rows[pid]
    lang = native_lang(doc["country"])
    sources = SourceList()
    summary_refs = sources.cite_all([_Source(s) for s in doc["sources"]], doc["name"])
    parts: list[Markup] = [h("h1", doc["name"])]
    if doc["native_name"] and doc["native_name"] != doc["name"]:
        parts.append(h("p", doc["native_name"], class_="native", lang=lang))

    st = doc["status"]
    line = [status_html(page, row)]
    if st["status"] is not None:
        line.append(" — ")
        line.append(esc(as_of_text(page, st["as_of"])) if st["as_of"] else esc(page.t("status_undated")))
        if st["basis"] == "events" and st["event"]:
            event = next((e for e in doc["timeline"] if e["id"] == st["event"]), None)
            if event is not None:
                line.append(Markup(", " + h("a", page.t("status_from_event", title=event["title"]),
                                            href=f"#event-{event['id']}")))
        elif st["basis"] == "declared":
            line.append(", " + page.t("status_declared"))
    parts.append(h("section", h("h2", page.t("status_heading_person"), id="h-status"),
                   h("p", line, class_="status-line"), aria_labelledby="h-status"))

    facts = [
        (page.t("fact_country"), doc["country"]),
        (page.t("fact_born"), date_html(doc["born"]) if doc["born"] else None),
        (page.t("fact_gender"), page.label("gender", doc["gender"]) if doc["gender"] else None),
        (page.t("fact_roles"), role_links(page, doc["roles"]) if doc["roles"] else None),
        (page.t("fact_affiliations"), join(
            Markup(h("a", a["name"] or a["org"], href=page.link(f"organizations/{a['org']}/"))
                   + (esc(f" ({a['position']})") if a["position"] else Markup(""))
                   + (esc(f" {a['since'] or '…'}–{a['until'] or ''}") if a["since"] or a["until"] else Markup("")))
            for a in doc["affiliations"]) if doc["affiliations"] else None),
        (page.t("col_arrested"), join(date_html(d) for d in doc["arrests"]) if doc["arrests"] else None),
        (page.t("fact_custody"), join(esc(f"{e['start'] or '…'}–{e['end'] or ''}: {e['text']}")
                                      for e in doc.get("custody", [])) if doc.get("custody") else None),
    ]
    parts.append(h("section", h("h2", page.t("facts_heading"), id="h-facts"), dl(facts), aria_labelledby="h-facts"))

    if doc["native_name"] or doc["other_names"]:
        names = []
        if doc["native_name"]:
            names.append([h("span", doc["native_name"], lang=lang), page.t("native_name")])
        names += [[o["name"], o["note"] or ""] for o in doc["other_names"]]
        parts.append(h("section", h("h2", page.t("names_heading"), id="h-names"),
                       table(page.t("names_heading"), [page.t("col_name"), page.t("col_description")], names,
                             hide_caption=True),
                       aria_labelledby="h-names"))
    if doc["summary"]:
        parts.append(h("section", h("h2", page.t("summary_heading"), id="h-summary"),
                       h("p", doc["summary"], " ", summary_refs), aria_labelledby="h-summary"))
    elif doc["sources"]:
        parts.append(h("p", page.t("sources_heading"), ": ", summary_refs))
    if doc["disputed"]:
        parts.append(h("section", h("h2", page.t("disputes_heading"), id="h-disputes"),
                       dispute_boxes(page, doc["disputed"], sources, doc["name"]), aria_labelledby="h-disputes"))

    items = [event_item(page, pid, e, sources) for e in doc["timeline"]]
    parts.append(h("section", h("h2", page.t("timeline_heading"), id="h-timeline"),
                   h("ol", items, class_="timeline") if items else h("p", page.t("timeline_empty")),
                   aria_labelledby="h-timeline", id="timeline"))

    if doc["charges"]:
        rows = []
        for c in doc["charges"]:
            article: Markup = esc(c["article"] or "—")
            group = c["key"] and site.charges.get(charge_slug(c["key"]))
            if group:
                article = h("a", c["article"], href=page.link(f"charges/{group.slug}/"))
            category = h("a", page.label("category", c["category"]),
                         href=page.link(f"categories/{c['category']}/")) if c["category"] else "—"
            rows.append([date_html(c["date"]), article, c["description"] or "—", category,
                         page.t("years", n=f"{c['max_penalty_years']:g}") if c["max_penalty_years"] else "—"])
        head = [page.t("col_date"), page.t("col_article"), page.t("col_description"), page.t("col_category"),
                page.t("col_max_penalty")]
        parts.append(h("section", h("h2", page.t("charges_heading"), id="h-charges"),
                       h("div", table(page.t("charges_heading"), head, rows, hide_caption=True), class_="scroll"),
                       aria_labelledby="h-charges"))
    if doc["sentences"]:
        suspended = f" ({page.t('sentence_suspended')})"
        rows = [[date_html(s["date"]), s["description"] + (suspended if s["suspended"] else ""), s["court"] or "—"]
                for s in doc["sentences"]]
        parts.append(h("section", h("h2", page.t("sentences_heading"), id="h-sentences"),
                       h("div", table(page.t("sentences_heading"),
                                      [page.t("col_date"), page.t("col_description"), page.t("event_court")], rows,
                                      hide_caption=True),
                         class_="scroll"), aria_labelledby="h-sentences"))
    if doc["held"]:
        latest = doc["held"][-1]
        rows = [[date_html(x["date"]), h("a", x["facility"], href=page.link(f"facilities/{x['slug']}/"))]
                for x in doc["held"]]
        parts.append(h("section", h("h2", page.t("held_heading"), id="h-held"),
                       h("p", page.t("held_latest", place=latest["facility"], date=latest["date"])),
                       table(page.t("held_heading"), [page.t("col_date"), page.t("event_facility")], rows,
                             hide_caption=True),
                       aria_labelledby="h-held"))
    if doc["recognitions"]:
        items = []
        for r in doc["recognitions"]:
            text = [r["by"]]
            if r["date"]:
                text += [", ", date_html(r["date"])]
            if r["criteria"]:
                text += [". ", page.t("recognition_criteria", criteria=", ".join(r["criteria"]))]
            text += [" ", sources.cite_all([_Source(s) for s in r["sources"]], r["by"])]
            items.append(h("li", text))
        parts.append(h("section", h("h2", page.t("recognitions_heading"), id="h-recognitions"), h("ul", items),
                       aria_labelledby="h-recognitions"))
    parts.append(sources.render(page))
    parts.append(h("p", page.t("data_links"), ": ", h("a", "JSON", href=page.link(f"{API}/people/{pid}.json"),
                                                     type="application/json"), class_="small"))
    return page.path, document(page, doc["name"], Markup("".join(parts)))


def redirect_page(site: Site, old: str, new: str) -> tuple[str, bytes]:
    """A page at a former id that sends visitors (and search engines) to the current one, without script."""
    page = Page(site, f"people/{old}/index.html")
    target = page.link(person_url(new))
    head = Markup(h("meta", http_equiv="refresh", content=f"0; url={target}") + h("link", rel="canonical",
                                                                                    href=target))
    main = h("h1", page.t("redirect_heading")) + h("p", page.t("redirect_text"), " ",
                                                    h("a", site.rows[new]["name"], href=target), ".")
    return page.path, document(page, page.t("redirect_heading"), Markup(main), head=head)


# -- events, charts, data, 404 -----------------------------------------------------------------

def events_page(site: Site) -> Output:
    """Recent changes of status (the Atom feed's entries) and the events that name no one, which have no
    person's page to appear on (a mass amnesty, a count without names)."""
    from pp_cli.site.data import event_document
    from pp_cli.site.feed import recent

    page = Page(site, "events/index.html")
    sources = SourceList()
    latest = recent(site)
    shown = {e.id for e in latest}
    unnamed = [e for e in sorted(site.kb.events.values(), key=lambda e: (e.date.sort_key(), e.id), reverse=True)
               if not any(p in site.kb.prisoners for p in e.people) and e.id not in shown]
    parts = [h("h1", page.t("events_heading")), h("p", page.t("events_intro"), class_="lead"),
             h("h2", page.t("events_recent"))]
    parts.append(h("ol", [event_item(page, None, event_document(e, site.kb), sources) for e in latest],
                   class_="timeline") if latest else h("p", page.t("none_yet")))
    if unnamed:
        parts.append(h("h2", page.t("events_unnamed")))
        parts.append(h("ol", [event_item(page, None, event_document(e, site.kb), sources) for e in unnamed],
                       class_="timeline"))
    parts.append(sources.render(page))
    yield page.path, document(page, page.t("events_heading"), Markup("".join(parts)))


def event_link(site: Site, event) -> str:  # type: ignore[no-untyped-def]
    """Where an event is shown: on its first named person's page, else on the events page."""
    people = [p for p in dict.fromkeys(event.people) if p in site.kb.prisoners]
    return f"{person_url(people[0])}#event-{event.id}" if people else f"events/#event-{event.id}"


def charts_page(site: Site) -> Output:
    page = Page(site, "charts/index.html")
    lang = site.lang
    figures = [
        ("custody", charts.custody(site.custody, site.custody_notes, lang)),
        ("per-year", charts.per_year(site.figures["per_year"], lang)),
        ("charges", charts.by_charge(site.figures["counts"]["charge"], lang)),
    ]
    parts = [h("h1", page.t("charts_heading")), h("p", site.figures["as_of_phrase"], class_="lead")]
    for name, (figure, svg) in figures:
        parts.append(figure)
        if svg is not None:
            parts.append(h("p", h("a", "SVG", href=page.link(f"charts/{name}.svg"), type="image/svg+xml"),
                           " · ", h("a", "JSON", href=page.link(f"{API}/figures.json")), class_="small"))
            yield f"charts/{name}.svg", svg
    yield page.path, document(page, page.t("charts_heading"), Markup("".join(parts)))


def data_page(site: Site) -> Output:
    page = Page(site, "data/index.html")
    items = [
        (page.t("data_json"), f"{API}/people.json"),
        (page.t("data_person_json", version=API_VERSION), f"{API}/people/{site.order[0]}.json" if site.order else None),
        (page.t("data_schema"), f"{API}/schema.json"),
        (page.t("data_stats"), f"{API}/figures.json"),
        (page.t("data_csv"), "people.csv"),
        (page.t("data_feed"), "feed.xml"),
    ]
    ul = h("ul", [h("li", h("a", text, href=page.link(url)) if url else text) for text, url in items])
    main = h("h1", page.t("data_heading")) + h("p", page.t("data_intro"), class_="lead") + ul
    yield page.path, document(page, page.t("data_heading"), Markup(main))


def not_found_page(site: Site) -> Output:
    # Served for any missing path, so its links cannot be relative to where it sits: they go to the root.
    page = Page(site, "404.html")
    main = h("h1", page.t("not_found_heading")) + h("p", page.t("not_found_text"), " ",
                                                     h("a", site.title, href=page.link("")))
    yield page.path, document(page, page.t("not_found_heading"), Markup(main))
