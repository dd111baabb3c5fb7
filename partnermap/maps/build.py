"""Which nodes and edges go into each map.

A map is built from a snapshot (:func:`partnermap.graph.snapshot`), preferably one taken
without a date so that relations which have ended are still there: with ``as_of`` a
map keeps what holds on that day, shows what had ended by then as *ended* (drawn dashed)
or leaves it out (``show_ended=False``), and always leaves out what had not yet begun.
Without ``as_of`` everything in the graph is shown as it is.

The builders return a :class:`MapData`: nodes with their home area and the networks they
belong to, and edges that are relations of the graph (``kind`` is the relation kind) or
cooperation ties derived by :func:`partnermap.cooperation.cooperation_graph` (``kind``
``"cooperation"``, with the tie's weight and what it is made of).

* :func:`ecosystem` - organisations, networks, projects and municipalities, and the
  relations among them (optionally one county or municipality only);
* :func:`network` - a network, its members with their roles (convener, coordinator),
  its funders, its events and who takes part in them, and the cooperation ties among the
  members *beyond* this network;
* :func:`project` - a project or programme, its activities (``part_of`` it, recursively),
  partners, funders, target groups and indicators;
* :func:`ego` - everything within ``hops`` steps of a node (networks, projects and events
  count as steps, so two members of one network are two steps apart);
* :func:`cross_area` - the organisations grouped by county and the cooperation ties among
  them, each classed as within a county, across counties or with a national body.

Member organisations' home municipalities come along as anchors (grey triangles on the
map) with their ``located_in`` edges. An event node carries its participants (for its
tooltip); a relation marked ``inferred`` stays one, and is drawn dashed.

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> from datetime import date
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> data = network(G, "network:loimumiskoda", as_of=date(2025, 6, 1))
>>> data.nodes["network:loimumiskoda"].focus
True
>>> sorted(n.role for n in data.nodes.values() if n.role)[:1]
['convener']
"""

from __future__ import annotations

import difflib
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import networkx as nx

from partnermap.cooperation import cooperation_graph, organisation_area
from partnermap.graph import active_subgraph, home_areas, nodes_in_area, state_on
from partnermap.maps.options import MapError
from partnermap.model import NodeKind, RelationKind

__all__ = [
    "DEFAULT_KINDS",
    "MapData",
    "MapEdge",
    "MapError",
    "MapKind",
    "MapNode",
    "active_graph",
    "cross_area",
    "ecosystem",
    "ego",
    "network",
    "project",
    "relation_state",
]

MapKind = Literal["ecosystem", "network", "project", "ego", "cross_area"]
State = Literal["active", "ended", "future"]
TieClass = Literal["within", "across", "national", "other"]

_ORG = NodeKind.ORGANISATION.value
_NET = NodeKind.NETWORK.value
_PROJ = NodeKind.PROJECT.value
_MUNI = NodeKind.MUNICIPALITY.value
_COUNTY = NodeKind.COUNTY.value
_EVENT = NodeKind.EVENT.value
_LOCATED = RelationKind.LOCATED_IN.value
_MEMBER = RelationKind.MEMBER_OF.value
_PARTNER = RelationKind.PARTNER_IN.value
_FUNDS = RelationKind.FUNDS.value
_PARTY = RelationKind.PARTY_TO.value
_PART_OF = RelationKind.PART_OF.value
_TARGETS = RelationKind.TARGETS.value
_TAKES = RelationKind.TAKES_PART_IN.value
COOPERATION = "cooperation"

DEFAULT_KINDS: tuple[str, ...] = (_ORG, _NET, _PROJ, _MUNI, _EVENT)
_SURVEY_TIE = "survey_tie"  # partnermap.maps.survey draws these
"""Node kinds an ecosystem map holds unless told otherwise."""

_AREA_KINDS = frozenset({_MUNI, _COUNTY})
_STEP_KINDS = frozenset({_ORG, _NET, _PROJ, _EVENT})
_BAND_AREAS = frozenset({"national", "international"})


