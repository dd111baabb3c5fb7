"""The Query type: look-ups by id, filtered and paginated lists, neighbours, cooperation
paths and area bridges (:mod:`partnermap.metrics.paths`), relations ending soon, and the
metrics of :mod:`partnermap.metrics`.

The list filters say which fields mean what; the narrowing is the library's
(:meth:`partnermap.service.GraphService.related_ids`), as is the reach of ``municipalities``
and ``counties`` (``reachedBy``, ``reached``, ``asOf``:
:meth:`~partnermap.service.GraphService.reached_ids`, the CLI's
``partnermap metrics coverage --level ...`` to the id).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any, ClassVar, Literal

import strawberry

from partnermap.api.context import Info
from partnermap.api.errors import UserInputError, between
from partnermap.api.fields import resolver
from partnermap.api.metrics import Metrics
from partnermap.api.pages import AFTER, FIRST, Connection, page_args
from partnermap.api.paths import AreaBridges, CooperationPath, bridges_of, path_of
from partnermap.api.plan import ById, planned
from partnermap.api.schema import (
    AS_OF,
    Agreement,
    AsOf,
    County,
    Direction,
    DirectionArg,
    Event,
    EventFormat,
    Indicator,
    Membership,
    Municipality,
    MunicipalityType,
    Neighbour,
    Network,
    NetworkStatus,
    Node,
    NodeKindArg,
    Organisation,
    Project,
    Relation,
    RelationKindArg,
    TargetGroup,
    node_type,
    relation_type,
)
from partnermap.api.surveys import SurveyWave
from partnermap.model import EventType, NodeKind, OrgKind, ProjectKind, RelationKind, Role, Scope, Sector
from partnermap.model import NetworkType as NetworkTypeEnum
from partnermap.service import Anchor, both
from partnermap.summary import ending

__all__ = ["Query"]

Side = Literal["in", "out"]
SEARCH = "Only nodes whose name, English name or abbreviation contains this text (diacritics ignored)."
First = Annotated[int | None, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]
Search = Annotated[str | None, strawberry.argument(description=SEARCH)]
Id = Annotated[strawberry.ID, strawberry.argument(description="The id, e.g. 'org:elvl'.")]
Window = Annotated[int, strawberry.argument(description="Length of the window in days (0-36600).")]
FromDay = Annotated[date, strawberry.argument(name="from", description="The first day of the window.")]
REACHED_BY = (
    "Reach by this network or project (its members' or partners' homes), programmes with their parts; "
    "without it, by any network."
)
REACHED = (
    "Only the areas reached (true) or not reached (false) by `reachedBy` (or by any network). "
    "With `reachedBy` alone: true."
)
REACH_AS_OF = "Reach as of this day (default: every period)."
ReachedBy = Annotated[strawberry.ID | None, strawberry.argument(description=REACHED_BY)]
Reached = Annotated[bool | None, strawberry.argument(description=REACHED)]
AsOfReach = Annotated[date | None, strawberry.argument(description=REACH_AS_OF)]
Cooperation = Annotated[
    date | None, strawberry.argument(description="Cooperation as of this day (default: every period).")
]


def _condition(description: str) -> Any:
    return strawberry.field(default=None, description=description)


# --------------------------------------------------------------------------- filters


class _Filter:
    """What a filter input's fields mean, given as class arguments: ``where``, the fields the
    store matches (field -> the node kind an id value must name, or None); ``related``, the
    fields that narrow the list to the nodes related to a given one (field -> its kind, the
    relation - None for "located in the area" - and its direction); ``nodes_as_of``, whether
    ``as_of`` narrows the listed nodes themselves (projects running that day)."""

    WHERE: ClassVar[Mapping[str, NodeKind | None]] = {}
    RELATED: ClassVar[Mapping[str, tuple[NodeKind, RelationKind | None, Side]]] = {}
    NODES_AS_OF: ClassVar[bool] = False
    search: str | None
    as_of: date | None = None

    def __init_subclass__(
        cls,
        *,
        where: Mapping[str, NodeKind | None] | None = None,
        related: Mapping[str, tuple[NodeKind, RelationKind | None, Side]] | None = None,
        nodes_as_of: bool = False,
    ) -> None:
        cls.WHERE, cls.RELATED, cls.NODES_AS_OF = where or {}, related or {}, nodes_as_of

    async def conditions(self, info: Info) -> tuple[dict[str, Any], set[str] | None]:
        """The store's ``where`` and the ids the list is narrowed to (None: any)."""
        service, given = info.context.service, {name: getattr(self, name) for name in self.WHERE}
        for name, kind in self.WHERE.items():
            if given[name] is not None and kind is not None:
                await service.node(str(given[name]), kind)
        where = {name: getattr(value, "value", value) for name, value in given.items()}
        related = {name: getattr(self, name) for name in self.RELATED}
        anchors: list[Anchor] = [(str(v), *self.RELATED[k]) for k, v in related.items() if v is not None]
        return where, await service.related_ids(anchors, self.as_of)


