"""Where each node of a map goes: a geographic layout and a precomputed force layout.

Positions are screen coordinates in pixels (``y`` grows downwards, as on a canvas). They
are computed here, once, so the browser runs no physics when a map opens.

Geographic layout (:func:`geo_layout`)
    Municipalities sit at their centroids, projected equirectangularly with the longitude
    scaled by ``cos(58.6°)``, so Estonia has its real shape. Organisations, and networks
    and projects that have a place, sit on a sunflower spiral around their home
    municipality (or county, for maps grouped by county). National bodies get a band of
    their own north of the mainland, international ones another band above that, and
    organisations without a known place a band south of it. Networks and projects without
    a place sit at the centre of gravity of their neighbours.

Force layout (:func:`force_layout`)
    Fruchterman-Reingold (python-igraph, fast enough for tens of thousands of nodes),
    started from the geographic layout and seeded, so the same map always gets the same
    picture. Maps grouped by county pull each county's organisations together.

Examples
--------
>>> x_tallinn, y_tallinn = project(59.437, 24.745)
>>> x_tartu, y_tartu = project(58.378, 26.729)
>>> y_tallinn < y_tartu and x_tallinn < x_tartu   # north-west of Tartu
True
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

import igraph

from partnermap import reference
from partnermap.maps.basemap import anchor_point, area_shape, inside_spiral
from partnermap.maps.build import MapData, MapNode
from partnermap.maps.options import LAYOUTS, LayoutName

__all__ = [
    "LAT0",
    "LAYOUTS",
    "LON0",
    "SCALE",
    "Label",
    "Layout",
    "LayoutName",
    "Point",
    "compute_layout",
    "estonia_bounds",
    "force_layout",
    "geo_layout",
    "project",
    "zoom_factor",
]

Point = tuple[float, float]

LAT0 = 58.6
"""Latitude (degrees) of the projection's centre; longitudes are scaled by its cosine."""
LON0 = 25.0
SCALE = 1000.0
"""Pixels per degree of latitude (about 9 px per km)."""
_COS0 = math.cos(math.radians(LAT0))
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))

_BANDS = ("international", "national", "unknown")


@dataclass(frozen=True)
class Label:
    """Text drawn behind the graph: a county's name or a band's title.

    ``kind`` is ``"county"`` (``ref`` a county id) or ``"band"`` (``ref`` the band:
    national, international, unknown); the page writes it in its language, ``size``
    pixels high on the screen whatever the zoom.
    """

    kind: Literal["county", "band"]
    ref: str
    x: float
    y: float
    size: float
    align: Literal["left", "center"] = "center"


@dataclass(frozen=True)
class Layout:
    """Positions of a map's nodes, the labels drawn behind them, and the base map: the
    municipalities' centroids, drawn as faint dots so Estonia's outline shows on every
    geographic map."""

    name: LayoutName
    positions: dict[str, Point]
    labels: tuple[Label, ...] = ()
    basemap: tuple[Point, ...] = ()


def project(lat: float, lon: float) -> Point:
    """Screen position of a point on the map of Estonia (equirectangular, y downwards).

    Examples
    --------
    >>> project(58.6, 25.0)
    (0.0, -0.0)
    """
    return ((lon - LON0) * _COS0 * SCALE, -(lat - LAT0) * SCALE)


@cache
def _municipality_points() -> dict[str, Point]:
    # the centroid, or the nearest point inside the boundary where the centroid falls outside
    return {m.id: anchor_point(m.id) for m in reference.municipalities()}


@cache
def _county_points() -> dict[str, Point]:
    return {c.id: anchor_point(c.id) for c in reference.counties()}


@cache
def estonia_bounds() -> tuple[float, float, float, float]:
    """``(x_min, y_min, x_max, y_max)`` of the municipalities' projected centroids."""
    xs = [p[0] for p in _municipality_points().values()]
    ys = [p[1] for p in _municipality_points().values()]
    return min(xs), min(ys), max(xs), max(ys)


def zoom_factor(nodes: int, layout: str) -> float:
    """How much bigger than the base sizes a map's nodes, labels and spacing are drawn.

    A geographic map spans all of Estonia (about 3400 x 2200 px) whatever its size, so a
    small one is drawn large enough to read when it first opens; big maps are meant to be
    zoomed into. Force layouts grow with the number of nodes and need no factor.

    Examples
    --------
    >>> zoom_factor(40, "geo"), zoom_factor(800, "geo"), zoom_factor(10_000, "geo"), zoom_factor(40, "force")
    (2.5, 1.6, 1.0, 1.0)
    """
    if layout != "geo":
        return 1.0
    if nodes <= 250:
        return 2.5
    return 1.6 if nodes <= 1500 else 1.0


