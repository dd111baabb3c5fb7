"""DataLoaders: one store call per batch, however many objects a page holds.

A request gets fresh loaders (:class:`Loaders`), so nothing is cached across requests.
Within one, every ``node`` lookup made while resolving one level of the query is
collected into a single ``list_nodes(ids=...)`` call, and every relation lookup of one
kind and direction into a single batched call (:func:`partnermap.graph.relations_by_node`).
Listing 100 organisations with their memberships, networks and municipalities therefore
costs a fixed handful of store calls, not a few hundred.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from strawberry.dataloader import DataLoader

from partnermap.model import Node, Relation, RelationKind
from partnermap.service import GraphService
from partnermap.store.base import Direction

__all__ = ["Loaders", "RelationKey"]


class RelationKey(NamedTuple):
    """Relations of one kind at one node, in one direction, as of a date."""

    node: str
    kind: RelationKind | None
    direction: Direction
    as_of: date | None


class Loaders:
    """The DataLoaders of one request."""

    def __init__(self, service: GraphService) -> None:
        self.service = service
        self.node: DataLoader[str, Node | None] = DataLoader(load_fn=self._load_nodes)
        self.relations: DataLoader[RelationKey, list[Relation]] = DataLoader(load_fn=self._load_relations)

    async def _load_nodes(self, ids: Sequence[str]) -> list[Node | None]:
        found = await self.service.nodes_by_id(ids)
        return [found.get(i) for i in ids]

    async def _load_relations(self, keys: Sequence[RelationKey]) -> list[list[Relation]]:
        groups: dict[tuple[RelationKind | None, Direction, date | None], list[str]] = defaultdict(list)
        for key in keys:
            groups[(key.kind, key.direction, key.as_of)].append(key.node)
        batches = list(groups.items())
        found = await asyncio.gather(  # the kinds at one level are read side by side
            *(
                self.service.relations_of(nodes, kind, direction, as_of)
                for (kind, direction, as_of), nodes in batches
            )
        )
        results: dict[RelationKey, list[Relation]] = {}
        for ((kind, direction, as_of), _), by_node in zip(batches, found, strict=True):
            for node_id, rels in by_node.items():
                results[RelationKey(node_id, kind, direction, as_of)] = rels
        return [results.get(key, []) for key in keys]

    async def relations_at(
        self,
        node_id: str,
        kind: RelationKind | None,
        direction: Direction,
        as_of: date | None,
    ) -> list[Relation]:
        """The relations of a kind at a node (batched with every other such lookup)."""
        return await self.relations.load(RelationKey(node_id, kind, direction, as_of))
