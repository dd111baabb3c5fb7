"""Weak points: the one-pass impact of every departure agrees with removing nodes one by one."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.resilience import articulation_points, bridges, weak_points, what_if_leaves
from partnermap.metrics.temporal import at
from partnermap.model import Dataset


def test_what_if_by_hand() -> None:
    # Bow tie: triangle a-b-c, triangle c-d-e, and a tail e-f. Without c: {a, b} and {d, e, f}.
    # component 6, pieces [3, 2]: cut off 6 - 1 - 3 = 2; pairs C(5,2) - C(3,2) - C(2,2) = 10 - 3 - 1 = 6
    C = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "c"), ("e", "f")])
    w = what_if_leaves(C, "c")
    assert (w.pieces, w.cut_off, w.pairs_disconnected, w.components_after) == ([3, 2], 2, 6, 2)
    points = {p.node: p for p in weak_points(C).articulation_points}
    assert set(points) == {"c", "e"} and points["c"] == w
    assert [(b.u, b.v, b.smaller_side) for b in bridges(C)] == [("e", "f", 1)]


@pytest.mark.parametrize("seed", range(6))
def test_one_pass_agrees_with_removal(seed: int) -> None:
    C = nx.gnm_random_graph(60, 70, seed=seed)
    C.add_node("alone")
    result = weak_points(C)
    assert sorted(p.node for p in result.articulation_points) == articulation_points(C)
    assert sorted(str(v) for v in nx.articulation_points(C)) == articulation_points(C)
    for p in result.articulation_points:
        assert p == what_if_leaves(C, int(p.node))
    assert {(b.u, b.v) for b in bridges(C)} == {tuple(sorted((str(u), str(v)))) for u, v in nx.bridges(C)}
    assert result.components == nx.number_connected_components(C)


def test_bundled_dataset_weak_points(estonia: Dataset) -> None:
    G = to_multigraph(estonia.nodes, estonia.relations)
    C = cooperation_graph(at(G, date(2025, 6, 30)))
    result = weak_points(C)
    json.dumps(to_jsonable(result), allow_nan=False)
    assert result.articulation_points, "the 2025 web has organisations it hangs on"
    leaves = what_if_leaves(C, "org:elvl")
    assert leaves.components_after >= leaves.components_before


def test_bad_input() -> None:
    with pytest.raises(MetricsError, match="not an organisation"):
        what_if_leaves(nx.path_graph(3), "nobody")
    with pytest.raises(MetricsError, match="no organisations"):
        weak_points(nx.Graph())
    lonely = nx.Graph()
    lonely.add_node("a")
    w = what_if_leaves(lonely, "a")
    assert (w.pieces, w.cut_off, w.pairs_disconnected, w.components_after) == ([], 0, 0, 0)
