"""Weak points: where the cooperation web would break.

An *articulation point* is an organisation whose departure splits its component; a
*bridge* is a tie whose end splits it. :func:`what_if_leaves` removes one organisation
and says what is lost; :func:`weak_points` does that for every organisation at once with
one depth-first search (Hopcroft and Tarjan), so it costs O(n + m) rather than
O(n (n + m)).

What is lost when X leaves its component of s organisations, which falls into pieces of
sizes p_1 >= p_2 >= ...:

* ``components_after``: the number of components of the graph without X;
* ``cut_off``: organisations no longer connected to the largest piece, :math:`s - 1 - p_1`;
* ``pairs_disconnected``: pairs of remaining organisations that could reach each other
  and no longer can, :math:`\\binom{s-1}{2} - \\sum_i \\binom{p_i}{2}` (pairwise
  connectivity loss, as in the critical-node literature).

References
----------
.. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
   manipulation. *Communications of the ACM* 16(6), 372-378.
.. [2] Arulselvan, A., Commander, C. W., Elefteriadou, L. and Pardalos, P. M. (2009).
   Detecting critical nodes in sparse graphs. *Computers & Operations Research* 36(7),
   2193-2200.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from math import comb

import networkx as nx

from partnermap.metrics._common import MetricsError, node_name, require_cooperation_graph

__all__ = [
    "Bridge",
    "WeakPoints",
    "WhatIf",
    "articulation_points",
    "bridges",
    "weak_points",
    "what_if_leaves",
]


@dataclass(frozen=True)
class WhatIf:
    """What the cooperation graph loses when one organisation leaves.

    See :func:`what_if_leaves`.

    Attributes
    ----------
    node : str
        The organisation's id.
    name : str
        The name, in Estonian as the sources give it.
    component_size : int
        Size of its connected component.
    components_before : int
        Components before it leaves.
    components_after : int
        Components after it leaves.
    pieces : list[int]
        Sizes of what its component falls into.
    cut_off : int
        Organisations cut off from the largest piece.
    pairs_disconnected : int
        Pairs of organisations no longer connected.
    """

    node: str
    name: str
    component_size: int
    components_before: int
    components_after: int
    pieces: list[int]
    cut_off: int
    pairs_disconnected: int


@dataclass(frozen=True)
class Bridge:
    """A tie whose loss splits its component.

    ``smaller_side`` counts the side cut off.

    Attributes
    ----------
    u : str
        One end's id.
    v : str
        The other end's id.
    weight : float
        The tie's weight.
    smaller_side : int
        Organisations on the side that would be cut off.
    """

    u: str
    v: str
    weight: float
    smaller_side: int


@dataclass(frozen=True)
class WeakPoints:
    """Weak points: articulation points with their impact, bridges, components.

    See :func:`weak_points`.

    Attributes
    ----------
    organisations : int
        Organisations in the cooperation graph.
    ties : int
        Ties in the cooperation graph.
    components : int
        Connected components.
    largest_component : int
        Size of the largest component.
    articulation_points : list[WhatIf]
        Organisations whose leaving splits the graph, worst first.
    bridges : list[Bridge]
        Ties whose loss splits the graph, worst first.
    """

    organisations: int
    ties: int
    components: int
    largest_component: int
    articulation_points: list[WhatIf]
    bridges: list[Bridge]


def _impact(node: Hashable, name: str, size: int, pieces: list[int], components: int) -> WhatIf:
    pieces = sorted((p for p in pieces if p > 0), reverse=True)
    return WhatIf(
        node=str(node),
        name=name,
        component_size=size,
        components_before=components,
        components_after=components - 1 + len(pieces),
        pieces=pieces,
        cut_off=size - 1 - (pieces[0] if pieces else 0),
        pairs_disconnected=comb(size - 1, 2) - sum(comb(p, 2) for p in pieces),
    )


def what_if_leaves(C: nx.Graph, node: str) -> WhatIf:
    """Remove one organisation and count the components and reach lost.

    Examples
    --------
    In the path a - b - c - d, b's departure cuts a off from c - d: one organisation cut
    off, pairs a-c and a-d disconnected.

    >>> import networkx as nx
    >>> w = what_if_leaves(nx.path_graph(["a", "b", "c", "d"]), "b")
    >>> w.components_after, w.pieces, w.cut_off, w.pairs_disconnected
    (2, [2, 1], 1, 2)
    """
    require_cooperation_graph(C, "what if")
    if node not in C:
        raise MetricsError(f"{node!r} is not an organisation in the cooperation graph")
    component = nx.node_connected_component(C, node)
    rest = C.subgraph(component - {node})
    pieces = [len(c) for c in nx.connected_components(rest)]
    return _impact(node, node_name(C)(node), len(component), pieces, nx.number_connected_components(C))


def _dfs(
    C: nx.Graph,
) -> tuple[dict[Hashable, list[int]], dict[Hashable, int], list[tuple[Hashable, Hashable, int]], int]:
    """One iterative DFS: the pieces each node's removal leaves, component sizes, bridges."""
    disc: dict[Hashable, int] = {}
    low: dict[Hashable, int] = {}
    size: dict[Hashable, int] = {}
    pieces: dict[Hashable, list[int]] = {}
    comp_size: dict[Hashable, int] = {}
    found: list[tuple[Hashable, Hashable, int]] = []
    components = 0
    counter = 0
    for root in C:
        if root in disc:
            continue
        components += 1
        members = [root]
        disc[root] = low[root] = counter
        counter += 1
        size[root] = 1
        pieces[root] = []
        stack: list[tuple[Hashable, Hashable | None, object]] = [(root, None, iter(C[root]))]
        while stack:
            v, parent, neighbours = stack[-1]
            advanced = False
            for u in neighbours:  # type: ignore[attr-defined]
                if u == v:
                    continue
                if u not in disc:
                    disc[u] = low[u] = counter
                    counter += 1
                    size[u] = 1
                    pieces[u] = []
                    members.append(u)
                    stack.append((u, v, iter(C[u])))
                    advanced = True
                    break
                if u != parent:
                    low[v] = min(low[v], disc[u])
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[v])
                size[parent] += size[v]
                if low[v] >= disc[parent] or parent == root:
                    pieces[parent].append(size[v])
                if low[v] > disc[parent]:
                    found.append((parent, v, size[v]))
        total = len(members)
        for v in members:
            comp_size[v] = total
            if v != root:
                rest = total - 1 - sum(pieces[v])
                if rest > 0:
                    pieces[v].append(rest)
    return pieces, comp_size, found, components


