"""Exports read back by the tools that consume them: networkx for GEXF and GraphML, the
Kumu blueprint shape from Kumu's documentation, CSV by the csv module."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.io.exporters import flat_graph, to_kumu, write_csv, write_gexf, write_graphml
from partnermap.model import Dataset


def test_gexf_keeps_every_attribute_and_the_periods(tmp_path: Path, estonia: Dataset) -> None:
    path = write_gexf(estonia, tmp_path / "g.gexf")
    G = nx.read_gexf(path)
    assert G.number_of_nodes() == len(estonia.nodes)
    assert G.number_of_edges() == len(estonia.relations)
    assert G.graph["mode"] == "dynamic"
    expected = flat_graph(estonia, dynamic=True)
    for node, attrs in expected.nodes(data=True):
        got = G.nodes[node]
        for key, value in attrs.items():
            assert got[key] == value, (node, key)
    tas = "org:tartumaa-arendusselts>partner_in>project:koosloomest-koostooni"
    edges = {data["relation_id"]: data for *_, data in G.edges(data=True)}
    assert edges[tas]["budget"] == 18000.0 and edges[tas]["support"] == 12743.68
    assert edges[tas]["start"] == "2024-07-01" and edges[tas]["end"] == "2025-06-30"
    kj = edges["org:kohtla-jarve-linnavalitsus>party_to>org:elvl"]
    assert (kj["start"], kj["end"]) == ("2025-01-01", "2027-12-31")
    assert G.nodes["org:elvl"]["label"] == "Eesti Linnade ja Valdade Liit"
    assert "003_2ea249a01a33f26d.txt#" in G.nodes["org:elvl"]["sources"]


def test_graphml_keeps_every_attribute(tmp_path: Path, estonia: Dataset) -> None:
    path = write_graphml(estonia, tmp_path / "g.graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    expected = flat_graph(estonia)
    assert G.number_of_edges() == expected.number_of_edges()
    for node, attrs in expected.nodes(data=True):
        assert G.nodes[node] == attrs, node
    got = {data["relation_id"]: data for *_, data in G.edges(data=True)}
    for *_, attrs in expected.edges(data=True):
        assert {k: v for k, v in got[attrs["relation_id"]].items() if k != "id"} == {
            k: v for k, v in attrs.items() if k != "id"
        }


def test_kumu_blueprint_shape(estonia: Dataset) -> None:
    blueprint = to_kumu(estonia)
    assert set(blueprint) == {"elements", "connections"}
    ids = [e["id"] for e in blueprint["elements"]] + [c["id"] for c in blueprint["connections"]]
    assert len(ids) == len(set(ids))  # Kumu: ids unique across elements and connections
    elements = {e["id"] for e in blueprint["elements"]}
    for element in blueprint["elements"]:
        assert element["label"] and element["type"] and isinstance(element["tags"], list)
    for connection in blueprint["connections"]:
        assert connection["from"] in elements and connection["to"] in elements
        assert connection["direction"] in {"directed", "undirected", "mutual"}
    elvl = next(e for e in blueprint["elements"] if e["id"] == "org:elvl")
    assert elvl["label"] == "Eesti Linnade ja Valdade Liit" and elvl["Sector"] == "non_profit"
    json.dumps(blueprint)  # plain JSON


def test_csv_pair(tmp_path: Path, estonia: Dataset) -> None:
    nodes_csv, edges_csv = write_csv(estonia, tmp_path / "out")
    with nodes_csv.open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_csv.open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert len(nodes) == len(estonia.nodes) and len(edges) == len(estonia.relations)
    kj = next(e for e in edges if e["id"] == "org:kohtla-jarve-linnavalitsus>party_to>org:elvl")
    assert (kj["valid_from"], kj["valid_to"]) == ("2025-01-01", "2027-12-31")
    assert next(n for n in nodes if n["id"] == "municipality:voru-linn")["name"] == "Võru linn"


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "kumu", "csv"])
def test_cli_export_formats(tmp_path: Path, runner: CliRunner, fmt: str) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    assert runner.invoke(app, ["--store", url, "load"]).exit_code == 0
    target = tmp_path / f"export.{fmt}"
    result = runner.invoke(
        app, ["--store", url, "export", "--format", fmt, "--as-of", "2026-06-01", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    if fmt == "gexf":
        G = nx.read_gexf(target)
        # as of mid-2026 Tallinn's agreement has ended and Kohtla-Järve's has not
        rels = {d["relation_id"] for *_, d in G.edges(data=True)}
        assert "org:kohtla-jarve-linnavalitsus>party_to>org:elvl" in rels
        assert "org:tallinna-linnavalitsus>party_to>org:elvl" not in rels
    elif fmt == "csv":
        assert (target / "nodes.csv").exists() and (target / "edges.csv").exists()
    else:
        assert target.stat().st_size > 10_000


EVENTS = Path(__file__).parent / "data" / "events.yaml"
INFERRED = "org:rakvere-linnavalitsus>takes_part_in>event:lvp-2025"


@pytest.fixture
def with_events() -> Dataset:
    from partnermap.datasets import read_with_reference

    return read_with_reference(EVENTS)


def test_gexf_carries_events_and_the_inferred_mark(tmp_path: Path, with_events: Dataset) -> None:
    G = nx.read_gexf(write_gexf(with_events, tmp_path / "e.gexf"))
    lvp = G.nodes["event:lvp-2025"]
    assert (lvp["kind"], lvp["event_type"], lvp["format"]) == ("event", "conference", "in_person")
    assert (lvp["start"], lvp["end"]) == ("2025-04-09", "2025-04-10")  # the event's spell on the timeline
    meetings = G.nodes["event:koordinaatorite-kohtumised"]
    assert (meetings["frequency"], meetings["occurrences_per_year"]) == ("quarterly", 4.0)
    edges = {data["relation_id"]: data for *_, data in G.edges(data=True)}
    assert edges[INFERRED]["inferred"] is True
    assert "Rakvere is not named" in edges[INFERRED]["inferred_note"]
    stated = edges["org:elvl>takes_part_in>event:lvp-2025"]
    assert stated["inferred"] is False and "inferred_note" not in stated and stated["role"] == "organiser"
    network = G.nodes["network:koordinaatorid"]
    assert "never says the network is open" in json.loads(network["inferred_fields"])["open"]


def test_kumu_carries_events_and_tags_inferred_connections(with_events: Dataset) -> None:
    blueprint = to_kumu(with_events)
    elements = {e["id"]: e for e in blueprint["elements"]}
    lvp = elements["event:lvp-2025"]
    assert lvp["type"] == "event" and lvp["tags"] == ["conference"] and lvp["Start"] == "2025-04-09"
    connections = {c["id"]: c for c in blueprint["connections"]}
    assert connections[INFERRED]["tags"] == ["inferred"] and connections[INFERRED]["Inferred"] is True
    assert "Rakvere is not named" in connections[INFERRED]["Inferred note"]
    stated = connections["org:elvl>takes_part_in>event:lvp-2025"]
    assert "tags" not in stated and stated["Inferred"] is False and stated["Role"] == "organiser"
    assert connections["event:lvp-2025>located_in>municipality:tallinn"]["to"] == "municipality:tallinn"
