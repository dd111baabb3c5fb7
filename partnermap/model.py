"""The typed graph model: node kinds, relation kinds, periods and sources.

Every node and relation carries the sources it was taken from (a seed document and a
section or table of it). Every relation has a period, ``valid_from`` .. ``valid_to``,
either end of which may be open. People are never nodes: positions such as
"integration coordinator, 1.0 FTE" are attributes of the relation they belong to.

Ids are readable and stable: ``<prefix>:<slug>``, where the prefix names the kind
(``org:elvl``, ``municipality:parnu-linn``, ``network:loimumiskoda``) and the slug is
lowercase ASCII (Estonian letters transliterated: õ->o, ä->a, ö->o, ü->u, š->s, ž->z).

Every field says what it means where it is declared, ``Field(description=...)``: the one
description the GraphQL API (:mod:`partnermap.api.derive`) and its SDL show.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from partnermap.dates import parse_date
from partnermap.errors import InputError

__all__ = [
    "ENDPOINT_KINDS",
    "ID_PREFIX",
    "KIND_FIELDS",
    "MAX_NAME_LENGTH",
    "MAX_TEXT_LENGTH",
    "SCORE_ITEMS",
    "SCORE_MAX",
    "SCORE_MIN",
    "TRUST_ITEMS",
    "VALUE_ITEMS",
    "BudgetLine",
    "County",
    "Dataset",
    "Event",
    "EventFormat",
    "EventType",
    "Frequency",
    "Indicator",
    "IndicatorDefinition",
    "Line",
    "Municipality",
    "Network",
    "NetworkType",
    "Node",
    "NodeKind",
    "OrgKind",
    "Organisation",
    "Position",
    "Project",
    "ProjectKind",
    "Relation",
    "RelationKind",
    "Resource",
    "Role",
    "Scope",
    "Sector",
    "Source",
    "SurveyResponse",
    "SurveyWave",
    "TargetGroup",
    "Text",
    "TieAnswer",
    "TieLevel",
    "check_node_id",
    "check_text",
    "default_node_id",
    "endpoint_problem",
    "node_adapter",
    "parse_date",
    "period_contains",
    "period_fields",
    "period_overlaps",
    "response_id",
    "slugify",
    "survey_source",
]


class NodeKind(StrEnum):
    """The kinds of node the graph holds."""

    COUNTY = "county"
    MUNICIPALITY = "municipality"
    ORGANISATION = "organisation"
    NETWORK = "network"
    PROJECT = "project"
    TARGET_GROUP = "target_group"
    INDICATOR = "indicator"
    EVENT = "event"
    # surveys: waves of a network's self-reported ties (partnermap.surveys)
    SURVEY_WAVE = "survey_wave"
    SURVEY_RESPONSE = "survey_response"

    @property
    def noun(self) -> str:
        """The kind in words, as messages name it.

        Examples
        --------
        >>> NodeKind.TARGET_GROUP.noun, NodeKind.ORGANISATION.with_article
        ('target group', 'an organisation')
        """
        return self.value.replace("_", " ")

    @property
    def with_article(self) -> str:
        """:attr:`noun` with its indefinite article."""
        return f"{'an' if self.noun[0] in 'aeiou' else 'a'} {self.noun}"


ID_PREFIX: dict[NodeKind, str] = {
    NodeKind.COUNTY: "county",
    NodeKind.MUNICIPALITY: "municipality",
    NodeKind.ORGANISATION: "org",
    NodeKind.NETWORK: "network",
    NodeKind.PROJECT: "project",
    NodeKind.TARGET_GROUP: "target",
    NodeKind.INDICATOR: "indicator",
    NodeKind.EVENT: "event",
    NodeKind.SURVEY_WAVE: "wave",
    NodeKind.SURVEY_RESPONSE: "response",
}
_PREFIX_KIND = {prefix: kind for kind, prefix in ID_PREFIX.items()}

NODE_ID_RE = re.compile(r"^(?P<prefix>[a-z_]+):(?P<slug>[a-z0-9]+(?:[-.][a-z0-9]+)*)$")


class OrgKind(StrEnum):
    """What sort of body an organisation is."""

    MUNICIPAL_GOVERNMENT = "municipal_government"
    MINISTRY = "ministry"
    STATE_AGENCY = "state_agency"
    NGO = "ngo"
    FOUNDATION = "foundation"
    COMPANY = "company"
    UNIVERSITY = "university"
    LEADER_ACTION_GROUP = "leader_action_group"
    UMBRELLA_ASSOCIATION = "umbrella_association"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    PUBLIC_INSTITUTION = "public_institution"
    INFORMAL_GROUP = "informal_group"


class Sector(StrEnum):
    """The sector an organisation belongs to: public, non-profit or private."""

    PUBLIC = "public"
    NON_PROFIT = "non_profit"
    PRIVATE = "private"


class Scope(StrEnum):
    """How far a body or network reaches: its home area is local, a county, or wider."""

    LOCAL = "local"
    COUNTY = "county"
    NATIONAL = "national"
    INTERNATIONAL = "international"


class NetworkType(StrEnum):
    """What a network is for."""

    COORDINATOR_NETWORK = "coordinator_network"
    COOPERATION_NETWORK = "cooperation_network"
    LOCAL_COOPERATION_NETWORK = "local_cooperation_network"
    PARTICIPATION_COUNCIL = "participation_council"
    STEERING_GROUP = "steering_group"
    PROGRAMME_NETWORK = "programme_network"
    OTHER = "other"


class ProjectKind(StrEnum):
    """Programme, project, funding measure, call or activity."""

    PROGRAMME = "programme"
    PROJECT = "project"
    MEASURE = "measure"
    CALL = "call"
    ACTIVITY = "activity"


class EventType(StrEnum):
    """What sort of event an event is."""

    MEETING = "meeting"
    SEMINAR = "seminar"
    INFO_DAY = "info_day"
    STUDY_TRIP = "study_trip"
    CONFERENCE = "conference"
    TRAINING = "training"
    WORKSHOP = "workshop"
    OTHER = "other"


#: How an event is held: in one place, online, or both.
EventFormat = Literal["in_person", "online", "hybrid"]


class RelationKind(StrEnum):
    """The kinds of relation between nodes."""

    LOCATED_IN = "located_in"
    MEMBER_OF = "member_of"
    PARTNER_IN = "partner_in"
    FUNDS = "funds"
    PARTY_TO = "party_to"
    TARGETS = "targets"
    PART_OF = "part_of"
    TAKES_PART_IN = "takes_part_in"
    # surveys
    SURVEY_TIE = "survey_tie"


class Role(StrEnum):
    """A member's role in a network, a partner's role in a project, or an organisation's role
    at an event."""

    MEMBER = "member"
    CONVENER = "convener"
    COORDINATOR = "coordinator"
    LEAD = "lead"
    PARTNER = "partner"
    ORGANISER = "organiser"
    PARTICIPANT = "participant"
    SPEAKER = "speaker"


ROLES: dict[RelationKind, frozenset[Role]] = {
    RelationKind.MEMBER_OF: frozenset({Role.MEMBER, Role.CONVENER, Role.COORDINATOR}),
    RelationKind.PARTNER_IN: frozenset({Role.LEAD, Role.PARTNER}),
    RelationKind.TAKES_PART_IN: frozenset({Role.ORGANISER, Role.PARTICIPANT, Role.SPEAKER}),
}
DEFAULT_ROLE: dict[RelationKind, Role] = {
    RelationKind.MEMBER_OF: Role.MEMBER,
    RelationKind.PARTNER_IN: Role.PARTNER,
    RelationKind.TAKES_PART_IN: Role.PARTICIPANT,
}

#: The relation fields that belong to one kind of relation only.
KIND_FIELDS: dict[str, RelationKind] = {
    "budget": RelationKind.PARTNER_IN,
    "own_contribution": RelationKind.PARTNER_IN,
    "support": RelationKind.PARTNER_IN,
    "budget_lines": RelationKind.PARTNER_IN,
    "amount": RelationKind.FUNDS,
    "agreement": RelationKind.PARTY_TO,
    # surveys: what a respondent reported about a partner (its latest revision)
    "level": RelationKind.SURVEY_TIE,
    "frequency": RelationKind.SURVEY_TIE,
    "resources": RelationKind.SURVEY_TIE,
    "reliability": RelationKind.SURVEY_TIE,
    "mission": RelationKind.SURVEY_TIE,
    "openness": RelationKind.SURVEY_TIE,
    "power": RelationKind.SURVEY_TIE,
    "involvement": RelationKind.SURVEY_TIE,
    "contribution": RelationKind.SURVEY_TIE,
}
_SURVEY_FIELDS = tuple(name for name, kind in KIND_FIELDS.items() if kind is RelationKind.SURVEY_TIE)

#: Which node kinds each relation kind may connect (source kinds, target kinds).
ENDPOINT_KINDS: dict[RelationKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    RelationKind.LOCATED_IN: (
        frozenset({NodeKind.ORGANISATION, NodeKind.MUNICIPALITY, NodeKind.NETWORK, NodeKind.EVENT}),
        frozenset({NodeKind.MUNICIPALITY, NodeKind.COUNTY}),
    ),
    RelationKind.MEMBER_OF: (frozenset({NodeKind.ORGANISATION}), frozenset({NodeKind.NETWORK})),
    RelationKind.PARTNER_IN: (frozenset({NodeKind.ORGANISATION}), frozenset({NodeKind.PROJECT})),
    RelationKind.FUNDS: (
        frozenset({NodeKind.ORGANISATION}),
        frozenset({NodeKind.PROJECT, NodeKind.ORGANISATION, NodeKind.NETWORK}),
    ),
    RelationKind.PARTY_TO: (
        frozenset({NodeKind.ORGANISATION}),
        frozenset({NodeKind.ORGANISATION}),
    ),
    RelationKind.TARGETS: (
        frozenset({NodeKind.PROJECT, NodeKind.NETWORK, NodeKind.ORGANISATION}),
        frozenset({NodeKind.TARGET_GROUP}),
    ),
    RelationKind.PART_OF: (
        frozenset(
            {NodeKind.PROJECT, NodeKind.NETWORK, NodeKind.INDICATOR, NodeKind.ORGANISATION, NodeKind.EVENT}
        ),
        frozenset({NodeKind.PROJECT, NodeKind.NETWORK, NodeKind.ORGANISATION}),
    ),
    RelationKind.TAKES_PART_IN: (frozenset({NodeKind.ORGANISATION}), frozenset({NodeKind.EVENT})),
    # surveys
    RelationKind.SURVEY_TIE: (frozenset({NodeKind.ORGANISATION}), frozenset({NodeKind.ORGANISATION})),
}

_TRANSLIT = str.maketrans({"õ": "o", "ä": "a", "ö": "o", "ü": "u", "š": "s", "ž": "z", "Õ": "o", "Ä": "a"})


def slugify(text: str) -> str:
    """Turn a name into an id slug: lowercase ASCII words joined by hyphens.

    Examples
    --------
    >>> slugify("Kohtla-Järve linn")
    'kohtla-jarve-linn'
    >>> slugify("Võrumaa Partnerluskogu")
    'vorumaa-partnerluskogu'
    """
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def period_contains(start: date | None, end: date | None, day: date) -> bool:
    """Whether the period ``start`` .. ``end`` contains ``day``: the one rule of time.

    Both ends are inclusive (a period of one day, ``start == end``, contains that day);
    an open end (None) is unbounded. Every "active on a day" in partnermap comes down to
    this: :meth:`Relation.active_on`, the node ``active_on`` methods,
    :func:`partnermap.graph.active_on` for snapshot attributes, and the stores' ``as_of``
    filters (tested to agree).

    Examples
    --------
    >>> period_contains(date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31))
    True
    >>> period_contains(date(2025, 1, 1), date(2025, 1, 1), date(2025, 1, 1))
    True
    >>> period_contains(None, date(2024, 12, 31), date(2025, 1, 1))
    False
    >>> period_contains(None, None, date(1990, 1, 1))
    True
    """
    return (start is None or start <= day) and (end is None or day <= end)


def period_overlaps(start: date | None, end: date | None, first: date | None, last: date | None) -> bool:
    """Whether the period ``start`` .. ``end`` shares a day with the window ``first`` .. ``last``.

    The rule of :func:`period_contains` for a window instead of a day: both ends inclusive,
    an open end (None) unbounded on either side. An event "between 1 April and 30 April"
    is one whose period overlaps that window.

    Examples
    --------
    >>> period_overlaps(date(2025, 4, 9), date(2025, 4, 10), date(2025, 4, 10), None)
    True
    >>> period_overlaps(date(2025, 4, 9), date(2025, 4, 10), date(2025, 4, 11), date(2025, 5, 1))
    False
    >>> period_overlaps(None, None, date(2025, 1, 1), date(2025, 1, 31))
    True
    """
    return (start is None or last is None or start <= last) and (end is None or first is None or first <= end)


_RELATION_PERIOD = ("valid_from", "valid_to")
_PROJECT_PERIOD = ("start", "end")
_RELATION_KINDS = frozenset(k.value for k in RelationKind)
_NODE_KINDS = frozenset(k.value for k in NodeKind)
#: The node kinds with a period of their own (``start`` .. ``end``).
_NODES_WITH_PERIOD = frozenset({NodeKind.PROJECT.value, NodeKind.EVENT.value, NodeKind.SURVEY_WAVE.value})


def period_fields(kind: str) -> tuple[str, str] | None:
    """The names of the fields holding the period of a node or relation of ``kind``.

    Every relation has a period (``valid_from``, ``valid_to``); of the nodes projects, events
    and survey waves have one (``start``, ``end``). Other nodes have none (None): they exist
    on every day.
    A network's ``status`` is not a period: it says *whether* a network has ended, not
    *when*, so it cannot decide what holds on a given day.

    Examples
    --------
    >>> period_fields("member_of"), period_fields("project"), period_fields("network")
    (('valid_from', 'valid_to'), ('start', 'end'), None)
    >>> period_fields("event")
    ('start', 'end')
    """
    if kind in _RELATION_KINDS:
        return _RELATION_PERIOD
    if kind in _NODES_WITH_PERIOD:
        return _PROJECT_PERIOD
    if kind in _NODE_KINDS:
        return None
    raise ValueError(f"{kind!r} is neither a node kind nor a relation kind")


Date = Annotated[date, BeforeValidator(parse_date)]


def _end_not_before_start(value: date | None, info: ValidationInfo) -> date | None:
    """The one rule of a node's period (projects, events, survey waves): it ends on or after
    its start. A field validator of ``end`` (it sees ``start`` in ``info.data``)."""
    start = info.data.get("start")
    if start and value and value < start:
        raise ValueError(f"end {value} is before start {start}")
    return value


NonNegative = Annotated[float, Field(ge=0)]

#: The most characters a name, title or other one-line text may hold.
MAX_NAME_LENGTH = 300
#: The most characters a description, note or other free text may hold.
MAX_TEXT_LENGTH = 20_000
#: Bidirectional embedding, override and isolate controls: they reorder text on screen, so
#: that "haram" with U+202E shows as "marah" - a look-alike name.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: What a one-line text may not hold: the control characters (Unicode category Cc: U+0000 to
#: U+001F and U+007F to U+009F) and the bidirectional controls; free text may hold tabs and
#: line breaks.
_REFUSED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_REFUSED_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_text(
    value: str, field: str = "text", *, multiline: bool = False, max_length: int | None = None
) -> str:
    """``value`` NFC-normalised; ValueError naming ``field`` and the character (as U+XXXX)
    if it holds a control character or a bidirectional control, or if it is too long.

    The one rule for text every writer stores (files, spreadsheets, the API): every text
    field of the model is a :data:`Line` or a :data:`Text`, and ids are checked by it too.
    Free text (``multiline``) may hold tabs and line breaks; nothing else may.

    Examples
    --------
    >>> check_text("Vo" + chr(0x303) + "ru") == "Võru"  # NFC: o and a combining tilde make one letter
    True
    >>> check_text("har" + chr(0x202E) + "am", "name")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: name holds the bidirectional control U+202E at position 4: it reorders text ...
    >>> check_text("A" + chr(0) + "B", "name")
    Traceback (most recent call last):
    ...
    ValueError: name holds the control character U+0000 at position 2; remove it
    >>> check_text("x" * 301, "name", max_length=300)
    Traceback (most recent call last):
    ...
    ValueError: name is 301 characters long; at most 300 are allowed
    """
    text = unicodedata.normalize("NFC", value)
    found = (_REFUSED_IN_TEXT if multiline else _REFUSED_IN_LINE).search(text)
    if found is not None:
        char, i = found[0], found.start() + 1
        if char in _BIDI_CONTROLS:
            raise ValueError(
                f"{field} holds the bidirectional control U+{ord(char):04X} at position {i}:"
                " it reorders text on screen; remove it"
            )
        raise ValueError(f"{field} holds the control character U+{ord(char):04X} at position {i}; remove it")
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"{field} is {len(text)} characters long; at most {max_length} are allowed")
    return text


def _line(value: str, info: ValidationInfo) -> str:
    return check_text(value, info.field_name or "text", max_length=MAX_NAME_LENGTH)


def _free_text(value: str, info: ValidationInfo) -> str:
    return check_text(value, info.field_name or "text", multiline=True, max_length=MAX_TEXT_LENGTH)


#: One line of text: a name, title, code. No control characters, at most 300 characters.
Line = Annotated[str, AfterValidator(_line)]
#: Free text: a description or note. Tabs and line breaks allowed, no other control characters.
Text = Annotated[str, AfterValidator(_free_text)]


def _check_node_id(value: str, info: ValidationInfo) -> str:
    if isinstance(value, str):
        check_text(value, info.field_name or "id")
    if not isinstance(value, str) or not NODE_ID_RE.match(value):
        raise ValueError(
            f"{value!r} is not a node id: expected '<prefix>:<slug>' such as 'org:elvl' "
            "(lowercase ASCII letters, digits, '-' and '.')"
        )
    prefix = value.split(":", 1)[0]
    if prefix not in _PREFIX_KIND:
        known = ", ".join(sorted(_PREFIX_KIND))
        raise ValueError(f"{value!r} has an unknown id prefix {prefix!r} (known: {known})")
    return value


NodeId = Annotated[str, BeforeValidator(_check_node_id)]


def kind_of_id(node_id: str) -> NodeKind | None:
    """The node kind an id's prefix names, or None for a malformed id."""
    return _PREFIX_KIND.get(node_id.split(":", 1)[0])


