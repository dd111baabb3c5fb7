"""The bundled boundaries: repeatable build, joined by name, every area a polygon, small.

The build reads the Land Board's topology in ``scripts/geo/`` (a copy of ``../shared/geo/``); the
loader lives in ``partnermap.reference``; the geographic layout puts every node that has a
place inside its area's boundary.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import networkx as nx
import pytest

from partnermap import reference
from partnermap.datasets import bundled_dataset
from partnermap.graph import to_multigraph
from partnermap.maps import Map, build, ecosystem_map, network_map
from partnermap.maps.basemap import anchor_point, area_shape, attribution
from partnermap.maps.i18n import text
from partnermap.maps.labels import Fixed, candidate_box, text_height, text_width
from partnermap.maps.layout import geo_layout, project
from partnermap.synth import synthesize

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "scripts" / "geo" / "ehak-2018-09-01"  # a copy of ../shared/geo (scripts/geo/README.md)
DATA = ROOT / "partnermap" / "data"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_boundaries", ROOT / "scripts" / "build_boundaries.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_rebuilding_gives_the_same_bytes(tmp_path: Path) -> None:
    builder = _builder()
    target = tmp_path / "boundaries.json"
    assert builder.main(["--source", str(SOURCE), "-o", str(target)]) == 0
    assert target.read_bytes() == (DATA / "boundaries.json").read_bytes()
    # other parameters, other bytes: the comparison above could fail
    assert builder.main(["--source", str(SOURCE), "-o", str(target), "--tolerance", "500"]) == 0
    assert target.read_bytes() != (DATA / "boundaries.json").read_bytes()
    assert len(target.read_bytes()) < len((DATA / "boundaries.json").read_bytes())


def test_all_layers_together_are_small() -> None:
    assert (DATA / "boundaries.json").stat().st_size <= 300_000


def test_every_municipality_and_county_joined_by_name_has_a_polygon() -> None:
    shapes = reference.boundaries()
    municipalities = {m.id for m in reference.municipalities()}
    counties = {c.id for c in reference.counties()}
    assert set(shapes) == municipalities | counties | {reference.COUNTRY}
    assert len(municipalities) == 79 and len(counties) == 15
    for key, shape in shapes.items():
        assert shape.rings, key
        for ring in shape.rings:
            assert len(ring) >= 4 and ring[0] == ring[-1], key
    # the join is by name: every EHAK name of 2018 is a reference name, with the same area
    by_name = {m.name: m.id for m in reference.municipalities()}
    with (SOURCE / "csv" / "omavalitsus.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 79
    for row in rows:
        key = by_name[row["ONIMI"]]
        km2 = float(row["AREA"]) / 1e6
        assert _area_km2(shapes[key]) == pytest.approx(km2, rel=0.06, abs=3.0), row["ONIMI"]


def _area_km2(boundary: reference.Boundary) -> float:
    """Area by the even-odd rule (holes subtract), in km², from degrees at each ring's latitude."""
    total = 0.0
    for ring in boundary.rings:
        lat = sum(p[1] for p in ring) / len(ring)
        kx, ky = 111.195 * math.cos(math.radians(lat)), 111.195
        signed = sum(
            (a[0] * kx) * (b[1] * ky) - (b[0] * kx) * (a[1] * ky) for a, b in itertools.pairwise(ring)
        )
        hole = any(other is not ring and reference.ring_contains(other, *ring[0]) for other in boundary.rings)
        total += abs(signed) / 2 * (-1 if hole else 1)
    return total


def test_islands_holes_and_the_coast() -> None:
    b = reference.boundaries()
    assert b["municipality:ruhnu-vald"].contains(23.25, 57.80)  # an island municipality
    assert b["municipality:kihnu-vald"].contains(23.98, 58.13)
    assert b["municipality:hiiumaa-vald"].contains(22.75, 58.90)
    assert b["municipality:saaremaa-vald"].contains(22.50, 58.30)
    assert b["county:saare"].contains(23.25, 57.80)  # Ruhnu belongs to Saare county
    # Rakvere linn lies inside Rakvere vald's outline but not in Rakvere vald: a hole
    assert b["municipality:rakvere-linn"].contains(26.355, 59.347)
    assert not b["municipality:rakvere-vald"].contains(26.355, 59.347)
    assert b[reference.COUNTRY].contains(24.75, 59.43)  # Tallinn
    assert not b[reference.COUNTRY].contains(24.0, 59.7)  # the Gulf of Finland
    assert not b[reference.COUNTRY].contains(28.5, 58.5)  # Russia


def test_attribution_is_the_same_everywhere() -> None:
    for lang in ("et", "en"):
        assert attribution(lang) == text(lang, "boundaries") == reference.BOUNDARY_ATTRIBUTION[lang]
    for readme_path in (DATA / "README.md", ROOT / "visuals" / "README.md"):
        readme = readme_path.read_text("utf-8")
        assert all(words in readme for words in reference.BOUNDARY_ATTRIBUTION.values()), readme_path


def test_projection_of_the_shapes_matches_the_layout() -> None:
    shape = area_shape("municipality:tartu-linn")
    assert shape.contains(project(58.378, 26.729))  # Tartu town hall square
    assert not shape.contains(project(59.437, 24.745))  # Tallinn
    for m in reference.municipalities():
        assert area_shape(m.id).contains(anchor_point(m.id)), m.id
    for c in reference.counties():
        assert area_shape(c.id).contains(anchor_point(c.id)), c.id


