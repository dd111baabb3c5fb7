"""Brokers: who joins groups that would otherwise not meet.

Gould and Fernandez's roles count a broker b's *open two-paths* a -> b -> c (a and c
distinct, no tie a -> c) by the groups of a, b and c:

=================  ===========================  ==========
role               groups                       symbol
=================  ===========================  ==========
coordinator        a, b, c in one group         w_I
itinerant          a, c in one group, b not     w_O
representative     a, b in one group, c not     b_IO
gatekeeper         b, c in one group, a not     b_OI
liaison            a, b, c in three groups      b_O
=================  ===========================  ==========

Direction. The cooperation graph is undirected: cooperation runs both ways. Each tie is
therefore read as a pair of arcs (a symmetric adjacency matrix, as one would give
``sna::brokerage``), and each open two-path a - b - c counts once in each direction. So
coordinator, itinerant and liaison counts are twice the number of unordered open
two-paths, and every representative path a -> b -> c has its gatekeeper mirror
c -> b -> a: the two counts are equal. A directed graph (``networkx.DiGraph``) is taken as
it is.

Burt's constraint and effective size measure how much a node's contacts are tied to each
other; :func:`structural_holes` gives both with efficiency. On small graphs the values are
networkx's, computed by its pure-Python formulas with each node's normaliser computed once;
on large ones the same formulas are evaluated per tie from the common neighbours of its
ends (linear in the number of triangles rather than quadratic in degree), and the tests
check that both agree.

Organisations without a value for the grouping attribute are left out of the two-paths.

References
----------
.. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
   to brokerage in transaction networks. *Sociological Methodology* 19, 89-126.
.. [2] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
   Harvard University Press.
.. [3] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
   *Connections* 20(1), 35-38.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from partnermap.metrics._common import (
    MetricsError,
    group_labels,
    node_name,
    require_cooperation_graph,
    safe_ratio,
)

__all__ = [
    "ROLES",
    "Brokerage",
    "GroupBrokerage",
    "StructuralHoles",
    "constraint",
    "effective_size",
    "gould_fernandez",
    "gould_fernandez_by_group",
    "group_totals",
    "structural_holes",
]

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

#: Up to this many ties, Burt's measures come from networkx.
NETWORKX_EDGES = 5_000


@dataclass(frozen=True)
class Brokerage:
    """A broker's Gould-Fernandez role counts (open two-paths through it, by groups).

    See :func:`gould_fernandez`.

    Attributes
    ----------
    node : str
        The organisation's id.
    name : str
        The name, in Estonian as the sources give it.
    group : str
        The group (e.g. a county id).
    coordinator : int
        Two-paths within its own group.
    itinerant : int
        Two-paths joining two members of one other group.
    representative : int
        Two-paths from its group out to another.
    gatekeeper : int
        Two-paths from another group into its own.
    liaison : int
        Two-paths joining two other, different groups.
    total : int
        All its brokerage two-paths.
    """

    node: str
    name: str
    group: str
    coordinator: int
    itinerant: int
    representative: int
    gatekeeper: int
    liaison: int
    total: int


def _role(ga: str, gb: str, gc: str) -> int:
    if ga == gc:
        return 0 if ga == gb else 1
    if ga == gb:
        return 2
    if gc == gb:
        return 3
    return 4


def _directed_counts(G: nx.DiGraph, labels: dict[Hashable, str]) -> dict[Hashable, list[int]]:
    counts: dict[Hashable, list[int]] = {}
    for b, gb in labels.items():
        row = [0] * 5
        succ = [c for c in G.successors(b) if c in labels and c != b]
        for a in G.predecessors(b):
            if a == b or a not in labels:
                continue
            for c in succ:
                if c != a and not G.has_edge(a, c):
                    row[_role(labels[a], gb, labels[c])] += 1
        counts[b] = row
    return counts


def _undirected_counts(C: nx.Graph, labels: dict[Hashable, str]) -> dict[Hashable, list[int]]:
    nbrs = {v: {u for u in C[v] if u in labels and u != v} for v in labels}
    counts: dict[Hashable, list[int]] = {}
    for b, around in nbrs.items():
        gb = labels[b]
        # b's neighbours by group: the sizes count every two-path, the sets the closed ones
        members: dict[str, set[Hashable]] = {}
        for u in around:
            members.setdefault(labels[u], set()).add(u)
        own = len(members.get(gb, ()))
        others = len(around) - own
        # Every ordered pair of b's neighbours first, by the groups' sizes ...
        row = [
            own * (own - 1),
            sum(len(m) * (len(m) - 1) for g, m in members.items() if g != gb),
            own * others,
            others * own,
            others * others - sum(len(m) * len(m) for g, m in members.items() if g != gb),
        ]
        # ... then take away the closed ones: a and c tied, both tied to b. From each
        # neighbour a, count the c among b's neighbours that a is tied to - in all, in a's
        # group, in b's group - with set intersections (in C) rather than one step per
        # triangle: triangles outnumber ties by far where networks are large.
        # An ordered closed pair (a, c) falls in one role: coordinator or itinerant when a
        # and c share a group (as b does or not), representative when only a shares b's
        # group (its mirror (c, a) is then the gatekeeper), liaison when no two share one.
        mine = members.get(gb, set())
        for a in around:
            tied = nbrs[a]
            common = len(tied & around)
            if not common:
                continue
            ga = labels[a]
            same = len(tied & members[ga])
            if ga == gb:
                row[0] -= same
                row[2] -= common - same
                row[3] -= common - same
            else:
                row[1] -= same
                row[4] -= common - same - len(tied & mine)
        counts[b] = row
    return counts


def gould_fernandez(G: nx.Graph, by: str) -> list[Brokerage]:
    """Gould-Fernandez brokerage role counts of every labelled organisation.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The cooperation graph (ties read in both directions, see the module docstring)
        or a directed graph.
    by : str
        The grouping attribute (``county``, ``sector``, ``kind``, ...).

    Returns
    -------
    list of Brokerage
        Sorted by total brokerage (most first), then id.

    Examples
    --------
    a1 - b - c with groups A, B, C, and a2 - b with a2 in group A. b's open two-paths, in
    both directions: a1-b-c and a2-b-c are liaison (3 groups): 2 x 2 = 4; a1-b-a2 is
    itinerant (a1, a2 in A, b not): 2.

    >>> import networkx as nx
    >>> C = nx.Graph([("a1", "b"), ("b", "c"), ("a2", "b")])
    >>> nx.set_node_attributes(C, {"a1": "A", "a2": "A", "b": "B", "c": "C"}, "sector")
    >>> r = gould_fernandez(C, "sector")[0]
    >>> r.node, r.liaison, r.itinerant, r.coordinator, r.total
    ('b', 4, 2, 0, 6)

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989), see the module docstring.
    """
    if not isinstance(G, nx.Graph) or G.is_multigraph():
        raise MetricsError(
            f"brokerage needs a simple graph (the cooperation graph or a DiGraph), not a {type(G).__name__}"
        )
    if G.number_of_nodes() == 0:
        raise MetricsError("brokerage: the graph has no organisations (is the store empty?)")
    _, labels = group_labels(G, by)
    counts = _directed_counts(G, labels) if G.is_directed() else _undirected_counts(G, labels)
    name = node_name(G)
    rows = [
        Brokerage(str(b), name(b), labels[b], *row, total=sum(row))  # type: ignore[misc]
        for b, row in counts.items()
    ]
    rows.sort(key=lambda r: (-r.total, r.node))
    return rows


@dataclass(frozen=True)
class GroupBrokerage:
    """Gould-Fernandez role counts summed over the brokers of one group.

    See :func:`gould_fernandez_by_group`.

    Attributes
    ----------
    group : str
        The group (e.g. a county id).
    brokers : int
        Organisations of the group with any brokerage.
    coordinator : int
        Two-paths within its own group.
    itinerant : int
        Two-paths joining two members of one other group.
    representative : int
        Two-paths from its group out to another.
    gatekeeper : int
        Two-paths from another group into its own.
    liaison : int
        Two-paths joining two other, different groups.
    total : int
        All brokerage two-paths of the group's brokers.
    """

    group: str
    brokers: int
    coordinator: int
    itinerant: int
    representative: int
    gatekeeper: int
    liaison: int
    total: int


def gould_fernandez_by_group(G: nx.Graph, by: str) -> list[GroupBrokerage]:
    """:func:`gould_fernandez` summed per group of the broker (see :func:`group_totals`).

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a1", "b"), ("b", "c"), ("a2", "b")])
    >>> nx.set_node_attributes(C, {"a1": "A", "a2": "A", "b": "B", "c": "C"}, "sector")
    >>> [(g.group, g.total) for g in gould_fernandez_by_group(C, "sector")]
    [('A', 0), ('B', 6), ('C', 0)]
    """
    return group_totals(gould_fernandez(G, by))


def group_totals(rows: list[Brokerage]) -> list[GroupBrokerage]:
    """Role counts of :func:`gould_fernandez` rows summed per group of the broker."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for r in rows:
        row = sums[r.group]
        row[0] += 1 if r.total else 0
        for i, role in enumerate(ROLES, start=1):
            row[i] += getattr(r, role)
        row[6] += r.total
    return [GroupBrokerage(g, *row) for g, row in sorted(sums.items())]