AREA: dict[str, tuple[NodeKind, RelationKind | None, Side]] = {
    "county": (NodeKind.COUNTY, None, "in"),
    "municipality": (NodeKind.MUNICIPALITY, None, "in"),
}


@strawberry.input(description="Which organisations to list; every given condition must hold.")
class OrganisationFilter(
    _Filter,
    where=dict.fromkeys(("org_kind", "sector", "scope")),
    related={
        **AREA,
        "network": (NodeKind.NETWORK, RelationKind.MEMBER_OF, "in"),
        "project": (NodeKind.PROJECT, RelationKind.PARTNER_IN, "in"),
    },
):
    org_kind: OrgKind | None = _condition("Only organisations of this kind.")
    sector: Sector | None = _condition("Only this sector.")
    scope: Scope | None = _condition("Only this scope.")
    county: strawberry.ID | None = _condition(
        "Only those located in this county (directly or in one of its municipalities)."
    )
    municipality: strawberry.ID | None = _condition("Only those located in this municipality.")
    network: strawberry.ID | None = _condition("Only members of this network.")
    project: strawberry.ID | None = _condition("Only partners in this project.")
    as_of: date | None = _condition("Memberships, partnerships and locations as of this day.")
    search: str | None = _condition(SEARCH)


@strawberry.input(description="Which networks to list; every given condition must hold.")
class NetworkFilter(
    _Filter,
    where=dict.fromkeys(("network_type", "scope", "status")),
    related={**AREA, "member": (NodeKind.ORGANISATION, RelationKind.MEMBER_OF, "out")},
):
    network_type: NetworkTypeEnum | None = _condition("Only networks of this type.")
    scope: Scope | None = _condition("Only this scope.")
    status: Any = strawberry.field(
        default=None, description="Only planned, active or ended networks.", graphql_type=NetworkStatus | None
    )
    county: strawberry.ID | None = _condition(
        "Only networks located in this county (or one of its municipalities)."
    )
    municipality: strawberry.ID | None = _condition("Only networks located in this municipality.")
    member: strawberry.ID | None = _condition("Only networks this organisation belongs to.")
    as_of: date | None = _condition("Memberships and locations as of this day.")
    search: str | None = _condition(SEARCH)


@strawberry.input(description="Which projects to list; every given condition must hold.")
class ProjectFilter(
    _Filter,
    where=dict.fromkeys(("project_kind", "fund")),
    related={"partner": (NodeKind.ORGANISATION, RelationKind.PARTNER_IN, "out")},
    nodes_as_of=True,
):
    project_kind: ProjectKind | None = _condition("Only projects of this kind.")
    fund: str | None = _condition("Only projects drawing on this fund.")
    partner: strawberry.ID | None = _condition("Only projects this organisation is a partner in.")
    as_of: date | None = _condition("Only projects running on this day (and partnerships as of it).")
    search: str | None = _condition(SEARCH)


