"""The Query type: look-ups by id, filtered and paginated lists, neighbours, cooperation
paths, relations ending soon, and the metrics of :mod:`partnermap.metrics`."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Annotated, Any

import networkx as nx
import strawberry

from partnermap.api.context import Info
from partnermap.api.errors import UserInputError
from partnermap.api.fields import resolver
from partnermap.api.metrics import Metrics
from partnermap.api.schema import (
    Agreement,
    Connection,
    County,
    Direction,
    Funding,
    Indicator,
    Membership,
    Municipality,
    MunicipalityType,
    Neighbour,
    Network,
    NetworkStatus,
    Node,
    Organisation,
    Project,
    Relation,
    TargetGroup,
    decode_cursor,
    node_type,
    relation_type,
)
from partnermap.api.service import check_node_id
from partnermap.graph import nodes_in_area
from partnermap.model import (
    NetworkType,
    NodeKind,
    OrgKind,
    ProjectKind,
    RelationKind,
    Role,
    Scope,
    Sector,
)
from partnermap.model import Relation as RelationModel

__all__ = ["Query"]

AS_OF = "Only what holds on this day (default: every period)."
FIRST = "Page size (default 20, at most the server's PARTNERMAP_API_MAX_PAGE_SIZE, 100 unless set)."
AFTER = "Start after the item with this cursor (a pageInfo.endCursor)."
SEARCH = "Only nodes whose name, English name or abbreviation contains this text (diacritics ignored)."


def _page_args(info: Info, first: int | None, after: str | None) -> tuple[int, int]:
    settings = info.context.settings
    size = min(settings.default_page_size, settings.max_page_size) if first is None else first
    if not 0 <= size <= settings.max_page_size:
        raise UserInputError(f"first must be between 0 and {settings.max_page_size}, not {size}")
    return size, decode_cursor(after)


def _value(item: Any) -> Any:
    return None if item is None else getattr(item, "value", item)


async def _narrow(ids: set[str] | None, more: set[str]) -> set[str]:
    return set(more) if ids is None else ids & more


# --------------------------------------------------------------------------- filters


@strawberry.input(description="Which organisations to list; every given condition must hold.")
class OrganisationFilter:
    org_kind: OrgKind | None = strawberry.field(default=None, description="Only organisations of this kind.")
    sector: Sector | None = strawberry.field(default=None, description="Only this sector.")
    scope: Scope | None = strawberry.field(default=None, description="Only this scope.")
    county: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only those located in this county (directly or in one of its municipalities).",
    )
    municipality: strawberry.ID | None = strawberry.field(
        default=None, description="Only those located in this municipality."
    )
    network: strawberry.ID | None = strawberry.field(
        default=None, description="Only members of this network."
    )
    project: strawberry.ID | None = strawberry.field(
        default=None, description="Only partners in this project."
    )
    as_of: date | None = strawberry.field(
        default=None, description="Memberships, partnerships and locations as of this day."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which networks to list; every given condition must hold.")
class NetworkFilter:
    network_type: NetworkType | None = strawberry.field(
        default=None, description="Only networks of this type."
    )
    scope: Scope | None = strawberry.field(default=None, description="Only this scope.")
    status: NetworkStatus | None = strawberry.field(
        default=None, description="Only planned, active or ended networks."
    )
    county: strawberry.ID | None = strawberry.field(
        default=None, description="Only networks located in this county (or one of its municipalities)."
    )
    municipality: strawberry.ID | None = strawberry.field(
        default=None, description="Only networks located in this municipality."
    )
    member: strawberry.ID | None = strawberry.field(
        default=None, description="Only networks this organisation belongs to."
    )
    as_of: date | None = strawberry.field(
        default=None, description="Memberships and locations as of this day."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which projects to list; every given condition must hold.")
class ProjectFilter:
    project_kind: ProjectKind | None = strawberry.field(
        default=None, description="Only projects of this kind."
    )
    fund: str | None = strawberry.field(default=None, description="Only projects drawing on this fund.")
    partner: strawberry.ID | None = strawberry.field(
        default=None, description="Only projects this organisation is a partner in."
    )
    as_of: date | None = strawberry.field(
        default=None, description="Only projects running on this day (and partnerships as of it)."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which municipalities to list.")
class MunicipalityFilter:
    county: strawberry.ID | None = strawberry.field(
        default=None, description="Only municipalities of this county."
    )
    municipality_type: MunicipalityType | None = strawberry.field(
        default=None, description="Only cities (LINN) or rural municipalities (VALD)."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which relations to list; every given condition must hold.")
class RelationFilter:
    kind: RelationKind | None = strawberry.field(default=None, description="Only relations of this kind.")
    source: strawberry.ID | None = strawberry.field(
        default=None, description="Only relations starting at this node."
    )
    target: strawberry.ID | None = strawberry.field(
        default=None, description="Only relations ending at this node."
    )
    node: strawberry.ID | None = strawberry.field(
        default=None, description="Only relations at this node (either end)."
    )
    role: Role | None = strawberry.field(default=None, description="Only relations with this role.")
    as_of: date | None = strawberry.field(default=None, description=AS_OF)


# --------------------------------------------------------------------------- path


@strawberry.type(description="One step of a cooperation path: two organisations and the ties between them.")
class CooperationStep:
    weight: float = strawberry.field(
        description="The tie's weight (see partnermap.cooperation: agreements, shared networks and "
        "projects, funding)."
    )
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]
    agreement_rels: strawberry.Private[list[RelationModel]]
    funding_rels: strawberry.Private[list[RelationModel]]
    network_ids: strawberry.Private[list[str]]
    project_ids: strawberry.Private[list[str]]

    @resolver(name="from", description="The organisation the step starts at.")
    async def from_(self, info: Info) -> Organisation:
        return await _org(info, self.from_id)

    @resolver(description="The organisation the step leads to.")
    async def to(self, info: Info) -> Organisation:
        return await _org(info, self.to_id)

    @resolver(description="Agreements between the two.")
    def agreements(self) -> list[Agreement]:
        return [relation_type(r) for r in self.agreement_rels]

    @resolver(description="Funding from one to the other.")
    def funding(self) -> list[Funding]:
        return [relation_type(r) for r in self.funding_rels]

    @resolver(description="Networks both belong to.")
    async def networks(self, info: Info) -> list[Network]:
        found = await info.context.loaders.node.load_many(self.network_ids)
        return [t for t in (node_type(n) for n in found if n is not None) if isinstance(t, Network)]

    @resolver(description="Projects both are partners in.")
    async def projects(self, info: Info) -> list[Project]:
        found = await info.context.loaders.node.load_many(self.project_ids)
        return [t for t in (node_type(n) for n in found if n is not None) if isinstance(t, Project)]


async def _org(info: Info, node_id: str) -> Organisation:
    found = await info.context.loaders.node.load(node_id)
    node = node_type(found) if found is not None else None
    assert isinstance(node, Organisation), "path nodes are organisations"
    return node


@strawberry.type(
    description="The shortest chain of cooperation between two organisations (the strongest of the shortest)."
)
class CooperationPath:
    steps: list[CooperationStep] = strawberry.field(
        description="The steps, from the first organisation to the last."
    )
    ids: strawberry.Private[list[str]]

    @resolver(description="Number of steps.")
    def hops(self) -> int:
        return len(self.steps)

    @resolver(description="The sum of the steps' weights.")
    def weight(self) -> float:
        return sum(step.weight for step in self.steps)

    @resolver(description="The organisations along the path, both ends included.")
    async def organisations(self, info: Info) -> list[Organisation]:
        return [await _org(info, i) for i in self.ids]

    @resolver(description="The organisations in between: who bridges the two ends.")
    async def intermediaries(self, info: Info) -> list[Organisation]:
        return [await _org(info, i) for i in self.ids[1:-1]]


def _best_path(C: nx.Graph, a: str, b: str) -> list[str] | None:
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(C, a, b), 500))
    except nx.NetworkXNoPath:
        return None

    def strength(path: list[str]) -> tuple[float, list[str]]:
        return (-sum(C.edges[u, v]["weight"] for u, v in itertools.pairwise(path)), path)

    best: list[str] = min(paths, key=strength)
    return best


def _edge_relations(G: nx.MultiDiGraph, a: str, b: str, keys: list[str]) -> list[RelationModel]:
    wanted = set(keys)
    out = []
    for source, target in ((a, b), (b, a)):
        for key, attrs in (G.get_edge_data(source, target) or {}).items():
            if key in wanted:
                out.append(
                    RelationModel.model_validate({**attrs, "id": key, "source": source, "target": target})
                )
    return sorted(out, key=lambda r: r.id)


@strawberry.type(description="An organisation outside two areas that cooperates with organisations in both.")
class AreaBroker:
    weight: float = strawberry.field(description="Summed weight of its ties into both areas.")
    organisation_id: strawberry.Private[str]
    from_ids: strawberry.Private[list[str]]
    to_ids: strawberry.Private[list[str]]

    @resolver(description="The broker.")
    async def organisation(self, info: Info) -> Organisation:
        return await _org(info, self.organisation_id)

    @resolver(description="Its partners in the first area.")
    async def from_partners(self, info: Info) -> list[Organisation]:
        return [await _org(info, i) for i in self.from_ids]

    @resolver(description="Its partners in the second area.")
    async def to_partners(self, info: Info) -> list[Organisation]:
        return [await _org(info, i) for i in self.to_ids]


@strawberry.type(
    description="Who connects two areas: direct ties between their organisations, and brokers outside both."
)
class AreaBridges:
    ties: list[CooperationStep] = strawberry.field(
        description="Direct ties from an organisation in the first area to one in the second, "
        "strongest first."
    )
    brokers: list[AreaBroker] = strawberry.field(
        description="Organisations outside both areas tied to both, strongest first."
    )


def _area_bridges(G: nx.MultiDiGraph, C: nx.Graph, a: str, b: str) -> AreaBridges:
    # the organisations lying in each area on the snapshot's day (partnermap.graph.nodes_in_area)
    first = {n for n in nodes_in_area(G, a) if n in C}
    second = {n for n in nodes_in_area(G, b) if n in C}
    steps = []
    for u in sorted(first):
        for v in sorted(C[u]):
            if v in second:
                edge = C.edges[u, v]
                steps.append(
                    CooperationStep(
                        weight=float(edge["weight"]),
                        from_id=u,
                        to_id=v,
                        agreement_rels=_edge_relations(G, u, v, edge["agreements"]),
                        funding_rels=_edge_relations(G, u, v, edge["funding"]),
                        network_ids=list(edge["networks"]),
                        project_ids=list(edge["projects"]),
                    )
                )
    steps.sort(key=lambda s: (-s.weight, s.from_id, s.to_id))
    brokers = []
    for w in sorted(C):
        if w in first or w in second:
            continue
        near_first = sorted(u for u in C[w] if u in first)
        near_second = sorted(u for u in C[w] if u in second)
        if near_first and near_second:
            weight = sum(C.edges[w, u]["weight"] for u in (*near_first, *near_second))
            brokers.append(
                AreaBroker(weight=weight, organisation_id=w, from_ids=near_first, to_ids=near_second)
            )
    brokers.sort(key=lambda r: (-r.weight, r.organisation_id))
    return AreaBridges(ties=steps, brokers=brokers)


async def _area(info: Info, area_id: str) -> str:
    kind = check_node_id(area_id)
    if kind not in (NodeKind.COUNTY, NodeKind.MUNICIPALITY):
        raise UserInputError(f"{area_id!r} is not a county or municipality id")
    await info.context.service.node(area_id)
    return area_id


# --------------------------------------------------------------------------- query


async def _by_id(info: Info, node_id: str, kind: NodeKind) -> Any:
    return node_type(await info.context.service.node(str(node_id), kind))


async def _require(info: Info, node_id: str | None, kind: NodeKind) -> str | None:
    if node_id is None:
        return None
    await info.context.service.node(str(node_id), kind)
    return str(node_id)


@strawberry.type(description="Read the partnership graph: nodes, relations, paths and metrics.")
class Query:
    @resolver(description="Any node by id (an error names an unknown or malformed id).")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node's id, e.g. 'org:elvl'.")],
    ) -> Node | None:
        service = info.context.service
        return node_type(await service.node(str(id)))

    @resolver(description="A relation by id.")
    async def relation(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The relation's id.")]
    ) -> Relation | None:
        rel: Relation = relation_type(await info.context.service.relation(str(id)))
        return rel

    @resolver(description="A county by id, e.g. 'county:ida-viru'.")
    async def county(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The county's id.")]
    ) -> County | None:
        result: County = await _by_id(info, id, NodeKind.COUNTY)
        return result

    @resolver(description="A municipality by id, e.g. 'municipality:tallinn'.")
    async def municipality(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The municipality's id.")],
    ) -> Municipality | None:
        result: Municipality = await _by_id(info, id, NodeKind.MUNICIPALITY)
        return result

    @resolver(description="An organisation by id, e.g. 'org:elvl'.")
    async def organisation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The organisation's id.")],
    ) -> Organisation | None:
        result: Organisation = await _by_id(info, id, NodeKind.ORGANISATION)
        return result

    @resolver(description="A network by id, e.g. 'network:loimumiskoda'.")
    async def network(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The network's id.")]
    ) -> Network | None:
        result: Network = await _by_id(info, id, NodeKind.NETWORK)
        return result

    @resolver(description="A project, programme, measure, call or activity by id.")
    async def project(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The project's id.")]
    ) -> Project | None:
        result: Project = await _by_id(info, id, NodeKind.PROJECT)
        return result

    @resolver(description="A target group by id.")
    async def target_group(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The target group's id.")],
    ) -> TargetGroup | None:
        result: TargetGroup = await _by_id(info, id, NodeKind.TARGET_GROUP)
        return result

    @resolver(description="An indicator by id.")
    async def indicator(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The indicator's id.")]
    ) -> Indicator | None:
        result: Indicator = await _by_id(info, id, NodeKind.INDICATOR)
        return result

    @resolver(description="Estonia's 15 counties, by id.")
    async def counties(self, info: Info) -> list[County]:
        page = await info.context.service.page_nodes(NodeKind.COUNTY, first=1000, offset=0)
        return [node_type(n) for n in page.items]  # type: ignore[misc]  # counties only

    @resolver(description="Municipalities, by id, a page at a time.")
    async def municipalities(
        self,
        info: Info,
        filter: Annotated[MunicipalityFilter | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Municipality]:
        size, offset = _page_args(info, first, after)
        f = filter or MunicipalityFilter()
        county = await _require(info, f.county, NodeKind.COUNTY)
        where = {"county": county, "municipality_type": _value(f.municipality_type)}
        page = await info.context.service.page_nodes(
            NodeKind.MUNICIPALITY, where=where, search=f.search, first=size, offset=offset
        )
        return Connection.of(page, [node_type(n) for n in page.items])

    @resolver(description="Organisations, by id, a page at a time.")
    async def organisations(
        self,
        info: Info,
        filter: Annotated[OrganisationFilter | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Organisation]:
        size, offset = _page_args(info, first, after)
        f = filter or OrganisationFilter()
        service = info.context.service
        ids: set[str] | None = None
        if (county := await _require(info, f.county, NodeKind.COUNTY)) is not None:
            ids = await _narrow(ids, await service.ids_in_area(county, f.as_of))
        if (municipality := await _require(info, f.municipality, NodeKind.MUNICIPALITY)) is not None:
            ids = await _narrow(ids, await service.ids_in_area(municipality, f.as_of))
        if (network := await _require(info, f.network, NodeKind.NETWORK)) is not None:
            ids = await _narrow(
                ids, await service.ids_related(network, RelationKind.MEMBER_OF, "in", f.as_of)
            )
        if (project := await _require(info, f.project, NodeKind.PROJECT)) is not None:
            ids = await _narrow(
                ids, await service.ids_related(project, RelationKind.PARTNER_IN, "in", f.as_of)
            )
        where = {"org_kind": _value(f.org_kind), "sector": _value(f.sector), "scope": _value(f.scope)}
        page = await service.page_nodes(
            NodeKind.ORGANISATION, where=where, ids=ids, search=f.search, first=size, offset=offset
        )
        return Connection.of(page, [node_type(n) for n in page.items])

    @resolver(description="Networks, by id, a page at a time.")
    async def networks(
        self,
        info: Info,
        filter: Annotated[NetworkFilter | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Network]:
        size, offset = _page_args(info, first, after)
        f = filter or NetworkFilter()
        service = info.context.service
        ids: set[str] | None = None
        if (county := await _require(info, f.county, NodeKind.COUNTY)) is not None:
            ids = await _narrow(ids, await service.ids_in_area(county, f.as_of))
        if (municipality := await _require(info, f.municipality, NodeKind.MUNICIPALITY)) is not None:
            ids = await _narrow(ids, await service.ids_in_area(municipality, f.as_of))
        if (member := await _require(info, f.member, NodeKind.ORGANISATION)) is not None:
            ids = await _narrow(
                ids, await service.ids_related(member, RelationKind.MEMBER_OF, "out", f.as_of)
            )
        where = {"network_type": _value(f.network_type), "scope": _value(f.scope), "status": _value(f.status)}
        page = await service.page_nodes(
            NodeKind.NETWORK, where=where, ids=ids, search=f.search, first=size, offset=offset
        )
        return Connection.of(page, [node_type(n) for n in page.items])

    @resolver(description="Projects, programmes, measures, calls and activities, by id, a page at a time.")
    async def projects(
        self,
        info: Info,
        filter: Annotated[ProjectFilter | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Project]:
        size, offset = _page_args(info, first, after)
        f = filter or ProjectFilter()
        service = info.context.service
        ids: set[str] | None = None
        if (partner := await _require(info, f.partner, NodeKind.ORGANISATION)) is not None:
            ids = await _narrow(
                ids, await service.ids_related(partner, RelationKind.PARTNER_IN, "out", f.as_of)
            )
        where = {"project_kind": _value(f.project_kind), "fund": f.fund}
        page = await service.page_nodes(
            NodeKind.PROJECT, where=where, as_of=f.as_of, ids=ids, search=f.search, first=size, offset=offset
        )
        return Connection.of(page, [node_type(n) for n in page.items])

    @resolver(description="Target groups, by id, a page at a time.")
    async def target_groups(
        self,
        info: Info,
        search: Annotated[str | None, strawberry.argument(description=SEARCH)] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[TargetGroup]:
        size, offset = _page_args(info, first, after)
        page = await info.context.service.page_nodes(
            NodeKind.TARGET_GROUP, search=search, first=size, offset=offset
        )
        return Connection.of(page, [node_type(n) for n in page.items])

    @resolver(description="Indicators, by id, a page at a time.")
    async def indicators(
        self,
        info: Info,
        search: Annotated[str | None, strawberry.argument(description=SEARCH)] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Indicator]:
        size, offset = _page_args(info, first, after)
        page = await info.context.service.page_nodes(
            NodeKind.INDICATOR, search=search, first=size, offset=offset
        )
        return Connection.of(page, [node_type(n) for n in page.items])

    @resolver(description="Relations, by id, a page at a time.")
    async def relations(
        self,
        info: Info,
        filter: Annotated[RelationFilter | None, strawberry.argument(description="Conditions.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Relation]:
        size, offset = _page_args(info, first, after)
        f = filter or RelationFilter()
        page = await info.context.service.page_relations(
            f.kind,
            source=None if f.source is None else str(f.source),
            target=None if f.target is None else str(f.target),
            node=None if f.node is None else str(f.node),
            where={"role": _value(f.role)},
            as_of=f.as_of,
            first=size,
            offset=offset,
        )
        return Connection.of(page, [relation_type(r) for r in page.items])

    @resolver(description="The relations at a node, each with the node at its other end.")
    async def neighbours(  # noqa: PLR0917 - strawberry passes arguments by name
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The node's id.")],
        direction: Annotated[
            Direction, strawberry.argument(description="Relations leaving, arriving or both.")
        ] = Direction.BOTH,
        relation_kind: Annotated[
            RelationKind | None, strawberry.argument(description="Only relations of this kind.")
        ] = None,
        node_kind: Annotated[
            NodeKind | None, strawberry.argument(description="Only neighbours of this kind.")
        ] = None,
        as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None,
    ) -> list[Neighbour]:
        found = await info.context.service.neighbours(
            str(id), direction=direction.value, relation_kind=relation_kind, node_kind=node_kind, as_of=as_of
        )
        return [
            Neighbour(
                relation=relation_type(n.relation),
                node=node_type(n.node),
                direction=Direction.OUT if n.relation.source == str(id) else Direction.IN,
            )
            for n in found
        ]

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
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Cooperation as of this day (default: every period)."),
        ] = None,
    ) -> CooperationPath | None:
        service = info.context.service
        a, b = str(from_), str(to)
        await service.node(a, NodeKind.ORGANISATION)
        await service.node(b, NodeKind.ORGANISATION)
        G = await service.snapshot(as_of)
        C = await service.cooperation(as_of)
        if a not in C or b not in C:
            return None
        path = await service.compute(lambda: _best_path(C, a, b))
        if path is None:
            return None
        steps = []
        for u, v in itertools.pairwise(path):
            edge = C.edges[u, v]
            steps.append(
                CooperationStep(
                    weight=float(edge["weight"]),
                    from_id=u,
                    to_id=v,
                    agreement_rels=_edge_relations(G, u, v, edge["agreements"]),
                    funding_rels=_edge_relations(G, u, v, edge["funding"]),
                    network_ids=list(edge["networks"]),
                    project_ids=list(edge["projects"]),
                )
            )
        return CooperationPath(steps=steps, ids=path)

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
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Cooperation as of this day (default: every period)."),
        ] = None,
    ) -> AreaBridges:
        a, b = await _area(info, str(from_)), await _area(info, str(to))
        if a == b:
            raise UserInputError("bridges needs two different areas")
        service = info.context.service
        G = await service.snapshot(as_of)
        C = await service.cooperation(as_of)
        return await service.compute(lambda: _area_bridges(G, C, a, b))

    @resolver(description="Measures of the cooperation graph (partnermap.metrics), as of a day.")
    def metrics(
        self,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="The day the metrics describe (default: every period)."),
        ] = None,
    ) -> Metrics:
        return Metrics(as_of=as_of)

    @resolver(
        description="Agreements (party_to) whose period ends between `from` and `from` + `withinDays`, "
        "soonest first."
    )
    async def ending_agreements(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="The first day of the window.")],
        within_days: Annotated[
            int, strawberry.argument(description="Length of the window in days (0-36600).")
        ],
    ) -> list[Agreement]:
        rels = await info.context.service.ending(RelationKind.PARTY_TO, from_, within_days)
        return [relation_type(r) for r in rels]

    @resolver(
        description="Memberships (member_of) whose period ends between `from` and `from` + `withinDays`, "
        "soonest first."
    )
    async def ending_memberships(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="The first day of the window.")],
        within_days: Annotated[
            int, strawberry.argument(description="Length of the window in days (0-36600).")
        ],
    ) -> list[Membership]:
        rels = await info.context.service.ending(RelationKind.MEMBER_OF, from_, within_days)
        return [relation_type(r) for r in rels]
