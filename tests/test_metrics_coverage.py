"""Coverage of networks and programmes: municipalities and counties reached, presence, overlap."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from partnermap.datasets import with_reference
from partnermap.graph import home_areas, to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.coverage import (
    area_reach,
    coverage,
    coverage_all,
    municipality_presence,
    network_overlap,
)
from partnermap.model import Dataset, Network, Organisation, Relation

SRC = ["t#1"]


@pytest.fixture(scope="module")
def bundled(estonia: Dataset) -> nx.MultiDiGraph:
    return to_multigraph(estonia.nodes, estonia.relations)


def test_coordinator_network_reach(bundled: nx.MultiDiGraph) -> None:
    c = coverage(bundled, "network:elvl-koordinaatorite-vorgustik")
    assert c.municipality_total == 79 and c.county_total == 15
    assert "municipality:kohtla-jarve-linn" in c.municipalities_reached
    assert "municipality:tallinn" in c.municipalities_reached
    assert len(c.municipalities_reached) + len(c.municipalities_not_reached) == 79
    assert len(c.counties_reached) + len(c.counties_not_reached) == 15
    assert "county:voru" in c.counties_not_reached
    assert c.national_members == 1  # ELVL, the convener: counted apart, reaches no municipality
    json.dumps(to_jsonable(coverage_all(bundled)), allow_nan=False)


def test_project_reach_and_presence(bundled: nx.MultiDiGraph) -> None:
    c = coverage(bundled, "project:koosloomest-koostooni")
    # two LEADER groups located in their counties, in no particular municipality
    assert c.counties_reached == ["county:tartu", "county:voru"] and c.municipalities_reached == []
    presence = {p.municipality: p for p in municipality_presence(bundled)}
    assert len(presence) == 79
    assert "project:tat-loimumine-2025" in presence["municipality:kohtla-jarve-linn"].projects
    assert (
        presence["municipality:ruhnu-vald"].networks == []
        and presence["municipality:ruhnu-vald"].projects == []
    )
    # home areas computed once elsewhere (the report shares them) give the same answers
    homes = home_areas(bundled)
    assert municipality_presence(bundled, homes=homes) == municipality_presence(bundled)
    assert coverage_all(bundled, homes=homes) == coverage_all(bundled)


def small() -> nx.MultiDiGraph:
    # net:a has members x (Tallinn), y (Tallinn), n (national); net:b has y and z (Tartu).
    # Jaccard(a, b) = |{y}| / |{x, y, n, z}| = 1/4; municipalities: {tallinn} vs {tallinn, tartu} -> 1/2
    nodes = [
        Organisation(id="org:x", name="X", org_kind="ngo", sector="non_profit", sources=SRC),
        Organisation(id="org:y", name="Y", org_kind="ngo", sector="non_profit", sources=SRC),
        Organisation(id="org:z", name="Z", org_kind="ngo", sector="non_profit", sources=SRC),
        Organisation(
            id="org:n", name="N", org_kind="ministry", sector="public", scope="national", sources=SRC
        ),
        Network(id="network:a", name="A", sources=SRC),
        Network(id="network:b", name="B", sources=SRC),
        Network(id="network:empty", name="Empty", sources=SRC),
    ]
    rels = [
        Relation(kind="located_in", source="org:x", target="municipality:tallinn", sources=SRC),
        Relation(kind="located_in", source="org:y", target="municipality:tallinn", sources=SRC),
        Relation(kind="located_in", source="org:z", target="municipality:tartu-linn", sources=SRC),
    ]
    rels += [Relation(kind="member_of", source=f"org:{o}", target="network:a", sources=SRC) for o in "xyn"]
    rels += [Relation(kind="member_of", source=f"org:{o}", target="network:b", sources=SRC) for o in "yz"]
    ds = with_reference(Dataset(nodes=nodes, relations=rels))
    return to_multigraph(ds.nodes, ds.relations)


def test_overlap_by_hand() -> None:
    G = small()
    [o] = network_overlap(G)
    assert (o.a, o.b, o.shared_members) == ("network:a", "network:b", 1)
    assert o.jaccard == pytest.approx(1 / 4) and o.municipality_jaccard == pytest.approx(1 / 2)
    a = coverage(G, "network:a")
    assert a.municipalities_reached == ["municipality:tallinn"] and a.national_members == 1
    empty = coverage(G, "network:empty")
    assert (
        empty.members == 0 and empty.municipality_share == 0.0 and len(empty.municipalities_not_reached) == 79
    )
    assert "network:empty" not in {c.id for c in coverage_all(G)}


def test_bad_input(bundled: nx.MultiDiGraph) -> None:
    with pytest.raises(MetricsError, match="not in the graph"):
        coverage(bundled, "network:atlantis")
    with pytest.raises(MetricsError, match="not a network or project"):
        coverage(bundled, "org:elvl")
    with pytest.raises(MetricsError, match="snapshot is empty"):
        coverage(nx.MultiDiGraph(), "network:a")
    with pytest.raises(MetricsError, match="needs a snapshot"):
        coverage(nx.Graph(), "network:a")  # type: ignore[arg-type]
    orgs_only = bundled.subgraph(n for n, d in bundled.nodes(data=True) if d["kind"] != "municipality").copy()
    with pytest.raises(MetricsError, match="municipalities and counties"):
        coverage_all(orgs_only)


def test_area_reach_by_one_group_is_what_coverage_says(bundled: nx.MultiDiGraph) -> None:
    for group in (
        "network:elvl-koordinaatorite-vorgustik",
        "project:koosloomest-koostooni",
        "project:tat-loimumine",
    ):
        c = coverage(bundled, group)
        munis = area_reach(bundled, "municipality", by=group)
        assert [a.id for a in munis if a.reached] == c.municipalities_reached
        assert [a.id for a in munis if not a.reached] == c.municipalities_not_reached
        counties = area_reach(bundled, "county", by=group)
        assert [a.id for a in counties if a.reached] == c.counties_reached
        assert [
            a.id for a in area_reach(bundled, "county", by=group, reached=False)
        ] == c.counties_not_reached


def test_area_reach_by_any_network(bundled: nx.MultiDiGraph) -> None:
    rows = area_reach(bundled)
    assert len(rows) == 79 and all(a.level == "municipality" for a in rows)
    # reached by any network = some network has a member there; projects alone do not count
    assert {a.id for a in rows if a.reached} == {a.id for a in rows if a.networks}
    presence = {p.municipality: p for p in municipality_presence(bundled)}
    assert all(presence[a.id].networks == a.networks and presence[a.id].projects == a.projects for a in rows)
    reached = area_reach(bundled, reached=True)
    not_reached = area_reach(bundled, reached=False)
    assert len(reached) + len(not_reached) == 79 and {a.id for a in reached}.isdisjoint(
        a.id for a in not_reached
    )
    assert "municipality:tallinn" in {a.id for a in reached}
    assert "municipality:ruhnu-vald" in {a.id for a in not_reached}
    counties = area_reach(bundled, "county")
    assert len(counties) == 15 and all(a.county == a.id for a in counties)


def test_area_reach_by_hand() -> None:
    G = small()  # net:a reaches Tallinn (x, y; n is national), net:b Tallinn and Tartu
    assert [a.id for a in area_reach(G, reached=True)] == ["municipality:tallinn", "municipality:tartu-linn"]
    assert [a.id for a in area_reach(G, by="network:a", reached=True)] == ["municipality:tallinn"]
    assert [a.id for a in area_reach(G, "county", by="network:b", reached=True)] == [
        "county:harju",
        "county:tartu",
    ]
    assert area_reach(G, by="network:empty", reached=True) == []
    tallinn = next(a for a in area_reach(G) if a.id == "municipality:tallinn")
    assert (tallinn.name, tallinn.county, tallinn.networks) == (
        "Tallinn",
        "county:harju",
        ["network:a", "network:b"],
    )


def test_area_reach_refuses_what_it_cannot_answer() -> None:
    G = small()
    with pytest.raises(MetricsError, match="unknown level 'parish'"):
        area_reach(G, "parish")
    with pytest.raises(MetricsError, match="not a network or project"):
        area_reach(G, by="org:x")
    with pytest.raises(MetricsError, match="'network:nowhere' is not in the graph"):
        area_reach(G, by="network:nowhere")
