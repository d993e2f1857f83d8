"""`pp schema`: JSON Schemas for editors, generated from the models and committed in schema/."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO


def test_committed_schemas_equal_what_pp_schema_generates(run, shipped, tmp_path):
    result = run(shipped, "schema", "--output", str(tmp_path))
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["case.schema.json", "code.schema.json", "event.schema.json", "organization.schema.json",
                     "prisoner.schema.json"]
    for name in names:
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == (tmp_path / name).read_text(encoding="utf-8"), (
            f"schema/{name} is out of date: run `pp schema` and commit the result"
        )


def test_check_reports_missing_or_outdated_schemas(run, shipped, tmp_path):
    assert run(shipped, "schema", "--check").exit_code == 0
    result = run(shipped, "schema", "--check", "--output", str(tmp_path))
    assert result.exit_code == 1
    assert "prisoner.schema.json is missing or out of date" in result.stderr
    run(shipped, "schema", "--output", str(tmp_path))
    assert run(shipped, "schema", "--check", "--output", str(tmp_path)).exit_code == 0


def test_pp_schema_writes_beside_data_by_default(run, kb):
    result = run(kb, "schema")
    assert result.exit_code == 0
    assert (kb.root / "schema" / "event.schema.json").is_file()


def test_every_data_file_points_at_an_existing_schema():
    for path in sorted((REPO / "data").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} does not start with a $schema line"
        assert (path.parent / match.group(1)).resolve().is_file(), f"{path}: {match.group(1)} does not exist"


def test_schemas_describe_the_records():
    prisoner = json.loads((REPO / "schema" / "prisoner.schema.json").read_text(encoding="utf-8"))
    assert prisoner["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert prisoner["additionalProperties"] is False  # unknown fields are errors in editors too
    assert set(prisoner["required"]) == {"id", "name", "country"}
    assert "detained" in prisoner["$defs"]["Status"]["enum"]
    # the shorthand `affiliations: [nida]` that the models accept is valid in editors too
    assert {"type": "string"}.items() <= prisoner["properties"]["affiliations"]["items"]["anyOf"][1].items()
    event = json.loads((REPO / "schema" / "event.schema.json").read_text(encoding="utf-8"))
    assert "charged" in event["$defs"]["EventType"]["enum"]
    pattern = re.compile(event["properties"]["date"]["pattern"])
    for written in ("2016", "2016-05", "2016-05-25", "before 2016-05-26", "by 2016-05", "2007-01-13/2007-01-18",
                    "2014~", "2014-05?", "2014%", "../2016-05-26"):
        assert pattern.match(written), written  # every form the models read, editors accept
    for wrong in ("16-05-2016", "about 2014", "2014~~", "before 2014~"):
        assert not pattern.match(wrong), wrong
    # the charges shorthand `- "29, 120.2.1"` is valid in editors too
    assert {"type": ["string", "integer"]}.items() <= event["properties"]["charges"]["items"]["anyOf"][1].items()
