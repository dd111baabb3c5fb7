"""A map's timeline: the dates its relations and projects begin and end, and what holds on a day.

Every map whose items have periods gets a slider over those dates in the page
(``static/timeline.js``); moving it shows the map as of that day. What "as of a day" means
is :func:`partnermap.graph.active_subgraph`, the library's one rule of time, applied to
the map's own nodes and edges: a node or relation is shown when its period holds the day
(both ends inclusive, an open end unbounded), a relation only when both its ends are
shown. Derived cooperation ties carry no period of their own and follow their ends.
The page applies the same rule to the periods :func:`timeline` writes into it, and the
browser tests compare its counts with :func:`counts_on`.

Examples
--------
>>> from datetime import date
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> from partnermap.maps.build import network
>>> ds = bundled_dataset()
>>> data = network(to_multigraph(ds.nodes, ds.relations), "network:loimumiskoda")
>>> t = timeline(data)
>>> t["dates"] == sorted(set(t["dates"])), len(t["dates"]) > 1
(True, True)
>>> counts_on(data, date(2025, 6, 1))[0] <= len(data.nodes)
True
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from partnermap.graph import active_subgraph, period
from partnermap.maps.build import MapData, MapEdge, MapNode
from partnermap.maps.i18n import Lang, day, text
from partnermap.model import RelationKind

__all__ = ["TIMELINE_TEXT", "counts_on", "dates_of", "timeline"]

_RELATION_KINDS = frozenset(k.value for k in RelationKind)

TIMELINE_TEXT: dict[str, dict[str, str]] = {
    "timeline": {"et": "Ajajoon", "en": "Timeline"},
    "play": {"et": "Esita", "en": "Play"},
    "pause": {"et": "Peata", "en": "Pause"},
    "as_drawn": {"et": "kõik", "en": "all"},
    "menu": {"et": "Otsing, filtrid, legend", "en": "Search, filters, legend"},
    "close": {"et": "Sulge", "en": "Close"},
}
"""Words of the timeline and the folding sidebar, by key and language."""


def _node_attrs(node: MapNode) -> dict[str, Any]:
    return {**node.attrs, "kind": node.kind}


def _edge_attrs(edge: MapEdge) -> dict[str, Any]:
    if edge.kind not in _RELATION_KINDS:  # a derived cooperation tie: no period of its own
        return {k: v for k, v in edge.attrs.items() if k not in ("kind", "valid_from", "valid_to")}
    return {**edge.attrs, "kind": edge.kind}


def _span(attrs: dict[str, Any]) -> tuple[date | None, date | None]:
    return period(attrs)


def dates_of(data: MapData) -> list[date]:
    """The distinct dates on which something of the map begins or ends, ascending.

    Examples
    --------
    >>> from partnermap.maps.build import MapData, MapNode
    >>> n = MapNode("project:p", "project", {"start": "2024-01-01", "end": "2024-12-31"})
    >>> dates_of(MapData("ecosystem", {"project:p": n}, []))
    [datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)]
    """
    found: set[date] = set()
    for attrs in [*(_node_attrs(n) for n in data.nodes.values()), *(_edge_attrs(e) for e in data.edges)]:
        found.update(d for d in _span(attrs) if d is not None)
    return sorted(found)


def counts_on(data: MapData, when: date) -> tuple[int, int]:
    """How many of the map's nodes and edges hold on ``when``: the map's items through
    :func:`partnermap.graph.active_subgraph`, as the page's timeline shows them."""
    G = nx.MultiDiGraph()
    G.add_nodes_from((n.id, _node_attrs(n)) for n in data.nodes.values())
    for index, edge in enumerate(data.edges):
        G.add_edge(edge.source, edge.target, key=index, **_edge_attrs(edge))
    H = active_subgraph(G, when)
    return H.number_of_nodes(), H.number_of_edges()


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def timeline(data: MapData, lang: Lang = "et") -> dict[str, Any]:
    """What the page's timeline needs: the slider's dates (ISO and as shown), the periods
    of the nodes and edges that have one (``[index, from, to]``, ``""`` for an open end;
    node indices in id order as the page holds them, edge indices into ``data.edges``),
    and the words of the header.

    An empty ``dates`` list means the map has no periods and gets no timeline.
    """
    dates = dates_of(data)
    node_periods = []
    for index, node_id in enumerate(sorted(data.nodes)):
        start, end = _span(_node_attrs(data.nodes[node_id]))
        if start or end:
            node_periods.append([index, _iso(start), _iso(end)])
    edge_periods = []
    for index, edge in enumerate(data.edges):
        start, end = _span(_edge_attrs(edge))
        if start or end:
            edge_periods.append([index, _iso(start), _iso(end)])
    words = {key: value[lang] for key, value in TIMELINE_TEXT.items()}
    return {
        "dates": [d.isoformat() for d in dates],
        "shown": [day(lang, d) for d in dates],
        "nodes": node_periods,
        "edges": edge_periods,
        "spokes": [i for i, edge in enumerate(data.edges) if edge.location],
        "asOf": _iso(data.as_of),
        "text": words
        | {
            "as_of": text(lang, "as_of", date="{date}"),
            "counts": text(lang, "counts", nodes="{nodes}", edges="{edges}"),
        },
    }
