"""Mixing across groups: E-I index, matrix, assortativity, permutation test, project span."""

from __future__ import annotations

import json
import math
import random

import igraph
import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.graph import home_areas, to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.mixing import (
    _labellings_at_most,
    assortativity,
    cross_area,
    ei_index,
    group_ei,
    group_mixing,
    mixing_matrix,
    node_ei,
    permutation_test,
    project_span,
    read_ties,
)
from partnermap.model import Dataset


def finite_json(value: object) -> str:
    """JSON of a result; fails on NaN or an infinity anywhere in it."""
    return json.dumps(to_jsonable(value), allow_nan=False)


@pytest.fixture
def hand() -> nx.Graph:
    """Five organisations in two counties and a national body without a county.

    a, b, c in county:x; d, e in county:y; n national. Ties (weight):
      a-b 2.0 (internal x), b-c 1.0 (internal x), c-d 0.5 (external),
      d-e 1.0 (internal y), a-n 1.0 (n has no county: left out).
    """
    C = nx.Graph()
    for node, county in [("a", "x"), ("b", "x"), ("c", "x"), ("d", "y"), ("e", "y")]:
        C.add_node(node, home_county=f"county:{county}", name=node.upper(), sector="public")
    C.add_node("n", home_county=None, name="N", sector="public")
    C.add_edge("a", "b", weight=2.0)
    C.add_edge("b", "c", weight=1.0)
    C.add_edge("c", "d", weight=0.5)
    C.add_edge("d", "e", weight=1.0)
    C.add_edge("a", "n", weight=1.0)
    return C


def test_ei_index_by_hand(hand: nx.Graph) -> None:
    r = ei_index(hand, "county")
    # internal I = 3 (a-b, b-c, d-e), external E = 1 (c-d); a-n left out (n has no county)
    # EI = (E - I) / (E + I) = (1 - 3) / 4 = -0.5
    assert (r.internal, r.external, r.ei) == (3, 1, -0.5)
    # weighted: I = 2 + 1 + 1 = 4, E = 0.5: (0.5 - 4) / 4.5 = -0.7778
    assert r.weighted_ei == pytest.approx((0.5 - 4) / 4.5)
    assert (r.groups, r.organisations, r.unlabelled, r.attribute) == (2, 5, 1, "home_county")


def test_group_and_node_ei_by_hand(hand: nx.Graph) -> None:
    groups = {g.group: g for g in group_mixing(hand, "county")}
    x, y = groups["county:x"], groups["county:y"]
    # x: I = 2 (a-b, b-c), E = 1 (c-d): (1 - 2) / 3; internal density 2 / (3*2/2) = 2/3
    assert (x.internal, x.external) == (2, 1)
    assert x.ei == pytest.approx(-1 / 3) and x.internal_density == pytest.approx(2 / 3)
    # y: I = 1 (d-e), E = 1 (c-d): 0; density 1 / 1 = 1
    assert y.ei == 0.0 and y.internal_density == 1.0
    nodes = {n.node: n for n in node_ei(hand, "county")}
    # c: internal b-c, external c-d -> 0; a: internal a-b only -> -1 (a-n not counted)
    assert nodes["c"].ei == 0.0 and nodes["a"].ei == -1.0 and "n" not in nodes
    assert group_ei(hand, "county", "county:x").ei == pytest.approx(-1 / 3)


def test_mixing_matrix_by_hand(hand: nx.Graph) -> None:
    m = mixing_matrix(hand, "county")
    # each tie once: internal ties on the diagonal (= group_mixing's internal), external ones
    # in both mirror cells; the upper triangle with the diagonal holds every tie once
    assert m.groups == ["county:x", "county:y"]
    assert m.ties == [[2, 1], [1, 1]]
    assert m.weights == [[3.0, 0.5], [0.5, 1.0]]
    internal = {g.group: g.internal for g in group_mixing(hand, "county")}
    assert [m.ties[i][i] for i in range(2)] == [internal[g] for g in m.groups]
    ei = ei_index(hand, "county")
    assert sum(m.ties[i][j] for i in range(2) for j in range(i, 2)) == ei.internal + ei.external


