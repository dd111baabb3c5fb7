"""What the metrics modules share: the error type, input checks, labels and JSON conversion."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from enum import Enum
from typing import Any

import networkx as nx

from partnermap.errors import PartnermapError

__all__ = [
    "ATTRIBUTE_ALIASES",
    "MetricsError",
    "group_labels",
    "require_cooperation_graph",
    "require_snapshot",
    "resolve_attribute",
    "safe_ratio",
    "to_jsonable",
]


class MetricsError(PartnermapError):
    """A metric cannot be computed on this input: the message says why and what to give instead."""


#: Short names a user may give for the attributes :func:`partnermap.cooperation.cooperation_graph`
#: puts on organisations.
ATTRIBUTE_ALIASES: dict[str, str] = {
    "county": "home_county",
    "municipality": "home_municipality",
    "kind": "org_kind",
    "leader-area": "leader_area",
    "leader_area": "leader_area",
}


def require_cooperation_graph(C: Any, what: str) -> nx.Graph:
    """Check that ``C`` is a non-empty undirected cooperation graph; return it."""
    if not isinstance(C, nx.Graph) or C.is_directed() or C.is_multigraph():
        kind = type(C).__name__
        raise MetricsError(
            f"{what} needs the cooperation graph (an undirected networkx Graph), not a {kind}: "
            "build it with partnermap.cooperation.cooperation_graph(snapshot)"
        )
    if C.number_of_nodes() == 0:
        raise MetricsError(f"{what}: the graph has no organisations (is the store empty?)")
    return C


def require_snapshot(G: Any, what: str) -> nx.MultiDiGraph:
    """Check that ``G`` is a non-empty snapshot (a MultiDiGraph from partnermap.graph)."""
    if not isinstance(G, nx.MultiDiGraph):
        raise MetricsError(
            f"{what} needs a snapshot (networkx MultiDiGraph from partnermap.graph.snapshot), "
            f"not a {type(G).__name__}"
        )
    if G.number_of_nodes() == 0:
        raise MetricsError(f"{what}: the snapshot is empty (is the store empty?)")
    return G


def resolve_attribute(C: nx.Graph, by: str) -> str:
    """The node attribute ``by`` names (an alias or a real attribute of some node).

    Raises :class:`MetricsError` listing the attributes there are when no node has it.
    """
    attr = ATTRIBUTE_ALIASES.get(by, by)
    for _, data in C.nodes(data=True):
        if attr in data:
            return attr
    present: set[str] = set()
    for _, data in C.nodes(data=True):
        present.update(key for key, value in data.items() if isinstance(value, str | int | bool))
    names = ", ".join(sorted(present | set(ATTRIBUTE_ALIASES)))
    raise MetricsError(f"unknown attribute {by!r}: no organisation has it (known: {names})")


def _label(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | dict | set | tuple):
        return None
    return str(value)


def group_labels(C: nx.Graph, by: str) -> tuple[str, dict[Hashable, str]]:
    """The attribute's real name and each node's group label; nodes without a value are left out."""
    attr = resolve_attribute(C, by)
    labels: dict[Hashable, str] = {}
    for node, data in C.nodes(data=True):
        label = _label(data.get(attr))
        if label is not None:
            labels[node] = label
    if not labels:
        raise MetricsError(f"attribute {by!r}: no organisation has a value for it")
    return attr, labels


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when the denominator is zero (never NaN or inf)."""
    if denominator == 0:
        return None
    value = numerator / denominator
    return value if math.isfinite(value) else None


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples, sets, dates and enums as plain JSON data; floats must be finite.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class P:
    ...     x: tuple[int, int]
    >>> to_jsonable(P((1, 2)))
    {'x': [1, 2]}
    """
    kind = type(value)
    # Most values of a report are plain text and numbers: answer them before the checks
    # for containers (exact types: a str or int enum still becomes its value below).
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise MetricsError(f"internal error: a metric produced {value!r}")
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return [to_jsonable(v) for v in sorted(value, key=str)]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and not math.isfinite(value):
        raise MetricsError(f"internal error: a metric produced {value!r}")
    return value


def node_name(C: nx.Graph | nx.MultiDiGraph) -> Callable[[Hashable], str]:
    """A function giving a node's ``name`` attribute (or its id)."""

    def name(node: Hashable) -> str:
        data = C.nodes[node] if node in C else {}
        return str(data.get("name") or node)

    return name
