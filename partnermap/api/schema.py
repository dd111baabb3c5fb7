"""The GraphQL types: the graph's nodes and relations as coordinators see them.

Nodes (:class:`Node` interface): County, Municipality, Organisation, Network, Project,
TargetGroup, Indicator. Relations (:class:`Relation` interface) are types of their own:
Membership (role, period), Partnership (role, money, positions), Agreement, Location,
Funding, Targeting, PartOf. Every type carries the sources its facts come from, and
every type and field has a description (shown in GraphiQL).

Related objects are resolved through the request's DataLoaders
(:mod:`partnermap.api.loaders`), never by a store call per object.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from partnermap import model
from partnermap.api.context import Info
from partnermap.api.errors import UserInputError
from partnermap.api.fields import resolver
from partnermap.api.service import Page
from partnermap.model import NodeKind, OrgKind, ProjectKind, RelationKind, Role, Scope, Sector

__all__ = [
    "DATE_SCALAR",
    "Agreement",
    "County",
    "Direction",
    "Funding",
    "Indicator",
    "Location",
    "Membership",
    "Municipality",
    "Network",
    "Node",
    "Organisation",
    "PartOf",
    "Partnership",
    "Project",
    "Relation",
    "TargetGroup",
    "Targeting",
    "decode_cursor",
    "node_type",
    "relation_type",
]

T = TypeVar("T")

# --------------------------------------------------------------------------- scalars


def _parse_date(value: Any) -> date:
    if isinstance(value, str):
        try:
            parsed = model.parse_date(value)
        except ValueError:
            parsed = None
        if isinstance(parsed, date):
            return parsed
    raise UserInputError(f"{value!r} is not a date: use 2025-12-31 (ISO) or 31.12.2025")


DATE_SCALAR = strawberry.scalar(
    name="Date",
    description="A calendar day: ISO 8601 (2025-12-31) or Estonian (31.12.2025) on input, ISO on output.",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_date,
)

# --------------------------------------------------------------------------- enums

strawberry.enum(NodeKind, description="The kinds of node the graph holds.")
strawberry.enum(OrgKind, description="What sort of body an organisation is.")
strawberry.enum(Sector, description="The sector an organisation belongs to: public, non-profit or private.")
strawberry.enum(
    Scope, description="How far a body or network reaches: local, county, national, international."
)
strawberry.enum(model.NetworkType, description="What a network is for.")
strawberry.enum(ProjectKind, description="Programme, project, funding measure, call or activity.")
strawberry.enum(RelationKind, description="The kinds of relation between nodes.")
strawberry.enum(Role, description="A member's role in a network, or a partner's role in a project.")


@strawberry.enum(description="Whether a municipality is a city (linn) or a rural municipality (vald).")
class MunicipalityType(Enum):
    LINN = "linn"
    VALD = "vald"


@strawberry.enum(description="Whether a network is planned, active or has ended.")
class NetworkStatus(Enum):
    PLANNED = "planned"
    ACTIVE = "active"
    ENDED = "ended"


@strawberry.enum(description="How an indicator's value is compared with its target.")
class Comparison(Enum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"


@strawberry.enum(description="The graph measure an indicator's value is computed from.")
class IndicatorMetric(Enum):
    PARTICIPATION_COUNCILS = "participation_councils"
    LOCAL_COOPERATION_NETWORKS = "local_cooperation_networks"
    COORDINATORS = "coordinators"
    NETWORK_MEMBERS = "network_members"
    PARTNER_MUNICIPALITIES = "partner_municipalities"


@strawberry.enum(description="Which relations at a node: those leaving it, those arriving, or both.")
class Direction(Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


# --------------------------------------------------------------------------- values


@strawberry.type(
    description="Where a fact comes from: a source document and a section, table or slide of it."
)
class Source:
    document: str = strawberry.field(description="The source document (seed file name or reference source).")
    section: str = strawberry.field(description="The section, table or slide of the document.")

    @resolver(description="The source as one string, 'document#section' (as in dataset files).")
    def text(self) -> str:
        return f"{self.document}#{self.section}"

    @classmethod
    def of(cls, sources: list[model.Source]) -> list[Source]:
        return [cls(document=s.document, section=s.section) for s in sources]


@strawberry.type(description="A staff position (never a person): title, workload in FTE, since when.")
class Position:
    title: str = strawberry.field(description="The position's title, in Estonian as the source gives it.")
    title_en: str | None = strawberry.field(description="The title in English.")
    fte: float = strawberry.field(description="Workload in full-time equivalents, e.g. 0.75.")
    since: date | None = strawberry.field(description="Since when the position exists.")
    note: str | None = strawberry.field(description="A remark on the position.")

    @classmethod
    def of(cls, positions: list[model.Position]) -> list[Position]:
        return [
            cls(title=p.title, title_en=p.title_en, fte=p.fte, since=p.since, note=p.note) for p in positions
        ]


@strawberry.type(description="One line of a budget: what, how much (EUR), for which year.")
class BudgetLine:
    label: str = strawberry.field(description="What the money is for.")
    amount: float = strawberry.field(description="Amount in EUR.")
    year: int | None = strawberry.field(description="The budget year.")
    code: str | None = strawberry.field(description="The line's code in the source document.")
    responsible: str | None = strawberry.field(description="Who is responsible for the line.")
    period_from: date | None = strawberry.field(description="First day of the line's period.")
    period_to: date | None = strawberry.field(description="Last day of the line's period.")

    @classmethod
    def of(cls, lines: list[model.BudgetLine]) -> list[BudgetLine]:
        return [
            cls(
                label=b.label,
                amount=b.amount,
                year=b.year,
                code=b.code,
                responsible=b.responsible,
                period_from=b.period_from,
                period_to=b.period_to,
            )
            for b in lines
        ]


@strawberry.type(description="A value for a year (an indicator's target or reported actual).")
class YearValue:
    year: int = strawberry.field(description="The year.")
    value: float = strawberry.field(description="The value for that year.")

    @classmethod
    def of(cls, values: dict[int, float]) -> list[YearValue]:
        return [cls(year=y, value=v) for y, v in sorted(values.items())]


# --------------------------------------------------------------------------- helpers


def _enum(enum_cls: type[Any], value: Any) -> Any:
    return None if value is None else enum_cls(value)


async def _node(info: Info, node_id: str | None) -> Node | None:
    if node_id is None:
        return None
    found = await info.context.loaders.node.load(node_id)
    return node_type(found) if found is not None else None


async def _nodes(info: Info, ids: list[str]) -> list[Node]:
    found = await info.context.loaders.node.load_many(ids)
    return [node_type(n) for n in found if n is not None]


async def _relations(  # noqa: PLR0917 - a private helper called the same way everywhere
    info: Info,
    node_id: str,
    kind: RelationKind | None,
    direction: str,
    as_of: date | None,
    role: Role | None = None,
) -> list[Any]:
    rels = await info.context.loaders.relations_at(node_id, kind, direction, as_of)  # type: ignore[arg-type]  # a Direction value
    if role is not None:
        rels = [r for r in rels if r.role is role]
    return [relation_type(r) for r in rels]


AS_OF = "Only what holds on this day (default: every period)."


# --------------------------------------------------------------------------- interfaces


@strawberry.interface(
    description="A node of the graph: a county, municipality, organisation, network, project, target group "
    "or indicator."
)
class Node:
    id: strawberry.ID = strawberry.field(description="Stable readable id '<prefix>:<slug>', e.g. 'org:elvl'.")
    kind: NodeKind = strawberry.field(description="The kind of node.")
    name: str = strawberry.field(description="The name, in Estonian as the sources give it.")
    name_en: str | None = strawberry.field(description="The name in English.")
    description: str | None = strawberry.field(description="What the sources say about it, in brief.")
    sources: list[Source] = strawberry.field(
        description="The documents and sections this node is taken from."
    )

    @resolver(description="The relations at this node, each with the node at its other end.")
    async def neighbours(
        self,
        info: Info,
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
        rels = await info.context.loaders.relations_at(str(self.id), relation_kind, direction.value, as_of)
        out: list[Neighbour] = []
        for rel in rels:
            other_id = rel.target if rel.source == self.id else rel.source
            other = await info.context.loaders.node.load(other_id)
            if other is None or (node_kind is not None and other.kind != node_kind.value):
                continue
            out.append(
                Neighbour(
                    relation=relation_type(rel),
                    node=node_type(other),
                    direction=Direction.OUT if rel.source == self.id else Direction.IN,
                )
            )
        return out


@strawberry.interface(description="A dated, sourced relation between two nodes.")
class Relation:
    obj: strawberry.Private[model.Relation]
    id: strawberry.ID = strawberry.field(
        description="The relation's id, by default '<source>><kind>><target>'."
    )
    kind: RelationKind = strawberry.field(description="The kind of relation.")
    valid_from: date | None = strawberry.field(description="First day the relation holds (open if null).")
    valid_to: date | None = strawberry.field(description="Last day the relation holds (open if null).")
    note: str | None = strawberry.field(description="A remark, e.g. that a date is approximate.")
    sources: list[Source] = strawberry.field(
        description="The documents and sections this relation is taken from."
    )
    positions: list[Position] = strawberry.field(
        description="Staff positions attached to the relation (never persons)."
    )

    @resolver(description="The node the relation starts at.")
    async def source(self, info: Info) -> Node:
        node = await _node(info, self.obj.source)
        assert node is not None, "a relation's endpoints exist"
        return node

    @resolver(description="The node the relation ends at.")
    async def target(self, info: Info) -> Node:
        node = await _node(info, self.obj.target)
        assert node is not None, "a relation's endpoints exist"
        return node

    @resolver(description="Whether the relation holds on a day (open ends count as unbounded).")
    def active(self, on: Annotated[date, strawberry.argument(description="The day.")]) -> bool:
        return self.obj.active_on(on)


@strawberry.type(description="A relation at a node and the node at its other end.")
class Neighbour:
    relation: Relation = strawberry.field(description="The relation.")
    node: Node = strawberry.field(description="The node at the relation's other end.")
    direction: Direction = strawberry.field(
        description="OUT if the relation starts at the asked node, IN if it ends there."
    )


# --------------------------------------------------------------------------- nodes


@strawberry.type(description="One of Estonia's 15 counties (maakond).")
class County(Node):
    ehak: str = strawberry.field(description="Statistics Estonia's EHAK code (4 digits).")
    seat: str | None = strawberry.field(description="The county's seat.")
    lat: float = strawberry.field(description="Latitude of the approximate centroid.")
    lon: float = strawberry.field(description="Longitude of the approximate centroid.")

    @resolver(description="The county's municipalities, by id.")
    async def municipalities(self, info: Info) -> list[Municipality]:
        rels = await info.context.loaders.relations_at(str(self.id), RelationKind.LOCATED_IN, "in", None)
        ids = [r.source for r in rels if r.source.startswith("municipality:")]
        return [n for n in await _nodes(info, ids) if isinstance(n, Municipality)]

    @resolver(description="Organisations located in the county or one of its municipalities.")
    async def organisations(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Organisation]:
        ids = await info.context.service.ids_in_area(str(self.id), as_of)
        found = await _nodes(info, sorted(i for i in ids if i.startswith("org:")))
        return [n for n in found if isinstance(n, Organisation)]

    @resolver(description="Networks located in the county or one of its municipalities.")
    async def networks(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Network]:
        ids = await info.context.service.ids_in_area(str(self.id), as_of)
        found = await _nodes(info, sorted(i for i in ids if i.startswith("network:")))
        return [n for n in found if isinstance(n, Network)]


@strawberry.type(description="One of Estonia's 79 municipalities (KOV) since the 2017 reform.")
class Municipality(Node):
    municipality_type: MunicipalityType = strawberry.field(
        description="City (linn) or rural municipality (vald)."
    )
    county_id: strawberry.ID = strawberry.field(description="The id of the county it lies in.")
    ehak: str = strawberry.field(description="Statistics Estonia's EHAK code (4 digits).")
    lat: float = strawberry.field(description="Latitude of the approximate centroid.")
    lon: float = strawberry.field(description="Longitude of the approximate centroid.")
    population: int | None = strawberry.field(description="Population, where the sources give it.")

    @resolver(description="The county the municipality lies in.")
    async def county(self, info: Info) -> County:
        node = await _node(info, str(self.county_id))
        assert isinstance(node, County), "a municipality's county exists"
        return node

    @resolver(description="Organisations located in the municipality.")
    async def organisations(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Organisation]:
        rels = await info.context.loaders.relations_at(str(self.id), RelationKind.LOCATED_IN, "in", as_of)
        found = await _nodes(info, [r.source for r in rels if r.source.startswith("org:")])
        return [n for n in found if isinstance(n, Organisation)]

    @resolver(description="Networks located in the municipality (local networks, participation councils).")
    async def networks(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Network]:
        rels = await info.context.loaders.relations_at(str(self.id), RelationKind.LOCATED_IN, "in", as_of)
        found = await _nodes(info, [r.source for r in rels if r.source.startswith("network:")])
        return [n for n in found if isinstance(n, Network)]


@strawberry.interface(
    description="A node with a home area: an organisation or a network, located in a municipality or county."
)
class Located:
    id: strawberry.ID = strawberry.field(description="Stable readable id '<prefix>:<slug>'.")

    @resolver(description="Where it is located: its located_in relations.")
    async def locations(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Location]:
        return await _relations(info, str(self.id), RelationKind.LOCATED_IN, "out", as_of)

    @resolver(description="The municipality it is located in, if any.")
    async def municipality(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> Municipality | None:
        rels = await info.context.loaders.relations_at(str(self.id), RelationKind.LOCATED_IN, "out", as_of)
        for rel in rels:
            if rel.target.startswith("municipality:"):
                node = await _node(info, rel.target)
                if isinstance(node, Municipality):
                    return node
        return None

    @resolver(description="The county it is located in, directly or through its municipality.")
    async def county(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> County | None:
        rels = await info.context.loaders.relations_at(str(self.id), RelationKind.LOCATED_IN, "out", as_of)
        county_id = None
        for rel in rels:
            if rel.target.startswith("municipality:"):
                found = await info.context.loaders.node.load(rel.target)
                if isinstance(found, model.Municipality):
                    county_id = found.county
                    break
            elif rel.target.startswith("county:") and county_id is None:
                county_id = rel.target
        node = await _node(info, county_id)
        return node if isinstance(node, County) else None


@strawberry.type(
    description="An organisation: a municipal government, ministry, agency, NGO, foundation, company, "
    "LEADER action group..."
)
class Organisation(Located, Node):
    org_kind: OrgKind = strawberry.field(description="What sort of body it is.")
    sector: Sector = strawberry.field(description="Public, non-profit or private.")
    scope: Scope = strawberry.field(description="How far it reaches: local, county, national, international.")
    abbreviation: str | None = strawberry.field(description="Its usual abbreviation, e.g. 'ELVL'.")
    country: str | None = strawberry.field(description="ISO 3166 alpha-2 country code if not Estonia.")

    @resolver(description="The networks it belongs to, with role and period.")
    async def memberships(
        self,
        info: Info,
        as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None,
        role: Annotated[
            Role | None, strawberry.argument(description="Only memberships with this role.")
        ] = None,
    ) -> list[Membership]:
        return await _relations(info, str(self.id), RelationKind.MEMBER_OF, "out", as_of, role)

    @resolver(description="The projects it takes part in, with role, money and positions.")
    async def partnerships(
        self,
        info: Info,
        as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None,
        role: Annotated[Role | None, strawberry.argument(description="Only LEAD or PARTNER.")] = None,
    ) -> list[Partnership]:
        return await _relations(info, str(self.id), RelationKind.PARTNER_IN, "out", as_of, role)

    @resolver(description="Agreements it is party to, in either direction.")
    async def agreements(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Agreement]:
        return await _relations(info, str(self.id), RelationKind.PARTY_TO, "both", as_of)

    @resolver(description="What it funds: projects, organisations, networks.")
    async def funds(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Funding]:
        return await _relations(info, str(self.id), RelationKind.FUNDS, "out", as_of)

    @resolver(description="Who funds it.")
    async def funded_by(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Funding]:
        return await _relations(info, str(self.id), RelationKind.FUNDS, "in", as_of)

    @resolver(description="The target groups it serves.")
    async def targets(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Targeting]:
        return await _relations(info, str(self.id), RelationKind.TARGETS, "out", as_of)

    @resolver(
        description="Larger bodies, networks or projects it is part of (e.g. a city department of its "
        "government)."
    )
    async def part_of(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "out", as_of)

    @resolver(description="Units and indicators that are part of it.")
    async def parts(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "in", as_of)


@strawberry.type(
    description="A network: a coordinator network, cooperation network, participation council, steering "
    "group..."
)
class Network(Located, Node):
    network_type: model.NetworkType = strawberry.field(description="What the network is for.")
    scope: Scope = strawberry.field(description="How far it reaches: local, county, national, international.")
    meetings_per_year: float | None = strawberry.field(description="How often it meets, per year.")
    open: bool | None = strawberry.field(description="Whether new members may join at any time.")
    status: NetworkStatus = strawberry.field(description="Planned, active or ended.")

    @resolver(description="Its members, with role (member, convener, coordinator) and period.")
    async def members(
        self,
        info: Info,
        as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None,
        role: Annotated[Role | None, strawberry.argument(description="Only members with this role.")] = None,
    ) -> list[Membership]:
        return await _relations(info, str(self.id), RelationKind.MEMBER_OF, "in", as_of, role)

    @resolver(description="Who funds the network.")
    async def funders(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Funding]:
        return await _relations(info, str(self.id), RelationKind.FUNDS, "in", as_of)

    @resolver(description="The target groups the network serves.")
    async def targets(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Targeting]:
        return await _relations(info, str(self.id), RelationKind.TARGETS, "out", as_of)

    @resolver(description="Projects, programmes or networks the network is part of.")
    async def part_of(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "out", as_of)

    @resolver(description="What is part of the network (sub-networks, indicators).")
    async def parts(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "in", as_of)


@strawberry.type(description="A programme, project, funding measure, call or activity.")
class Project(Node):
    project_kind: ProjectKind = strawberry.field(description="Programme, project, measure, call or activity.")
    code: str | None = strawberry.field(description="Its code in the source document.")
    start: date | None = strawberry.field(description="First day.")
    end: date | None = strawberry.field(description="Last day.")
    budget: float | None = strawberry.field(description="Total budget, EUR.")
    budget_lines: list[BudgetLine] = strawberry.field(description="The budget, line by line.")
    budget_share: float | None = strawberry.field(description="Share of a fund, in per cent.")
    fund: str | None = strawberry.field(description="The fund it draws on (e.g. 'LEADER', 'ESF+').")
    grant_min: float | None = strawberry.field(description="Smallest grant of a call, EUR.")
    grant_max: float | None = strawberry.field(description="Largest grant of a call, EUR.")
    eligible_applicants: list[OrgKind] = strawberry.field(description="Who may apply to a call or measure.")

    @resolver(description="Whether the project runs on a day (open ends count as unbounded).")
    def active(self, on: Annotated[date, strawberry.argument(description="The day.")]) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @resolver(description="Its partners, with role (lead or partner), money and positions.")
    async def partners(
        self,
        info: Info,
        as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None,
        role: Annotated[Role | None, strawberry.argument(description="Only LEAD or PARTNER.")] = None,
    ) -> list[Partnership]:
        return await _relations(info, str(self.id), RelationKind.PARTNER_IN, "in", as_of, role)

    @resolver(description="Who funds the project.")
    async def funders(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Funding]:
        return await _relations(info, str(self.id), RelationKind.FUNDS, "in", as_of)

    @resolver(description="The target groups the project serves.")
    async def targets(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Targeting]:
        return await _relations(info, str(self.id), RelationKind.TARGETS, "out", as_of)

    @resolver(description="The programmes or measures it is part of.")
    async def part_of(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "out", as_of)

    @resolver(description="Its activities, calls, sub-projects and indicators.")
    async def parts(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "in", as_of)


@strawberry.type(
    description="A target group (sihtrühm): e.g. newly arrived immigrants 18+, older people 55+."
)
class TargetGroup(Node):
    age_min: int | None = strawberry.field(description="Youngest age in the group.")
    age_max: int | None = strawberry.field(description="Oldest age in the group.")

    @resolver(description="Projects, networks and organisations that target the group.")
    async def targeted_by(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[Targeting]:
        return await _relations(info, str(self.id), RelationKind.TARGETS, "in", as_of)


@strawberry.type(description="How an indicator's value is computed from the graph.")
class IndicatorDefinition:
    metric: IndicatorMetric = strawberry.field(description="The graph measure.")
    network_id: strawberry.ID | None = strawberry.field(
        description="The network the measure counts in, if any."
    )
    project_id: strawberry.ID | None = strawberry.field(
        description="The project the measure counts in, if any."
    )


@strawberry.type(
    description="An indicator with targets by year (e.g. 'number of KOV participation councils')."
)
class Indicator(Node):
    unit: str = strawberry.field(description="The unit counted.")
    targets: list[YearValue] = strawberry.field(description="Target values by year.")
    actuals: list[YearValue] = strawberry.field(description="Values the documents report, by year.")
    comparison: Comparison = strawberry.field(description="How the value is compared with the target.")
    definition: IndicatorDefinition | None = strawberry.field(
        description="How the value is computed from the graph, if it can be."
    )

    @resolver(description="The projects, networks or organisations the indicator belongs to.")
    async def part_of(
        self, info: Info, as_of: Annotated[date | None, strawberry.argument(description=AS_OF)] = None
    ) -> list[PartOf]:
        return await _relations(info, str(self.id), RelationKind.PART_OF, "out", as_of)


Area = Annotated[County | Municipality, strawberry.union("Area", description="A county or a municipality.")]

# --------------------------------------------------------------------------- relations


@strawberry.type(description="An organisation's membership of a network (member_of), with role and period.")
class Membership(Relation):
    role: Role = strawberry.field(description="Member, convener or coordinator.")

    @resolver(description="The member organisation.")
    async def organisation(self, info: Info) -> Organisation:
        node = await _node(info, self.obj.source)
        assert isinstance(node, Organisation), "a member is an organisation"
        return node

    @resolver(description="The network.")
    async def network(self, info: Info) -> Network:
        node = await _node(info, self.obj.target)
        assert isinstance(node, Network), "member_of ends at a network"
        return node


@strawberry.type(description="An organisation's part in a project (partner_in): role, money, positions.")
class Partnership(Relation):
    role: Role = strawberry.field(description="Lead or partner.")
    budget: float | None = strawberry.field(description="The partner's budget in the project, EUR.")
    own_contribution: float | None = strawberry.field(description="The partner's own contribution, EUR.")
    support: float | None = strawberry.field(description="The grant the partner receives, EUR.")
    budget_lines: list[BudgetLine] = strawberry.field(description="The partner's budget, line by line.")

    @resolver(description="The partner organisation.")
    async def organisation(self, info: Info) -> Organisation:
        node = await _node(info, self.obj.source)
        assert isinstance(node, Organisation), "a partner is an organisation"
        return node

    @resolver(description="The project.")
    async def project(self, info: Info) -> Project:
        node = await _node(info, self.obj.target)
        assert isinstance(node, Project), "partner_in ends at a project"
        return node


@strawberry.type(
    description="An agreement between two organisations (party_to), e.g. a partnership agreement "
    "(partnerlusleping)."
)
class Agreement(Relation):
    agreement: str | None = strawberry.field(description="The agreement's name.")

    @resolver(description="The two parties: the organisation that is party to it, and the other party.")
    async def parties(self, info: Info) -> list[Organisation]:
        found = await _nodes(info, [self.obj.source, self.obj.target])
        return [n for n in found if isinstance(n, Organisation)]

    @resolver(description="The project or network the agreement belongs to, if any.")
    async def context(self, info: Info) -> Node | None:
        return await _node(info, self.obj.context)


@strawberry.type(description="Where an organisation, network or municipality is located (located_in).")
class Location(Relation):
    @resolver(description="What is located.")
    async def subject(self, info: Info) -> Node:
        node = await _node(info, self.obj.source)
        assert node is not None, "a relation's endpoints exist"
        return node

    @resolver(description="The municipality or county it is located in.")
    async def area(self, info: Info) -> Area:
        node = await _node(info, self.obj.target)
        assert isinstance(node, (County, Municipality)), "located_in ends at an area"
        return node


@strawberry.type(description="Money from an organisation to a project, organisation or network (funds).")
class Funding(Relation):
    amount: float | None = strawberry.field(description="Amount, EUR.")

    @resolver(description="The funder.")
    async def funder(self, info: Info) -> Organisation:
        node = await _node(info, self.obj.source)
        assert isinstance(node, Organisation), "a funder is an organisation"
        return node

    @resolver(description="What is funded.")
    async def recipient(self, info: Info) -> Node:
        node = await _node(info, self.obj.target)
        assert node is not None, "a relation's endpoints exist"
        return node


@strawberry.type(description="A project, network or organisation serving a target group (targets).")
class Targeting(Relation):
    @resolver(description="The project, network or organisation.")
    async def subject(self, info: Info) -> Node:
        node = await _node(info, self.obj.source)
        assert node is not None, "a relation's endpoints exist"
        return node

    @resolver(description="The target group.")
    async def target_group(self, info: Info) -> TargetGroup:
        node = await _node(info, self.obj.target)
        assert isinstance(node, TargetGroup), "targets ends at a target group"
        return node


@strawberry.type(
    description="A part and the whole it belongs to (part_of): an activity of a programme, a unit of a body."
)
class PartOf(Relation):
    @resolver(description="The part.")
    async def part(self, info: Info) -> Node:
        node = await _node(info, self.obj.source)
        assert node is not None, "a relation's endpoints exist"
        return node

    @resolver(description="The whole.")
    async def whole(self, info: Info) -> Node:
        node = await _node(info, self.obj.target)
        assert node is not None, "a relation's endpoints exist"
        return node


# --------------------------------------------------------------------------- conversion


def _base(node: model._NodeBase) -> dict[str, Any]:
    return {
        "id": strawberry.ID(node.id),
        "kind": NodeKind(node.node_kind),
        "name": node.name,
        "name_en": node.name_en,
        "description": node.description,
        "sources": Source.of(node.sources),
    }


def node_type(node: model.Node) -> Node:
    """The GraphQL object of a model node."""
    base = _base(node)
    if isinstance(node, model.Organisation):
        return Organisation(
            **base,
            org_kind=node.org_kind,
            sector=node.sector,
            scope=node.scope,
            abbreviation=node.abbreviation,
            country=node.country,
        )
    if isinstance(node, model.Network):
        return Network(
            **base,
            network_type=node.network_type,
            scope=node.scope,
            meetings_per_year=node.meetings_per_year,
            open=node.open,
            status=NetworkStatus(node.status),
        )
    if isinstance(node, model.Municipality):
        return Municipality(
            **base,
            municipality_type=MunicipalityType(node.municipality_type),
            county_id=strawberry.ID(node.county),
            ehak=node.ehak,
            lat=node.lat,
            lon=node.lon,
            population=node.population,
        )
    if isinstance(node, model.County):
        return County(**base, ehak=node.ehak, seat=node.seat, lat=node.lat, lon=node.lon)
    if isinstance(node, model.Project):
        return Project(
            **base,
            project_kind=node.project_kind,
            code=node.code,
            start=node.start,
            end=node.end,
            budget=node.budget,
            budget_lines=BudgetLine.of(node.budget_lines),
            budget_share=node.budget_share,
            fund=node.fund,
            grant_min=node.grant_min,
            grant_max=node.grant_max,
            eligible_applicants=list(node.eligible_applicants),
        )
    if isinstance(node, model.TargetGroup):
        return TargetGroup(**base, age_min=node.age_min, age_max=node.age_max)
    definition = None
    if node.definition is not None:
        d = node.definition
        definition = IndicatorDefinition(
            metric=IndicatorMetric(d.metric),
            network_id=strawberry.ID(d.network) if d.network else None,
            project_id=strawberry.ID(d.project) if d.project else None,
        )
    return Indicator(
        **base,
        unit=node.unit,
        targets=YearValue.of(node.targets),
        actuals=YearValue.of(node.actuals),
        comparison=Comparison(node.comparison),
        definition=definition,
    )


_RELATION_TYPES: dict[RelationKind, type[Relation]] = {
    RelationKind.MEMBER_OF: Membership,
    RelationKind.PARTNER_IN: Partnership,
    RelationKind.PARTY_TO: Agreement,
    RelationKind.LOCATED_IN: Location,
    RelationKind.FUNDS: Funding,
    RelationKind.TARGETS: Targeting,
    RelationKind.PART_OF: PartOf,
}


def relation_type(rel: model.Relation) -> Any:
    """The GraphQL object of a model relation (Membership, Partnership, Agreement, ...)."""
    base: dict[str, Any] = {
        "obj": rel,
        "id": strawberry.ID(rel.id),
        "kind": rel.kind,
        "valid_from": rel.valid_from,
        "valid_to": rel.valid_to,
        "note": rel.note,
        "sources": Source.of(rel.sources),
        "positions": Position.of(rel.positions),
    }
    if rel.kind is RelationKind.MEMBER_OF:
        return Membership(**base, role=rel.role or Role.MEMBER)
    if rel.kind is RelationKind.PARTNER_IN:
        return Partnership(
            **base,
            role=rel.role or Role.PARTNER,
            budget=rel.budget,
            own_contribution=rel.own_contribution,
            support=rel.support,
            budget_lines=BudgetLine.of(rel.budget_lines),
        )
    if rel.kind is RelationKind.PARTY_TO:
        return Agreement(**base, agreement=rel.agreement)
    if rel.kind is RelationKind.FUNDS:
        return Funding(**base, amount=rel.amount)
    return _RELATION_TYPES[rel.kind](**base)


# --------------------------------------------------------------------------- pages


@strawberry.type(description="Where a page of a list stands.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items come before this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the page's first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the page's last item: pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a page and its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque cursor of this item.")
    node: T = strawberry.field(description="The item.")


def encode_cursor(offset: int) -> str:
    """An opaque cursor for the item at ``offset``."""
    return base64.urlsafe_b64encode(f"pm:{offset}".encode()).decode("ascii")


def decode_cursor(cursor: str | None) -> int:
    """The offset after the item a cursor names (0 for None); UserInputError if invalid."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        prefix, _, number = text.partition(":")
        offset = int(number)
        if prefix != "pm" or offset < 0:
            raise ValueError(cursor)
    except (ValueError, UnicodeError, binascii.Error):
        raise UserInputError(
            f"{cursor!r} is not a cursor this API gave out (use a pageInfo.endCursor)"
        ) from None
    return offset + 1


@strawberry.type(
    description="A page of a list (Relay-style connection): edges with cursors, the items, page info, "
    "total count."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")
    page: strawberry.Private[Page]

    @resolver(description="The page's items, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @resolver(description="How many items the whole list holds (costs a count; ask only when needed).")
    async def total_count(self) -> int:
        total: int = await self.page.total()
        return total

    @classmethod
    def of(cls, page: Page, items: list[Any]) -> Connection[Any]:
        edges = [Edge(cursor=encode_cursor(page.offset + i), node=item) for i, item in enumerate(items)]
        info = PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return cls(edges=edges, page_info=info, page=page)