def _home(node: build.MapNode, by_county: bool) -> str | None:
    if node.kind in ("municipality", "county"):
        return node.id
    return node.county if by_county else (node.municipality or node.county)


def _outside(data: build.MapData) -> tuple[int, list[str]]:
    """How many nodes have a place, and those not inside its boundary in the geographic layout
    (a map grouped by county places organisations in their county)."""
    by_county = data.anchor == "county"
    positions = geo_layout(data).positions
    homes = {n.id: _home(n, by_county) for n in data.nodes.values()}
    placed = [n for n, home in homes.items() if home]
    return len(placed), [n for n in placed if not area_shape(str(homes[n])).contains(positions[n])]


def test_every_node_with_a_place_sits_inside_it_bundled() -> None:
    ds = bundled_dataset()
    G = to_multigraph(ds.nodes, ds.relations)
    placed, outside = _outside(build.ecosystem(G))
    assert placed > 79 + 15 and outside == []
    placed, outside = _outside(build.network(G, "network:elvl-koordinaatorite-vorgustik"))
    assert placed >= 8 and outside == []


@pytest.fixture(scope="module")
def synth_graph() -> nx.MultiDiGraph:
    ds = synthesize(orgs=1500, seed=4)
    return to_multigraph(ds.nodes, ds.relations)


def test_every_node_with_a_place_sits_inside_it_synthetic(synth_graph: nx.MultiDiGraph) -> None:
    placed, outside = _outside(build.ecosystem(synth_graph))
    assert placed > 1000 and outside == []
    # grouped by county (the cross-area map): inside the county
    placed, outside = _outside(build.cross_area(synth_graph))
    assert placed > 500 and outside == []


def _outside_drawn(made: Map) -> tuple[int, list[str]]:
    """As :func:`_outside`, for the positions the page draws: after overlap removal
    (:func:`partnermap.maps.render.untangle`), which must keep every node in its place."""
    by_county = made.data.anchor == "county"
    homes = {n.id: _home(n, by_county) for n in made.data.nodes.values()}
    placed = [n for n, home in homes.items() if home]
    positions = made.layout.positions
    return len(placed), [n for n in placed if not area_shape(str(homes[n])).contains(positions[n])]


def test_overlap_removal_keeps_every_node_inside_its_place(synth_graph: nx.MultiDiGraph) -> None:
    ds = bundled_dataset()
    G = to_multigraph(ds.nodes, ds.relations)
    placed, outside = _outside_drawn(ecosystem_map(G))
    assert placed > 79 + 15 and outside == []
    for group in (
        "network:loimumiskoda",
        "network:rakvere-osaluskogu",
        "network:elvl-koordinaatorite-vorgustik",
    ):
        placed, outside = _outside_drawn(network_map(G, group))  # small maps: big nodes, little room
        assert placed >= 5 and outside == [], group
    placed, outside = _outside_drawn(ecosystem_map(synth_graph))
    assert placed > 1000 and outside == []


def test_county_names_lie_inside_their_county_clear_of_every_node_and_label() -> None:
    ds = bundled_dataset()
    made = ecosystem_map(to_multigraph(ds.nodes, ds.relations))
    geo = json.loads(
        re.search(r'<script type="application/json" id="pm-geo">(.*?)</script>', made.html, re.S)[1]
    )
    data = json.loads(
        re.search(r'<script type="application/json" id="pm-data">(.*?)</script>', made.html, re.S)[1]
    )
    names = geo["countyNames"]
    assert sorted(n["ref"] for n in names) == sorted(c.id for c in reference.counties())
    assert not any(label["text"].endswith("maakond") for label in data["labels"])  # not drawn twice
    boxes = []
    for name in names:
        width, height = len(name["text"]) * 0.7 * name["size"], name["size"] * 1.2
        box = (name["x"] - width / 2, name["y"] - height / 2, name["x"] + width / 2, name["y"] + height / 2)
        shape = area_shape(name["ref"])
        assert all(
            shape.contains(p)
            for p in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))
        )
        for node in data["nodes"]:  # no node's disc reaches into a name
            nearest = (min(max(node["x"], box[0]), box[2]), min(max(node["y"], box[1]), box[3]))
            assert math.dist(nearest, (node["x"], node["y"])) > node["size"], (name["text"], node["id"])
        assert not any(_overlaps(box, other) for other in boxes), name["text"]
        boxes.append(box)
    # the node labels, placed after the names, keep clear of them (and of the band titles)
    # at every zoom from which each label shows: both shrink on the canvas as one zooms in
    caps = geo["caps"]
    fixed = [
        Fixed(n["x"], n["y"], text_width(n["text"], n["size"], bold=True), text_height(n["size"]),
              cap=caps["county"], size=n["size"])
        for n in names
    ] + [
        Fixed(n["x"], n["y"], text_width(n["text"], n["size"], bold=True), text_height(n["size"]),
              left=True, cap=caps["band"], size=n["size"])
        for n in geo["bandNames"]
    ]  # fmt: skip
    labels = data["placed"]["labels"]
    assert len(labels) > 50
    for index, words, size, bold, candidate, since in labels:
        node = data["nodes"][index]
        w, h = text_width(words, size, bold=bool(bold)), text_height(size)
        for scale in (since, since * 2, since * 8):
            box = candidate_box(node["x"], node["y"], node["size"], w, h, candidate=candidate, scale=scale)
            assert not any(_overlaps(box, f.box(scale)) for f in fixed), (words, scale)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
