"""Interactive HTML maps of the partnership web, for network leads.

Built on pyvis (vis-network) with partnermap's own page template: every map is one HTML
file that works offline, with positions computed in Python (a geographic layout with
Estonia's real shape, or a precomputed force layout), search, filters by kind, county and
network, neighbourhood highlighting, tooltips with each fact's sources, a legend, and
Estonian or English text.

=====================  ===========================================================
``ecosystem_map``      everything, or one county or municipality
``network_map``        a network: members, convener, funders, the members' cooperation
``project_map``        a project or programme with its parts, partners and funders
``ego_map``            everything within k steps of an organisation
``cross_area_map``     organisations by county; ties across counties highlighted
``coverage_map``       where a network or programme reaches: municipalities shaded
``render_map``         any :class:`MapData` (from :mod:`partnermap.maps.build`) as a page
``RenderOptions``      how any map is drawn: layout, colours, sizes, language, title
=====================  ===========================================================

The names are re-exported lazily, so that ``partnermap.maps.options`` (the choices the
command line offers) can be imported without loading pyvis, igraph and jinja2.

Examples
--------
>>> from partnermap.maps import RenderOptions, ecosystem_map
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> m = ecosystem_map(G, options=RenderOptions(layout="force", color_by="sector"))
>>> m.node_count == len(m.data.nodes) and "<script src=" not in m.html
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnermap.lazy import lazy_exports

_EXPORTS = {
    "coverage_map": "partnermap.maps.api",
    "cross_area_map": "partnermap.maps.api",
    "ecosystem_map": "partnermap.maps.api",
    "ego_map": "partnermap.maps.api",
    "network_map": "partnermap.maps.api",
    "project_map": "partnermap.maps.api",
    "MapData": "partnermap.maps.build",
    "MapEdge": "partnermap.maps.build",
    "MapNode": "partnermap.maps.build",
    "MapError": "partnermap.maps.options",
    "RenderOptions": "partnermap.maps.options",
    "Map": "partnermap.maps.render",
    "render_map": "partnermap.maps.render",
}

__all__ = [
    "Map",
    "MapData",
    "MapEdge",
    "MapError",
    "MapNode",
    "RenderOptions",
    "coverage_map",
    "cross_area_map",
    "ecosystem_map",
    "ego_map",
    "network_map",
    "project_map",
    "render_map",
]

if TYPE_CHECKING:
    from partnermap.maps.api import (
        coverage_map,
        cross_area_map,
        ecosystem_map,
        ego_map,
        network_map,
        project_map,
    )
    from partnermap.maps.build import MapData, MapEdge, MapNode
    from partnermap.maps.options import MapError, RenderOptions
    from partnermap.maps.render import Map, render_map


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
