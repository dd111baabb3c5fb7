"""Store snapshots as networkx graphs.

Analysis never talks to a store: it takes a snapshot. :func:`snapshot` reads the nodes and
relations (optionally those active on a date) into a :class:`networkx.MultiDiGraph` whose
edge keys are relation ids; :func:`filter_graph` narrows one by node kind or by area.

Node attributes are the node's fields (``kind``, ``name``, ``sector``, ...), edge attributes
the relation's (``kind``, ``role``, ``valid_from``, ...), in JSON form (dates as ISO text).

Examples
--------
>>> from partnermap.store.sqlite import SQLiteStore
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import snapshot, filter_graph
>>> store = SQLiteStore(":memory:"); _ = store.load(bundled_dataset())
>>> G = snapshot(store)
>>> G.nodes["municipality:tallinn"]["name"]
'Tallinn'
>>> sorted(filter_graph(G, kinds=["county"]))[:2]
['county:harju', 'county:hiiu']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx

from partnermap.model import Dataset, Node, NodeKind, Relation, RelationKind
from partnermap.store.base import Store

__all__ = ["dataset_as_of", "filter_graph", "home_areas", "snapshot", "to_multigraph"]

_AREA_KINDS = {NodeKind.COUNTY.value, NodeKind.MUNICIPALITY.value}


def to_multigraph(
    nodes: Iterable[Node], relations: Iterable[Relation], *, as_of: date | None = None
) -> nx.MultiDiGraph:
    """Build a multigraph from models, keeping what is active on ``as_of`` if given.

    Relations whose endpoints are not among ``nodes`` are left out.
    """
    G = nx.MultiDiGraph(as_of=as_of.isoformat() if as_of else None)
    for node in nodes:
        if as_of is None or node.active_on(as_of):
            G.add_node(node.id, **node.model_dump(mode="json", exclude={"id"}))
    for rel in relations:
        if as_of is not None and not rel.active_on(as_of):
            continue
        if rel.source in G and rel.target in G:
            attrs = rel.model_dump(mode="json", exclude={"id", "source", "target"})
            G.add_edge(rel.source, rel.target, key=rel.id, id=rel.id, **attrs)
    return G


def snapshot(
    store: Store,
    *,
    as_of: date | None = None,
    kinds: Iterable[NodeKind | str] | None = None,
    area: str | None = None,
) -> nx.MultiDiGraph:
    """The store's graph, as of a date, filtered by node kind or area.

    Parameters
    ----------
    store : Store
    as_of : date, optional
        Keep only nodes and relations active on this day.
    kinds : iterable of NodeKind, optional
        Keep only nodes of these kinds (and the relations among them).
    area : str, optional
        A county or municipality id; see :func:`filter_graph`.

    Returns
    -------
    networkx.MultiDiGraph
        Edge keys are relation ids.
    """
    G = to_multigraph(store.list_nodes(as_of=as_of), store.list_relations(as_of=as_of), as_of=as_of)
    if kinds is not None or area is not None:
        G = filter_graph(G, kinds=kinds, area=area)
    return G


def home_areas(G: nx.MultiDiGraph) -> dict[str, tuple[str | None, str | None]]:
    """Each node's home (municipality id, county id), from ``located_in`` relations.

    A municipality's home is itself and its county; a county's is (None, itself). Nodes
    located in nothing (national bodies, projects) have (None, None).
    """
    located = RelationKind.LOCATED_IN.value
    homes: dict[str, tuple[str | None, str | None]] = {}
    for node, data in G.nodes(data=True):
        kind = data.get("kind")
        if kind == NodeKind.COUNTY.value:
            homes[node] = (None, node)
        elif kind == NodeKind.MUNICIPALITY.value:
            homes[node] = (node, data.get("county"))
    for node, data in G.nodes(data=True):
        if data.get("kind") in _AREA_KINDS:
            continue
        municipality = county = None
        for _, target, edge in G.out_edges(node, data=True):
            if edge.get("kind") != located:
                continue
            target_kind = G.nodes[target].get("kind")
            if target_kind == NodeKind.MUNICIPALITY.value:
                municipality = target
                county = G.nodes[target].get("county")
            elif target_kind == NodeKind.COUNTY.value and municipality is None:
                county = target
        homes[node] = (municipality, county)
    return homes


def filter_graph(
    G: nx.MultiDiGraph,
    *,
    kinds: Iterable[NodeKind | str] | None = None,
    area: str | None = None,
) -> nx.MultiDiGraph:
    """A copy of ``G`` narrowed to node kinds and/or an area.

    With ``area`` (a county or municipality id) the result holds the nodes whose home lies
    in the area (for a county: the county, its municipalities and everything located in
    them), plus the nodes without a home of their own (projects, networks, target groups,
    indicators, national bodies) that are directly related to one of those.
    """
    keep = set(G)
    if area is not None:
        if area not in G or G.nodes[area].get("kind") not in _AREA_KINDS:
            raise ValueError(f"{area!r} is not a county or municipality in the graph")
        homes = home_areas(G)
        inside = {n for n, (mun, county) in homes.items() if area in (mun, county)}
        if G.nodes[area].get("kind") == NodeKind.MUNICIPALITY.value:
            inside.add(area)
        homeless = {n for n, home in homes.items() if home == (None, None)}
        attached = {
            other for n in inside for other in (*G.successors(n), *G.predecessors(n)) if other in homeless
        }
        keep = inside | attached
    if kinds is not None:
        wanted = {str(k.value if isinstance(k, NodeKind) else k) for k in kinds}
        keep = {n for n in keep if G.nodes[n].get("kind") in wanted}
    return G.subgraph(keep).copy()


def dataset_as_of(dataset: Dataset, day: date) -> Dataset:
    """The part of ``dataset`` active on ``day``: the nodes, and the relations between them.

    The same rule as :func:`snapshot` with ``as_of``, for a dataset in hand (e.g. an export).
    """
    keep = {n.id for n in dataset.nodes if n.active_on(day)}
    return Dataset(
        nodes=[n for n in dataset.nodes if n.id in keep],
        relations=[
            r for r in dataset.relations if r.active_on(day) and r.source in keep and r.target in keep
        ],
    )
