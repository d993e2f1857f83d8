"""`pp stats`: counts of people that agree with `pp list`, per-year arrests and releases, time in detention."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from pp_cli.formats import OutputFormat
from pp_cli.vocab import Status


def stats_json(run, target, *args: str) -> dict:
    result = run(target, "stats", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_status(run, target, *args: str) -> dict[str, int]:
    result = run(target, "stats", "--by", "status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {row["status"]: row["people"] for row in json.loads(result.stdout)}


def listed(run, target, *args: str) -> list[str]:
    result = run(target, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


@pytest.fixture
def small(kb):
    """Four people: released, still detained, detained without a dated arrest, and twice detained."""
    kb.org("nida", "N!DA")
    kb.prisoner("ali-aliyev", "Ali Aliyev", roles="[journalist, blogger]", affiliations="[nida]")
    kb.prisoner("sevda-huseynova", "Sevda Hüseynova", roles="[lawyer]")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", roles="[journalist]", status="detained",
                status_as_of='"2016-05-26"')
    kb.prisoner("emin-rzayev", "Emin Rzayev", roles="[blogger]")
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev"],
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]")
    kb.event("2016-03-17-ali-pardoned", "2016-03-17", "pardon", ["ali-aliyev"])
    kb.event("2015-03-02-sevda-arrested", "2015-03-02", "arrest", ["sevda-huseynova"])
    kb.event("2015-01-10-emin-arrested", "2015-01-10", "arrest", ["emin-rzayev"])
    kb.event("2015-01-20-emin-released", "2015-01-20", "release", ["emin-rzayev"])
    kb.event("2015-02-01-emin-arrested", "2015-02-01", "detention", ["emin-rzayev"])
    kb.event("2015-02-11-emin-released", "2015-02-11", "release", ["emin-rzayev"])
    return kb


@pytest.mark.parametrize("as_of", [None, "2016-01-01", "2015-06", "2014"])
def test_counts_by_status_agree_with_list_for_every_status_on_the_shipped_data(run, shipped, as_of):
    extra = ["--as-of", as_of] if as_of else []
    counts = by_status(run, shipped, *extra)
    assert set(counts) == {s.value for s in Status}
    for status in Status:
        assert counts[status.value] == len(listed(run, shipped, "--status", status.value, *extra)), status
    assert sum(counts.values()) == len(listed(run, shipped, *extra))


@pytest.mark.parametrize("as_of", [None, "2015-02-05", "2016-01-01", "2016-04"])
def test_counts_by_status_agree_with_list_on_a_small_knowledge_base(run, small, as_of):
    extra = ["--as-of", as_of] if as_of else []
    counts = by_status(run, small, *extra)
    for status in Status:
        assert counts[status.value] == len(listed(run, small, "--status", status.value, *extra))


def test_filters_narrow_the_people_counted_exactly_as_in_list(run, small):
    counts = by_status(run, small, "--role", "journalist")
    assert counts["detained"] == len(listed(run, small, "--role", "journalist", "--status", "detained")) == 1
    assert counts["released"] == 1
    assert sum(counts.values()) == 2


def test_counts_say_what_they_count_and_as_of_when(run, small):
    result = run(small, "stats", "--by", "role", "--as-of", "2016-01-01", "--format", "table")
    assert "People by role and status" in result.stdout
    assert "as of 2016-01-01" in result.stdout
    assert "4 people" in result.stdout
    tsv = run(small, "stats", "--as-of", "2016-01-01", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["section", "item", "value", "unit", "as_of"]
    assert all(line.endswith("\t2016-01-01") for line in tsv[1:])
    assert all(line.split("\t")[3] for line in tsv[1:])  # every figure has a unit


def test_without_as_of_the_overview_says_the_latest_date(run, small):
    doc = stats_json(run, small)
    assert doc["as_of"] is None
    assert doc["as_of_phrase"].startswith("latest known status")
    assert "2016-05-26" in doc["as_of_phrase"]


def test_a_person_with_several_roles_counts_once_under_each(run, small):
    result = run(small, "stats", "--by", "role", "--format", "json")
    rows = {r["role"]: r for r in json.loads(result.stdout)}
    assert rows["journalist"]["people"] == 2
    assert rows["blogger"]["people"] == 2
    assert rows["lawyer"] == {"role": "lawyer", "people": 1, "detained": 1, "released": 0, "as_of": "latest"}


def test_affiliation_and_charge_counts_include_the_people_without_any(run, small):
    doc = stats_json(run, small)
    affiliation = {i["value"]: i["people"] for i in doc["counts"]["affiliation"]}
    assert affiliation == {"nida": 1, "(none)": 3}
    charge = {i["value"]: i["people"] for i in doc["counts"]["charge"]}
    assert charge == {"drugs": 1, "(none)": 3}


def test_arrests_and_releases_per_year_count_people_not_events(run, small):
    doc = stats_json(run, small)
    years = {y["year"]: (y["arrests"], y["releases"]) for y in doc["per_year"]}
    # Emin was arrested twice and released twice in 2015: one person each way.
    assert years == {2015: (3, 1), 2016: (0, 1)}


def test_per_year_chart_is_drawn_on_a_terminal_and_plain_in_pipes(run, small):
    table = run(small, "stats", "--by", "year", "--format", "table").stdout
    assert "█" in table and "People arrested" in table
    plain = run(small, "stats", "--by", "year", "--format", "csv").stdout
    assert list(csv.DictReader(io.StringIO(plain)))[0] == {
        "year": "2015", "arrests": "3", "releases": "1", "as_of": "latest"
    }


def test_time_in_detention_is_the_least_the_dates_allow_with_the_most_beside_it(run, small):
    doc = stats_json(run, small)
    people = {p["id"]: p for p in doc["detention"]["people"]}
    ali = people["ali-aliyev"]
    assert ali["days"] == ali["days_at_least"] == (date(2016, 3, 17) - date(2015, 12, 31)).days == 77
    assert ali["days_at_most"] == (date(2016, 3, 17) - date(2015, 12, 1)).days == 107
    assert ali["approximate"] is True
    assert (ali["since"], ali["until"]) == ("2015-12", "2016-03-17")


def test_time_in_detention_adds_up_every_stay(run, small):
    emin = {p["id"]: p for p in stats_json(run, small)["detention"]["people"]}["emin-rzayev"]
    assert len(emin["spans"]) == 2
    assert emin["days"] == 10 + 10
    assert emin["approximate"] is False


def test_an_open_detention_runs_to_its_last_confirmation_never_to_the_as_of_day_or_today(run, small):
    # Sevda's custody is confirmed only by her arrest: nothing is extrapolated past it.
    for args in ((), ("--as-of", "2016-03-02")):
        sevda = {p["id"]: p for p in stats_json(run, small, *args)["detention"]["people"]}["sevda-huseynova"]
        assert (sevda["days"], sevda["until"]) == (0, "2015-03-02")
        assert "the last confirmation" in sevda["note"]


def test_a_later_confirmation_carries_an_as_of_duration_to_that_day(run, kb):
    kb.prisoner("sevda-huseynova", "Sevda Hüseynova", status="detained", status_as_of='"2016-05-26"')
    kb.event("2015-03-02-sevda-arrested", "2015-03-02", "arrest", ["sevda-huseynova"])
    now = stats_json(run, kb)["detention"]["people"][0]
    assert (now["days"], now["until"]) == ((date(2016, 5, 26) - date(2015, 3, 2)).days, "2016-05-26")
    assert now["now_text"] == "at least 451 days, to 2016-05-26, the last confirmation"
    then = stats_json(run, kb, "--as-of", "2016-03-02")["detention"]["people"][0]
    assert (then["days"], then["until"]) == (366, "2016-03-02")  # a leap year; held on that day, as later confirmed


def test_declared_detention_without_a_dated_arrest_is_unknown_not_zero(run, small):
    det = stats_json(run, small, "--as-of", "2016-06-01")["detention"]
    zaur = {p["id"]: p for p in det["people"]}["zaur-quliyev"]
    assert zaur["days"] is None
    assert "no dated arrest" in zaur["note"]
    assert det["people_with_unknown_duration"] == 1
    assert det["people_with_known_duration"] == 3
    assert det["median_days"] == 20  # ali 77, emin 20, sevda 0
    assert det["longest"] == {"id": "ali-aliyev", "name": "Ali Aliyev", "days": 77, "until": "2016-03-17"}
    table = run(small, "stats", "--as-of", "2016-06-01", "--by", "detention", "--format", "table").stdout
    assert "unknown" in table and "≈77" in table


def test_a_release_with_no_custody_on_record_is_an_unknown_duration(run, kb):
    kb.prisoner("rasul-jafarov", "Rasul Jafarov")
    kb.event("2016-03-17-pardon", "2016-03-17", "pardon", ["rasul-jafarov"])
    rasul = stats_json(run, kb)["detention"]["people"][0]
    assert rasul["days"] is None and "start of custody not recorded" in rasul["note"]


def test_how_many_journalists_were_detained_on_1_january_2016_and_for_how_long(run, shipped):
    result = run(shipped, "stats", "--role", "journalist", "--status", "detained", "--as-of", "2016-01-01",
                 "--by", "detention", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["id"], r["since"], r["days"], r["days_at_most"]) for r in rows] == [
        ("khadija-ismayilova", "2014-12", 366, 396)  # she was still held then, as her 2016 release shows
    ]
    assert rows[0]["as_of"] == "2016-01-01"


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("by", [None, "status", "role", "affiliation", "charge", "country", "year", "detention"])
def test_every_breakdown_renders_in_every_format(run, small, fmt, by):
    args = ["stats", "--format", fmt.value, "--as-of", "2016-01-01"] + (["--by", by] if by else [])
    result = run(small, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    if fmt is OutputFormat.json:
        json.loads(result.stdout)


def test_record_text_is_never_markup_in_the_terminal_overview(run, kb):
    kb.prisoner("x", "[bold red]Boom[/bold red] \\e[2J", roles="[journalist]")  # `\e` in YAML is ESC
    kb.event("2015-01-01-x", "2015-01-01", "arrest", ["x"])
    result = run(kb, "stats", "--format", "table")
    assert "[bold red]Boom[/bold red]" in result.stdout
    assert "\x1b[2J" not in result.stdout and "\\x1b" in result.stdout


def test_unknown_affiliation_is_a_usage_error(run, small):
    result = run(small, "stats", "--affiliation", "nope")
    assert result.exit_code == 2
    assert "unknown organization" in result.stderr


def test_the_overview_lists_the_longest_times_in_custody_and_the_data_formats_list_everyone(run, kb, monkeypatch):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    for n in range(25):  # held 1 … 25 days: the overview shows the twenty longest, longest first
        kb.prisoner(f"person-{n:02d}", f"Person {n:02d}")
        kb.event(f"2015-01-01-person-{n:02d}-arrested", "2015-01-01", "arrest", [f"person-{n:02d}"])
        kb.event(f"2015-01-{n + 2:02d}-person-{n:02d}-released", f"2015-01-{n + 2:02d}", "release",
                 [f"person-{n:02d}"])
    for _ in range(2):  # once building the index, once reading it
        assert "… and 5 more; pp stats --by detention lists everyone" in run(kb, "stats", "--format", "table").stdout
        markdown = run(kb, "stats", "--format", "markdown").stdout
        assert "Person 24" in markdown and "Person 05" in markdown and "Person 04" not in markdown
        assert "… and 5 more" in markdown
        doc = stats_json(run, kb)
        assert [p["id"] for p in doc["detention"]["people"]] == [f"person-{n:02d}" for n in reversed(range(25))]
        assert doc == json.loads(run(kb, "--no-cache", "stats", "--format", "json").stdout)
        by_detention = run(kb, "stats", "--by", "detention", "--format", "csv").stdout
        assert len(list(csv.DictReader(io.StringIO(by_detention)))) == 25


# --------------------------------------------------------------------------- issue 13: change costs what changed


@pytest.mark.parametrize("args", [[], ["--by", "year"], ["--by", "detention"], ["--status", "detained"],
                                  ["--charge", "drugs", "--by", "role"], ["--by", "case"], ["--by", "list"]])
def test_after_an_edit_stats_are_counted_from_the_index_without_loading_every_record(
        run, small, monkeypatch, args):
    monkeypatch.delenv("PP_NO_CACHE", raising=False)
    before = stats_json(run, small)  # the first run builds the index
    small.event("2016-04-01-sevda-released", "2016-04-01", "release", ["sevda-huseynova"])
    import pp_cli.kb

    def whole_load(*_args, **_kwargs):
        raise AssertionError("pp stats loaded every record after one edit")

    monkeypatch.setattr(pp_cli.kb, "load", whole_load)
    cached = run(small, "stats", "--format", "json", *args)
    monkeypatch.undo()
    assert cached.exit_code == 0, cached.output
    assert cached.stdout == run(small, "--no-cache", "stats", "--format", "json", *args).stdout
    if not args:
        after = json.loads(cached.stdout)
        assert after["headline"]["detained"] == before["headline"]["detained"] - 1  # Sevda counted released
