"""Maps inline in Jupyter: ``partnermap.show(...)``.

Examples
--------
>>> import partnermap
>>> shown = partnermap.show(partnermap.bundled_dataset(), "network", "network:loimumiskoda", lang="en")
>>> shown._repr_html_().startswith("<iframe")
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass, fields
from typing import Any, Literal

import networkx as nx

from partnermap.graph import snapshot, to_multigraph
from partnermap.maps import Map, cross_area_map, ecosystem_map, ego_map, network_map, project_map
from partnermap.maps.options import RenderOptions
from partnermap.model import Dataset
from partnermap.store.base import Store

__all__ = ["NotebookMap", "show"]

_RENDER_FIELDS = frozenset(f.name for f in fields(RenderOptions))

MapKind = Literal["ecosystem", "network", "project", "ego", "cross-area"]


@dataclass
class NotebookMap:
    """A map that Jupyter draws inline (in a sandboxed iframe, so its script stays its own)."""

    map: Map
    height: int = 650

    def _repr_html_(self) -> str:
        page = html.escape(self.map.html, quote=True)
        title = html.escape(self.map.title, quote=True)
        return (
            f'<iframe srcdoc="{page}" title="{title}" style="width:100%;height:{int(self.height)}px;'
            'border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )


def show(
    source: Store | Dataset | nx.MultiDiGraph,
    kind: MapKind = "ecosystem",
    node_id: str | None = None,
    *,
    height: int = 650,
    **options: Any,
) -> NotebookMap:
    """Draw a map in a Jupyter notebook.

    Parameters
    ----------
    source : Store, Dataset or networkx.MultiDiGraph
        What to map (a store is read through a snapshot).
    kind : {"ecosystem", "network", "project", "ego", "cross-area"}
    node_id : str, optional
        The network, project or organisation, for those kinds.
    height : int
        Height of the map in the notebook, in pixels.
    **options
        The fields of :class:`~partnermap.maps.options.RenderOptions` (``layout``,
        ``color_by``, ``size_by``, ``lang``, ``title``, ``seed``...) say how to draw; the rest
        (``as_of``, ``area``, ``hops``...) go to the map function.

    Returns
    -------
    NotebookMap
        Displayed at once when running under IPython; its ``.map`` is the full page.
    """
    if isinstance(source, Dataset):
        G = to_multigraph(source.nodes, source.relations)
    elif isinstance(source, nx.MultiDiGraph):
        G = source
    else:
        G = snapshot(source)
    if kind in ("network", "project", "ego") and node_id is None:
        raise ValueError(f"a {kind} map needs the id of its {kind if kind != 'ego' else 'organisation'}")
    drawing = {name: options.pop(name) for name in _RENDER_FIELDS & options.keys()}
    options["options"] = RenderOptions(**drawing)
    rendered: Map
    if kind == "network":
        rendered = network_map(G, str(node_id), **options)
    elif kind == "project":
        rendered = project_map(G, str(node_id), **options)
    elif kind == "ego":
        rendered = ego_map(G, str(node_id), **options)
    elif kind == "ecosystem":
        rendered = ecosystem_map(G, **options)
    elif kind == "cross-area":
        rendered = cross_area_map(G, **options)
    else:
        raise ValueError(f"unknown map kind {kind!r}")
    shown = NotebookMap(rendered, height)
    try:
        from IPython import get_ipython  # noqa: PLC0415 - only inside notebooks
        from IPython.display import display  # noqa: PLC0415
    except ImportError:
        return shown
    if get_ipython() is not None:
        display(shown)  # type: ignore[no-untyped-call]  # IPython ships no annotations here
    return shown
