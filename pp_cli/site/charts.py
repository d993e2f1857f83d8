"""Charts drawn at build time as SVG, each with a title, a description and the same figures as a table.

No chart library and nothing from another host: a chart is a few paths and
rectangles computed here. Each SVG carries `role="img"` with `<title>` and
`<desc>` (what it shows, in words, with its range and maximum), and the
figure beside it has a table of every value, so the numbers are there for
screen readers, for copying, and for anyone who would rather read.
Colours are presentation attributes and `currentColor` (no inline styles),
so the Content-Security-Policy holds, and the standalone `.svg` files read
the same outside the pages.
"""

from __future__ import annotations

from typing import Any

from pp_cli.site.markup import Markup, esc, h, table
from pp_cli.site.strings import label, t

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
RED, GREEN, BLUE = "#c0392b", "#1a7f37", "#0b5cad"


def nice_step(maximum: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) giving about `ticks` gridlines up to `maximum`."""
    raw = max(1, maximum) / ticks
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _svg(uid: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" width="{WIDTH}" height="{height}">'
        f'<title id="{uid}-title">{esc(title)}</title><desc id="{uid}-desc">{esc(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def _y_axis(maximum: int, plot_h: int) -> tuple[list[str], float]:
    step = nice_step(maximum)
    top = max(step, -(-maximum // step) * step)
    scale = plot_h / top
    out = []
    for value in range(0, top + 1, step):
        y = TOP + plot_h - value * scale
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="currentColor" stroke-opacity="0.15"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="currentColor" '
                   f'font-size="12">{value}</text>')
    return out, scale


def _figure(uid: str, title: str, svg: Markup, table_html: Markup, notes: list[str], lang: str) -> Markup:
    return h(
        "figure",
        h("figcaption", title, id=f"{uid}-caption"),
        svg,
        [h("p", n, class_="small") for n in notes],
        h("details", h("summary", t("chart_table", lang)), h("div", table_html, class_="scroll")),
        id=uid,
        aria_labelledby=f"{uid}-caption",
    )


def custody(months: list[dict[str, Any]], notes: dict[str, int], lang: str) -> tuple[Markup, bytes | None]:
    """People in custody at the end of each month, as a filled step line."""
    uid, title = "chart-custody", t("custody_title", lang)
    if not months:
        return h("figure", h("figcaption", title), h("p", t("chart_empty", lang)), id=uid), None
    maximum = max(m["people"] for m in months)
    desc = t("custody_desc", lang, first=months[0]["month"], last=months[-1]["month"], max=maximum)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    grid, scale = _y_axis(maximum, plot_h)
    step_x = plot_w / len(months)
    base = TOP + plot_h
    points = [f"M{LEFT},{base}"]
    for i, m in enumerate(months):
        y = base - m["people"] * scale
        points.append(f"L{LEFT + i * step_x:.1f},{y:.1f}L{LEFT + (i + 1) * step_x:.1f},{y:.1f}")
    points.append(f"L{LEFT + plot_w:.1f},{base}Z")
    body = grid + [f'<path class="area" d="{"".join(points)}" fill="{RED}" fill-opacity="0.25" stroke="{RED}" '
                   f'stroke-width="2"/>']
    # a label at each January; the first month too, unless the next January is too close for both
    years = [(i, m["month"][:4]) for i, m in enumerate(months)
             if m["month"].endswith("-01") or (i == 0 and int(m["month"][5:]) <= 6)]
    every = max(1, -(-len(years) // 12))
    for n, (i, year) in enumerate(years):
        if n % every:
            continue
        x = LEFT + i * step_x
        body.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}" stroke="currentColor"/>')
        body.append(f'<text x="{x:.1f}" y="{base + 20}" fill="currentColor" font-size="12">{esc(year)}</text>')
    body.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="currentColor"/>')
    svg = _svg(uid, title, desc, body)
    rows = [[m["month"], str(m["people"])] for m in months]
    tbl = table(title, [t("custody_col_month", lang), t("custody_col_people", lang)], rows, numeric=[1])
    extra = [desc]
    if notes.get("unconfirmed"):
        extra.append(t("custody_unconfirmed", lang, n=notes["unconfirmed"], last=months[-1]["month"]))
    if notes.get("undated"):
        extra.append(t("custody_undated", lang, n=notes["undated"]))
    return _figure(uid, title, svg, tbl, extra, lang), standalone(svg)


def per_year(years: list[dict[str, Any]], lang: str) -> tuple[Markup, bytes | None]:
    """People arrested and released per year (the figures of `pp stats --by year`), as paired bars."""
    uid, title = "chart-years", t("years_title", lang)
    if not years:
        return h("figure", h("figcaption", title), h("p", t("chart_empty", lang)), id=uid), None
    maximum = max(max(y["arrests"], y["releases"]) for y in years)
    desc = t("years_desc", lang, first=years[0]["year"], last=years[-1]["year"])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    grid, scale = _y_axis(maximum, plot_h)
    slot = plot_w / len(years)
    bar = max(1.0, slot * 0.4)
    base = TOP + plot_h
    body = list(grid)
    every = max(1, -(-len(years) // 14))
    for i, y in enumerate(years):
        x = LEFT + i * slot + slot * 0.1
        for j, (key, colour) in enumerate((("arrests", RED), ("releases", GREEN))):
            height = y[key] * scale
            body.append(f'<rect class="bar-{"ab"[j]}" x="{x + j * bar:.1f}" y="{base - height:.1f}" '
                        f'width="{bar:.1f}" height="{height:.1f}" fill="{colour}"/>')
        if i % every == 0:
            body.append(f'<text x="{LEFT + i * slot + slot / 2:.1f}" y="{base + 20}" text-anchor="middle" '
                        f'fill="currentColor" font-size="12">{y["year"]}</text>')
    body.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="currentColor"/>')
    svg = _svg(uid, title, desc, body)
    head = [t("years_col_year", lang), t("years_col_arrests", lang), t("years_col_releases", lang)]
    tbl = table(title, head, [[str(y["year"]), str(y["arrests"]), str(y["releases"])] for y in years], numeric=[1, 2])
    legend = h("ul", h("li", h("span", "", class_="key key-a"), t("years_col_arrests", lang)),
               h("li", h("span", "", class_="key key-b"), t("years_col_releases", lang)), class_="legend")
    figure = _figure(uid, title, Markup(legend + svg), tbl, [desc], lang)
    return figure, standalone(svg)


def by_charge(items: list[dict[str, Any]], lang: str) -> tuple[Markup, bytes | None]:
    """People per charge category (the figures of `pp stats --by charge`), as horizontal bars."""
    uid, title = "chart-charges", t("charges_title", lang)
    none = next((i["people"] for i in items if i["value"] == "(none)"), 0)
    shown = [i for i in items if i["value"] != "(none)"]
    if not shown:
        return h("figure", h("figcaption", title), h("p", t("chart_empty", lang)), id=uid), None
    desc = t("charges_desc", lang, none=none)
    row_h, label_w = 26, 170
    height = TOP + row_h * len(shown) + BOTTOM
    maximum = max(i["people"] for i in shown)
    plot_w = WIDTH - label_w - RIGHT - 40
    body = []
    for n, item in enumerate(shown):
        y = TOP + n * row_h
        width = item["people"] / maximum * plot_w if maximum else 0
        body.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="currentColor" font-size="12">'
                    f'{esc(label("category", item["value"], lang))}</text>')
        body.append(f'<rect class="bar-c" x="{label_w}" y="{y + 4}" width="{max(width, 1):.1f}" height="{row_h - 8}" '
                    f'fill="{BLUE}"/>')
        body.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" fill="currentColor" font-size="12">'
                    f'{item["people"]}</text>')
    svg = _svg(uid, title, desc, body, height)
    head = [t("charges_col_category", lang), t("charges_col_people", lang)]
    rows = [[label("category", i["value"], lang), str(i["people"])] for i in items]
    return _figure(uid, title, svg, table(title, head, rows, numeric=[1]), [desc], lang), standalone(svg)


def standalone(svg: Markup) -> bytes:
    """The inline SVG as a file of its own (same drawing, an XML declaration first)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")
