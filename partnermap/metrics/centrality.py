"""Who is central in the cooperation graph: degree, strength, betweenness, closeness, eigenvector, PageRank.

Every function takes the cooperation graph and returns ``{node id: value}``;
:func:`centralities` gathers them per organisation and :func:`top` picks the leaders.

Shortest paths (betweenness, closeness) count hops by default; with ``weighted=True`` a
tie's length is ``1 / weight``, so that strong cooperation is short. Eigenvector
centrality and PageRank use the weights.

Small graphs are computed with networkx (or the plain power iteration here). Large ones
go to igraph, which is the same algorithm in C; betweenness and closeness beyond a cost
budget (nodes x edges) are estimated from a random sample of pivot sources, with the
``seed`` making the estimate repeatable. ``method`` forces a choice.

Examples
--------
>>> import networkx as nx
>>> C = nx.star_graph(3)
>>> betweenness(C)[0]
1.0
>>> degree(C)[0], round(pagerank(C)[0], 4)
(3, 0.4797)

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
   Mathematical Sociology* 25(2), 163-177.
.. [2] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
   *International Journal of Bifurcation and Chaos* 17(7), 2303-2318.
.. [3] Eppstein, D. and Wang, J. (2004). Fast approximation of centrality. *Journal of
   Graph Algorithms and Applications* 8(1), 39-45.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import igraph
import networkx as nx

from partnermap.metrics._common import MetricsError, node_name, require_cooperation_graph

__all__ = [
    "Centrality",
    "betweenness",
    "centralities",
    "closeness",
    "degree",
    "eigenvector",
    "pagerank",
    "to_igraph",
    "top",
    "weighted_degree",
]

Method = Literal["auto", "networkx", "igraph", "sampled"]

#: Up to this many nodes x edges, paths are computed in networkx (about a second).
NETWORKX_BUDGET = 2_000_000
#: Up to this many nodes x edges, exactly in igraph (about a second); above it, sampled.
EXACT_BUDGET = 300_000_000
#: Pivot sources of a sampled estimate, unless ``k`` says otherwise.
DEFAULT_PIVOTS = 500

#: ``to_igraph(C, "weight")`` when several measures of one graph share it, or None.
Converted = tuple[igraph.Graph, list[Hashable]] | None


def to_igraph(C: nx.Graph, weight: str | None = None) -> tuple[igraph.Graph, list[Hashable]]:
    """``C`` as an igraph Graph (vertex i is ``nodes[i]``), with ``weight`` as edge attribute."""
    nodes = list(C)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in C.edges()]
    g = igraph.Graph(n=len(nodes), edges=edges, directed=False)
    if weight is not None:
        g.es["weight"] = [float(d.get(weight, 1.0)) for _, _, d in C.edges(data=True)]
    return g, nodes


def _cost(C: nx.Graph) -> int:
    return int(C.number_of_nodes()) * max(1, int(C.number_of_edges()))


def _choose(C: nx.Graph, method: Method) -> Method:
    if method not in ("auto", "networkx", "igraph", "sampled"):
        raise MetricsError(f"unknown method {method!r}: use auto, networkx, igraph or sampled")
    if method != "auto":
        return method
    cost = _cost(C)
    if cost <= NETWORKX_BUDGET:
        return "networkx"
    return "igraph" if cost <= EXACT_BUDGET else "sampled"


def _positive_weights(C: nx.Graph, weight: str) -> None:
    for u, v, d in C.edges(data=True):
        w = d.get(weight, 1.0)
        if not (isinstance(w, int | float) and math.isfinite(w) and w > 0):
            raise MetricsError(f"tie {u} - {v} has {weight} {w!r}: path lengths need weights > 0")


def _distance_graph(C: nx.Graph, weight: str) -> nx.Graph:
    _positive_weights(C, weight)
    D = nx.Graph()
    D.add_nodes_from(C)
    D.add_edges_from((u, v, {"distance": 1.0 / float(d.get(weight, 1.0))}) for u, v, d in C.edges(data=True))
    return D


def _path_graph(
    C: nx.Graph, weighted: bool, weight: str, converted: Converted
) -> tuple[igraph.Graph, list[Hashable]]:
    """The igraph copy shortest paths run on: hops, or ``distance`` = 1 / weight."""
    if weighted:
        return to_igraph(_distance_graph(C, weight), "distance")
    return converted or to_igraph(C)


def _pivots(n: int, k: int | None, seed: int | None) -> list[int]:
    count = min(n, k or DEFAULT_PIVOTS)
    return random.Random(seed).sample(range(n), count)


def degree(C: nx.Graph) -> dict[Hashable, int]:
    """Number of cooperation partners.

    .. math:: k_v = |N(v)|

    Examples
    --------
    >>> import networkx as nx
    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    """
    require_cooperation_graph(C, "degree")
    return {node: int(d) for node, d in C.degree()}


def weighted_degree(C: nx.Graph, weight: str = "weight") -> dict[Hashable, float]:
    """Strength: the summed weight of an organisation's ties.

    .. math:: s_v = \\sum_{u \\in N(v)} w_{uv}

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph(); C.add_edge("a", "b", weight=0.5); C.add_edge("a", "c", weight=2.0)
    >>> weighted_degree(C)["a"]
    2.5

    References
    ----------
    .. [1] Barrat, A. et al. (2004). The architecture of complex weighted networks.
       *PNAS* 101(11), 3747-3752.
    """
    require_cooperation_graph(C, "weighted degree")
    return {node: float(d) for node, d in C.degree(weight=weight)}


def betweenness(
    C: nx.Graph,
    *,
    method: Method = "auto",
    k: int | None = None,
    seed: int | None = 0,
    normalized: bool = True,
    weighted: bool = False,
    weight: str = "weight",
) -> dict[Hashable, float]:
    """Betweenness centrality: the share of shortest paths that pass through a node.

    .. math:: c_B(v) = \\sum_{s \\ne v \\ne t} \\frac{\\sigma_{st}(v)}{\\sigma_{st}}

    over unordered pairs, divided by :math:`(n-1)(n-2)/2` when ``normalized`` (as
    networkx does for undirected graphs). The sampled estimate sums the dependencies of
    k random sources and scales them by n/k [2]_.

    Parameters
    ----------
    C : networkx.Graph
    method : {"auto", "networkx", "igraph", "sampled"}
    k : int, optional
        Pivots of the sampled estimate (default 500).
    seed : int, optional
        Seed of the pivot sample.
    normalized : bool
    weighted : bool
        Path length ``1 / weight`` instead of hops.

    Returns
    -------
    dict
        Node id to betweenness.

    Examples
    --------
    >>> import networkx as nx
    >>> b = betweenness(nx.path_graph(4), normalized=False)
    >>> b
    {0: 0.0, 1: 2.0, 2: 2.0, 3: 0.0}
    >>> betweenness(nx.path_graph(4), method="igraph", normalized=False) == b
    True

    References
    ----------
    .. [1] Brandes, U. (2001), see the module docstring.
    .. [2] Brandes, U. and Pich, C. (2007), see the module docstring.
    """
    require_cooperation_graph(C, "betweenness")
    return _betweenness(
        C,
        method=method,
        k=k,
        seed=seed,
        normalized=normalized,
        weighted=weighted,
        weight=weight,
        converted=None,
    )


def _betweenness(
    C: nx.Graph,
    *,
    method: Method,
    k: int | None,
    seed: int | None,
    normalized: bool,
    weighted: bool,
    weight: str,
    converted: Converted,
) -> dict[Hashable, float]:
    n = C.number_of_nodes()
    chosen = _choose(C, method)
    if chosen == "networkx":
        H = _distance_graph(C, weight) if weighted else C
        raw = nx.betweenness_centrality(H, normalized=False, weight="distance" if weighted else None)
        values = {node: float(v) for node, v in raw.items()}
    else:
        g, nodes = _path_graph(C, weighted, weight, converted)
        w = "weight" if weighted else None
        if chosen == "igraph" or n <= (k or DEFAULT_PIVOTS):
            scores = g.betweenness(directed=False, weights=w)
        else:
            pivots = _pivots(n, k, seed)
            scale = n / len(pivots)
            scores = [x * scale for x in g.betweenness(directed=False, weights=w, sources=pivots)]
        values = {node: float(scores[i]) for i, node in enumerate(nodes)}
    if normalized and n > 2:
        scale = 2.0 / ((n - 1) * (n - 2))
        values = {node: v * scale for node, v in values.items()}
    return values


def closeness(
    C: nx.Graph,
    *,
    method: Method = "auto",
    k: int | None = None,
    seed: int | None = 0,
    weighted: bool = False,
    weight: str = "weight",
) -> dict[Hashable, float]:
    """Closeness centrality, with Wasserman and Faust's correction for disconnected graphs.

    .. math:: c_C(v) = \\frac{r_v - 1}{n - 1} \\cdot \\frac{r_v - 1}{\\sum_{u \\in R(v)} d(u, v)}

    where R(v) is the set of the r_v nodes that v reaches (itself included); an isolated
    node has closeness 0. This is networkx's ``closeness_centrality`` with ``wf_improved``.
    The sampled estimate replaces each sum of distances in a component of r nodes with
    ``r / k_c`` times the distances from the component's k_c random pivots [3]_; components
    no larger than the pivot count are computed exactly.

    Examples
    --------
    >>> import networkx as nx
    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}

    References
    ----------
    .. [1] Wasserman, S. and Faust, K. (1994). *Social Network Analysis*. Cambridge UP.
    .. [2] Freeman, L. C. (1979). Centrality in networks: I. Conceptual clarification.
       *Social Networks* 1, 215-239.
    .. [3] Eppstein, D. and Wang, J. (2004), see the module docstring.
    """
    require_cooperation_graph(C, "closeness")
    return _closeness(C, method=method, k=k, seed=seed, weighted=weighted, weight=weight, converted=None)


def _closeness(
    C: nx.Graph,
    *,
    method: Method,
    k: int | None,
    seed: int | None,
    weighted: bool,
    weight: str,
    converted: Converted,
) -> dict[Hashable, float]:
    n = C.number_of_nodes()
    chosen = _choose(C, method)
    if chosen == "networkx":
        H = _distance_graph(C, weight) if weighted else C
        raw = nx.closeness_centrality(H, distance="distance" if weighted else None, wf_improved=True)
        return {node: float(v) for node, v in raw.items()}
    g, nodes = _path_graph(C, weighted, weight, converted)
    w = "weight" if weighted else None
    reach = [1] * n
    # igraph's closeness is (r - 1) / sum of distances within the reach: the WF factor is ours.
    inverse_mean = [0.0] * n
    pivots_wanted = k or DEFAULT_PIVOTS
    rng = random.Random(seed)
    exact: list[int] = []
    for component in g.connected_components():
        r = len(component)
        for v in component:
            reach[v] = r
        if r == 1:
            continue
        if chosen == "igraph" or r <= pivots_wanted:
            exact.extend(component)
            continue
        pivots = rng.sample(component, pivots_wanted)
        rows = g.distances(source=pivots, target=component, weights=w)
        scale = r / len(pivots)
        for v, total in zip(component, map(sum, zip(*rows, strict=True)), strict=True):
            inverse_mean[v] = (r - 1) / (float(total) * scale) if total > 0 else 0.0
    if exact:
        for v, score in zip(exact, g.closeness(vertices=exact, weights=w, normalized=True), strict=True):
            inverse_mean[v] = float(score) if math.isfinite(score) else 0.0
    return {
        node: inverse_mean[i] * (reach[i] - 1) / (n - 1) if n > 1 else 0.0 for i, node in enumerate(nodes)
    }


def eigenvector(
    C: nx.Graph, *, method: Method = "auto", weight: str | None = "weight"
) -> dict[Hashable, float]:
    """Eigenvector centrality, scaled to unit Euclidean length (as networkx does).

    .. math:: \\lambda x_v = \\sum_{u} w_{uv} x_u

    with x the leading eigenvector of the weighted adjacency matrix. On a disconnected
    graph the leading eigenvector lives on the component with the largest eigenvalue, and
    other components score (near) 0. A graph without ties scores 0 everywhere.

    Examples
    --------
    >>> import networkx as nx
    >>> x = eigenvector(nx.complete_graph(3))
    >>> [round(v, 4) for v in x.values()]
    [0.5774, 0.5774, 0.5774]

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures. *American
       Journal of Sociology* 92(5), 1170-1182.
    """
    require_cooperation_graph(C, "eigenvector centrality")
    return _eigenvector(C, method=method, weight=weight, converted=None)


def _eigenvector(
    C: nx.Graph, *, method: Method, weight: str | None, converted: Converted
) -> dict[Hashable, float]:
    if C.number_of_edges() == 0:
        return dict.fromkeys(C, 0.0)
    if _choose(C, method) == "networkx":
        try:
            raw = nx.eigenvector_centrality(C, max_iter=10_000, tol=1e-10, weight=weight)
            return {node: float(v) for node, v in raw.items()}
        except nx.PowerIterationFailedConvergence:
            pass  # igraph's ARPACK solver converges where plain power iteration oscillates
    g, nodes = converted if converted and weight == "weight" else to_igraph(C, weight)
    scores = g.eigenvector_centrality(scale=True, weights="weight" if weight else None)
    scores = [s if math.isfinite(s) and s > 0 else 0.0 for s in scores]
    norm = math.sqrt(sum(s * s for s in scores)) or 1.0
    return {node: scores[i] / norm for i, node in enumerate(nodes)}


def pagerank(
    C: nx.Graph,
    *,
    alpha: float = 0.85,
    weight: str | None = "weight",
    method: Method = "auto",
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> dict[Hashable, float]:
    """PageRank of the weighted cooperation graph (ties count both ways).

    .. math:: PR(v) = \\frac{1 - \\alpha}{n} + \\alpha \\Big( \\sum_{u \\in N(v)}
              \\frac{w_{uv}}{s_u} PR(u) + \\frac{1}{n} \\sum_{u: s_u = 0} PR(u) \\Big)

    where s_u is u's strength; organisations without ties spread their rank evenly. The
    values sum to 1. Computed by power iteration until the L1 change is below ``n * tol``.

    Examples
    --------
    >>> import networkx as nx
    >>> pr = pagerank(nx.complete_graph(4))
    >>> [round(v, 4) for v in pr.values()]
    [0.25, 0.25, 0.25, 0.25]

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. and Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the web. Stanford InfoLab.
    """
    require_cooperation_graph(C, "PageRank")
    return _pagerank(C, alpha=alpha, weight=weight, method=method, tol=tol, max_iter=max_iter, converted=None)


def _pagerank(
    C: nx.Graph,
    *,
    alpha: float,
    weight: str | None,
    method: Method,
    tol: float,
    max_iter: int,
    converted: Converted,
) -> dict[Hashable, float]:
    if not 0 < alpha < 1:
        raise MetricsError(f"alpha must lie between 0 and 1, not {alpha}")
    if weight is not None:
        for u, v, d in C.edges(data=True):
            w = d.get(weight, 1.0)
            if not (isinstance(w, int | float) and math.isfinite(w) and w >= 0):
                raise MetricsError(f"tie {u} - {v} has {weight} {w!r}: PageRank needs weights >= 0")
    nodes = list(C)
    n = len(nodes)
    if _choose(C, method) != "networkx":
        g, _ = converted if converted and weight == "weight" else to_igraph(C, weight)
        scores = g.pagerank(damping=alpha, weights="weight" if weight else None, directed=False)
        return {node: float(scores[i]) for i, node in enumerate(nodes)}
    index = {node: i for i, node in enumerate(nodes)}
    out: list[list[tuple[int, float]]] = [[] for _ in nodes]
    for u, v, d in C.edges(data=True):
        w = float(d.get(weight, 1.0)) if weight else 1.0
        if w > 0 and u != v:
            out[index[u]].append((index[v], w))
            out[index[v]].append((index[u], w))
    strength = [sum(w for _, w in row) for row in out]
    x = [1.0 / n] * n
    for _ in range(max_iter):
        dangling = sum(x[i] for i in range(n) if strength[i] == 0)
        base = (1.0 - alpha) / n + alpha * dangling / n
        new = [base] * n
        for i, row in enumerate(out):
            if strength[i]:
                share = alpha * x[i] / strength[i]
                for j, w in row:
                    new[j] += share * w
        change = sum(abs(a - b) for a, b in zip(new, x, strict=True))
        x = new
        if change < n * tol:
            break
    else:
        raise MetricsError(f"PageRank did not converge in {max_iter} iterations")
    return {node: x[i] for i, node in enumerate(nodes)}


@dataclass(frozen=True)
class Centrality:
    """One organisation's centralities in the cooperation graph.

    See :func:`centralities`.

    Attributes
    ----------
    node : str
        The organisation's id.
    name : str
        The name, in Estonian as the sources give it.
    area : str | None
        Its county id, or national / international.
    degree : int
        Number of organisations it cooperates with.
    weighted_degree : float
        Summed weight of its ties.
    betweenness : float
        Normalised betweenness centrality.
    closeness : float
        Closeness centrality.
    eigenvector : float
        Eigenvector centrality.
    pagerank : float
        PageRank.
    """

    node: str
    name: str
    area: str | None
    degree: int
    weighted_degree: float
    betweenness: float
    closeness: float
    eigenvector: float
    pagerank: float


def centralities(
    C: nx.Graph,
    *,
    method: Method = "auto",
    k: int | None = None,
    seed: int | None = 0,
    weighted_paths: bool = False,
) -> list[Centrality]:
    """All centralities per organisation, sorted by betweenness, then weighted degree.

    Examples
    --------
    >>> import networkx as nx
    >>> rows = centralities(nx.star_graph(3))
    >>> rows[0].node, rows[0].degree, rows[0].betweenness
    ('0', 3, 1.0)
    """
    require_cooperation_graph(C, "centralities")
    deg = degree(C)
    strength = weighted_degree(C)
    # Off networkx, one igraph copy (with the weights) serves all four; converting takes
    # about as long as igraph's PageRank itself.
    converted = to_igraph(C, "weight") if _choose(C, method) != "networkx" else None
    btw = _betweenness(
        C,
        method=method,
        k=k,
        seed=seed,
        normalized=True,
        weighted=weighted_paths,
        weight="weight",
        converted=converted,
    )
    clo = _closeness(
        C, method=method, k=k, seed=seed, weighted=weighted_paths, weight="weight", converted=converted
    )
    eig = _eigenvector(C, method=method, weight="weight", converted=converted)
    pr = _pagerank(
        C, alpha=0.85, weight="weight", method=method, tol=1e-12, max_iter=10_000, converted=converted
    )
    name = node_name(C)
    rows = [
        Centrality(
            node=str(node),
            name=name(node),
            area=_area(C.nodes[node]),
            degree=deg[node],
            weighted_degree=strength[node],
            betweenness=btw[node],
            closeness=clo[node],
            eigenvector=eig[node],
            pagerank=pr[node],
        )
        for node in C
    ]
    rows.sort(key=lambda r: (-r.betweenness, -r.weighted_degree, r.node))
    return rows


def _area(data: dict[str, Any]) -> str | None:
    area = data.get("area")
    return str(area) if area is not None else None


_MEASURES = ("degree", "weighted_degree", "betweenness", "closeness", "eigenvector", "pagerank")


def top(rows: list[Centrality], by: str = "betweenness", n: int = 10) -> list[Centrality]:
    """The ``n`` organisations that score highest on one centrality (ties broken by id).

    Examples
    --------
    >>> import networkx as nx
    >>> [r.node for r in top(centralities(nx.path_graph(5)), "closeness", 2)]
    ['2', '1']
    """
    if by not in _MEASURES:
        raise MetricsError(f"unknown centrality {by!r} (known: {', '.join(_MEASURES)})")
    if n < 0:
        raise MetricsError(f"top needs n >= 0, not {n}")
    return sorted(rows, key=lambda r: (-float(getattr(r, by)), r.node))[:n]
