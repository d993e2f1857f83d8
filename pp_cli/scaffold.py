"""Templates for new records (`pp new`) and the safe way to write them.

A template is the whole file a contributor will edit: the required fields
filled from the command line, `TODO` where only the contributor's source can
say (validation reports each remaining `TODO` as PP107, and a `TODO` URL or
date as a bad value, so a fresh template fails `pp validate` with one clear
line per thing left to do), and commented-out optional fields with examples.
Its first line points editors at the JSON Schema so they check as one types.

File names come from `slugify`, which keeps only lowercase ASCII letters,
digits and hyphens, so no name can lead outside `data/`; the write goes to a
hidden temporary file in the target folder and is then linked into place,
which fails instead of overwriting a record that appeared meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pp_cli.dates import PartialDate
from pp_cli.errors import PPError, UsageError
from pp_cli.names import fold

TODO = "TODO"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 60  # a readable file name; ids may be up to 120 characters
SCHEMA_FILES = {"prisoners": "prisoner", "events": "event", "organizations": "organization"}


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """A lowercase ASCII slug: `Rəsul Cəfərov` → `rasul-cafarov`, `../../etc` → `etc`."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def check_id(value: str) -> str:
    """An id given with --id, validated as a slug."""
    if not SLUG.match(value) or len(value) > 120:
        raise UsageError(
            f"`{value}` is not a valid id",
            "ids are lowercase ASCII letters, digits and single hyphens, like `seymur-hazi`",
        )
    check_portable(value)
    return value


def check_portable(record_id: str) -> str:
    """Refuse an id Windows reserves for a device (`con`, `aux`, `nul`, `com1`, `lpt9`…): no checkout could hold it."""
    from pp_cli.records import windows_reserved

    if windows_reserved(record_id):
        raise UsageError(
            f"`{record_id}` is a name Windows reserves for a device; a repository holding {record_id}.yaml "
            "cannot be checked out there",
            "choose another id with --id (for example add the family name)",
        )
    return record_id


