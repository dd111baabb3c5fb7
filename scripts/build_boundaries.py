"""Build ``partnermap/data/boundaries.json``: Estonia's municipalities, counties and outline,
simplified and quantised for the base maps.

Reads the municipality topology of the Estonian Land Board's administrative division
(EHAK, 01.09.2018; ``scripts/geo/ehak-2018-09-01/topojson/omavalitsus.json``, a copy of
``../shared/geo``; see its README) and writes one small JSON file:

* the shared boundary lines (TopoJSON "arcs"), each simplified once with Douglas-Peucker
  in metres, so that neighbouring municipalities keep exactly the same border and no gap
  or overlap opens between them;
* the 79 municipalities, joined to ``reference.yaml`` **by name** (eight EHAK codes changed
  after 2018), as rings of arc references;
* the 15 counties and the country outline (coast and land border), derived from the same
  arcs: a county's border is the arcs its municipalities do not share with each other.

Islands and parts smaller than ``--min-area`` km² are dropped (a municipality always keeps
its largest part, so Ruhnu and Kihnu stay). Coordinates are quantised to a grid of
``--grid`` metres and delta-encoded. The output depends only on the input and the
parameters (no dates, no dict-order accidents), so a rebuild gives the same bytes;
``tests/test_boundaries.py`` rebuilds it and compares.

Usage::

    .venv/bin/python scripts/build_boundaries.py                   # -> partnermap/data/boundaries.json
    .venv/bin/python scripts/build_boundaries.py --source DIR -o out.json --tolerance 150
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "scripts" / "geo" / "ehak-2018-09-01"  # a copy of ../shared/geo (scripts/geo/README.md)
TARGET = ROOT / "partnermap" / "data" / "boundaries.json"

TOLERANCE_M = 60.0
"""Douglas-Peucker tolerance: no simplified border is further than this from the original."""
GRID_M = 25.0
"""Quantisation step of the output grid (metres, roughly: longitude is scaled at 58.6°)."""
MIN_AREA_KM2 = 0.1
"""Parts (islands) and holes smaller than this are dropped, except a municipality's largest part."""

ATTRIBUTION = {
    "et": "Piirid: Maa-amet, haldus- ja asustusjaotus 01.09.2018",
    "en": "Boundaries: Estonian Land Board, administrative division as of 01.09.2018",
}
_LAT0 = 58.6
_M_PER_DEG_LAT = 111_195.0
_M_PER_DEG_LON = _M_PER_DEG_LAT * math.cos(math.radians(_LAT0))

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The topology's arcs as lists of (lon, lat), undoing its quantisation and deltas."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((tx + x * sx, ty + y * sy))
        arcs.append(points)
    return arcs


