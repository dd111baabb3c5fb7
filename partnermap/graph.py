"""Store snapshots as networkx graphs.

Analysis never talks to a store: it takes a snapshot. :func:`snapshot` reads the nodes and
relations (optionally those active on a date) into a :class:`networkx.MultiDiGraph` whose
edge keys are relation ids; :func:`filter_graph` narrows one by node kind or by area.

Node attributes are the node's fields (``kind``, ``name``, ``sector``, ...), edge attributes
the relation's (``kind``, ``role``, ``valid_from``, ...), in JSON form (dates as ISO text).

This module also holds the one meaning of *when* and *where* that every part of
partnermap uses (the stores' ``as_of`` filters cannot call Python and are tested to
agree):

* time - :func:`active_on` (is a node or relation active on a day), :func:`state_on`
  (active, ended or not yet begun), :func:`period`, :func:`active_subgraph` (a full
  snapshot narrowed to one day) and :func:`dataset_as_of` (the same for a dataset), all
  built on :func:`partnermap.model.period_contains`;
* place - :func:`nodes_in_area` (what lies in a county or municipality of a snapshot)
  and :func:`store_nodes_in_area` (the same read from a store), both built on
  :func:`area_members`, and :func:`home_areas` (one home per node, for grouping).

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

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel

from partnermap.model import (
    Dataset,
    Node,
    NodeKind,
    Relation,
    RelationKind,
    kind_of_id,
    period_contains,
    period_fields,
)
from partnermap.store.base import Direction, RelationGroup, Store

__all__ = [
    "State",
    "active_on",
    "active_subgraph",
    "area_members",
    "dataset_as_of",
    "filter_graph",
    "gc_paused",
    "home_areas",
    "home_of",
    "nodes_in_area",
    "period",
    "relations_by_node",
    "snapshot",
    "state_on",
    "store_nodes_in_area",
    "to_multigraph",
    "without_inferred",
]

_COUNTY = NodeKind.COUNTY.value
_MUNICIPALITY = NodeKind.MUNICIPALITY.value
_AREA_KINDS = frozenset({_COUNTY, _MUNICIPALITY})
_LOCATED = RelationKind.LOCATED_IN.value
_RELATION_PERIOD = period_fields(_LOCATED)

State = Literal["active", "ended", "future"]
"""Where a day falls against a period: within it, after its end, before its start."""

#: A node or relation: a model object, or its attributes in a snapshot graph.
Item = Node | Relation | Mapping[str, Any]


# --------------------------------------------------------------------------- time


def _as_date(value: Any) -> date | None:
    """A period end as a date: snapshot attributes hold ISO text, models dates."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def period(item: Item) -> tuple[date | None, date | None]:
    """The period of a node or relation as two dates, None for an open (or no) end.

    Parameters
    ----------
    item : Node, Relation or mapping
        A model object, or the attributes of a node or edge of a snapshot graph (dates as
        ISO text). A mapping's ``kind`` says which fields hold the period
        (:func:`partnermap.model.period_fields`): ``valid_from`` .. ``valid_to`` for a
        relation, ``start`` .. ``end`` for a project; other nodes have none. A mapping
        without ``kind`` is read as a relation's attributes.

    Examples
    --------
    >>> period({"kind": "member_of", "valid_from": "2024-01-01", "valid_to": None})
    (datetime.date(2024, 1, 1), None)
    >>> period({"kind": "project", "start": "2024-07-01", "end": "2025-06-30"})
    (datetime.date(2024, 7, 1), datetime.date(2025, 6, 30))
    >>> period({"kind": "network", "status": "ended"})
    (None, None)
    """
    if isinstance(item, BaseModel):
        fields = period_fields(str(getattr(item, "kind")))  # noqa: B009 - every model has a kind
        if fields is None:
            return None, None
        return _as_date(getattr(item, fields[0])), _as_date(getattr(item, fields[1]))
    kind = item.get("kind")
    fields = _RELATION_PERIOD if kind is None else period_fields(str(kind))
    if fields is None:
        return None, None
    return _as_date(item.get(fields[0])), _as_date(item.get(fields[1]))


