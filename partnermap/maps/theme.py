"""How a map looks: colours by kind, sector or county; sizes by a metric; line styles.

Colours come from fixed palettes, so a kind, sector or county has the same colour on
every map. Node size follows a metric of :mod:`partnermap.metrics.centrality` computed on
the map's own graph (its edges, less the location links): ``degree`` (distinct
neighbours), ``strength`` (sum of cooperation weights, 1 for a plain relation),
``betweenness``, ``closeness``, ``pagerank``, ``eigenvector``, or ``none``.
Municipalities that are only there to show where members are stay small.
Edge width follows the cooperation weight of the two organisations it joins.

Examples
--------
>>> colour_key(_org("ngo", "non_profit"), "kind"), colour_key(_org("ngo", "non_profit"), "sector")
('ngo', 'non_profit')
>>> KIND_COLOURS["network"]
'#f28e2b'
>>> scale({"a": 0.0, "b": 4.0}, 10, 30)
{'a': 10.0, 'b': 30.0}
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import networkx as nx

from partnermap import reference
from partnermap.maps.build import COOPERATION, MapData, MapEdge, MapNode
from partnermap.maps.options import COLOR_BY, SIZE_BY, ColorBy, SizeBy
from partnermap.metrics import centrality

__all__ = [
    "COLOR_BY",
    "KIND_COLOURS",
    "SECTOR_COLOURS",
    "SIZE_BY",
    "ColorBy",
    "EdgeStyle",
    "NodeStyle",
    "SizeBy",
    "colour_key",
    "county_colours",
    "edge_style",
    "legend_colours",
    "map_graph",
    "metric",
    "node_styles",
    "scale",
]


KIND_COLOURS: dict[str, str] = {
    # public bodies in blues, non-profits in greens and teals, the rest apart
    "municipal_government": "#2f6db5",
    "ministry": "#1b3a6b",
    "state_agency": "#5b8fd6",
    "public_institution": "#9cc0ea",
    "ngo": "#3a9d4f",
    "foundation": "#8fd18a",
    "umbrella_association": "#17a2a8",
    "leader_action_group": "#b5b82a",
    "informal_group": "#c8e6a0",
    "company": "#8e6bbf",
    "university": "#9c6b4e",
    "international_organisation": "#d66fb4",
    "organisation": "#7aa6c2",
    "network": "#f28e2b",
    "project": "#e15759",
    "municipality": "#8c8c8c",
    "county": "#b0b0b0",
    "target_group": "#ff9da7",
    "indicator": "#b07aa1",
    "event": "#d4a017",
}
SECTOR_COLOURS: dict[str, str] = {
    "public": "#2f6db5",
    "non_profit": "#3a9d4f",
    "private": "#8e6bbf",
}
_COUNTY_PALETTE = (
    "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#bcbd22",
)  # fmt: skip
_AREA_COLOURS = {
    "national": "#3b3f8f",
    "international": "#a13d8c",
    "several": "#6f9fa8",
    "unknown": "#c7c7c7",
}
EDGE_COLOURS: dict[str, str] = {
    "located_in": "#c9c9c9",
    "member_of": "#f0a04b",
    "partner_in": "#e15759",
    "funds": "#59a14f",
    "party_to": "#4e79a7",
    "part_of": "#9c9c9c",
    "targets": "#ff9da7",
    "takes_part_in": "#c79a12",
    COOPERATION: "#a8a8a8",
}
TIE_COLOURS: dict[str, str] = {
    "across": "#e6550d",
    "national": "#6b6ecf",
    "within": "#b5b5b5",
    "other": "#b5b5b5",
}
SHAPES: dict[str, str] = {
    "organisation": "dot",
    "network": "diamond",
    "project": "square",
    "programme": "star",
    "municipality": "triangle",
    "county": "hexagon",
    "target_group": "triangleDown",
    "indicator": "hexagon",
    # vis-network has no further shape with its label outside: an event is drawn as an
    # image of a calendar page in its colour (partnermap.maps.render.event_icon)
    "event": "event",
}
FOCUS_BORDER = "#111111"


@cache
def county_colours() -> dict[str, str]:
    """A colour per county (in EHAK order), and for national, international, several, unknown."""
    colours = {c.id: _COUNTY_PALETTE[i % len(_COUNTY_PALETTE)] for i, c in enumerate(reference.counties())}
    colours.update(_AREA_COLOURS)
    return colours


def colour_key(node: MapNode, color_by: str) -> str:
    """The legend entry a node falls under when colouring by ``color_by``."""
    if color_by == "kind":
        return node.category
    if color_by == "sector":
        return str(node.attrs.get("sector") or node.kind) if node.kind == "organisation" else node.kind
    if color_by == "county":
        if node.county:
            return node.county
        if node.area in ("national", "international"):
            return node.area
        counties = {c for c in node.counties if c.startswith("county:")}
        if len(counties) == 1:
            return counties.pop()
        return "several" if len(node.counties - {"unknown"}) > 1 else "unknown"
    raise ValueError(f"unknown colouring {color_by!r}: use one of {', '.join(COLOR_BY)}")


def colour_of(key: str, color_by: str) -> str:
    """The colour of a legend entry."""
    if color_by == "county":
        return county_colours().get(key, _AREA_COLOURS["unknown"])
    if color_by == "sector" and key in SECTOR_COLOURS:
        return SECTOR_COLOURS[key]
    return KIND_COLOURS.get(key, KIND_COLOURS["organisation"])


def legend_colours(data: MapData, color_by: str) -> list[tuple[str, str, int]]:
    """``(key, colour, count)`` for each colour the map uses, in palette order."""
    counts = Counter(colour_key(n, color_by) for n in data.nodes.values())
    if color_by == "county":
        order = list(county_colours())
    elif color_by == "sector":
        order = [*SECTOR_COLOURS, *KIND_COLOURS]
    else:
        order = list(KIND_COLOURS)
    rank = {key: i for i, key in enumerate(order)}
    keys = sorted(counts, key=lambda k: (rank.get(k, len(rank)), k))
    return [(k, colour_of(k, color_by), counts[k]) for k in keys]


# --------------------------------------------------------------------------- metrics


def map_graph(data: MapData) -> nx.Graph:
    """The map's own graph for its metrics: one undirected tie per linked pair (location
    links left out), weighted by the cooperation weight where there is one, else 1 per
    relation; every node of the map, isolated ones included."""
    G = nx.Graph()
    G.add_nodes_from(sorted(data.nodes))
    for edge in data.edges:
        if edge.location or edge.source == edge.target:
            continue
        weight = edge.weight if edge.weight is not None else 1.0
        if G.has_edge(edge.source, edge.target):
            G.edges[edge.source, edge.target]["weight"] += weight
        else:
            G.add_edge(edge.source, edge.target, weight=weight)
    return G


def metric(data: MapData, size_by: str, *, seed: int = 0) -> dict[str, float]:
    """Value of the metric ``size_by`` for every node of the map, on its own graph.

    Computed by :mod:`partnermap.metrics.centrality` (large maps: igraph, betweenness and
    closeness estimated from a seeded sample of sources beyond its cost budget).

    Examples
    --------
    >>> from partnermap.maps.build import MapEdge
    >>> data = MapData("ecosystem", {n: _org("ngo", "non_profit", n) for n in "abc"},
    ...                [MapEdge("1", "a", "b", "party_to", {}), MapEdge("2", "b", "c", "party_to", {})])
    >>> metric(data, "degree")
    {'a': 1.0, 'b': 2.0, 'c': 1.0}
    >>> metric(data, "betweenness")["b"]
    1.0
    """
    if size_by not in SIZE_BY:
        raise ValueError(f"unknown size metric {size_by!r}: use one of {', '.join(SIZE_BY)}")
    G = map_graph(data)
    if size_by == "none" or G.number_of_edges() == 0:
        return dict.fromkeys(sorted(data.nodes), 0.0)
    values: Mapping[Any, float]
    if size_by == "degree":
        values = centrality.degree(G)
    elif size_by == "strength":
        values = centrality.weighted_degree(G)
    elif size_by == "betweenness":
        values = centrality.betweenness(G, seed=seed)
    elif size_by == "closeness":
        values = centrality.closeness(G, seed=seed)
    elif size_by == "pagerank":
        values = centrality.pagerank(G)
    else:
        values = centrality.eigenvector(G)
    return {str(node): float(values.get(node, 0.0)) for node in sorted(data.nodes)}


def scale(values: Mapping[str, float], smallest: float, largest: float) -> dict[str, float]:
    """Map values to sizes between ``smallest`` and ``largest``, by square root (area)."""
    top = max(values.values(), default=0.0)
    if top <= 0:
        return {k: round((smallest + largest) / 3, 2) for k in values}
    return {
        k: round(smallest + (largest - smallest) * math.sqrt(max(v, 0.0) / top), 2) for k, v in values.items()
    }


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    size: float
    shape: str
    border: str
    border_width: float
    dashed: bool
    font_size: int


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    width: float
    dashed: bool
    arrow: bool
    opacity: float


def shape_of(node: MapNode) -> str:
    if node.kind == "project" and node.attrs.get("project_kind") == "programme":
        return SHAPES["programme"]
    return SHAPES.get(node.kind, "dot")


def darker(colour: str, factor: float = 0.7) -> str:
    """A darker shade of a ``#rrggbb`` colour.

    Examples
    --------
    >>> darker("#ffffff", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def node_styles(
    data: MapData, color_by: str, values: Mapping[str, float], zoom: float = 1.0
) -> dict[str, NodeStyle]:
    """The style of each node: colour by ``color_by``, size by the metric ``values``.

    ``zoom`` multiplies sizes and fonts (see :func:`partnermap.maps.layout.zoom_factor`).
    """
    large = len(data.nodes) > 1500
    smallest, largest = (5.0 * zoom, 26.0 * zoom) if large else (9.0 * zoom, 34.0 * zoom)
    sized = scale({k: v for k, v in values.items() if not data.nodes[k].anchor}, smallest, largest)
    styles = {}
    for node in data.nodes.values():
        colour = colour_of(colour_key(node, color_by), color_by)
        size = sized.get(node.id, (6.0 if large else 8.0) * zoom)
        border, width = darker(colour), 1.0
        if node.context:
            size = round(smallest + (size - smallest) * 0.5, 2)
        if node.focus:
            size, border, width = max(size, largest), FOCUS_BORDER, 4.0
        font = 10 if large else 14
        if node.anchor or node.kind == "municipality":
            font = 9 if large else 11
        font = round(font * zoom)
        styles[node.id] = NodeStyle(
            colour=colour,
            size=size,
            shape=shape_of(node),
            border=border,
            border_width=width,
            dashed=node.ended,
            font_size=font,
        )
    return styles


def edge_style(edge: MapEdge, max_weight: float, *, arrows: bool = True, zoom: float = 1.0) -> EdgeStyle:
    """The style of an edge: width by cooperation weight, dashed when ended or inferred."""
    if edge.location:
        return EdgeStyle(EDGE_COLOURS["located_in"], round(0.6 * zoom, 2), edge.ended, False, 0.8)
    colour = EDGE_COLOURS.get(edge.kind, "#999999")
    if edge.kind == COOPERATION:
        colour = TIE_COLOURS.get(edge.tie or "other", colour)
    if edge.weight is not None and max_weight > 0:
        width = 1.0 + 5.0 * math.sqrt(edge.weight / max_weight)
    elif edge.attrs.get("role") in ("convener", "coordinator", "lead"):
        width = 2.5
    else:
        width = 1.2
    arrow = arrows and edge.kind not in (COOPERATION, "party_to")
    dashed = edge.ended or edge.inferred
    return EdgeStyle(colour, round(width * zoom, 2), dashed, arrow, 0.55 if edge.ended else 1.0)


def edge_legend(data: MapData) -> list[tuple[str, str]]:
    """``(kind, colour)`` for each kind of line on the map (relation kinds and tie classes)."""
    kinds = {e.kind for e in data.edges if not e.location}
    out = [(k, EDGE_COLOURS[k]) for k in EDGE_COLOURS if k in kinds and k != COOPERATION]
    if COOPERATION in kinds:
        ties = {e.tie or "other" for e in data.edges if e.kind == COOPERATION}
        out += [(f"tie:{t}", TIE_COLOURS[t]) for t in ("across", "national", "within") if t in ties]
        if "other" in ties and "within" not in ties:
            out.append(("tie:within", TIE_COLOURS["within"]))
    return out


def _org(org_kind: str, sector: str, node_id: str = "org:x") -> MapNode:
    """A bare organisation node (for the examples)."""
    attrs: dict[str, Any] = {"kind": "organisation", "org_kind": org_kind, "sector": sector}
    return MapNode(id=node_id, kind="organisation", attrs=attrs)