def _metres(p: Point) -> Point:
    return (p[0] * _M_PER_DEG_LON, p[1] * _M_PER_DEG_LAT)


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0.0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on points in metres; keeps both ends (iterative, no recursion limit).

    A closed line (first point equals last) is split at the point furthest from its start,
    so an island keeps at least a triangle.
    """
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        far = max(range(1, len(points) - 1), key=lambda i: math.dist(points[0], points[i]))
        first = douglas_peucker(points[: far + 1], tolerance)
        second = douglas_peucker(points[far:], tolerance)
        out = first + second[1:]
        if len(out) < 4:  # a triangle at least: add the point furthest from the chord
            rest = [p for p in points[1:-1] if p not in out]
            if rest:
                extra = max(rest, key=lambda p: _distance_to_segment(p, out[0], out[1]))
                out = [out[0], out[1], extra, out[0]] if len(out) == 3 else out
        return out
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _distance_to_segment(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((start, index))
            stack.append((index, end))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    out: list[Point] = []
    for ref in ring:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def _area_km2(points: list[Point]) -> float:
    metres = [_metres(p) for p in points]
    twice = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(metres, metres[1:] + metres[:1], strict=True))
    return abs(twice) / 2 / 1e6


def _stitch(refs: list[int], ends: list[tuple[Point, Point]]) -> list[list[int]]:
    """Chain directed arcs (``~i`` is arc i reversed) into closed rings, deterministically."""

    def start(ref: int) -> Point:
        return ends[ref][0] if ref >= 0 else ends[~ref][1]

    def end(ref: int) -> Point:
        return ends[ref][1] if ref >= 0 else ends[~ref][0]

    by_start: dict[Point, list[int]] = defaultdict(list)
    for ref in sorted(refs, key=lambda r: (r if r >= 0 else ~r, r < 0)):
        by_start[start(ref)].append(ref)
    used: set[int] = set()
    rings = []
    for first in sorted(refs, key=lambda r: (r if r >= 0 else ~r, r < 0)):
        if first in used:
            continue
        ring = [first]
        used.add(first)
        while end(ring[-1]) != start(first):
            candidates = [r for r in by_start[end(ring[-1])] if r not in used]
            if not candidates:
                raise ValueError(f"cannot close a ring at arc {ring[-1]}")
            ring.append(candidates[0])
            used.add(candidates[0])
        rings.append(ring)
    return rings


def _merge(polygons: list[list[list[int]]], ends: list[tuple[Point, Point]]) -> list[list[int]]:
    """The outline of several polygons (rings of arc refs): arcs used once among them."""
    count: dict[int, int] = defaultdict(int)
    refs: dict[int, int] = {}
    for rings in polygons:
        for ring in rings:
            for ref in ring:
                arc = ref if ref >= 0 else ~ref
                count[arc] += 1
                refs[arc] = ref
    return _stitch([refs[a] for a in sorted(count) if count[a] == 1], ends)


def _quantise(arc: list[Point], origin: Point, step: tuple[float, float]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lon, lat in arc:
        q = (round((lon - origin[0]) / step[0]), round((lat - origin[1]) / step[1]))
        if not out or q != out[-1]:
            out.append(q)
    return out


def build(source: Path, reference_yaml: Path, *, tolerance: float, grid: float, min_area: float) -> str:
    """The boundaries file's text, from the topology in ``source`` and the reference data."""
    topology = json.loads((source / "topojson" / "omavalitsus.json").read_text("utf-8"))
    reference = yaml.safe_load(reference_yaml.read_text("utf-8"))
    muni_ids = {row["name"]: row["id"] for row in reference["municipalities"]}
    muni_county = {row["id"]: row["county"] for row in reference["municipalities"]}
    county_ids = {row["id"] for row in reference["counties"]}
    arcs = decode_arcs(topology)

    geometries = topology["objects"]["omavalitsus"]["geometries"]
    names = [g["properties"]["ONIMI"] for g in geometries]
    unknown = sorted(n for n in names if n not in muni_ids)
    missing = sorted(set(muni_ids) - set(names))
    if unknown or missing:
        raise SystemExit(f"names do not join: unknown {unknown}, missing {missing}")

    # which parts to keep: by area of the original rings
    municipalities: dict[str, list[list[int]]] = {}
    for geometry, name in zip(geometries, names, strict=True):
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        areas = [_area_km2(_ring_points(polygon[0], arcs)) for polygon in polygons]
        largest = max(range(len(polygons)), key=lambda i: areas[i])
        rings: list[list[int]] = []
        for i, polygon in enumerate(polygons):
            if areas[i] < min_area and i != largest:
                continue
            rings.append(polygon[0])
            rings.extend(hole for hole in polygon[1:] if _area_km2(_ring_points(hole, arcs)) >= min_area)
        municipalities[muni_ids[name]] = rings

    # simplify every arc that is still used, once
    used = sorted(
        {ref if ref >= 0 else ~ref for rings in municipalities.values() for r in rings for ref in r}
    )
    renumber = {old: new for new, old in enumerate(used)}
    lon0 = min(p[0] for a in used for p in arcs[a])
    lat0 = min(p[1] for a in used for p in arcs[a])
    origin = (math.floor(lon0 * 100) / 100, math.floor(lat0 * 100) / 100)
    step = (grid / _M_PER_DEG_LON, grid / _M_PER_DEG_LAT)
    out_arcs: list[list[tuple[int, int]]] = []
    for a in used:
        simplified = douglas_peucker([_metres(p) for p in arcs[a]], tolerance)
        lonlat = [(x / _M_PER_DEG_LON, y / _M_PER_DEG_LAT) for x, y in simplified]
        q = _quantise(lonlat, origin, step)
        if len(q) < 2:
            q = q * 2
        out_arcs.append(q)

    def renum(ref: int) -> int:
        return renumber[ref] if ref >= 0 else ~renumber[~ref]

    def solid(ring: list[int]) -> bool:  # a ring quantisation has not collapsed to a line or point
        points = {p for ref in ring for p in out_arcs[ref if ref >= 0 else ~ref]}
        return len(points) >= 3

    municipalities = {
        m: [ring for ring in ([renum(r) for r in ring] for ring in rings) if solid(ring)]
        for m, rings in municipalities.items()
    }
    ends = [(arc[0], arc[-1]) for arc in out_arcs]
    ends_f = [((float(a[0]), float(a[1])), (float(b[0]), float(b[1]))) for a, b in ends]
    by_county: dict[str, list[list[list[int]]]] = defaultdict(list)
    for m, rings in municipalities.items():
        by_county[muni_county[m]].append(rings)
    if set(by_county) != county_ids:
        raise SystemExit(f"counties do not join: {sorted(set(by_county) ^ county_ids)}")
    counties = {c: [r for r in _merge(by_county[c], ends_f) if solid(r)] for c in sorted(by_county)}
    country = [r for r in _merge(list(municipalities.values()), ends_f) if solid(r)]

    def delta(arc: list[tuple[int, int]]) -> list[int]:
        flat: list[int] = []
        px = py = 0
        for x, y in arc:
            flat += [x - px, y - py]
            px, py = x, y
        return flat

    document = {
        "format": "partnermap-boundaries/1",
        "source": "Maa-amet (Estonian Land Board), Eesti haldus- ja asustusjaotus, 01.09.2018 "
        "(EHAK; GeoJSON/TopoJSON by buildig/EHAK, tag 20180901)",
        "attribution": ATTRIBUTION,
        "params": {"tolerance_m": tolerance, "grid_m": grid, "min_area_km2": min_area},
        "transform": {"origin": list(origin), "step": [round(step[0], 12), round(step[1], 12)]},
        "arcs": [delta(arc) for arc in out_arcs],
        "municipalities": {m: municipalities[m] for m in sorted(municipalities)},
        "counties": counties,
        "country": country,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the ehak-2018-09-01 folder")
    parser.add_argument("-o", "--output", type=Path, default=TARGET, help="the file to write")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_M, help="Douglas-Peucker tolerance (m)")
    parser.add_argument("--grid", type=float, default=GRID_M, help="quantisation step (m)")
    parser.add_argument("--min-area", type=float, default=MIN_AREA_KM2, help="smallest part kept (km²)")
    args = parser.parse_args(argv)
    text = build(
        args.source,
        ROOT / "partnermap" / "data" / "reference.yaml",
        tolerance=args.tolerance,
        grid=args.grid,
        min_area=args.min_area,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(text.encode('utf-8')):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