def _check_weights(C: nx.Graph, weight: str | None) -> None:
    """Burt's measures need weights >= 0 (self-loops aside, which they ignore)."""
    if not weight:
        return
    for u, v, value in C.edges(data=weight, default=1.0):
        w = float(value)
        if u != v and not (math.isfinite(w) and w >= 0):
            raise MetricsError(f"tie {u} - {v} has {weight} {w!r}: Burt's measures need weights >= 0")


def _tie_weights(C: nx.Graph, weight: str | None, v: Hashable) -> dict[Hashable, float]:
    """w_vj for v's neighbours j (1 each without a weight attribute); a self-loop is no tie."""
    return {u: float(d.get(weight, 1.0)) if weight else 1.0 for u, d in C[v].items() if u != v}


def _share(C: nx.Graph, weight: str | None, v: Hashable) -> tuple[dict[Hashable, float], float]:
    """p_vj = w_vj / s_v for v's neighbours j, and v's strongest tie (Burt's marginal strength)."""
    ws = _tie_weights(C, weight, v)
    s = sum(ws.values())
    return ({u: w / s for u, w in ws.items()} if s > 0 else {}), max(ws.values(), default=0.0)


def _shares(
    C: nx.Graph, weight: str | None
) -> tuple[dict[Hashable, dict[Hashable, float]], dict[Hashable, float]]:
    """:func:`_share` of every node, after the weight check."""
    _check_weights(C, weight)
    p: dict[Hashable, dict[Hashable, float]] = {}
    top: dict[Hashable, float] = {}
    for v in C:
        p[v], top[v] = _share(C, weight, v)
    return p, top