def compute_layout(
    data: MapData, name: str = "geo", *, seed: int = 1, radii: Mapping[str, float] | None = None
) -> Layout:
    """The layout called ``name`` (``"geo"`` or ``"force"``) of a map."""
    if name == "geo":
        return geo_layout(data, radii=radii)
    if name == "force":
        return force_layout(data, seed=seed)
    raise ValueError(f"unknown layout {name!r}: use one of {', '.join(LAYOUTS)}")


# --------------------------------------------------------------------------- geographic

_KIND_ORDER = {"organisation": 0, "network": 1, "project": 2, "target_group": 3, "indicator": 4}
_ORG_ORDER = {"municipal_government": 0, "leader_action_group": 1}


def _order(node: MapNode, degree: int) -> tuple[int, int, int, str]:
    return (
        _KIND_ORDER.get(node.kind, 5),
        _ORG_ORDER.get(str(node.attrs.get("org_kind")), 2),
        -degree,
        node.id,
    )


def _spiral(centre: Point, radii: list[float], *, inner: float, pad: float) -> list[Point]:
    """Points on a sunflower spiral around ``centre``, one per radius, packed by area.

    The ``i``-th point lies at ``inner + pad * sqrt(r_0² + ... + r_i²)`` from the centre (for
    equal radii: the familiar ``sqrt(i)`` spiral), at the golden angle from the last.
    """
    cx, cy = centre
    out = []
    area = 0.0
    for i, radius in enumerate(radii):
        area += radius * radius
        distance = inner + pad * math.sqrt(area - radius * radius / 2)
        angle = i * _GOLDEN - math.pi / 2
        out.append((cx + distance * math.cos(angle), cy + distance * math.sin(angle)))
    return out


class _Grid:
    """Square cells taken by placed nodes, to find the nearest free spot quickly.

    A node takes every cell whose centre lies within its radius (and at least its own
    cell); a free spot for a node of radius r is a cell whose neighbourhood of radius r
    is untaken. The search walks outwards ring by ring, so a crowded place costs a few
    thousand set lookups, not a scan of everything placed.
    """

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.taken: set[tuple[int, int]] = set()

    def _key(self, p: Point) -> tuple[int, int]:
        return (math.floor(p[0] / self.cell), math.floor(p[1] / self.cell))

    def _disc(self, radius: float) -> list[tuple[int, int]]:
        reach = max(0, math.ceil(radius / self.cell - 0.5))
        return [
            (dx, dy)
            for dx in range(-reach, reach + 1)
            for dy in range(-reach, reach + 1)
            if math.hypot(dx, dy) * self.cell <= radius + self.cell / 2
        ]

    def add(self, p: Point, radius: float) -> None:
        kx, ky = self._key(p)
        self.taken.update((kx + dx, ky + dy) for dx, dy in self._disc(radius))

    def nearest_free(self, p: Point, radius: float, rings: int = 12) -> Point | None:
        """The free spot nearest ``p`` within ``rings`` cells, or None if all are taken."""
        kx, ky = self._key(p)
        disc = self._disc(radius)
        taken = self.taken
        for ring in range(rings + 1):
            for dx, dy in _ring(ring):
                cx, cy = kx + dx, ky + dy
                if (cx, cy) in taken:
                    continue
                if all((cx + ox, cy + oy) not in taken for ox, oy in disc):
                    return p if ring == 0 else ((cx + 0.5) * self.cell, (cy + 0.5) * self.cell)
        return None


@cache
def _ring(r: int) -> tuple[tuple[int, int], ...]:
    """The cells at Chebyshev distance ``r`` from the origin, nearest first."""
    cells = [(x, y) for x in range(-r, r + 1) for y in range(-r, r + 1) if max(abs(x), abs(y)) == r]
    return tuple(sorted(cells, key=lambda c: (math.hypot(*c), c)))