def check_node_id(node_id: str, expected: NodeKind | tuple[NodeKind, ...] | None = None) -> NodeKind:
    """The kind a node id names; InputError for a malformed id, or one of another kind than
    ``expected`` (a kind, or the kinds it may be).

    Examples
    --------
    >>> check_node_id("org:elvl")
    <NodeKind.ORGANISATION: 'organisation'>
    >>> check_node_id("org:elvl", NodeKind.NETWORK)
    Traceback (most recent call last):
    ...
    partnermap.errors.InputError: 'org:elvl' is the id of an organisation, not of a network
    >>> check_node_id("org:elvl", (NodeKind.COUNTY, NodeKind.MUNICIPALITY))
    Traceback (most recent call last):
    ...
    partnermap.errors.InputError: 'org:elvl' is not a county or municipality id
    """
    text = str(node_id)
    kind = kind_of_id(text) if NODE_ID_RE.match(text) else None
    if kind is None:
        known = ", ".join(sorted(ID_PREFIX.values()))
        raise InputError(
            f"{text!r} is not a node id: expected '<prefix>:<slug>' such as 'org:elvl' "
            f"(prefixes: {known}; lowercase ASCII letters, digits, '-' and '.')"
        )
    if isinstance(expected, NodeKind) and kind is not expected:
        raise InputError(f"{text!r} is the id of {kind.with_article}, not of {expected.with_article}")
    if isinstance(expected, tuple) and kind not in expected:
        raise InputError(f"{text!r} is not a {' or '.join(k.noun for k in expected)} id")
    return kind