def active_on(item: Item, day: date) -> bool:
    """Whether a node or relation is active on ``day``: the one meaning of "as of".

    A relation is active within its period ``valid_from`` .. ``valid_to``; a project within
    ``start`` .. ``end``. Both ends are inclusive and an open end is unbounded
    (:func:`partnermap.model.period_contains`). Every other node - county, municipality,
    organisation, network, target group, indicator - has no period and is active on
    every day.

    A network's ``status`` does not count: "ended" says *that* a network ended, not
    *when*, so it cannot tell whether the network was at work on a given day. What a
    network did on a day is what its relations (memberships, funding) active that day
    say; a map may still show the status (see :mod:`partnermap.maps.build`).

    A relation is judged by its own period only; in a snapshot as of a day
    (:func:`active_subgraph`, ``snapshot(store, as_of=day)``) a relation also needs both
    of its ends active, since a graph holds no edge without its nodes.

    Parameters
    ----------
    item : Node, Relation or mapping
        A model object or snapshot attributes (see :func:`period`).
    day : date

    Returns
    -------
    bool

    Examples
    --------
    >>> from datetime import date
    >>> member = {"kind": "member_of", "valid_from": "2024-01-01", "valid_to": "2024-12-31"}
    >>> active_on(member, date(2024, 12, 31)), active_on(member, date(2025, 1, 1))
    (True, False)
    >>> active_on({"kind": "network", "status": "ended"}, date(2030, 1, 1))
    True
    >>> from partnermap.model import Relation
    >>> rel = Relation(kind="member_of", source="org:a", target="network:b", valid_to="2024-12-31",
    ...                sources=["doc#1"])
    >>> active_on(rel, date(1990, 1, 1)) == rel.active_on(date(1990, 1, 1)) == True
    True
    """
    return period_contains(*period(item), day)


def state_on(item: Item, day: date) -> State:
    """Where ``day`` falls against an item's period: ``"active"`` (exactly when
    :func:`active_on`), ``"ended"`` (after its end) or ``"future"`` (before its start).

    Examples
    --------
    >>> from datetime import date
    >>> state_on({"kind": "project", "start": "2026-01-01"}, date(2025, 6, 1))
    'future'
    >>> state_on({"kind": "partner_in", "valid_to": "2024-12-31"}, date(2025, 6, 1))
    'ended'
    >>> state_on({"kind": "network", "status": "ended"}, date(2025, 6, 1))
    'active'
    """
    start, end = period(item)
    if period_contains(start, end, day):
        return "active"
    return "future" if start is not None and day < start else "ended"


def active_subgraph(G: nx.MultiDiGraph, day: date) -> nx.MultiDiGraph:
    """The part of a snapshot active on ``day``, as ``snapshot(store, as_of=day)`` reads it.

    Nodes are kept when :func:`active_on`, relations when :func:`active_on` and both of
    their ends are kept. Attributes are copied; ``graph["as_of"]`` is the day in ISO form.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot, normally of every date (``snapshot(store)``).
    day : date

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("org:a", kind="organisation")
    >>> G.add_node("project:p", kind="project", start="2024-01-01", end="2024-12-31")
    >>> _ = G.add_edge("org:a", "project:p", key="r", kind="partner_in", valid_from=None)
    >>> H = active_subgraph(G, date(2025, 1, 1))
    >>> sorted(H), H.number_of_edges(), H.graph["as_of"]
    (['org:a'], 0, '2025-01-01')
    """
    H = nx.MultiDiGraph(as_of=day.isoformat())
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if active_on(d, day))
    # One add_edge per relation: MultiDiGraph.add_edges_from looks every edge up again
    # through the adjacency views after adding it, which takes 2-3 times as long.
    add = H.add_edge
    for u, v, k, d in G.edges(keys=True, data=True):
        if u in H and v in H and active_on(d, day):
            add(u, v, k, **d)
    return H


