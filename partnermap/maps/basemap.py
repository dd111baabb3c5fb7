"""The base map beneath a geographic map: coast, counties and municipalities, and coverage.

The boundaries come from :func:`partnermap.reference.boundaries_topology` (the Estonian
Land Board's administrative division of 01.09.2018, simplified by
``scripts/build_boundaries.py``). A page gets them as they are stored (integer arcs, rings
of arc references) plus a linear transform into the geographic layout's pixels
(:func:`partnermap.maps.layout.project` is equirectangular, so quantised degrees map to
pixels by a scale and an offset); ``static/basemap.js`` draws them on the canvas before
the graph. Here too: the shapes in pixels, for putting every node inside its
municipality (:func:`inside_spiral`), and the coverage layer (:func:`coverage_layer`).

Examples
--------
>>> shape = area_shape("municipality:tallinn")
>>> shape.contains(anchor_point("municipality:tallinn"))
True
>>> attribution("en")
'Boundaries: Estonian Land Board, administrative division as of 01.09.2018'
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import networkx as nx

from partnermap import reference

__all__ = [
    "COVERAGE_CLASSES",
    "CoverageLayer",
    "Shape",
    "anchor_point",
    "area_shape",
    "attribution",
    "coverage_layer",
    "inside_spiral",
    "page_basemap",
]

Point = tuple[float, float]

_BAND = 24.0  # height (px) of the horizontal bands a shape's edges are indexed by
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))


def attribution(lang: str) -> str:
    """The boundaries' attribution, as the Land Board's terms ask, in ``lang`` (et / en)."""
    return reference.BOUNDARY_ATTRIBUTION["en" if lang == "en" else "et"]


@dataclass
class Shape:
    """An area's rings in the layout's pixels, with its edges indexed by horizontal band
    so that a point-in-polygon test looks at a few edges, not all of them."""

    id: str
    rings: list[list[Point]]
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    _bands: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        xs = [p[0] for ring in self.rings for p in ring]
        ys = [p[1] for ring in self.rings for p in ring]
        self.box = (min(xs), min(ys), max(xs), max(ys))
        bands: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
        for ring in self.rings:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if y1 == y2:
                    continue
                for band in range(math.floor(min(y1, y2) / _BAND), math.floor(max(y1, y2) / _BAND) + 1):
                    bands[band].append((x1, y1, x2, y2))
        self._bands = dict(bands)

    def contains(self, p: Point) -> bool:
        """Whether ``p`` lies inside (even-odd over every ring: islands and holes count)."""
        x, y = p
        x0, y0, x1, y1 = self.box
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        inside = False
        for ax, ay, bx, by in self._bands.get(math.floor(y / _BAND), ()):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                inside = not inside
        return inside


def _project(lon: float, lat: float) -> Point:
    from partnermap.maps.layout import project  # noqa: PLC0415 - layout imports this module

    return project(lat, lon)


@cache
def area_shape(area_id: str) -> Shape:
    """The shape of a municipality, a county or :data:`partnermap.reference.COUNTRY` in pixels."""
    boundary = reference.boundary(area_id)
    return Shape(area_id, [[_project(lon, lat) for lon, lat in ring] for ring in boundary.rings])


@cache
def anchor_point(area_id: str) -> Point:
    """Where an area's own node and the centre of its spiral go: its reference centroid
    when that lies inside its shape, else the inside point nearest to it (a few
    municipalities' approximate centroids fall outside, Kohtla-Järve's between its parts)."""
    try:
        lon, lat = reference.municipality(area_id).lon, reference.municipality(area_id).lat
    except KeyError:
        lon, lat = reference.county(area_id).lon, reference.county(area_id).lat
    centre = _project(lon, lat)
    shape = area_shape(area_id)
    if _deep_inside(shape, centre):
        return centre
    x0, y0, x1, y1 = shape.box
    step = max(1.0, min(x1 - x0, y1 - y0) / 40)
    candidates = [
        (x0 + (i + 0.5) * step, y0 + (j + 0.5) * step)
        for i in range(math.ceil((x1 - x0) / step))
        for j in range(math.ceil((y1 - y0) / step))
    ]
    inside = [p for p in candidates if _deep_inside(shape, p)] or [p for p in candidates if shape.contains(p)]
    return min(inside, key=lambda p: (math.dist(p, centre), p))


def _deep_inside(shape: Shape, p: Point, margin: float = 6.0) -> bool:
    """Inside, and so are four points ``margin`` pixels around it (not on a thin spit)."""
    x, y = p
    return all(
        shape.contains(q)
        for q in ((x, y), (x + margin, y), (x - margin, y), (x, y + margin), (x, y - margin))
    )


def inside_spiral(
    centre: Point, radii: list[float], *, inner: float, pad: float, shape: Shape
) -> list[Point]:
    """Points on a sunflower spiral around ``centre`` that lie inside ``shape``, one per radius.

    Like the geographic layout's spiral (the ``i``-th point at ``inner + pad * sqrt(area so
    far)`` at the golden angle from the last) but skipping the points outside the shape.
    When the shape is too small for the nodes at that spacing (Tallinn in a synthetic map
    of thousands), the spiral is tightened and tried again; in the end every point is
    inside, however close together.
    """
    if not radii:
        return []
    cx, cy = centre
    x0, y0, x1, y1 = shape.box
    reach = math.hypot(max(abs(x0 - cx), abs(x1 - cx)), max(abs(y0 - cy), abs(y1 - cy)))
    for _ in range(24):
        out: list[Point] = []
        area = 0.0
        k = 0
        while len(out) < len(radii):
            radius = radii[len(out)]
            area += radius * radius
            distance = inner + pad * math.sqrt(max(area - radius * radius / 2, 0.0))
            if distance > reach:
                break
            angle = k * _GOLDEN - math.pi / 2
            k += 1
            point = (cx + distance * math.cos(angle), cy + distance * math.sin(angle))
            if shape.contains(point):
                out.append(point)
            # else: the spot stays empty, as if a node of this size sat there, so the
            # points kept are exactly those of the plain spiral and never overlap
        if len(out) == len(radii):
            return out
        pad *= 0.85  # the widest spacing that fits: overlaps only where nothing else would do
        inner *= 0.7
    # a last resort for absurd crowds: a fine grid of the shape's inside points, nearest first
    step = max(0.5, min(x1 - x0, y1 - y0) / 200)
    grid = [
        (x0 + (i + 0.5) * step, y0 + (j + 0.5) * step)
        for i in range(math.ceil((x1 - x0) / step))
        for j in range(math.ceil((y1 - y0) / step))
    ]
    inside = sorted((p for p in grid if shape.contains(p)), key=lambda p: (math.dist(p, centre), p))
    return [inside[i % len(inside)] for i in range(len(radii))]


# --------------------------------------------------------------------------- page data


@cache
def _page_topology() -> dict[str, Any]:
    from partnermap.maps.layout import LAT0, LON0, SCALE  # noqa: PLC0415 - layout imports this module

    topo = reference.boundaries_topology()
    (ox, oy), (sx, sy) = topo["transform"]["origin"], topo["transform"]["step"]
    cos0 = math.cos(math.radians(LAT0))
    return {
        # pixel x = x0 + kx * qx, pixel y = y0 + ky * qy (qx, qy: the arcs' integer coordinates)
        "transform": [
            round((ox - LON0) * cos0 * SCALE, 6),
            round(sx * cos0 * SCALE, 9),
            round(-(oy - LAT0) * SCALE, 6),
            round(-sy * SCALE, 9),
        ],
        "arcs": topo["arcs"],
        "municipalities": sorted(topo["municipalities"].items()),
        "counties": sorted(topo["counties"].items()),
        "country": topo["country"],
    }


def page_basemap(lang: str, shading: CoverageLayer | None = None) -> dict[str, Any]:
    """What ``static/basemap.js`` draws: the boundaries, their attribution and, when the
    map has one, the coverage shading (a class index per municipality and the colours)."""
    out = dict(_page_topology())
    out["attribution"] = attribution(lang)
    if shading is not None:
        ids = [m for m, _ in out["municipalities"]]
        out["shade"] = [COVERAGE_CLASSES.index(shading.classes.get(m, "none")) for m in ids]
        out["fills"] = [_FILLS[c] for c in COVERAGE_CLASSES]
        out["reachedCounties"] = sorted(shading.counties)
        out["countyOutline"] = COUNTY_OUTLINE
    return out


# --------------------------------------------------------------------------- coverage

COVERAGE_CLASSES = ("member", "partner", "none")
"""How a network or programme reaches a municipality: an organisation located there is a
member of it (or of a network that is part of it), only a partner in it (or in a project
that is part of it), or nothing of it is there."""

# Okabe-Ito blue and a light orange: told apart with every kind of colour blindness, and
# dark labels stay readable on both (contrast > 4.5:1 against #222).
_FILLS = {"member": "#56b4e9", "partner": "#f5c26b", "none": "#f2f2f0"}
COUNTY_OUTLINE = "#0072b2"
"""Okabe-Ito blue: the outline of the counties a network or programme reaches."""


@dataclass(frozen=True)
class CoverageLayer:
    """The coverage shading of one network or project: a class per municipality and the
    counts of the legend. ``reached`` equals ``municipalities_reached`` of
    :func:`partnermap.metrics.coverage.coverage` (it is computed from it)."""

    group: str
    as_of: date | None
    classes: dict[str, str]
    counts: dict[str, int]
    reached: int
    total: int
    counties_reached: int
    county_total: int
    national_members: int
    international_members: int
    counties: tuple[str, ...] = ()
    """The counties reached (by a municipality reached, or by a member located in the county
    in no particular municipality), outlined on the map."""


def coverage_layer(G: nx.MultiDiGraph, group: str, as_of: date | None = None) -> CoverageLayer:
    """Shade each municipality by how ``group`` (a network or project) reaches it.

    The municipalities reached are those of :func:`partnermap.metrics.coverage.coverage`;
    each is a ``member`` municipality when one of the organisations there that the group
    reaches through is a member (``member_of``) of the group or one of its parts, else a
    ``partner`` one (reached through ``partner_in`` only).

    With ``as_of``, ``G`` (a snapshot of every date) is narrowed to that day first, as
    ``partnermap metrics coverage --as-of`` does; without it ``G`` is taken as it is.

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> layer = coverage_layer(G, "network:elvl-koordinaatorite-vorgustik")
    >>> layer.reached, layer.counts["member"] + layer.counts["partner"], layer.total
    (8, 8, 79)
    """
    from partnermap.graph import home_areas  # noqa: PLC0415 - keeps the page code light
    from partnermap.metrics.coverage import coverage  # noqa: PLC0415

    if as_of is not None:
        from partnermap.graph import active_subgraph  # noqa: PLC0415

        G = active_subgraph(G, as_of)
    result = coverage(G, group)
    reached = set(result.municipalities_reached)
    homes = home_areas(G)
    kinds = _membership_kinds(G, group)
    classes: dict[str, str] = dict.fromkeys(result.municipalities_not_reached, "none")
    for municipality in sorted(reached):
        classes[municipality] = "partner"
    for org, relation_kinds in kinds.items():
        home = homes.get(org, (None, None))[0]
        if home in reached and "member_of" in relation_kinds:
            classes[home] = "member"
    counts = {c: sum(1 for v in classes.values() if v == c) for c in COVERAGE_CLASSES}
    return CoverageLayer(
        group=group,
        as_of=as_of,
        classes=classes,
        counts=counts,
        reached=len(result.municipalities_reached),
        total=result.municipality_total,
        counties_reached=len(result.counties_reached),
        county_total=result.county_total,
        national_members=result.national_members,
        international_members=result.international_members,
        counties=tuple(result.counties_reached),
    )


def _membership_kinds(G: nx.MultiDiGraph, group: str) -> Mapping[str, set[str]]:
    """The relation kinds that tie each organisation to ``group`` or its parts (transitively)."""
    parts: dict[str, set[str]] = defaultdict(set)
    direct: dict[str, list[tuple[str, str]]] = defaultdict(list)
    groups = {n for n, d in G.nodes(data=True) if d.get("kind") in ("network", "project")}
    for u, v, data in G.edges(data=True):
        kind = data.get("kind")
        if kind in ("member_of", "partner_in"):
            direct[v].append((u, str(kind)))
        elif kind == "part_of" and u in groups:
            parts[v].add(u)
    out: dict[str, set[str]] = defaultdict(set)
    seen, todo = {group}, [group]
    while todo:
        g = todo.pop()
        for org, kind in direct.get(g, ()):
            out[org].add(kind)
        for part in sorted(parts.get(g, ())):
            if part not in seen:
                seen.add(part)
                todo.append(part)
    return out


# --------------------------------------------------------------------------- county names

Box = tuple[float, float, float, float]
_CHAR = 0.6  # average glyph width of the map's sans-serif, in font sizes (measured 0.52-0.61)
_NAME_CHAR = 0.7  # the same for the county names, drawn bold (600); measured 0.62-0.68 in Chromium
_CANDIDATES = 400  # spots tried per county and name size, nearest the county's centre first
_BELOW = frozenset(
    {"dot", "diamond", "star", "triangle", "triangleDown", "square", "hexagon", "icon", "image"}
)


def node_label_box(node: Mapping[str, Any], font: float, wrap: float | None) -> Box | None:
    """Where vis-network draws a node's label (estimated): centred under shapes like dots,
    on the node for boxes; ``None`` without a label."""
    label = str(node.get("label") or "")
    if not label:
        return None
    size = float(node.get("size") or 10.0)
    font = (
        float((node.get("font") or {}).get("size", font)) if isinstance(node.get("font"), Mapping) else font
    )
    width = len(label) * _CHAR * font
    lines = 1
    if wrap and width > wrap:
        lines = math.ceil(width / wrap)
        width = wrap
    height = lines * font * 1.2
    x, y = float(node.get("x") or 0.0), float(node.get("y") or 0.0)
    top = y + size + 2 if node.get("shape", "dot") in _BELOW else y - height / 2
    return (x - width / 2, top, x + width / 2, top + height)


class _Boxes:
    """Boxes bucketed in a coarse grid, for overlap queries against thousands of them."""

    def __init__(self, boxes: list[Box], cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
        for box in boxes:
            self.add(box)

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1)
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1)
        ]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(box)

    def hits(self, box: Box, stop: int) -> int:
        """How many boxes overlap ``box``, counting no further than ``stop``."""
        x0, y0, x1, y1 = box
        seen: set[Box] = set()
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                # the overlap test inline: this is the placement's inner loop
                if other[0] < x1 and x0 < other[2] and other[1] < y1 and y0 < other[3] and other not in seen:
                    seen.add(other)
                    if len(seen) >= stop:
                        return len(seen)
        return len(seen)


def place_county_names(
    names: Mapping[str, str],
    nodes: list[dict[str, Any]],
    *,
    font: float,
    node_font: float,
    wrap: float | None,
) -> list[dict[str, Any]]:
    """Where each county's name goes: inside the county, clear of every node and node label.

    The name is drawn in the map's own units (it grows and shrinks with the zoom, as on an
    atlas, though never above 18 px on the screen: a smaller name keeps its centre), so the
    placement holds at any zoom. Candidates lie on a grid over the county, nearest the
    county's centre first; a candidate's box must lie inside the county's boundary. The
    first that touches no node, node label or name already placed wins; failing that, the
    name is tried smaller (down to 30 %), and failing that too it goes where it covers the
    fewest nodes, then the fewest labels, at the largest such size. Counties are placed
    largest first.

    Returns
    -------
    list of dict
        ``{"ref", "text", "x", "y", "size"}`` per county, ``x, y`` the centre of the text.
    """
    obstacles: list[Box] = []
    discs: list[Box] = []
    for node in nodes:
        x, y, r = float(node.get("x") or 0.0), float(node.get("y") or 0.0), float(node.get("size") or 10.0)
        obstacles.append((x - r - 2, y - r - 2, x + r + 2, y + r + 2))
        discs.append(obstacles[-1])
        box = node_label_box(node, node_font, wrap)
        if box is not None:  # with a little air around it
            pad = node_font * 0.3
            obstacles.append((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad))
    index = _Boxes(obstacles, cell=max(40.0, font * 2))
    disc_index = _Boxes(discs, cell=max(40.0, font * 2))
    placed: list[dict[str, Any]] = []
    order = sorted(names, key=lambda c: (-_box_area(area_shape(c).box), c))
    for county in order:
        text = names[county]
        shape = area_shape(county)
        centre = anchor_point(county)
        choice: tuple[Point, float] | None = None
        # Where no spot is clear: the spot that covers the fewest nodes, then the fewest labels,
        # then the largest name (a name over a node would hide it; over a label, less so).
        fallback: tuple[tuple[int, int, float], Point, float] | None = None
        for factor in (1.0, 0.8, 0.65, 0.5, 0.4, 0.3):  # a smaller name where a larger finds no clear spot
            size = font * factor
            width, height = len(text) * _NAME_CHAR * size, size * 1.2
            for point in itertools.islice(_spots(shape, centre, width, height), _CANDIDATES):
                box = (
                    point[0] - width / 2,
                    point[1] - height / 2,
                    point[0] + width / 2,
                    point[1] + height / 2,
                )
                count = index.hits(box, stop=1 << 30)
                if count == 0:
                    choice = (point, size)
                    break
                key = (disc_index.hits(box, stop=1 << 30), count, -factor)
                if fallback is None or key < fallback[0]:
                    fallback = (key, point, size)
            if choice is not None:
                break
        if choice is None:
            choice = (fallback[1], fallback[2]) if fallback else (centre, font)
        (cx, cy), size = choice
        width, height = len(text) * _NAME_CHAR * size, size * 1.2
        index.add((cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))
        placed.append(
            {"ref": county, "text": text, "x": round(cx, 1), "y": round(cy, 1), "size": round(size, 1)}
        )
    return sorted(placed, key=lambda p: str(p["ref"]))


@cache
def _grid(county: str, step_parts: int = 32) -> tuple[Point, ...]:
    shape = area_shape(county)
    x0, y0, x1, y1 = shape.box
    step = max(4.0, min(x1 - x0, y1 - y0) / step_parts)
    return tuple(
        (x0 + i * step, y0 + j * step)
        for i in range(math.ceil((x1 - x0) / step) + 1)
        for j in range(math.ceil((y1 - y0) / step) + 1)
        if shape.contains((x0 + i * step, y0 + j * step))
    )


def _spots(shape: Shape, centre: Point, width: float, height: float) -> Iterator[Point]:
    """Grid points of the county where a ``width`` x ``height`` box lies inside it, nearest
    the centre first (lazily: the caller usually stops early)."""
    for p in sorted(_grid(shape.id), key=lambda p: (math.dist(p, centre), p)):
        if _box_inside(shape, (p[0] - width / 2, p[1] - height / 2, p[0] + width / 2, p[1] + height / 2)):
            yield p


def _box_area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _box_inside(shape: Shape, box: Box) -> bool:
    x0, y0, x1, y1 = box
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    return all(
        shape.contains(p)
        for p in ((xm, ym), (x0, y0), (x1, y0), (x0, y1), (x1, y1), (xm, y0), (xm, y1), (x0, ym), (x1, ym))
    )