def default_node_id(kind: NodeKind, name: str) -> str | None:
    """The id a node of ``kind`` named ``name`` gets when none is given (None if the name
    has no letters or digits to make a slug of).

    Examples
    --------
    >>> default_node_id(NodeKind.ORGANISATION, "Eesti Linnade ja Valdade Liit")
    'org:eesti-linnade-ja-valdade-liit'
    """
    slug = slugify(name)
    return f"{ID_PREFIX[kind]}:{slug}" if slug else None


class Source(BaseModel):
    """Where a fact comes from: a document (seed file name) and a section or table of it.

    In YAML a source may also be written as one string, ``"document#section"``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: Line = Field(
        min_length=1, description="The source document (seed file name or reference source)."
    )
    section: Line = Field(min_length=1, description="The section, table or slide of the document.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            document, sep, section = value.partition("#")
            if not sep:
                raise ValueError(f"source {value!r} must be 'document#section'")
            return {"document": document.strip(), "section": section.strip()}
        return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class Position(_Strict):
    """A staff position (never a person): title, workload in FTE, since when."""

    title: Line = Field(min_length=1, description="The position's title, in Estonian as the source gives it.")
    title_en: Line | None = Field(None, description="The title in English.")
    fte: NonNegative = Field(description="Workload in full-time equivalents, e.g. 0.75.")
    since: Date | None = Field(None, description="Since when the position exists.")
    note: Text | None = Field(None, description="A remark, e.g. that a date is approximate.")


class BudgetLine(_Strict):
    """One line of a budget: what, how much (EUR), for which year."""

    label: Text = Field(min_length=1, description="What the money is for.")
    amount: NonNegative = Field(description="Amount, EUR.")
    year: int | None = Field(default=None, ge=1990, le=2100, description="The year.")
    code: Line | None = Field(None, description="Its code in the source document.")
    responsible: Line | None = Field(None, description="Who is responsible for the line.")
    period_from: Date | None = Field(None, description="First day of the line's period.")
    period_to: Date | None = Field(None, description="Last day of the line's period.")


#: Node fields that are not facts, so cannot be marked inferred.
_NOT_INFERABLE = frozenset({"id", "kind", "sources", "inferred_fields"})


class _NodeBase(_Strict):
    id: NodeId = Field(description="Stable readable id '<prefix>:<slug>', e.g. 'org:elvl'.")
    name: Line = Field(min_length=1, description="The name, in Estonian as the sources give it.")
    name_en: Line | None = Field(None, description="The name in English.")
    description: Text | None = Field(None, description="What the sources say about it, in brief.")
    sources: list[Source] = Field(
        min_length=1, description="The documents and sections its facts are taken from."
    )
    inferred_fields: dict[str, Text] = Field(
        default_factory=dict,
        description=(
            "Fields whose values the documents imply but do not state: field name -> what the value rests on."
        ),
    )

    @field_validator("inferred_fields")
    @classmethod
    def _inferred_fields_exist(cls, value: dict[str, str]) -> dict[str, str]:
        # Only a node's own facts can be inferred; its id, kind, sources and this mark are not facts.
        own = set(cls.model_fields) - _NOT_INFERABLE
        unknown = sorted(key for key in value if key not in own)
        if unknown:
            kind = NodeKind(cls.model_fields["kind"].default)
            names = ", ".join(repr(k) for k in unknown)
            raise ValueError(
                f"inferred_fields names {names}, not a field of {kind.with_article}"
                f" (its fields: {', '.join(sorted(own))})"
            )
        for key, note in value.items():
            if not note.strip():
                raise ValueError(f"inferred_fields[{key!r}] must say what the value rests on")
        return value

    @field_validator("id")
    @classmethod
    def _prefix_matches_kind(cls, value: str) -> str:
        # A field validator (the class knows its kind), so that the id's problem is reported
        # with the record's others.
        kind = NodeKind(cls.model_fields["kind"].default)
        expected = ID_PREFIX[kind]
        if not value.startswith(expected + ":"):
            raise ValueError(f"id {value!r} of {kind.with_article} must start with '{expected}:'")
        return value

    @property
    def node_kind(self) -> NodeKind:
        return NodeKind(getattr(self, "kind"))  # noqa: B009

    def matches(self, text: str) -> bool:
        """Whether its name, English name or abbreviation contains ``text``, letter case and
        diacritics ignored (both are compared as :func:`slugify` makes them)."""
        names = [self.name, self.name_en or "", getattr(self, "abbreviation", None) or ""]
        return slugify(text) in slugify(" ".join(names))

    def active_on(self, day: date) -> bool:
        """Whether the node exists on ``day``: within its period (see :func:`period_fields`).

        Only projects and events have periods of their own (``start`` .. ``end``); other
        nodes exist on every day. A network's ``status`` does not count: it cannot say when.
        """
        fields = period_fields(self.node_kind.value)
        if fields is None:
            return True
        return period_contains(getattr(self, fields[0]), getattr(self, fields[1]), day)


class County(_NodeBase):
    """One of Estonia's 15 counties (maakond)."""

    kind: Literal["county"] = Field("county", description="The kind of node.")
    ehak: str = Field(pattern=r"^\d{4}$", description="Statistics Estonia's EHAK code (4 digits).")
    seat: Line | None = Field(None, description="The county's seat.")
    lat: float = Field(ge=57.4, le=59.8, description="Latitude of the approximate centroid.")
    lon: float = Field(ge=21.6, le=28.3, description="Longitude of the approximate centroid.")