def without_inferred(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A snapshot of only what the documents state: relations marked ``inferred`` left out.

    Every node stays (a node field marked inferred is still a node); attributes are copied.
    What ``--stated-only`` means for every metric that builds cooperation ties.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["org:a", "network:n"])
    >>> _ = G.add_edge("org:a", "network:n", key="stated", kind="member_of", inferred=False)
    >>> _ = G.add_edge("org:a", "network:n", key="implied", kind="member_of", inferred=True)
    >>> [k for _, _, k in without_inferred(G).edges(keys=True)]
    ['stated']
    """
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True))
    add = H.add_edge
    for u, v, k, d in G.edges(keys=True, data=True):
        if not d.get("inferred"):
            add(u, v, k, **d)
    return H


def _active_models(
    nodes: Iterable[Node], relations: Iterable[Relation], day: date
) -> tuple[list[Node], list[Relation]]:
    kept = [node for node in nodes if active_on(node, day)]
    ids = {node.id for node in kept}
    return kept, [r for r in relations if active_on(r, day) and r.source in ids and r.target in ids]


def dataset_as_of(dataset: Dataset, day: date) -> Dataset:
    """The part of ``dataset`` active on ``day``: :func:`active_subgraph` for models.

    The nodes :func:`active_on` the day, and the relations active on it whose ends are
    both among those: the same rule as :func:`snapshot` with ``as_of``, for a dataset in
    hand (``partnermap export --as-of``).

    Examples
    --------
    >>> from datetime import date
    >>> from partnermap.model import Organisation, Project, Relation
    >>> org = Organisation(id="org:a", name="A", org_kind="ngo", sector="non_profit", sources=["d#1"])
    >>> old = Project(id="project:p", name="P", project_kind="call", end="2024-12-31", sources=["d#1"])
    >>> rel = Relation(kind="partner_in", source="org:a", target="project:p", sources=["d#1"])
    >>> part = dataset_as_of(Dataset(nodes=[org, old], relations=[rel]), date(2025, 1, 1))
    >>> [n.id for n in part.nodes], part.relations
    (['org:a'], [])
    """
    nodes, relations = _active_models(dataset.nodes, dataset.relations, day)
    return Dataset(nodes=nodes, relations=relations)


# --------------------------------------------------------------------------- snapshots


def to_multigraph(
    nodes: Iterable[Node], relations: Iterable[Relation], *, as_of: date | None = None
) -> nx.MultiDiGraph:
    """Build a multigraph from models, keeping what is active on ``as_of`` if given
    (as :func:`dataset_as_of` does for a dataset, :func:`active_subgraph` for a graph).

    Relations whose endpoints are not among ``nodes`` are left out.
    """
    G = nx.MultiDiGraph(as_of=as_of.isoformat() if as_of else None)
    if as_of is not None:
        nodes, relations = _active_models(nodes, relations, as_of)
    for node in nodes:
        G.add_node(node.id, **node.model_dump(mode="json", exclude={"id"}))
    for rel in relations:
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
        Keep only nodes and relations active on this day (:func:`active_on`; the store
        filters, and a relation also needs both ends active).
    kinds : iterable of NodeKind, optional
        Keep only nodes of these kinds (and the relations among them).
    area : str, optional
        A county or municipality id; see :func:`filter_graph`.

    Returns
    -------
    networkx.MultiDiGraph
        Edge keys are relation ids.
    """
    if as_of is None:  # everything, in one round trip
        level = store.read_level(None, {RelationGroup(None, "out", None): None})
        nodes = sorted(level.nodes.values(), key=lambda n: n.id)
        G = to_multigraph(nodes, level.relations[RelationGroup(None, "out", None)])
    else:
        G = to_multigraph(store.list_nodes(as_of=as_of), store.list_relations(as_of=as_of), as_of=as_of)
    if kinds is not None or area is not None:
        G = filter_graph(G, kinds=kinds, area=area)
    return G


# --------------------------------------------------------------------------- place