@dataclass
class MapNode:
    """A node of a map, with what the map needs to place, colour and filter it."""

    id: str
    kind: str
    attrs: dict[str, Any]
    municipality: str | None = None
    county: str | None = None
    area: str = "unknown"
    """The home county id, or ``national``, ``international`` or ``unknown``."""
    counties: set[str] = field(default_factory=set)
    """The areas the node belongs to for the county filter (its own, or its neighbours')."""
    networks: set[str] = field(default_factory=set)
    """Networks the node belongs to (``member_of``) on the map's date, itself for a network."""
    ended: bool = False
    focus: bool = False
    anchor: bool = False
    """A municipality brought in to show where members are, not for its own sake."""
    context: bool = False
    """Related to the map's subject only through a member (a network map's context)."""
    role: str | None = None
    """The node's role towards the map's focus: convener, member, lead partner, ..."""
    hops: int | None = None
    participants: list[tuple[str, str | None, bool]] = field(default_factory=list)
    """An event's participants on the map's date: (name, role, inferred), organisers first."""

    @property
    def category(self) -> str:
        """What the map calls the node's kind: an organisation's ``org_kind``, else its kind."""
        if self.kind == _ORG:
            return str(self.attrs.get("org_kind") or _ORG)
        return self.kind

    @property
    def name(self) -> str:
        return str(self.attrs.get("name") or self.id)


@dataclass
class MapEdge:
    """An edge of a map: a relation of the graph or a derived cooperation tie."""

    id: str
    source: str
    target: str
    kind: str
    attrs: dict[str, Any]
    ended: bool = False
    weight: float | None = None
    """The cooperation weight of the two organisations, when both ends are organisations."""
    tie: TieClass | None = None
    """For ties between organisations: within a county, across counties, with a national body."""

    @property
    def location(self) -> bool:
        return self.kind == _LOCATED

    @property
    def inferred(self) -> bool:
        """Whether the relation is one the documents imply but do not state (drawn dashed)."""
        return bool(self.attrs.get("inferred"))


@dataclass
class MapData:
    """What a map shows, before layout and styling."""

    kind: MapKind
    nodes: dict[str, MapNode]
    edges: list[MapEdge]
    as_of: date | None = None
    focus: str | None = None
    hops: int | None = None
    area: str | None = None
    anchor: Literal["municipality", "county"] = "municipality"
    """What organisations are grouped around in the geographic layout."""
    names: dict[str, str] = field(default_factory=dict)
    """Names of the networks, municipalities and counties the map refers to, by id."""
    english: dict[str, str] = field(default_factory=dict)
    """English names of those, where the data have them."""

    def neighbours(self) -> dict[str, set[str]]:
        """Each node's neighbours over the map's edges, location links left out."""
        out: dict[str, set[str]] = {n: set() for n in self.nodes}
        for edge in self.edges:
            if not edge.location:
                out[edge.source].add(edge.target)
                out[edge.target].add(edge.source)
        return out


# --------------------------------------------------------------------------- states


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def relation_state(attrs: dict[str, Any], as_of: date | None) -> State:
    """Whether a relation holds on ``as_of``, had ended by then, or had not begun
    (:func:`partnermap.graph.state_on`; a map without a date shows everything as active).

    Examples
    --------
    >>> relation_state({"valid_from": "2023-01-01", "valid_to": "2024-12-31"}, date(2025, 6, 1))
    'ended'
    >>> relation_state({"valid_from": "2026-01-01"}, date(2025, 6, 1))
    'future'
    >>> relation_state({"valid_to": "2024-12-31"}, None)
    'active'
    """
    return "active" if as_of is None else state_on(attrs, as_of)


def node_state(attrs: dict[str, Any], as_of: date | None) -> State:
    """A node's state on ``as_of`` (:func:`partnermap.graph.state_on`): a project's by its
    period; every other node is active.

    A network's ``status`` does not make it ended: the status cannot say since when, and
    a map as of a day shows what was active that day, as every other part of partnermap
    does (:func:`partnermap.graph.active_on`). The map's facts still show the status.

    Examples
    --------
    >>> node_state({"kind": "project", "end": "2024-12-31"}, date(2025, 6, 1))
    'ended'
    >>> node_state({"kind": "network", "status": "ended"}, date(2025, 6, 1))
    'active'
    """
    return "active" if as_of is None else state_on(attrs, as_of)