class Municipality(_NodeBase):
    """One of Estonia's 79 municipalities (KOV) since the 2017 reform."""

    kind: Literal["municipality"] = Field("municipality", description="The kind of node.")
    municipality_type: Literal["linn", "vald"] = Field(
        description="City (linn) or rural municipality (vald)."
    )
    county: NodeId = Field(description="The id of the county it lies in.")
    ehak: str = Field(pattern=r"^\d{4}$", description="Statistics Estonia's EHAK code (4 digits).")
    lat: float = Field(ge=57.4, le=59.8, description="Latitude of the approximate centroid.")
    lon: float = Field(ge=21.6, le=28.3, description="Longitude of the approximate centroid.")
    population: int | None = Field(default=None, ge=0, description="Population, where the sources give it.")


class Organisation(_NodeBase):
    """An organisation: a municipal government, ministry, agency, NGO, foundation, company,
    LEADER action group..."""

    kind: Literal["organisation"] = Field("organisation", description="The kind of node.")
    org_kind: OrgKind = Field(description="What sort of body it is.")
    sector: Sector = Field(description="Public, non-profit or private.")
    scope: Scope = Field(
        Scope.LOCAL, description="How far it reaches: local, county, national, international."
    )
    abbreviation: Line | None = Field(None, description="Its usual abbreviation, e.g. 'ELVL'.")
    country: Line | None = Field(default=None, description="ISO 3166 alpha-2 country code if not Estonia.")


