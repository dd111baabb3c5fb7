"""Mixing across groups: do ties cross county, municipal, sector or kind lines?

Every function takes the cooperation graph (:func:`partnermap.cooperation.cooperation_graph`)
and a node attribute ``by``: ``county`` (``home_county``), ``municipality``
(``home_municipality``), ``area`` (county, or ``national`` / ``international``), ``sector``,
``kind`` (``org_kind``), ``leader-area`` (``leader_area``) or any other attribute the
organisations carry. Organisations without a value for the attribute (a national body has
no county) are left out, and so are their ties; the results say how many were.

A tie is *internal* when both ends are in one group and *external* otherwise. Weighted
variants sum the ties' ``weight`` instead of counting them.

Every measure reads the graph's ties first. To compute many of them on one graph (as
:func:`cross_area` and the report do), read the ties once with :func:`read_ties` and pass
them as ``ties=``: the measures then skip the reading, which on large graphs costs more
than the measure itself.

Examples
--------
>>> import networkx as nx
>>> C = nx.Graph()
>>> C.add_nodes_from(["a", "b"], home_county="county:voru")
>>> C.add_nodes_from(["c", "d"], home_county="county:tartu")
>>> C.add_edges_from([("a", "b"), ("b", "c"), ("c", "d")], weight=1.0)
>>> ei = ei_index(C, "county")
>>> ei.internal, ei.external, round(ei.ei, 4)
(2, 1, -0.3333)
>>> mixing_matrix(C, "county").ties
[[1, 1], [1, 1]]

References
----------
.. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
   an experimental simulation. *Social Psychology Quarterly* 51(2), 123-140.
.. [2] Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review E* 67, 026126.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import eq, itemgetter
from typing import Any

import networkx as nx

from partnermap.cooperation import organisation_area
from partnermap.graph import home_areas
from partnermap.metrics._common import (
    MetricsError,
    group_labels,
    node_name,
    require_cooperation_graph,
    require_snapshot,
    safe_ratio,
)
from partnermap.model import NodeKind, RelationKind

__all__ = [
    "CrossArea",
    "EIIndex",
    "GroupMixing",
    "MixingMatrix",
    "NodeMixing",
    "PermutationTest",
    "ProjectSpan",
    "Ties",
    "assortativity",
    "cross_area",
    "ei_index",
    "group_ei",
    "group_mixing",
    "mixing_matrix",
    "node_ei",
    "permutation_test",
    "project_span",
    "read_ties",
]

#: Enumerate every distinct relabelling instead of sampling when there are at most this many.
EXACT_LIMIT = 20_000


@dataclass(frozen=True, eq=False)
class Ties:
    """A cooperation graph's ties, read once for many measures (see :func:`read_ties`).

    Attributes
    ----------
    graph : networkx.Graph
        The graph they were read from.
    weight : str or None
        The edge attribute read as each tie's weight; None weighs every tie 1.
    edges : list of (u, v, weight)
        One per edge in the graph's edge order, self-loops left out.
    """

    graph: nx.Graph = field(repr=False)
    weight: str | None
    edges: list[tuple[Hashable, Hashable, float]] = field(repr=False)


def _read_ties(C: nx.Graph, weight: str | None, what: str) -> Ties:
    require_cooperation_graph(C, what)
    if not weight:
        return Ties(C, None, [(u, v, 1.0) for u, v in C.edges() if u != v])
    return Ties(C, weight, [(u, v, float(w)) for u, v, w in C.edges(data=weight, default=1.0) if u != v])


def read_ties(C: nx.Graph, weight: str | None = "weight") -> Ties:
    """Read the cooperation graph's ties once, to pass as ``ties=`` to the mixing measures.

    Parameters
    ----------
    C : networkx.Graph
        The cooperation graph; the ties are valid while it is not changed.
    weight : str or None
        Edge attribute of the weighted measures; None weighs every tie 1. Measures asked
        for another weight than the ties carry refuse them; unweighted ones take any.

    Returns
    -------
    Ties

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_node("c", sector="private")
    >>> C.add_edges_from([("a", "b"), ("b", "c")], weight=2.0)
    >>> ties = read_ties(C)
    >>> ei_index(C, "sector", ties=ties).internal, mixing_matrix(C, "sector", ties=ties).ties
    (1, [[0, 1], [1, 1]])
    """
    return _read_ties(C, weight, "reading ties")


@dataclass(frozen=True)
class _Ties:
    """The ties among the organisations that have a group label, with those labels."""

    attribute: str
    labels: dict[Hashable, str]
    groups: list[str]
    ties: list[tuple[Hashable, Hashable, float]]
    unlabelled: int


def _ties(
    C: nx.Graph,
    by: str,
    weight: str | None,
    what: str,
    *,
    need_two: bool = True,
    ties: Ties | None = None,
) -> _Ties:
    """The ties of ``C`` grouped by ``by``, weighted by ``weight`` (read now, or from ``ties``)."""
    if ties is None:
        ties = _read_ties(C, weight, what)
    else:
        require_cooperation_graph(C, what)
        if ties.graph is not C:
            raise MetricsError(
                f"{what}: the ties were read from another graph; read_ties(C) reads this one's"
            )
        if weight and ties.weight != weight:
            raise MetricsError(
                f"{what} by weight {weight!r}, but the ties carry {ties.weight!r}: read_ties(C, {weight!r})"
            )
    attr, labels = group_labels(C, by)
    groups = sorted(set(labels.values()))
    if need_two and len(groups) < 2:
        raise MetricsError(
            f"{what} by {by!r}: all {len(labels)} organisations that have it are in one group "
            f"({groups[0]!r}); mixing needs two groups or more"
        )
    if not weight and ties.weight is not None:
        chosen = [(u, v, 1.0) for u, v, _ in ties.edges if u in labels and v in labels]
    else:
        chosen = [(u, v, w) for u, v, w in ties.edges if u in labels and v in labels]
    if not chosen:
        raise MetricsError(f"{what} by {by!r}: there are no ties between organisations that have it")
    return _Ties(attr, labels, groups, chosen, C.number_of_nodes() - len(labels))


def _ei(external: float, internal: float) -> float | None:
    return safe_ratio(external - internal, external + internal)


@dataclass(frozen=True)
class EIIndex:
    """Krackhardt and Stern's E-I index of the whole cooperation graph.

    See :func:`ei_index`.

    Attributes
    ----------
    attribute : str
        The attribute that makes the groups.
    groups : int
        Number of groups.
    organisations : int
        Organisations with a value for the attribute.
    unlabelled : int
        Organisations left out: no value for the attribute.
    internal : int
        Ties within a group.
    external : int
        Ties across groups.
    ei : float
        (external - internal) / (external + internal), -1..1.
    internal_weight : float
        Summed weight of internal ties.
    external_weight : float
        Summed weight of external ties.
    weighted_ei : float | None
        The E-I index of the weights.
    """

    attribute: str
    groups: int
    organisations: int
    unlabelled: int
    internal: int
    external: int
    ei: float
    internal_weight: float
    external_weight: float
    weighted_ei: float | None


def ei_index(C: nx.Graph, by: str, *, weight: str | None = "weight", ties: Ties | None = None) -> EIIndex:
    """Krackhardt and Stern's E-I index of the whole graph.

    .. math:: EI = \\frac{E - I}{E + I}

    where E counts the ties between groups and I the ties within them; -1 means every tie
    stays inside its group, +1 that every tie crosses. The weighted index uses summed weights.

    Parameters
    ----------
    C : networkx.Graph
        The cooperation graph.
    by : str
        The grouping attribute (see the module docstring).
    weight : str or None
        Edge attribute summed for the weighted index; None weighs every tie 1.
    ties : Ties, optional
        The graph's ties from :func:`read_ties`, to skip reading them again.

    Returns
    -------
    EIIndex
        Counts, weights and both indices.

    Raises
    ------
    MetricsError
        Unknown attribute, an empty graph, a single group, or no ties among labelled nodes.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b", "c"], sector="public")
    >>> C.add_node("d", sector="private")
    >>> C.add_edge("a", "b", weight=2.0); C.add_edge("c", "d", weight=1.0)
    >>> r = ei_index(C, "sector")
    >>> r.ei, round(r.weighted_ei, 4)
    (0.0, -0.3333)

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
       crises. *Social Psychology Quarterly* 51(2), 123-140.
    """
    return _ei_index(_ties(C, by, weight, "E-I index", ties=ties))


def _ei_index(t: _Ties) -> EIIndex:
    internal = external = 0
    w_in = w_out = 0.0
    for u, v, w in t.ties:
        if t.labels[u] == t.labels[v]:
            internal += 1
            w_in += w
        else:
            external += 1
            w_out += w
    return EIIndex(
        attribute=t.attribute,
        groups=len(t.groups),
        organisations=len(t.labels),
        unlabelled=t.unlabelled,
        internal=internal,
        external=external,
        ei=(external - internal) / (external + internal),
        internal_weight=w_in,
        external_weight=w_out,
        weighted_ei=_ei(w_out, w_in),
    )


@dataclass(frozen=True)
class GroupMixing:
    """One group's ties: internal and external, E-I index and internal density.

    See :func:`group_mixing`.

    Attributes
    ----------
    group : str
        The group (e.g. a county id).
    members : int
        Organisations in the group.
    internal : int
        Ties within a group.
    external : int
        Ties across groups.
    internal_weight : float
        Summed weight of internal ties.
    external_weight : float
        Summed weight of external ties.
    ei : float | None
        The group's E-I index.
    weighted_ei : float | None
        The E-I index of the weights.
    internal_density : float | None
        Share of possible internal ties present.
    """

    group: str
    members: int
    internal: int
    external: int
    internal_weight: float
    external_weight: float
    ei: float | None
    weighted_ei: float | None
    internal_density: float | None


def group_mixing(
    C: nx.Graph, by: str, *, weight: str | None = "weight", ties: Ties | None = None
) -> list[GroupMixing]:
    """Per group: internal and external ties and weights, E-I index and internal density.

    For group g with n_g members, :math:`EI_g = (E_g - I_g) / (E_g + I_g)` where I_g counts
    ties inside g and E_g ties from g to other groups; the internal density is
    :math:`I_g / (n_g (n_g - 1) / 2)`. Values that are undefined (a group without ties, a
    one-member group's internal density) are None.

    Parameters
    ----------
    C : networkx.Graph
    by : str
    weight : str or None
    ties : Ties, optional
        The graph's ties from :func:`read_ties`.

    Returns
    -------
    list of GroupMixing
        Sorted by group.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_node("c", sector="private")
    >>> C.add_edges_from([("a", "b"), ("b", "c")])
    >>> [(g.group, g.internal, g.external, g.ei) for g in group_mixing(C, "sector")]
    [('private', 0, 1, 1.0), ('public', 1, 1, 0.0)]

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988), see :func:`ei_index`.
    """
    return _group_mixing(_ties(C, by, weight, "group mixing", ties=ties))


def _group_mixing(t: _Ties) -> list[GroupMixing]:
    members = Counter(t.labels.values())
    internal: Counter[str] = Counter()
    external: Counter[str] = Counter()
    w_in: defaultdict[str, float] = defaultdict(float)
    w_out: defaultdict[str, float] = defaultdict(float)
    for u, v, w in t.ties:
        gu, gv = t.labels[u], t.labels[v]
        if gu == gv:
            internal[gu] += 1
            w_in[gu] += w
        else:
            for g in (gu, gv):
                external[g] += 1
                w_out[g] += w
    return [
        GroupMixing(
            group=g,
            members=members[g],
            internal=internal[g],
            external=external[g],
            internal_weight=w_in[g],
            external_weight=w_out[g],
            ei=_ei(external[g], internal[g]),
            weighted_ei=_ei(w_out[g], w_in[g]),
            internal_density=safe_ratio(internal[g], members[g] * (members[g] - 1) / 2),
        )
        for g in t.groups
    ]


def group_ei(
    C: nx.Graph, by: str, group: str, *, weight: str | None = "weight", ties: Ties | None = None
) -> GroupMixing:
    """The mixing of one group; see :func:`group_mixing` (and its ``ties``).

    Raises
    ------
    MetricsError
        If no organisation is in ``group``, or only one is: a one-member group cannot have
        internal ties, so its E-I index would be +1 by construction and say nothing.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_node("c", sector="private")
    >>> C.add_edges_from([("a", "b"), ("b", "c")])
    >>> group_ei(C, "sector", "public").ei
    0.0
    """
    rows = {row.group: row for row in group_mixing(C, by, weight=weight, ties=ties)}
    if group not in rows:
        known = ", ".join(rows)
        raise MetricsError(f"no organisation has {by} = {group!r} (groups: {known})")
    row = rows[group]
    if row.members < 2:
        raise MetricsError(
            f"group {group!r} of {by!r} has one member: it cannot have internal ties, "
            "so its E-I index is +1 by construction; compare groups of two or more"
        )
    return row


@dataclass(frozen=True)
class NodeMixing:
    """One organisation's ties to its own and to other groups.

    See :func:`node_ei`.

    Attributes
    ----------
    node : str
        The organisation's id.
    name : str
        The name, in Estonian as the sources give it.
    group : str
        The group (e.g. a county id).
    internal : int
        Ties within a group.
    external : int
        Ties across groups.
    ei : float
        Its E-I index.
    internal_weight : float
        Summed weight of internal ties.
    external_weight : float
        Summed weight of external ties.
    weighted_ei : float | None
        The E-I index of the weights.
    """

    node: str
    name: str
    group: str
    internal: int
    external: int
    ei: float
    internal_weight: float
    external_weight: float
    weighted_ei: float | None


def node_ei(
    C: nx.Graph, by: str, *, weight: str | None = "weight", ties: Ties | None = None
) -> list[NodeMixing]:
    """Per organisation: :math:`EI_v = (E_v - I_v) / (E_v + I_v)` over its ties.

    Organisations with no ties to labelled organisations are left out (their index is
    undefined). ``ties`` takes the graph's ties from :func:`read_ties`.

    Returns
    -------
    list of NodeMixing
        Sorted by E-I index, most outward-looking first, then by id.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_node("c", sector="private")
    >>> C.add_edges_from([("a", "b"), ("b", "c")])
    >>> [(n.node, n.ei) for n in node_ei(C, "sector")]
    [('c', 1.0), ('b', 0.0), ('a', -1.0)]
    """
    return _node_ei(C, _ties(C, by, weight, "node E-I index", ties=ties))


def _node_ei(C: nx.Graph, t: _Ties) -> list[NodeMixing]:
    counts: dict[Hashable, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    for u, v, w in t.ties:
        same = t.labels[u] == t.labels[v]
        for x in (u, v):
            row = counts[x]
            if same:
                row[0] += 1
                row[2] += w
            else:
                row[1] += 1
                row[3] += w
    name = node_name(C)
    rows = [
        NodeMixing(
            node=str(x),
            name=name(x),
            group=t.labels[x],
            internal=int(i),
            external=int(e),
            ei=(e - i) / (e + i),
            internal_weight=wi,
            external_weight=we,
            weighted_ei=_ei(we, wi),
        )
        for x, (i, e, wi, we) in counts.items()
    ]
    rows.sort(key=lambda r: (-r.ei, r.node))
    return rows


@dataclass(frozen=True)
class MixingMatrix:
    """Ties (and weights) between each pair of groups; the diagonal is internal.

    Symmetric. See :func:`mixing_matrix`.

    Attributes
    ----------
    attribute : str
        The attribute that makes the groups.
    groups : list[str]
        The groups, in the order of the rows and columns.
    ties : list[list[int]]
        Number of ties between group i and group j, each tie counted once: a tie within
        group i once on the diagonal (i, i), a tie across groups once in (i, j) and once in
        the mirror cell (j, i).
    weights : list[list[float]]
        Summed weight of those ties, each counted as in ties.
    """

    attribute: str
    groups: list[str]
    ties: list[list[int]]
    weights: list[list[float]]


def mixing_matrix(
    C: nx.Graph, by: str, *, weight: str | None = "weight", ties: Ties | None = None
) -> MixingMatrix:
    """The group x group tie matrix.

    ``ties[i][j]`` counts ties between groups i and j, each tie once: a tie inside group i
    adds 1 to the diagonal cell (i, i), a tie across groups adds 1 to (i, j) and, the matrix
    being symmetric, to (j, i). So the diagonal is :func:`group_mixing`'s ``internal``, the
    upper triangle with the diagonal sums to the number of ties, and a table a person reads
    says the same as the API. (Newman's mixing matrix counts internal ties twice, once from
    each end, so that rows sum to degrees; a reader takes that for double counting.)
    ``ties`` takes the graph's ties from :func:`read_ties`.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_node("c", sector="private")
    >>> C.add_edges_from([("a", "b"), ("b", "c")])
    >>> m = mixing_matrix(C, "sector")
    >>> m.groups, m.ties
    (['private', 'public'], [[0, 1], [1, 1]])
    """
    return _mixing_matrix(_ties(C, by, weight, "mixing matrix", need_two=False, ties=ties))


def _mixing_matrix(t: _Ties) -> MixingMatrix:
    index = {g: i for i, g in enumerate(t.groups)}
    k = len(t.groups)
    ties = [[0] * k for _ in range(k)]
    weights = [[0.0] * k for _ in range(k)]
    for u, v, w in t.ties:
        i, j = index[t.labels[u]], index[t.labels[v]]
        ties[i][j] += 1
        weights[i][j] += w
        if i != j:  # the mirror cell; a tie inside a group is counted once, on the diagonal
            ties[j][i] += 1
            weights[j][i] += w
    return MixingMatrix(attribute=t.attribute, groups=t.groups, ties=ties, weights=weights)


def assortativity(
    C: nx.Graph, by: str, *, weight: str | None = None, ties: Ties | None = None
) -> float | None:
    """Newman's attribute assortativity coefficient.

    .. math:: r = \\frac{\\sum_i e_{ii} - \\sum_i a_i^2}{1 - \\sum_i a_i^2}

    where :math:`e_{ij}` is the fraction of tie ends joining group i to group j (the
    normalised :func:`mixing_matrix` with its diagonal doubled: a tie inside a group has
    two ends there) and :math:`a_i = \\sum_j e_{ij}`. r = 1 is perfect
    assortative mixing, 0 random mixing; negative values mean ties prefer other groups.

    Parameters
    ----------
    weight : str or None
        With an edge attribute, ties count by weight; by default each tie counts once
        (as networkx's ``attribute_assortativity_coefficient`` and igraph's
        ``assortativity_nominal`` do).
    ties : Ties, optional
        The graph's ties from :func:`read_ties`.

    Returns
    -------
    float or None
        None when r is undefined: every tie end lies in one group (:math:`\\sum a_i^2 = 1`).

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_nodes_from(["c", "d"], sector="private")
    >>> C.add_edges_from([("a", "b"), ("c", "d")])
    >>> assortativity(C, "sector")
    1.0
    >>> C.add_edges_from([("a", "c"), ("b", "d")])
    >>> assortativity(C, "sector")
    0.0

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.
    """
    return _assortativity(mixing_matrix(C, by, weight=weight or None, ties=ties), weighted=bool(weight))


def _assortativity(m: MixingMatrix, *, weighted: bool) -> float | None:
    """r of a mixing matrix: of its weights, or of its tie counts."""
    cells: list[list[float]] = m.weights if weighted else [[float(x) for x in row] for row in m.ties]
    # Newman's e_ij counts tie ends: an internal tie, once on the matrix's diagonal, has two
    matrix = [[x * (2 if i == j else 1) for j, x in enumerate(row)] for i, row in enumerate(cells)]
    total = sum(sum(row) for row in matrix)
    if total == 0:
        return None
    trace = sum(matrix[i][i] for i in range(len(matrix))) / total
    a2 = sum((sum(row) / total) ** 2 for row in matrix)
    r = safe_ratio(trace - a2, 1 - a2)
    if r is None or abs(1 - a2) < 1e-12:
        return None
    return r


@dataclass(frozen=True)
class PermutationTest:
    """The observed E-I index against those of shuffled group labels.

    See :func:`permutation_test`.

    Attributes
    ----------
    attribute : str
        The attribute that makes the groups.
    weighted : bool
        Whether the weighted E-I index was tested.
    observed : float
        The observed E-I index.
    expected : float
        The E-I index expected from group sizes alone.
    permutation_mean : float
        Mean E-I index of the permutations.
    permutation_sd : float
        Standard deviation of the permutations' E-I index.
    p_greater : float
        Share of permutations with an E-I index at least as high.
    p_less : float
        Share of permutations with an E-I index at least as low.
    p_two_sided : float
        Two-sided p-value.
    permutations : int
        Number of relabellings compared.
    exact : bool
        Whether every distinct relabelling was enumerated.
    seed : int | None
        Random seed of the sampled permutations.
    """

    attribute: str
    weighted: bool
    observed: float
    expected: float
    permutation_mean: float
    permutation_sd: float
    p_greater: float
    p_less: float
    p_two_sided: float
    permutations: int
    exact: bool
    seed: int | None


def _multiset_permutations(items: list[int]) -> Iterator[list[int]]:
    """Every distinct ordering of ``items`` (sorted first), each once."""
    seq = sorted(items)
    yield list(seq)
    n = len(seq)
    while True:
        i = n - 2
        while i >= 0 and seq[i] >= seq[i + 1]:
            i -= 1
        if i < 0:
            return
        j = n - 1
        while seq[j] <= seq[i]:
            j -= 1
        seq[i], seq[j] = seq[j], seq[i]
        seq[i + 1 :] = reversed(seq[i + 1 :])
        yield list(seq)


def _labellings_at_most(sizes: list[int], limit: int) -> bool:
    """Do the distinct orderings of a multiset with these group sizes number at most ``limit``?

    The multinomial coefficient is built one item at a time (each step an exact integer,
    never smaller than the last) and abandoned once above the limit: the full number for
    30,000 organisations has tens of thousands of digits and took 0.1 s to compute.

    Examples
    --------
    >>> _labellings_at_most([2, 2], 6), _labellings_at_most([2, 2], 5), _labellings_at_most([30_000, 5], 10)
    (True, False, False)
    """
    count, placed = 1, 0
    if count > limit:
        return False
    for size in sizes:
        for j in range(1, size + 1):
            placed += 1
            count = count * placed // j
            if count > limit:
                return False
    return True


def permutation_test(
    C: nx.Graph,
    by: str,
    *,
    permutations: int = 999,
    seed: int | None = None,
    weight: str | None = None,
    ties: Ties | None = None,
) -> PermutationTest:
    """Is the observed E-I index more (or less) than chance? A label permutation test.

    The group labels are shuffled among the labelled organisations (group sizes and the
    ties stay as they are) and the E-I index is recomputed. When the distinct relabellings
    number at most ``permutations`` (and at most ``EXACT_LIMIT``), every one is enumerated
    and the test is exact; otherwise ``permutations`` random ones are drawn.

    The expected index is exact whatever the mode: a tie's two ends get a uniformly random
    pair of distinct labels, which share a group with probability
    :math:`p = \\sum_g n_g (n_g - 1) / (N (N - 1))`, so :math:`E[EI] = 1 - 2p`.

    p-values: exact mode counts the relabellings at least as extreme (the observed one
    included) over all of them; sampled mode uses :math:`(b + 1) / (n + 1)` with b the
    number of sampled indices at least as extreme [2]_. Two-sided extremeness is the
    distance from the expected index.

    Parameters
    ----------
    C : networkx.Graph
    by : str
    permutations : int
        Number of random relabellings (at least 1).
    seed : int, optional
        Seed of the random relabellings; the same seed gives the same result.
    weight : str or None
        Test the weighted E-I index instead of the tie count.
    ties : Ties, optional
        The graph's ties from :func:`read_ties`.

    Returns
    -------
    PermutationTest

    Examples
    --------
    Path a-b-c-d with groups A A B B: I = 2, E = 1, so EI = -1/3. Of the 6 relabellings,
    2 put a,b together (EI = -1/3), 2 alternate the groups (EI = 1) and 2 split them
    ``A B B A`` / ``B A A B`` (EI = 1/3); E[EI] = 1 - 2 * (2*1 + 2*1) / (4*3) = 1/3.

    >>> import networkx as nx
    >>> C = nx.path_graph(["a", "b", "c", "d"])
    >>> nx.set_node_attributes(C, {"a": "A", "b": "A", "c": "B", "d": "B"}, "team")
    >>> t = permutation_test(C, "team")
    >>> t.exact, t.permutations, round(t.observed, 4), round(t.expected, 4), round(t.p_less, 4)
    (True, 6, -0.3333, 0.3333, 0.3333)

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988), see :func:`ei_index`.
    .. [2] Phipson, B. and Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology* 9(1), article 39.
    """
    if permutations < 1:
        raise MetricsError(f"permutations must be at least 1, not {permutations}")
    t = _ties(C, by, weight, "permutation test", ties=ties)
    return _permutation_test(t, by, permutations=permutations, seed=seed, weighted=bool(weight))


def _gather(indices: list[int]) -> Callable[[list[int]], tuple[int, ...]]:
    """``lambda seq: tuple(seq[i] for i in indices)``, as one C call (itemgetter)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda seq: (seq[only],)
    gather: Callable[[list[int]], tuple[int, ...]] = itemgetter(*indices)
    return gather