def random_labelled(seed: int, n: int = 40, m: int = 90, groups: int = 4) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=seed)
    rng = random.Random(seed)
    for v in G:
        G.nodes[v]["sector"] = f"g{rng.randrange(groups)}"
    for u, v in G.edges():
        G.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 2.0])
    return G


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_assortativity_agrees_with_igraph(seed: int) -> None:
    G = random_labelled(seed)
    groups = sorted({d["sector"] for _, d in G.nodes(data=True)})
    g = igraph.Graph(n=G.number_of_nodes(), edges=list(G.edges()))
    types = [groups.index(G.nodes[v]["sector"]) for v in range(G.number_of_nodes())]
    expected = g.assortativity_nominal(types, directed=False)
    assert assortativity(G, "sector") == pytest.approx(expected, abs=1e-10)


def test_assortativity_undefined_is_none_not_nan() -> None:
    C = nx.Graph([("a", "b")])
    nx.set_node_attributes(C, {"a": "x", "b": "x", "c": "y"}, "sector")
    C.add_node("c", sector="y")
    # every tie end is in group x: sum a_i^2 = 1, r = 0/0
    assert assortativity(C, "sector") is None


def test_permutation_test_exact_by_hand() -> None:
    # Path a-b-c-d, groups A A B B: I = 2 (a-b, c-d), E = 1, EI = -1/3.
    # Distinct relabellings: 4! / (2! 2!) = 6:
    #   AABB, BBAA -> I = 2, EI = -1/3;  ABAB, BABA -> I = 0, EI = 1;  ABBA, BAAB -> I = 1, EI = 1/3.
    # Mean = (2*(-1/3) + 2*1 + 2*(1/3)) / 6 = 1/3 = 1 - 2 * (2*1 + 2*1) / (4*3).
    # p(less) = #{EI <= -1/3} / 6 = 2/6; p(greater) = 6/6; two-sided: |EI - 1/3| >= 2/3 -> 4/6.
    C = nx.path_graph(["a", "b", "c", "d"])
    nx.set_node_attributes(C, {"a": "A", "b": "A", "c": "B", "d": "B"}, "team")
    t = permutation_test(C, "team")
    assert t.exact and t.permutations == 6
    assert t.observed == pytest.approx(-1 / 3) and t.expected == pytest.approx(1 / 3)
    assert t.permutation_mean == pytest.approx(1 / 3)
    assert (t.p_less, t.p_greater, t.p_two_sided) == pytest.approx((2 / 6, 1.0, 4 / 6))


def test_permutation_test_sampled_is_seeded_and_centred() -> None:
    G = random_labelled(7, n=60, m=150)
    a = permutation_test(G, "sector", permutations=400, seed=5)
    b = permutation_test(G, "sector", permutations=400, seed=5)
    assert a == b and not a.exact and a.permutations == 400
    # the sampled mean estimates the exact expectation 1 - 2p
    assert a.permutation_mean == pytest.approx(a.expected, abs=3 * a.permutation_sd / math.sqrt(400) + 1e-9)
    assert 0 < a.p_two_sided <= 1 and 1 / 401 <= a.p_less <= 1
    weighted = permutation_test(G, "sector", permutations=50, seed=1, weight="weight")
    assert weighted.weighted and -1 <= weighted.observed <= 1


def test_labellings_limit_agrees_with_the_multinomial() -> None:
    # the exact/sampled switch compares the number of distinct relabellings with a limit
    # without computing the whole (huge) multinomial coefficient
    rng = random.Random(0)
    for _ in range(2000):
        sizes = [rng.randrange(0, 9) for _ in range(rng.randrange(1, 5))]
        count = math.factorial(sum(sizes))
        for s in sizes:
            count //= math.factorial(s)
        for limit in (0, 1, 6, 20_000, count - 1, count):
            assert _labellings_at_most(sizes, limit) == (count <= limit), (sizes, limit)


def test_permutation_test_detects_segregation() -> None:
    # two cliques of 6, one per group, joined by one tie: ties stay inside groups far more than chance
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    G.add_edge(0, 6)
    nx.set_node_attributes(G, {v: "left" if v < 6 else "right" for v in G}, "side")
    t = permutation_test(G, "side", permutations=999, seed=0)
    assert t.observed < t.expected and t.p_less < 0.01


