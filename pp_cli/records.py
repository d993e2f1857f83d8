"""Turn one file into a validated record, or into problems that say where and why.

Loading has two halves: `read_yaml` (libyaml parsing, the slow part, run in
worker processes and cached per file) and `validate_data` (pydantic). Both
are pure functions of the file, so their results can be cached per file.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pp_cli.compact import compact
from pp_cli.errors import Problem
from pp_cli.models import KINDS, AnyRecord
from pp_cli.yamlio import Spots, YamlError, load_mapping, locate, read_bounded

# What a record's path may hold: ids are lowercase ASCII slugs, and so are the folders above them.
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_./-]+$")


# Names Windows reserves for devices, whatever the case or extension (`con.yaml`, `Aux`, `lpt9.txt`):
# a repository holding one cannot be checked out there.
_WINDOWS_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(?:\..*)?$",
                               re.IGNORECASE)


def windows_reserved(name: str) -> bool:
    """Whether a file or folder name (or an id) is one Windows cannot create, such as `con` or `com1.yaml`."""
    return bool(_WINDOWS_RESERVED.match(name.rstrip(" .")))


def kind_of(relpath: str) -> str | None:
    """The record kind a path under the root holds (`data/<kind>/…`), if any."""
    parts = relpath.split("/")
    if len(parts) >= 3 and parts[0] == "data" and parts[1] in KINDS:
        return parts[1]
    return None


def read_yaml(
    root: Path, relpath: str, raw: bytes | None = None
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parsed mapping of one file (or of its bytes `raw`, already read), or its YAML-level problems."""
    if relpath.endswith("/"):  # a folder discovery could not list
        try:
            os.listdir(f"{root}/{relpath}")
            reason = "it could not be listed"
        except OSError as exc:
            reason = exc.strerror or "it could not be listed"
        return None, [Problem(
            "PP010", relpath, f"cannot read folder: {reason}; the records in it are missing from every answer",
            hint="pp reads every folder under data/; give it read and search permission (chmod u+rx) or remove it",
        )]
    if relpath.endswith(".yml"):
        return None, [Problem("PP008", relpath, "record files end in .yaml", hint=f"rename it to {relpath[:-4]}.yaml")]
    if kind_of(relpath) is None:
        return None, [Problem("PP008", relpath, "not inside data/prisoners, data/events or data/organizations")]
    if not _SAFE_PATH.match(relpath):
        return None, [Problem(
            "PP008", relpath, "file or folder name holds characters that an id cannot have",
            hint="name files after their id: lowercase ASCII letters, digits and hyphens, then .yaml",
        )]
    reserved = next((part for part in relpath.split("/") if windows_reserved(part)), None)
    if reserved is not None:
        return None, [Problem(
            "PP012", relpath, f"`{reserved}` is a name Windows reserves for a device; the repository "
            "could not be checked out there", hint="choose another id (for example add the family name)",
        )]
    try:
        return load_mapping(read_bounded(f"{root}/{relpath}") if raw is None else raw), []
    except YamlError as exc:
        return None, [_yaml_problem(relpath, exc)]
    except OSError as exc:
        return None, [Problem("PP001", relpath, f"cannot read file: {exc.strerror}")]


def parse_bytes(raw: bytes, relpath: str, kind: str) -> tuple[AnyRecord | None, list[Problem]]:
    try:
        data = load_mapping(raw)
    except YamlError as exc:
        return None, [_yaml_problem(relpath, exc)]
    return validate_data(data, relpath, kind, lambda: raw)


