"""`pp new prisoner|event|organization`: scaffold a record file to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pp_cli.vocab import EventType, OrgKind, Role

if TYPE_CHECKING:
    from pp_cli.kb import KnowledgeBase
    from pp_cli.scaffold import SourceDraft

HELP = """Scaffold a new record: a commented template at the right path, ready to fill in.

The file name is a safe ASCII slug of the name or title; an existing file is
never overwritten. Values only your sources can give are left as TODO, which
`pp validate` reports until they are filled in. Nothing is asked unless you
pass --interactive, so scripts never wait for input.
"""

PRISONER_HELP = """Scaffold data/prisoners/<id>.yaml for a person.

[bold]Examples[/bold]

  pp new prisoner "Rasul Jafarov"
  pp new prisoner "Rəsul Cəfərov" --country AZ --role human_rights_defender
  pp new prisoner "Rasul Jafarov" --source https://www.rferl.org/a/… --id rasul-jafarov
  pp new prisoner --interactive
"""

EVENT_HELP = """Scaffold data/events/<year>/<date>-<title>.yaml for an event.

--people takes prisoner ids or names (comma-separated, or repeat it); a name
is resolved to its id when it matches exactly one person.

[bold]Examples[/bold]

  pp new event --date 2016-05-10 --type charged \\
      --people bayram-mammadov,giyasaddin-ibrahim "N!DA activists charged"
  pp new event --date 2016-05 --type release --people "Khadija Ismayilova" "Ismayilova released"
  pp new event --interactive
"""

ORGANIZATION_HELP = """Scaffold data/organizations/<id>.yaml for a party, movement, outlet or other body.

[bold]Examples[/bold]

  pp new organization "Popular Front Party" --type party --country AZ
  pp new organization "N!DA" --id nida --type movement
"""

INTERACTIVE = typer.Option(False, "--interactive", "-i", help="Ask for missing values instead of failing.")
RECORD_ID = typer.Option(None, "--id", metavar="ID", help="The id (file name), instead of one made from the name.")
SOURCE = typer.Option(None, "--source", metavar="URL", help="URL of the first source.")


def _root_and_kb(ctx: typer.Context) -> tuple[Path, KnowledgeBase]:
    from pp_cli.commands.common import load_kb

    kb = load_kb(ctx, warn=False)
    return kb.root, kb


def _ask(label: str, default: str = "") -> str:
    return typer.prompt(label, default=default, show_default=bool(default)).strip()


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _source(url: str | None, interactive: bool) -> SourceDraft:
    from pp_cli.scaffold import SourceDraft

    draft = SourceDraft(url=url)
    if interactive:
        draft.url = _ask("Source URL (https://…, Enter to leave TODO)", url or "") or None
        if draft.url:
            draft.title = _ask("Source title (Enter to leave TODO)") or None
            draft.publisher = _ask("Publisher (Enter to leave TODO)") or None
            draft.published = _ask("Published (YYYY-MM-DD, Enter to leave TODO)") or None
    return draft


def _country(value: str | None, kb: KnowledgeBase) -> str | None:
    """The given country code, else the most common one in the knowledge base."""
    import re
    from collections import Counter

    from pp_cli.errors import UsageError

    if value:
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise UsageError(f"--country: `{value}` is not a two-letter ISO 3166-1 code", "e.g. AZ, BY, RU")
        return code
    counts = Counter(p.country for p in kb.prisoners.values())
    return counts.most_common(1)[0][0] if counts else None


def _written(root: Path, path: Path) -> None:
    """Print the new file's path (data on stdout) and what to do next (on stderr)."""
    from pp_cli import console

    try:
        shown = path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(path)
    typer.echo(shown)
    console.note(f"next: replace each TODO with what your sources say, then run `pp validate {shown}`")


def _new_id(kb: KnowledgeBase, folder: str, name: str | None, record_id: str | None, missing: str) -> str:
    """The id for a new record named `name` (or the `--id` given), refusing one already taken."""
    from pp_cli.errors import UsageError
    from pp_cli.scaffold import check_id, slugify

    if not name or not name.strip():
        raise UsageError(missing, "or use --interactive")
    new_id = check_id(record_id) if record_id else slugify(name)
    if not new_id:
        raise UsageError(f"cannot make an id from `{name}`", "choose one with --id, e.g. --id seymur-hazi")
    _taken(kb, folder, new_id)
    return new_id


