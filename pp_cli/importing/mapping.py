"""The column map (MAP.yaml): which sheet column holds which pp field, checked with located errors.

The shape (issue 12), meant to be written by hand and kept beside the sheet:

    source: {url: …, title: …, publisher: …, published: "2014-08"}
    country: AZ
    columns: {name: Full name, arrested: Date of arrest, …}
    values: {roles: {Journalists and bloggers: journalist}}

plus optional `match` (a sheet name → the id of the person it is, or the
id to give a new person), `recognition` (the list recognises everyone on
it: `{by: …, list: …, edition: …, kind: …}`; the `list_number` and
`list_section` columns give each person's place in it, and with
`section_rows: true` the sheet's section-title rows do), `code` (the
criminal code and edition the sheet's articles are of: `{id: az, edition:
"2000", columns: {Old articles: "1960"}}`), `create_facilities` (a place of
detention the knowledge base lacks becomes a new organization, rather than
being reported), `day_first` (read `03/04/2013` as 3 April), `encoding`,
`sheet` (an XLSX sheet's name) and `header_row`. Every problem is reported
at once, at MAP.yaml:LINE, with a did-you-mean for misspelt keys and
columns.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pp_cli.errors import PPError
from pp_cli.models import Source

TOP_KEYS = ("source", "country", "columns", "values", "match", "recognition", "code", "create_facilities", "day_first",
            "encoding", "sheet", "header_row")
CODE_KEYS = ("id", "edition", "columns")
RECOGNITION_PER_ROW = ("number", "section")  # from the sheet's columns (list_number, list_section), not the map

# pp field → what it becomes (shown by `pp import --template` and in docs/importing.md).
FIELDS: dict[str, str] = {
    "id": "the person's id, where the sheet keeps pp ids",
    "name": "the usual name (required)",
    "native_name": "the name in the person's language",
    "other_names": "other spellings; `;` separated where several",
    "given_name": "given name",
    "patronymic": "patronymic (father's name)",
    "surname": "surname",
    "gender": "female, male or other (map the sheet's words with `values`)",
    "born": "birth date or year",
    "country": "ISO 3166-1 code, where rows differ (else the map's `country`)",
    "roles": "journalist, blogger, … (map the sheet's words with `values`)",
    "affiliations": "organization ids or names (map names to ids with `values`)",
    "status": "detained, released, … (map the sheet's words with `values`)",
    "arrested": "date of arrest: makes an arrest event",
    "charges": "criminal-code articles, `;` or `,` separated: makes a charged event",
    "charge_categories": "one category for the row's charges, or one per charge (where the code's registry lacks one)",
    "charged": "date the charges were brought (else `by` the source's date)",
    "facility": "place of detention (a facility organization), as of the source's date",
    "sentence": "the sentence as written (\"7 years\", \"life\", \"death\"): makes a sentenced event",
    "sentenced": "date of the verdict (else `by` the source's date)",
    "case": "the group case (a case id or name): rows with one case and verdict date make one verdict",
    "list_number": "the person's number in the list (`3`, or `A.3` with its section)",
    "list_section": "the person's section of the list (`A`)",
    "list_kind": "how the list describes the person (prisoner_of_conscience, political_prisoner, …)",
    "summary": "a short paragraph about the person",
    "notes": "the list's own words about the person: kept as the quote of the citation",
}
LIST_FIELDS = frozenset({"other_names", "roles", "affiliations", "charges", "charge_categories"})
VALUE_FIELDS = ("gender", "roles", "affiliations", "status", "country", "charge_categories", "facility", "case",
                "list_section", "list_kind")
RECOGNITION_FIELDS = ("list_number", "list_section", "list_kind")


@dataclass(frozen=True)
class MapProblem:
    line: int | None
    message: str
    hint: str | None = None


class MapError(PPError):
    """The map cannot be used; every problem found, each with its line."""

    exit_code = 2

    def __init__(self, path: Path, problems: list[MapProblem]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s) in the map", None)
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class CodeChoice:
    """Which criminal code, and which edition of it, the sheet's articles are of (`code:` in the map)."""

    id: str | None = None  # a registry id (data/codes/<id>.yaml); None: the registry of the person's country
    edition: str | None = None  # None: the edition in force on the charge's date
    columns: tuple[tuple[str, str], ...] = ()  # (header, edition): a column of articles of another edition

    def edition_of(self, header: str) -> str | None:
        return dict(self.columns).get(header, self.edition)


