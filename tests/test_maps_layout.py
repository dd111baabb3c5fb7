"""Map layouts: Estonia's real shape, organisations around their homes, bands, determinism."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from partnermap import reference
from partnermap.datasets import bundled_dataset
from partnermap.graph import to_multigraph
from partnermap.maps import build
from partnermap.maps.basemap import anchor_point, area_shape
from partnermap.maps.layout import (
    compute_layout,
    estonia_bounds,
    force_layout,
    geo_layout,
    project,
    zoom_factor,
)
from partnermap.synth import synthesize
from tests.maps_fixtures import AS_OF, hostile_graph  # noqa: F401


def where(municipality_id: str) -> tuple[float, float]:
    m = reference.municipality(municipality_id)
    return project(m.lat, m.lon)


@pytest.fixture(scope="module")
def estonia_graph() -> nx.MultiDiGraph:
    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)


@pytest.fixture(scope="module")
def ecosystem(estonia_graph: nx.MultiDiGraph) -> build.MapData:
    return build.ecosystem(estonia_graph, as_of=AS_OF)


def test_projection_keeps_estonia_recognisable() -> None:
    tallinn, tartu = where("municipality:tallinn"), where("municipality:tartu-linn")
    saaremaa, narva = where("municipality:saaremaa-vald"), where("municipality:narva-linn")
    valga, parnu = where("municipality:valga-vald"), where("municipality:parnu-linn")
    assert tallinn[1] < tartu[1]  # Tallinn is north of Tartu (screen y grows southwards)
    assert saaremaa[0] < tallinn[0]  # Saaremaa is west of Tallinn
    assert narva[0] > tartu[0] > parnu[0]  # Narva furthest east, Pärnu west of Tartu
    assert valga[1] > tartu[1]  # Valga is south of Tartu
    # Tallinn-Tartu is ~160 km; west-east extent ~350 km, north-south ~240 km: the shape is wider than tall
    x_min, y_min, x_max, y_max = estonia_bounds()
    assert 1.3 < (x_max - x_min) / (y_max - y_min) < 1.8
    distance = math.dist(tallinn, tartu) / 1000 * 111  # pixels -> degrees of latitude -> km
    assert 140 < distance < 190


def test_municipalities_sit_at_their_centroids(ecosystem: build.MapData) -> None:
    layout = geo_layout(ecosystem)
    at_centroid = 0
    for m in reference.municipalities():
        # the centroid, unless that (approximate) point falls outside the boundary
        assert layout.positions[m.id] == pytest.approx(anchor_point(m.id))
        assert area_shape(m.id).contains(layout.positions[m.id])
        at_centroid += layout.positions[m.id] == pytest.approx(project(m.lat, m.lon))
    assert at_centroid >= 65
    assert len(layout.basemap) == 79


def test_organisations_sit_around_their_home_municipality(ecosystem: build.MapData) -> None:
    layout = geo_layout(ecosystem)
    munis = {m.id: project(m.lat, m.lon) for m in reference.municipalities()}
    for node in ecosystem.nodes.values():
        if node.kind != "organisation" or node.municipality is None:
            continue
        home = munis[node.municipality]
        nearest = min(munis, key=lambda m: math.dist(munis[m], layout.positions[node.id]))
        assert math.dist(home, layout.positions[node.id]) < 400, node.id
        # on the map the organisation is at least as close to its home as to most other municipalities
        ranked = sorted(munis, key=lambda m: math.dist(munis[m], layout.positions[node.id]))
        assert node.municipality in ranked[:6], (node.id, nearest)


def test_national_and_international_bodies_have_bands_of_their_own(ecosystem: build.MapData) -> None:
    layout = geo_layout(ecosystem)
    located_y = [
        layout.positions[n.id][1] for n in ecosystem.nodes.values() if n.municipality and n.kind != "project"
    ]
    national = [n.id for n in ecosystem.nodes.values() if n.kind == "organisation" and n.area == "national"]
    foreign = [
        n.id for n in ecosystem.nodes.values() if n.kind == "organisation" and n.area == "international"
    ]
    assert national and foreign
    national_y = {layout.positions[n][1] for n in national}
    foreign_y = {layout.positions[n][1] for n in foreign}
    assert max(national_y) < min(located_y)  # the national band lies north of everything located
    assert max(foreign_y) < min(national_y)  # the international band north of that
    assert {label.ref for label in layout.labels if label.kind == "band"} >= {"national", "international"}


def test_homeless_local_organisations_go_south(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = build.ecosystem(hostile_graph, as_of=AS_OF)
    layout = geo_layout(data)
    located_y = [layout.positions[n.id][1] for n in data.nodes.values() if n.kind == "municipality"]
    assert layout.positions["org:kodutu"][1] > max(located_y)


def test_networks_without_a_place_sit_among_their_members(estonia_graph: nx.MultiDiGraph) -> None:
    data = build.network(estonia_graph, "network:elvl-koordinaatorite-vorgustik", as_of=AS_OF)
    layout = geo_layout(data)
    x_min, y_min, x_max, y_max = estonia_bounds()
    x, y = layout.positions["network:elvl-koordinaatorite-vorgustik"]
    assert x_min < x < x_max and y_min - 600 < y < y_max


def test_nodes_of_one_municipality_do_not_overlap() -> None:
    ds = synthesize(orgs=400, seed=2)
    data = build.ecosystem(to_multigraph(ds.nodes, ds.relations))
    # sizes at which Tallinn's nodes fit inside Tallinn's boundary (159 km², about 13,000 px²)
    radii = {n: 1.5 + (i % 4) * 0.5 for i, n in enumerate(sorted(data.nodes))}
    layout = geo_layout(data, spacing=3.0, radii=radii)
    tallinn = [
        n.id
        for n in data.nodes.values()
        if n.municipality == "municipality:tallinn" and n.kind != "municipality"
    ]
    assert len(tallinn) >= 50
    for i, a in enumerate(tallinn):
        for b in tallinn[i + 1 :]:
            assert math.dist(layout.positions[a], layout.positions[b]) > radii[a] + radii[b], (a, b)


@pytest.mark.parametrize("name", ["geo", "force"])
def test_layouts_are_deterministic(ecosystem: build.MapData, name: str) -> None:
    first = compute_layout(ecosystem, name, seed=3)
    second = compute_layout(ecosystem, name, seed=3)
    assert first.positions == second.positions
    assert set(first.positions) == set(ecosystem.nodes)
    assert all(math.isfinite(c) for p in first.positions.values() for c in p)


def test_force_layout_depends_on_the_seed_and_spreads_the_nodes(ecosystem: build.MapData) -> None:
    one, two = force_layout(ecosystem, seed=1), force_layout(ecosystem, seed=2)
    assert one.positions != two.positions
    xs = [p[0] for p in one.positions.values()]
    side = 300 + 45 * math.sqrt(len(ecosystem.nodes))
    assert max(xs) - min(xs) == pytest.approx(side, rel=0.05) or max(xs) - min(xs) < side
    assert len({(round(x), round(y)) for x, y in one.positions.values()}) > 0.9 * len(one.positions)


def test_cross_area_force_layout_groups_counties(estonia_graph: nx.MultiDiGraph) -> None:
    data = build.cross_area(estonia_graph, as_of=AS_OF)
    layout = force_layout(data, seed=1)
    assert {label.ref for label in layout.labels} <= {n.area for n in data.nodes.values()}
    geo = geo_layout(data)
    # grouped by county: a county's organisations sit around its centroid
    tartu = reference.county("county:tartu")
    centre = project(tartu.lat, tartu.lon)
    for node in data.nodes.values():
        if node.county == "county:tartu":
            assert math.dist(geo.positions[node.id], centre) < 400


def test_empty_map_and_unknown_layout() -> None:
    empty = build.MapData("ecosystem", {}, [])
    assert force_layout(empty).positions == {}
    assert geo_layout(empty).positions == {}
    with pytest.raises(ValueError, match="unknown layout"):
        compute_layout(empty, "circular")


def test_small_geographic_maps_are_drawn_larger() -> None:
    assert zoom_factor(10, "geo") > zoom_factor(1000, "geo") > zoom_factor(10_000, "geo")
    assert zoom_factor(10, "force") == 1.0