def test_bad_input_is_a_clear_error(hand: nx.Graph) -> None:
    with pytest.raises(MetricsError, match="unknown attribute 'colour'"):
        ei_index(hand, "colour")
    with pytest.raises(MetricsError, match="no organisations"):
        ei_index(nx.Graph(), "county")
    with pytest.raises(MetricsError, match="one group"):
        ei_index(hand, "sector")
    with pytest.raises(MetricsError, match="needs the cooperation graph"):
        ei_index(nx.MultiDiGraph(hand), "county")
    lonely = nx.Graph()
    lonely.add_nodes_from([("a", {"sector": "x"}), ("b", {"sector": "y"})])
    with pytest.raises(MetricsError, match="no ties"):
        ei_index(lonely, "sector")
    hand.add_node("z", home_county="county:z")
    hand.add_edge("z", "a", weight=1.0)
    with pytest.raises(MetricsError, match="one member"):
        group_ei(hand, "county", "county:z")
    with pytest.raises(MetricsError, match="no organisation has"):
        group_ei(hand, "county", "county:nowhere")
    with pytest.raises(MetricsError, match="at least 1"):
        permutation_test(hand, "county", permutations=0)
    # the one-member group is reported without NaN in the whole table
    rows = {g.group: g for g in group_mixing(hand, "county")}
    assert rows["county:z"].internal_density is None and rows["county:z"].ei == 1.0
    finite_json(cross_area(hand, "county", permutations=50))


def test_shared_ties_give_the_same_results(hand: nx.Graph) -> None:
    # one reading of the ties serves every measure and every attribute, weighted or not
    hand.add_edge("e", "e", weight=9.0)  # a self-loop is never a tie
    ties = read_ties(hand)
    assert len(ties.edges) == 5 and ties.weight == "weight"
    for by in ("county", "name"):
        assert ei_index(hand, by, ties=ties) == ei_index(hand, by)
        assert ei_index(hand, by, weight=None, ties=ties) == ei_index(hand, by, weight=None)
        assert group_mixing(hand, by, ties=ties) == group_mixing(hand, by)
        assert node_ei(hand, by, ties=ties) == node_ei(hand, by)
        assert mixing_matrix(hand, by, weight=None, ties=ties) == mixing_matrix(hand, by, weight=None)
        for weight in (None, "weight"):
            assert assortativity(hand, by, weight=weight, ties=ties) == assortativity(hand, by, weight=weight)
            assert permutation_test(hand, by, seed=3, weight=weight, ties=ties) == permutation_test(
                hand, by, seed=3, weight=weight
            )
        assert cross_area(hand, by, permutations=20, ties=ties) == cross_area(hand, by, permutations=20)
    assert group_ei(hand, "county", "county:x", ties=ties) == group_ei(hand, "county", "county:x")
    # unweighted ties serve unweighted measures only
    counted = read_ties(hand, weight=None)
    assert ei_index(hand, "county", weight=None, ties=counted) == ei_index(hand, "county", weight=None)
    with pytest.raises(MetricsError, match="the ties carry None"):
        ei_index(hand, "county", ties=counted)
    with pytest.raises(MetricsError, match="another graph"):
        ei_index(hand.copy(), "county", ties=ties)
    with pytest.raises(MetricsError, match="at least 1"):
        cross_area(hand, "county", permutations=-1, ties=ties)


def test_project_span_on_the_bundled_dataset(estonia: Dataset) -> None:
    G = to_multigraph(estonia.nodes, estonia.relations)
    span = project_span(G, "project:koosloomest-koostooni")[0]
    assert span.counties == ["county:tartu", "county:voru"]
    assert span.leader_areas == ["county:tartu", "county:voru"] and span.crosses_leader_areas is True
    assert span.partners == ["org:tartumaa-arendusselts", "org:vorumaa-partnerluskogu"]
    everything = {s.project: s for s in project_span(G)}
    assert everything["project:tat-loimumine-2025"].crosses_counties
    assert everything["project:tat-loimumine-2025"].crosses_leader_areas is None
    with pytest.raises(MetricsError, match="not a project"):
        project_span(G, "org:elvl")
    assert project_span(G, homes=home_areas(G)) == project_span(G)


def test_cross_area_on_the_bundled_dataset_is_finite(estonia: Dataset) -> None:
    C = cooperation_graph(to_multigraph(estonia.nodes, estonia.relations))
    for by in ("county", "municipality", "area", "sector", "kind", "leader-area"):
        try:
            result = cross_area(C, by, permutations=99, seed=1)
        except MetricsError as exc:  # e.g. two LEADER groups without a tie between them
            assert by == "leader-area", exc
            continue
        text = finite_json(result)
        assert json.loads(text)["ei"]["groups"] >= 2
        assert -1 <= result.ei.ei <= 1