@strawberry.input(description="Which events to list; every given condition must hold.")
class EventFilter(
    _Filter,
    where=dict.fromkeys(("event_type", "format")),
    related={
        **AREA,
        "network": (NodeKind.NETWORK, RelationKind.PART_OF, "in"),
        "project": (NodeKind.PROJECT, RelationKind.PART_OF, "in"),
        "participant": (NodeKind.ORGANISATION, RelationKind.TAKES_PART_IN, "out"),
    },
    nodes_as_of=True,
):
    event_type: EventType | None = _condition("Only events of this type.")
    format: Any = strawberry.field(
        default=None,
        description="Only events held in person, online or hybrid.",
        graphql_type=EventFormat | None,
    )
    network: strawberry.ID | None = _condition("Only events of this network (part_of it).")
    project: strawberry.ID | None = _condition("Only events of this project or programme (part_of it).")
    county: strawberry.ID | None = _condition(
        "Only events held in this county (in one of its municipalities or the county itself)."
    )
    municipality: strawberry.ID | None = _condition("Only events held in this municipality.")
    participant: strawberry.ID | None = _condition("Only events this organisation takes part in.")
    from_: date | None = strawberry.field(
        default=None,
        name="from",
        description="Only events whose period reaches this day or later (an open end counts as unbounded).",
    )
    to: date | None = _condition("Only events whose period begins on this day or earlier.")
    as_of: date | None = _condition("Only events whose period holds this day (and relations as of it).")
    search: str | None = _condition(SEARCH)

    async def conditions(self, info: Info) -> tuple[dict[str, Any], set[str] | None]:
        where, ids = await super().conditions(info)
        if self.from_ is not None and self.to is not None and self.to < self.from_:
            raise UserInputError(f"filter.to {self.to} is before filter.from {self.from_}")
        in_period = await info.context.service.ids_in_period(NodeKind.EVENT, self.from_, self.to)
        return where, both(ids, in_period)


@strawberry.input(description="Which municipalities to list; every given condition must hold.")
class MunicipalityFilter(_Filter, where={"county": NodeKind.COUNTY, "municipality_type": None}):
    county: strawberry.ID | None = _condition("Only municipalities of this county.")
    municipality_type: Any = strawberry.field(
        default=None,
        description="Only cities (LINN) or rural municipalities (VALD).",
        graphql_type=MunicipalityType | None,
    )
    reached_by: strawberry.ID | None = _condition(REACHED_BY)
    reached: bool | None = _condition(REACHED)
    as_of: date | None = _condition(REACH_AS_OF)
    search: str | None = _condition(SEARCH)

    async def conditions(self, info: Info) -> tuple[dict[str, Any], set[str] | None]:
        where, ids = await super().conditions(info)
        by = None if self.reached_by is None else str(self.reached_by)
        reach = await info.context.service.reached_ids(NodeKind.MUNICIPALITY, by, self.reached, self.as_of)
        return where, both(ids, reach)


@strawberry.input(description="Which relations to list; every given condition must hold.")
class RelationFilter:
    kind: RelationKind | None = _condition("Only relations of this kind.")
    source: strawberry.ID | None = _condition("Only relations starting at this node.")
    target: strawberry.ID | None = _condition("Only relations ending at this node.")
    node: strawberry.ID | None = _condition("Only relations at this node (either end).")
    role: Role | None = _condition("Only relations with this role.")
    as_of: date | None = _condition(AS_OF)


Conditions = strawberry.argument(description="Conditions.")


async def _page(
    info: Info, kind: NodeKind, where: _Filter, first: int | None, after: str | None
) -> Connection[Any]:
    size, offset = page_args(info, first, after)
    conditions, ids = await where.conditions(info)
    page = await info.context.service.page_nodes(
        kind,
        where=conditions,
        as_of=where.as_of if where.NODES_AS_OF else None,
        ids=ids,
        search=where.search,
        first=size,
        offset=offset,
    )
    info.context.loaders.seen(page.items)
    return Connection.of(page, [node_type(n) for n in page.items])


def _by_id(kind: NodeKind, description: str) -> Any:
    """A field giving the node of one kind with an id (clear errors for other ids)."""

    async def resolve(self: Any, info: Info, id: Id) -> Node | None:
        node = await info.context.service.node(str(id), kind)
        info.context.loaders.seen([node])
        return node_type(node)  # type: ignore[no-any-return]

    return strawberry.field(resolver=resolve, description=description, metadata=planned(ById(kind)))