def active_graph(G: nx.MultiDiGraph, as_of: date | None) -> nx.MultiDiGraph:
    """The part of ``G`` in force on ``as_of`` (:func:`partnermap.graph.active_subgraph`),
    all of it when ``as_of`` is None."""
    return G if as_of is None else active_subgraph(G, as_of)


def _as_of(G: nx.MultiDiGraph, as_of: date | None) -> date | None:
    if as_of is not None:
        return as_of
    stamp = G.graph.get("as_of")
    return _day(stamp) if stamp else None


def _keep(state: State, show_ended: bool) -> bool:
    return state == "active" or (state == "ended" and show_ended)


# --------------------------------------------------------------------------- helpers


class _Builder:
    """Collects the nodes and edges of one map from a snapshot."""

    def __init__(self, G: nx.MultiDiGraph, as_of: date | None, show_ended: bool) -> None:
        self.G = G
        self.as_of = _as_of(G, as_of)
        self.show_ended = show_ended
        self.homes = home_areas(G)
        self.nodes: dict[str, MapNode] = {}
        self.edges: list[MapEdge] = []
        self._edge_ids: set[str] = set()
        self._active: nx.MultiDiGraph | None = None
        self._coop: nx.Graph | None = None

    # graph views ---------------------------------------------------------------
    @property
    def active(self) -> nx.MultiDiGraph:
        if self._active is None:
            self._active = active_graph(self.G, self.as_of)
        return self._active

    @property
    def cooperation(self) -> nx.Graph:
        if self._coop is None:
            self._coop = cooperation_graph(self.active)
        return self._coop

    def edge_state(self, attrs: dict[str, Any]) -> State:
        return relation_state(attrs, self.as_of)

    def state(self, node: str) -> State:
        return node_state(self.G.nodes[node], self.as_of)

    def visible(self, node: str) -> bool:
        return _keep(self.state(node), self.show_ended)

    # nodes ---------------------------------------------------------------------
    def add_node(self, node: str, **extra: Any) -> MapNode:
        existing = self.nodes.get(node)
        if existing is not None:
            for key, value in extra.items():
                if value is not None and getattr(existing, key) in (None, False):
                    setattr(existing, key, value)
            return existing
        attrs = self.G.nodes[node]
        kind = str(attrs.get("kind"))
        municipality, county = self.homes.get(node, (None, None))
        if kind == _MUNI:
            municipality, county = node, attrs.get("county")
        area = county or organisation_area(attrs, None)
        item = MapNode(
            id=node,
            kind=kind,
            attrs=dict(attrs),
            municipality=municipality,
            county=county,
            area=area,
            ended=self.state(node) == "ended",
            **extra,
        )
        self.nodes[node] = item
        return item

    def add_anchors(self) -> None:
        """Bring in the home municipalities of the map's nodes, with their location links."""
        for node in list(self.nodes.values()):
            if node.kind in _AREA_KINDS or node.municipality is None:
                continue
            self.add_node(node.municipality, anchor=True)
            for _, target, key, attrs in self.G.out_edges(node.id, keys=True, data=True):
                if attrs.get("kind") == _LOCATED and target == node.municipality:
                    self.add_edge(node.id, target, key, attrs)

    # edges ---------------------------------------------------------------------
    def add_edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> MapEdge | None:
        if key in self._edge_ids:
            return None
        state = self.edge_state(attrs)
        if not _keep(state, self.show_ended):
            return None
        edge = MapEdge(
            id=str(key),
            source=source,
            target=target,
            kind=str(attrs.get("kind")),
            attrs=dict(attrs),
            ended=state == "ended",
        )
        self._edge_ids.add(edge.id)
        self.edges.append(edge)
        return edge

    def relations_among(self, kinds: Collection[str] | None = None) -> None:
        """Add every relation of the graph between two nodes of the map."""
        for node in list(self.nodes):
            for _, target, key, attrs in self.G.out_edges(node, keys=True, data=True):
                if target not in self.nodes:
                    continue
                kind = attrs.get("kind")
                if kinds is not None and kind not in kinds:
                    continue
                if kind == _LOCATED and self.nodes[node].kind == _MUNI:
                    continue  # a municipality in its county: administrative division, not partnership
                if kind == _SURVEY_TIE:
                    continue  # what members reported, not what the documents say: the survey map's
                self.add_edge(node, target, key, attrs)

    def add_cooperation(self, among: Iterable[str], C: nx.Graph, min_weight: float = 0.0) -> None:
        """Add the cooperation ties of ``C`` among ``among`` (organisations of the map)."""
        members = sorted(set(among))
        keep = set(members)
        for a in members:
            if a not in C:
                continue
            for b, tie in C[a].items():
                if b not in keep or b <= a or tie.get("weight", 0.0) < min_weight:
                    continue
                edge_id = f"{a}~{b}"
                if edge_id in self._edge_ids:
                    continue
                self._edge_ids.add(edge_id)
                self.edges.append(
                    MapEdge(
                        id=edge_id,
                        source=a,
                        target=b,
                        kind=COOPERATION,
                        attrs={
                            "weight": float(tie["weight"]),
                            "agreements": list(tie.get("agreements", [])),
                            "networks": list(tie.get("networks", [])),
                            "projects": list(tie.get("projects", [])),
                            "funding": list(tie.get("funding", [])),
                            "events": list(tie.get("events", [])),
                            "inferred": bool(tie.get("inferred")),
                        },
                        weight=float(tie["weight"]),
                    )
                )

    # finishing -----------------------------------------------------------------
    def finish(self, kind: MapKind, **extra: Any) -> MapData:
        self._participants()
        self._memberships()
        self._weights()
        self._counties()
        names: dict[str, str] = {}
        english: dict[str, str] = {}
        wanted = {net for node in self.nodes.values() for net in node.networks}
        wanted |= {n.municipality for n in self.nodes.values() if n.municipality}
        wanted |= {n.county for n in self.nodes.values() if n.county}
        for edge in self.edges:
            wanted.update(edge.attrs.get("networks", ()))
            wanted.update(edge.attrs.get("projects", ()))
            wanted.update(edge.attrs.get("events", ()))
            if edge.attrs.get("context"):
                wanted.add(edge.attrs["context"])
        for node in sorted(wanted):
            if node in self.G:
                names[node] = str(self.G.nodes[node].get("name") or node)
                if self.G.nodes[node].get("name_en"):
                    english[node] = str(self.G.nodes[node]["name_en"])
        for agreement in {a for e in self.edges for a in e.attrs.get("agreements", ())}:
            names[agreement] = self._agreement_name(agreement)
        return MapData(
            kind=kind,
            nodes=self.nodes,
            edges=self.edges,
            as_of=self.as_of,
            names=names,
            english=english,
            **extra,
        )

    def _agreement_name(self, relation_id: str) -> str:
        for u, v, _, attrs in self._edges_by_key(relation_id):
            parties = " – ".join(str(self.G.nodes[x].get("name") or x) for x in (u, v))
            agreement = attrs.get("agreement")
            return f"{agreement}: {parties}" if agreement else parties
        return relation_id

    def _edges_by_key(self, key: str) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        source = key.split(">", 1)[0]
        if source in self.G:
            for u, v, k, attrs in self.G.out_edges(source, keys=True, data=True):
                if k == key:
                    yield u, v, k, attrs

    def _participants(self) -> None:
        """Each event's participants (those the map's date keeps), for its tooltip."""
        order = {"organiser": 0, "speaker": 1}
        for node in self.nodes.values():
            if node.kind != _EVENT:
                continue
            found = [
                (
                    str(self.G.nodes[source].get("name") or source),
                    attrs.get("role"),
                    bool(attrs.get("inferred")),
                )
                for source, _, attrs in self.G.in_edges(node.id, data=True)
                if attrs.get("kind") == _TAKES and _keep(self.edge_state(attrs), self.show_ended)
            ]
            node.participants = sorted(found, key=lambda p: (order.get(str(p[1]), 2), p[0]))

    def _memberships(self) -> None:
        for node in self.nodes.values():
            if node.kind == _NET:
                node.networks.add(node.id)
            if node.kind != _ORG:
                continue
            for _, target, attrs in self.G.out_edges(node.id, data=True):
                if attrs.get("kind") == _MEMBER and self.edge_state(attrs) == "active":
                    node.networks.add(target)

    def _weights(self) -> None:
        pairs = [
            e for e in self.edges if e.kind != COOPERATION and self._org(e.source) and self._org(e.target)
        ]
        if pairs:
            C = self.cooperation
            for edge in pairs:
                if C.has_edge(edge.source, edge.target):
                    edge.weight = float(C.edges[edge.source, edge.target]["weight"])
        for edge in self.edges:
            if self._org(edge.source) and self._org(edge.target):
                edge.tie = tie_class(self.nodes[edge.source].area, self.nodes[edge.target].area)

    def _org(self, node: str) -> bool:
        return self.nodes[node].kind == _ORG

    def _counties(self) -> None:
        """Give every node the areas the county filter keeps it under."""
        around: dict[str, set[str]] = defaultdict(set)
        for edge in self.edges:
            if edge.location:
                continue
            a, b = self.nodes[edge.source], self.nodes[edge.target]
            around[a.id].add(b.area)
            around[b.id].add(a.area)
        for node in self.nodes.values():
            if node.area != "unknown":
                node.counties = {node.area}
            else:
                node.counties = {a for a in around[node.id] if a != "unknown"} or {"unknown"}