def quote(value: str) -> str:
    """A YAML double-quoted scalar; anything unprintable is escaped so it cannot break the file."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def schema_comment(relpath: str) -> str:
    """`# yaml-language-server: $schema=../../schema/prisoner.schema.json`, relative to the file."""
    parts = relpath.split("/")
    up = "../" * (len(parts) - 1)
    return f"# yaml-language-server: $schema={up}schema/{SCHEMA_FILES[parts[1]]}.schema.json"


@dataclass
class SourceDraft:
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


@dataclass
class PrisonerDraft:
    id: str
    name: str
    country: str | None = None
    native_name: str | None = None
    roles: list[str] = field(default_factory=list)
    source: SourceDraft = field(default_factory=SourceDraft)


@dataclass
class EventDraft:
    id: str
    date: PartialDate
    type: str
    title: str
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    source: SourceDraft = field(default_factory=SourceDraft)


@dataclass
class OrganizationDraft:
    id: str
    name: str
    type: str | None = None
    country: str | None = None
    source: SourceDraft = field(default_factory=SourceDraft)


def event_id(date: PartialDate, title: str) -> str:
    """`2016-05-10-nida-activists-charged`: the date as written (without before/by), then the title."""
    day = str(date).split(" ")[-1]
    slug = slugify(title)
    return f"{day}-{slug}" if slug else day


def relpath_of(kind: str, record_id: str, date: PartialDate | None = None) -> str:
    if kind == "events":
        assert date is not None
        return f"data/events/{date.year:04d}/{record_id}.yaml"
    return f"data/{kind}/{record_id}.yaml"


# --------------------------------------------------------------------------- templates


def _line(text: str, comment: str = "", width: int = 32) -> str:
    return f"{text.ljust(width)} # {comment}".rstrip() if comment else text


def _list(key: str, items: Iterable[str], comment: str) -> list[str]:
    items = list(items)
    if not items:
        return [_line(f"{key}: []", comment)]
    return [_line(f"{key}:", comment), *(f"  - {item}" for item in items)]


def _sources(source: SourceDraft) -> list[str]:
    def value(given: str | None, placeholder: str = TODO) -> str:
        return quote(given) if given else placeholder

    return [
        "sources:                         # every fact above needs one; add a `- url:` block per page",
        _line(f"  - url: {value(source.url)}", "the page that says it: https://…"),
        _line(f"    title: {value(source.title)}", "the page's title"),
        _line(f"    publisher: {value(source.publisher)}", "who published it, e.g. RFE/RL (or delete)"),
        _line(f"    published: {value(source.published, quote(TODO))}",
              'when, as precisely as the page says: "2016-05-26" (or delete)'),
        _line(f"    # archive_url: {TODO}", "a saved copy, e.g. https://web.archive.org/…"),
        _line(f"    # quote: {TODO}", "the sentence that supports the facts, copied exactly"),
    ]


HEADER = """\
#
# {what}, scaffolded by `pp new`. Replace every TODO with what your
# sources say, fill in or delete the commented-out lines, then run
#   pp validate {relpath}
# Cite a source for every fact at the precision it gives; where sources
# disagree, keep both (see `disputed` in CONTRIBUTING.md); never guess.
"""


def prisoner_template(draft: PrisonerDraft) -> str:
    relpath = relpath_of("prisoners", draft.id)
    lines = [schema_comment(relpath), HEADER.format(what="A new person", relpath=relpath).rstrip("\n")]
    lines += [
        _line(f"id: {draft.id}", "the file name; never change or reuse it"),
        _line(f"name: {quote(draft.name)}", "the usual English spelling"),
        _line(f"native_name: {quote(draft.native_name)}", "in their own language, with diacritics")
        if draft.native_name else _line(f"# native_name: {TODO}", "in their own language, with diacritics"),
        _line("# other_names:", "other spellings, transliterations, former names"),
        _line(f"#   - name: {TODO}", "as the source spells it"),
        _line(f"#     note: {TODO}", "e.g. Russian-style transliteration"),
        _line(f"country: {draft.country or TODO}", "ISO 3166-1 alpha-2 code, e.g. AZ"),
        _line(f"# gender: {TODO}", "female, male or other"),
        _line(f'# born: "{TODO}"', '"1984", "1984-06" or "1984-06-12", as precise as the source'),
        *_list("roles", draft.roles, "journalist, blogger, human_rights_defender, lawyer, …"),
        _line("# affiliations:", "parties, movements, outlets they belong to"),
        _line(f"#   - org: {TODO}", "an organization id (file name in data/organizations/)"),
        _line(f"#     position: {TODO}", "e.g. deputy chairman"),
        _line(f"# status: {TODO}", "only if no event decides it: detained, house_arrest, released,"),
        _line("#", "exiled, deceased, disappeared or unknown"),
        _line(f'# status_as_of: "{TODO}"', "the date the latest source confirms the status"),
        "summary: >-",
        f"  {TODO}: who they are and why they were detained, in a sentence or two, as the sources say it.",
        *_sources(draft.source),
    ]
    return "\n".join(lines) + "\n"


# Optional blocks worth showing for each event type, as comments. Every value
# is TODO, so a line uncommented but not filled in is reported, never passes.
_CHARGES = [
    _line("# charges:", "as the source words them"),
    _line(f'#   - article: "{TODO}"', "the criminal-code article, if given, e.g. \"234.4.3\""),
    _line(f"#     description: {TODO}", "e.g. drug possession"),
    _line(f"#     category: {TODO}", "drugs, hooliganism, economic, fraud, anti_state, incitement, …"),
    _line(f"#     max_penalty_years: {TODO}", "a number, if the source gives it"),
]
_SENTENCE = [
    _line("# sentence:", "as the source words it"),
    _line(f"#   description: {TODO}", "e.g. seven and a half years in prison"),
    _line(f"#   years: {TODO}", "a number, e.g. 7.5"),
    _line("#   suspended: false", "true for a suspended sentence"),
]
_COURT = [_line(f"# court: {TODO}", "e.g. Baku Grave Crimes Court")]
_FACILITY = [_line(f"# facility: {TODO}", "where they are held")]
_LOCATION = [_line(f"# location: {TODO}", "where it happened")]
_BY = [_line(f"# by: {TODO}", "who decided, granted or said it")]
_COUNT = [_line(f"# count: {TODO}", "how many people, if the source gives a number")]
_EXTRA: dict[str, list[str]] = {
    "charged": _CHARGES,
    "verdict": [*_CHARGES, *_SENTENCE, *_COURT],
    "sentenced": [*_CHARGES, *_SENTENCE, *_COURT],
    "appeal_ruling": [*_SENTENCE, *_COURT],
    "appeal": _COURT,
    "trial_opened": _COURT,
    "pretrial_detention": [*_COURT, *_FACILITY],
    "pretrial_extended": [*_COURT, *_FACILITY],
    "house_arrest": _COURT,
    "arrest": [*_LOCATION, *_FACILITY],
    "detention": [*_LOCATION, *_FACILITY],
    "transfer": _FACILITY,
    "hunger_strike": _FACILITY,
    "ill_treatment": [*_LOCATION, *_FACILITY],
    "pardon": [*_BY, *_COUNT],
    "amnesty": [*_BY, *_COUNT],
    "echr_judgment": [
        "# echr:",
        _line(f"#   application: {TODO}", "e.g. 15172/13"),
        _line(f"#   case: {TODO}", "e.g. Ilgar Mammadov v. Azerbaijan"),
        _line(f"#   finding: {TODO}", "e.g. violation of Articles 5 and 18"),
    ],
    "un_opinion": _BY,
    "international_call": _BY,
    "recognized": _BY,
}


def event_template(draft: EventDraft) -> str:
    relpath = relpath_of("events", draft.id, draft.date)
    lines = [schema_comment(relpath), HEADER.format(what="A new event", relpath=relpath).rstrip("\n")]
    lines += [
        _line(f"id: {draft.id}", "the file name; never change or reuse it"),
        _line(f"date: {quote(str(draft.date))}", 'as precise as the source: "2016", "2016-05", "by 2016-05-26"'),
        _line(f"type: {draft.type}", "arrest, charged, verdict, pardon, release, … (see the schema)"),
        _line(f"title: {quote(draft.title)}", "one line saying what happened"),
        *_list("people", draft.people, "prisoner ids (file names in data/prisoners/)"),
        *(_list("organizations", draft.organizations, "organization ids")
          if draft.organizations else [_line("# organizations: []", "organization ids, e.g. a party or outlet")]),
        *_EXTRA.get(draft.type, []),
        _line(f"# status_after: {TODO}", "only if its effect on status differs from what the type implies"),
        "summary: >-",
        f"  {TODO}: what happened, in a sentence or two, as the sources say it.",
        *_sources(draft.source),
    ]
    return "\n".join(lines) + "\n"


def organization_template(draft: OrganizationDraft) -> str:
    relpath = relpath_of("organizations", draft.id)
    lines = [schema_comment(relpath), HEADER.format(what="A new organization", relpath=relpath).rstrip("\n")]
    lines += [
        _line(f"id: {draft.id}", "the file name; never change or reuse it"),
        _line(f"name: {quote(draft.name)}", "the usual English name"),
        _line(f"# native_name: {TODO}", "in its own language"),
        _line(f"type: {draft.type or TODO}", "party, movement, media, ngo, religious, court, government, …"),
        _line(f"country: {draft.country}", "ISO 3166-1 alpha-2 code")
        if draft.country else _line(f"# country: {TODO}", "ISO 3166-1 alpha-2 code, if it has one, e.g. AZ"),
        "summary: >-",
        f"  {TODO}: what it is, in a sentence, as the sources say it.",
        *_sources(draft.source),
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- writing


def write_new(root: Path, relpath: str, text: str) -> Path:
    """Write a new record atomically; never overwrite, never leave `root/data`.

    The text goes to a hidden temporary file in the target folder (which pp
    ignores), then is hard-linked to its name, which fails if the name exists.
    Where links are unsupported, an exclusive create is the fallback.
    """
    data = (root / "data").resolve()
    target = (root / relpath).absolute()
    parts = relpath.split("/")
    if parts[0] != "data" or any(not p or p in (".", "..") or "\\" in p for p in parts):
        raise UsageError(f"refusing to write outside data/: {relpath}")
    check_portable(parts[-1].removesuffix(".yaml"))
    if target.exists() or target.is_symlink():
        raise PPError(f"{relpath} already exists", "edit that file, or choose another id with --id")
    folder = target.parent
    _make_folders(root, parts[:-1])
    if os.path.commonpath([folder.resolve(), data]) != str(data):
        raise UsageError(f"refusing to write {relpath}: its folder leads outside data/")
    payload = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".pp-new-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # mkstemp makes it private; a record is an ordinary file
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise PPError(f"{relpath} already exists", "edit that file, or choose another id with --id") from None
        except OSError:  # no hard links here (some network or FAT file systems)
            _write_exclusive(target, payload, relpath)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return target


def _make_folders(root: Path, parts: list[str]) -> None:
    """Create the record's folders under root, refusing any that is a link (dangling or not) or not a folder."""
    current = root
    for i, part in enumerate(parts):
        current = current / part
        shown = "/".join(parts[: i + 1])
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            try:
                os.mkdir(current)
            except OSError as exc:
                raise PPError(f"cannot create folder {shown}: {exc.strerror}") from None
            continue
        except OSError as exc:
            raise PPError(f"cannot use folder {shown}: {exc.strerror}") from None
        if i == 0 and stat.S_ISLNK(info.st_mode) and current.is_dir():
            continue  # data/ itself may be a link, as everywhere in pp
        if stat.S_ISLNK(info.st_mode):
            raise UsageError(f"refusing to write into {shown}: it is a symbolic link",
                             f"replace the link with a real folder (rm {shown})")
        if not stat.S_ISDIR(info.st_mode):
            raise UsageError(f"refusing to write into {shown}: it is not a folder", f"move {shown} out of the way")