def _listing(kind: NodeKind, where: type[_Filter] | None, description: str) -> Any:
    """A field listing the nodes of a kind by id, a page at a time: narrowed by the kind's
    filter input ``where``, or for kinds without one by a search text."""

    async def searched(
        self: Any, info: Info, search: Search = None, first: First = None, after: After = None
    ) -> Connection[Any]:
        return await _page(info, kind, _Search(search), first, after)

    if where is None:
        return strawberry.field(resolver=searched, description=description)
    empty = where

    async def filtered(
        self: Any, info: Info, filter: Any = None, first: First = None, after: After = None
    ) -> Connection[Any]:
        return await _page(info, kind, filter or empty(), first, after)

    filtered.__annotations__["filter"] = Annotated[where | None, Conditions]  # the kind's own input type
    return strawberry.field(resolver=filtered, description=description)


def _ending(kind: RelationKind, what: str) -> Any:
    """A field listing the relations of a kind that end within a window of days."""

    async def resolve(self: Any, info: Info, from_: FromDay, within_days: Window) -> list[Relation]:
        last = from_ + timedelta(days=between("withinDays", within_days, 0, 36600))
        rels = await info.context.loaders.relations_at(None, kind, "both", None, (from_, last))
        return [relation_type(r) for r in ending(rels, from_, last)]  # the store read only these

    description = f"{what} whose period ends between `from` and `from` + `withinDays`, soonest first."
    return strawberry.field(resolver=resolve, description=description)


class _Search(_Filter):
    """The only condition of target groups and indicators: a search text."""

    def __init__(self, search: str | None) -> None:
        self.search = search


