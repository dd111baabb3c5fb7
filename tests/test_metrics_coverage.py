"""Coverage of networks and programmes: municipalities and counties reached, presence, overlap."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from partnermap.datasets import with_reference
from partnermap.graph import home_areas, to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.coverage import coverage, coverage_all, municipality_presence, network_overlap
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
