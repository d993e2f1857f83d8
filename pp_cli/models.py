"""Pydantic models of the records kept in `data/` (DESIGN.md, "The records").

Unknown fields are rejected so that a typo (`stauts`) is an error, not a
silently ignored fact. Every record may be marked `restricted` (left out of
public exports), or list the names of its `restricted_fields`.
"""

from __future__ import annotations

import builtins
import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from pp_cli.dates import PartialDate
from pp_cli.vocab import (
    ChargeCategory,
    ChargeQualifier,
    EventType,
    Gender,
    OrgKind,
    PaceCriterion,
    RecognitionKind,
    RelationKind,
    Role,
    SentenceKind,
    Status,
    StatusDetail,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=120,
        description="lowercase ASCII letters, digits and single hyphens",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
Url = Annotated[
    str,
    Field(pattern=r"^https?://[^\s]+$", max_length=2_000, description="an http(s) URL"),
]


def _parse_date(value: Any) -> PartialDate:
    return PartialDate.parse(value)


Date = Annotated[
    PartialDate,
    BeforeValidator(_parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": (
                r"^(((before|by) )?\d{4}(-\d{2}(-\d{2})?)?|\d{4}(-\d{2}(-\d{2})?)?[~?%]"
                r"|\d{4}(-\d{2}(-\d{2})?)?/\d{4}(-\d{2}(-\d{2})?)?|\.\./\d{4}(-\d{2}(-\d{2})?)?)$"
            ),
            "description": (
                "2016, 2016-05, 2016-05-25, 'before 2016-05-26', 'by 2016-05-26', a range "
                "2007-01-13/2007-01-18, approximate 2014~, uncertain 2014? (EDTF, ISO 8601-2)"
            ),
        }
    ),
]

ARTICLE_PATTERN = r"^\d{1,4}(-\d{1,3})?(\.\d{1,3}(-\d{1,3})?)*$"


def _article_text(value: Any) -> Any:
    """An article number as text; an unquoted `214.2` would be a YAML number, and `220.10` would lose its 0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"write the article in quotes, like \"{value}\": unquoted, 220.10 would read as 220.1")
    if isinstance(value, str):
        text = value.strip()
        return re.sub(r"^(?:art(?:icle)?\.?|st\.?|maddə|ст\.?|статья)\s*", "", text, flags=re.IGNORECASE)
    return value


Article = Annotated[
    str,
    BeforeValidator(_article_text),
    Field(
        pattern=ARTICLE_PATTERN,
        max_length=40,
        description="one article of a code, in quotes: \"234.4.3\", \"167-2.2.1\", \"28\"",
    ),
]
Scheme = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=60,
          description="who issued the identifier: wikidata, or a list's short name (ufppa, memorial, viasna)"),
]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_enum_values=False,
    )


class Source(Strict):
    """Where a claim comes from. No claim without one."""

    url: Url
    title: ShortText
    publisher: ShortText | None = None
    published: Date | None = None
    archive_url: Url | None = None
    quote: Text | None = None
    note: ShortText | None = None


class Dispute(Strict):
    """A claim that disagrees with the value recorded in `field`, with its own source."""

    field: ShortText
    claim: Any
    means: ShortText | None = None  # what the claim counts or says, in its source's words ("political prisoners …")
    sources: list[Source] = Field(min_length=1)
    note: ShortText | None = None

    @field_validator("claim")
    @classmethod
    def _claim_given(cls, value: Any) -> Any:
        """An empty `claim:` disputes nothing; saying so beats rendering `None` as what a source claims."""
        if value is None or value == "" or value == [] or value == {}:
            raise ValueError("a dispute needs the value its source claims")
        return value


class Record(Strict):
    """Fields every record kind shares."""

    id: Slug
    former_ids: list[Slug] = Field(default_factory=list)
    restricted: bool = False
    restricted_fields: list[ShortText] = Field(default_factory=list)
    disputed: list[Dispute] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class OtherName(Strict):
    name: ShortText
    note: ShortText | None = None


class Affiliation(Strict):
    org: Slug
    position: ShortText | None = None
    since: Date | None = None
    until: Date | None = None


class Recognition(Strict):
    """A list or body that recognises the person as a political prisoner.

    A published list comes in editions: `list` names the list (the same id in
    every edition, e.g. `ufppa`), `edition` the edition (its date, e.g.
    `2014-08`), and `section`/`number` where the person stands in it
    ("UFPPA list, August 2014, A.3": section A, number 3).
    """

    by: ShortText
    date: Date | None = None
    kind: RecognitionKind | None = None
    list: Slug | None = None
    edition: Date | None = None
    section: ShortText | None = None
    number: ShortText | None = None
    # `builtins.list`: the field `list` shadows the builtin inside this class.
    criteria: builtins.list[PaceCriterion] = Field(default_factory=builtins.list)
    sources: builtins.list[Source] = Field(default_factory=builtins.list)

    @field_validator("section", "number", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        """`number: 3` and `section: A` alike, as text."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def label(self) -> str:
        """`UFPPA list, 2014-08, A.3`: the list, its edition and the person's place in it."""
        text = self.by
        if self.edition is not None:
            text += f", {self.edition}"
        place = ".".join(p for p in (self.section, self.number) if p)
        return f"{text}, {place}" if place else text


