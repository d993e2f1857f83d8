"""JSON Schema per record kind, generated from the models, for editors (`pp schema`).

Record files start with `# yaml-language-server: $schema=../../schema/<kind>.schema.json`
so that editors with the YAML language server check fields as one types.
The committed files in `schema/` must equal what this module generates (a
test checks it), so regenerate them with `pp schema` after changing a model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pp_cli.models import SLUG_PATTERN, Case, CriminalCode, Event, Organization, Prisoner

DRAFT = "https://json-schema.org/draft/2020-12/schema"

FILES: dict[str, type[BaseModel]] = {
    "prisoner.schema.json": Prisoner,
    "event.schema.json": Event,
    "organization.schema.json": Organization,
    "case.schema.json": Case,
    "code.schema.json": CriminalCode,
}

DESCRIPTIONS = {
    Prisoner: "A person in a pp knowledge base: data/prisoners/<id>.yaml.",
    Event: "Something that happened to one or more people: data/events/<year>/<id>.yaml.",
    Organization: "A party, movement, media outlet, prison, court or other body: data/organizations/<id>.yaml.",
    Case: "A criminal case in which one or more people are tried together: data/cases/<id>.yaml.",
    CriminalCode: "A country's criminal code, article by article and edition by edition: data/codes/<id>.yaml.",
}

# Shorthands the models accept besides the full objects (see their `mode="before"` validators).
SHORTHANDS: dict[type[BaseModel], dict[str, dict[str, Any]]] = {
    Prisoner: {
        "other_names": {"type": "string", "minLength": 1, "maxLength": 500},
        "affiliations": {"type": "string", "pattern": SLUG_PATTERN, "description": "an organization id"},
    },
    Organization: {
        "other_names": {"type": "string", "minLength": 1, "maxLength": 500},
    },
    Case: {
        "other_names": {"type": "string", "minLength": 1, "maxLength": 500},
    },
    CriminalCode: {
        "other_names": {"type": "string", "minLength": 1, "maxLength": 500},
    },
}
# The charges shorthand (`- "29, 120.2.1; 228.1"`, pp_cli.charges) beside full charge objects.
CHARGE_SHORTHAND = {"type": ["string", "integer"], "description": "articles as a list writes them: \"29, 120.2.1\""}


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one record kind."""
    generated = model.model_json_schema(mode="validation")
    for name, short in SHORTHANDS.get(model, {}).items():
        prop = generated["properties"][name]
        prop["items"] = {"anyOf": [prop["items"], short]}
    if model is Event:
        prop = generated["properties"]["charges"]
        prop["items"] = {"anyOf": [prop["items"], CHARGE_SHORTHAND]}
    return {"$schema": DRAFT, "description": DESCRIPTIONS[model], **generated}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def generate() -> dict[str, str]:
    """File name → file text, for every record kind."""
    return {name: render(schema_for(model)) for name, model in FILES.items()}


def write(folder: Path, root: Path | None = None) -> list[Path]:
    """Write every schema into `folder` (created if needed); rewrite only files whose text changed.

    With the knowledge base's `root`, a folder inside its data/ is refused (`pp_cli.output`).
    """
    from pp_cli import output

    if root is not None:
        output.refuse_inside_data(folder, root)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        path = folder / name
        if path.is_symlink() or not path.is_file() or path.read_text(encoding="utf-8") != text:
            from pp_cli import output

            output.write_bytes(path, text.encode("utf-8"), force=True, root=root)  # atomic; never over a link or device
        written.append(path)
    return written


def outdated(folder: Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from the models."""
    stale = []
    for name, text in generate().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
