"""Building HTML without ever letting record text become markup.

Every string is escaped unless it is `Markup` (HTML this package built), so
a name such as `<script>…</script>` or `"><img onerror=…>` is shown as
text. Control and bidi characters are first made visible (`textsafe.clean`),
so a record cannot disguise what a page says. Attributes named `on…` are
refused outright — the pages carry no inline event handlers — and links go
only to relative addresses or http(s) URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from pp_cli.textsafe import clean

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_SAFE_URL = re.compile(r"^(?:https?://|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)


class Markup(str):
    """HTML that this package built: inserted as is, never escaped again."""

    __slots__ = ()


def esc(value: object) -> Markup:
    """`value` as HTML text: `<`, `>`, `&` and both quotes escaped, controls made visible."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(clean("" if value is None else value), quote=True))


def safe_url(url: str) -> str:
    """`url` if it is relative or http(s); raise otherwise (javascript:, data:, … never reach a page)."""
    if not _SAFE_URL.match(url):
        raise ValueError(f"refusing to link to {url!r}")
    return url


def _attrs(attrs: dict[str, Any]) -> str:
    out = []
    for key, value in attrs.items():
        name = key.rstrip("_").replace("_", "-")
        if name.lower().startswith("on"):
            raise ValueError(f"inline event handler {name!r} is not allowed (Content-Security-Policy)")
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {name}")
            continue
        text = str(value)
        if name in ("href", "src", "action"):
            text = safe_url(text)
        out.append(f' {name}="{esc(text)}"')
    return "".join(out)


def h(tag: str, *children: object, **attrs: Any) -> Markup:
    """An element: `h("a", name, href=url, class_="x")`. Children are escaped unless Markup; None is skipped."""
    start = f"<{tag}{_attrs(attrs)}>"
    if tag in VOID:
        return Markup(start)
    return Markup(start + "".join(_child(c) for c in children) + f"</{tag}>")


def _child(child: object) -> str:
    if child is None or child is False:
        return ""
    if isinstance(child, Markup):
        return child
    if isinstance(child, (list, tuple)):
        return "".join(_child(c) for c in child)
    return esc(child)


def join(items: Iterable[object], separator: object = ", ") -> Markup:
    """Items (escaped unless Markup) joined by `separator`."""
    sep = _child(separator)
    return Markup(sep.join(_child(i) for i in items))


def table(caption: object, head: list[object], rows: Iterable[list[object]], *, row_header: bool = True,
          numeric: Iterable[int] = (), class_: str | None = None, id: str | None = None,
          hide_caption: bool = False) -> Markup:
    """A data table with a caption, column headers (`scope="col"`) and, by default, a header cell per row.

    `hide_caption` keeps the caption for screen readers but not on screen, where a heading already says it.
    """
    numbers = set(numeric)
    thead = h("thead", h("tr", [h("th", c, scope="col", class_="num" if i in numbers else None)
                                for i, c in enumerate(head)]))
    body = []
    for cells in rows:
        tds = []
        for i, c in enumerate(cells):
            cls = "num" if i in numbers else None
            tds.append(h("th", c, scope="row", class_=cls) if i == 0 and row_header else h("td", c, class_=cls))
        body.append(h("tr", tds))
    return h("table", h("caption", caption, class_="vh" if hide_caption else None), thead, h("tbody", body),
             class_=class_, id=id)
