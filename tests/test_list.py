"""`pp list`: filters, sorting and every output format."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from pp_cli.formats import OutputFormat, renderer


@pytest.fixture
def three(kb):
    kb.org("nida", "N!DA")
    kb.prisoner("ali-aliyev", "Ali Aliyev", roles="[journalist]", affiliations="[nida]")
    kb.prisoner("sevda-huseynova", "Sevda Hüseynova", roles="[lawyer]")
    kb.prisoner("zaur-quliyev", "Zaur Quliyev", roles="[blogger]", status="detained", status_as_of='"2016-05-26"')
    kb.event("2015-12-ali-arrested", "2015-12", "arrest", ["ali-aliyev"],
             charges="[{article: '234.4.3', description: drug possession, category: drugs}]")
    kb.event("2015-03-sevda-arrested", "2015-03-02", "arrest", ["sevda-huseynova"])
    kb.event("2016-03-17-pardon", "2016-03-17", "pardon", ["sevda-huseynova"])
    return kb


def names(result) -> list[str]:
    return [row["name"] for row in json.loads(result.stdout)]


def test_status_filter_lists_the_detained_with_their_as_of_dates(run, three):
    result = run(three, "list", "--status", "detained", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["name"], r["as_of"]) for r in rows] == [("Ali Aliyev", "2015-12"), ("Zaur Quliyev", "2016-05-26")]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--role", "lawyer"], ["Sevda Hüseynova"]),
        (["--affiliation", "nida"], ["Ali Aliyev"]),
        (["--country", "az"], ["Ali Aliyev", "Sevda Hüseynova", "Zaur Quliyev"]),
        (["--charge", "drugs"], ["Ali Aliyev"]),
        (["--charge", "234"], ["Ali Aliyev"]),
        (["--charge", "234.4"], ["Ali Aliyev"]),
        (["--charge", "23"], []),
        (["--arrested-since", "2015-06"], ["Ali Aliyev"]),
        (["--arrested-until", "2015-06"], ["Sevda Hüseynova"]),
        (["--arrested-since", "2015-12-10"], []),  # "2015-12" is not certainly after the 10th
        (["--status", "released"], ["Sevda Hüseynova"]),
        (["--status", "released", "--as-of", "2016-01-01"], []),
        (["--status", "detained", "--as-of", "2016-01-01"], ["Ali Aliyev", "Sevda Hüseynova"]),
        (["--sort", "arrested"], ["Sevda Hüseynova", "Ali Aliyev", "Zaur Quliyev"]),
        (["--sort", "name", "--reverse"], ["Zaur Quliyev", "Sevda Hüseynova", "Ali Aliyev"]),
        (["--limit", "1"], ["Ali Aliyev"]),
    ],
)
def test_filters_and_sorting(run, three, args, expected):
    result = run(three, "list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert names(result) == expected


def test_unicode_names_sort_by_their_letters_not_their_code_points(run, kb):
    for pid, name in [("b", "Zəfər"), ("a", "İlqar"), ("c", "Şahin"), ("d", "Əli"), ("e", "Həsən")]:
        kb.prisoner(pid, name)
    assert names(run(kb, "list", "--format", "json")) == ["Əli", "Həsən", "İlqar", "Şahin", "Zəfər"]


def test_tsv_is_the_default_in_a_pipe(run, three):
    result = run(three, "list", "--status", "detained")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["id", "name", "native_name", "status"]
    assert lines[1].startswith("ali-aliyev\tAli Aliyev\t")
    assert "\x1b[" not in result.stdout


def test_csv_yaml_and_markdown(run, three):
    rows = list(csv.DictReader(io.StringIO(run(three, "list", "-f", "csv").stdout)))
    assert rows[0]["name"] == "Ali Aliyev" and rows[0]["charges"] == "234.4.3"
    data = yaml.safe_load(run(three, "list", "-f", "yaml").stdout)
    assert data[2]["status"] == "detained"
    markdown = run(three, "list", "-f", "markdown").stdout
    assert "| Name | Status |" in markdown.replace(" | Id", "").replace("| Id | ", "| ") or "| Name |" in markdown
    assert "Sevda Hüseynova" in markdown


def test_a_rich_table_when_asked(run, three):
    result = run(three, "list", "--format", "table")
    assert "Zaur Quliyev" in result.stdout and "As of" in result.stdout


def test_every_format_has_a_renderer():
    for fmt in OutputFormat:
        module = renderer(fmt)
        assert callable(module.render_rows) and callable(module.render_document)


def test_an_empty_answer_is_still_a_success(run, three):
    result = run(three, "list", "--status", "deceased", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "no one matches" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--status", "jailed"], ["--as-of", "yesterday"], ["--arrested-since", "2016-13"], ["--sort", "height"],
     ["--affiliation", "no-such-org"], ["--format", "pdf"]],
)
def test_bad_options_are_usage_errors(run, three, args):
    result = run(three, "list", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