class Network(_NodeBase):
    """A network: a coordinator network, cooperation network, participation council, steering
    group..."""

    kind: Literal["network"] = Field("network", description="The kind of node.")
    network_type: NetworkType = Field(NetworkType.COOPERATION_NETWORK, description="What the network is for.")
    scope: Scope = Field(
        Scope.LOCAL, description="How far it reaches: local, county, national, international."
    )
    meetings_per_year: NonNegative | None = Field(None, description="How often it meets, per year.")
    open: bool | None = Field(default=None, description="Whether new members may join at any time.")
    status: Literal["planned", "active", "ended"] = Field("active", description="Planned, active or ended.")


class Project(_NodeBase):
    """A programme, project, funding measure, call or activity."""

    kind: Literal["project"] = Field("project", description="The kind of node.")
    project_kind: ProjectKind = Field(description="Programme, project, measure, call or activity.")
    code: Line | None = Field(None, description="Its code in the source document.")
    start: Date | None = Field(None, description="First day.")
    end: Date | None = Field(None, description="Last day.")
    budget: NonNegative | None = Field(default=None, description="Total budget, EUR.")
    budget_lines: list[BudgetLine] = Field(default_factory=list, description="The budget, line by line.")
    budget_share: float | None = Field(
        default=None, ge=0, le=100, description="Share of a fund, in per cent."
    )
    fund: Line | None = Field(None, description="The fund it draws on (e.g. 'LEADER', 'ESF+').")
    grant_min: NonNegative | None = Field(None, description="Smallest grant of a call, EUR.")
    grant_max: NonNegative | None = Field(None, description="Largest grant of a call, EUR.")
    eligible_applicants: list[OrgKind] = Field(
        default_factory=list, description="Who may apply to a call or measure."
    )

    # Field validators, not one model validator: each problem is named by its field, and
    # reported together with every other field's problems.
    _end_after_start = field_validator("end")(_end_not_before_start)

    @field_validator("grant_max")
    @classmethod
    def _max_above_min(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("grant_min")
        if low is not None and value is not None and value < low:
            raise ValueError("grant_max is below grant_min")
        return value


class TargetGroup(_NodeBase):
    """A target group (sihtrühm): e.g. newly arrived immigrants 18+, older people 55+."""

    kind: Literal["target_group"] = Field("target_group", description="The kind of node.")
    age_min: int | None = Field(default=None, ge=0, description="Youngest age in the group.")
    age_max: int | None = Field(default=None, ge=0, description="Oldest age in the group.")


class IndicatorDefinition(_Strict):
    """How an indicator's value is computed from the graph (see partnermap.metrics)."""

    metric: Literal[
        "participation_councils",
        "local_cooperation_networks",
        "coordinators",
        "network_members",
        "partner_municipalities",
    ] = Field(description="The graph measure.")
    network: NodeId | None = Field(None, description="The network the measure counts in, if any.")
    project: NodeId | None = Field(None, description="The project the measure counts in, if any.")


class Indicator(_NodeBase):
    """An indicator with targets by year (e.g. 'number of KOV participation councils')."""

    kind: Literal["indicator"] = Field("indicator", description="The kind of node.")
    unit: Line = Field(min_length=1, description="The unit counted.")
    targets: dict[int, float] = Field(default_factory=dict, description="Target values by year.")
    actuals: dict[int, float] = Field(
        default_factory=dict, description="Values the documents report, by year."
    )
    comparison: Literal["at_least", "at_most", "exactly"] = Field(
        "at_least", description="How the value is compared with the target."
    )
    definition: IndicatorDefinition | None = Field(
        None, description="How the value is computed from the graph, if it can be."
    )

    @field_validator("targets", "actuals")
    @classmethod
    def _years(cls, value: dict[int, float]) -> dict[int, float]:
        for year in value:
            if not 1990 <= year <= 2100:
                raise ValueError(f"year {year} is out of range")
        return value


class Event(_NodeBase):
    """An event: a meeting, seminar, info day, study trip, conference, training or workshop.

    Its place is a ``located_in`` relation to a municipality (or none, for an online event);
    the network or project it belongs to is a ``part_of`` relation; organisations take part
    in it by ``takes_part_in`` relations with a role (organiser, participant, speaker). A
    recurring meeting (e.g. a network's quarterly meeting) is one event with a
    ``frequency`` and ``occurrences_per_year``, its period the span it recurs over.
    """

    kind: Literal["event"] = Field("event", description="The kind of node.")
    event_type: EventType = Field(description="Meeting, seminar, info day, study trip, conference...")
    start: Date | None = Field(None, description="First day (the day, for a one-day event).")
    end: Date | None = Field(None, description="Last day.")
    format: EventFormat | None = Field(None, description="In person, online or hybrid.")
    frequency: Line | None = Field(None, description="How often a recurring event is held, e.g. 'quarterly'.")
    occurrences_per_year: NonNegative | None = Field(
        None, description="How many times a year a recurring event is held."
    )

    _end_after_start = field_validator("end")(_end_not_before_start)


# --------------------------------------------------------------------------- surveys
# A survey wave asks a network's (or project's) member organisations about each other: who
# works with whom and how closely, how often, with what, and how far they trust and value
# each other (partnermap.surveys). Only organisations and positions are stored, never people.


class TieLevel(StrEnum):
    """How closely a respondent works with a partner, from none to integration.

    The levels of the collaboration continuum PARTNER asks about (Varda et al.):
    awareness (knowing of each other), cooperation (exchanging information), coordination
    (joint planning and activities) and integration (shared resources, one system).
    """

    NONE = "none"
    AWARENESS = "awareness"
    COOPERATION = "cooperation"
    COORDINATION = "coordination"
    INTEGRATION = "integration"

    @property
    def rank(self) -> int:
        """0 for none up to 4 for integration: levels compare by it.

        Examples
        --------
        >>> TieLevel.COORDINATION.rank > TieLevel.AWARENESS.rank
        True
        """
        return list(TieLevel).index(self)


class Frequency(StrEnum):
    """How often a respondent works with a partner."""

    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    DAILY = "daily"


class Resource(StrEnum):
    """What a partner contributes to the shared work, as the respondent sees it."""

    FUNDING = "funding"
    IN_KIND = "in_kind"
    STAFF = "staff"
    VOLUNTEERS = "volunteers"
    DATA = "data"
    INFORMATION = "information"
    EXPERTISE = "expertise"
    COMMUNITY_CONNECTIONS = "community_connections"
    FACILITATION = "facilitation"
    ADVOCACY = "advocacy"
    OTHER = "other"


#: The lowest and highest answer of a trust or value item.
SCORE_MIN, SCORE_MAX = 1, 4
#: PARTNER's trust items: the partner is reliable, supports the shared mission, is open to discussion.
TRUST_ITEMS = ("reliability", "mission", "openness")
#: PARTNER's value items: the partner's power/influence, level of involvement, resource contribution.
VALUE_ITEMS = ("power", "involvement", "contribution")
SCORE_ITEMS = TRUST_ITEMS + VALUE_ITEMS

Score = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX)]