def _taken(kb: KnowledgeBase, kind: str, record_id: str) -> None:
    """Ids are never reused: refuse one that is some record's former id."""
    from pp_cli.errors import PPError

    table = {"prisoners": kb.prisoners, "events": kb.events, "organizations": kb.organizations}[kind]
    for record in table.values():
        if record_id in record.former_ids:
            raise PPError(
                f"id `{record_id}` was used before by {kb.path_of(record)} (in its former_ids)",
                "ids are never reused; choose another with --id",
            )


def new_prisoner(
    ctx: typer.Context,
    name: str = typer.Argument(None, metavar="NAME", help="The person's usual name, in English."),
    record_id: str = RECORD_ID,
    country: str = typer.Option(None, "--country", metavar="CODE",
                                help="ISO 3166-1 alpha-2 code. Default: the most common in the knowledge base."),
    native_name: str = typer.Option(None, "--native-name", metavar="NAME", help="The name in their own language."),
    role: list[Role] = typer.Option(None, "--role", help="A role (repeatable)."),
    source: str = SOURCE,
    interactive: bool = INTERACTIVE,
) -> None:
    from pp_cli import console
    from pp_cli.duplicates import similar_people
    from pp_cli.errors import UsageError
    from pp_cli.models import Prisoner
    from pp_cli.scaffold import PrisonerDraft, prisoner_template, relpath_of, write_new
    from pp_cli.textsafe import clean

    root, kb = _root_and_kb(ctx)
    roles = [r.value for r in role or []]
    if interactive:
        name = name or _ask("Name (the usual English spelling)")
        native_name = native_name or _ask("Native name (Enter to skip)") or None
        country = country or _ask("Country (ISO code)", _country(None, kb) or "")
        if not roles:
            roles = _split([_ask("Roles, comma-separated (Enter to skip)")])
            unknown = [r for r in roles if r not in Role.__members__]
            if unknown:
                raise UsageError(f"unknown role `{unknown[0]}`", "roles: " + ", ".join(Role.__members__))
    pid = _new_id(kb, "prisoners", name, record_id, "give the person's name: pp new prisoner \"Full Name\"")
    draft = PrisonerDraft(pid, name.strip(), _country(country, kb), native_name, roles, _source(source, interactive))
    new = Prisoner.model_construct(id=pid, name=draft.name, native_name=native_name, other_names=[],
                                   given_name=None, patronymic=None, surname=None, born=None, gender=None,
                                   country=draft.country, distinct_from=[])
    similar = similar_people(new, kb.prisoners.values())
    path = write_new(root, relpath_of("prisoners", pid), prisoner_template(draft))
    _written(root, path)
    for match in similar:
        person = match.a
        console.warning(
            f"{clean(person.name)} ({kb.path_of(person)}) may be the same person "
            f"(score {match.shown_score}: {clean(match.reason)})",
            "if so, delete the new file and add to that record instead (a new spelling goes in other_names)",
        )


def new_event(
    ctx: typer.Context,
    title: str = typer.Argument(None, metavar="TITLE", help="One line saying what happened."),
    date: str = typer.Option(None, "--date", metavar="DATE", help="2016, 2016-05, 2016-05-10 or 'by 2016-05-26'."),
    event_type: EventType = typer.Option(None, "--type", metavar="TYPE",
                                         help="What kind of event: " + ", ".join(EventType.__members__) + "."),
    people: list[str] = typer.Option(None, "--people", metavar="IDS", help="Prisoner ids or names, comma-separated."),
    organizations: list[str] = typer.Option(None, "--org", metavar="IDS", help="Organization ids, comma-separated."),
    record_id: str = RECORD_ID,
    source: str = SOURCE,
    interactive: bool = INTERACTIVE,
) -> None:
    from pp_cli.errors import UsageError
    from pp_cli.queries import parse_date_option
    from pp_cli.scaffold import EventDraft, check_id, event_id, event_template, relpath_of, write_new

    root, kb = _root_and_kb(ctx)
    wanted = _split(people)
    if interactive:
        title = title or _ask("Title (one line saying what happened)")
        date = date or _ask("Date (2016, 2016-05 or 2016-05-10)")
        if event_type is None:
            answer = _ask("Type (arrest, charged, verdict, pardon, release, …)")
            if answer not in EventType.__members__:
                raise UsageError(f"unknown event type `{answer}`", "types: " + ", ".join(EventType.__members__))
            event_type = EventType(answer)
        wanted = wanted or _split([_ask("People, comma-separated ids or names")])
    missing = [opt for opt, value in (("--date", date), ("--type", event_type), ("TITLE", title)) if not value]
    if missing:
        raise UsageError(f"missing {', '.join(missing)}", "see `pp new event --help`, or use --interactive")
    assert date is not None and event_type is not None and title is not None
    when = parse_date_option(date, "--date")
    assert when is not None
    eid = check_id(record_id) if record_id else event_id(when, title)
    _taken(kb, "events", eid)
    orgs = _split(organizations)
    for org in orgs:
        check_id(org)
    draft = EventDraft(eid, when, event_type.value, title.strip(), _people(kb, wanted), orgs,
                       _source(source, interactive))
    path = write_new(root, relpath_of("events", eid, when), event_template(draft))
    _written(root, path)
    _warn_unknown(kb, draft.people, orgs)