def _burt_fast(
    C: nx.Graph, weight: str | None
) -> tuple[dict[Hashable, float | None], dict[Hashable, float | None]]:
    p, top = _shares(C, weight)
    w = {v: {u: float(d.get(weight, 1.0)) if weight else 1.0 for u, d in C[v].items()} for v in C}
    nbrs = {v: set(p[v]) for v in C}
    indirect: dict[tuple[Hashable, Hashable], float] = {}
    redundancy: dict[tuple[Hashable, Hashable], float] = {}
    for i, j in C.edges():
        if i == j:
            continue
        pi, pj, wi, wj = p[i], p[j], w[i], w[j]
        ind_ij = ind_ji = red_ij = red_ji = 0.0
        for q in nbrs[i] & nbrs[j]:
            pq = p[q]
            ind_ij += pi[q] * pq.get(j, 0.0)
            ind_ji += pj[q] * pq.get(i, 0.0)
            red_ij += pi[q] * wj[q]
            red_ji += pj[q] * wi[q]
        indirect[i, j], indirect[j, i] = ind_ij, ind_ji
        redundancy[i, j] = red_ij / (top[j] or 1.0)
        redundancy[j, i] = red_ji / (top[i] or 1.0)
    cons: dict[Hashable, float | None] = {}
    esize: dict[Hashable, float | None] = {}
    for i in C:
        if not nbrs[i]:
            cons[i] = esize[i] = None
            continue
        cons[i] = sum((p[i][j] + indirect[i, j]) ** 2 for j in nbrs[i])
        esize[i] = sum(1.0 - redundancy[i, j] for j in nbrs[i])
    return cons, esize