def _permutation_test(
    t: _Ties, by: str, *, permutations: int, seed: int | None, weighted: bool
) -> PermutationTest:
    nodes = list(t.labels)
    index = {node: i for i, node in enumerate(nodes)}
    us = [index[u] for u, _, _ in t.ties]
    vs = [index[v] for _, v, _ in t.ties]
    ws = [w for *_, w in t.ties]
    total = sum(ws) if weighted else float(len(ws))
    if total <= 0:
        raise MetricsError(f"permutation test by {by!r}: the ties' weights sum to zero")
    # Labels as their rank among the sorted groups: small ints compare several times faster
    # than strings in the loop below, and keep the order the exact enumeration walks in.
    code = {g: i for i, g in enumerate(t.groups)}
    pool = [code[t.labels[n]] for n in nodes]

    def counter(us: list[int], vs: list[int]) -> Callable[[list[int]], float]:
        ends_u, ends_v = _gather(us), _gather(vs)

        def internal(labels: list[int]) -> float:
            same = map(eq, ends_u(labels), ends_v(labels))
            return float(sum(compress(ws, same))) if weighted else float(sum(same))

        return internal

    internal = counter(us, vs)

    def ei(inside: float) -> float:
        return 1.0 - 2.0 * inside / total

    observed = ei(internal(pool))
    sizes = list(Counter(pool).values())
    n = len(pool)
    p_same = sum(s * (s - 1) for s in sizes) / (n * (n - 1)) if n > 1 else 1.0
    expected = 1.0 - 2.0 * p_same
    exact = _labellings_at_most(sizes, min(permutations, EXACT_LIMIT))
    if exact:
        samples = [ei(internal(labels)) for labels in _multiset_permutations(pool)]
    else:
        rng = random.Random(seed)
        # Only the labels of tied organisations matter: draw those without replacement
        # from the whole pool (isolates' labels stay in the pool, as in a full shuffle).
        tied = sorted(set(us) | set(vs))
        local = {old: new for new, old in enumerate(tied)}
        drawn = counter([local[u] for u in us], [local[v] for v in vs])
        samples = [ei(drawn(rng.sample(pool, len(tied)))) for _ in range(permutations)]
    eps = 1e-9 * max(1.0, abs(observed))
    greater = sum(1 for s in samples if s >= observed - eps)
    less = sum(1 for s in samples if s <= observed + eps)
    distance = abs(observed - expected) - eps
    extreme = sum(1 for s in samples if abs(s - expected) >= distance)
    k = len(samples)
    mean = sum(samples) / k
    sd = math.sqrt(sum((s - mean) ** 2 for s in samples) / (k - 1)) if k > 1 else 0.0
    if exact:
        p_g, p_l, p_2 = greater / k, less / k, extreme / k
    else:
        p_g, p_l, p_2 = (greater + 1) / (k + 1), (less + 1) / (k + 1), (extreme + 1) / (k + 1)
    return PermutationTest(
        attribute=t.attribute,
        weighted=weighted,
        observed=observed,
        expected=expected,
        permutation_mean=mean,
        permutation_sd=sd,
        p_greater=p_g,
        p_less=p_l,
        p_two_sided=min(1.0, p_2),
        permutations=k,
        exact=exact,
        seed=None if exact else seed,
    )