class TieAnswer(_Strict):
    """What a respondent says about one partner: level, frequency, resources, trust and value."""

    partner: NodeId = Field(description="The id of the partner organisation answered about.")
    level: TieLevel = Field(description="How closely they work together: none up to integration.")
    frequency: Frequency | None = Field(None, description="How often they work together.")
    resources: list[Resource] = Field(
        default_factory=list, description="What the partner contributes to the shared work."
    )
    reliability: Score | None = Field(
        None, description="Trust: how reliable the partner is (1 not at all .. 4 very)."
    )
    mission: Score | None = Field(
        None, description="Trust: how far the partner supports the shared mission (1..4)."
    )
    openness: Score | None = Field(None, description="Trust: how open the partner is to discussion (1..4).")
    power: Score | None = Field(
        None, description="Value: how much power and influence the partner has (1..4)."
    )
    involvement: Score | None = Field(None, description="Value: how involved the partner is (1..4).")
    contribution: Score | None = Field(
        None, description="Value: how much the partner contributes in resources (1..4)."
    )

    @field_validator("partner")
    @classmethod
    def _partner_is_organisation(cls, value: str) -> str:
        if not value.startswith(ID_PREFIX[NodeKind.ORGANISATION] + ":"):
            raise ValueError(f"partner {value!r} is not an organisation id ('org:...')")
        return value

    @field_validator("resources")
    @classmethod
    def _resources_once(cls, value: list[Resource]) -> list[Resource]:
        twice = sorted({r.value for r in value if value.count(r) > 1})
        if twice:
            raise ValueError(f"resources names {', '.join(twice)} more than once")
        return value

    @model_validator(mode="after")
    def _nothing_without_a_tie(self) -> TieAnswer:
        if self.level is TieLevel.NONE:
            given = [
                name
                for name in ("frequency", "resources", *SCORE_ITEMS)
                if getattr(self, name) not in (None, [])
            ]
            if given:
                raise ValueError(
                    f"level is none (no work together), so {', '.join(given)} cannot be answered; "
                    "leave them empty or choose a level"
                )
        return self

    def scores(self, items: tuple[str, ...] = SCORE_ITEMS) -> list[int]:
        """The answered scores among ``items``, in their order."""
        return [v for v in (getattr(self, name) for name in items) if v is not None]


def _slug_of(node_id: str) -> str:
    return node_id.split(":", 1)[1]