def articulation_points(C: nx.Graph) -> list[str]:
    """Organisations whose departure splits their component (networkx's algorithm), sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> articulation_points(nx.path_graph(["a", "b", "c"]))
    ['b']
    """
    require_cooperation_graph(C, "articulation points")
    return sorted(str(v) for v in nx.articulation_points(C))


def bridges(C: nx.Graph) -> list[Bridge]:
    """Ties whose loss splits their component, the biggest cut first.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> [(b.u, b.v, b.smaller_side) for b in bridges(C)]
    [('c', 'd', 1)]
    """
    require_cooperation_graph(C, "bridges")
    _, comp_size, found, _ = _dfs(C)
    return _bridges(C, comp_size, found)


def _bridges(
    C: nx.Graph, comp_size: dict[Hashable, int], found: list[tuple[Hashable, Hashable, int]]
) -> list[Bridge]:
    """The bridges :func:`_dfs` found, as rows, the biggest cut first."""
    rows = []
    for p, c, below in found:
        u, v = sorted((str(p), str(c)))
        rows.append(Bridge(u, v, float(C.edges[p, c].get("weight", 1.0)), min(below, comp_size[p] - below)))
    rows.sort(key=lambda b: (-b.smaller_side, b.u, b.v))
    return rows


def weak_points(C: nx.Graph, *, top: int | None = None) -> WeakPoints:
    """Every articulation point with what its departure costs, and every bridge.

    Parameters
    ----------
    C : networkx.Graph
    top : int, optional
        Keep only the ``top`` articulation points and bridges with the largest impact.

    Returns
    -------
    WeakPoints
        Articulation points sorted by organisations cut off, then pairs disconnected.

    Examples
    --------
    >>> import networkx as nx
    >>> w = weak_points(nx.path_graph(["a", "b", "c", "d"]))
    >>> [(a.node, a.cut_off) for a in w.articulation_points], len(w.bridges)
    ([('b', 1), ('c', 1)], 3)
    """
    require_cooperation_graph(C, "weak points")
    if top is not None and top < 0:
        raise MetricsError(f"top must be >= 0, not {top}")
    pieces, comp_size, found, components = _dfs(C)
    name = node_name(C)
    points = [
        _impact(v, name(v), comp_size[v], pieces[v], components)
        for v in C
        if len([p for p in pieces[v] if p > 0]) >= 2
    ]
    points.sort(key=lambda w: (-w.cut_off, -w.pairs_disconnected, w.node))
    cut = _bridges(C, comp_size, found)  # from the same search
    if top is not None:
        points, cut = points[:top], cut[:top]
    return WeakPoints(
        organisations=C.number_of_nodes(),
        ties=C.number_of_edges(),
        components=components,
        largest_component=max(comp_size.values(), default=0),
        articulation_points=points,
        bridges=cut,
    )
