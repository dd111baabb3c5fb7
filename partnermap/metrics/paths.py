"""Paths and bridges: how organisations, and areas, reach each other through cooperation.

:func:`cooperation_path` finds the chain of cooperation between two organisations with the
fewest steps, and among chains of equal length the one with the strongest ties (the
largest summed weight). :func:`area_bridges` says who connects two areas (counties or
municipalities): the direct ties between organisations of the one and of the other, and
the *brokers*, organisations outside both that cooperate with each.

Both take the snapshot ``G`` (:func:`partnermap.graph.snapshot`), which knows the areas
and the relations, and the cooperation graph ``C``
(:func:`partnermap.cooperation.cooperation_graph`) built from it, and return frozen
dataclasses; :func:`relations_between` turns a tie's relation ids back into relations.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import networkx as nx

from partnermap.graph import nodes_in_area
from partnermap.metrics._common import MetricsError, require_cooperation_graph, require_snapshot
from partnermap.model import NodeKind, Relation

__all__ = [
    "AreaBridges",
    "AreaBroker",
    "CooperationPath",
    "Tie",
    "area_bridges",
    "cooperation_path",
    "cooperation_tie",
    "relations_between",
]

MAX_SHORTEST_PATHS = 500
"""Most shortest paths compared by strength (a dense graph can hold very many)."""

_AREAS = (NodeKind.COUNTY.value, NodeKind.MUNICIPALITY.value)


@dataclass(frozen=True)
class Tie:
    """A tie of the cooperation graph between two organisations, and what it is made of.

    Attributes
    ----------
    u : str
        The organisation the tie is read from.
    v : str
        The organisation it leads to.
    weight : float
        The tie's weight (see partnermap.cooperation: agreements, shared networks and projects,
        funding).
    agreements : list of str
        Ids of the agreements (party_to relations) between the two.
    funding : list of str
        Ids of the funds relations from one to the other.
    networks : list of str
        Networks both belong to.
    projects : list of str
        Projects both are partners in.
    events : list of str
        Events both take part in.
    """

    u: str
    v: str
    weight: float
    agreements: list[str]
    funding: list[str]
    networks: list[str]
    projects: list[str]
    events: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CooperationPath:
    """The chain of cooperation between two organisations.

    Attributes
    ----------
    organisations : list of str
        The organisations along the path, both ends included.
    steps : list of Tie
        The ties, from the first organisation to the last.
    """

    organisations: list[str]
    steps: list[Tie]

    @property
    def hops(self) -> int:
        """Number of steps."""
        return len(self.steps)

    @property
    def weight(self) -> float:
        """The summed weight of the steps."""
        return sum(step.weight for step in self.steps)


@dataclass(frozen=True)
class AreaBroker:
    """An organisation outside two areas that cooperates with organisations in both.

    Attributes
    ----------
    organisation : str
        The broker.
    weight : float
        Summed weight of its ties into both areas.
    first : list of str
        Its partners in the first area.
    second : list of str
        Its partners in the second area.
    """

    organisation: str
    weight: float
    first: list[str]
    second: list[str]


@dataclass(frozen=True)
class AreaBridges:
    """Who connects two areas.

    Attributes
    ----------
    ties : list of Tie
        Direct ties from an organisation of the first area to one of the second,
        strongest first.
    brokers : list of AreaBroker
        Organisations outside both areas tied to both, strongest first.
    """

    ties: list[Tie]
    brokers: list[AreaBroker]


def cooperation_tie(C: nx.Graph, u: str, v: str) -> Tie:
    """The tie between two organisations that cooperate, read from ``u`` to ``v``.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_edge("a", "b", weight=1.5, agreements=["a>party_to>b"], funding=[], networks=["n"], projects=[])
    >>> cooperation_tie(C, "b", "a")  # doctest: +NORMALIZE_WHITESPACE
    Tie(u='b', v='a', weight=1.5, agreements=['a>party_to>b'], funding=[], networks=['n'],
        projects=[], events=[])
    """
    edge = C.edges[u, v]
    return Tie(
        u=u,
        v=v,
        weight=float(edge["weight"]),
        agreements=list(edge["agreements"]),
        funding=list(edge["funding"]),
        networks=list(edge["networks"]),
        projects=list(edge["projects"]),
        events=list(edge.get("events", ())),
    )


def _organisation(G: nx.MultiDiGraph, node: str) -> str:
    if G.nodes.get(node, {}).get("kind") != NodeKind.ORGANISATION.value:
        raise MetricsError(f"{node!r} is not an organisation of the snapshot")
    return node


def cooperation_path(G: nx.MultiDiGraph, C: nx.Graph, a: str, b: str) -> CooperationPath | None:
    """The shortest chain of cooperation from organisation ``a`` to ``b``.

    Among the shortest paths (at most :data:`MAX_SHORTEST_PATHS` are compared) the one
    with the largest summed weight wins; ties between equally strong paths go to the
    first in id order, so the answer never depends on the graph's insertion order.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The snapshot ``C`` was built from.
    C : networkx.Graph
        The cooperation graph.
    a, b : str
        Organisation ids.

    Returns
    -------
    CooperationPath or None
        None when no chain of cooperation joins the two.

    Raises
    ------
    MetricsError
        If ``a`` or ``b`` is not an organisation of the snapshot.

    Examples
    --------
    The University of Tartu reaches Tallinn's city government through the Tartu welcome
    centre it founded:

    >>> from partnermap.cooperation import cooperation_graph
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> path = cooperation_path(G, cooperation_graph(G), "org:tartu-ulikool", "org:tallinna-linnavalitsus")
    >>> path.hops, path.organisations[1]
    (2, 'org:tartu-valismaalaste-teenuskeskus')
    """
    require_snapshot(G, "cooperation path")
    require_cooperation_graph(C, "cooperation path")
    for node in (a, b):
        _organisation(G, node)
    if a not in C or b not in C:
        return None
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(C, a, b), MAX_SHORTEST_PATHS))
    except nx.NetworkXNoPath:
        return None

    def strength(path: list[str]) -> tuple[float, list[str]]:
        return (-sum(C.edges[u, v]["weight"] for u, v in itertools.pairwise(path)), path)

    best: list[str] = min(paths, key=strength)
    return CooperationPath(
        organisations=best, steps=[cooperation_tie(C, u, v) for u, v in itertools.pairwise(best)]
    )


def area_bridges(G: nx.MultiDiGraph, C: nx.Graph, area_a: str, area_b: str) -> AreaBridges:
    """Who connects two areas: direct ties between their organisations, and brokers.

    An organisation belongs to an area when it lies there (:func:`partnermap.graph.nodes_in_area`:
    located in the municipality, or in the county or one of its municipalities).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The snapshot ``C`` was built from.
    C : networkx.Graph
        The cooperation graph.
    area_a, area_b : str
        Two different county or municipality ids.

    Returns
    -------
    AreaBridges
        The ties (strongest first, then by ids) and the brokers (strongest first).

    Raises
    ------
    MetricsError
        If an area is not a county or municipality of the snapshot, or both are the same.

    Examples
    --------
    ELVL, a national body, bridges Ida-Viru county and Tallinn:

    >>> from partnermap.cooperation import cooperation_graph
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> bridges = area_bridges(G, cooperation_graph(G), "county:ida-viru", "municipality:tallinn")
    >>> [(t.u, t.v) for t in bridges.ties][:1]
    [('org:johvi-vallavalitsus', 'org:tallinna-linnavalitsus')]
    >>> bridges.brokers[0].organisation, bridges.brokers[0].second
    ('org:elvl', ['org:tallinna-linnavalitsus'])
    """
    require_snapshot(G, "area bridges")
    require_cooperation_graph(C, "area bridges")
    for area in (area_a, area_b):
        if G.nodes.get(area, {}).get("kind") not in _AREAS:
            raise MetricsError(f"{area!r} is not a county or municipality of the snapshot")
    if area_a == area_b:
        raise MetricsError("bridges needs two different areas")
    first = nodes_in_area(G, area_a) & C.nodes
    second = nodes_in_area(G, area_b) & C.nodes
    ties = [cooperation_tie(C, u, v) for u in sorted(first) for v in sorted(C[u]) if v in second]
    ties.sort(key=lambda t: (-t.weight, t.u, t.v))
    brokers = []
    for w in sorted(C):
        near_first = sorted(u for u in C[w] if u in first)
        near_second = sorted(u for u in C[w] if u in second)
        if w not in first and w not in second and near_first and near_second:
            weight = sum(C.edges[w, u]["weight"] for u in (*near_first, *near_second))
            brokers.append(AreaBroker(organisation=w, weight=weight, first=near_first, second=near_second))
    brokers.sort(key=lambda r: (-r.weight, r.organisation))
    return AreaBridges(ties=ties, brokers=brokers)


def relations_between(G: nx.MultiDiGraph, u: str, v: str, ids: list[str]) -> list[Relation]:
    """The relations of ``ids`` that join ``u`` and ``v`` (either way), as model objects.

    Use it for a :class:`Tie`'s ``agreements`` or ``funding``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("org:a", "org:b", key="org:a>party_to>org:b", kind="party_to", agreement="MoU",
    ...            sources=[{"document": "d", "section": "1"}])
    'org:a>party_to>org:b'
    >>> found = relations_between(G, "org:b", "org:a", ["org:a>party_to>org:b"])
    >>> [(r.kind.value, r.agreement) for r in found]
    [('party_to', 'MoU')]
    """
    wanted = set(ids)
    found = [
        Relation.model_validate({**attrs, "id": key, "source": source, "target": target})
        for source, target in ((u, v), (v, u))
        for key, attrs in (G.get_edge_data(source, target) or {}).items()
        if key in wanted
    ]
    return sorted(found, key=lambda r: r.id)