def _constraint_igraph(C: nx.Graph, weight: str | None) -> dict[Hashable, float | None]:
    """igraph's Burt constraint (the same formula, in C); isolated nodes get None."""
    from partnermap.metrics.centrality import to_igraph  # noqa: PLC0415 - centrality does not import us

    _check_weights(C, weight)
    g, nodes = to_igraph(C, weight)
    values = g.constraint(weights="weight" if weight else None)
    degrees = C.degree()
    return {
        node: float(values[i]) if degrees[node] > 0 and math.isfinite(values[i]) else None
        for i, node in enumerate(nodes)
    }


class _MutualWeights:
    """networkx's Burt arithmetic on an undirected graph, each node's part computed once.

    networkx's pure-Python ``constraint`` and ``effective_size`` recompute a node's
    normaliser (the sum, or maximum, of its mutual weights) for every term that uses it:
    O(d^3) per node of degree d, a minute and more for a report of 1,500 organisations in
    networks of dozens. Here each normaliser is computed once, by the same operations on
    the same neighbour sets in the same order, so the results are networkx's to the bit.
    The mutual weight of u and v is ``a_uv + a_vu``: twice the tie's weight (default 1),
    0 without a tie.
    """

    def __init__(self, C: nx.Graph, weight: str | None) -> None:
        self.C, self.weight = C, weight
        self._around: dict[Hashable, set[Hashable]] = {}
        self._mutual: dict[Hashable, dict[Hashable, Any]] = {}
        self._sum: dict[Hashable, Any] = {}
        self._max: dict[Hashable, Any] = {}

    def around(self, v: Hashable) -> set[Hashable]:
        """``set(nx.all_neighbors(C, v))``, as networkx iterates it."""
        if v not in self._around:
            self._around[v] = set(self.C[v])
        return self._around[v]

    def _weights(self, v: Hashable) -> dict[Hashable, Any]:
        if v not in self._mutual:
            self._mutual[v] = {u: (a := d.get(self.weight, 1)) + a for u, d in self.C[v].items()}
        return self._mutual[v]

    def share(self, v: Hashable, u: Hashable) -> Any:
        """networkx's ``normalized_mutual_weight(C, v, u)`` (norm ``sum``)."""
        if v not in self._sum:
            weights = self._weights(v)
            self._sum[v] = sum(weights[w] for w in self.around(v))
        scale = self._sum[v]
        return 0 if scale == 0 else self._weights(v).get(u, 0) / scale

    def marginal(self, v: Hashable, u: Hashable) -> Any:
        """networkx's ``normalized_mutual_weight(C, v, u, norm=max)``."""
        if v not in self._max:
            weights = self._weights(v)
            self._max[v] = max(weights[w] for w in self.around(v))
        scale = self._max[v]
        return 0 if scale == 0 else self._weights(v).get(u, 0) / scale

    def constraint(self) -> dict[Hashable, float]:
        """networkx's ``constraint(C, weight=weight)`` without scipy."""
        result: dict[Hashable, float] = {}
        for v in self.C:
            if len(self.C[v]) == 0:
                result[v] = float("nan")
                continue
            around = self.around(v)
            result[v] = sum(
                (self.share(v, n) + sum(self.share(v, w) * self.share(w, n) for w in around)) ** 2
                for n in around
            )
        return result

    def effective_size(self) -> dict[Hashable, float]:
        """networkx's ``effective_size(C, weight=weight)`` without scipy.

        Without a weight networkx takes Borgatti's n - 2t/n of each ego network (n contacts,
        t ties among them, a self-loop one tie); so does this, without building the ego graphs.
        """
        result: dict[Hashable, float] = {}
        for v in self.C:
            if all(u == v for u in self.C[v]):
                result[v] = float("nan")
                continue
            around = self.around(v)
            if self.weight is None:
                others = around - {v}
                # degrees within the ego network, a self-loop counting 2 as networkx counts it
                degrees = sum(len(self.around(u) & others) + (u in self.around(u)) for u in others)
                result[v] = len(others) - 2 * (degrees // 2) / len(others)
                continue
            result[v] = sum(1 - sum(self.share(v, w) * self.marginal(u, w) for w in around) for u in around)
        return result


def _finite_or_none(values: dict[Hashable, float]) -> dict[Hashable, float | None]:
    return {k: (float(v) if v is not None and math.isfinite(v) else None) for k, v in values.items()}


def _use_networkx(C: nx.Graph, method: str) -> bool:
    if method not in ("auto", "networkx", "fast"):
        raise MetricsError(f"unknown method {method!r}: use auto, networkx or fast")
    return method == "networkx" or (method == "auto" and C.number_of_edges() <= NETWORKX_EDGES)


def constraint(
    C: nx.Graph, *, weight: str | None = "weight", method: Literal["auto", "networkx", "fast"] = "auto"
) -> dict[Hashable, float | None]:
    """Burt's constraint: how much a node's contacts are tied to each other.

    .. math:: c_i = \\sum_{j \\in N(i)} \\Big( p_{ij} + \\sum_{q \\ne i, j} p_{iq} p_{qj} \\Big)^2

    with :math:`p_{ij} = w_{ij} / \\sum_k w_{ik}` the share of i's cooperation that goes to
    j. Low constraint means many non-redundant contacts (a broker). An isolated node has
    no constraint: None.

    Examples
    --------
    A star's centre is unconstrained by its 3 separate leaves: 3 x (1/3)^2 = 1/3.

    >>> import networkx as nx
    >>> round(constraint(nx.star_graph(3))[0], 4)
    0.3333

    References
    ----------
    .. [1] Burt, R. S. (1992), see the module docstring.
    """
    require_cooperation_graph(C, "constraint")
    if _use_networkx(C, method):
        return _finite_or_none(_MutualWeights(C, weight).constraint())
    return _constraint_igraph(C, weight)


def effective_size(
    C: nx.Graph, *, weight: str | None = "weight", method: Literal["auto", "networkx", "fast"] = "auto"
) -> dict[Hashable, float | None]:
    """Burt's effective size: the number of contacts less their redundancy.

    .. math:: e_i = \\sum_{j \\in N(i)} \\Big( 1 - \\sum_{q \\ne i, j} p_{iq} m_{jq} \\Big)

    where :math:`m_{jq} = w_{jq} / \\max_k w_{jk}`. Without weights this is Borgatti's
    :math:`n - 2t/n` (n contacts, t ties among them). An isolated node: None.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.star_graph(3), weight=None)[0]
    3.0
    >>> effective_size(nx.complete_graph(4), weight=None)[0]
    1.0

    References
    ----------
    .. [1] Burt, R. S. (1992); [3] Borgatti, S. P. (1997), see the module docstring.
    """
    require_cooperation_graph(C, "effective size")
    if _use_networkx(C, method):
        return _finite_or_none(_MutualWeights(C, weight).effective_size())
    return _burt_fast(C, weight)[1]


@dataclass(frozen=True)
class StructuralHoles:
    """Burt's measures for one organisation (None where undefined: no ties)."""

    node: str
    name: str
    degree: int
    effective_size: float | None
    efficiency: float | None
    constraint: float | None


def structural_holes(
    C: nx.Graph,
    *,
    weight: str | None = "weight",
    method: Literal["auto", "networkx", "fast"] = "auto",
    top: int | None = None,
    min_degree: int = 0,
) -> list[StructuralHoles]:
    """Effective size, efficiency (effective size / degree) and constraint per organisation.

    Sorted by constraint, least constrained first (isolated organisations last). With
    ``top``, only the ``top`` least constrained organisations of degree ``min_degree`` or
    more are returned, and effective size is computed for them alone (the constraint of
    all is needed to rank them; on large graphs it comes from igraph).

    Examples
    --------
    >>> import networkx as nx
    >>> rows = structural_holes(nx.star_graph(2), weight=None)
    >>> [(r.node, r.effective_size, r.efficiency) for r in rows]
    [('0', 2.0, 1.0), ('1', 1.0, 1.0), ('2', 1.0, 1.0)]
    """
    require_cooperation_graph(C, "structural holes")
    if top is not None and top < 0:
        raise MetricsError(f"top must be >= 0, not {top}")
    name = node_name(C)
    degree = {v: len(nbrs) - (v in nbrs) for v, nbrs in C.adjacency()}  # a self-loop is no contact
    cons: dict[Hashable, float | None]
    esize: dict[Hashable, float | None]
    if top is not None and not _use_networkx(C, method):
        cons = constraint(C, weight=weight, method=method)
        ranked = sorted(
            (v for v in C if degree[v] >= min_degree and cons[v] is not None),
            key=lambda v: (cons[v], str(v)),
        )[:top]
        esize = _effective_size_of(C, weight, ranked)
        nodes: list[Hashable] = ranked
    else:
        if _use_networkx(C, method):
            cons = constraint(C, weight=weight, method="networkx")
            esize = effective_size(C, weight=weight, method="networkx")
        else:
            cons, esize = _burt_fast(C, weight)
        nodes = [v for v in C if degree[v] >= min_degree]
    rows = []
    for v in nodes:
        k = degree[v]
        e = esize.get(v)
        rows.append(
            StructuralHoles(
                node=str(v),
                name=name(v),
                degree=k,
                effective_size=e,
                efficiency=safe_ratio(e, k) if e is not None else None,
                constraint=cons.get(v),
            )
        )
    rows.sort(key=lambda r: (r.constraint is None, r.constraint if r.constraint is not None else 0.0, r.node))
    return rows if top is None else rows[:top]


def _effective_size_of(
    C: nx.Graph, weight: str | None, nodes: list[Hashable]
) -> dict[Hashable, float | None]:
    """Burt's effective size of a few nodes, from their ego networks alone (weights checked before)."""
    # The contacts' ties as plain dicts, once each: the sums below look them up many times.
    ties_of: dict[Hashable, dict[Hashable, float]] = {}
    strongest: dict[Hashable, float] = {}
    result: dict[Hashable, float | None] = {}
    for i in nodes:
        p_i, _ = _share(C, weight, i)
        around = set(p_i)
        if not around:
            result[i] = None
            continue
        total = 0.0
        for j in around:
            if j not in ties_of:
                ties_of[j] = _tie_weights(C, weight, j)
                strongest[j] = max(ties_of[j].values(), default=0.0)
            w_j = ties_of[j]
            redundancy = sum(p_i[q] * w_j[q] for q in around & set(w_j) if q != j)
            total += 1.0 - redundancy / (strongest[j] or 1.0)
        result[i] = total
    return result
