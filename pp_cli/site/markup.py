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


_SPECIAL = re.compile("[&<>\"']")


def esc(value: object) -> Markup:
    """`value` as HTML text: `<`, `>`, `&` and both quotes escaped, controls made visible."""
    if type(value) is Markup:
        return value  # type: ignore[return-value]
    text = value if type(value) is str else "" if value is None else str(value)
    if not text.isprintable():
        text = clean(text)
    if _SPECIAL.search(text):  # most text has none of these: skip the five replacements
        text = html.escape(text, quote=True)
    return Markup(text)


def safe_url(url: str) -> str:
    """`url` if it is relative or http(s); raise otherwise (javascript:, data:, … never reach a page)."""
    if not _SAFE_URL.match(url):
        raise ValueError(f"refusing to link to {url!r}")
    return url


_NAMES: dict[str, str] = {}


def _name(key: str) -> str:
    """The attribute name for a keyword (`class_` → `class`, `aria_label` → `aria-label`), refusing `on…`."""
    name = _NAMES.get(key)
    if name is None:
        name = key.rstrip("_").replace("_", "-")
        if name.lower().startswith("on"):
            raise ValueError(f"inline event handler {name!r} is not allowed (Content-Security-Policy)")
        _NAMES[key] = name
    return name


_URL_ATTRS = frozenset({"href", "src", "action"})


def _attrs(attrs: dict[str, Any]) -> str:
    out = ""
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = _NAMES.get(key) or _name(key)
        if value is True:
            out += " " + name
            continue
        if name in _URL_ATTRS:
            safe_url(str(value))
        out += f' {name}="{value if type(value) is Markup else esc(value)}"'
    return out


def h(tag: str, *children: object, **attrs: Any) -> Markup:
    """An element: `h("a", name, href=url, class_="x")`. Children are escaped unless Markup; None is skipped."""
    start = f"<{tag}{_attrs(attrs)}>" if attrs else f"<{tag}>"
    if tag in VOID:
        return Markup(start)
    inner = "".join([c if type(c) is Markup else _child(c) for c in children])
    return Markup(f"{start}{inner}</{tag}>")


def _child(child: object) -> str:
    kind = type(child)
    if kind is Markup:
        return child  # type: ignore[return-value]
    if child is None or child is False:
        return ""
    if kind is list or kind is tuple:
        return "".join([_child(c) for c in child])  # type: ignore[attr-defined]
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
    num = ' class="num"'
    heads = "".join([f'<th scope="col"{num if i in numbers else ""}>{_child(c)}</th>' for i, c in enumerate(head)])
    body = []
    for cells in rows:
        tds = []
        for i, c in enumerate(cells):
            cls = num if i in numbers else ""
            if i == 0 and row_header:
                tds.append(f'<th scope="row"{cls}>{_child(c)}</th>')
            else:
                tds.append(f"<td{cls}>{_child(c)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    attrs = _attrs({"class_": class_, "id": id})
    cap = ' class="vh"' if hide_caption else ""
    return Markup(f"<table{attrs}><caption{cap}>{_child(caption)}</caption><thead><tr>{heads}</tr></thead>"
                  f"<tbody>{''.join(body)}</tbody></table>")