def area_members(area: str, links_into: Callable[[frozenset[str]], Iterable[tuple[str, str]]]) -> set[str]:
    """What lies in ``area``: the area and everything with a chain of placements to it.

    The rule of place, free of any graph or store so that :func:`store_nodes_in_area` can
    run it on store reads and :func:`nodes_in_area` on a snapshot. A *placement* ``(node, place)`` says that
    ``node`` lies in the county or municipality ``place``: a ``located_in`` relation, or a
    municipality's ``county`` field. Placements chain: an organisation in a municipality
    lies in the municipality's county too.

    Parameters
    ----------
    area : str
        A county or municipality id.
    links_into : callable
        ``links_into(ids)`` gives the placements ``(node, place)`` with ``place`` among
        ``ids`` (it may leave out ids that are no county or municipality: nothing lies
        in those). Called once per step of the chain, with the ids newly found.

    Returns
    -------
    set of str
        ``area`` itself included.

    Examples
    --------
    >>> links = [("org:a", "municipality:m"), ("municipality:m", "county:c"), ("org:b", "county:c")]
    >>> into = lambda ids: [(n, p) for n, p in links if p in ids]
    >>> sorted(area_members("county:c", into))
    ['county:c', 'municipality:m', 'org:a', 'org:b']
    >>> sorted(area_members("municipality:m", into))
    ['municipality:m', 'org:a']
    """
    members = {area}
    frontier = frozenset(members)
    while frontier:
        found = {node for node, place in links_into(frontier) if place in frontier}
        frontier = frozenset(found - members)
        members |= frontier
    return members