@dataclass
class ColumnMap:
    path: Path
    source: Source
    country: str | None
    columns: dict[str, list[str]]  # pp field → sheet headers, first non-empty cell wins (lists: all)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → folded sheet value → pp value
    match: dict[str, str] = field(default_factory=dict)  # folded sheet name → person id
    recognition: dict[str, Any] | None = None
    section_rows: bool = False  # section-title rows ("A. Journalists") give the list section of the rows below
    code: CodeChoice = field(default_factory=CodeChoice)
    create_facilities: bool = False
    day_first: bool = False
    encoding: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # where each key was written


def value_key(text: str) -> str:
    """How sheet values are compared with `values:` and `match:` keys: case and spacing ignored."""
    return " ".join(str(text).split()).casefold()


def did_you_mean(word: str, known: list[str] | tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if not close:
        lowered = {k.casefold(): k for k in known}
        close = difflib.get_close_matches(word.casefold(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"did you mean `{close[0]}`?" if close else None


def _lines(raw: bytes) -> dict[tuple[str, ...], int]:
    """Line of every key, by its path of keys (mappings only; enough for a map)."""
    from pp_cli.yamlio import compose

    found: dict[tuple[str, ...], int] = {}
    root = compose(raw)

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if getattr(node, "id", None) != "mapping":
            return
        for key, value in node.value:
            name = str(key.value)
            found[(*prefix, name)] = key.start_mark.line + 1
            walk(value, (*prefix, name))

    if root is not None:
        walk(root, ())
    return found


def load(path: Path) -> ColumnMap:
    """Read and check MAP.yaml (without the sheet); MapError with every problem."""
    from pydantic import ValidationError

    from pp_cli.yamlio import YamlError, load_mapping

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MapError(path, [MapProblem(None, f"cannot read the map: {exc.strerror}",
                                         "give the column map with --map, or make one with `pp import --template`")]
                       ) from None
    try:
        data = load_mapping(raw)
    except YamlError as exc:
        raise MapError(path, [MapProblem(exc.line, exc.message, exc.hint)]) from None
    lines = _lines(raw)
    problems: list[MapProblem] = []

    def at(*keys: str) -> int | None:
        for n in range(len(keys), 0, -1):
            if keys[:n] in lines:
                return lines[keys[:n]]
        return None

    def problem(keys: tuple[str, ...], message: str, hint: str | None = None) -> None:
        problems.append(MapProblem(at(*keys), message, hint))

    for key in data:
        if key not in TOP_KEYS:
            problem((key,), f"unknown key `{key}`", did_you_mean(str(key), TOP_KEYS) or "keys: " + ", ".join(TOP_KEYS))

    source = None
    if "source" not in data:
        problem((), "the map has no `source`", "every fact an import writes cites it: "
                "source: {url: https://…, title: …, publisher: …, published: \"2014-08\"}")
    elif not isinstance(data["source"], dict):
        problem(("source",), "`source` must be a mapping with url, title, publisher, published")
    else:
        try:
            source = Source.model_validate(data["source"])
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(str(p) for p in error["loc"])
                near = did_you_mean(loc[0], tuple(Source.model_fields)) if error["type"] == "extra_forbidden" else None
                problem(("source", *loc[:1]), f"source.{'.'.join(loc)}: {error['msg']}", near)

    country = data.get("country")
    if country is not None and (not isinstance(country, str) or len(country) != 2 or not country.isalpha()):
        problem(("country",), f"country `{country}` is not a two-letter ISO 3166-1 code", "e.g. AZ, BY, RU")
    country = country.upper() if isinstance(country, str) else None

    columns: dict[str, list[str]] = {}
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        problem(("columns",), "the map has no `columns`", "columns: {name: Full name, …}; "
                "`pp import --template SHEET` writes a starting map")
    else:
        for name, header in raw_columns.items():
            if name not in FIELDS:
                problem(("columns", name), f"unknown field `{name}`",
                        did_you_mean(str(name), tuple(FIELDS)) or "fields: " + ", ".join(FIELDS))
                continue
            headers = header if isinstance(header, list) else [header]
            if not headers or not all(isinstance(h, str | int) and str(h).strip() for h in headers):
                problem(("columns", name), f"columns.{name} must name a column of the sheet (or a list of them)")
                continue
            columns[name] = [" ".join(str(h).split()) for h in headers]
        misspelt = any(p.message.startswith("unknown field") for p in problems)
        if "name" not in columns and not misspelt:
            problem(("columns",), "columns has no `name`", "say which column holds each person's name: name: Full name")

    values: dict[str, dict[str, str]] = {}
    raw_values = data.get("values") or {}
    if not isinstance(raw_values, dict):
        problem(("values",), "`values` must map fields to {sheet value: pp value}")
    else:
        for name, table in raw_values.items():
            if name not in VALUE_FIELDS:
                problem(("values", name), f"values.{name}: `values` applies to " + ", ".join(VALUE_FIELDS),
                        did_you_mean(str(name), VALUE_FIELDS))
                continue
            if not isinstance(table, dict):
                problem(("values", name), f"values.{name} must map sheet values to pp values")
                continue
            values[name] = {value_key(k): str(v).strip() for k, v in table.items()}
            _check_values(name, table, lambda k, m, h=None, n=name: problem(("values", n, str(k)), m, h))

    match: dict[str, str] = {}
    raw_match = data.get("match") or {}
    if not isinstance(raw_match, dict):
        problem(("match",), "`match` must map a name as the sheet writes it to a person id")
    else:
        from pp_cli.scaffold import SLUG

        for name, pid in raw_match.items():
            if not isinstance(pid, str) or not SLUG.match(pid):
                problem(("match", str(name)), f"match: `{pid}` is not a person id",
                        "ids are lowercase ASCII letters, digits and hyphens, like nijat-aliyev-2")
            else:
                match[value_key(name)] = pid

    recognition = data.get("recognition")
    section_rows: Any = False
    if recognition is not None:
        from pp_cli.models import Recognition

        try:
            if not isinstance(recognition, dict):
                raise TypeError
            recognition = dict(recognition)
            section_rows = _flag(recognition.pop("section_rows", False))
            if section_rows is None:
                problem(("recognition", "section_rows"), "recognition.section_rows must be true or false")
            for key in RECOGNITION_PER_ROW:
                if key in recognition:
                    problem(("recognition", key), f"recognition.{key} differs from row to row",
                            f"map the sheet's column instead: columns: {{list_{key}: No.}}")
            Recognition.model_validate({k: v for k, v in recognition.items() if k not in RECOGNITION_PER_ROW})
        except (TypeError, ValidationError) as exc:
            detail = "; ".join(e["msg"] for e in exc.errors()) if isinstance(exc, ValidationError) else "not a mapping"
            problem(("recognition",), f"recognition: {detail}",
                    "recognition: {by: \"UFPPA list\", list: ufppa, edition: \"2014-08\", kind: political_prisoner}")
            recognition = None
    for name in RECOGNITION_FIELDS:
        if name in columns and recognition is None and not any(p.line == at("recognition") for p in problems):
            problem(("columns", name), f"columns.{name}: a place in a list needs the map's `recognition`",
                    "say which list: recognition: {by: \"UFPPA list\", list: ufppa, edition: \"2014-08\"}")

    code = _code_choice(data.get("code"), problem)
    if code.columns:
        charge_columns = set(columns.get("charges", ()))
        for header, _edition in code.columns:
            if header not in charge_columns:
                problem(("code", "columns"), f"code.columns: `{header}` is not one of the `charges` columns",
                        did_you_mean(header, sorted(charge_columns)) or "list it under columns: {charges: [...]}")

    flags = {}
    for key in ("day_first", "create_facilities"):
        flags[key] = _flag(data.get(key, False))
        if flags[key] is None:
            problem((key,), f"`{key}` must be true or false")
    for key, kind in (("encoding", str), ("sheet", str), ("header_row", int)):
        if key in data and not isinstance(data[key], kind):
            problem((key,), f"`{key}` must be {'a number' if kind is int else 'text'}")

    if problems:
        raise MapError(path, problems)
    assert source is not None
    return ColumnMap(path, source, country, columns, values, match, recognition, bool(section_rows), code,
                     bool(flags["create_facilities"]), bool(flags["day_first"]), data.get("encoding"),
                     data.get("sheet"), data.get("header_row"), lines)


def _flag(value: Any) -> bool | None:
    """true/false as YAML (or yamlio, which may keep them as text) writes them; None if neither."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value if isinstance(value, bool) else None


def _code_choice(raw: Any, problem) -> CodeChoice:  # type: ignore[no-untyped-def]
    """`code: az`, `code: {id: az, edition: "2000", columns: {Old articles: "1960"}}`."""
    if raw is None:
        return CodeChoice()
    if isinstance(raw, str):
        return CodeChoice(raw.strip().lower())
    if not isinstance(raw, dict):
        problem(("code",), "`code` must be a registry id or a mapping", 'code: {id: az, edition: "2000"}')
        return CodeChoice()
    for key in raw:
        if key not in CODE_KEYS:
            problem(("code", str(key)), f"code: unknown key `{key}`",
                    did_you_mean(str(key), CODE_KEYS) or "keys: " + ", ".join(CODE_KEYS))
    code_id, edition, columns = raw.get("id"), raw.get("edition"), raw.get("columns") or {}
    if code_id is not None and not isinstance(code_id, str):
        problem(("code", "id"), "code.id must be a registry id, like az")
        code_id = None
    if edition is not None and not isinstance(edition, str | int):
        problem(("code", "edition"), 'code.edition must be an edition, like "2000"')
        edition = None
    if not isinstance(columns, dict) or not all(isinstance(v, str | int) for v in columns.values()):
        problem(("code", "columns"), 'code.columns maps a charges column to its edition: {Old articles: "1960"}')
        columns = {}
    return CodeChoice(code_id.strip().lower() if code_id else None, str(edition) if edition is not None else None,
                      tuple((" ".join(str(h).split()), str(e)) for h, e in columns.items()))


def check_registry(cmap: ColumnMap, codes: dict[str, Any]) -> None:
    """The map's `code` must name a registry the knowledge base has, and editions it has; MapError if not."""
    problems = []
    code = cmap.code
    line = cmap.lines.get(("code",))
    registry = None
    if code.id is not None:
        registry = codes.get(code.id)
        if registry is None:
            problems.append(MapProblem(cmap.lines.get(("code", "id"), line), f"code: no registry `{code.id}`",
                                       did_you_mean(code.id, sorted(codes)) or
                                       f"registries: {', '.join(sorted(codes)) or 'none'} (data/codes/<id>.yaml)"))
    elif code.edition is not None or code.columns:
        found = sorted((c for c in codes.values() if c.country == cmap.country), key=lambda c: c.id)
        registry = found[0] if found else None
        if registry is None:
            problems.append(MapProblem(line, f"code: no registry for country {cmap.country} to take editions from",
                                       "name the registry: code: {id: …}, or add data/codes/<id>.yaml"))
    if registry is not None:
        known = [e.edition for e in registry.editions]
        for edition in {code.edition, *(e for _h, e in code.columns)} - {None}:
            if edition not in known:
                problems.append(MapProblem(cmap.lines.get(("code", "edition"), line),
                                           f"code: {registry.id} has no edition `{edition}`",
                                           f"editions of {registry.id}: {', '.join(known)}"))
    if problems:
        raise MapError(cmap.path, problems)


NOUNS = {"gender": "gender", "roles": "role", "status": "status", "charge_categories": "charge category",
         "list_kind": "kind of recognition"}


def vocabularies() -> dict[str, Any]:
    """The vocabulary each value field's pp side must come from."""
    from pp_cli.vocab import ChargeCategory, Gender, RecognitionKind, Role, Status

    return {"gender": Gender, "roles": Role, "status": Status, "charge_categories": ChargeCategory,
            "list_kind": RecognitionKind}


def _check_values(name: str, table: dict, problem) -> None:  # type: ignore[no-untyped-def]
    """The pp side of `values:` must be a word pp knows."""
    vocab = vocabularies().get(name)
    for key, value in table.items():
        text = str(value).strip()
        if vocab is not None and text not in vocab.__members__:
            problem(key, f"values.{name}: `{text}` is not a {NOUNS[name]} pp knows",
                    did_you_mean(text, tuple(vocab.__members__)) or "known: " + ", ".join(vocab.__members__))
        elif name == "country" and not (len(text) == 2 and text.isalpha() and text.isupper()):
            problem(key, f"values.country: `{text}` is not a two-letter ISO code")


def check_against(cmap: ColumnMap, headers: list[str]) -> None:
    """Every column the map names must be in the sheet; MapError listing those that are not."""
    have = set(headers)
    problems = []
    for name, wanted in cmap.columns.items():
        for header in wanted:
            if header not in have:
                near = did_you_mean(header, headers)
                problems.append(MapProblem(cmap.lines.get(("columns", name)),
                                           f"columns.{name}: the sheet has no column `{header}`",
                                           near or "the sheet's columns: " + ", ".join(f"`{h}`" for h in headers)))
    if problems:
        raise MapError(cmap.path, problems)


def template(headers: list[str], sample: list[dict[str, str]]) -> str:
    """A starting map for a sheet: each column guessed to a field where its header says so, the rest commented."""
    guesses = {h: guess_field(h) for h in headers}
    taken: set[str] = set()
    lines = [
        "# Column map for `pp import`, written by `pp import --template`. Check every line:",
        "# each `field: Column header` says which column of the sheet holds that pp field.",
        "source:                      # cited on every record and fact the import writes",
        "  url: https://TODO          # the list's own page or PDF",
        "  title: TODO",
        "  publisher: TODO",
        '  published: "TODO"          # when the list was published: "2014-08" or "2014-08-15"',
        "country: TODO                # ISO code for rows without a country column, e.g. AZ",
        "columns:",
    ]
    unmapped = []
    for header in headers:
        guess = guesses[header]
        if guess in RECOGNITION_FIELDS and guess not in taken:  # needs the list, which the map must name
            taken.add(guess)
            lines.append(f"  # {guess}: {_yaml_text(header)}   # with `recognition:` (below): the place in the list")
        elif guess and guess not in taken:
            taken.add(guess)
            lines.append(f"  {guess}: {_yaml_text(header)}")
        else:
            unmapped.append(header)
    for header in unmapped:
        example = next((r[header] for r in sample if r.get(header)), "")
        lines.append(f"  # TODO: {_yaml_text(header)}" + (f"   (e.g. {_yaml_text(example[:40])})" if example else ""))
    lines += [
        "# Fields: " + ", ".join(FIELDS),
        "values:                      # the sheet's words → pp's, where they differ",
        "  # roles: {Journalists and bloggers: journalist}",
        "  # status: {In prison: detained}",
        "# day_first: true            # read 03/04/2013 as 3 April (else such dates are reported)",
        "# code: {id: az, edition: \"2000\"}   # the criminal code the articles are of (default: the country's)",
        "# recognition: {by: \"UFPPA list\", list: ufppa, edition: \"2014-08\", kind: political_prisoner}",
        "# create_facilities: true    # a place of detention pp lacks becomes a new organization (else reported)",
        "# match: {\"Nijat Aliyev\": nijat-aliyev-2}   # settle an uncertain match: the person's id",
    ]
    return "\n".join(lines) + "\n"


_HINTS = [
    ("other_names", ("other name", "alias", "also known", "patronymic", "variant", "spelling")),
    ("native_name", ("native", "original", "azerbaijani", "russian name", "in azeri")),
    ("id", ("pp id", "record id")),
    ("given_name", ("first name", "given name", "forename")),
    ("surname", ("surname", "last name", "family name")),
    ("patronymic", ("father", "middle name")),
    ("name", ("name", "full name", "prisoner", "person", "фио", "ad soyad", "имя")),
    ("gender", ("sex", "gender", "пол", "cins")),
    ("born", ("born", "birth", "d.o.b", "dob", "дата рождения", "doğum")),
    ("arrested", ("arrest", "detained on", "detention date", "арест", "задержан", "həbs")),
    ("list_number", ("no.", "№", "number in list")),
    ("case", ("case", "trial", "уголовное дело")),
    ("sentenced", ("verdict", "date of sentence", "sentenced on", "convicted")),
    ("charges", ("article", "charges", "статья", "maddə")),
    ("charge_categories", ("charge categor", "category of charge", "offence type")),
    ("facility", ("place of detention", "prison", "facility", "held", "колония", "сизо")),
    ("sentence", ("sentence", "term", "приговор", "срок", "hökm")),
    ("roles", ("category", "role", "occupation", "profession")),
    ("affiliations", ("party", "organi", "movement", "affiliation")),
    ("status", ("status", "current situation")),
    ("country", ("country",)),
    ("notes", ("note", "comment", "details", "remarks", "примечан")),
]


def guess_field(header: str) -> str | None:
    folded = value_key(header)
    if folded in FIELDS:
        return folded
    for name, words in _HINTS:
        if any(w in folded for w in words):
            return name
    return None


def _yaml_text(text: str) -> str:
    from pp_cli.scaffold import quote

    plain = text and text[0].isalnum() and all(c.isalnum() or c in " ._()/-'" for c in text)
    return text if plain else quote(text)