class SurveyWave(_NodeBase):
    """A survey wave: one network or project asked, on a date, about its members' ties."""

    kind: Literal["survey_wave"] = Field("survey_wave", description="The kind of node.")
    subject: NodeId = Field(description="The id of the network or project surveyed.")
    start: Date = Field(description="The day the wave opens.")
    end: Date | None = Field(None, description="The day the wave closes (open if null).")
    status: Literal["open", "closed"] = Field(
        "open", description="Whether answers are accepted (open) or not (closed)."
    )
    respondents: list[NodeId] = Field(
        default_factory=list, description="The ids of the member organisations asked."
    )
    previous: NodeId | None = Field(None, description="The id of the wave it is compared with, if any.")
    token_hashes: dict[str, str] = Field(
        default_factory=dict,
        description="Respondent id -> SHA-256 (hex) of its form token; the tokens are never stored.",
    )

    @field_validator("subject")
    @classmethod
    def _subject_kind(cls, value: str) -> str:
        if kind_of_id(value) not in (NodeKind.NETWORK, NodeKind.PROJECT):
            raise ValueError(f"subject {value!r} is not a network or project id")
        return value

    _end_after_start = field_validator("end")(_end_not_before_start)

    @field_validator("respondents")
    @classmethod
    def _respondents(cls, value: list[str]) -> list[str]:
        problems = [
            f"{r!r} is not an organisation id" for r in value if kind_of_id(r) is not NodeKind.ORGANISATION
        ]
        twice = sorted({r for r in value if value.count(r) > 1})
        if twice:
            problems.append(f"{', '.join(map(repr, twice))} listed more than once")
        if problems:
            raise ValueError("respondents: " + "; ".join(problems))
        return value

    @field_validator("previous")
    @classmethod
    def _previous_wave(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        if kind_of_id(value) is not NodeKind.SURVEY_WAVE:
            raise ValueError(f"previous {value!r} is not a survey wave id ('wave:...')")
        if value == info.data.get("id"):
            raise ValueError("a wave cannot be compared with itself")
        return value

    @field_validator("token_hashes")
    @classmethod
    def _hashes(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        asked = set(info.data.get("respondents") or ())
        for who, digest in value.items():
            if who not in asked:
                raise ValueError(f"token_hashes: {who!r} is not one of the respondents")
            if not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise ValueError(f"token_hashes: the hash of {who!r} is not a SHA-256 hex digest")
        return value


def response_id(wave: str, respondent: str, revision: int) -> str:
    """The id of a respondent's revision in a wave: ``response:<wave-slug>.<org-slug>.<revision>``.

    Examples
    --------
    >>> response_id("wave:elvl-2026", "org:tartu-lv", 2)
    'response:elvl-2026.tartu-lv.2'
    """
    return f"{ID_PREFIX[NodeKind.SURVEY_RESPONSE]}:{_slug_of(wave)}.{_slug_of(respondent)}.{revision}"


def survey_source(wave: str, respondent: str) -> Source:
    """The source of what a respondent reported in a wave: ``survey:WAVE#RESPONDENT``."""
    return Source(document=f"survey:{wave}", section=respondent)


class SurveyResponse(_NodeBase):
    """One revision of a respondent's answers in a survey wave (every revision is kept)."""

    kind: Literal["survey_response"] = Field("survey_response", description="The kind of node.")
    wave: NodeId = Field(description="The id of the survey wave answered.")
    respondent: NodeId = Field(description="The id of the organisation that answered.")
    position: Line | None = Field(
        None, description="The position of whoever answered for it (never a person's name)."
    )
    revision: int = Field(ge=1, description="1 for the first answers, 2 for their first revision, ...")
    submitted_at: datetime = Field(description="When the answers were submitted (with a time zone).")
    channel: Literal["xlsx", "web"] = Field(description="How the answers came: an XLSX form or the web form.")
    answers: list[TieAnswer] = Field(default_factory=list, description="One answer per partner.")
    outcomes: Text | None = Field(None, description="What the respondent says the cooperation achieved.")

    @field_validator("wave")
    @classmethod
    def _wave_kind(cls, value: str) -> str:
        if kind_of_id(value) is not NodeKind.SURVEY_WAVE:
            raise ValueError(f"wave {value!r} is not a survey wave id ('wave:...')")
        return value

    @field_validator("respondent")
    @classmethod
    def _respondent_kind(cls, value: str) -> str:
        if kind_of_id(value) is not NodeKind.ORGANISATION:
            raise ValueError(f"respondent {value!r} is not an organisation id ('org:...')")
        return value

    @field_validator("revision")
    @classmethod
    def _id_names_revision(cls, value: int, info: ValidationInfo) -> int:
        # Here, not on id: the id is checked against the fields before it in the model.
        node_id, wave, who = (info.data.get(k) for k in ("id", "wave", "respondent"))
        if node_id and wave and who and node_id != response_id(wave, who, value):
            raise ValueError(
                f"id {node_id!r} must be {response_id(wave, who, value)!r} (wave.respondent.revision)"
            )
        return value

    @field_validator("submitted_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("submitted_at needs a time zone (e.g. 2026-03-01T10:00:00+02:00)")
        return value

    @field_validator("answers")
    @classmethod
    def _partners(cls, value: list[TieAnswer], info: ValidationInfo) -> list[TieAnswer]:
        problems: list[str] = []
        who = info.data.get("respondent")
        seen: set[str] = set()
        for i, answer in enumerate(value):
            if answer.partner == who:
                problems.append(f"answers[{i}].partner: {who!r} answers about itself")
            if answer.partner in seen:
                problems.append(f"answers[{i}].partner: {answer.partner!r} is answered about more than once")
            seen.add(answer.partner)
        if problems:
            raise ValueError("; ".join(problems))
        return value


Node = Annotated[
    County
    | Municipality
    | Organisation
    | Network
    | Project
    | TargetGroup
    | Indicator
    | Event
    # surveys
    | SurveyWave
    | SurveyResponse,
    Field(discriminator="kind"),
]
node_adapter: TypeAdapter[Node] = TypeAdapter(Node)


class Relation(_Strict):
    """A dated, sourced relation between two nodes.

    ``id`` defaults to ``"<source>><kind>><target>"``; give one explicitly only when two
    relations of one kind join the same pair (for example a membership that ended and
    began again).
    """

    id: str = Field(
        default="",
        pattern=r"^\S*$",
        max_length=400,
        description="The relation's id, by default '<source>><kind>><target>'.",
    )
    kind: RelationKind = Field(description="The kind of relation.")
    source: NodeId = Field(description="The id of the node the relation starts at.")
    target: NodeId = Field(description="The id of the node the relation ends at.")
    valid_from: Date | None = Field(None, description="First day the relation holds (open if null).")
    valid_to: Date | None = Field(None, description="Last day the relation holds (open if null).")
    role: Role | None = Field(
        None,
        description=(
            "MEMBER, CONVENER or COORDINATOR in a network (member_of); LEAD or PARTNER in a project"
            " (partner_in); ORGANISER, PARTICIPANT or SPEAKER at an event (takes_part_in)."
        ),
    )
    budget: NonNegative | None = Field(default=None, description="The partner's budget in the project, EUR.")
    own_contribution: NonNegative | None = Field(
        default=None, description="The partner's own contribution, EUR."
    )
    support: NonNegative | None = Field(default=None, description="The grant the partner receives, EUR.")
    amount: NonNegative | None = Field(default=None, description="Amount, EUR.")
    agreement: Line | None = Field(default=None, description="The agreement's name.")
    context: NodeId | None = Field(
        default=None, description="The id of the project or network an agreement belongs to."
    )
    budget_lines: list[BudgetLine] = Field(
        default_factory=list, description="The partner's budget, line by line (partner_in)."
    )
    positions: list[Position] = Field(
        default_factory=list, description="Staff positions attached to the relation (never persons)."
    )
    note: Text | None = Field(None, description="A remark, e.g. that a date is approximate.")
    sources: list[Source] = Field(
        min_length=1, description="The documents and sections its facts are taken from."
    )
    inferred: bool = Field(False, description="Whether the documents imply the relation but do not state it.")
    inferred_note: Text | None = Field(
        None,
        validate_default=True,
        description="What an inferred relation rests on (required when inferred is true).",
    )
    # surveys (survey_tie only): the latest revision's answer about the partner
    level: TieLevel | None = Field(None, description="How closely they work together (survey_tie).")
    frequency: Frequency | None = Field(None, description="How often they work together (survey_tie).")
    resources: list[Resource] = Field(
        default_factory=list, description="What the partner contributes (survey_tie)."
    )
    reliability: Score | None = Field(
        None, description="Trust: the partner's reliability, 1..4 (survey_tie)."
    )
    mission: Score | None = Field(
        None, description="Trust: the partner's support of the shared mission, 1..4 (survey_tie)."
    )
    openness: Score | None = Field(
        None, description="Trust: the partner's openness to discussion, 1..4 (survey_tie)."
    )
    power: Score | None = Field(
        None, description="Value: the partner's power and influence, 1..4 (survey_tie)."
    )
    involvement: Score | None = Field(
        None, description="Value: the partner's involvement, 1..4 (survey_tie)."
    )
    contribution: Score | None = Field(
        None, description="Value: the partner's resource contribution, 1..4 (survey_tie)."
    )

    # The rules that join fields are field validators of the later field (they see the earlier
    # ones in ``info.data``), so that each problem is named by its field and reported with
    # every other problem of the record at once.
    @field_validator("id")
    @classmethod
    def _id_text(cls, value: str) -> str:
        return check_text(value, "id")

    @field_validator("valid_to")
    @classmethod
    def _to_after_from(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("valid_from")
        if start and value and value < start:
            raise ValueError(f"valid_to {value.isoformat()} is before valid_from {start.isoformat()}")
        return value

    @field_validator("role")
    @classmethod
    def _role_of_kind(cls, value: Role | None, info: ValidationInfo) -> Role | None:
        kind = info.data.get("kind")
        if value is None or kind is None:
            return value
        allowed = ROLES.get(kind)
        if allowed is None:
            raise ValueError(f"a {kind.value} relation takes no role")
        if value not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise ValueError(f"role {value.value!r} is not one of a {kind.value}'s roles: {names}")
        return value

    @field_validator(
        "budget", "own_contribution", "support", "budget_lines", "amount", "agreement", *_SURVEY_FIELDS
    )
    @classmethod
    def _field_of_kind(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("kind")
        owner = KIND_FIELDS.get(info.field_name or "")
        if kind is None or owner is None or kind is owner or value in (None, []):
            return value
        raise ValueError(f"{info.field_name} belongs to {owner.value} relations only")

    @field_validator("inferred_note")
    @classmethod
    def _note_when_inferred(cls, value: str | None, info: ValidationInfo) -> str | None:
        inferred = info.data.get("inferred")
        if inferred and not (value and value.strip()):
            raise ValueError("an inferred relation needs an inferred_note saying what it rests on")
        if not inferred and value and "inferred" in info.data:
            raise ValueError("inferred_note belongs to inferred relations only (set inferred: true)")
        return value

    @model_validator(mode="after")
    def _defaults(self) -> Relation:
        if not self.id:
            self.id = f"{self.source}>{self.kind.value}>{self.target}"
        if self.role is None and self.kind in DEFAULT_ROLE:
            self.role = DEFAULT_ROLE[self.kind]
        return self

    def active_on(self, day: date) -> bool:
        """Whether the relation holds on ``day``: :func:`period_contains` of its period
        (both ends inclusive, open ends unbounded)."""
        return period_contains(self.valid_from, self.valid_to, day)


def endpoint_problem(
    kind: RelationKind, source_kind: NodeKind | None, target_kind: NodeKind | None
) -> str | None:
    """Why a relation of ``kind`` cannot join nodes of these kinds, or None if it can."""
    sources, targets = ENDPOINT_KINDS[kind]
    if source_kind is not None and source_kind not in sources:
        return f"a {kind.value} relation starts at {_kinds_in_words(sources)}, not {source_kind.with_article}"
    if target_kind is not None and target_kind not in targets:
        return f"a {kind.value} relation ends at {_kinds_in_words(targets)}, not {target_kind.with_article}"
    return None


def _kinds_in_words(kinds: frozenset[NodeKind]) -> str:
    # "an event", or "a municipality, county": the kind values as the records spell them.
    if len(kinds) == 1:
        (only,) = kinds
        return f"{'an' if only.value[0] in 'aeiou' else 'a'} {only.value}"
    return "a " + ", ".join(sorted(k.value for k in kinds))


class Document(_Strict):
    """A source document the dataset cites."""

    id: Line = Field(min_length=1)
    title: Line
    date: Date | None = None
    url: Line | None = None


class Dataset(_Strict):
    """Nodes and relations, as read from or written to a dataset file."""

    format: Literal["partnermap/1"] = "partnermap/1"
    title: Line | None = None
    documents: list[Document] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def node_ids(self) -> set[str]:
        return {node.id for node in self.nodes}
