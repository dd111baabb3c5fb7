"""The graph layer: snapshots as networkx multigraphs, as of a date, by kind or area."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from partnermap.datasets import read_with_reference
from partnermap.graph import filter_graph, home_areas, snapshot
from partnermap.store.base import Store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def small_store(store: Store) -> Store:
    store.load(read_with_reference(DATA / "small.yaml"))
    return store


def test_snapshot_holds_every_node_and_relation(small_store: Store) -> None:
    G = snapshot(small_store)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == small_store.count_nodes()
    assert G.number_of_edges() == small_store.count_relations()
    key = "org:tallinna-linnavalitsus>party_to>org:elvl"
    edge = G.edges["org:tallinna-linnavalitsus", "org:elvl", key]
    assert edge["valid_from"] == "2023-03-01" and edge["agreement"] == "partnerlusleping"
    assert G.nodes["org:elvl"]["kind"] == "organisation"
    assert G.nodes["org:elvl"]["sources"] == [{"document": "test.txt", "section": "1"}]


def test_snapshot_as_of_drops_ended_relations_and_projects(small_store: Store) -> None:
    G = snapshot(small_store, as_of=date(2026, 1, 1))
    assert "project:tat-2025" not in G
    assert not G.has_edge("org:tallinna-linnavalitsus", "org:elvl")
    assert G.has_edge("org:tallinna-linnavalitsus", "network:koordinaatorid")
    assert G.graph["as_of"] == "2026-01-01"
    early = snapshot(small_store, as_of=date(2023, 1, 1))
    assert not early.has_edge("org:tallinna-linnavalitsus", "network:koordinaatorid")
    assert early.has_edge("org:elvl", "network:koordinaatorid")


def test_filter_by_kind(small_store: Store) -> None:
    G = snapshot(small_store, kinds=["organisation", "network"])
    assert set(G) == {"org:tallinna-linnavalitsus", "org:elvl", "network:koordinaatorid"}
    assert G.number_of_edges() == 3  # two memberships and the agreement


def test_filter_by_area(small_store: Store) -> None:
    G = snapshot(small_store)
    harju = filter_graph(G, area="county:harju")
    assert "municipality:tallinn" in harju and "municipality:keila-linn" in harju
    assert "org:tallinna-linnavalitsus" in harju
    # homeless nodes tied to something in the area come along; unrelated areas do not
    assert "network:koordinaatorid" in harju and "project:tat-2025" in harju
    assert "municipality:tartu-linn" not in harju
    assert "org:elvl" in harju  # national body with an agreement in the area
    tartu = filter_graph(G, area="county:tartu")
    assert "org:tallinna-linnavalitsus" not in tartu and "network:koordinaatorid" not in tartu
    town = filter_graph(G, area="municipality:tallinn")
    assert {"municipality:tallinn", "org:tallinna-linnavalitsus"} <= set(town)
    with pytest.raises(ValueError, match="not a county or municipality"):
        filter_graph(G, area="org:elvl")


def test_home_areas(small_store: Store) -> None:
    homes = home_areas(snapshot(small_store))
    assert homes["org:tallinna-linnavalitsus"] == ("municipality:tallinn", "county:harju")
    assert homes["org:elvl"] == (None, None)
    assert homes["municipality:narva-linn"] == ("municipality:narva-linn", "county:ida-viru")
    assert homes["county:voru"] == (None, "county:voru")
