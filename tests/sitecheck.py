"""Checking a built site the way a validator and a link checker would (shared by the site tests).

`parse` reads one page with `html.parser` and records what a browser would
trip over: tags closed out of order or never closed, block elements inside
`<p>` (which a browser silently splits), duplicate ids, inline script or
event handlers, inline styles. `check_site` runs it over every page and
resolves every internal link and fragment against the files and ids built.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
         "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
         "section", "table", "ul"}
BASE = "http://site.test/"


@dataclass
class Page:
    path: str
    errors: list[str] = field(default_factory=list)
    ids: Counter = field(default_factory=Counter)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    tags: Counter = field(default_factory=Counter)
    scripts: list[dict] = field(default_factory=list)
    lang: str | None = None
    text: list[str] = field(default_factory=list)
    elements: list[tuple[str, dict, list[str]]] = field(default_factory=list)  # (tag, attrs, ancestors)


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        page = self.page
        a = {k: (v if v is not None else "") for k, v in attrs}
        page.tags[tag] += 1
        page.elements.append((tag, a, list(self.stack)))
        if tag in BLOCK and "p" in self.stack[-1:]:
            page.errors.append(f"<{tag}> inside <p> (a browser would split the paragraph)")
        if tag == "a" and "a" in self.stack:
            page.errors.append("<a> inside <a>")
        for name in a:
            if name.startswith("on"):
                page.errors.append(f"inline event handler {name}=")
            if name == "style":
                page.errors.append("inline style attribute")
        if "id" in a:
            page.ids[a["id"]] += 1
        for name in ("href", "src", "data-index"):
            if name in a:
                page.links.append((tag, name, a[name]))
        if tag == "script":
            page.scripts.append(a)
        if tag == "html":
            page.lang = a.get("lang")
        if tag not in VOID and not closed:
            self.stack.append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.page.errors.append(f"end tag for void element </{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.page.errors.append(f"</{tag}> does not close the open <{self.stack[-1] if self.stack else '-'}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script" and data.strip():
            self.page.errors.append("inline script")
        self.page.text.append(data)


def parse(path: str, html: str) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(html)
    parser.close()
    if not parser.doctype:
        page.errors.append("no <!DOCTYPE html>")
    if parser.stack:
        page.errors.append(f"never closed: {parser.stack}")
    for ident, n in page.ids.items():
        if n > 1:
            page.errors.append(f"id {ident!r} used {n} times")
    for script in page.scripts:
        if not script.get("src"):
            page.errors.append("script without src")
    if not page.lang:
        page.errors.append("no lang on <html>")
    return page


def pages(out: Path) -> dict[str, Page]:
    return {p.relative_to(out).as_posix(): parse(p.relative_to(out).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html"))}


def target_file(out: Path, page_path: str, link: str) -> tuple[str | None, str]:
    """The site file an internal link points at (None for external links), and its fragment."""
    url = urljoin(BASE + page_path, link)
    if not url.startswith(BASE):
        return None, ""
    parts = urlsplit(url)
    rel = parts.path[len(urlsplit(BASE).path):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel, parts.fragment


def check_site(out: Path) -> tuple[dict[str, Page], list[str]]:
    """Every page parsed, and every problem: malformed pages, broken internal links and fragments."""
    found = pages(out)
    problems = [f"{path}: {e}" for path, page in found.items() for e in page.errors]
    for path, page in found.items():
        for tag, attr, link in page.links:
            scheme = urlsplit(link).scheme
            if scheme and scheme not in ("http", "https"):
                problems.append(f"{path}: {attr}={link!r} uses the {scheme}: scheme")
                continue
            rel, fragment = target_file(out, path, link)
            if rel is None:
                if tag != "a":  # a link to read a source is fine; anything the page loads is not
                    problems.append(f"{path}: <{tag} {attr}={link!r}> loads from another host")
                continue
            if not (out / rel).is_file():
                problems.append(f"{path}: {attr}={link!r} -> {rel} does not exist")
            elif fragment and rel.endswith(".html"):
                target = found.get(rel)
                if target is None or fragment not in target.ids:
                    problems.append(f"{path}: {link!r}: no id {fragment!r} in {rel}")
    return found, problems