def _people(kb: KnowledgeBase, wanted: list[str]) -> list[str]:
    """Ids for what the user typed: ids stay, a name that matches one person becomes their id."""
    from pp_cli import console
    from pp_cli.errors import UsageError
    from pp_cli.names import candidates, find
    from pp_cli.scaffold import SLUG
    from pp_cli.textsafe import clean

    ids = []
    for item in wanted:
        if item in kb.prisoners or (SLUG.match(item) and "-" in item):
            ids.append(item)
            continue
        found, suggestions = find(item, candidates(kb.prisoners.values()))
        if len(found) == 1:
            ids.append(found[0].id)
            console.note(f"people: `{clean(item)}` is {found[0].id}")
        elif found:
            raise UsageError(f"`{item}` matches {len(found)} people: " + ", ".join(c.id for c in found),
                             "pass their ids instead")
        elif SLUG.match(item):
            ids.append(item)
        else:
            near = ", ".join(c.id for c in suggestions)
            raise UsageError(f"nobody called `{item}`", f"nearest: {near}" if near else "pass a prisoner id")
    return list(dict.fromkeys(ids))


def _warn_unknown(kb: KnowledgeBase, people: list[str], orgs: list[str]) -> None:
    from pp_cli import console

    for pid in people:
        if pid not in kb.prisoners:
            console.warning(f"no person `{pid}` yet", f"add them with `pp new prisoner` (id {pid}) before validating")
    for oid in orgs:
        if oid not in kb.organizations:
            console.warning(f"no organization `{oid}` yet", "add it with `pp new organization`")


def new_organization(
    ctx: typer.Context,
    name: str = typer.Argument(None, metavar="NAME", help="The organization's usual English name."),
    org_type: OrgKind = typer.Option(None, "--type", metavar="TYPE",
                                     help="What kind: " + ", ".join(OrgKind.__members__) + "."),
    country: str = typer.Option(None, "--country", metavar="CODE", help="ISO 3166-1 alpha-2 code, if it has one."),
    record_id: str = RECORD_ID,
    source: str = SOURCE,
    interactive: bool = INTERACTIVE,
) -> None:
    from pp_cli.errors import UsageError
    from pp_cli.scaffold import OrganizationDraft, organization_template, relpath_of, write_new

    root, kb = _root_and_kb(ctx)
    if interactive:
        name = name or _ask("Name")
        if org_type is None:
            answer = _ask("Type (party, movement, media, ngo, …; Enter to leave TODO)")
            if answer and answer not in OrgKind.__members__:
                raise UsageError(f"unknown organization type `{answer}`", "types: " + ", ".join(OrgKind.__members__))
            org_type = OrgKind(answer) if answer else None
    oid = _new_id(kb, "organizations", name, record_id, "give the organization's name: pp new organization \"Name\"")
    code = _country(country, kb) if country else None
    draft = OrganizationDraft(oid, name.strip(), org_type.value if org_type else None, code,
                              _source(source, interactive))
    path = write_new(root, relpath_of("organizations", oid), organization_template(draft))
    _written(root, path)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode="rich")
    group.command("prisoner", help=PRISONER_HELP)(new_prisoner)
    group.command("event", help=EVENT_HELP)(new_event)
    group.command("organization", help=ORGANIZATION_HELP)(new_organization)
    app.add_typer(group, name="new")
