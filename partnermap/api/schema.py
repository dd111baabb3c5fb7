"""The GraphQL types: the graph's nodes and relations as coordinators see them.

Nodes (:class:`Node` interface): County, Municipality, Organisation, Network, Project,
TargetGroup, Indicator, Event. Relations (:class:`Relation` interface) are types of their
own: Membership (role, period), Partnership (role, money, positions), Agreement, Location,
Funding, Targeting, PartOf, Participation (an organisation at an event, with role). Their
fields are derived from :mod:`partnermap.model` by :mod:`partnermap.api.derive`; the
classes below add only what a model cannot say: the related objects, resolved through the
request's DataLoaders (:mod:`partnermap.api.loaders`), never by a store call per object.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar, cast, get_args

import strawberry
from pydantic import BaseModel

from partnermap import graph, model
from partnermap.api import derive
from partnermap.api.context import Info
from partnermap.api.errors import UserInputError
from partnermap.api.fields import resolver
from partnermap.api.loaders import Loaders, Missing, Want
from partnermap.api.plan import ActiveOn, Home, Linked, Neighbours, Related, planned
from partnermap.model import NodeKind, RelationKind, Role
from partnermap.store.base import Direction as StoreDirection

T = TypeVar("T")

__all__ = [
    "AS_OF",
    "DATE_SCALAR",
    "NODE_MODELS",
    "RELATION_TYPES",
    "Agreement",
    "AsOf",
    "County",
    "Direction",
    "DirectionArg",
    "Event",
    "EventFormat",
    "Funding",
    "Indicator",
    "Membership",
    "Municipality",
    "MunicipalityType",
    "Neighbour",
    "Network",
    "NetworkStatus",
    "Node",
    "NodeKindArg",
    "Organisation",
    "Participation",
    "Project",
    "Relation",
    "RelationKindArg",
    "TargetGroup",
    "YearValue",
    "linked",
    "node_type",
    "nodes_of",
    "relation_type",
]


def _parse_date(value: Any) -> date:
    parsed = model.parse_date(value) if isinstance(value, str) else None
    if isinstance(parsed, date):
        return parsed
    raise UserInputError(f"{value!r} is not a date: use 2025-12-31 (ISO) or 31.12.2025")


DATE_SCALAR = strawberry.scalar(
    name="Date",
    description="A calendar day: ISO 8601 (2025-12-31) or Estonian (31.12.2025) on input, ISO on output.",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_date,
)

# Every enumeration of the model, described by its docstring's first paragraph.
for _enum in [e for e in vars(model).values() if isinstance(e, type) and issubclass(e, Enum)]:
    if _enum.__module__ == model.__name__:
        strawberry.enum(_enum, description=derive.summary(_enum))


@strawberry.enum(description="Which relations at a node: those leaving it, those arriving, or both.")
class Direction(Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


AS_OF = "Only what holds on this day (default: every period)."
DAY = "The day."
AsOf = Annotated[date | None, strawberry.argument(description=AS_OF)]
RoleArg = Annotated[Role | None, strawberry.argument(description="Only relations with this role.")]
DirectionArg = Annotated[Direction, strawberry.argument(description="Relations leaving, arriving or both.")]
RelationKindArg = Annotated[
    RelationKind | None, strawberry.argument(description="Only relations of this kind.")
]
NodeKindArg = Annotated[NodeKind | None, strawberry.argument(description="Only neighbours of this kind.")]

# --------------------------------------------------------------------------- values


@derive.output(model.Source)
class Source:
    obj: strawberry.Private[model.Source]

    @resolver(description="The source as one string, 'document#section' (as in dataset files).")
    def text(self) -> str:
        return f"{self.obj.document}#{self.obj.section}"


for _value in (model.Position, model.BudgetLine):  # the types of values with nothing to resolve
    derive.output(_value)(type(_value.__name__, (), {"__module__": __name__}))


YearValue = derive.entries(
    dict[int, float],
    "YearValue",
    "A value for a year (an indicator's target or reported actual).",
    year=(int, "The year."),
    value=(float, "The value for that year."),
)
derive.entries(
    dict[str, model.Text],
    "InferredField",
    "A field whose value the documents imply but do not state, and what it rests on.",
    field=(str, "The field's name, as the model spells it (e.g. 'open')."),
    note=(str, "What the value rests on."),
)

# --------------------------------------------------------------------------- helpers

Reader = Callable[[Any, dict[str, Any], Callable[[Want], Any]], Any]


def reader(spec: Linked | Related | ActiveOn | Home | Neighbours) -> Reader:
    """How a field of a plan (:mod:`partnermap.api.plan`) reads its answer from a record,
    given ``get`` (what the request read for a node id, a list of ids or relations at a node;
    :class:`~partnermap.api.loaders.Missing` for what it has not read yet). The one
    definition: strawberry's resolvers run it on the request's loaders (:func:`answer`), the
    compiled reads (:mod:`partnermap.api.compiled`) on what the request read. It answers in
    records (nodes, relations), or :class:`Neighbour` objects."""
    if isinstance(spec, Linked):
        attrs = spec.attributes
        if len(attrs) > 1:
            return lambda rec, _, get: [n for n in get([getattr(rec, a) for a in attrs]) if n is not None]

        attr = attrs[0]

        def linked(rec: Any, _: dict[str, Any], get: Callable[[Want], Any]) -> Any:
            ids = getattr(rec, attr)
            if ids is None or isinstance(ids, str):
                return None if ids is None else get(ids)
            return [n for n in get(ids) if n is not None]

        return linked
    if isinstance(spec, Related):

        def related(rec: Any, args: dict[str, Any], get: Callable[[Want], Any]) -> Any:
            rels = get(spec.at(rec.id, args))
            role = args.get("role")
            return rels if role is None else [r for r in rels if r.role is role]

        return related
    if isinstance(spec, Neighbours):

        def neighbours(rec: Any, args: dict[str, Any], get: Callable[[Want], Any]) -> Any:
            rels = get(spec.at(rec.id, args))
            return Neighbour.at(rec.id, rels, get(Neighbour.others(rec.id, rels)), args.get("node_kind"))

        return neighbours
    if isinstance(spec, Home):

        def home(rec: Any, args: dict[str, Any], get: Callable[[Want], Any]) -> Any:
            # its one home (graph.home_of), whatever order the store returns places in
            municipality, county = graph.home_of(r.target for r in get(spec.at(rec.id, args)))
            found = get(municipality) if municipality else None
            if spec.part == "municipality":
                return found
            if isinstance(found, model.Municipality):
                county = found.county
            return get(county) if county else None

        return home
    if isinstance(spec, ActiveOn):
        return lambda rec, args, _: graph.active_on(rec, args["on"])
    raise TypeError(f"no reader for {spec!r}")


def as_graphql(value: Any) -> Any:
    """A read's answer as GraphQL objects: records wrapped (a list's items: each)."""
    if isinstance(value, list):
        if not value or not isinstance(value[0], BaseModel):
            return value
        wrap = relation_type if isinstance(value[0], model.Relation) else derive.graphql_of
        return [wrap(v) for v in value]
    if isinstance(value, model.Relation):
        return relation_type(value)
    return derive.graphql_of(value) if isinstance(value, BaseModel) else value


def answer(spec: Any, read: Reader, obj: Any, arguments: dict[str, Any], info: Info) -> Any:
    """A planned field's value through the request's loaders: at once when the request holds
    what it reads (most linked nodes: a level's relations come with the nodes at their other
    ends), else an awaitable that loads what is missing with the rest of the level; a field
    that reads relations at its node (the spec's ``at``) loads them before it reads."""
    loaders = info.context.loaders
    at = getattr(spec, "at", None)
    if at is not None:
        return _answer_later(read, obj, arguments, loaders, [at(obj.id, arguments)])
    try:
        return as_graphql(read(obj, arguments, loaders.held))
    except Missing as missing:
        return _answer_later(read, obj, arguments, loaders, missing.keys)


async def _answer_later(
    read: Reader, obj: Any, arguments: dict[str, Any], loaders: Loaders, keys: list[Any]
) -> Any:
    while True:
        await loaders.load(keys)
        try:
            return as_graphql(read(obj, arguments, loaders.held))
        except Missing as missing:
            keys = missing.keys


async def nodes_of(info: Info, ids: list[str]) -> list[Any]:
    """The GraphQL objects of the nodes of ``ids`` that exist (through the request's loader)."""
    found = await info.context.loaders.nodes(ids)
    return [node_type(n) for n in found if n is not None]


def linked(attributes: str | tuple[str, ...], description: str, *, name: str | None = None) -> Any:
    """A field resolving the node (or list of nodes) whose id (ids) the source object holds in
    an attribute, or the nodes of the ids of several attributes."""
    spec = Linked((attributes,) if isinstance(attributes, str) else attributes)
    read = reader(spec)

    def resolve(self: Any, info: Info) -> Any:
        return answer(spec, read, self.obj, {}, info)

    return strawberry.field(resolver=resolve, description=description, name=name, metadata=planned(spec))


def related(kind: RelationKind, direction: StoreDirection, description: str, *, by_role: bool = False) -> Any:
    """A field listing a node's relations of one kind and direction (``asOf``, optionally ``role``)."""
    spec = Related(kind, direction, by_role)
    read = reader(spec)

    def resolve(self: Any, info: Info, as_of: AsOf = None) -> list[Relation]:
        return answer(spec, read, self.obj, {"as_of": as_of}, info)  # type: ignore[no-any-return]

    def resolve_role(self: Any, info: Info, as_of: AsOf = None, role: RoleArg = None) -> list[Relation]:
        return answer(spec, read, self.obj, {"as_of": as_of, "role": role}, info)  # type: ignore[no-any-return]

    return strawberry.field(
        resolver=resolve_role if by_role else resolve, description=description, metadata=planned(spec)
    )


def active_on(description: str) -> Any:
    """A field saying whether the object holds on a day (:func:`partnermap.graph.active_on`)."""
    spec = ActiveOn()
    read = reader(spec)

    def resolve(self: Any, info: Info, on: Annotated[date, strawberry.argument(description=DAY)]) -> bool:
        return answer(spec, read, self.obj, {"on": on}, info)  # type: ignore[no-any-return]

    return strawberry.field(resolver=resolve, description=description, metadata=planned(spec))


def in_area(prefix: str, description: str, *, dated: bool = True) -> Any:
    """A field listing the nodes of an id prefix located in the area (a county's through its
    municipalities too), by id; ``dated``: as of a day."""

    async def resolve(self: Any, info: Info, as_of: AsOf = None) -> list[Any]:
        inside = await info.context.service.ids_in_area(self.obj.id, as_of)
        return await nodes_of(info, sorted(i for i in inside if i.startswith(prefix)))

    async def undated(self: Any, info: Info) -> list[Any]:
        return await resolve(self, info)

    return strawberry.field(resolver=resolve if dated else undated, description=description)


# --------------------------------------------------------------------------- interfaces

NODE_MODELS: tuple[type[BaseModel], ...] = get_args(get_args(model.Node)[0])  # the union's members
NODE_FIELDS = [f for f in model.County.model_fields if all(f in m.model_fields for m in NODE_MODELS)]
"""The fields every node kind has: the :class:`Node` interface's."""


@derive.output(
    model.County,
    interface=True,
    only=NODE_FIELDS,
    types={"kind": (NodeKind, NodeKind)},
    description="A node of the graph: a county, municipality, organisation, network, project, target group, "
    "indicator or event.",
)
class Node:
    obj: strawberry.Private[Any]

    @resolver(
        description="The relations at this node, each with the node at its other end.",
        metadata=planned(Neighbours()),
    )
    def neighbours(
        self,
        info: Info,
        direction: DirectionArg = Direction.BOTH,
        relation_kind: RelationKindArg = None,
        node_kind: NodeKindArg = None,
        as_of: AsOf = None,
    ) -> list[Neighbour]:
        arguments = {
            "direction": direction,
            "relation_kind": relation_kind,
            "node_kind": node_kind,
            "as_of": as_of,
        }
        return answer(_NEIGHBOURS, _NEIGHBOURS_READ, self.obj, arguments, info)  # type: ignore[no-any-return]


#: The fields only some relation kinds have (a role where the model gives the kind roles, the
#: fields the model keeps to one kind, the context of agreements and survey ties); every other
#: field of the model is the interface's.
KIND_FIELDS: dict[RelationKind, tuple[str, ...]] = {
    kind: (
        *(["role"] if kind in model.ROLES else []),
        *(name for name, owner in model.KIND_FIELDS.items() if owner is kind),
        *(["context"] if kind in (RelationKind.PARTY_TO, RelationKind.SURVEY_TIE) else []),
    )
    for kind in RelationKind
}
_NEVER_NULL = {"role": (Role, lambda role: role)}  # the model fills in the kind's default role


@derive.output(
    model.Relation,
    interface=True,
    ids=("id",),
    skip={name for names in KIND_FIELDS.values() for name in names},
    description="A dated, sourced relation between two nodes.",
)
class Relation:
    obj: strawberry.Private[model.Relation]
    source: Node = linked("source", "The node the relation starts at.")
    target: Node = linked("target", "The node the relation ends at.")

    active: bool = active_on("Whether the relation holds on a day (open ends count as unbounded).")


@strawberry.type(description="A relation at a node and the node at its other end.")
class Neighbour:
    relation: Relation = strawberry.field(description="The relation.")
    node: Node = strawberry.field(description="The node at the relation's other end.")
    direction: Direction = strawberry.field(
        description="OUT if the relation starts at the asked node, IN if it ends there."
    )

    @classmethod
    def of(cls, here: str, rel: model.Relation, other: model.Node) -> Neighbour:
        """The neighbour of the node ``here`` across ``rel``."""
        direction = Direction.OUT if rel.source == here else Direction.IN
        return cls(relation=relation_type(rel), node=node_type(other), direction=direction)

    @staticmethod
    def others(here: str, rels: list[model.Relation]) -> list[str]:
        """The ids of the nodes at the other ends of relations at ``here``."""
        return [r.target if r.source == here else r.source for r in rels]

    @classmethod
    def at(
        cls, here: str, rels: list[model.Relation], others: list[Any], node_kind: NodeKind | None
    ) -> list[Neighbour]:
        """The neighbours of ``here`` across ``rels`` (``others``: the nodes of :meth:`others`, None
        where none), those of ``node_kind`` if given."""
        return [
            cls.of(here, rel, other)
            for rel, other in zip(rels, others, strict=True)
            if other is not None and (node_kind is None or other.kind == node_kind.value)
        ]


@strawberry.interface(
    description="A node with a home area: an organisation, a network or an event, located in a municipality "
    "or county."
)
class Located:
    obj: strawberry.Private[Any]
    id: strawberry.ID = strawberry.field(description="Stable readable id '<prefix>:<slug>'.")
    locations: list[Location] = related(
        RelationKind.LOCATED_IN, "out", "Where it is located: its located_in relations."
    )

    @resolver(
        description="The municipality it is located in, if any.", metadata=planned(Home("municipality"))
    )
    def municipality(self, info: Info, as_of: AsOf = None) -> Municipality | None:
        return _home(self.obj, "municipality", as_of, info)  # type: ignore[no-any-return]

    @resolver(
        description="The county it is located in, directly or through its municipality.",
        metadata=planned(Home("county")),
    )
    def county(self, info: Info, as_of: AsOf = None) -> County | None:
        return _home(self.obj, "county", as_of, info)  # type: ignore[no-any-return]


_NEIGHBOURS = Neighbours()
_NEIGHBOURS_READ = reader(_NEIGHBOURS)
_HOMES = {"municipality": Home("municipality"), "county": Home("county")}
_HOME_READS = {part: reader(spec) for part, spec in _HOMES.items()}


def _home(obj: Any, part: str, as_of: date | None, info: Info) -> Any:
    return answer(_HOMES[part], _HOME_READS[part], obj, {"as_of": as_of}, info)


# --------------------------------------------------------------------------- nodes


@derive.output(model.County)
class County(Node):
    municipalities: list[Municipality] = in_area(
        "municipality:", "The county's municipalities, by id.", dated=False
    )
    organisations: list[Organisation] = in_area(
        "org:", "Organisations located in the county or one of its municipalities."
    )
    networks: list[Network] = in_area(
        "network:", "Networks located in the county or one of its municipalities."
    )


@derive.output(model.Municipality)
class Municipality(Node):
    county: County = linked("county", "The county the municipality lies in.")
    organisations: list[Organisation] = in_area("org:", "Organisations located in the municipality.")
    networks: list[Network] = in_area(
        "network:", "Networks located in the municipality (local networks, participation councils)."
    )


@derive.output(model.Organisation)
class Organisation(Located, Node):
    memberships: list[Membership] = related(
        RelationKind.MEMBER_OF, "out", "The networks it belongs to, with role and period.", by_role=True
    )
    partnerships: list[Partnership] = related(
        RelationKind.PARTNER_IN,
        "out",
        "The projects it takes part in, with role, money, positions.",
        by_role=True,
    )
    agreements: list[Agreement] = related(
        RelationKind.PARTY_TO, "both", "Agreements it is party to, in either direction."
    )
    funds: list[Funding] = related(
        RelationKind.FUNDS, "out", "What it funds: projects, organisations, networks."
    )
    funded_by: list[Funding] = related(RelationKind.FUNDS, "in", "Who funds it.")
    targets: list[Targeting] = related(RelationKind.TARGETS, "out", "The target groups it serves.")
    part_of: list[PartOf] = related(
        RelationKind.PART_OF, "out", "Larger bodies, networks or projects it is part of (a department...)."
    )
    parts: list[PartOf] = related(RelationKind.PART_OF, "in", "Units and indicators that are part of it.")
    events: list[Participation] = related(
        RelationKind.TAKES_PART_IN, "out", "The events it takes part in, with role.", by_role=True
    )


@derive.output(model.Network)
class Network(Located, Node):
    members: list[Membership] = related(
        RelationKind.MEMBER_OF, "in", "Its members, with role (member, convener, coordinator) and period.",
        by_role=True,
    )  # fmt: skip
    funders: list[Funding] = related(RelationKind.FUNDS, "in", "Who funds the network.")
    targets: list[Targeting] = related(RelationKind.TARGETS, "out", "The target groups the network serves.")
    part_of: list[PartOf] = related(
        RelationKind.PART_OF, "out", "Projects, programmes or networks the network is part of."
    )
    parts: list[PartOf] = related(
        RelationKind.PART_OF, "in", "What is part of the network (sub-networks, indicators, events)."
    )


@derive.output(model.Project)
class Project(Node):
    partners: list[Partnership] = related(
        RelationKind.PARTNER_IN, "in", "Its partners, with role (lead or partner), money and positions.",
        by_role=True,
    )  # fmt: skip
    funders: list[Funding] = related(RelationKind.FUNDS, "in", "Who funds the project.")
    targets: list[Targeting] = related(RelationKind.TARGETS, "out", "The target groups the project serves.")
    part_of: list[PartOf] = related(RelationKind.PART_OF, "out", "The programmes or measures it is part of.")
    parts: list[PartOf] = related(
        RelationKind.PART_OF, "in", "Its activities, calls, sub-projects, indicators and events."
    )
    active: bool = active_on("Whether the project runs on a day (open ends count as unbounded).")


@derive.output(model.TargetGroup)
class TargetGroup(Node):
    targeted_by: list[Targeting] = related(
        RelationKind.TARGETS, "in", "Projects, networks and organisations that target the group."
    )


@derive.output(model.IndicatorDefinition)
class IndicatorDefinition:
    network: Network | None = linked("network", "The network the measure counts in, if any.")
    project: Project | None = linked("project", "The project the measure counts in, if any.")


@derive.output(model.Indicator)
class Indicator(Node):
    part_of: list[PartOf] = related(
        RelationKind.PART_OF, "out", "The projects, networks or organisations the indicator belongs to."
    )


@derive.output(model.Event)
class Event(Located, Node):
    participants: list[Participation] = related(
        RelationKind.TAKES_PART_IN,
        "in",
        "The organisations taking part, with role (organiser, participant, speaker).",
        by_role=True,
    )
    part_of: list[PartOf] = related(RelationKind.PART_OF, "out", "The networks or projects it belongs to.")
    active: bool = active_on("Whether the event's period holds a day (open ends count as unbounded).")


MunicipalityType = derive.literal_enum("municipality_type")
EventFormat = derive.literal_enum("format")
NetworkStatus = derive.literal_enum("status")

Area = Annotated[County | Municipality, strawberry.union("Area", description="A county or a municipality.")]

# --------------------------------------------------------------------------- relations

RELATION_TYPES: dict[RelationKind, type[Relation]] = {}
"""The GraphQL type of each relation kind (:func:`relation_of` fills it in)."""


def relation_of(kind: RelationKind, description: str) -> Callable[[type[T]], type[T]]:
    """Decorate a class as the type of one relation kind: the interface's fields and those only
    the kind has (:data:`KIND_FIELDS`); the class adds the nodes at its ends."""
    derived = derive.output(
        model.Relation, only=KIND_FIELDS[kind], types=_NEVER_NULL, description=description
    )

    def wrap(cls: type[T]) -> type[T]:
        made = derived(cls)
        RELATION_TYPES[kind] = cast("type[Relation]", made)
        return made

    return wrap


@relation_of(
    RelationKind.MEMBER_OF, "An organisation's membership of a network (member_of), with role and period."
)
class Membership(Relation):
    organisation: Organisation = linked("source", "The member organisation.")
    network: Network = linked("target", "The network.")


@relation_of(
    RelationKind.PARTNER_IN, "An organisation's part in a project (partner_in): role, money, positions."
)
class Partnership(Relation):
    organisation: Organisation = linked("source", "The partner organisation.")
    project: Project = linked("target", "The project.")


@relation_of(
    RelationKind.PARTY_TO,
    "An agreement between two organisations (party_to), e.g. a partnership agreement (partnerlusleping).",
)
class Agreement(Relation):
    context: Node | None = linked("context", "The project or network the agreement belongs to, if any.")

    parties: list[Organisation] = linked(
        ("source", "target"), "The two parties: the organisation that is party to it, and the other party."
    )


@relation_of(
    RelationKind.LOCATED_IN, "Where an organisation, network or municipality is located (located_in)."
)
class Location(Relation):
    subject: Node = linked("source", "What is located.")
    area: Area = linked("target", "The municipality or county it is located in.")


@relation_of(RelationKind.FUNDS, "Money from an organisation to a project, organisation or network (funds).")
class Funding(Relation):
    funder: Organisation = linked("source", "The funder.")
    recipient: Node = linked("target", "What is funded.")


@relation_of(RelationKind.TARGETS, "A project, network or organisation serving a target group (targets).")
class Targeting(Relation):
    subject: Node = linked("source", "The project, network or organisation.")
    target_group: TargetGroup = linked("target", "The target group.")


@relation_of(
    RelationKind.PART_OF,
    "A part and the whole it belongs to (part_of): an activity of a programme, a unit of a body.",
)
class PartOf(Relation):
    part: Node = linked("source", "The part.")
    whole: Node = linked("target", "The whole.")


@relation_of(
    RelationKind.TAKES_PART_IN,
    "An organisation taking part in an event (takes_part_in), with role: organiser, participant or speaker.",
)
class Participation(Relation):
    organisation: Organisation = linked("source", "The organisation taking part.")
    event: Event = linked("target", "The event.")


def node_type(node: model.Node) -> Any:
    """The GraphQL object of a model node (an Organisation, a Network, ...)."""
    return derive.graphql_of(node)


def relation_type(rel: model.Relation) -> Any:
    """The GraphQL object of a model relation (a Membership, a Partnership, an Agreement, ...)."""
    return derive.to_graphql(RELATION_TYPES[rel.kind], rel)