def geo_layout(
    data: MapData, *, spacing: float | None = None, radii: Mapping[str, float] | None = None
) -> Layout:
    """Municipalities at their real places, everything else around them or in bands.

    Parameters
    ----------
    data : MapData
    spacing : float, optional
        The basic distance between neighbouring nodes, in pixels; by default
        ``14 * zoom_factor(len(data.nodes), "geo")`` (small maps get bigger nodes).
    radii : mapping, optional
        Drawn radius of each node (default ``spacing / 2``), so that big nodes get room.

    Returns
    -------
    Layout
        Deterministic: the same map always gets the same positions.
    """
    spacing = spacing or 14.0 * zoom_factor(len(data.nodes), "geo")
    radius_of = {n: (radii or {}).get(n, spacing / 2) for n in data.nodes}
    munis, counties = _municipality_points(), _county_points()
    neighbours = data.neighbours()
    degree = {n: len(v) for n, v in neighbours.items()}
    positions: dict[str, Point] = {}
    groups: dict[str, list[MapNode]] = defaultdict(list)
    bands: dict[str, list[MapNode]] = {band: [] for band in _BANDS}
    floating: list[MapNode] = []
    by_county = data.anchor == "county"

    for node in sorted(data.nodes.values(), key=lambda n: n.id):
        if node.kind == "municipality" and not by_county:
            positions[node.id] = munis.get(node.id) or counties.get(node.county or "", (0.0, 0.0))
            continue
        if node.kind == "county":
            positions[node.id] = counties.get(node.id, (0.0, 0.0))
            continue
        anchor = node.county if by_county else (node.municipality or node.county)
        if anchor and (anchor in munis or anchor in counties):
            groups[anchor].append(node)
        elif node.kind == "organisation":
            bands[node.area if node.area in _BANDS else "unknown"].append(node)
        else:
            floating.append(node)

    for anchor, members in sorted(groups.items()):
        centre = munis.get(anchor) or counties[anchor]
        inner = 0.0 if by_county or anchor in counties else spacing
        members.sort(key=lambda n: _order(n, degree.get(n.id, 0)))
        sizes = [max(radius_of[n.id], spacing / 2) for n in members]
        # inside the area's boundary: a spiral that skips what lies outside (the coast, a neighbour)
        points = inside_spiral(centre, sizes, inner=inner, pad=2.2, shape=area_shape(anchor))
        for node, point in zip(members, points, strict=True):
            positions[node.id] = point

    if by_county:
        labels = _cluster_labels(groups, positions, spacing)
    else:
        labels = [Label("county", c, p[0], p[1], 17.0) for c, p in sorted(counties.items())]
    labels += _place_bands(bands, positions, spacing, radius_of, ("national", "international"))

    # networks and projects without a place: the centre of gravity of their neighbours
    pending = sorted(floating, key=lambda n: n.id)
    for _ in range(4):
        still = []
        for node in pending:
            placed = [positions[m] for m in sorted(neighbours.get(node.id, ())) if m in positions]
            if placed:
                positions[node.id] = (
                    sum(p[0] for p in placed) / len(placed),
                    sum(p[1] for p in placed) / len(placed),
                )
            else:
                still.append(node)
        if len(still) == len(pending):
            break
        pending = still
    placed_floating = [n for n in floating if n.id in positions]
    bands["unknown"].extend(pending)

    grid = _Grid(spacing)
    floating_ids = {n.id for n in placed_floating}
    for node_id, point in positions.items():
        if node_id not in floating_ids:
            grid.add(point, radius_of[node_id])
    for i, node in enumerate(sorted(placed_floating, key=lambda n: (-degree.get(n.id, 0), n.id))):
        room = radius_of[node.id] + spacing * 0.5
        free = grid.nearest_free(positions[node.id], room)
        if free is None:  # a crowded place: stay near the centre of gravity, a little apart
            x, y = positions[node.id]
            free = (x + spacing * math.cos(i * _GOLDEN), y + spacing * math.sin(i * _GOLDEN))
        positions[node.id] = free
        grid.add(free, room)

    labels += _place_bands(bands, positions, spacing, radius_of, ("unknown",))
    return Layout("geo", positions, tuple(labels), tuple(munis.values()))


def _cluster_labels(
    groups: dict[str, list[MapNode]], positions: dict[str, Point], spacing: float
) -> list[Label]:
    labels = []
    for anchor, members in sorted(groups.items()):
        if not anchor.startswith("county:") or not members:
            continue
        xs = [positions[n.id][0] for n in members if n.id in positions]
        ys = [positions[n.id][1] for n in members if n.id in positions]
        if xs:
            labels.append(Label("county", anchor, sum(xs) / len(xs), min(ys) - 2 * spacing, 16.0))
    return labels