def tie_class(a: str, b: str) -> TieClass:
    """Class of a tie between organisations whose areas are ``a`` and ``b``.

    Examples
    --------
    >>> tie_class("county:harju", "county:tartu"), tie_class("county:harju", "county:harju")
    ('across', 'within')
    >>> tie_class("national", "county:tartu")
    'national'
    """
    if a in _BAND_AREAS or b in _BAND_AREAS:
        return "national"
    if a.startswith("county:") and b.startswith("county:"):
        return "within" if a == b else "across"
    return "other"


def _require(G: nx.MultiDiGraph, node: str, kinds: Collection[str], what: str) -> None:
    if node in G and G.nodes[node].get("kind") in kinds:
        return
    candidates = sorted(n for n, d in G.nodes(data=True) if d.get("kind") in kinds)
    close = difflib.get_close_matches(node, candidates, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    if node in G:
        raise MapError(f"{node!r} is a {G.nodes[node].get('kind')}, not a {what}{hint}")
    raise MapError(f"there is no {what} {node!r} in the graph{hint}")


def _area_nodes(G: nx.MultiDiGraph, area: str) -> set[str]:
    """What lies in ``area`` (:func:`partnermap.graph.nodes_in_area`), the area included."""
    try:
        return nodes_in_area(G, area)
    except ValueError as exc:
        raise MapError(str(exc)) from None


# --------------------------------------------------------------------------- maps


def ecosystem(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    show_ended: bool = True,
    kinds: Collection[str] = DEFAULT_KINDS,
    area: str | None = None,
    cooperation: bool = False,
    min_weight: float = 0.0,
) -> MapData:
    """The whole ecosystem: nodes of ``kinds`` and the relations among them.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A snapshot, preferably without a date (see the module docstring).
    as_of : date, optional
    show_ended : bool
        Keep what had ended by ``as_of`` (drawn dashed); False leaves it out.
    kinds : collection of str
        Node kinds to show (default organisations, networks, projects, municipalities).
    area : str, optional
        A county or municipality id: only what lies there on ``as_of``
        (:func:`partnermap.graph.nodes_in_area` of the graph as of that day), plus the
        networks and projects without a place of their own that those take part in.
    cooperation : bool
        Also draw the cooperation ties between organisations (weight ``>= min_weight``).
    min_weight : float

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> data = ecosystem(to_multigraph(ds.nodes, ds.relations), area="county:voru")
    >>> "org:vorumaa-partnerluskogu" in data.nodes
    True
    """
    wanted = {str(k) for k in kinds}
    b = _Builder(G, as_of, show_ended)
    # what lies in the area on the map's day (by the located_in relations of that day)
    scope = _area_nodes(b.active, area) if area else None
    for node, attrs in G.nodes(data=True):
        if attrs.get("kind") not in wanted or not b.visible(node):
            continue
        if scope is not None and node not in scope:
            continue
        b.add_node(node, anchor=attrs.get("kind") in _AREA_KINDS or None)
    if scope is not None:
        # homeless networks and projects the area's organisations take part in
        for node in list(b.nodes):
            for other in (*G.successors(node), *G.predecessors(node)):
                if other in b.nodes or G.nodes[other].get("kind") not in wanted & {_NET, _PROJ}:
                    continue
                if b.homes.get(other, (None, None)) == (None, None) and b.visible(other):
                    b.add_node(other)
    b.relations_among()
    if cooperation:
        orgs = [n for n, item in b.nodes.items() if item.kind == _ORG]
        b.add_cooperation(orgs, b.cooperation, min_weight)
    return b.finish("ecosystem", area=area)


def network(
    G: nx.MultiDiGraph,
    network_id: str,
    *,
    as_of: date | None = None,
    show_ended: bool = True,
    context: bool = True,
) -> MapData:
    """One network: its members with their roles, its funders and the projects or networks
    it is part of, and the members' own relations.

    With ``context`` (the default) the map also holds what the members are related to
    beyond this network (other networks, projects, agreement partners, funders), marked
    as context; without it, the members' cooperation with each other beyond this network
    is drawn as weighted ties instead.
    """
    _require(G, network_id, {_NET}, "network")
    b = _Builder(G, as_of, show_ended)
    b.add_node(network_id, focus=True)
    for source, _, attrs in G.in_edges(network_id, data=True):
        kind = attrs.get("kind")
        if kind not in (_MEMBER, _FUNDS, _PART_OF) or not _keep(b.edge_state(attrs), show_ended):
            continue
        if not b.visible(source):
            continue
        role = attrs.get("role") if kind == _MEMBER else ("funder" if kind == _FUNDS else None)
        b.add_node(source, role=role)
    for _, target, attrs in G.out_edges(network_id, data=True):
        if attrs.get("kind") in (_PART_OF, _TARGETS, _FUNDS) and b.visible(target):
            b.add_node(target)
    members = sorted(n for n, item in b.nodes.items() if item.kind == _ORG)
    _event_participants(b, G)
    if context:
        for member in members:
            for other, attrs in _steps(G, member):
                kind = attrs.get("kind")
                if kind in (_LOCATED, _TARGETS) or G.nodes[other].get("kind") not in _STEP_KINDS:
                    continue
                if other not in b.nodes and b.visible(other) and _keep(b.edge_state(attrs), show_ended):
                    b.add_node(other, context=True)
        b.relations_among(kinds={_MEMBER, _PARTNER, _FUNDS, _PART_OF, _TARGETS, _PARTY, _TAKES})
    else:
        b.relations_among(kinds={_MEMBER, _FUNDS, _PART_OF, _TARGETS, _TAKES})
        beyond = b.active.subgraph([n for n in b.active if n != network_id])
        b.add_cooperation(members, cooperation_graph(beyond))
    b.add_anchors()
    return b.finish("network", focus=network_id)


def _event_participants(b: _Builder, G: nx.MultiDiGraph) -> None:
    """Bring in the organisations taking part in the map's events (as context when they are
    not already on the map)."""
    for event in [n for n, item in b.nodes.items() if item.kind == _EVENT]:
        for source, _, attrs in G.in_edges(event, data=True):
            if attrs.get("kind") != _TAKES or source in b.nodes:
                continue
            if b.visible(source) and _keep(b.edge_state(attrs), b.show_ended):
                b.add_node(source, context=True)


def _steps(G: nx.MultiDiGraph, node: str) -> list[tuple[str, dict[str, Any]]]:
    """The relations at ``node`` as (other end, attributes), in a stable order."""
    out = [(v, d) for _, v, d in G.out_edges(node, data=True)]
    out += [(u, d) for u, _, d in G.in_edges(node, data=True)]
    return sorted(out, key=lambda s: (s[0], str(s[1].get("id", ""))))


def project(
    G: nx.MultiDiGraph,
    project_id: str,
    *,
    as_of: date | None = None,
    show_ended: bool = True,
) -> MapData:
    """A project or programme with its parts (recursively), partners, funders, target
    groups and indicators, and the project it is part of."""
    _require(G, project_id, {_PROJ}, "project")
    b = _Builder(G, as_of, show_ended)
    b.add_node(project_id, focus=True)
    parts = {project_id}
    queue = deque([project_id])
    while queue:
        current = queue.popleft()
        for source, _, attrs in G.in_edges(current, data=True):
            if attrs.get("kind") != _PART_OF or source in parts:
                continue
            if b.visible(source) and _keep(b.edge_state(attrs), show_ended):
                parts.add(source)
                queue.append(source)
                b.add_node(source)
    for _, parent, attrs in G.out_edges(project_id, data=True):
        if attrs.get("kind") == _PART_OF and b.visible(parent):
            b.add_node(parent)
    for part in [project_id, *sorted(parts - {project_id})]:
        for source, _, attrs in G.in_edges(part, data=True):
            kind = attrs.get("kind")
            if kind in (_PARTNER, _FUNDS) and b.visible(source) and _keep(b.edge_state(attrs), show_ended):
                role = attrs.get("role") if part == project_id and kind == _PARTNER else None
                b.add_node(source, role=role if kind == _PARTNER else "funder")
        for _, target, attrs in G.out_edges(part, data=True):
            if attrs.get("kind") == _TARGETS and b.visible(target):
                b.add_node(target)
    _event_participants(b, G)
    b.relations_among(kinds={_PARTNER, _FUNDS, _PART_OF, _TARGETS, _PARTY, _TAKES})
    b.add_anchors()
    return b.finish("project", focus=project_id)


def ego(
    G: nx.MultiDiGraph,
    node_id: str,
    *,
    hops: int = 2,
    as_of: date | None = None,
    show_ended: bool = True,
) -> MapData:
    """Everything within ``hops`` steps of a node, over relations between organisations,
    networks and projects (location links do not count as steps)."""
    if hops < 1:
        raise MapError(f"hops must be at least 1, not {hops}")
    _require(G, node_id, _STEP_KINDS, "organisation, network, project or event")
    b = _Builder(G, as_of, show_ended)
    distance = {node_id: 0}
    queue = deque([node_id])
    while queue:
        current = queue.popleft()
        if distance[current] >= hops:
            continue
        for other, attrs in _steps(G, current):
            if other in distance or G.nodes[other].get("kind") not in _STEP_KINDS:
                continue
            if attrs.get("kind") in (_LOCATED, _TARGETS) or not _keep(b.edge_state(attrs), show_ended):
                continue
            if not b.visible(other):
                continue
            distance[other] = distance[current] + 1
            queue.append(other)
    for node, steps_away in distance.items():
        b.add_node(node, hops=steps_away, focus=node == node_id)
    b.relations_among(kinds={_MEMBER, _PARTNER, _FUNDS, _PARTY, _PART_OF, _TAKES})
    b.add_anchors()
    return b.finish("ego", focus=node_id, hops=hops)


def cross_area(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    area: str | None = None,
    min_weight: float = 0.0,
    isolates: bool = False,
) -> MapData:
    """Organisations grouped by county, with the cooperation ties among them.

    Each tie is classed ``within`` a county, ``across`` counties, or ``national`` (one
    end a national or international body). With ``area`` (a county id) the map holds
    that county's organisations and everyone they cooperate with.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> data = cross_area(to_multigraph(ds.nodes, ds.relations), as_of=date(2025, 6, 1))
    >>> sorted({e.tie for e in data.edges})
    ['across', 'national', 'within']
    """
    b = _Builder(G, as_of, show_ended=False)
    C = b.cooperation
    ties = [(u, v) for u, v, w in C.edges(data="weight") if w >= min_weight]
    if area is not None:
        if area not in G or G.nodes[area].get("kind") != _COUNTY:
            raise MapError(f"{area!r} is not a county in the graph")
        inside = {n for n in _area_nodes(b.active, area) if n in C}
        ties = [(u, v) for u, v in ties if u in inside or v in inside]
        chosen = inside | {x for tie in ties for x in tie}
    else:
        chosen = {x for tie in ties for x in tie}
        if isolates:
            chosen |= set(C)
    for node in sorted(chosen):
        b.add_node(node)
    b.add_cooperation(chosen, C, min_weight)
    return b.finish("cross_area", area=area, anchor="county")
