"""GraphQL types of :mod:`partnermap.metrics.paths`: cooperation paths and area bridges.

The library finds them; these types only resolve the ids it returns into nodes (through
the request's DataLoaders) and its ties' relation ids into Agreement and Funding objects.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import strawberry

from partnermap.api.context import Info
from partnermap.api.fields import resolver
from partnermap.api.schema import Agreement, Funding, Network, Organisation, Project, node_type, relation_type
from partnermap.metrics import paths
from partnermap.model import Relation

__all__ = ["AreaBridges", "CooperationPath", "bridges_of", "path_of"]


async def _nodes(info: Info, ids: list[str]) -> list[Any]:
    found = await info.context.loaders.node.load_many(ids)
    return [node_type(n) for n in found if n is not None]


@strawberry.type(description="One step of a cooperation path: two organisations and the ties between them.")
class CooperationStep:
    weight: float = strawberry.field(
        description="The tie's weight (see partnermap.cooperation: agreements, shared networks and "
        "projects, funding)."
    )
    tie: strawberry.Private[paths.Tie]
    relations: strawberry.Private[list[Relation]]

    @resolver(name="from", description="The organisation the step starts at.")
    async def from_(self, info: Info) -> Organisation:
        return (await _nodes(info, [self.tie.u]))[0]  # type: ignore[no-any-return]

    @resolver(description="The organisation the step leads to.")
    async def to(self, info: Info) -> Organisation:
        return (await _nodes(info, [self.tie.v]))[0]  # type: ignore[no-any-return]

    @resolver(description="Agreements between the two.")
    def agreements(self) -> list[Agreement]:
        return [relation_type(r) for r in self.relations if r.id in self.tie.agreements]

    @resolver(description="Funding from one to the other.")
    def funding(self) -> list[Funding]:
        return [relation_type(r) for r in self.relations if r.id in self.tie.funding]

    @resolver(description="Networks both belong to.")
    async def networks(self, info: Info) -> list[Network]:
        return await _nodes(info, self.tie.networks)

    @resolver(description="Projects both are partners in.")
    async def projects(self, info: Info) -> list[Project]:
        return await _nodes(info, self.tie.projects)

    @classmethod
    def of(cls, G: nx.MultiDiGraph, tie: paths.Tie) -> CooperationStep:
        """The step of a tie, with its agreements and funding read from the snapshot."""
        relations = paths.relations_between(G, tie.u, tie.v, [*tie.agreements, *tie.funding])
        return cls(weight=tie.weight, tie=tie, relations=relations)


@strawberry.type(
    description="The shortest chain of cooperation between two organisations (the strongest of the shortest)."
)
class CooperationPath:
    steps: list[CooperationStep] = strawberry.field(
        description="The steps, from the first organisation to the last."
    )
    path: strawberry.Private[paths.CooperationPath]

    @resolver(description="Number of steps.")
    def hops(self) -> int:
        return self.path.hops

    @resolver(description="The sum of the steps' weights.")
    def weight(self) -> float:
        return self.path.weight

    @resolver(description="The organisations along the path, both ends included.")
    async def organisations(self, info: Info) -> list[Organisation]:
        return await _nodes(info, self.path.organisations)

    @resolver(description="The organisations in between: who bridges the two ends.")
    async def intermediaries(self, info: Info) -> list[Organisation]:
        return await _nodes(info, self.path.organisations[1:-1])


@strawberry.type(description="An organisation outside two areas that cooperates with organisations in both.")
class AreaBroker:
    weight: float = strawberry.field(description="Summed weight of its ties into both areas.")
    broker: strawberry.Private[paths.AreaBroker]

    @resolver(description="The broker.")
    async def organisation(self, info: Info) -> Organisation:
        return (await _nodes(info, [self.broker.organisation]))[0]  # type: ignore[no-any-return]

    @resolver(description="Its partners in the first area.")
    async def from_partners(self, info: Info) -> list[Organisation]:
        return await _nodes(info, self.broker.first)

    @resolver(description="Its partners in the second area.")
    async def to_partners(self, info: Info) -> list[Organisation]:
        return await _nodes(info, self.broker.second)


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


def path_of(G: nx.MultiDiGraph, path: paths.CooperationPath | None) -> CooperationPath | None:
    """The GraphQL object of a library path."""
    if path is None:
        return None
    return CooperationPath(steps=[CooperationStep.of(G, t) for t in path.steps], path=path)


def bridges_of(G: nx.MultiDiGraph, found: paths.AreaBridges) -> AreaBridges:
    """The GraphQL object of the library's area bridges."""
    return AreaBridges(
        ties=[CooperationStep.of(G, t) for t in found.ties],
        brokers=[AreaBroker(weight=b.weight, broker=b) for b in found.brokers],
    )
