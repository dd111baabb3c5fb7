"""Cooperation paths and area bridges, on hand-built graphs and the bundled dataset."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.paths import area_bridges, cooperation_path, relations_between
from partnermap.metrics.temporal import at
from partnermap.model import Dataset, RelationKind


def _web() -> nx.MultiDiGraph:
    """Two counties: x (municipalities x1, x2) and y (y1); organisations a, b in x1, c in x2,
    d in y1, and the national e. Agreements: a-b, b-d, a-c, c-d (twice: two agreements),
    e-a, e-d; network n joins c and d."""
    G = nx.MultiDiGraph()
    for county in ("county:x", "county:y"):
        G.add_node(county, kind="county")
    for muni, county in (("municipality:x1", "county:x"), ("municipality:x2", "county:x"),
                         ("municipality:y1", "county:y")):  # fmt: skip
        G.add_node(muni, kind="municipality", county=county)
    homes = {"a": "municipality:x1", "b": "municipality:x1", "c": "municipality:x2", "d": "municipality:y1"}
    for name in "abcde":
        G.add_node(f"org:{name}", kind="organisation", name=name.upper())
        if name in homes:
            G.add_edge(f"org:{name}", homes[name], key=f"org:{name}>located_in", kind="located_in")
    G.add_node("network:n", kind="network", name="N")
    for u, v in (("a", "b"), ("b", "d"), ("a", "c"), ("c", "d"), ("e", "a"), ("e", "d")):
        G.add_edge(f"org:{u}", f"org:{v}", key=f"org:{u}>party_to>org:{v}", kind="party_to",
                   agreement=f"{u}{v}", sources=[{"document": "test", "section": "1"}])  # fmt: skip
    G.add_edge("org:d", "org:c", key="second", kind="party_to", agreement="dc",
               sources=[{"document": "test", "section": "2"}])  # fmt: skip
    for member in ("org:c", "org:d"):
        G.add_edge(member, "network:n", key=f"{member}>member_of", kind="member_of", role="member")
    return G


def test_the_strongest_of_the_shortest_paths() -> None:
    G = _web()
    C = cooperation_graph(G)
    # a-b-d (1 + 1) and a-c-d (1 + 1 + 2 + 1) and a-e-d (1 + 1) are all two steps: a-c-d is strongest
    path = cooperation_path(G, C, "org:a", "org:d")
    assert path is not None
    assert path.organisations == ["org:a", "org:c", "org:d"]
    assert (path.hops, path.weight) == (2, 1.0 + 3.0)
    first, second = path.steps
    assert (first.u, first.v, first.agreements) == ("org:a", "org:c", ["org:a>party_to>org:c"])
    assert (second.u, second.v, second.networks) == ("org:c", "org:d", ["network:n"])
    assert sorted(second.agreements) == ["org:c>party_to>org:d", "second"]
    json.dumps(to_jsonable(path), allow_nan=False)


def test_equally_strong_paths_go_to_the_first_by_id() -> None:
    G = _web()
    G.remove_edges_from([("org:c", "org:d", "org:c>party_to>org:d"), ("org:d", "org:c", "second")])
    G.remove_edges_from([(m, "network:n", f"{m}>member_of") for m in ("org:c", "org:d")])
    path = cooperation_path(G, cooperation_graph(G), "org:a", "org:d")
    assert path is not None and path.organisations == ["org:a", "org:b", "org:d"]


def test_no_path_and_bad_ends() -> None:
    G = _web()
    G.add_node("org:alone", kind="organisation", name="Alone")
    C = cooperation_graph(G)
    assert cooperation_path(G, C, "org:a", "org:alone") is None
    with pytest.raises(MetricsError, match="'network:n' is not an organisation"):
        cooperation_path(G, C, "org:a", "network:n")
    same = cooperation_path(G, C, "org:a", "org:a")
    assert same is not None and (same.hops, same.organisations) == (0, ["org:a"])


def test_area_bridges_by_hand() -> None:
    G = _web()
    bridges = area_bridges(G, cooperation_graph(G), "county:x", "municipality:y1")
    # Direct ties into d: from c (agreement twice, so 2, plus the network 1) and from b (1).
    assert [(t.u, t.v, t.weight) for t in bridges.ties] == [("org:c", "org:d", 3.0), ("org:b", "org:d", 1.0)]
    # e is located nowhere and cooperates with a (county x) and d (y1).
    assert [(b.organisation, b.weight, b.first, b.second) for b in bridges.brokers] == [
        ("org:e", 2.0, ["org:a"], ["org:d"])
    ]
    inside = area_bridges(G, cooperation_graph(G), "municipality:x1", "municipality:x2")
    assert [(t.u, t.v) for t in inside.ties] == [("org:a", "org:c")]
    # d (county y) is tied to b in x1 (1) and to c in x2 (3).
    assert [(b.organisation, b.weight, b.first, b.second) for b in inside.brokers] == [
        ("org:d", 4.0, ["org:b"], ["org:c"])
    ]


def test_area_bridges_errors() -> None:
    G = _web()
    C = cooperation_graph(G)
    with pytest.raises(MetricsError, match="'org:a' is not a county or municipality"):
        area_bridges(G, C, "org:a", "county:y")
    with pytest.raises(MetricsError, match="two different areas"):
        area_bridges(G, C, "county:y", "county:y")


def test_relations_between_reads_both_directions() -> None:
    G = _web()
    found = relations_between(G, "org:c", "org:d", ["org:c>party_to>org:d", "second", "org:a>party_to>org:b"])
    assert [(r.id, r.kind, r.source, r.agreement) for r in found] == [
        ("org:c>party_to>org:d", RelationKind.PARTY_TO, "org:c", "cd"),
        ("second", RelationKind.PARTY_TO, "org:d", "dc"),
    ]


def test_bundled_bridges_between_ida_viru_and_tallinn(estonia: Dataset) -> None:
    G = at(to_multigraph(estonia.nodes, estonia.relations), date(2025, 6, 1))
    bridges = area_bridges(G, cooperation_graph(G), "county:ida-viru", "municipality:tallinn")
    assert [(t.u, t.v) for t in bridges.ties] == [
        ("org:johvi-vallavalitsus", "org:tallinna-linnavalitsus"),
        ("org:kohtla-jarve-linnavalitsus", "org:tallinna-linnavalitsus"),
        # Jõhvi involves it in sharing information: an (inferred) partner of the 2025 plan
        ("org:ida-virumaa-integratsioonikeskus", "org:tallinna-linnavalitsus"),
    ]
    assert all(t.networks == ["network:elvl-koordinaatorite-vorgustik"] for t in bridges.ties[:2])
    assert (bridges.ties[2].networks, bridges.ties[2].projects) == ([], ["project:tat-loimumine-2025"])
    elvl = bridges.brokers[0]
    assert elvl.organisation == "org:elvl"
    assert elvl.first == [
        "org:ida-virumaa-integratsioonikeskus",
        "org:johvi-vallavalitsus",
        "org:kohtla-jarve-linnavalitsus",
    ]
    assert elvl.weight > 3 > bridges.brokers[1].weight


def test_bundled_path_through_the_welcome_centre(estonia: Dataset) -> None:
    G = to_multigraph(estonia.nodes, estonia.relations)
    path = cooperation_path(G, cooperation_graph(G), "org:tartu-ulikool", "org:tallinna-linnavalitsus")
    assert path is not None and path.organisations[1] == "org:tartu-valismaalaste-teenuskeskus"
    agreements = relations_between(G, path.steps[0].u, path.steps[0].v, path.steps[0].agreements)
    assert [a.agreement for a in agreements] == ["MTÜ Tartu Välismaalaste Teenuskeskuse asutamine"]
    assert path.steps[1].projects == ["project:tat-loimumine-2025"]
