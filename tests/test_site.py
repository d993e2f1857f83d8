"""`pp site build`: a static site of the public records that agrees with `pp list` and `pp stats`.

Every page is parsed (well-formed, unique ids, no inline script, links that
resolve inside the site), figures are compared with the commands, hostile
text must show as text, restricted material must appear in no file at all,
and writing stays inside --out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitecheck import check_site, parse

ATOM = "{http://www.w3.org/2005/Atom}"
SRC = ('sources:\n  - url: https://example.org/report\n    title: "A report"\n    publisher: "Example"\n'
       '    published: "2016-05-26"\n')


def q(text: str) -> str:
    """A YAML double-quoted scalar for any text (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def build(run, target, out: Path, *args: str):
    result = run(target, "site", "build", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return result


def html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def table_rows(page_html: str, table_id: str | None = None) -> list[list[str]]:
    """The text of each body row of the page's first table (or the one with `table_id`)."""
    if table_id:
        page_html = page_html[page_html.index(f'id="{table_id}"'):]
    body = page_html[page_html.index("<tbody>"):page_html.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    """The shipped data's site, built once for the tests that only read it."""
    from conftest import REPO
    from typer.testing import CliRunner

    from pp_cli.cli import app

    out = tmp_path_factory.mktemp("site") / "_site"
    result = CliRunner().invoke(app, ["--data", str(REPO), "site", "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


# -- the shipped data: what "done" means -----------------------------------------------------

def test_index_shows_the_nine_detained_people_with_their_as_of_dates(shipped_site, run, shipped):
    index = html(shipped_site, "index.html")
    counts = {r[0]: (r[1], r[2]) for r in table_rows(index, "counts")}
    assert counts["detained"] == ("9", "as of 2016-05-26")
    detained = [r for r in table_rows(index, "people") if r[1].startswith("detained")]
    listed = json.loads(run(shipped, "list", "--status", "detained", "-f", "json").stdout)
    assert len(detained) == len(listed) == 9
    assert {r[0].split(" ")[0] + " " + r[0].split(" ")[1] for r in detained} == {p["name"] for p in listed}
    assert all(r[2] == "2016-05-26" for r in detained)


def test_a_page_for_each_of_the_thirteen_people_with_their_sources(shipped_site, run, shipped):
    people = json.loads(run(shipped, "list", "-f", "json").stdout)
    assert len(people) == 13
    for p in people:
        page = html(shipped_site, f"people/{p['id']}/index.html")
        assert f"<h1>{p['name']}</h1>" in page
        sources = page[page.index('id="sources"'):]
        assert sources.count('<li id="source-') >= 1
        assert 'href="https://' in sources or 'href="http://' in sources
        if p["as_of"]:  # the Yunuses' status is unknown: no date to show
            assert p["as_of"] in page


def test_every_page_is_well_formed_and_every_internal_link_resolves(shipped_site):
    found, problems = check_site(shipped_site)
    assert problems == []
    assert len(found) >= 13 + 1 + 3  # people, index, charts/browse/data at least


def test_counts_and_charts_agree_with_pp_stats(shipped_site, run, shipped):
    stats = json.loads(run(shipped, "stats", "-f", "json").stdout)
    figures = json.loads((shipped_site / "api/v1/figures.json").read_text())
    assert figures["counts"] == stats["counts"]
    assert figures["per_year"] == stats["per_year"]
    index = html(shipped_site, "index.html")
    shown = {r[0]: int(r[1]) for r in table_rows(index, "counts")}
    words = {"detained": "detained", "released": "released", "exiled": "in exile", "unknown": "unknown"}
    assert shown == {words[i["value"]]: i["people"] for i in stats["counts"]["status"] if i["people"]}
    charts = html(shipped_site, "charts/index.html")
    per_year = table_rows(charts[charts.index('id="chart-years"'):])
    assert per_year == [[str(y["year"]), str(y["arrests"]), str(y["releases"])] for y in stats["per_year"]]
    for name in ("custody", "per-year", "charges"):
        svg = ET.parse(shipped_site / f"charts/{name}.svg").getroot()
        assert svg.find("{http://www.w3.org/2000/svg}title").text
        assert svg.find("{http://www.w3.org/2000/svg}desc").text


def test_custody_chart_ends_at_the_last_confirmation_and_matches_the_list(shipped_site, run, shipped):
    figures = json.loads((shipped_site / "api/v1/figures.json").read_text())
    months = figures["custody_by_month"]
    assert months[-1] == {"month": "2016-05", "people": 9}  # the last confirmation; nothing to today
    assert months[0]["month"] == "2014-12"  # Ismayilova's arrest


def test_every_status_page_lists_exactly_the_people_pp_list_shows(shipped_site, run, shipped):
    for status in ("detained", "released", "unknown"):
        page = html(shipped_site, f"status/{status}/index.html")
        listed = json.loads(run(shipped, "list", "--status", status, "-f", "json").stdout)
        assert len(table_rows(page)) == len(listed)
        for p in listed:
            assert f'href="../../people/{p["id"]}/"' in page


def test_json_api_has_a_version_and_agrees_with_pp_list(shipped_site, run, shipped):
    listed = {p["id"]: p for p in json.loads(run(shipped, "list", "-f", "json").stdout)}
    doc = json.loads((shipped_site / "api/v1/people.json").read_text())
    assert doc["api_version"] == 1 and doc["people_count"] == 13
    for entry in doc["people"]:
        assert (entry["status"], entry["as_of"], entry["arrested"]) == (
            listed[entry["id"]]["status"], listed[entry["id"]]["as_of"], listed[entry["id"]]["arrested"])
        person = json.loads((shipped_site / entry["api"]).read_text())
        schema = json.loads((shipped_site / "api/v1/schema.json").read_text())
        assert set(schema["required"]) <= set(person) and person["api_version"] == 1
        assert person["sources"] and all(s["url"].startswith("http") for s in person["sources"])
        assert (shipped_site / entry["url"] / "index.html").is_file()


def test_atom_feed_lists_recent_arrests_sentences_and_releases(shipped_site):
    root = ET.parse(shipped_site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    kinds = {e.find(f"{ATOM}category").get("term") for e in entries}
    assert {"arrest", "sentenced", "release", "pardon"} <= kinds
    for e in entries:
        assert e.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", e.find(f"{ATOM}updated").text)
        href = e.find(f"{ATOM}link[@rel='alternate']").get("href")
        page, _, fragment = href.partition("#")
        assert f'id="{fragment}"' in html(shipped_site, page + "index.html")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == updated[0]


def test_person_page_shows_timeline_sentences_disputes_and_quotes(shipped_site):
    page = html(shipped_site, "people/khadija-ismayilova/index.html")
    timeline = page[page.index('id="timeline"'):]
    assert timeline.index("<h3>Khadija Ismayilova arrested</h3>") < timeline.index(
        "<h3>Khadija Ismayilova sentenced to seven-and-a-half years</h3>")
    assert '<section aria-labelledby="h-sentences">' in page
    assert "<blockquote>" in page
    assert 'lang="az">Xədicə İsmayılova</p>' in page
    pardon = html(shipped_site, "people/rasul-jafarov/index.html")
    dispute = pardon[pardon.index('class="dispute"'):]
    assert "count: recorded as 16; disputed: 14" in dispute
    assert "The Economist" in pardon[pardon.index('id="sources"'):]


def test_pages_carry_the_content_security_policy_and_load_nothing_from_elsewhere(shipped_site):
    headers = (shipped_site / "_headers").read_text()
    assert "script-src 'self'" in headers and "default-src 'self'" in headers
    found, _ = check_site(shipped_site)
    for path, page in found.items():
        policy = [a["content"] for tag, a, _ in page.elements
                  if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert len(policy) == 1 and "script-src 'self'" in policy[0] and "default-src 'self'" in policy[0], path
        for script in page.scripts:
            assert not script["src"].startswith(("http:", "https:", "//")), path
    for asset in ("assets/site.css", "assets/site.js"):
        assert not re.search(r"(https?:)?//[a-z]", (shipped_site / asset).read_text().replace("http://www.w3.org", ""))


def test_csv_download_is_the_list(shipped_site, run, shipped):
    raw = (shipped_site / "people.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    listed = json.loads(run(shipped, "list", "-f", "json").stdout)
    assert [r["id"] for r in rows] == [p["id"] for p in listed]  # both by name
    assert {r["id"]: r["status"] for r in rows} == {p["id"]: p["status"] for p in listed}


# -- hostile text ------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile(kb):
    kb.write("data/organizations/evil.yaml", f"id: evil\nname: {q(IMG + ' Org')}\ntype: movement\n" + SRC)
    kb.write("data/prisoners/ali.yaml", (
        f"id: ali\nname: {q(SCRIPT + ' Ali')}\nnative_name: {q(IMG)}\ncountry: AZ\nstatus: detained\n"
        f"status_as_of: \"2016-05-26\"\naffiliations: [evil]\nsummary: {q('=HYPERLINK(1) ' + SCRIPT)}\n"
        f"other_names:\n  - name: {q('javascript:alert(1)')}\n    note: {q(IMG)}\n"
        f"sources:\n  - url: https://example.org/a?x=\"><b>\n    title: {q(SCRIPT)}\n    publisher: {q(IMG)}\n"
        f"    quote: {q('</blockquote><script>alert(2)</script>')}\n"
    ))
    kb.write("data/prisoners/eve.yaml", f"id: eve\nname: {q('=cmd|calc')}\ncountry: AZ\n" + SRC)
    kb.write("data/events/2016/2016-05-ali-arrested.yaml", (
        f"id: 2016-05-ali-arrested\ndate: \"2016-05\"\ntype: arrest\ntitle: {q(SCRIPT)}\npeople: [ali]\n"
        f"facility: {q(IMG + ' prison')}\nsummary: {q('@SUM(A1) ' + IMG)}\n"
        f"charges:\n  - article: \"234\"\n    description: {q('<b>' + IMG)}\n    category: drugs\n" + SRC
    ))
    return kb


def test_record_text_is_shown_as_text_never_as_markup(run, hostile, tmp_path):
    out = tmp_path / "out"
    build(run, hostile, out)
    found, problems = check_site(out)
    assert problems == []
    for path, page in found.items():
        assert page.tags["img"] == 0, path  # the record's <img onerror> never became an element
        assert all(s.get("src", "").endswith("assets/site.js") for s in page.scripts), path
        assert page.tags["b"] == 0, path
    person = html(out, "people/ali/index.html")
    assert SCRIPT not in person and "<img" not in person
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Ali" in person
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in person
    text = " ".join(parse("p", person).text)
    assert SCRIPT + " Ali" in text and IMG in text  # a reader sees exactly what the record says
    for rel in ("feed.xml",):
        ET.parse(out / rel)  # still well-formed XML
    feed = (out / "feed.xml").read_text()
    assert SCRIPT not in feed and "&lt;script&gt;" in feed


def test_csv_cells_that_would_start_a_formula_are_neutralised(run, hostile, tmp_path):
    out = tmp_path / "out"
    build(run, hostile, out)
    rows = list(csv.DictReader(io.StringIO((out / "people.csv").read_text(encoding="utf-8").lstrip("\ufeff"))))
    names = {r["id"]: r["name"] for r in rows}
    assert names["eve"] == "'=cmd|calc"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_json_keeps_record_text_exact(run, hostile, tmp_path):
    out = tmp_path / "out"
    build(run, hostile, out)
    doc = json.loads((out / "api/v1/people/ali.json").read_text())
    assert doc["name"] == SCRIPT + " Ali" and doc["native_name"] == IMG


# -- privacy -----------------------------------------------------------------------------------

SECRETS = ("Secretname", "secret-person", "1990-01-02", "Hidden summary", "Secret raid", "2016-01-secret-raid",
           "Underground Cell", "underground-cell", "Withheld court", "Hidden Prison", "secret-old-id",
           "Private quote")


@pytest.fixture
def private(kb):
    """Restricted records and fields of every kind, each with a distinctive text to grep for."""
    kb.org("nida", "N!DA")
    kb.write("data/organizations/underground-cell.yaml",
             'id: underground-cell\nname: "Underground Cell"\ntype: movement\nrestricted: true\n' + SRC)
    kb.prisoner("ali-aliyev", "Ali Aliyev", native_name='"Əli Əliyev"', roles="[journalist]",
                affiliations="[nida, underground-cell]", born='"1990-01-02"',
                summary='"Hidden summary about Ali."', restricted_fields="[born, summary]")
    kb.prisoner("secret-person", "Secretname Person", restricted="true", roles="[blogger]",
                former_ids="[secret-old-id]")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", status="detained", status_as_of='"2016-05-26"',
                restricted_fields="[status]")
    kb.write("data/prisoners/nana.yaml", 'id: nana\nname: "Nana"\ncountry: AZ\nrestricted_fields: [sources]\n'
             'sources:\n  - url: https://example.org/private\n    title: "t"\n    quote: "Private quote"\n')
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev", "secret-person"], title='"Two arrested"',
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]",
             court='"Withheld court"', facility='"Hidden Prison"', restricted_fields="[court, facility]")
    kb.event("2016-01-secret-raid", "2016-01", "other", ["ali-aliyev"], title='"Secret raid"', restricted="true")
    kb.event("2016-02-secret-transfer", "2016-02", "transfer", ["secret-person"], title='"Secretname moved"')
    kb.event("2016-03-zaur-arrested", "2016-03", "arrest", ["zaur-quliyev"], organizations="[underground-cell]",
             title='"Zaur arrested"')
    return kb


def test_restricted_material_appears_in_no_file_of_the_site(run, private, tmp_path):
    out = tmp_path / "out"
    build(run, private, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        text = path.read_bytes().decode("utf-8")
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), f"{secret!r} in {path.relative_to(out)}"
    assert not (out / "people/secret-person").exists() and not (out / "people/secret-old-id").exists()
    zaur = json.loads((out / "api/v1/people/zaur-quliyev.json").read_text())
    assert zaur["status"]["status"] is None and zaur["status"]["as_of"] is None  # a restricted status, not derived
    assert "not public" in html(out, "people/zaur-quliyev/index.html")


def test_public_site_matches_the_public_export(run, private, tmp_path):
    out = tmp_path / "out"
    build(run, private, out)
    export = json.loads(run(private, "export", "--format", "json", "--public").stdout)
    doc = json.loads((out / "api/v1/people.json").read_text())
    assert [p["id"] for p in doc["people"]] == sorted(p["id"] for p in export["prisoners"])
    derived = {p["id"]: (p["derived"]["status"], p["derived"]["as_of"]) for p in export["prisoners"]}
    assert {p["id"]: (p["status"], p["as_of"]) for p in doc["people"]} == derived


# -- a knowledge base like a real list ----------------------------------------------------------

@pytest.fixture
def world(kb):
    """Namesakes, brothers, re-arrests, a group case, partial dates, a renamed record, a facility."""
    kb.org("nida", "N!DA")
    held = {"status": "detained", "status_as_of": '"2016-05-26"'}  # confirmed in custody by the 2016 source
    kb.prisoner("ali-aliyev-1980", "Ali Aliyev", native_name='"Əli Əliyev"', born='"1980"',
                affiliations="[nida]", former_ids="[ali-aliyev]", distinct_from="[ali-aliyev-1990]", **held)
    kb.prisoner("ali-aliyev-1990", "Ali Aliyev", native_name='"Əli Əliyev"', born='"1990"',
                distinct_from="[ali-aliyev-1980]", **held)
    kb.prisoner("rauf-huseynov", "Rauf Huseynov")  # arrested in 2010, never confirmed since
    kb.prisoner("vali-aliyev", "Vali Aliyev", other_names='["Vali Əliyev", "Valiy Aliev"]')
    kb.prisoner("leyla-mammadova", "Leyla Mammadova", native_name='"Leyla Məmmədova"', gender="female")
    kb.event("2008-03-ali-arrested", "2008-03-10", "arrest", ["ali-aliyev-1980"])
    kb.event("2009-ali-released", "2009", "release", ["ali-aliyev-1980"])
    kb.event("2013-06-ali-rearrested", "2013-06", "arrest", ["ali-aliyev-1980"], facility='"Prison No. 1"')
    kb.event("2014-01-group-arrested", "2014-01-15", "arrest", ["ali-aliyev-1990", "vali-aliyev"],
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]")
    kb.event("2014-05-group-sentenced", "2014-05-20", "sentenced", ["ali-aliyev-1990", "vali-aliyev"],
             sentence="{description: five years, years: 5}", facility='"Prison No 1"')
    kb.event("2015-03-vali-pardoned", "2015-03-17", "pardon", ["vali-aliyev"])
    kb.event("by-2016-05-26-leyla-detained", "by 2016-05-26", "detention", ["leyla-mammadova"])
    kb.event("2010-02-rauf-arrested", "2010-02-02", "arrest", ["rauf-huseynov"])
    return kb


def test_a_realistic_knowledge_base_builds_a_consistent_site(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    found, problems = check_site(out)
    assert problems == []
    # the renamed record's old address points to the new one, without script
    old = html(out, "people/ali-aliyev/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../../people/ali-aliyev-1980/">' in old
    assert '<a href="../../people/ali-aliyev-1980/">Ali Aliyev</a>' in old
    # two spellings of one prison are one place, listing both people held there
    place = html(out, "facilities/prison-no-1/index.html")
    assert "ali-aliyev-1980" in place and "ali-aliyev-1990" in place
    # the arrest-year pages hold each arrest: the re-arrested man is under 2008 and 2013
    assert "ali-aliyev-1980" in html(out, "years/2008/index.html")
    assert "ali-aliyev-1980" in html(out, "years/2013/index.html")
    # namesakes get their own pages; native names carry their language
    for pid in ("ali-aliyev-1980", "ali-aliyev-1990"):
        assert '<p class="native" lang="az">Əli Əliyev</p>' in html(out, f"people/{pid}/index.html")
    charge = html(out, "charges/234-4-3/index.html")
    assert len(table_rows(charge)) == 2


def test_custody_by_month_follows_episodes_and_stops_at_each_last_confirmation(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    months = {m["month"]: m["people"] for m in
              json.loads((out / "api/v1/figures.json").read_text())["custody_by_month"]}
    assert months["2008-03"] == 1 and months["2008-12"] == 1  # arrested 2008-03-10, released during 2009
    assert months["2009-06"] == 0  # between the two episodes
    assert months["2010-02"] == 1 and months["2013-05"] == 0  # Rauf, held as of his arrest, his only confirmation
    assert months["2013-06"] == 1  # Ali re-arrested; Rauf is not counted past his arrest month
    assert months["2010-03"] == 0
    assert months["2014-01"] == 3  # the group case
    assert months["2015-03"] == 2  # Vali pardoned on 17 March
    # still held: counted to the month of their last confirmation (the sources' 2016-05-26), never after
    assert max(months) == "2016-05" and months["2016-05"] == 3


def test_custody_at_month_ends_equals_pp_list_as_of_those_days_up_to_each_confirmation(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    months = {m["month"]: m["people"] for m in
              json.loads((out / "api/v1/figures.json").read_text())["custody_by_month"]}
    for month, day in (("2008-06", "2008-06-30"), ("2013-08", "2013-08-31"), ("2014-05", "2014-05-31"),
                       ("2015-04", "2015-04-30")):
        listed = json.loads(run(world, "list", "--status", "detained", "--as-of", day, "-f", "json").stdout)
        confirmed = [p for p in listed if p["id"] != "rauf-huseynov"]  # `pp list --as-of` carries his 2010 status
        assert months[month] == len(confirmed), month


def test_listings_are_paged_so_the_index_stays_small(run, kb, tmp_path):
    for i in range(230):
        kb.prisoner(f"person-{i:03d}", f"Person {i:03d}", status="detained", status_as_of='"2016-05-26"')
    out = tmp_path / "out"
    build(run, kb, out)
    assert len(table_rows(html(out, "index.html"), "people")) == 100
    assert len(table_rows(html(out, "list/2/index.html"))) == 100
    assert len(table_rows(html(out, "list/3/index.html"))) == 30
    assert len(table_rows(html(out, "status/detained/3/index.html"))) == 30
    assert len(json.loads((out / "api/v1/index.json").read_text())["people"]) == 230
    found, problems = check_site(out)
    assert problems == []


# -- rebuilding ---------------------------------------------------------------------------------

def test_a_rebuild_of_unchanged_records_writes_nothing(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = build(run, world, out)
    assert "0 written" in result.stderr and "0 removed" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_a_rebuild_rewrites_only_what_an_edit_changed_and_removes_what_went(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    world.prisoner("leyla-mammadova", "Leyla Mammadova", native_name='"Leyla Məmmədova"', gender="female",
                   summary='"A new summary."')
    (world.root / "data/prisoners/vali-aliyev.yaml").unlink()
    (world.root / "data/events/2015/2015-03-vali-pardoned.yaml").unlink()
    for e in ("2014/2014-01-group-arrested", "2014/2014-05-group-sentenced"):
        path = world.root / f"data/events/{e}.yaml"
        path.write_text(path.read_text().replace(", vali-aliyev", ""))
    result = build(run, world, out)
    written = re.search(r"(\d+) written", result.stderr).group(1)
    assert 0 < int(written) < 40
    assert "A new summary." in html(out, "people/leyla-mammadova/index.html")
    assert not (out / "people/vali-aliyev").exists() and not (out / "api/v1/people/vali-aliyev.json").exists()
    manifest = json.loads((out / ".pp-site.json").read_text())
    assert "people/vali-aliyev/index.html" not in manifest["files"]


def _rendered(monkeypatch) -> list[str]:
    """The ids of the people whose page the next builds render (pages kept from their inputs are not)."""
    from pp_cli.site import pages

    seen: list[str] = []
    real = pages.person_page

    def counting(site, pid, doc=None):
        seen.append(pid)
        return real(site, pid, doc)

    monkeypatch.setattr(pages, "person_page", counting)
    return seen


def test_a_rebuild_renders_only_the_pages_whose_records_changed(run, world, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(run, world, out)
    rendered = _rendered(monkeypatch)
    build(run, world, out)
    assert rendered == []  # nothing changed: every page kept without rendering
    world.prisoner("leyla-mammadova", "Leyla Mammadova", native_name='"Leyla Məmmədova"', gender="female",
                   summary='"A new summary."')
    world.event("2016-01-rauf-sentenced", "2016-01-20", "sentenced", ["rauf-huseynov"],
                sentence="{description: three years, years: 3}")
    build(run, world, out)
    assert sorted(rendered) == ["leyla-mammadova", "rauf-huseynov"]
    assert "A new summary." in html(out, "people/leyla-mammadova/index.html")
    rendered.clear()
    world.org("nida", "NIDA Civic Movement")  # a name every member's page shows: all pages are rendered again
    build(run, world, out)
    assert len(rendered) == 5 and "NIDA Civic Movement" in html(out, "people/ali-aliyev-1980/index.html")


def test_a_rebuild_after_edits_equals_a_fresh_build(run, world, tmp_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(run, world, out)
    world.event("2014-01-group-arrested", "2014-01-15", "arrest", ["ali-aliyev-1990", "vali-aliyev",
                                                                    "rauf-huseynov"])
    (world.root / "data/events/2015/2015-03-vali-pardoned.yaml").unlink()
    world.event("2016-02-ali-released", "2016-02", "release", ["ali-aliyev-1990"])
    build(run, world, out)
    world.prisoner("rauf-huseynov", "Rauf Huseynli")  # a co-defendant's name, on pages whose records are the same
    world.org("nida", "NIDA Civic Movement")
    build(run, world, out)
    build(run, world, fresh)

    def contents(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and p.name != ".pp-site.json"}

    assert contents(out) == contents(fresh)


def test_a_file_edited_by_hand_is_put_right_on_the_next_build(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    page = out / "people/leyla-mammadova/index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Leyla", b"Lejla"))
    build(run, world, out)
    assert page.read_bytes() == original


# -- writing only where asked -------------------------------------------------------------------

def test_out_inside_data_or_over_the_repository_is_refused(run, world, tmp_path):
    from pp_cli.cachedir import location

    for out in (world.root / "data" / "site", world.root, world.root.parent, world.root / ".git" / "x",
                location(world.root) / "site"):
        result = run(world, "site", "build", "--out", str(out))
        assert result.exit_code == 2, out
        assert "choose a folder of its own" in result.stderr, result.stderr
    assert not (world.root / "data" / "site").exists()


def test_a_folder_holding_other_files_is_refused_unless_forced(run, world, tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run(world, "site", "build", "--out", str(out))
    assert result.exit_code == 2 and "holds no site pp built" in result.stderr
    build(run, world, out, "--force")
    assert (out / "notes.txt").read_text() == "mine" and (out / "index.html").is_file()
    build(run, world, out)  # now it is pp's site: no --force needed, and notes.txt stays
    assert (out / "notes.txt").read_text() == "mine"


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("relative_to_folders", [True, False], ids=["folder-descriptors", "by-path"])
def test_symbolic_links_in_the_site_are_never_followed(run, world, tmp_path, monkeypatch, relative_to_folders):
    from pp_cli.site import writer

    if relative_to_folders and not writer.AT:
        pytest.skip("this platform cannot write relative to open folders")
    monkeypatch.setattr(writer, "AT", relative_to_folders)
    out = tmp_path / "out"
    build(run, world, out)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "index.html").write_text("keep")
    people = out / "people" / "leyla-mammadova"
    for child in people.iterdir():
        child.unlink()
    people.rmdir()
    people.symlink_to(victim, target_is_directory=True)
    (out / "people" / "vali-aliyev" / "index.html").unlink()
    result = run(world, "site", "build", "--out", str(out))
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert (victim / "index.html").read_text() == "keep" and len(list(victim.iterdir())) == 1
    people.unlink()
    secret = tmp_path / "secret.txt"
    secret.write_text("keep")
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(secret)
    result = run(world, "site", "build", "--out", str(out))
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert secret.read_text() == "keep"
    link = tmp_path / "link"
    link.symlink_to(out, target_is_directory=True)
    assert run(world, "site", "build", "--out", str(link)).exit_code == 2


def test_a_tampered_manifest_cannot_make_pp_delete_other_files(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out)
    keep = tmp_path / "keep.txt"
    keep.write_text("keep")
    (out / "mine.txt").write_text("mine")
    manifest = json.loads((out / ".pp-site.json").read_text())
    manifest["files"].update({"../keep.txt": ["x", 1, 1], "mine.txt": ["x", 1, 1], "/etc/passwd": ["x", 1, 1]})
    (out / ".pp-site.json").write_text(json.dumps(manifest))
    build(run, world, out)
    assert keep.read_text() == "keep"
    assert not (out / "mine.txt").exists()  # named in pp's manifest inside its folder: pp's to remove


# -- the command --------------------------------------------------------------------------------

def test_default_out_is_site_beside_data(run, world):
    result = run(world, "site", "build")
    assert result.exit_code == 0, result.output
    assert (world.root / "_site" / "index.html").is_file()


def test_unknown_language_and_bad_base_url_are_usage_errors(run, world, tmp_path):
    result = run(world, "site", "build", "--out", str(tmp_path / "o"), "--lang", "xx")
    assert result.exit_code == 2 and "available: en" in result.stderr
    result = run(world, "site", "build", "--out", str(tmp_path / "o"), "--base-url", "javascript:alert(1)")
    assert result.exit_code == 2


def test_base_url_makes_feed_links_absolute(run, world, tmp_path):
    out = tmp_path / "out"
    build(run, world, out, "--base-url", "https://example.org/list", "--title", "Prisoners of Example")
    root = ET.parse(out / "feed.xml").getroot()
    assert root.find(f"{ATOM}title").text == "Prisoners of Example: recent events"
    for link in root.iter(f"{ATOM}link"):
        if link.get("rel") in ("alternate", "self"):
            assert link.get("href").startswith("https://example.org/list/")
    assert "<title>Prisoners of Example</title>" in html(out, "index.html")


def test_site_help_shows_examples(run, world):
    for args in (("site", "--help"), ("site", "build", "--help"), ("site", "serve", "--help")):
        result = run(world, *args)
        assert result.exit_code == 0 and "pp site" in result.stdout


def test_serve_sends_the_policy_and_nothing_outside_the_folder(world, run, tmp_path):
    from pp_cli.site.serve import server

    out = tmp_path / "out"
    build(run, world, out)
    (tmp_path / "outside.txt").write_text("private")
    (out / "escape.txt").symlink_to(tmp_path / "outside.txt")
    httpd = server(out, 0, quiet=True)
    assert httpd.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with urllib.request.urlopen(base) as response:
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
            assert "Ali Aliyev" in response.read().decode()
        with urllib.request.urlopen(base + "api/v1/people.json") as response:
            assert response.headers["Content-Type"].startswith("application/json")
        for path in ("escape.txt", "../outside.txt", "%2e%2e/outside.txt", "people/"):
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(base + path)
            assert caught.value.code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- publishing from CI ----------------------------------------------------------------------

def test_pp_init_writes_a_workflow_that_publishes_the_site_to_github_pages(tmp_path, monkeypatch):
    import yaml
    from typer.testing import CliRunner

    from pp_cli.cli import app

    monkeypatch.delenv("PP_DATA", raising=False)
    root = tmp_path / "belarus"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    workflow = yaml.safe_load((root / ".github/workflows/site.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "main" in triggers["push"]["branches"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    build_step = next(s for s in steps if s.get("name") == "Build the site")
    assert build_step["run"].startswith("pp site build --out _site")
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") and s["with"]["path"] == "./_site"
               for s in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert "@" + "KB@" not in (root / ".github/workflows/site.yml").read_text()
    # the step's command works in the new repository, as the workflow runs it
    assert runner.invoke(app, ["new", "prisoner", "Ales Bialiatski", "--country", "BY"],
                         env={"PP_DATA": str(root)}).exit_code == 0
    result = runner.invoke(app, ["--data", str(root), "site", "build", "--out", str(root / "_site"),
                                 "--base-url", "https://owner.github.io/belarus/", "--title", "Belarus"])
    assert result.exit_code == 0, result.output
    assert (root / "_site/index.html").is_file()




def test_person_pages_show_custody_episodes_to_the_last_confirmation(shipped_site):
    page = html(shipped_site, "people/fuad-qahramanli/index.html")
    assert "at least 147 days (at most 177), to 2016-05-26, the last confirmation" in page
    doc = json.loads((shipped_site / "api/v1/people/fuad-qahramanli.json").read_text())
    assert [(e["start"], e["end"], e["to"]) for e in doc["custody"]] == [("2015-12", None, "2016-05-26")]