def _place_bands(
    bands: dict[str, list[MapNode]],
    positions: dict[str, Point],
    spacing: float,
    radius_of: Mapping[str, float],
    which: tuple[str, ...],
) -> list[Label]:
    """Lay the bands out in rows: national and international north of everything placed
    so far (international furthest), ``unknown`` south of it."""
    x_min, y_min, x_max, y_max = estonia_bounds()
    if positions:
        y_min = min(y_min, *(p[1] for p in positions.values()))
        y_max = max(y_max, *(p[1] for p in positions.values()))
    biggest = max((radius_of[n.id] for band in which for n in bands[band]), default=0.0)
    step = max(spacing * 3.2, biggest * 2.4)
    columns = max(1, int((x_max - x_min) // step) + 1)
    margin = spacing * 6 + biggest
    title = spacing * 2.4 + biggest * 0.6  # above the row's biggest node, not behind it
    labels: list[Label] = []
    top = y_min - margin
    for band in ("national", "international"):
        members = sorted(bands[band], key=lambda n: (n.category, n.name.casefold(), n.id))
        if band not in which or not members:
            continue
        rows = math.ceil(len(members) / columns)
        for i, node in enumerate(members):
            row, column = divmod(i, columns)
            positions[node.id] = (x_min + column * step, top - (rows - 1 - row) * step)
        band_top = top - (rows - 1) * step
        labels.append(Label("band", band, x_min - step / 2, band_top - title, 15.0, "left"))
        top = band_top - margin - title
    members = sorted(bands["unknown"], key=lambda n: (n.category, n.name.casefold(), n.id))
    if "unknown" in which and members:
        start = y_max + margin + title
        for i, node in enumerate(members):
            row, column = divmod(i, columns)
            positions[node.id] = (x_min + column * step, start + row * step)
        labels.append(Label("band", "unknown", x_min - step / 2, start - title, 15.0, "left"))
    return labels


# --------------------------------------------------------------------------- force


def force_layout(data: MapData, *, seed: int = 1, iterations: int | None = None) -> Layout:
    """Fruchterman-Reingold positions, started from the geographic layout.

    Parameters
    ----------
    data : MapData
    seed : int
        Seed of the random numbers the algorithm draws; same seed, same layout.
    iterations : int, optional
        Default 500 (300 for maps of more than 3000 nodes).

    Returns
    -------
    Layout
        Scaled so that the picture's longer side is about ``300 + 45 * sqrt(n)`` pixels.
    """
    ids = sorted(data.nodes)
    if not ids:
        return Layout("force", {})
    index = {node: i for i, node in enumerate(ids)}
    start = geo_layout(data).positions
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for edge in data.edges:
        edges.append((index[edge.source], index[edge.target]))
        weights.append(0.5 if edge.location else min(4.0, edge.weight or 1.0))
    seeds = [list(start.get(node, (0.0, 0.0))) for node in ids]
    if data.anchor == "county":
        hubs: dict[str, int] = {}
        for node in ids:
            area = data.nodes[node].area
            if area not in hubs:
                hubs[area] = len(ids) + len(hubs)
                seeds.append(list(start.get(node, (0.0, 0.0))))
            edges.append((index[node], hubs[area]))
            weights.append(3.0)
    spread = max(1.0, *(abs(c) for p in seeds for c in p))
    size = math.sqrt(len(seeds))
    seeds = [[x / spread * size, y / spread * size] for x, y in seeds]
    graph = igraph.Graph(n=len(seeds), edges=edges)
    niter = iterations or (300 if len(ids) > 3000 else 500)
    previous: object = random
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = graph.layout_fruchterman_reingold(
            weights=weights or None, niter=niter, seed=seeds, grid="auto"
        ).coords
    finally:
        igraph.set_random_number_generator(previous)
    points = coords[: len(ids)]
    positions = _fit(points, ids, side=300.0 + 45.0 * math.sqrt(len(ids)))
    labels: tuple[Label, ...] = ()
    if data.anchor == "county":
        groups: dict[str, list[MapNode]] = defaultdict(list)
        for item in data.nodes.values():
            groups[item.area].append(item)
        labels = tuple(_cluster_labels(groups, positions, 14.0))
    return Layout("force", positions, labels)


def _fit(points: Iterable[list[float]], ids: list[str], side: float) -> dict[str, Point]:
    pts = [(float(p[0]), float(p[1])) for p in points]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    factor = side / extent
    return {
        node: (round((x - cx) * factor, 2), round((y - cy) * factor, 2))
        for node, (x, y) in zip(ids, pts, strict=True)
    }
