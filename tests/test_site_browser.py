"""The built site in a real browser: Chromium from the operating system, driven by Playwright.

Checks what a visitor meets: the index renders, its filters and search
work, a person's page shows the timeline, hostile record text stays text,
the pages read at phone width and without JavaScript, and nothing is ever
requested from another host (every request is recorded, and any that is not
to the local preview server fails the test).

Skipped, with the reason, where Playwright or Chromium is missing: install
Chromium with `apt-get install chromium` (CI's `.ci/run` does so as root);
Playwright comes with the `test` extra. Browser downloads are never used:
the browser is the system's (`PP_CHROMIUM`, else `chromium` on PATH).

`PP_SCREENSHOTS=docs/images python -m pytest tests/test_site_browser.py`
also saves the screenshots the README shows.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from conftest import REPO

CHROMIUM = os.environ.get("PP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

try:
    # `expect` waits from Playwright's own injected script: `wait_for_function("…")` would evaluate a string
    # in the page, which the site's Content-Security-Policy rightly refuses (and reports as an error).
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="browser tests need Playwright: pip install -e '.[test]'"),
    pytest.mark.skipif(CHROMIUM is None, reason="browser tests need Chromium from the OS: apt-get install chromium "
                                                "(or set PP_CHROMIUM to its path)"),
]


def build_site(data_root: Path, out: Path) -> Path:
    from typer.testing import CliRunner

    from pp_cli.cli import app

    result = CliRunner().invoke(app, ["--data", str(data_root), "site", "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


class Served:
    """A built site on the local preview server, and every request the browser made."""

    def __init__(self, folder: Path) -> None:
        from pp_cli.site.serve import server

        self.httpd = server(folder, 0, quiet=True)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def chromium():
    """The system's Chromium, launched once (Playwright gives it a fresh temporary profile)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    """A fresh browser context (no cookies, cache or storage from another test)."""
    context = chromium.new_context(viewport={"width": 1100, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module")
def shipped_served(tmp_path_factory):
    served = Served(build_site(REPO, tmp_path_factory.mktemp("browser-site") / "_site"))
    yield served
    served.close()


class Visit:
    """A page in the browser, with every request, console error and dialog recorded."""

    def __init__(self, context, served: Served) -> None:
        self.served = served
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def go(self, path: str) -> None:
        response = self.page.goto(self.served.base + path)
        assert response is not None and response.ok, path
        self.page.wait_for_load_state("networkidle")

    def check_clean(self) -> None:
        foreign = [u for u in self.requests if not u.startswith(self.served.base)]
        assert foreign == [], f"requested from another host: {foreign}"
        assert self.errors == [], self.errors  # CSP violations are reported here too
        assert self.dialogs == []

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser, shipped_served):
    v = Visit(browser, shipped_served)
    yield v
    v.check_clean()
    v.close()


def rows(page) -> list[str]:
    return page.locator("#people tbody tr th").all_inner_texts()


def test_the_index_renders_counts_and_the_list(visit):
    visit.go("")
    page = visit.page
    assert page.locator("h1").inner_text().startswith("Political prisoners")
    counts = page.locator("#counts tbody tr").all_inner_texts()
    assert any(line.split("\t")[:3] == ["detained", "9", "as of 2016-05-26"] for line in counts), counts
    assert len(rows(page)) == 13
    assert page.locator("#filters").is_visible()  # the script ran and showed the filters
    assert not page.locator("#no-script").is_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    shot(page, "site-index.png")


def test_filtering_and_search_work_from_the_json_index(visit):
    visit.go("")
    page = visit.page
    page.select_option("select[name=status]", "released")
    expect(page.locator("#people tbody tr")).to_have_count(2)
    assert sorted(n.split("\n")[0] for n in rows(page)) == ["Khadija Ismayilova", "Rasul Jafarov"]
    assert "2 of 13 people match" in page.locator("#filter-status").inner_text()
    assert visit.served.base + "api/v1/index.json" in visit.requests
    page.select_option("select[name=status]", "")
    page.fill("input[name=q]", "Ilgar Mamedov")  # another transliteration of İlqar Məmmədov
    expect(page.locator("#people tbody tr")).to_have_count(1)
    assert rows(page)[0].startswith("Ilqar Mammadov")
    page.fill("input[name=q]", "cafarov")
    expect(page.locator("#people tbody tr")).to_have_count(1)
    assert rows(page)[0].startswith("Rasul Jafarov")
    page.fill("input[name=q]", "")
    page.select_option("select[name=affiliation]", "nida")
    page.select_option("select[name=charge]", "drugs")
    page.select_option("select[name=year]", "2016")
    expect(page.locator("#people tbody tr")).to_have_count(2)
    assert sorted(n.split("\n")[0] for n in rows(page)) == ["Bayram Mammadov", "Giyasaddin Ibrahim"]
    page.click("button[type=reset]")
    expect(page.locator("#people tbody tr")).to_have_count(13)
    assert page.locator("#pager").count() == 0 or page.locator("#pager").is_visible()


def test_columns_sort_when_their_header_is_clicked(visit):
    visit.go("")
    page = visit.page
    page.click("#people thead th[data-sort=arrested] button")
    expect(page.locator("#people thead th[data-sort=arrested]")).to_have_attribute("aria-sort", "ascending")
    arrested = page.locator("#people tbody tr td:nth-child(7)").all_inner_texts()
    dated = [a for a in arrested if a != "—"]
    assert dated == sorted(dated) and arrested[: len(dated)] == dated  # undated last
    assert rows(page)[0].startswith("Khadija Ismayilova")  # 2014-12, the earliest


def test_a_person_page_shows_the_timeline_and_sources(visit):
    visit.go("people/khadija-ismayilova/")
    page = visit.page
    assert page.locator("h1").inner_text() == "Khadija Ismayilova"
    assert page.locator("p.native").get_attribute("lang") == "az"
    status = page.locator(".status-line").inner_text()
    assert status.startswith("released (sentence suspended) — as of 2016-05-26")
    events = page.locator("#timeline ol.timeline > li")
    assert events.count() == 4 and events.first.is_visible()
    dates = page.locator("#timeline ol.timeline > li time").all_inner_texts()
    assert dates == ["2014-12", "2015-09", "2016-05-25", "2016-05-25"]
    assert page.locator("ol.sources > li").count() == 3  # two Guardian articles and the RFE/RL original
    shot(page, "site-person.png")
    page.click("text=from the event")  # the status links to the event that decided it
    assert page.url.endswith("#event-2016-05-25-ismayilova-released")  # the release follows the suspension


def test_pages_read_at_phone_width_without_sideways_scrolling(browser, shipped_served):
    v = Visit(browser, shipped_served)
    try:
        v.page.set_viewport_size({"width": 360, "height": 740})
        for path in ("", "people/rasul-jafarov/", "charts/", "browse/"):
            v.go(path)
            overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (path, overflow)
        v.check_clean()
    finally:
        v.close()


def test_the_charts_render_with_their_text(visit):
    visit.go("charts/")
    page = visit.page
    for chart in ("chart-custody", "chart-years", "chart-charges"):
        svg = page.locator(f"#{chart} svg")
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50
        assert svg.locator("title").text_content()
    page.click("#chart-years summary")
    assert page.locator("#chart-years table").is_visible()


def test_without_javascript_the_list_and_its_browse_pages_work(chromium, shipped_served):
    context = chromium.new_context(java_script_enabled=False)
    try:
        v = Visit(context, shipped_served)
        v.go("")
        assert not v.page.locator("#filters").is_visible()
        assert v.page.locator("#no-script").is_visible()
        assert len(rows(v.page)) == 13
        v.page.click("#counts a:text('detained')")
        v.page.wait_for_load_state()
        assert v.page.url.endswith("/status/detained/")
        assert v.page.locator("tbody tr").count() == 9
        v.check_clean()
    finally:
        context.close()


def test_hostile_record_text_stays_text_in_the_browser(browser, kb, tmp_path):
    evil = "<img src=x onerror=alert(1)>"
    kb.write("data/prisoners/ali.yaml", (
        f"id: ali\nname: {json.dumps('<script>alert(1)</script> Ali')}\nnative_name: {json.dumps(evil)}\n"
        f"country: AZ\nstatus: detained\nstatus_as_of: \"2016-05-26\"\nsummary: {json.dumps(evil)}\n"
        "sources:\n  - url: https://example.org/a\n    title: \"t\"\n"
    ))
    served = Served(build_site(kb.root, tmp_path / "out"))
    v = Visit(browser, served)
    try:
        v.go("people/ali/")
        assert v.page.locator("h1").inner_text() == "<script>alert(1)</script> Ali"
        assert v.page.locator("main img").count() == 0
        v.go("")
        v.page.fill("input[name=q]", "ali")  # rows drawn by the script from the JSON index
        expect(v.page.locator("#filter-status")).to_contain_text("match")
        assert rows(v.page)[0].startswith("<script>alert(1)</script> Ali")
        assert v.page.locator("main img").count() == 0
        v.check_clean()
    finally:
        v.close()
        served.close()


def shot(page, name: str) -> None:
    """Save a screenshot for the docs when PP_SCREENSHOTS names a folder."""
    folder = os.environ.get("PP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)
