"""One call per map: build, lay out, style and render.

Each function takes a snapshot (:func:`partnermap.graph.snapshot`; take it without a date
so that ended relations can be shown dashed) and returns a :class:`~partnermap.maps.render.Map`
with ``.html`` and ``.write(path)``. The arguments every map takes:

``as_of``
    The day the map shows (default: the snapshot's own date, else every period).
``show_ended``
    Draw relations that had ended by ``as_of`` dashed (True) or leave them out (False).
``options``
    How to draw it: a :class:`~partnermap.maps.options.RenderOptions` (layout, colouring,
    node sizes, language, title, source documents, seed).

Examples
--------
>>> from datetime import date
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> from partnermap.maps.options import RenderOptions
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> m = network_map(G, "network:loimumiskoda", as_of=date(2025, 6, 1), options=RenderOptions(lang="et"))
>>> m.title
'Lõimumiskoda'
>>> m.node_count > 5
True
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import networkx as nx

from partnermap.maps import build
from partnermap.maps.options import RenderOptions
from partnermap.maps.render import Map, render_map

__all__ = ["cross_area_map", "ecosystem_map", "ego_map", "network_map", "project_map"]


def ecosystem_map(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    area: str | None = None,
    kinds: Collection[str] = build.DEFAULT_KINDS,
    cooperation: bool = False,
    min_weight: float = 0.0,
    show_ended: bool = True,
    options: RenderOptions | None = None,
) -> Map:
    """The whole ecosystem (or one county's or municipality's part of it, with ``area``).

    ``cooperation=True`` adds the cooperation ties between organisations of weight at
    least ``min_weight``; ``kinds`` chooses the node kinds (see :func:`partnermap.maps.build.ecosystem`).
    """
    data = build.ecosystem(
        G,
        as_of=as_of,
        show_ended=show_ended,
        kinds=kinds,
        area=area,
        cooperation=cooperation,
        min_weight=min_weight,
    )
    return render_map(data, options)


def network_map(
    G: nx.MultiDiGraph,
    network_id: str,
    *,
    as_of: date | None = None,
    context: bool = True,
    show_ended: bool = True,
    options: RenderOptions | None = None,
) -> Map:
    """One network: members, convener and coordinators, funders, and the members' relations.

    ``context=False`` leaves out what the members are related to beyond the network and
    draws their cooperation with each other as weighted ties instead.
    """
    data = build.network(G, network_id, as_of=as_of, show_ended=show_ended, context=context)
    return render_map(data, options)


def project_map(
    G: nx.MultiDiGraph,
    project_id: str,
    *,
    as_of: date | None = None,
    show_ended: bool = True,
    options: RenderOptions | None = None,
) -> Map:
    """A project or programme: its activities, partners, funders, target groups, indicators."""
    return render_map(build.project(G, project_id, as_of=as_of, show_ended=show_ended), options)


def ego_map(
    G: nx.MultiDiGraph,
    node_id: str,
    *,
    hops: int = 2,
    as_of: date | None = None,
    show_ended: bool = True,
    options: RenderOptions | None = None,
) -> Map:
    """Everything within ``hops`` steps of an organisation (or network, or project)."""
    return render_map(build.ego(G, node_id, hops=hops, as_of=as_of, show_ended=show_ended), options)


def cross_area_map(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    area: str | None = None,
    min_weight: float = 0.0,
    options: RenderOptions | None = None,
) -> Map:
    """Organisations grouped by county, with cooperation ties across counties highlighted.

    Coloured by county unless ``options.color_by`` says otherwise.
    """
    return render_map(build.cross_area(G, as_of=as_of, area=area, min_weight=min_weight), options)