@dataclass(frozen=True)
class ProjectSpan:
    """The areas a project's (or network's) partners come from (see :func:`project_span`)."""

    project: str
    name: str
    partners: list[str]
    municipalities: list[str]
    counties: list[str]
    areas: list[str]
    leader_areas: list[str]
    crosses_counties: bool
    crosses_leader_areas: bool | None


def project_span(
    G: nx.MultiDiGraph,
    project: str | None = None,
    *,
    homes: Mapping[str, tuple[str | None, str | None]] | None = None,
) -> list[ProjectSpan]:
    """How many areas the partners of each project cover.

    A partner is an organisation with a ``partner_in`` relation to the project; its area
    is its county (from ``located_in``), or ``national`` / ``international``. A LEADER
    joint project must cross action areas: ``crosses_leader_areas`` says whether its
    LEADER action group partners come from two counties or more (None with fewer than two
    such partners).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot (take it as of a date to see the partners of that day).
    project : str, optional
        One project id; by default every project with a partner.
    homes : mapping, optional
        :func:`partnermap.graph.home_areas` of ``G``, if already at hand.

    Returns
    -------
    list of ProjectSpan
        Sorted by the number of counties spanned (most first), then id.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> span = project_span(to_multigraph(ds.nodes, ds.relations), "project:koosloomest-koostooni")[0]
    >>> span.counties, span.crosses_leader_areas
    (['county:tartu', 'county:voru'], True)
    """
    require_snapshot(G, "project span")
    if project is not None and (project not in G or G.nodes[project].get("kind") != NodeKind.PROJECT.value):
        raise MetricsError(f"{project!r} is not a project in the graph")
    if homes is None:
        homes = home_areas(G)
    partners: dict[str, set[str]] = defaultdict(set)
    for u, v, kind in G.edges(data="kind"):
        if kind == RelationKind.PARTNER_IN.value and (project is None or v == project):
            partners[v].add(u)
    if project is not None and not partners:
        raise MetricsError(f"project {project!r} has no partners in the graph")
    rows = []
    for proj, orgs in partners.items():
        munis, counties, areas, leader = set(), set(), set(), set()
        lags = 0
        for org in orgs:
            municipality, county = homes.get(org, (None, None))
            data: dict[str, Any] = G.nodes[org]
            if municipality:
                munis.add(municipality)
            if county:
                counties.add(county)
            areas.add(organisation_area(data, county))
            if data.get("org_kind") == "leader_action_group":
                lags += 1
                if county:
                    leader.add(county)
        rows.append(
            ProjectSpan(
                project=proj,
                name=str(G.nodes[proj].get("name") or proj),
                partners=sorted(orgs),
                municipalities=sorted(munis),
                counties=sorted(counties),
                areas=sorted(areas),
                leader_areas=sorted(leader),
                crosses_counties=len(counties) > 1,
                crosses_leader_areas=len(leader) > 1 if lags > 1 else None,
            )
        )
    rows.sort(key=lambda r: (-len(r.counties), r.project))
    return rows


