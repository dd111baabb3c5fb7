"""What goes into each map: nodes, edges, dates, ended relations, roles, ties; the theme."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.datasets import bundled_dataset
from partnermap.graph import to_multigraph
from partnermap.maps import MapError, build
from partnermap.maps.i18n import _TERMS, _TEXT, LANGS, money, number, term, text
from partnermap.maps.theme import colour_key, county_colours, legend_colours, metric, node_styles, scale
from tests.maps_fixtures import AS_OF, hostile_graph  # noqa: F401


@pytest.fixture(scope="module")
def estonia_graph() -> nx.MultiDiGraph:
    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)


def edge_ids(data: build.MapData) -> set[str]:
    return {e.id for e in data.edges}


# --------------------------------------------------------------------------- ecosystem


def test_ecosystem_holds_the_default_kinds(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = build.ecosystem(hostile_graph, as_of=AS_OF)
    kinds = {n.kind for n in data.nodes.values()}
    assert kinds == {"organisation", "network", "project", "municipality"}
    assert sum(n.kind == "municipality" for n in data.nodes.values()) == 79
    # the administrative division (municipality -> county) is not drawn
    assert not any(data.nodes[e.source].kind == "municipality" for e in data.edges)


def test_ended_relations_are_dashed_or_left_out_and_future_ones_hidden(
    hostile_graph: nx.MultiDiGraph,  # noqa: F811
) -> None:
    ended = "org:saare-selts>member_of>network:hostile"
    future = "org:tartu-tulevik>member_of>network:hostile"
    shown = build.ecosystem(hostile_graph, as_of=AS_OF)
    by_id = {e.id: e for e in shown.edges}
    assert by_id[ended].ended and future not in by_id
    hidden = build.ecosystem(hostile_graph, as_of=AS_OF, show_ended=False)
    assert ended not in edge_ids(hidden) and future not in edge_ids(hidden)
    # an ended project is dashed too, or left out
    assert shown.nodes["project:vana"].ended
    assert "project:vana" not in hidden.nodes
    # without a date everything is shown as it is
    everything = build.ecosystem(hostile_graph)
    assert {ended, future} <= edge_ids(everything)
    assert not any(e.ended for e in everything.edges)


def test_a_network_whose_status_says_ended_is_active_as_everywhere_else(
    hostile_graph: nx.MultiDiGraph,  # noqa: F811
) -> None:
    """The status cannot say since when, so it does not decide what a map as of a day holds
    (graph.active_on); the map's facts still carry it."""
    G = hostile_graph.copy()
    G.nodes["network:hostile"]["status"] = "ended"
    assert build.node_state(G.nodes["network:hostile"], AS_OF) == "active"
    assert "network:hostile" in build.active_graph(G, AS_OF)
    hidden = build.ecosystem(G, as_of=AS_OF, show_ended=False)
    assert "network:hostile" in hidden.nodes and not hidden.nodes["network:hostile"].ended
    assert hidden.nodes["network:hostile"].attrs["status"] == "ended"
    data = build.network(G, "network:hostile", as_of=AS_OF, context=False)
    assert not data.nodes["network:hostile"].ended
    assert "network:hostile" in data.nodes["org:tartu-selts"].networks  # a member on the day
    # and the membership still makes a cooperation tie, as in metrics.temporal.cooperation_at
    assert cooperation_graph(build.active_graph(G, AS_OF)).has_edge("org:hostile", "org:tartu-selts")


def test_an_area_map_holds_what_lies_in_the_area_on_its_day(
    hostile_graph: nx.MultiDiGraph,  # noqa: F811
) -> None:
    G = hostile_graph.copy()
    # Tartu Ühendus moved: in Tartu until 2024, in Saaremaa since 2025
    key = next(
        k for _, _, k, d in G.out_edges("org:tartu-selts", keys=True, data=True) if d["kind"] == "located_in"
    )
    G.edges["org:tartu-selts", "municipality:tartu-linn", key]["valid_to"] = "2024-12-31"
    G.add_edge(
        "org:tartu-selts",
        "municipality:saaremaa-vald",
        key="moved",
        id="moved",
        kind="located_in",
        valid_from="2025-01-01",
        valid_to=None,
    )
    assert "org:tartu-selts" not in build.ecosystem(G, as_of=AS_OF, area="county:tartu").nodes
    assert "org:tartu-selts" in build.ecosystem(G, as_of=AS_OF, area="county:saare").nodes
    assert "org:tartu-selts" in build.ecosystem(G, as_of=date(2024, 6, 1), area="county:tartu").nodes
    # without a date a map places a node wherever it ever was
    assert "org:tartu-selts" in build.ecosystem(G, area="county:tartu").nodes
    assert "org:tartu-selts" in build.ecosystem(G, area="county:saare").nodes


