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

import inspect
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any, ClassVar, Literal

import strawberry
from pydantic import BaseModel

from partnermap import model
from partnermap.api import derive
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
    Indicator,
    Membership,
    Municipality,
    Neighbour,
    Network,
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
from partnermap.model import ENDPOINT_KINDS, NodeKind, RelationKind, Role
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
    """A filter input, its fields made from class arguments: ``source``, the model of the nodes
    listed; ``where``, its fields the store matches (field -> description; a field named after
    a node kind holds the id of a node of that kind); ``related``, the fields that narrow the
    list to the nodes related to a given one (field -> the relation, None for "located in the
    area", and the description; the given node is of the kind the field is named after, else
    of the one kind the model allows at that end, :data:`partnermap.model.ENDPOINT_KINDS`);
    ``as_of``, what the day narrows, and ``nodes_as_of``, whether it narrows the listed nodes
    themselves (projects running that day). The class's own fields come between these and
    ``asOf`` and ``search``."""

    WHERE: ClassVar[Mapping[str, NodeKind | None]] = {}
    RELATED: ClassVar[Mapping[str, tuple[NodeKind, RelationKind | None, Side]]] = {}
    NODES_AS_OF: ClassVar[bool] = False
    search: str | None
    as_of: date | None = None

    def __init_subclass__(
        cls,
        *,
        source: type[BaseModel] | None = None,
        where: Mapping[str, str] | None = None,
        related: Mapping[str, tuple[RelationKind | None, str]] | None = None,
        as_of: str = "",
        nodes_as_of: bool = False,
    ) -> None:
        where, related = where or {}, related or {}
        kinds = {kind.value: kind for kind in NodeKind}
        cls.WHERE = {name: kinds.get(name) for name in where}
        cls.NODES_AS_OF = nodes_as_of
        if source is None:
            return
        listed = NodeKind(source.model_fields["kind"].default)
        cls.RELATED = {}
        for name, (relation, _) in related.items():
            # the listed nodes are the relation's sources: the given node is at its target ("in")
            sources, targets = ENDPOINT_KINDS[relation] if relation else ({listed}, set())
            side: Side = "in" if listed in sources else "out"
            ends = targets if side == "in" else sources
            if name not in kinds and len(ends) != 1:
                raise TypeError(f"{cls.__name__}.{name}: several kinds fit; name the field after its kind")
            cls.RELATED[name] = (kinds.get(name) or next(iter(ends)), relation, side)
        fields: dict[str, tuple[Any, str]] = {
            **{name: (derive.input_annotation(source, name), about) for name, about in where.items()},
            **{name: (strawberry.ID, about) for name, (_, about) in related.items()},
        }
        annotations = {name: annotation | None for name, (annotation, _) in fields.items()}
        cls.__annotations__ = {**annotations, **inspect.get_annotations(cls)}
        cls.__annotations__.update(as_of=date | None, search=str | None)
        for name, about in [*((n, a) for n, (_, a) in fields.items()), ("as_of", as_of), ("search", SEARCH)]:
            setattr(cls, name, _condition(about))

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


@strawberry.input(description="Which organisations to list; every given condition must hold.")
class OrganisationFilter(
    _Filter,
    source=model.Organisation,
    where={
        "org_kind": "Only organisations of this kind.",
        "sector": "Only this sector.",
        "scope": "Only this scope.",
    },
    related={
        "county": (None, "Only those located in this county (directly or in one of its municipalities)."),
        "municipality": (None, "Only those located in this municipality."),
        "network": (RelationKind.MEMBER_OF, "Only members of this network."),
        "project": (RelationKind.PARTNER_IN, "Only partners in this project."),
    },
    as_of="Memberships, partnerships and locations as of this day.",
):
    pass


@strawberry.input(description="Which networks to list; every given condition must hold.")
class NetworkFilter(
    _Filter,
    source=model.Network,
    where={
        "network_type": "Only networks of this type.",
        "scope": "Only this scope.",
        "status": "Only planned, active or ended networks.",
    },
    related={
        "county": (None, "Only networks located in this county (or one of its municipalities)."),
        "municipality": (None, "Only networks located in this municipality."),
        "member": (RelationKind.MEMBER_OF, "Only networks this organisation belongs to."),
    },
    as_of="Memberships and locations as of this day.",
):
    pass


@strawberry.input(description="Which projects to list; every given condition must hold.")
class ProjectFilter(
    _Filter,
    source=model.Project,
    where={"project_kind": "Only projects of this kind.", "fund": "Only projects drawing on this fund."},
    related={"partner": (RelationKind.PARTNER_IN, "Only projects this organisation is a partner in.")},
    as_of="Only projects running on this day (and partnerships as of it).",
    nodes_as_of=True,
):
    pass


@strawberry.input(description="Which events to list; every given condition must hold.")
class EventFilter(
    _Filter,
    source=model.Event,
    where={
        "event_type": "Only events of this type.",
        "format": "Only events held in person, online or hybrid.",
    },
    related={
        "network": (RelationKind.PART_OF, "Only events of this network (part_of it)."),
        "project": (RelationKind.PART_OF, "Only events of this project or programme (part_of it)."),
        "county": (
            None,
            "Only events held in this county (in one of its municipalities or the county itself).",
        ),
        "municipality": (None, "Only events held in this municipality."),
        "participant": (RelationKind.TAKES_PART_IN, "Only events this organisation takes part in."),
    },
    as_of="Only events whose period holds this day (and relations as of it).",
    nodes_as_of=True,
):
    from_: date | None = strawberry.field(
        default=None,
        name="from",
        description="Only events whose period reaches this day or later (an open end counts as unbounded).",
    )
    to: date | None = _condition("Only events whose period begins on this day or earlier.")

    async def conditions(self, info: Info) -> tuple[dict[str, Any], set[str] | None]:
        where, ids = await super().conditions(info)
        if self.from_ is not None and self.to is not None and self.to < self.from_:
            raise UserInputError(f"filter.to {self.to} is before filter.from {self.from_}")
        in_period = await info.context.service.ids_in_period(NodeKind.EVENT, self.from_, self.to)
        return where, both(ids, in_period)


@strawberry.input(description="Which municipalities to list; every given condition must hold.")
class MunicipalityFilter(
    _Filter,
    source=model.Municipality,
    where={
        "county": "Only municipalities of this county.",
        "municipality_type": "Only cities (LINN) or rural municipalities (VALD).",
    },
    as_of=REACH_AS_OF,
):
    reached_by: strawberry.ID | None = _condition(REACHED_BY)
    reached: bool | None = _condition(REACHED)

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
    inferred: bool | None = _condition("true: only relations marked inferred; false: only stated ones.")
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


def _by_id(kind: NodeKind | None, description: str) -> Any:
    """A field giving the node of one kind (None: any) with an id (clear errors for other ids)."""

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

    node: Node | None = _by_id(None, "Any node by id (an error names an unknown or malformed id).")

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
            where={"role": getattr(f.role, "value", None), "inferred": f.inferred},
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
        stated_only: Annotated[
            bool,
            strawberry.argument(
                description="Leave out relations marked inferred (what the documents imply but do not state)."
            ),
        ] = False,
    ) -> Metrics:
        return Metrics(as_of=as_of, stated_only=stated_only)
