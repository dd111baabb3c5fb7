"""Communities of cooperation (Louvain), and how closely they follow county lines.

:func:`louvain` finds communities that maximise modularity; :func:`compare_partitions`
measures the agreement of two partitions with normalised mutual information and the
adjusted Rand index; :func:`communities_vs_areas` puts them together against an attribute
(``county`` by default): an NMI near 1 means cooperation follows county lines, near 0
that it ignores them.

Louvain runs in networkx on small graphs and in igraph (the same multilevel algorithm in
C) on large ones; both are seeded, so the same seed gives the same communities.

References
----------
.. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008). Fast
   unfolding of communities in large networks. *J. Stat. Mech.* P10008.
.. [2] Newman, M. E. J. (2006). Modularity and community structure in networks.
   *PNAS* 103(23), 8577-8582.
.. [3] Danon, L., Díaz-Guilera, A., Duch, J. and Arenas, A. (2005). Comparing community
   structure identification. *J. Stat. Mech.* P09008.
.. [4] Hubert, L. and Arabie, P. (1985). Comparing partitions. *Journal of
   Classification* 2, 193-218.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import igraph
import networkx as nx

from partnermap.metrics._common import MetricsError, group_labels, require_cooperation_graph
from partnermap.metrics.centrality import to_igraph

__all__ = [
    "Community",
    "CommunityReport",
    "PartitionAgreement",
    "adjusted_rand_index",
    "communities_vs_areas",
    "compare_partitions",
    "louvain",
    "modularity",
    "normalized_mutual_information",
]

#: Above this many ties, Louvain runs in igraph.
NETWORKX_EDGES = 20_000


def louvain(
    C: nx.Graph,
    *,
    seed: int | None = 0,
    resolution: float = 1.0,
    weight: str | None = "weight",
    method: Literal["auto", "networkx", "igraph"] = "auto",
) -> list[list[str]]:
    """Louvain communities, largest first (members sorted).

    Organisations without ties form communities of one.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")])
    >>> louvain(C, seed=1)
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    require_cooperation_graph(C, "Louvain")
    return _louvain(C, seed=seed, resolution=resolution, weight=weight, method=method, converted=None)


def _louvain(
    C: nx.Graph,
    *,
    seed: int | None,
    resolution: float,
    weight: str | None,
    method: Literal["auto", "networkx", "igraph"],
    converted: tuple[igraph.Graph, list[Hashable]] | None,
) -> list[list[str]]:
    """:func:`louvain`; on igraph with ``converted`` (``to_igraph(C, weight)``) if given."""
    if method not in ("auto", "networkx", "igraph"):
        raise MetricsError(f"unknown method {method!r}: use auto, networkx or igraph")
    if method == "networkx" or (method == "auto" and C.number_of_edges() <= NETWORKX_EDGES):
        parts = nx.community.louvain_communities(C, weight=weight, resolution=resolution, seed=seed)
        groups = [sorted(str(n) for n in part) for part in parts]
    else:
        g, nodes = converted or to_igraph(C, weight)
        # python-igraph draws from the random module: seed it and put the caller's state back.
        state = random.getstate()
        try:
            random.seed(seed)
            clusters = g.community_multilevel(weights="weight" if weight else None, resolution=resolution)
        finally:
            random.setstate(state)
        groups = [sorted(str(nodes[i]) for i in cluster) for cluster in clusters]
    groups.sort(key=lambda c: (-len(c), c[0] if c else ""))
    return groups


def modularity(
    C: nx.Graph, communities: Sequence[Sequence[Hashable]], *, weight: str | None = "weight"
) -> float:
    """Newman's modularity of a partition.

    .. math:: Q = \\sum_c \\Big[ \\frac{L_c}{m} - \\Big( \\frac{d_c}{2m} \\Big)^2 \\Big]

    with L_c the weight inside community c, d_c its total strength and m the total weight.
    A graph without ties has Q = 0.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("c", "d")])
    >>> modularity(C, [["a", "b"], ["c", "d"]])
    0.5
    """
    require_cooperation_graph(C, "modularity")
    return _modularity(C, communities, weight=weight, converted=None)


