"""One store round trip per level of a query, however many objects a page holds.

A request gets fresh loaders (:class:`Loaders`), so nothing is kept across requests.
Within one, every node and relation lookup made while resolving one level of the query
(resolvers of a level run side by side and ask before any answer comes) is collected by a
single DataLoader into one :meth:`partnermap.store.base.Store.read_level` call: the nodes
asked for, and the relations of every kind and direction asked for with the nodes at their
other ends. The next level then finds those nodes already loaded (``memberships { network
{ name } }`` costs one round trip, not two); listing 100 organisations with their
memberships, networks and municipalities costs one round trip per level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from strawberry.dataloader import DataLoader

from partnermap.model import NODE_ID_RE, Node, Relation, RelationKind
from partnermap.service import GraphService
from partnermap.store.base import Direction, RelationGroup, relations_by_end

__all__ = ["PENDING", "Loaders", "Missing", "RelationKey", "Want"]

PENDING: Any = object()
"""What :meth:`Loaders.peek` answers for what this request has not loaded yet."""


class RelationKey(NamedTuple):
    """Relations of one kind at one node (None: at every node), in one direction, as of a date."""

    node: str | None
    kind: RelationKind | None
    direction: Direction
    as_of: date | None
    ending: tuple[date, date] | None = None


Want = str | list[str] | RelationKey
"""What a read asks for: a node by id, the nodes of ids, relations at a node."""


class Missing(Exception):
    """What a read asked for is not loaded yet: ``keys`` (the ids of a list, all of them)."""

    def __init__(self, keys: list[str | RelationKey]) -> None:
        super().__init__()
        self.keys = keys


class Loaders:
    """The loader of one request: ``str`` keys are node ids, :class:`RelationKey` relations."""

    def __init__(self, service: GraphService) -> None:
        self.service = service
        self._level: DataLoader[str | RelationKey, Any] = DataLoader(load_fn=self.read)

    async def read(self, keys: Sequence[str | RelationKey], into: dict[Any, Any] | None = None) -> list[Any]:
        """The values of keys (a node or None, a list of relations) in one store round trip; the
        nodes it reached are remembered (:meth:`seen`), or put ``into`` a dict by id."""
        nodes = [k for k in keys if isinstance(k, str) and NODE_ID_RE.match(k)]
        groups: dict[RelationGroup, set[str] | None] = {}
        for key in keys:
            if isinstance(key, RelationKey):
                group = RelationGroup(key.kind, key.direction, key.as_of, key.ending)
                if key.node is None:
                    groups[group] = None
                elif group not in groups or groups[group] is not None:
                    groups.setdefault(group, set()).add(key.node)  # type: ignore[union-attr]
        level = await self.service.read_level(nodes, groups)
        if into is None:
            self.seen(level.nodes.values())
        else:
            into.update(level.nodes)
        at: dict[tuple[RelationGroup, str | None], list[Relation]] = {}
        for group, rels in level.relations.items():
            at[group, None] = rels
            at.update(((group, end), found) for end, found in relations_by_end(group, rels).items())
        return [
            level.nodes.get(key)
            if isinstance(key, str)
            else at.get((RelationGroup(key.kind, key.direction, key.as_of, key.ending), key.node), [])
            for key in keys
        ]

    def seen(self, nodes: Iterable[Node]) -> None:
        """Remember nodes this request already holds, so that no level asks for them again."""
        for node in nodes:
            self._level.prime(node.id, node)

    def peek(self, key: str | RelationKey) -> Any:
        """What the request has already loaded for a key (a node or None, relations), else
        :data:`PENDING`: a resolver that finds it answers at once, with no await (the next
        level mostly finds the nodes the previous level's relations reached)."""
        future = self._level.cache_map.get(key)
        if future is None or not future.done() or future.cancelled() or future.exception() is not None:
            return PENDING
        return future.result()

    def held(self, want: Want) -> Any:
        """What the request holds for ``want`` (a node or None; a list's nodes, None where none;
        relations); :class:`Missing` if it has not loaded it yet."""
        if isinstance(want, list):
            found = [self.peek(key) for key in want]
            if any(f is PENDING for f in found):
                raise Missing(list(want))
            return found
        found = self.peek(want)
        if found is PENDING:
            raise Missing([want])
        return found

    async def load(self, keys: Sequence[str | RelationKey]) -> None:
        """Load keys with the rest of the level (one round trip for all a level asks)."""
        await (self._level.load(keys[0]) if len(keys) == 1 else self._level.load_many(keys))

    async def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        """The nodes of ids, None where there is none."""
        found: list[Node | None] = await self._level.load_many(ids)
        return found

    async def relations_at(
        self,
        node_id: str | None,
        kind: RelationKind | None,
        direction: Direction,
        as_of: date | None,
        ending: tuple[date, date] | None = None,
    ) -> list[Relation]:
        """The relations of a kind at a node (None: every one of the kind), by id; ``ending``:
        only those whose period ends between two days."""
        found: list[Relation] = await self._level.load(RelationKey(node_id, kind, direction, as_of, ending))
        return found
