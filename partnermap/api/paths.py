"""GraphQL types of :mod:`partnermap.metrics.paths`: cooperation paths and area bridges.

The library finds them; these types only resolve the ids it returns into nodes (through
the request's DataLoaders) and its ties' relation ids into Agreement and Funding objects.
"""

from __future__ import annotations

import networkx as nx
import strawberry

from partnermap.api import derive
from partnermap.api.context import Info
from partnermap.api.fields import resolver
from partnermap.api.schema import (
    Agreement,
    Event,
    Funding,
    Network,
    Organisation,
    Project,
    linked,
    nodes_of,
    relation_type,
)
from partnermap.metrics import paths
from partnermap.model import Relation

__all__ = ["AreaBridges", "CooperationPath", "bridges_of", "path_of"]


@derive.output(
    paths.Tie,
    only=("weight",),
    description="One step of a cooperation path: two organisations and the ties between them.",
)
class CooperationStep:
    obj: strawberry.Private[paths.Tie]
    relations: strawberry.Private[list[Relation]]
    from_: Organisation = linked("u", "The organisation the step starts at.", name="from")
    to: Organisation = linked("v", "The organisation the step leads to.")
    networks: list[Network] = linked("networks", "Networks both belong to.")
    projects: list[Project] = linked("projects", "Projects both are partners in.")
    events: list[Event] = linked("events", "Events both take part in.")

    @resolver(description="Agreements between the two.")
    def agreements(self) -> list[Agreement]:
        return [relation_type(r) for r in self.relations if r.id in self.obj.agreements]

    @resolver(description="Funding from one to the other.")
    def funding(self) -> list[Funding]:
        return [relation_type(r) for r in self.relations if r.id in self.obj.funding]

    @classmethod
    def of(cls, G: nx.MultiDiGraph, tie: paths.Tie) -> CooperationStep:
        """The step of a tie, with its agreements and funding read from the snapshot."""
        relations = paths.relations_between(G, tie.u, tie.v, [*tie.agreements, *tie.funding])
        return cls(weight=tie.weight, obj=tie, relations=relations)  # type: ignore[call-arg]


@strawberry.type(
    description="The shortest chain of cooperation between two organisations (the strongest of the shortest)."
)
class CooperationPath:
    steps: list[CooperationStep] = strawberry.field(
        description="The steps, from the first organisation to the last."
    )
    obj: strawberry.Private[paths.CooperationPath]
    organisations: list[Organisation] = linked(
        "organisations", "The organisations along the path, both ends included."
    )

    @resolver(description="Number of steps.")
    def hops(self) -> int:
        return self.obj.hops

    @resolver(description="The sum of the steps' weights.")
    def weight(self) -> float:
        return self.obj.weight

    @resolver(description="The organisations in between: who bridges the two ends.")
    async def intermediaries(self, info: Info) -> list[Organisation]:
        return await nodes_of(info, self.obj.organisations[1:-1])


@derive.output(paths.AreaBroker, only=("weight",))
class AreaBroker:
    organisation: Organisation = linked("organisation", "The broker.")
    from_partners: list[Organisation] = linked("first", "Its partners in the first area.")
    to_partners: list[Organisation] = linked("second", "Its partners in the second area.")


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
    return CooperationPath(steps=[CooperationStep.of(G, t) for t in path.steps], obj=path)


def bridges_of(G: nx.MultiDiGraph, found: paths.AreaBridges) -> AreaBridges:
    """The GraphQL object of the library's area bridges."""
    return AreaBridges(
        ties=[CooperationStep.of(G, t) for t in found.ties],
        brokers=[derive.to_graphql(AreaBroker, b) for b in found.brokers],
    )