@dataclass(frozen=True)
class CrossArea:
    """Do ties cross area (or sector, kind...) lines? partnermap.metrics.mixing.cross_area.

    Everything :func:`cross_area` computes for one attribute.

    Attributes
    ----------
    attribute : str
        The attribute that makes the groups.
    ei : EIIndex
        The whole graph's E-I index.
    assortativity : float | None
        Attribute assortativity of the ties.
    weighted_assortativity : float | None
        Assortativity of the weights.
    permutation : PermutationTest | None
        The permutation test (if asked for).
    groups : list[GroupMixing]
        Per group.
    matrix : MixingMatrix
        The group x group tie matrix.
    nodes : list[NodeMixing]
        Per organisation (if asked for).
    """

    attribute: str
    ei: EIIndex
    assortativity: float | None
    weighted_assortativity: float | None
    permutation: PermutationTest | None
    groups: list[GroupMixing]
    matrix: MixingMatrix
    nodes: list[NodeMixing] = field(default_factory=list)


def cross_area(
    C: nx.Graph,
    by: str,
    *,
    permutations: int = 999,
    seed: int | None = 0,
    nodes: bool = True,
    ties: Ties | None = None,
) -> CrossArea:
    """E-I index (whole, per group, per node), matrix, assortativity and permutation test.

    ``permutations=0`` skips the permutation test. The ties are read (and grouped) once for
    all the measures; pass ``ties`` (:func:`read_ties`, weighted by ``weight``) to share
    them across several attributes as well.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="public"); C.add_node("c", sector="private")
    >>> C.add_edges_from([("a", "b"), ("b", "c")], weight=1.0)
    >>> r = cross_area(C, "sector")
    >>> r.ei.ei, round(r.assortativity, 4), r.permutation.exact
    (0.0, -0.3333, True)
    """
    t = _ties(C, by, "weight", "E-I index", ties=ties)
    if permutations and permutations < 1:
        raise MetricsError(f"permutations must be at least 1, not {permutations}")
    matrix = _mixing_matrix(t)
    return CrossArea(
        attribute=t.attribute,
        ei=_ei_index(t),
        # Unweighted r counts the matrix's ties; the weighted one reads its weights.
        assortativity=_assortativity(matrix, weighted=False),
        weighted_assortativity=_assortativity(matrix, weighted=True),
        permutation=(
            _permutation_test(t, by, permutations=permutations, seed=seed, weighted=False)
            if permutations
            else None
        ),
        groups=_group_mixing(t),
        matrix=matrix,
        nodes=_node_ei(C, t) if nodes else [],
    )
