"""What a resolved field reads, said where the field is declared.

The GraphQL types' helpers (:func:`partnermap.api.schema.linked`, ``related``,
``active_on``, a located node's home) put one of these in their field's
``metadata[PLAN]``; strawberry's resolvers and the compiled reads of
:mod:`partnermap.api.compiled` both follow it, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from partnermap.model import NodeKind, RelationKind
from partnermap.store.base import Direction

__all__ = ["PLAN", "ActiveOn", "ById", "Home", "Linked", "Neighbours", "Related", "planned"]

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


@dataclass(frozen=True)
class ActiveOn:
    """Whether the record holds on the day of the argument ``on``."""


@dataclass(frozen=True)
class Home:
    """A located node's municipality or county (:func:`partnermap.graph.home_of`), ``asOf``."""

    part: Literal["municipality", "county"]


@dataclass(frozen=True)
class Neighbours:
    """The record's relations (arguments ``direction``, ``relationKind``, ``asOf``) with the
    nodes at their other ends (``nodeKind``)."""


@dataclass(frozen=True)
class ById:
    """A root field: the node of the argument ``id``, of a kind (None: any); an unknown or
    malformed id is an error."""

    kind: NodeKind | None


def planned(spec: Linked | Related | ActiveOn | Home | Neighbours | ById) -> dict[str, Any]:
    """The ``metadata`` of a field following ``spec``."""
    return {PLAN: spec}
