"""One call per map: build, lay out, style and render.

Each function takes a snapshot (:func:`partnermap.graph.snapshot`; take it without a date
so that ended relations can be shown dashed) and returns a :class:`~partnermap.maps.render.Map`
with ``.html`` and ``.write(path)``. The options every map takes:

``as_of``
    The day the map shows (default: the snapshot's own date, else every period).
``layout``
    ``"geo"`` (municipalities at their places) or ``"force"`` (precomputed force layout).
``color_by``
    ``"kind"``, ``"sector"`` or ``"county"``.
``size_by``
    ``"degree"``, ``"betweenness"``, ``"strength"``, ``"closeness"``, ``"pagerank"``,
    ``"eigenvector"`` or ``"none"`` (see :mod:`partnermap.maps.theme`).
``lang``
    ``"et"`` or ``"en"``.
``show_ended``
    Draw relations that had ended by ``as_of`` dashed (True) or leave them out (False).
``title``, ``documents``, ``seed``
    Page title, source documents' titles by id, and the force layout's seed.

Examples
--------
>>> from datetime import date
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> m = network_map(G, "network:loimumiskoda", as_of=date(2025, 6, 1), lang="et")
>>> m.title
'Lõimumiskoda'
>>> m.node_count > 5
True
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

import networkx as nx

from partnermap.maps import build
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
    layout: str = "geo",
    color_by: str = "kind",
    size_by: str = "degree",
    lang: str = "et",
    show_ended: bool = True,
    title: str | None = None,
    documents: Mapping[str, str] | None = None,
    seed: int = 1,
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
    return render_map(
        data, layout=layout, color_by=color_by, size_by=size_by, lang=lang, title=title,
        documents=documents, seed=seed,
    )  # fmt: skip


def network_map(
    G: nx.MultiDiGraph,
    network_id: str,
    *,
    as_of: date | None = None,
    context: bool = True,
    layout: str = "geo",
    color_by: str = "kind",
    size_by: str = "degree",
    lang: str = "et",
    show_ended: bool = True,
    title: str | None = None,
    documents: Mapping[str, str] | None = None,
    seed: int = 1,
) -> Map:
    """One network: members, convener and coordinators, funders, and the members' relations.

    ``context=False`` leaves out what the members are related to beyond the network and
    draws their cooperation with each other as weighted ties instead.
    """
    data = build.network(G, network_id, as_of=as_of, show_ended=show_ended, context=context)
    return render_map(
        data, layout=layout, color_by=color_by, size_by=size_by, lang=lang, title=title,
        documents=documents, seed=seed,
    )  # fmt: skip


def project_map(
    G: nx.MultiDiGraph,
    project_id: str,
    *,
    as_of: date | None = None,
    layout: str = "geo",
    color_by: str = "kind",
    size_by: str = "degree",
    lang: str = "et",
    show_ended: bool = True,
    title: str | None = None,
    documents: Mapping[str, str] | None = None,
    seed: int = 1,
) -> Map:
    """A project or programme: its activities, partners, funders, target groups, indicators."""
    data = build.project(G, project_id, as_of=as_of, show_ended=show_ended)
    return render_map(
        data, layout=layout, color_by=color_by, size_by=size_by, lang=lang, title=title,
        documents=documents, seed=seed,
    )  # fmt: skip


def ego_map(
    G: nx.MultiDiGraph,
    node_id: str,
    *,
    hops: int = 2,
    as_of: date | None = None,
    layout: str = "geo",
    color_by: str = "kind",
    size_by: str = "degree",
    lang: str = "et",
    show_ended: bool = True,
    title: str | None = None,
    documents: Mapping[str, str] | None = None,
    seed: int = 1,
) -> Map:
    """Everything within ``hops`` steps of an organisation (or network, or project)."""
    data = build.ego(G, node_id, hops=hops, as_of=as_of, show_ended=show_ended)
    return render_map(
        data, layout=layout, color_by=color_by, size_by=size_by, lang=lang, title=title,
        documents=documents, seed=seed,
    )  # fmt: skip


def cross_area_map(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    area: str | None = None,
    min_weight: float = 0.0,
    layout: str = "geo",
    color_by: str = "county",
    size_by: str = "degree",
    lang: str = "et",
    title: str | None = None,
    documents: Mapping[str, str] | None = None,
    seed: int = 1,
) -> Map:
    """Organisations grouped by county, with cooperation ties across counties highlighted."""
    data = build.cross_area(G, as_of=as_of, area=area, min_weight=min_weight)
    return render_map(
        data, layout=layout, color_by=color_by, size_by=size_by, lang=lang, title=title,
        documents=documents, seed=seed,
    )  # fmt: skip