def _write_exclusive(target: Path, payload: bytes, relpath: str) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise PPError(f"{relpath} already exists", "edit that file, or choose another id with --id") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


KINDS_FOLDERS = ("prisoners", "events", "organizations")
GITIGNORE_LINE = ".pp-cache/"


def init_knowledge_base(root: Path) -> list[Path]:
    """Start an empty knowledge base at `root`: record folders, editor schemas, a .gitignore.

    Refuses a folder that already holds `data/`, so it never touches existing records.
    """
    from pp_cli import schema_export

    if (root / "data").exists():
        raise UsageError(f"{root} already holds data/", "pp init starts a new knowledge base in an empty folder")
    written: list[Path] = []
    for kind in KINDS_FOLDERS:
        folder = root / "data" / kind
        folder.mkdir(parents=True)
        keep = folder / ".gitkeep"  # git does not track empty folders; pp skips hidden files
        keep.touch()
        written.append(keep)
    written += schema_export.write(root / "schema")
    ignore = root / ".gitignore"
    from pp_cli import output
    from pp_cli.records import read_bounded
    from pp_cli.yamlio import YamlError

    try:
        existing = read_bounded(ignore).decode("utf-8", errors="replace") if ignore.is_file() else ""
    except (OSError, YamlError):
        existing = ""
    if GITIGNORE_LINE not in existing.splitlines():
        text = existing + ("" if not existing or existing.endswith("\n") else "\n") + GITIGNORE_LINE + "\n"
        written.append(output.write_bytes(ignore, text.encode("utf-8"), force=True))  # whole, or not at all
    return written
