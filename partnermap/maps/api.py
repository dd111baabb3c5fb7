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
from dataclasses import replace
from datetime import date

import networkx as nx

from partnermap.maps import build
from partnermap.maps.basemap import CoverageLayer, coverage_layer
from partnermap.maps.options import MapError, RenderOptions
from partnermap.maps.render import Map, render_map

__all__ = ["coverage_map", "cross_area_map", "ecosystem_map", "ego_map", "network_map", "project_map"]


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
    return render_map(data, options, coverage=_shading(G, network_id, as_of, options))


def project_map(
    G: nx.MultiDiGraph,
    project_id: str,
    *,
    as_of: date | None = None,
    show_ended: bool = True,
    options: RenderOptions | None = None,
) -> Map:
    """A project or programme: its activities, partners, funders, target groups, indicators.

    On the geographic layout the base map shades the municipalities the project reaches
    (as :func:`coverage_map` does), as does :func:`network_map` for a network's.
    """
    data = build.project(G, project_id, as_of=as_of, show_ended=show_ended)
    return render_map(data, options, coverage=_shading(G, project_id, as_of, options))


def coverage_map(
    G: nx.MultiDiGraph,
    group_id: str,
    *,
    as_of: date | None = None,
    options: RenderOptions | None = None,
) -> Map:
    """Where a network or project reaches: its map, with every municipality shaded by
    whether a member is located there, only a partner, or nothing of it, and a legend
    with the counts of :func:`partnermap.metrics.coverage.coverage` as of ``as_of``
    (default: today, as ``partnermap metrics coverage``).

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> m = coverage_map(G, "network:loimumiskoda", as_of=date(2025, 6, 1))
    >>> m.title
    'Katvus: Lõimumiskoda'
    """
    from partnermap.maps.i18n import check_lang, label_of, text  # noqa: PLC0415

    options = options or RenderOptions()
    day = as_of or _today(G)
    kind = G.nodes[group_id].get("kind") if group_id in G else None
    if kind not in ("network", "project"):
        raise MapError(f"{group_id!r} is not a network or project of the graph: coverage is of one of those")
    layer = coverage_layer(G, group_id, day)
    if kind == "network":
        data = build.network(G, group_id, as_of=day, show_ended=False, context=False)
        # the members, where they are and how they belong: the shading is the subject, so
        # the members' cooperation ties (the network map's business) are left out
        data.edges = [edge for edge in data.edges if edge.kind != build.COOPERATION]
    else:
        data = build.project(G, group_id, as_of=day, show_ended=False)
    lang = check_lang(options.lang)
    title = options.title or text(lang, "title_coverage", name=label_of(G.nodes[group_id], lang, group_id))
    return render_map(
        data, replace(options, title=title, layout="geo"), coverage=layer, subtitle=text(lang, "sub_coverage")
    )


def _today(G: nx.MultiDiGraph) -> date:
    stamp = G.graph.get("as_of")
    return date.fromisoformat(str(stamp)) if stamp else date.today()


def _shading(
    G: nx.MultiDiGraph, group: str, as_of: date | None, options: RenderOptions | None
) -> CoverageLayer | None:
    """The coverage layer of a network or project map: on the geographic layout, when the
    graph has the municipalities to shade (a snapshot filtered by kind has not)."""
    from partnermap.metrics import MetricsError  # noqa: PLC0415

    if (options or RenderOptions()).layout != "geo":
        return None
    try:
        return coverage_layer(G, group, as_of or _today(G))
    except MetricsError:
        return None


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