def _placements(G: nx.MultiDiGraph) -> Callable[[frozenset[str]], Iterator[tuple[str, str]]]:
    """``links_into`` for :func:`area_members` over a snapshot: located_in edges into an
    area, and municipalities' ``county`` fields (undated: the administrative division)."""
    by_county: dict[str, list[str]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        if data.get("kind") == _MUNICIPALITY and data.get("county"):
            by_county[str(data["county"])].append(node)

    def links_into(ids: frozenset[str]) -> Iterator[tuple[str, str]]:
        for place in ids:
            if place not in G or G.nodes[place].get("kind") not in _AREA_KINDS:
                continue  # only counties and municipalities hold anything
            for node, _, data in G.in_edges(place, data=True):
                if data.get("kind") == _LOCATED:
                    yield node, place
            for municipality in by_county.get(place, ()):
                yield municipality, place

    return links_into


def _check_area(G: nx.MultiDiGraph, area: str) -> None:
    if area not in G or G.nodes[area].get("kind") not in _AREA_KINDS:
        raise ValueError(f"{area!r} is not a county or municipality in the graph")


def nodes_in_area(G: nx.MultiDiGraph, area: str) -> set[str]:
    """The nodes of a snapshot that lie in a county or municipality: the one meaning of "in".

    A node lies in ``area`` when it is the area, or a chain of placements leads from it
    to the area (:func:`area_members`). A placement is a ``located_in`` relation of ``G``
    to a county or municipality, or a municipality's ``county`` field. So a county holds
    itself, its municipalities and whatever is located in either; a node located in
    several places lies in each of them. Time enters through ``G``: take the snapshot as
    of a day (``snapshot(store, as_of=day)`` or :func:`active_subgraph`) for what lay
    in the area on that day; a snapshot of every date places a node wherever it ever was.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot.
    area : str
        A county or municipality id of ``G``.

    Returns
    -------
    set of str

    Raises
    ------
    ValueError
        If ``area`` is not a county or municipality of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("county:c", kind="county")
    >>> G.add_node("municipality:m", kind="municipality", county="county:c")
    >>> G.add_node("org:a", kind="organisation")
    >>> G.add_node("org:b", kind="organisation")
    >>> _ = G.add_edge("org:a", "municipality:m", kind="located_in")
    >>> sorted(nodes_in_area(G, "county:c"))
    ['county:c', 'municipality:m', 'org:a']
    >>> sorted(nodes_in_area(G, "municipality:m"))
    ['municipality:m', 'org:a']
    """
    _check_area(G, area)
    return area_members(area, _placements(G))


def store_nodes_in_area(store: Store, area: str, as_of: date | None = None) -> set[str]:
    """The nodes of a store that lie in a county or municipality as of a day, the area
    included: :func:`nodes_in_area` without a snapshot, for one area among many nodes.

    The placements are the store's ``located_in`` relations active on ``as_of`` (every one
    without it) and municipalities' ``county`` fields, read one step of the chain at a
    time (:func:`area_members`). An id that is no county or municipality holds only itself.

    Examples
    --------
    >>> from partnermap.store.sqlite import SQLiteStore
    >>> from partnermap.datasets import bundled_dataset
    >>> store = SQLiteStore(":memory:"); _ = store.load(bundled_dataset())
    >>> inside = store_nodes_in_area(store, "county:harju", date(2025, 6, 1))
    >>> inside == nodes_in_area(snapshot(store, as_of=date(2025, 6, 1)), "county:harju")
    True
    """

    def links_into(ids: frozenset[str]) -> list[tuple[str, str]]:
        places = sorted(i for i in ids if kind_of_id(i) in (NodeKind.COUNTY, NodeKind.MUNICIPALITY))
        if not places:
            return []
        rels = store.relations_of(places, kind=RelationKind.LOCATED_IN, direction="in", as_of=as_of)
        links = [(r.source, r.target) for r in rels]
        for county in (p for p in places if kind_of_id(p) is NodeKind.COUNTY):
            links += [
                (m.id, county) for m in store.list_nodes(NodeKind.MUNICIPALITY, where={"county": county})
            ]
        return links

    inside = area_members(area, links_into)
    if as_of is None:
        return inside
    # Nodes with a period of their own (projects, events...) lie in the area only while they run,
    # as in a snapshot of the day.
    dated = [i for i in inside if (k := kind_of_id(i)) is not None and period_fields(k.value) is not None]
    if dated:
        inside = set(inside) - {n.id for n in store.list_nodes(ids=dated) if not n.active_on(as_of)}
    return inside


def relations_by_node(
    store: Store,
    ids: Sequence[str],
    kind: RelationKind | None = None,
    direction: Direction = "both",
    as_of: date | None = None,
) -> dict[str, list[Relation]]:
    """The relations at each of ``ids`` (as source for "out", as target for "in", either for
    "both"), ordered by id, from one store call whatever the number of ids.

    Examples
    --------
    >>> from partnermap.store.sqlite import SQLiteStore
    >>> from partnermap.datasets import bundled_dataset
    >>> store = SQLiteStore(":memory:"); _ = store.load(bundled_dataset())
    >>> found = relations_by_node(store, ["org:elvl", "org:nowhere"], RelationKind.MEMBER_OF, "out")
    >>> len(found["org:elvl"]) > 0, found["org:nowhere"]
    (True, [])
    """
    wanted = list(dict.fromkeys(ids))
    out: dict[str, list[Relation]] = {node_id: [] for node_id in wanted}
    seen: set[tuple[str, str]] = set()
    for rel in store.relations_of(wanted, kind=kind, direction=direction, as_of=as_of):
        ends = (
            [rel.source]
            if direction == "out"
            else [rel.target]
            if direction == "in"
            else [rel.source, rel.target]
        )
        for end in ends:
            if end in out and (end, rel.id) not in seen:  # a relation of a node to itself counts once
                seen.add((end, rel.id))
                out[end].append(rel)
    for rels in out.values():
        rels.sort(key=lambda r: r.id)
    return out


def home_areas(G: nx.MultiDiGraph) -> dict[str, tuple[str | None, str | None]]:
    """Each node's one home (municipality id, county id), for grouping and colouring.

    A county's home is (None, itself); a municipality's is itself and its ``county``
    field. Any other node's home municipality is the municipality it is located in (of
    several, the first by id), its home county that municipality's county, or without a
    municipality the county it is located in (the first by id). Nodes located in nothing
    (national bodies, most projects) have (None, None).

    A home always agrees with :func:`nodes_in_area`: a node lies in its home municipality
    and in its home county (when that county is in ``G``). A node located in several
    places lies in all of them but has one home.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("county:c", kind="county")
    >>> G.add_node("municipality:m", kind="municipality", county="county:c")
    >>> G.add_node("org:a", kind="organisation")
    >>> _ = G.add_edge("org:a", "municipality:m", kind="located_in")
    >>> home_areas(G)["org:a"], home_areas(G)["county:c"]
    (('municipality:m', 'county:c'), (None, 'county:c'))
    """
    homes: dict[str, tuple[str | None, str | None]] = {}
    for node, data in G.nodes(data=True):
        kind = data.get("kind")
        if kind == _COUNTY:
            homes[node] = (None, node)
        elif kind == _MUNICIPALITY:
            homes[node] = (node, data.get("county"))
    for node, data in G.nodes(data=True):
        if data.get("kind") in _AREA_KINDS:
            continue
        municipality, county = home_of(
            target
            for _, target, edge in G.out_edges(node, data=True)
            if edge.get("kind") == _LOCATED and G.nodes[target].get("kind") in _AREA_KINDS
        )
        homes[node] = (municipality, G.nodes[municipality].get("county")) if municipality else (None, county)
    return homes


def home_of(places: Iterable[str]) -> tuple[str | None, str | None]:
    """The home municipality and county among the ids of the areas a node is located in: of
    several, the first by id (the rule of :func:`home_areas`, which takes a municipality's
    county over one the node is located in directly).

    Examples
    --------
    >>> home_of(["county:harju", "municipality:tallinn", "municipality:keila", "org:x"])
    ('municipality:keila', 'county:harju')
    """
    found: dict[NodeKind | None, list[str]] = {NodeKind.MUNICIPALITY: [], NodeKind.COUNTY: []}
    for place in places:
        found.get(kind_of_id(place), []).append(place)
    return min(found[NodeKind.MUNICIPALITY], default=None), min(found[NodeKind.COUNTY], default=None)


def filter_graph(
    G: nx.MultiDiGraph,
    *,
    kinds: Iterable[NodeKind | str] | None = None,
    area: str | None = None,
) -> nx.MultiDiGraph:
    """A copy of ``G`` narrowed to node kinds and/or an area.

    With ``area`` (a county or municipality id) the result holds the nodes that lie in
    the area (:func:`nodes_in_area`), plus the nodes without a home of their own
    (projects, networks, target groups, indicators, national bodies: those
    :func:`home_areas` gives (None, None)) that are directly related to one of those.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("municipality:m", kind="municipality", county="county:c")
    >>> G.add_node("org:a", kind="organisation")
    >>> G.add_node("network:n", kind="network")
    >>> _ = G.add_edge("org:a", "municipality:m", kind="located_in")
    >>> _ = G.add_edge("org:a", "network:n", kind="member_of")
    >>> sorted(filter_graph(G, area="municipality:m"))
    ['municipality:m', 'network:n', 'org:a']
    """
    keep = set(G)
    if area is not None:
        inside = nodes_in_area(G, area)
        homes = home_areas(G)
        homeless = {n for n, home in homes.items() if home == (None, None)}
        attached = {
            other for n in inside for other in (*G.successors(n), *G.predecessors(n)) if other in homeless
        }
        keep = inside | attached
    if kinds is not None:
        wanted = {str(k.value if isinstance(k, NodeKind) else k) for k in kinds}
        keep = {n for n in keep if G.nodes[n].get("kind") in wanted}
    return G.subgraph(keep).copy()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that builds large graphs.

    Building a graph allocates hundreds of thousands of dicts and lists that all stay alive;
    each of them counts towards the collector's thresholds, so it runs again and again and
    walks the whole heap (the snapshot's millions of objects) without finding garbage. On a
    30,000-organisation snapshot that was two thirds of the cooperation graph's build time.
    Reference counting still frees everything as usual; the collector is resumed (if it
    was running) when the block ends, however it ends.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
