"""What a resolved field reads, said where the field is declared.

The GraphQL types' helpers (:func:`partnermap.api.schema.linked`, ``related``,
``active_on``, a located node's home) put one of these in their field's
``metadata[PLAN]``. How a field of each plan reads its answer is defined once
(:func:`partnermap.api.schema.reader`): strawberry's resolvers run it on the request's
loaders, the compiled reads of :mod:`partnermap.api.compiled` on what a request read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from partnermap.api.loaders import RelationKey
from partnermap.model import NodeKind, RelationKind
from partnermap.store.base import Direction

__all__ = ["PLAN", "ActiveOn", "ById", "Home", "Linked", "Neighbours", "Related", "Spec", "planned"]

PLAN = "partnermap.plan"
"""The key of a field's plan in its strawberry ``metadata``."""


@dataclass(frozen=True)
class Linked:
    """The node whose id the record holds in ``attributes[0]`` (a list of ids: those nodes), or
    with several attributes the nodes of their ids (those that exist)."""

    attributes: tuple[str, ...]


@dataclass(frozen=True)
class Related:
    """The record's relations of a kind in a direction (arguments ``asOf``, ``role``)."""

    kind: RelationKind
    direction: Direction
    by_role: bool = False

    def at(self, node_id: str, arguments: dict[str, Any]) -> RelationKey:
        """The relations it reads at a node."""
        return RelationKey(node_id, self.kind, self.direction, arguments.get("as_of"))


@dataclass(frozen=True)
class ActiveOn:
    """Whether the record holds on the day of the argument ``on``."""


@dataclass(frozen=True)
class Home:
    """A located node's municipality or county (:func:`partnermap.graph.home_of`), ``asOf``."""

    part: Literal["municipality", "county"]

    def at(self, node_id: str, arguments: dict[str, Any]) -> RelationKey:
        """The relations it reads at a node: its places."""
        return RelationKey(node_id, RelationKind.LOCATED_IN, "out", arguments.get("as_of"))


@dataclass(frozen=True)
class Neighbours:
    """The record's relations (arguments ``direction``, ``relationKind``, ``asOf``) with the
    nodes at their other ends (``nodeKind``)."""

    def at(self, node_id: str, arguments: dict[str, Any]) -> RelationKey:
        """The relations it reads at a node."""
        kind, direction = arguments.get("relation_kind"), arguments["direction"].value
        return RelationKey(node_id, kind, direction, arguments.get("as_of"))


@dataclass(frozen=True)
class ById:
    """A root field: the node of the argument ``id``, of a kind (None: any); an unknown or
    malformed id is an error."""

    kind: NodeKind | None


Spec = Linked | Related | ActiveOn | Home | Neighbours | ById


def planned(spec: Spec) -> dict[str, Any]:
    """The ``metadata`` of a field following ``spec``."""
    return {PLAN: spec}