class Identifier(Strict):
    """The person's (or organization's) id in another database or list: Wikidata, another list's number."""

    scheme: Scheme
    id: ShortText
    url: Url | None = None
    note: ShortText | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _wikidata_shape(self) -> Identifier:
        if self.scheme == "wikidata" and not re.fullmatch(r"Q[1-9]\d{0,11}", self.id):
            raise ValueError(f"`{self.id}` is not a Wikidata item id; they look like Q42")
        return self


class Relation(Strict):
    """How this person is related to another person in the knowledge base."""

    person: Slug
    kind: RelationKind
    note: ShortText | None = None
    sources: list[Source] = Field(default_factory=list)


class ReportedAge(Strict):
    """An age a source gives at a date ("58 years old", August 2014), where no birth date is known."""

    age: int = Field(ge=0, le=130)
    as_of: Date
    note: ShortText | None = None
    sources: list[Source] = Field(default_factory=list)

    def birth_range(self) -> tuple[date, date]:
        """The earliest and latest birthdays this age allows."""
        return born_between(self.age, self.as_of)


def born_between(age: int, as_of: PartialDate) -> tuple[date, date]:
    """Birthdays of someone `age` years old at some day of `as_of`: (earliest, latest)."""
    latest = _years_before(as_of.hi, age)
    earliest = _years_before(as_of.lo if as_of.lo > date.min else as_of.hi, age + 1) + timedelta(days=1)
    return earliest, latest


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Prisoner(Record):
    name: ShortText
    native_name: ShortText | None = None
    # The name in parts, where a source gives them: "Nijat Nazim oglu Aliyev" is given name
    # Nijat, patronymic Nazim (oglu/qizi, -ovich/-ovna are particles, not parts), surname Aliyev.
    given_name: ShortText | None = None
    patronymic: ShortText | None = None
    surname: ShortText | None = None
    other_names: list[OtherName] = Field(default_factory=list)
    gender: Gender | None = None
    born: Date | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    roles: list[Role] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)
    status: Status | None = None
    status_detail: StatusDetail | None = None
    status_as_of: Date | None = None
    summary: Text | None = None
    recognitions: list[Recognition] = Field(default_factory=list)
    # ids of namesakes that `pp validate` must not report as likely duplicates (PP601)
    distinct_from: list[Slug] = Field(default_factory=list)
    # Issue 12: ages where no birth date is known, where the person is held as a list says,
    # relations to other people, and ids in other databases and lists.
    ages: list[ReportedAge] = Field(default_factory=list)
    facility: ShortText | None = None  # where a list says the person is held: an organization id or a name
    facility_as_of: Date | None = None
    relations: list[Relation] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)

    @field_validator("other_names", mode="before")
    @classmethod
    def _names_as_objects(cls, value: Any) -> Any:
        """Allow the shorthand `- Nicat Aliyev` beside `- {name: …, note: …}`."""
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("affiliations", mode="before")
    @classmethod
    def _affiliations_as_objects(cls, value: Any) -> Any:
        """Allow the shorthand `- nida` beside `- {org: nida, position: …}`."""
        if isinstance(value, list):
            return [{"org": v} if isinstance(v, str) else v for v in value]
        return value

    def all_names(self) -> list[str]:
        names = [self.name]
        if self.native_name:
            names.append(self.native_name)
        names.extend(o.name for o in self.other_names)
        return names

    def birth_range(self) -> tuple[date, date] | None:
        """The days the person may have been born on, from `born` and every reported age; None if unknown.

        Narrowed by each: two ages that cannot both be true give an empty
        range (earliest after latest), which `pp validate` reports (PP330).
        """
        ranges = [a.birth_range() for a in self.ages]
        if self.born is not None:
            ranges.append((self.born.lo, self.born.hi))
        if not ranges:
            return None
        return max(r[0] for r in ranges), min(r[1] for r in ranges)