@strawberry.type(description="Read the partnership graph: nodes, relations, paths and metrics.")
class Query:
    county: County | None = _by_id(NodeKind.COUNTY, "A county by id, e.g. 'county:ida-viru'.")
    municipality: Municipality | None = _by_id(
        NodeKind.MUNICIPALITY, "A municipality by id, e.g. 'municipality:tallinn'."
    )
    organisation: Organisation | None = _by_id(
        NodeKind.ORGANISATION, "An organisation by id, e.g. 'org:elvl'."
    )
    network: Network | None = _by_id(NodeKind.NETWORK, "A network by id, e.g. 'network:loimumiskoda'.")
    project: Project | None = _by_id(
        NodeKind.PROJECT, "A project, programme, measure, call or activity by id."
    )
    target_group: TargetGroup | None = _by_id(NodeKind.TARGET_GROUP, "A target group by id.")
    indicator: Indicator | None = _by_id(NodeKind.INDICATOR, "An indicator by id.")
    event: Event | None = _by_id(NodeKind.EVENT, "An event by id, e.g. 'event:lvp-2025'.")

    survey_wave: SurveyWave | None = _by_id(
        NodeKind.SURVEY_WAVE, "A survey wave by id, e.g. 'wave:elvl-coordinators-2026'."
    )

    @resolver(description="The survey waves, by id; those of one network or project if given.")
    async def survey_waves(
        self,
        info: Info,
        subject: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only waves of this network or project.")
        ] = None,
    ) -> list[SurveyWave]:
        where = None if subject is None else {"subject": str(subject)}
        page = await info.context.service.page_nodes(NodeKind.SURVEY_WAVE, first=1000, offset=0, where=where)
        return [node_type(n) for n in page.items]

    @resolver(
        description="Any node by id (an error names an unknown or malformed id).",
        metadata=planned(ById(None)),
    )
    async def node(self, info: Info, id: Id) -> Node | None:
        node = await info.context.service.node(str(id))
        info.context.loaders.seen([node])
        return node_type(node)  # type: ignore[no-any-return]

    @resolver(description="A relation by id.")
    async def relation(self, info: Info, id: Id) -> Relation | None:
        return relation_type(await info.context.service.relation(str(id)))  # type: ignore[no-any-return]

    @resolver(description="Estonia's 15 counties, by id; those a network reaches, or not.")
    async def counties(
        self, info: Info, reached_by: ReachedBy = None, reached: Reached = None, as_of: AsOfReach = None
    ) -> list[County]:
        by = None if reached_by is None else str(reached_by)
        ids = await info.context.service.reached_ids(NodeKind.COUNTY, by, reached, as_of)
        page = await info.context.service.page_nodes(NodeKind.COUNTY, first=1000, offset=0, ids=ids)
        return [node_type(n) for n in page.items]

    municipalities: Connection[Municipality] = _listing(
        NodeKind.MUNICIPALITY, MunicipalityFilter, "Municipalities, by id, a page at a time."
    )
    organisations: Connection[Organisation] = _listing(
        NodeKind.ORGANISATION, OrganisationFilter, "Organisations, by id, a page at a time."
    )
    networks: Connection[Network] = _listing(
        NodeKind.NETWORK, NetworkFilter, "Networks, by id, a page at a time."
    )
    projects: Connection[Project] = _listing(
        NodeKind.PROJECT,
        ProjectFilter,
        "Projects, programmes, measures, calls and activities, by id, a page at a time.",
    )
    events: Connection[Event] = _listing(
        NodeKind.EVENT,
        EventFilter,
        "Events (meetings, seminars, info days, study trips, conferences...), by id, a page at a time.",
    )
    target_groups: Connection[TargetGroup] = _listing(
        NodeKind.TARGET_GROUP, None, "Target groups, by id, a page at a time."
    )
    indicators: Connection[Indicator] = _listing(
        NodeKind.INDICATOR, None, "Indicators, by id, a page at a time."
    )
    ending_agreements: list[Agreement] = _ending(RelationKind.PARTY_TO, "Agreements (party_to)")
    ending_memberships: list[Membership] = _ending(RelationKind.MEMBER_OF, "Memberships (member_of)")

    @resolver(description="Relations, by id, a page at a time.")
    async def relations(
        self,
        info: Info,
        filter: Annotated[RelationFilter | None, Conditions] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Relation]:
        size, offset = page_args(info, first, after)
        f = filter or RelationFilter()
        page = await info.context.service.page_relations(
            f.kind,
            source=f.source,
            target=f.target,
            node=f.node,
            where={"role": getattr(f.role, "value", None)},
            as_of=f.as_of,
            first=size,
            offset=offset,
        )
        return Connection.of(page, [relation_type(r) for r in page.items])

    @resolver(description="The relations at a node, each with the node at its other end.")
    async def neighbours(  # noqa: PLR0917 - strawberry passes arguments by name
        self,
        info: Info,
        id: Id,
        direction: DirectionArg = Direction.BOTH,
        relation_kind: RelationKindArg = None,
        node_kind: NodeKindArg = None,
        as_of: AsOf = None,
    ) -> list[Neighbour]:
        found = await info.context.service.neighbours(
            str(id), direction=direction.value, relation_kind=relation_kind, node_kind=node_kind, as_of=as_of
        )
        return [Neighbour.of(str(id), n.relation, n.node) for n in found]

    @resolver(
        description="The shortest cooperation path between two organisations (fewest steps; among those, the "
        "strongest ties), on the cooperation graph of agreements, shared networks and projects, and funding. "
        "Null when they are not connected."
    )
    async def cooperation_path(
        self,
        info: Info,
        from_: Annotated[
            strawberry.ID, strawberry.argument(name="from", description="The first organisation's id.")
        ],
        to: Annotated[strawberry.ID, strawberry.argument(description="The last organisation's id.")],
        as_of: Cooperation = None,
    ) -> CooperationPath | None:
        return path_of(*await info.context.service.cooperation_path(str(from_), str(to), as_of))

    @resolver(
        description="Who connects two areas (counties or municipalities) in the cooperation graph: "
        "direct ties between their organisations and the organisations outside both that cooperate with each."
    )
    async def bridges(
        self,
        info: Info,
        from_: Annotated[
            strawberry.ID, strawberry.argument(name="from", description="A county or municipality id.")
        ],
        to: Annotated[strawberry.ID, strawberry.argument(description="Another county or municipality id.")],
        as_of: Cooperation = None,
    ) -> AreaBridges:
        return bridges_of(*await info.context.service.area_bridges(str(from_), str(to), as_of))

    @resolver(description="Measures of the cooperation graph (partnermap.metrics), as of a day.")
    def metrics(
        self,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="The day the metrics describe (default: every period)."),
        ] = None,
    ) -> Metrics:
        return Metrics(as_of=as_of)
