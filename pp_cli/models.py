"""Pydantic models of the records kept in `data/` (DESIGN.md, "The records").

Unknown fields are rejected so that a typo (`stauts`) is an error, not a
silently ignored fact. Every record may be marked `restricted` (left out of
public exports), or list the names of its `restricted_fields`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)

from pp_cli.dates import PartialDate
from pp_cli.vocab import (
    ChargeCategory,
    EventType,
    Gender,
    OrgKind,
    PaceCriterion,
    Role,
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
            "pattern": r"^((before|by) )?\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "2016, 2016-05, 2016-05-25, 'before 2016-05-26' or 'by 2016-05-26'",
        }
    ),
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
    sources: list[Source] = Field(min_length=1)
    note: ShortText | None = None


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
    """A list or body that recognises the person as a political prisoner."""

    by: ShortText
    date: Date | None = None
    criteria: list[PaceCriterion] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


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


class Charge(Strict):
    article: ShortText | None = None  # e.g. "234.4.3"
    code: ShortText | None = None  # e.g. "Criminal Code of Azerbaijan"
    description: ShortText
    category: ChargeCategory
    max_penalty_years: float | None = Field(default=None, ge=0, le=100)


class Sentence(Strict):
    description: ShortText
    years: float | None = Field(default=None, ge=0, le=100)
    suspended: bool = False


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
    sentence: Sentence | None = None
    court: ShortText | None = None
    facility: ShortText | None = None
    location: ShortText | None = None
    by: ShortText | None = None
    echr: Echr | None = None
    count: int | None = Field(default=None, ge=0)
    count_approximate: bool = False


class Organization(Record):
    name: ShortText
    native_name: ShortText | None = None
    other_names: list[OtherName] = Field(default_factory=list)
    type: OrgKind
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    summary: Text | None = None

    _names_as_objects = field_validator("other_names", mode="before")(
        Prisoner._names_as_objects.__func__  # type: ignore[attr-defined]
    )


AnyRecord = Prisoner | Event | Organization

# Folder under data/ → model. Events live in data/events/<yyyy>/.
KINDS: dict[str, type[Prisoner] | type[Event] | type[Organization]] = {
    "prisoners": Prisoner,
    "events": Event,
    "organizations": Organization,
}
