"""`pp show` as something to cite: sources per event, whole URLs, disputes in every format, words for people."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from pp_cli.formats import OutputFormat
from tests.conftest import REPO

URL = re.compile(r"https?://\S+")
PARDON_DISPUTE = "count 16 detainees (disputed: 14 political prisoners among 148 people pardoned, The Economist)"


def known_urls() -> set[str]:
    found = set()
    for path in (REPO / "data").rglob("*.yaml"):
        found.update(u.rstrip('"') for u in URL.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("person", ["Rasul Jafarov", "Fuad Qahramanli", "Ilqar Mammadov", "Seymur Hazi"])
def test_every_url_in_pp_show_at_80_columns_is_whole(run, person, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = run(REPO, "show", person, "--quotes").stdout
    shown = URL.findall(out)
    assert shown
    urls = known_urls()
    for url in shown:
        assert url in urls, f"broken or unknown URL: {url}"


def test_a_pipe_gets_unpadded_lines(run):
    out = run(REPO, "show", "Rasul Jafarov").stdout
    assert all(line == line.rstrip() for line in out.splitlines())


def test_every_event_says_where_it_comes_from(run):
    doc = json.loads(run(REPO, "show", "Ilqar Mammadov", "--format", "json").stdout)
    for item in doc["timeline"]:
        assert item["cited"] and all(s["url"] and s["publisher"] for s in item["cited"])
    out = run(REPO, "show", "Ilqar Mammadov").stdout
    assert "Source: Amnesty International, 2015-03" in out


def test_quotes_and_archive_links_on_request_and_always_in_markdown(run):
    quote = "comply with international demands"
    assert quote not in " ".join(run(REPO, "show", "Ilqar Mammadov").stdout.split())
    assert quote in " ".join(run(REPO, "show", "Ilqar Mammadov", "--quotes").stdout.split())
    markdown = run(REPO, "show", "Ilqar Mammadov", "--format", "markdown").stdout
    assert quote in markdown and "<https://www.amnesty.org/" in markdown


def test_the_pardons_dispute_is_shown_in_every_format(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # a table cell wraps; wide enough to read the phrase whole
    flowing = " ".join(run(REPO, "show", "Rasul Jafarov").stdout.split())
    assert PARDON_DISPUTE in flowing
    assert PARDON_DISPUTE in run(REPO, "show", "Rasul Jafarov", "--format", "markdown").stdout
    for fmt in OutputFormat:
        out = run(REPO, "timeline", "--person", "Rasul Jafarov", "--format", fmt.value).stdout
        assert PARDON_DISPUTE in " ".join(out.split()).replace("\\", ""), fmt
    rows = list(csv.DictReader(io.StringIO(run(REPO, "timeline", "--format", "csv").stdout)))
    (pardon,) = [r for r in rows if r["id"] == "2016-03-17-presidential-pardon"]
    assert pardon["disputed"] == PARDON_DISPUTE
    assert PARDON_DISPUTE in run(REPO, "report").stdout.replace("\\", "")


def test_show_gives_event_details_and_affiliation_dates(run, kb):
    kb.org("nida", "N!DA")
    kb.prisoner("ali", "Ali Aliyev", affiliations="[{org: nida, since: '2012', until: '2014'}]")
    kb.event("2015-05-06-ali-sentenced", "2015-05-06", "sentenced", ["ali"], court='"Baku Grave Crimes Court"',
             judge='"Judge Əli Məmmədov"', facility='"Prison No. 14"', sentence="{years: 7.5}")
    kb.event("2016-echr", "2016-10-17", "echr_judgment", ["ali"],
             echr="{application: '919/15', finding: 'violation of Article 18'}")
    out = " ".join(run(kb, "show", "Ali Aliyev").stdout.split())
    for text in ("N!DA, since 2012, until 2014", "Court: Baku Grave Crimes Court", "Judge: Judge Əli Məmmədov",
                 "Facility: Prison No. 14",
                 "Sentence: 7.5 years", "ECHR: application 919/15; violation of Article 18"):
        assert text in out, text
    markdown = run(kb, "show", "Ali Aliyev", "--format", "markdown").stdout
    assert "Judge Əli Məmmədov" in markdown
    events = run(kb, "export", "--format", "csv", "--events").stdout
    assert "judge" in events.splitlines()[0] and "Judge Əli Məmmədov" in events


def test_the_status_line_reads_as_english(run):
    out = run(REPO, "show", "Fuad Qahramanli").stdout
    assert "Status: detained, as of 2016-05-26 (from the event 2015-12-qahramanli-arrested)" in out
    assert "as of by" not in out


def test_title_and_summary_are_distinct_and_no_color_is_not_all_bold():
    from rich.console import Console

    from pp_cli.formats.table_profile import event_block

    item = {"date": "2016-03-17", "type": "pardon", "title": "The title", "summary": "The summary", "cited": []}
    console = Console(force_terminal=True, no_color=True, width=80)
    with console.capture() as captured:
        for part in event_block(item):
            console.print(part)
    out = captured.get()
    assert "\x1b[1mThe title" in out
    summary_line = next(line for line in out.splitlines() if "The summary" in line)
    assert "\x1b[1m" not in summary_line


def test_people_facing_timelines_use_words(run):
    table = run(REPO, "timeline", "--format", "markdown").stdout
    assert "call for release" in table and "international_call" not in table
    assert "international_call" in run(REPO, "timeline", "--format", "tsv").stdout
