"""How a map is drawn: one options object for every map, the CLI, the API and notebooks.

A map's *content* (which nodes, as of which day, whether ended relations stay) is chosen
by the map function's own arguments; how the content is *drawn* is one
:class:`RenderOptions`. This module is light (no pyvis, igraph or networkx) so that the
command line can offer the choices without loading the renderer.

Examples
--------
>>> options = RenderOptions(lang="en", layout="force")
>>> options.color_for("cross_area"), RenderOptions(color_by="sector").color_for("cross_area")
('county', 'sector')
>>> RenderOptions(lang="fi")
Traceback (most recent call last):
...
partnermap.maps.options.MapError: unknown language 'fi': use one of et, en
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from partnermap.errors import PartnermapError
from partnermap.lang import LANGS, Lang

__all__ = [
    "COLOR_BY",
    "LANGS",
    "LAYOUTS",
    "SIZE_BY",
    "ColorBy",
    "Lang",
    "LayoutName",
    "MapError",
    "RenderOptions",
    "SizeBy",
]

LayoutName = Literal["geo", "force"]
ColorBy = Literal["kind", "sector", "county"]
SizeBy = Literal["degree", "betweenness", "strength", "closeness", "pagerank", "eigenvector", "none"]

LAYOUTS: tuple[str, ...] = get_args(LayoutName)
COLOR_BY: tuple[str, ...] = get_args(ColorBy)
SIZE_BY: tuple[str, ...] = get_args(SizeBy)

#: Maps whose natural colouring is not the node kind.
_DEFAULT_COLOUR: Mapping[str, ColorBy] = {"cross_area": "county"}


class MapError(PartnermapError, ValueError):
    """A map cannot be made as asked: unknown node, wrong kind, bad option.

    A ValueError too, so that callers checking options the usual Python way catch it.
    """


@dataclass(frozen=True)
class RenderOptions:
    """How to draw a map.

    Parameters
    ----------
    layout : {"geo", "force"}
        ``geo`` puts municipalities at their places; ``force`` is a precomputed force layout.
    color_by : {"kind", "sector", "county"}, optional
        Default: the map's own (``county`` for the cross-area map, ``kind`` otherwise).
    size_by : {"degree", "betweenness", "strength", "closeness", "pagerank", "eigenvector", "none"}
        A metric of :mod:`partnermap.metrics.centrality` on the map's own graph.
    lang : {"et", "en"}
        Language of labels and page text.
    title : str, optional
        Page title; default: the name of the map's focus, or the map kind's title.
    documents : mapping, optional
        Titles of the source documents by id (default: those of the bundled dataset).
    seed : int
        Seed of the force layout.
    """

    layout: str = "geo"
    color_by: str | None = None
    size_by: str = "degree"
    lang: str = "et"
    title: str | None = None
    documents: Mapping[str, str] | None = field(default=None, compare=False)
    seed: int = 1

    def __post_init__(self) -> None:
        for value, allowed, what in (
            (self.layout, LAYOUTS, "layout"),
            (self.color_by, (None, *COLOR_BY), "colouring"),
            (self.size_by, SIZE_BY, "size metric"),
            (self.lang, LANGS, "language"),
        ):
            if value not in allowed:
                names = ", ".join(a for a in allowed if a is not None)
                raise MapError(f"unknown {what} {value!r}: use one of {names}")

    def color_for(self, map_kind: str) -> str:
        """The colouring to use on a map of ``map_kind`` (``color_by`` or the map's default)."""
        return self.color_by or _DEFAULT_COLOUR.get(map_kind, "kind")