def validate_data(
    data: dict[str, Any] | str, relpath: str, kind: str, raw: Callable[[], bytes], *, held: bool = True,
) -> tuple[AnyRecord | None, list[Problem]]:
    """Validate a parsed mapping (or its JSON, as cached) against its model.

    `raw()` gives the file's bytes, read only when an error needs locating.
    `held`: the record joins a whole knowledge base held at once, so it is made compact.
    """
    model = KINDS[kind]
    try:
        record = model.model_validate_json(data) if isinstance(data, str) else model.model_validate(data)
    except ValidationError as exc:
        return None, schema_problems(exc, model, _safe_raw(raw), relpath)
    except RecursionError:  # pragma: no cover - guarded by the depth check
        return None, [Problem("PP007", relpath, "document is nested too deeply")]
    if held:
        compact(record)  # a whole knowledge base of records is held at once: share what repeats
    stem = relpath.rsplit("/", 1)[-1].removesuffix(".yaml")
    if record.id != stem:
        line, column = locate(_safe_raw(raw), ("id",)) or (None, None)
        return record, [
            Problem(
                "PP104",
                relpath,
                f"id `{record.id}` does not match the file name `{stem}.yaml`",
                line,
                column,
                "id",
                f"rename the file to `{record.id}.yaml` or set `id: {stem}`",
            )
        ]
    return record, []


def _safe_raw(raw: Callable[[], bytes]) -> bytes:
    try:
        return raw()
    except (OSError, YamlError):
        return b""


def _yaml_problem(relpath: str, exc: YamlError) -> Problem:
    return Problem(exc.code, relpath, exc.message, exc.line, exc.column, None, exc.hint)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The nested model a pydantic error path points into, to suggest field names."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        field = getattr(current, "model_fields", {}).get(step)
        if field is None:
            return None
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    current = inner
                    break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def schema_problems(exc: ValidationError, model: type[BaseModel], raw: bytes, relpath: str) -> list[Problem]:
    """Translate pydantic errors into located, fixable problems."""
    problems = []
    spots = Spots(raw)  # one parse for all of the file's errors, however many
    for error in exc.errors(include_url=False):
        loc = tuple(step for step in error["loc"] if not _is_internal_step(step)) or ("(record)",)
        field = ".".join(str(step) for step in loc) or None
        line, column = spots(loc) or (None, None)
        kind, hint = error["type"], None
        if kind == "extra_forbidden":
            code, name = "PP101", str(loc[-1])
            message = f"unknown field `{name}`"
            parent = _model_at(model, loc[:-1])
            known = list(parent.model_fields) if parent else []
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else (
                f"known fields: {', '.join(known)}" if known else None
            )
        elif kind == "missing":
            code = "PP103"
            message = f"missing required field `{loc[-1]}`"
            hint = f"add `{loc[-1]}: …`"
        else:
            code = "PP102"
            message = _describe(error)
            id_fields = ("id", "people", "organizations", "org", "former_ids")
            if kind == "string_pattern_mismatch" and any(step in id_fields for step in loc[-2:]):
                message = f"`{error.get('input')}` is not a valid id"
                hint = "ids are lowercase ASCII letters, digits and hyphens, like `seymur-hazi`"
            elif kind == "enum":
                hint = f"use one of: {error.get('ctx', {}).get('expected', '')}"
            elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("url", "archive_url"):
                code = "PP502"  # a source that cannot be opened in a browser (docs/validation.md)
                hint = "links start with https:// or http://; put an archived copy in `archive_url`"
        problems.append(Problem(code, relpath, message, line, column, field, hint))
    return problems


_INTERNAL_STEP = re.compile(r"^(function-(after|before|wrap|plain)|lax-or-strict|nullable|union|tagged-union|chain)\[")


def _is_internal_step(step: object) -> bool:
    """Pydantic's own path steps (`function-after[…]`), as opposed to keys a file really has."""
    return isinstance(step, str) and bool(_INTERNAL_STEP.match(step))


def _describe(error: dict[str, Any]) -> str:
    msg = str(error["msg"])
    msg = msg.removeprefix("Value error, ")
    given = error.get("input")
    if error["type"] == "enum":
        return f"`{given}` is not an allowed value"
    if error["type"] == "string_pattern_mismatch":
        loc = error["loc"]
        if loc and loc[-1] in ("url", "archive_url"):
            return f"`{given}` is not an http(s) URL"
        if loc and loc[-1] == "country":
            return f"`{given}` is not an ISO 3166-1 alpha-2 country code (like AZ)"
    if isinstance(given, (str, int, float)) and error["type"] not in ("value_error",):
        return f"{msg} (got `{given}`)"
    return msg