class Charge(Strict):
    """One charge: one article of one code (`pp_cli.charges` reads list shorthands into these).

    With an `article`, the description, category and maximum penalty come
    from the code's registry (`data/codes/<code>.yaml`) where the record does
    not give them. `code` is the registry's id (`az`; by default the code of
    the country of the people charged), `edition` the code's edition (`2000`,
    `1960`; by default the one in force on the event's date). Preparation,
    attempt and complicity (AZ articles 28, 29, 32) are a `qualifier` of the
    charge, with the general-part article in `qualifier_article`.
    """

    article: Article | None = None
    code: ShortText | None = None
    edition: ShortText | None = None
    qualifier: ChargeQualifier | None = None
    qualifier_article: Article | None = None
    description: ShortText | None = None
    category: ChargeCategory | None = None
    max_penalty_years: float | None = Field(default=None, ge=0, le=100)
    people: list[Slug] = Field(default_factory=list)  # those of the event's people charged with it; empty: all
    note: ShortText | None = None

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _article_or_description(self) -> Charge:
        if self.article is None and (self.description is None or self.category is None):
            raise ValueError(
                "a charge needs an `article` (the code's registry gives the rest), "
                "or a `description` and a `category`"
            )
        return self


class Sentence(Strict):
    """What a court imposed; in `Event.sentences`, on the `people` named (a group trial's different terms)."""

    description: ShortText | None = None
    kind: SentenceKind | None = None  # imprisonment where `years` is given and nothing else is said
    years: float | None = Field(default=None, ge=0, le=100)
    suspended: bool = False
    people: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _says_something(self) -> Sentence:
        if self.description is None and self.kind is None and self.years is None:
            raise ValueError("a sentence needs a `kind` (life_imprisonment, death, …), `years` or a `description`")
        if self.kind in (SentenceKind.life_imprisonment, SentenceKind.death) and self.years is not None:
            raise ValueError(f"a `{self.kind.value}` sentence has no `years`")
        return self

    @property
    def effective_kind(self) -> SentenceKind | None:
        if self.kind is not None:
            return self.kind
        return SentenceKind.imprisonment if self.years is not None else None

    def text(self) -> str:
        """`7.5 years`, `life imprisonment`, `death`, `3 years (suspended)`, or the description."""
        kind = self.effective_kind
        if kind is SentenceKind.imprisonment and self.years is not None:
            text = f"{self.years:g} year{'s' if self.years != 1 else ''}"
        elif kind is not None and kind is not SentenceKind.other:
            text = kind.value.replace("_", " ")
            if self.years is not None:
                text += f", {self.years:g} years"
        else:
            text = self.description or ""
        if self.suspended:
            text += " (suspended)"
        return text


class Echr(Strict):
    application: ShortText | None = None
    case: ShortText | None = None
    finding: ShortText | None = None
    articles_violated: list[ShortText] = Field(default_factory=list)


class Event(Record):
    date: Date
    type: EventType
    title: ShortText
    people: list[Slug] = Field(default_factory=list)
    organizations: list[Slug] = Field(default_factory=list)
    summary: Text | None = None
    status_after: Status | None = None
    charges: list[Charge] = Field(default_factory=list)
    sentence: Sentence | None = None  # the same for every person the event names
    sentences: list[Sentence] = Field(default_factory=list)  # different terms: each names its `people`
    case: Slug | None = None  # the case (data/cases/<id>.yaml) this event belongs to
    court: ShortText | None = None  # an organization id (type court) or the court's name
    judge: ShortText | None = None  # the presiding judge (or judges), as the source names them
    facility: ShortText | None = None  # where the people are held after the event: an organization id or a name
    location: ShortText | None = None
    by: ShortText | None = None
    echr: Echr | None = None
    count: int | None = Field(default=None, ge=0, le=1_000_000_000)  # bounded: SQLite holds 64-bit integers
    count_approximate: bool = False
    count_bound: Literal["more_than", "at_least"] | None = None  # "more than 80", "at least five"
    count_of: ShortText | None = None  # what `count` counts, in the source's words ("detainees pardoned")
    follows: list[Slug] = Field(default_factory=list)  # ids of events this one comes after (pp_cli.chronology)

    @field_validator("charges", mode="before")
    @classmethod
    def _charges_shorthand(cls, value: Any) -> Any:
        """Allow `- "29, 120.2.1; 228.1"` (a list's notation) beside `- {article: …}` (see pp_cli.charges).

        A charge written before issue 12 with several articles in one
        (`article: "28, 214.2.1"`) is read as the charges it names, each
        keeping the rest of what the record says about it.
        """
        if not isinstance(value, list):
            return value
        from pp_cli.charges import expand, several

        out: list[Any] = []
        for item in value:
            if isinstance(item, str | int) and not isinstance(item, bool):
                out.extend(expand(str(item)))
            elif isinstance(item, dict) and several(item.get("article")):
                rest = {k: v for k, v in item.items() if k != "article"}
                out.extend({**rest, **charge} for charge in expand(item["article"]))
            else:
                out.append(item)
        return out

    def sentence_of(self, person_id: str) -> Sentence | None:
        """The sentence this event gives `person_id`, if any."""
        if person_id not in self.people:
            return None
        for sentence in self.sentences:
            if person_id in sentence.people:
                return sentence
        return self.sentence

    def charges_of(self, person_id: str) -> list[Charge]:
        """The charges this event brings against `person_id`."""
        if person_id not in self.people:
            return []
        return [c for c in self.charges if not c.people or person_id in c.people]