def _modularity(
    C: nx.Graph,
    communities: Sequence[Sequence[Hashable]],
    *,
    weight: str | None,
    converted: tuple[igraph.Graph, list[Hashable]] | None,
) -> float:
    """:func:`modularity`; on igraph with ``converted`` (``to_igraph(C, weight)``) if given."""
    ties = C.number_of_edges()
    if ties == 0:
        return 0.0
    ids = {str(n): n for n in C}
    parts = [{ids.get(str(n), n) for n in c} for c in communities]
    if not nx.community.is_partition(C, parts):
        raise MetricsError("modularity needs a partition: every organisation in exactly one community")
    if ties <= NETWORKX_EDGES:
        return float(nx.community.modularity(C, parts, weight=weight))
    # Large graphs: igraph's modularity (the same formula in C) of the same partition.
    g, nodes = converted or to_igraph(C, weight)
    community_of = {member: i for i, part in enumerate(parts) for member in part}
    return float(g.modularity([community_of[node] for node in nodes], weights="weight" if weight else None))


def _contingency(
    a: Sequence[str], b: Sequence[str]
) -> tuple[Counter[tuple[str, str]], Counter[str], Counter[str]]:
    return Counter(zip(a, b, strict=True)), Counter(a), Counter(b)


def normalized_mutual_information(a: Sequence[str], b: Sequence[str]) -> float:
    """Normalised mutual information of two labellings of the same items.

    .. math:: NMI(A, B) = \\frac{2 I(A; B)}{H(A) + H(B)}

    (Danon et al.; igraph's ``compare_communities(method="nmi")``). Two labellings that put
    everything in one class are identical: 1.

    Examples
    --------
    >>> normalized_mutual_information(["x", "x", "y", "y"], ["p", "p", "q", "q"])
    1.0
    >>> normalized_mutual_information(["x", "x", "y", "y"], ["p", "q", "p", "q"])
    0.0
    """
    if len(a) != len(b):
        raise MetricsError("the two labellings must label the same items")
    n = len(a)
    if n == 0:
        raise MetricsError("cannot compare empty labellings")
    joint, ca, cb = _contingency(a, b)
    h_a = -sum(c / n * math.log(c / n) for c in ca.values())
    h_b = -sum(c / n * math.log(c / n) for c in cb.values())
    if h_a + h_b == 0:
        return 1.0
    mi = sum(c / n * math.log(c * n / (ca[x] * cb[y])) for (x, y), c in joint.items())
    return max(0.0, min(1.0, 2 * mi / (h_a + h_b)))