def test_snapshot_date_is_used_when_no_date_is_given(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    dated = hostile_graph.copy()
    dated.graph["as_of"] = "2025-06-01"
    assert build.ecosystem(dated).as_of == date(2025, 6, 1)


def test_ecosystem_of_one_area(estonia_graph: nx.MultiDiGraph) -> None:
    data = build.ecosystem(estonia_graph, area="county:voru", as_of=AS_OF)
    assert "org:vorumaa-partnerluskogu" in data.nodes
    assert "org:tallinna-linnavalitsus" not in data.nodes
    assert "project:koosloomest-koostooni" in data.nodes  # homeless project an organisation of the area runs
    with pytest.raises(MapError, match="not a county or municipality"):
        build.ecosystem(estonia_graph, area="org:elvl")


def test_ecosystem_with_cooperation_ties(estonia_graph: nx.MultiDiGraph) -> None:
    data = build.ecosystem(estonia_graph, as_of=AS_OF, cooperation=True, min_weight=0.5)
    ties = [e for e in data.edges if e.kind == "cooperation"]
    assert ties and all(e.weight is not None and e.weight >= 0.5 for e in ties)


# --------------------------------------------------------------------------- network


def test_network_map_holds_members_roles_and_their_relations(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = build.network(hostile_graph, "network:hostile", as_of=AS_OF)
    assert data.focus == "network:hostile" and data.nodes["network:hostile"].focus
    assert data.nodes["org:hostile"].role == "convener"
    assert data.nodes["org:tartu-selts"].role == "member"
    assert data.nodes["org:saare-selts"].role == "member"  # ended membership, shown dashed
    assert "org:tartu-tulevik" not in data.nodes  # joins in 2030
    # the members' own relations come along as context
    assert data.nodes["project:tegevus"].context
    assert "org:hostile>party_to>org:tartu-selts" in edge_ids(data)
    # and their home municipalities as anchors
    assert data.nodes["municipality:tallinn"].anchor
    assert data.nodes["municipality:saaremaa-vald"].anchor
    # the agreement between two organisations carries their cooperation weight
    agreement = next(e for e in data.edges if e.kind == "party_to")
    assert agreement.weight is not None and agreement.weight > 0
    assert agreement.tie == "across"  # Tallinn (Harju) and Tartu


def test_network_map_without_context_draws_cooperation_among_members(
    estonia_graph: nx.MultiDiGraph,
) -> None:
    data = build.network(estonia_graph, "network:elvl-koordinaatorite-vorgustik", as_of=AS_OF, context=False)
    assert not any(n.context for n in data.nodes.values())
    ties = [e for e in data.edges if e.kind == "cooperation"]
    assert ties
    # cooperation beyond this network: the network itself is not among the reasons
    assert all("network:elvl-koordinaatorite-vorgustik" not in e.attrs["networks"] for e in ties)


def test_unknown_or_wrong_ids_are_refused_with_suggestions(estonia_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(
        MapError, match=r"no network 'network:loimumiskod'.*did you mean network:loimumiskoda"
    ):
        build.network(estonia_graph, "network:loimumiskod")
    with pytest.raises(MapError, match="'org:elvl' is a organisation, not a network"):
        build.network(estonia_graph, "org:elvl")
    with pytest.raises(MapError, match="no project"):
        build.project(estonia_graph, "project:nothing")
    with pytest.raises(MapError, match="hops must be at least 1"):
        build.ego(estonia_graph, "org:elvl", hops=0)


# --------------------------------------------------------------------------- project, ego, cross-area


def test_programme_map_holds_its_parts_partners_and_funders(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = build.project(hostile_graph, "project:programm", as_of=AS_OF)
    assert {"project:programm", "project:tegevus", "org:riigi-amet", "org:hostile", "org:saare-selts"} <= set(
        data.nodes
    )
    assert data.nodes["org:riigi-amet"].role == "lead"
    assert "org:riigi-amet>funds>project:tegevus" in edge_ids(data)
    assert "org:valis" not in data.nodes  # a partner of another project


def test_bundled_programme_map(estonia_graph: nx.MultiDiGraph) -> None:
    data = build.project(estonia_graph, "project:tat-loimumine-2025", as_of=AS_OF)
    partners = {n.id for n in data.nodes.values() if n.kind == "organisation"}
    assert {"org:elvl", "org:tallinna-linnavalitsus", "org:tartu-linnavalitsus"} <= partners


def test_ego_map_grows_with_hops(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    one = build.ego(hostile_graph, "org:hostile", hops=1, as_of=AS_OF)
    two = build.ego(hostile_graph, "org:hostile", hops=2, as_of=AS_OF)
    steps = {n.id: n.hops for n in one.nodes.values() if n.hops is not None}
    assert steps == {"org:hostile": 0, "network:hostile": 1, "project:tegevus": 1, "org:tartu-selts": 1}
    assert set(one.nodes) < set(two.nodes)
    assert two.nodes["project:programm"].hops == 2
    assert two.nodes["org:saare-selts"].hops == 2


def test_cross_area_map_classes_ties(estonia_graph: nx.MultiDiGraph) -> None:
    data = build.cross_area(estonia_graph, as_of=AS_OF)
    assert data.anchor == "county"
    assert all(n.kind == "organisation" for n in data.nodes.values())
    assert all(e.kind == "cooperation" for e in data.edges)
    for edge in data.edges:
        a, b = data.nodes[edge.source].area, data.nodes[edge.target].area
        assert edge.tie == build.tie_class(a, b)
    across = [e for e in data.edges if e.tie == "across"]
    assert across
    voru = build.cross_area(estonia_graph, as_of=AS_OF, area="county:voru")
    assert "org:vorumaa-partnerluskogu" in voru.nodes
    assert all("org:vorumaa-partnerluskogu" in (e.source, e.target) or True for e in voru.edges)
    with pytest.raises(MapError, match="not a county"):
        build.cross_area(estonia_graph, area="municipality:tallinn")


def test_a_tie_resting_only_on_inferred_relations_is_drawn_dashed(estonia_graph: nx.MultiDiGraph) -> None:
    from partnermap.maps.theme import edge_style
    from partnermap.metrics.temporal import at

    data = build.cross_area(estonia_graph, as_of=AS_OF, isolates=True)
    C = cooperation_graph(at(estonia_graph, AS_OF))
    implied = {frozenset((a, b)) for a, b, inferred in C.edges(data="inferred") if inferred}
    dashed = {frozenset((e.source, e.target)) for e in data.edges if edge_style(e, 1.0).dashed}
    drawn = {frozenset((e.source, e.target)) for e in data.edges}
    assert implied & drawn  # the bundled dataset has ties that rest on inferred relations only
    assert dashed == implied & drawn


# --------------------------------------------------------------------------- theme and words


def test_colours_and_sizes(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = build.ecosystem(hostile_graph, as_of=AS_OF)
    hostile = data.nodes["org:hostile"]
    assert colour_key(hostile, "kind") == "ngo"
    assert colour_key(hostile, "sector") == "non_profit"
    assert colour_key(hostile, "county") == "county:harju"
    assert colour_key(data.nodes["org:riigi-amet"], "county") == "national"
    assert len(set(county_colours().values())) >= 15
    assert sum(count for *_, count in legend_colours(data, "county")) == len(data.nodes)
    degree = metric(data, "degree")
    assert degree["org:hostile"] > degree["org:kodutu"] == 0
    between = metric(data, "betweenness")
    assert max(between, key=between.__getitem__) in {"org:hostile", "org:tartu-selts", "project:tegevus"}
    styles = node_styles(data, "kind", degree)
    assert styles["org:hostile"].size > styles["org:kodutu"].size
    assert styles["project:vana"].dashed
    assert scale({"a": 0, "b": 1, "c": 4}, 10, 30) == {"a": 10.0, "b": 20.0, "c": 30.0}
    with pytest.raises(ValueError, match="unknown colouring"):
        colour_key(hostile, "rainbow")


def test_both_languages_have_every_word() -> None:
    for key, words in _TEXT.items():
        assert set(words) == set(LANGS), key
    for group, values in _TERMS.items():
        for value, words in values.items():
            assert set(words) == set(LANGS), (group, value)
    assert term("et", "org_kind", "something_new") == "something new"
    assert text("en", "as_of", date="2025-06-01") == "As of 2025-06-01"
    assert money("et", 5000.5) == "5\xa0000,50\xa0€" and money("en", 5000.5) == "€5,000.50"
    assert number("et", 0.125) == "0,125"