class Organization(Record):
    name: ShortText
    native_name: ShortText | None = None
    other_names: list[OtherName] = Field(default_factory=list)
    type: OrgKind
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    summary: Text | None = None
    # For prisons, detention centres and courts (issue 12): where letters can be sent.
    address: ShortText | None = None
    identifiers: list[Identifier] = Field(default_factory=list)

    _names_as_objects = field_validator("other_names", mode="before")(
        Prisoner._names_as_objects.__func__  # type: ignore[attr-defined]
    )


class Case(Record):
    """A criminal case in which one or more people are tried together (data/cases/<id>.yaml).

    Events name their case with `case: <id>`; the defendants are those the
    record lists and everyone its events name, so `pp show` can give a case
    its own page and `pp stats` can count cases as well as people.
    """

    name: ShortText
    native_name: ShortText | None = None
    other_names: list[OtherName] = Field(default_factory=list)
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    defendants: list[Slug] = Field(default_factory=list)
    court: ShortText | None = None  # an organization id (type court) or the court's name
    organizations: list[Slug] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)  # court case numbers: {scheme: court, id: …}
    summary: Text | None = None

    _names_as_objects = field_validator("other_names", mode="before")(
        Prisoner._names_as_objects.__func__  # type: ignore[attr-defined]
    )


class CodeArticle(Strict):
    """One article (or part of one) of a criminal code, as the registry describes it."""

    article: Article
    description: ShortText
    category: ChargeCategory | None = None  # None only for general-part articles (qualifiers)
    qualifier: ChargeQualifier | None = None  # for general-part articles: 28 preparation, 29 attempt, …
    max_penalty_years: float | None = Field(default=None, ge=0, le=100)
    max_penalty: SentenceKind | None = None  # life_imprisonment or death, where that is the maximum
    note: ShortText | None = None
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _category_or_qualifier(self) -> CodeArticle:
        if self.category is None and self.qualifier is None:
            raise ValueError("an article needs a `category` (or, in the general part, a `qualifier`)")
        return self


class CodeEdition(Strict):
    """One edition of a code (the 1960 code, the 2000 code), with the articles pp knows of it."""

    edition: ShortText
    name: ShortText
    in_force: Date | None = None
    until: Date | None = None
    sources: list[Source] = Field(default_factory=list)
    articles: list[CodeArticle] = Field(default_factory=list)

    _edition_text = field_validator("edition", mode="before")(Charge._edition_text.__func__)  # type: ignore[attr-defined]


class CriminalCode(Record):
    """A country's criminal code (data/codes/<id>.yaml, e.g. az): article → description, category, penalty.

    Contributors write only the article of a charge; pp fills in the rest
    (`pp_cli.charges`) and `pp validate` reports an article the registry does
    not know (PP720). List only articles a source supports, each with it.
    """

    name: ShortText
    native_name: ShortText | None = None
    other_names: list[OtherName] = Field(default_factory=list)
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    current: ShortText  # the edition in force today
    editions: list[CodeEdition] = Field(min_length=1)
    summary: Text | None = None

    _names_as_objects = field_validator("other_names", mode="before")(
        Prisoner._names_as_objects.__func__  # type: ignore[attr-defined]
    )
    _current_text = field_validator("current", mode="before")(Charge._edition_text.__func__)  # type: ignore[attr-defined]

    @model_validator(mode="after")
    def _current_exists(self) -> CriminalCode:
        names = [e.edition for e in self.editions]
        if self.current not in names:
            raise ValueError(f"`current: {self.current}` is not one of the editions ({', '.join(names)})")
        if len(set(names)) != len(names):
            raise ValueError("two editions have the same `edition`")
        return self

    def edition(self, name: str | None) -> CodeEdition | None:
        wanted = name or self.current
        return next((e for e in self.editions if e.edition == wanted), None)


AnyRecord = Prisoner | Event | Organization | Case | CriminalCode

# Folder under data/ → model. Events live in data/events/<yyyy>/.
KINDS: dict[str, type[Prisoner] | type[Event] | type[Organization] | type[Case] | type[CriminalCode]] = {
    "prisoners": Prisoner,
    "events": Event,
    "organizations": Organization,
    "cases": Case,
    "codes": CriminalCode,
}