def adjusted_rand_index(a: Sequence[str], b: Sequence[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings.

    .. math:: ARI = \\frac{\\sum_{ij} \\binom{n_{ij}}{2} - t}{\\frac12 \\Big[\\sum_i
              \\binom{a_i}{2} + \\sum_j \\binom{b_j}{2}\\Big] - t},\\quad
              t = \\frac{\\sum_i \\binom{a_i}{2} \\sum_j \\binom{b_j}{2}}{\\binom{n}{2}}

    1 for identical partitions, about 0 for chance agreement. When the denominator is 0
    (both labellings trivial in the same way) the partitions are identical: 1.

    Examples
    --------
    >>> adjusted_rand_index(["x", "x", "y", "y"], ["p", "p", "q", "q"])
    1.0
    >>> round(adjusted_rand_index(["x", "x", "y", "y"], ["p", "q", "p", "q"]), 4)
    -0.5
    """
    if len(a) != len(b):
        raise MetricsError("the two labellings must label the same items")
    n = len(a)
    if n < 2:
        raise MetricsError("the adjusted Rand index needs two items or more")
    joint, ca, cb = _contingency(a, b)
    index = sum(math.comb(c, 2) for c in joint.values())
    sum_a = sum(math.comb(c, 2) for c in ca.values())
    sum_b = sum(math.comb(c, 2) for c in cb.values())
    expected = sum_a * sum_b / math.comb(n, 2)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


@dataclass(frozen=True)
class PartitionAgreement:
    nmi: float
    adjusted_rand: float
    items: int


def compare_partitions(a: Mapping[Hashable, str], b: Mapping[Hashable, str]) -> PartitionAgreement:
    """NMI and adjusted Rand index over the items both labellings have.

    Examples
    --------
    >>> compare_partitions({1: "x", 2: "x", 3: "y"}, {1: "p", 2: "p", 3: "q", 4: "q"})
    PartitionAgreement(nmi=1.0, adjusted_rand=1.0, items=3)
    """
    items = sorted((k for k in a if k in b), key=str)
    if len(items) < 2:
        raise MetricsError("the partitions share fewer than two items: nothing to compare")
    la = [a[k] for k in items]
    lb = [b[k] for k in items]
    return PartitionAgreement(normalized_mutual_information(la, lb), adjusted_rand_index(la, lb), len(items))


@dataclass(frozen=True)
class Community:
    """One community: size, its most common area and that area's share, areas spanned."""

    index: int
    size: int
    members: list[str]
    top_area: str | None
    top_area_share: float | None
    areas: int


@dataclass(frozen=True)
class CommunityReport:
    """Louvain communities against the formal areas of one attribute."""

    attribute: str
    seed: int | None
    communities: int
    modularity: float
    area_modularity: float
    agreement: PartitionAgreement
    largest: list[Community]
    singletons: int


def communities_vs_areas(
    C: nx.Graph,
    by: str = "county",
    *,
    seed: int | None = 0,
    resolution: float = 1.0,
    top: int = 20,
    members: int = 10,
) -> CommunityReport:
    """Louvain communities compared with the areas of ``by`` (county by default).

    ``modularity`` is the communities' Q; ``area_modularity`` the Q of the areas taken as
    communities (organisations without an area each on their own), so the two say how much
    better than the formal map the communities fit the ties. The agreement (NMI, ARI) is
    computed over the organisations that have an area and at least one tie.

    Parameters
    ----------
    top : int
        How many of the largest communities to describe.
    members : int
        How many member ids to list per community.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")])
    >>> nx.set_node_attributes(C, {n: "county:x" if n in "abc" else "county:y" for n in C}, "home_county")
    >>> r = communities_vs_areas(C, seed=1)
    >>> r.communities, r.agreement.nmi, r.agreement.adjusted_rand
    (2, 1.0, 1.0)
    """
    require_cooperation_graph(C, "communities")
    if C.number_of_edges() == 0:
        raise MetricsError("communities: the graph has no ties")
    attr, labels = group_labels(C, by)
    # One igraph copy of a large graph serves Louvain and both modularities.
    converted = to_igraph(C, "weight") if C.number_of_edges() > NETWORKX_EDGES else None
    parts = _louvain(C, seed=seed, resolution=resolution, weight="weight", method="auto", converted=converted)
    community_of = {member: i for i, part in enumerate(parts) for member in part}
    tied = {str(n) for n, d in C.degree() if d > 0}
    area_of = {str(n): v for n, v in labels.items()}
    agreement = compare_partitions(
        {n: area_of[n] for n in tied if n in area_of}, {n: str(community_of[n]) for n in tied}
    )
    groups: dict[str, list[Hashable]] = {}
    for node in C:
        groups.setdefault(labels.get(node, f"\0{node}"), []).append(node)
    rows = []
    for i, part in enumerate(parts[:top]):
        counts = Counter(area_of[m] for m in part if m in area_of)
        area, count = counts.most_common(1)[0] if counts else (None, 0)
        rows.append(
            Community(
                index=i,
                size=len(part),
                members=part[:members],
                top_area=area,
                top_area_share=count / len(part) if area is not None else None,
                areas=len(counts),
            )
        )
    return CommunityReport(
        attribute=attr,
        seed=seed,
        communities=len(parts),
        modularity=_modularity(C, parts, weight="weight", converted=converted),
        area_modularity=_modularity(C, list(groups.values()), weight="weight", converted=converted),
        agreement=agreement,
        largest=rows,
        singletons=sum(1 for p in parts if len(p) == 1),
    )
