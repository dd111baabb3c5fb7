"""Metrics over GraphQL: every number comes from :mod:`partnermap.metrics`.

``metrics(asOf: ...)`` runs the library's functions on the day's snapshot and cooperation
graph (:meth:`partnermap.service.GraphService.analyse`), as ``partnermap metrics`` does.
Their result types are derived from the library's dataclasses, described by their
docstrings (:mod:`partnermap.api.derive`): a field added to one appears here with no change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

import networkx as nx
import strawberry

from partnermap.api import derive
from partnermap.api.context import Info
from partnermap.api.errors import between
from partnermap.api.fields import resolver
from partnermap.api.schema import County, Indicator, Municipality, Organisation, linked
from partnermap.metrics import brokerage, centrality, coverage, indicators, mixing, resilience
from partnermap.model import NodeKind

__all__ = ["Metrics"]

T = TypeVar("T")
BY = (
    "The organisations' attribute that makes the groups: county, municipality, area (county, or national / "
    "international), sector, kind, leader-area, or another attribute organisations carry."
)
TOP = "How many to return (most first), 0-1000."
MAX_TOP = 1000
MAX_PERMUTATIONS = 999
By = Annotated[str, strawberry.argument(description=BY)]
Top = Annotated[int, strawberry.argument(description=TOP)]
ORGANISATION = "The organisation."


def _metric(source: type, *, ids: tuple[str, ...] = ()) -> Callable[[type[T]], type[T]]:
    """The output type of a result dataclass, described by its docstring."""
    return derive.output(source, ids=ids, enums=False)


@strawberry.enum(description="A centrality measure of partnermap.metrics.centrality.")
class CentralityMeasure(Enum):
    DEGREE = "degree"
    WEIGHTED_DEGREE = "weighted_degree"
    BETWEENNESS = "betweenness"
    CLOSENESS = "closeness"
    EIGENVECTOR = "eigenvector"
    PAGERANK = "pagerank"


# The results with no field beyond their dataclass's, each type named after its dataclass.
for _source, _ids in [
    (mixing.EIIndex, ()),
    (mixing.GroupMixing, ()),
    (mixing.NodeMixing, ("node",)),
    (mixing.MixingMatrix, ()),
    (mixing.PermutationTest, ()),
]:
    _metric(_source, ids=_ids)(type(_source.__name__, (), {"__module__": __name__}))


@_metric(mixing.CrossArea)
class CrossArea:
    """Derived from :class:`partnermap.metrics.mixing.CrossArea`."""


@_metric(brokerage.GroupBrokerage)
class GroupBrokerage:
    """Derived from :class:`partnermap.metrics.brokerage.GroupBrokerage`."""


@_metric(centrality.Centrality, ids=("node",))
class Centrality:
    organisation: Organisation | None = linked("node", ORGANISATION)


@_metric(brokerage.Brokerage, ids=("node",))
class Brokerage:
    organisation: Organisation | None = linked("node", ORGANISATION)


@_metric(resilience.WhatIf, ids=("node",))
class WhatIf:
    organisation: Organisation | None = linked("node", ORGANISATION)


@_metric(resilience.Bridge, ids=("u", "v"))
class Bridge:
    organisations: list[Organisation] = linked(("u", "v"), "The two organisations.")


@_metric(resilience.WeakPoints)
class WeakPoints:
    """Derived from :class:`partnermap.metrics.resilience.WeakPoints`."""


@_metric(coverage.Coverage, ids=("id",))
class Coverage:
    counties_reached: list[County] = linked("counties_reached", "The counties it reaches.")
    counties_not_reached: list[County] = linked("counties_not_reached", "The counties it does not reach.")
    municipalities_reached: list[Municipality] = linked(
        "municipalities_reached", "The municipalities it reaches."
    )
    municipalities_not_reached: list[Municipality] = linked(
        "municipalities_not_reached", "The municipalities it does not reach."
    )


@_metric(indicators.IndicatorStatus, ids=("indicator",))
class IndicatorStatus:
    indicator: Indicator | None = linked("indicator", "The indicator.")


@strawberry.type(description="Measures of the cooperation graph, computed by partnermap.metrics.")
class Metrics:
    as_of: date | None = strawberry.field(description="The day the metrics describe (null: every period).")
    stated_only: bool = strawberry.field(
        default=False, description="Whether relations marked inferred are left out (statedOnly)."
    )

    async def _compute(self, info: Info, work: Callable[[nx.MultiDiGraph, nx.Graph], Any]) -> Any:
        """``work(snapshot, cooperation graph)`` as of the day (``service.analyse``), as GraphQL objects."""
        result = await info.context.service.analyse(self.as_of, work, stated_only=self.stated_only)
        return derive.graphql_of(result)

    @resolver(
        description="Do ties cross area (or sector, kind...) lines: E-I index, groups, matrix, assortativity."
    )
    async def cross_area(
        self,
        info: Info,
        by: By = "county",
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
        between("permutations", permutations, 0, MAX_PERMUTATIONS)
        return await self._compute(  # type: ignore[no-any-return]
            info, lambda _, C: mixing.cross_area(C, by, permutations=permutations, nodes=nodes)
        )

    @resolver(description="The organisations that score highest on a centrality.")
    async def centrality(
        self,
        info: Info,
        by: Annotated[CentralityMeasure, strawberry.argument(description="The measure to rank by.")] = (
            CentralityMeasure.BETWEENNESS
        ),
        top: Top = 10,
    ) -> list[Centrality]:
        n = between("top", top, 0, MAX_TOP)
        return await self._compute(  # type: ignore[no-any-return]
            info, lambda _, C: centrality.top(centrality.centralities(C), by.value, n)
        )

    @resolver(description="Gould-Fernandez brokers between the groups of an attribute, most brokerage first.")
    async def brokerage(self, info: Info, by: By = "area", top: Top = 10) -> list[Brokerage]:
        n = between("top", top, 0, MAX_TOP)
        return await self._compute(info, lambda _, C: brokerage.gould_fernandez(C, by)[:n])  # type: ignore[no-any-return]

    @resolver(description="Gould-Fernandez role counts summed per group.")
    async def brokerage_by_group(self, info: Info, by: By = "area") -> list[GroupBrokerage]:
        return await self._compute(info, lambda _, C: brokerage.gould_fernandez_by_group(C, by))  # type: ignore[no-any-return]

    @resolver(description="Articulation points and bridges of the cooperation graph, worst first.")
    async def weak_points(self, info: Info, top: Top = 10) -> WeakPoints:
        n = between("top", top, 0, MAX_TOP)
        return await self._compute(info, lambda _, C: resilience.weak_points(C, top=n))  # type: ignore[no-any-return]

    @resolver(description="What the cooperation graph loses if one organisation leaves.")
    async def what_if_leaves(
        self,
        info: Info,
        organisation: Annotated[strawberry.ID, strawberry.argument(description="The organisation's id.")],
    ) -> WhatIf:
        await info.context.service.node(str(organisation), NodeKind.ORGANISATION)
        return await self._compute(info, lambda _, C: resilience.what_if_leaves(C, str(organisation)))  # type: ignore[no-any-return]

    @resolver(
        description="Which municipalities and counties a network or project reaches, and which it does not."
    )
    async def coverage(
        self,
        info: Info,
        of: Annotated[strawberry.ID, strawberry.argument(description="A network's or project's id.")],
    ) -> Coverage:
        await info.context.service.node(str(of), (NodeKind.NETWORK, NodeKind.PROJECT))
        return await self._compute(info, lambda H, _: coverage.coverage(H, str(of)))  # type: ignore[no-any-return]

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
        wanted = None if indicator is None else str(indicator)
        G = await info.context.service.snapshot(None)
        rows = await info.context.service.compute(
            lambda: indicators.indicator_status(G, indicator=wanted, year=year)
        )
        return derive.graphql_of(rows)  # type: ignore[no-any-return]
