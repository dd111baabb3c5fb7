"""Metrics over GraphQL: every number comes from :mod:`partnermap.metrics`.

``metrics(asOf: ...)`` takes the store's snapshot (cached, see
:meth:`~partnermap.api.service.GraphService.snapshot`), narrows it to the day with
:func:`partnermap.metrics.temporal.at` and builds the cooperation graph with
:func:`~partnermap.metrics.temporal.cooperation_at`, as ``partnermap metrics`` does; the
fields below call the library's functions on those graphs and only translate the results
into GraphQL types. Without ``asOf`` every period counts.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Annotated, Any

import networkx as nx
import strawberry

from partnermap.api.context import Info
from partnermap.api.errors import UserInputError
from partnermap.api.fields import resolver
from partnermap.api.schema import County, Indicator, Municipality, Node, Organisation, node_type
from partnermap.api.service import check_node_id
from partnermap.metrics.brokerage import gould_fernandez, gould_fernandez_by_group
from partnermap.metrics.centrality import centralities, top
from partnermap.metrics.coverage import coverage
from partnermap.metrics.indicators import indicator_status
from partnermap.metrics.mixing import cross_area
from partnermap.metrics.resilience import weak_points, what_if_leaves
from partnermap.metrics.temporal import check_date
from partnermap.model import NodeKind

__all__ = ["Metrics"]

BY = (
    "The organisations' attribute that makes the groups: county, municipality, area (county, or national / "
    "international), sector, kind, leader-area, or another attribute organisations carry."
)
TOP = "How many to return (most first), 0-1000."
MAX_TOP = 1000
MAX_PERMUTATIONS = 999


def _row(cls: type[Any], obj: Any, **extra: Any) -> Any:
    """A GraphQL object from a metrics dataclass with the same field names."""
    fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    fields.update(extra)
    return cls(**fields)


def _check_top(n: int) -> int:
    if not 0 <= n <= MAX_TOP:
        raise UserInputError(f"top must be between 0 and {MAX_TOP}, not {n}")
    return n


async def _org(info: Info, node_id: str) -> Organisation | None:
    found = await info.context.loaders.node.load(node_id)
    node = node_type(found) if found is not None else None
    return node if isinstance(node, Organisation) else None


async def _nodes(info: Info, ids: list[str]) -> list[Node]:
    found = await info.context.loaders.node.load_many(ids)
    return [node_type(n) for n in found if n is not None]


@strawberry.enum(description="A centrality measure of partnermap.metrics.centrality.")
class CentralityMeasure(Enum):
    DEGREE = "degree"
    WEIGHTED_DEGREE = "weighted_degree"
    BETWEENNESS = "betweenness"
    CLOSENESS = "closeness"
    EIGENVECTOR = "eigenvector"
    PAGERANK = "pagerank"


# --------------------------------------------------------------------------- mixing


@strawberry.type(description="Krackhardt and Stern's E-I index of the whole cooperation graph.")
class EIIndex:
    attribute: str = strawberry.field(description="The attribute that makes the groups.")
    groups: int = strawberry.field(description="Number of groups.")
    organisations: int = strawberry.field(description="Organisations with a value for the attribute.")
    unlabelled: int = strawberry.field(description="Organisations left out: no value for the attribute.")
    internal: int = strawberry.field(description="Ties within a group.")
    external: int = strawberry.field(description="Ties across groups.")
    ei: float = strawberry.field(description="(external - internal) / (external + internal), -1..1.")
    internal_weight: float = strawberry.field(description="Summed weight of internal ties.")
    external_weight: float = strawberry.field(description="Summed weight of external ties.")
    weighted_ei: float | None = strawberry.field(description="The E-I index of the weights.")


@strawberry.type(description="One group's ties: internal and external, E-I index and internal density.")
class GroupMixing:
    group: str = strawberry.field(description="The group (e.g. a county id).")
    members: int = strawberry.field(description="Organisations in the group.")
    internal: int = strawberry.field(description="Ties within the group.")
    external: int = strawberry.field(description="Ties to other groups.")
    internal_weight: float = strawberry.field(description="Summed weight of internal ties.")
    external_weight: float = strawberry.field(description="Summed weight of external ties.")
    ei: float | None = strawberry.field(description="The group's E-I index.")
    weighted_ei: float | None = strawberry.field(description="The group's E-I index of the weights.")
    internal_density: float | None = strawberry.field(description="Share of possible internal ties present.")


@strawberry.type(description="One organisation's ties to its own and to other groups.")
class NodeMixing:
    node: strawberry.ID = strawberry.field(description="The organisation's id.")
    name: str = strawberry.field(description="The organisation's name.")
    group: str = strawberry.field(description="Its group.")
    internal: int = strawberry.field(description="Ties within its group.")
    external: int = strawberry.field(description="Ties to other groups.")
    ei: float = strawberry.field(description="Its E-I index.")
    internal_weight: float = strawberry.field(description="Summed weight of internal ties.")
    external_weight: float = strawberry.field(description="Summed weight of external ties.")
    weighted_ei: float | None = strawberry.field(description="Its E-I index of the weights.")


@strawberry.type(description="Ties (and weights) between each pair of groups; the diagonal is internal.")
class MixingMatrix:
    attribute: str = strawberry.field(description="The attribute that makes the groups.")
    groups: list[str] = strawberry.field(description="The groups, in the order of the rows and columns.")
    ties: list[list[int]] = strawberry.field(description="Number of ties between group i and group j.")
    weights: list[list[float]] = strawberry.field(description="Summed weight of those ties.")


@strawberry.type(description="The observed E-I index against those of shuffled group labels.")
class PermutationTest:
    attribute: str = strawberry.field(description="The attribute that makes the groups.")
    weighted: bool = strawberry.field(description="Whether the weighted E-I index was tested.")
    observed: float = strawberry.field(description="The observed E-I index.")
    expected: float = strawberry.field(description="The E-I index expected from group sizes alone.")
    permutation_mean: float = strawberry.field(description="Mean E-I index of the permutations.")
    permutation_sd: float = strawberry.field(description="Standard deviation of the permutations' E-I index.")
    p_greater: float = strawberry.field(
        description="Share of permutations with an E-I index at least as high."
    )
    p_less: float = strawberry.field(description="Share of permutations with an E-I index at least as low.")
    p_two_sided: float = strawberry.field(description="Two-sided p-value.")
    permutations: int = strawberry.field(description="Number of relabellings compared.")
    exact: bool = strawberry.field(description="Whether every distinct relabelling was enumerated.")
    seed: int | None = strawberry.field(description="Random seed of the sampled permutations.")


@strawberry.type(
    description="Do ties cross area (or sector, kind...) lines? partnermap.metrics.mixing.cross_area."
)
class CrossArea:
    attribute: str = strawberry.field(description="The attribute that makes the groups.")
    ei: EIIndex = strawberry.field(description="The whole graph's E-I index.")
    assortativity: float | None = strawberry.field(description="Attribute assortativity of the ties.")
    weighted_assortativity: float | None = strawberry.field(description="Assortativity of the weights.")
    permutation: PermutationTest | None = strawberry.field(description="The permutation test (if asked for).")
    groups: list[GroupMixing] = strawberry.field(description="Per group.")
    matrix: MixingMatrix = strawberry.field(description="The group x group tie matrix.")
    nodes: list[NodeMixing] = strawberry.field(description="Per organisation (if asked for).")


# --------------------------------------------------------------------------- centrality, brokerage


@strawberry.type(description="One organisation's centralities in the cooperation graph.")
class Centrality:
    node: strawberry.ID = strawberry.field(description="The organisation's id.")
    name: str = strawberry.field(description="The organisation's name.")
    area: str | None = strawberry.field(description="Its county id, or national / international.")
    degree: int = strawberry.field(description="Number of organisations it cooperates with.")
    weighted_degree: float = strawberry.field(description="Summed weight of its ties.")
    betweenness: float = strawberry.field(description="Normalised betweenness centrality.")
    closeness: float = strawberry.field(description="Closeness centrality.")
    eigenvector: float = strawberry.field(description="Eigenvector centrality.")
    pagerank: float = strawberry.field(description="PageRank.")

    @resolver(description="The organisation.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await _org(info, str(self.node))


@strawberry.type(description="A broker's Gould-Fernandez role counts (open two-paths through it, by groups).")
class Brokerage:
    node: strawberry.ID = strawberry.field(description="The organisation's id.")
    name: str = strawberry.field(description="The organisation's name.")
    group: str = strawberry.field(description="Its group.")
    coordinator: int = strawberry.field(description="Two-paths within its own group.")
    itinerant: int = strawberry.field(description="Two-paths joining two members of one other group.")
    representative: int = strawberry.field(description="Two-paths from its group out to another.")
    gatekeeper: int = strawberry.field(description="Two-paths from another group into its own.")
    liaison: int = strawberry.field(description="Two-paths joining two other, different groups.")
    total: int = strawberry.field(description="All its brokerage two-paths.")

    @resolver(description="The organisation.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await _org(info, str(self.node))


@strawberry.type(description="Gould-Fernandez role counts summed over the brokers of one group.")
class GroupBrokerage:
    group: str = strawberry.field(description="The group.")
    brokers: int = strawberry.field(description="Organisations of the group with any brokerage.")
    coordinator: int = strawberry.field(description="Coordinator two-paths.")
    itinerant: int = strawberry.field(description="Itinerant two-paths.")
    representative: int = strawberry.field(description="Representative two-paths.")
    gatekeeper: int = strawberry.field(description="Gatekeeper two-paths.")
    liaison: int = strawberry.field(description="Liaison two-paths.")
    total: int = strawberry.field(description="All brokerage two-paths.")


# --------------------------------------------------------------------------- resilience


@strawberry.type(description="What the cooperation graph loses when one organisation leaves.")
class WhatIf:
    node: strawberry.ID = strawberry.field(description="The organisation's id.")
    name: str = strawberry.field(description="The organisation's name.")
    component_size: int = strawberry.field(description="Size of its connected component.")
    components_before: int = strawberry.field(description="Components before it leaves.")
    components_after: int = strawberry.field(description="Components after it leaves.")
    pieces: list[int] = strawberry.field(description="Sizes of what its component falls into.")
    cut_off: int = strawberry.field(description="Organisations cut off from the largest piece.")
    pairs_disconnected: int = strawberry.field(description="Pairs of organisations no longer connected.")

    @resolver(description="The organisation.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await _org(info, str(self.node))


@strawberry.type(description="A tie whose loss splits its component.")
class Bridge:
    u: strawberry.ID = strawberry.field(description="One end's id.")
    v: strawberry.ID = strawberry.field(description="The other end's id.")
    weight: float = strawberry.field(description="The tie's weight.")
    smaller_side: int = strawberry.field(description="Organisations on the side that would be cut off.")

    @resolver(description="The two organisations.")
    async def organisations(self, info: Info) -> list[Organisation]:
        found = [await _org(info, str(self.u)), await _org(info, str(self.v))]
        return [o for o in found if o is not None]


@strawberry.type(description="Weak points: articulation points with their impact, bridges, components.")
class WeakPoints:
    organisations: int = strawberry.field(description="Organisations in the cooperation graph.")
    ties: int = strawberry.field(description="Ties in the cooperation graph.")
    components: int = strawberry.field(description="Connected components.")
    largest_component: int = strawberry.field(description="Size of the largest component.")
    articulation_points: list[WhatIf] = strawberry.field(
        description="Organisations whose leaving splits the graph, worst first."
    )
    bridges: list[Bridge] = strawberry.field(description="Ties whose loss splits the graph, worst first.")


# --------------------------------------------------------------------------- coverage, indicators


@strawberry.type(
    description="Where a network or project reaches (through its members' homes) and where it does not."
)
class Coverage:
    id: strawberry.ID = strawberry.field(description="The network's or project's id.")
    name: str = strawberry.field(description="Its name.")
    kind: str = strawberry.field(description="Its network type or project kind.")
    members: int = strawberry.field(description="Members (or partners), with those of its parts.")
    national_members: int = strawberry.field(
        description="Members located nowhere in particular (national bodies)."
    )
    international_members: int = strawberry.field(description="Foreign members.")
    municipality_total: int = strawberry.field(description="Municipalities there are.")
    county_total: int = strawberry.field(description="Counties there are.")
    municipality_share: float = strawberry.field(description="Share of municipalities reached, 0-1.")
    county_share: float = strawberry.field(description="Share of counties reached, 0-1.")
    municipality_ids_reached: strawberry.Private[list[str]]
    municipality_ids_not_reached: strawberry.Private[list[str]]
    county_ids_reached: strawberry.Private[list[str]]
    county_ids_not_reached: strawberry.Private[list[str]]

    @resolver(description="The counties it reaches.")
    async def counties_reached(self, info: Info) -> list[County]:
        return [n for n in await _nodes(info, self.county_ids_reached) if isinstance(n, County)]

    @resolver(description="The counties it does not reach.")
    async def counties_not_reached(self, info: Info) -> list[County]:
        return [n for n in await _nodes(info, self.county_ids_not_reached) if isinstance(n, County)]

    @resolver(description="The municipalities it reaches.")
    async def municipalities_reached(self, info: Info) -> list[Municipality]:
        return [n for n in await _nodes(info, self.municipality_ids_reached) if isinstance(n, Municipality)]

    @resolver(description="The municipalities it does not reach.")
    async def municipalities_not_reached(self, info: Info) -> list[Municipality]:
        found = await _nodes(info, self.municipality_ids_not_reached)
        return [n for n in found if isinstance(n, Municipality)]


@strawberry.type(
    description="One indicator in one target year: the value the graph gives (or the reported one) "
    "and a status."
)
class IndicatorStatus:
    indicator_id: strawberry.ID = strawberry.field(description="The indicator's id.")
    name: str = strawberry.field(description="The indicator's name.")
    unit: str = strawberry.field(description="The unit counted.")
    year: int = strawberry.field(description="The target year.")
    target: float = strawberry.field(description="The target.")
    comparison: str = strawberry.field(description="at_least, at_most or exactly.")
    value: float | None = strawberry.field(description="The value the graph gives at the year's end.")
    reported: float | None = strawberry.field(description="The value the documents report.")
    basis: str | None = strawberry.field(description="What the status is judged on: graph or reported.")
    status: str = strawberry.field(description="met, behind or no data.")
    as_of: str = strawberry.field(description="The day the value is taken (the year's last day).")
    note: str = strawberry.field(description="How the value was found, or why there is none.")

    @resolver(description="The indicator.")
    async def indicator(self, info: Info) -> Indicator | None:
        found = await info.context.loaders.node.load(str(self.indicator_id))
        node = node_type(found) if found is not None else None
        return node if isinstance(node, Indicator) else None


# --------------------------------------------------------------------------- the entry point


@strawberry.type(description="Measures of the cooperation graph, computed by partnermap.metrics.")
class Metrics:
    as_of: date | None = strawberry.field(description="The day the metrics describe (null: every period).")

    async def _graphs(self, info: Info) -> tuple[nx.MultiDiGraph, nx.Graph]:
        service = info.context.service
        G = await service.snapshot(None)
        if G.number_of_nodes() == 0:
            raise UserInputError("the store is empty: load a dataset first")
        if self.as_of is not None:
            day = self.as_of
            await service.compute(lambda: check_date(G, day))
        return await service.snapshot(self.as_of), await service.cooperation(self.as_of)

    @resolver(
        description="Do ties cross area (or sector, kind...) lines: E-I index, groups, matrix, assortativity."
    )
    async def cross_area(
        self,
        info: Info,
        by: Annotated[str, strawberry.argument(description=BY)] = "county",
        permutations: Annotated[
            int,
            strawberry.argument(
                description=f"Permutations for the significance test, 0-{MAX_PERMUTATIONS} (0: none)."
            ),
        ] = 0,
        nodes: Annotated[
            bool, strawberry.argument(description="Include every organisation's mixing.")
        ] = False,
    ) -> CrossArea:
        if not 0 <= permutations <= MAX_PERMUTATIONS:
            raise UserInputError(f"permutations must be between 0 and {MAX_PERMUTATIONS}, not {permutations}")
        _, C = await self._graphs(info)
        result = await info.context.service.compute(
            lambda: cross_area(C, by, permutations=permutations, nodes=nodes)
        )
        return CrossArea(
            attribute=result.attribute,
            ei=_row(EIIndex, result.ei),
            assortativity=result.assortativity,
            weighted_assortativity=result.weighted_assortativity,
            permutation=_row(PermutationTest, result.permutation) if result.permutation else None,
            groups=[_row(GroupMixing, g) for g in result.groups],
            matrix=_row(MixingMatrix, result.matrix),
            nodes=[_row(NodeMixing, n) for n in result.nodes],
        )

    @resolver(description="The organisations that score highest on a centrality.")
    async def centrality(
        self,
        info: Info,
        by: Annotated[CentralityMeasure, strawberry.argument(description="The measure to rank by.")] = (
            CentralityMeasure.BETWEENNESS
        ),
        top: Annotated[int, strawberry.argument(description=TOP)] = 10,
    ) -> list[Centrality]:
        n = _check_top(top)
        _, C = await self._graphs(info)
        rows = await info.context.service.compute(lambda: _top(C, by.value, n))
        return [_row(Centrality, r) for r in rows]

    @resolver(description="Gould-Fernandez brokers between the groups of an attribute, most brokerage first.")
    async def brokerage(
        self,
        info: Info,
        by: Annotated[str, strawberry.argument(description=BY)] = "area",
        top: Annotated[int, strawberry.argument(description=TOP)] = 10,
    ) -> list[Brokerage]:
        n = _check_top(top)
        _, C = await self._graphs(info)
        rows = await info.context.service.compute(lambda: gould_fernandez(C, by))
        return [_row(Brokerage, r) for r in rows[:n]]

    @resolver(description="Gould-Fernandez role counts summed per group.")
    async def brokerage_by_group(
        self, info: Info, by: Annotated[str, strawberry.argument(description=BY)] = "area"
    ) -> list[GroupBrokerage]:
        _, C = await self._graphs(info)
        rows = await info.context.service.compute(lambda: gould_fernandez_by_group(C, by))
        return [_row(GroupBrokerage, r) for r in rows]

    @resolver(description="Articulation points and bridges of the cooperation graph, worst first.")
    async def weak_points(
        self, info: Info, top: Annotated[int, strawberry.argument(description=TOP)] = 10
    ) -> WeakPoints:
        n = _check_top(top)
        _, C = await self._graphs(info)
        result = await info.context.service.compute(lambda: weak_points(C, top=n))
        return WeakPoints(
            organisations=result.organisations,
            ties=result.ties,
            components=result.components,
            largest_component=result.largest_component,
            articulation_points=[_row(WhatIf, w) for w in result.articulation_points],
            bridges=[_row(Bridge, b) for b in result.bridges],
        )

    @resolver(description="What the cooperation graph loses if one organisation leaves.")
    async def what_if_leaves(
        self,
        info: Info,
        organisation: Annotated[strawberry.ID, strawberry.argument(description="The organisation's id.")],
    ) -> WhatIf:
        await info.context.service.node(str(organisation), NodeKind.ORGANISATION)
        _, C = await self._graphs(info)
        result = await info.context.service.compute(lambda: what_if_leaves(C, str(organisation)))
        return _row(WhatIf, result)  # type: ignore[no-any-return]  # a WhatIf

    @resolver(
        description="Which municipalities and counties a network or project reaches, and which it does not."
    )
    async def coverage(
        self,
        info: Info,
        of: Annotated[strawberry.ID, strawberry.argument(description="A network's or project's id.")],
    ) -> Coverage:
        kind = check_node_id(str(of))
        if kind not in (NodeKind.NETWORK, NodeKind.PROJECT):
            raise UserInputError(f"{str(of)!r} is not a network or project id")
        await info.context.service.node(str(of))
        H, _ = await self._graphs(info)
        c = await info.context.service.compute(lambda: coverage(H, str(of)))
        return Coverage(
            id=strawberry.ID(c.id),
            name=c.name,
            kind=c.kind,
            members=c.members,
            national_members=c.national_members,
            international_members=c.international_members,
            municipality_total=c.municipality_total,
            county_total=c.county_total,
            municipality_share=c.municipality_share,
            county_share=c.county_share,
            municipality_ids_reached=c.municipalities_reached,
            municipality_ids_not_reached=c.municipalities_not_reached,
            county_ids_reached=c.counties_reached,
            county_ids_not_reached=c.counties_not_reached,
        )

    @resolver(
        description="Indicators against their targets: the value the graph gives at each target year's end "
        "(or the reported one) and met / behind / no data. Independent of asOf."
    )
    async def indicators(
        self,
        info: Info,
        indicator: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this indicator.")
        ] = None,
        year: Annotated[int | None, strawberry.argument(description="Only this target year.")] = None,
    ) -> list[IndicatorStatus]:
        if indicator is not None:
            await info.context.service.node(str(indicator), NodeKind.INDICATOR)
        G = await info.context.service.snapshot(None)
        wanted = None if indicator is None else str(indicator)
        rows = await info.context.service.compute(lambda: indicator_status(G, indicator=wanted, year=year))
        return [
            IndicatorStatus(
                indicator_id=strawberry.ID(r.indicator),
                name=r.name,
                unit=r.unit,
                year=r.year,
                target=r.target,
                comparison=r.comparison,
                value=r.value,
                reported=r.reported,
                basis=r.basis,
                status=r.status,
                as_of=r.as_of,
                note=r.note,
            )
            for r in rows
        ]


def _top(C: nx.Graph, by: str, n: int) -> list[Any]:
    return top(centralities(C), by, n)
