"""The gallery of partnermap.maps.gallery, which the script and the API both serve: its maps,
their file names, and the index page (escaped, no script, links with the API's query)."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from partnermap.maps import MapError, RenderOptions
from partnermap.maps.gallery import (
    Entry,
    draw,
    draw_file,
    gallery_entries,
    index_page,
    map_of_file,
    members,
)
from tests.maps_fixtures import AS_OF, HOSTILE, HOSTILE_NETWORK, hostile_graph  # noqa: F401


@pytest.fixture(scope="module")
def estonia() -> nx.MultiDiGraph:
    from partnermap.datasets import bundled_dataset
    from partnermap.graph import to_multigraph

    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)


def test_entries_cover_every_network_and_programme(estonia: nx.MultiDiGraph) -> None:
    entries = gallery_entries(estonia, lang="et", as_of=AS_OF)
    files = [e.file for e in entries]
    networks = {n for n, d in estonia.nodes(data=True) if d["kind"] == "network"}
    programmes = {n for n, d in estonia.nodes(data=True) if d.get("project_kind") == "programme"}
    assert files[:2] == ["ecosystem.html", "cross-area.html"]
    assert {f"network-{n.split(':')[1]}.html" for n in networks} <= set(files)
    assert {f"programme-{p.split(':')[1]}.html" for p in programmes} <= set(files)
    assert len(files) == 2 + len(networks) + len(programmes) == len(set(files))
    for entry in entries:  # every file names the map it is drawn as, under the same title
        kind, node_id = map_of_file(entry.file) or ("", None)
        assert kind and (node_id is None) == (entry.section == "overviews")
    network = next(e for e in entries if e.file == "network-loimumiskoda.html")
    drawn = draw_file(estonia, network.file, as_of=AS_OF, options=RenderOptions())
    assert drawn.title == network.title == "Lõimumiskoda"
    count = members(estonia, "network:loimumiskoda", AS_OF)
    assert network.note.endswith("1 liige" if count == 1 else f"{count} liiget")


def test_file_names_and_kinds() -> None:
    assert map_of_file("ecosystem.html") == ("ecosystem", None)
    assert map_of_file("cross-area") == ("cross-area", None)
    assert map_of_file("project-silab-2021-2024.html") == ("project", "project:silab-2021-2024")
    assert map_of_file("network-.html") is None and map_of_file("planet-x.html") is None
    with pytest.raises(MapError, match=r"there is no map 'nothing\.html'"):
        draw_file(nx.MultiDiGraph(), "nothing.html", as_of=None, options=RenderOptions())


def test_members_count_as_of_a_day() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("org:a", "network:n", kind="member_of", valid_from="2024-01-01", valid_to="2024-12-31")
    G.add_edge("org:b", "network:n", kind="member_of")
    G.add_edge("org:c", "network:n", kind="funds")
    assert members(G, "network:n", None) == 2
    assert members(G, "network:n", AS_OF) == 1


def test_ego_maps_take_hops(estonia: nx.MultiDiGraph) -> None:
    near = draw(estonia, "ego", "org:elvl", as_of=AS_OF, options=RenderOptions(), hops=1)
    far = draw(estonia, "ego", "org:elvl", as_of=AS_OF, options=RenderOptions(), hops=2)
    assert 1 < near.node_count < far.node_count


def test_index_escapes_names_and_adds_the_query(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    entries = gallery_entries(hostile_graph, lang="en", as_of=None)
    assert any(e.title == HOSTILE_NETWORK for e in entries)
    page = index_page(
        [*entries, Entry("networks", 'a"b.html', HOSTILE, HOSTILE, 1, 0)],
        lang="en",
        as_of=AS_OF,
        query={"lang": "en", "as_of": "2025-06-01"},
        links=[("/graphql", "GraphQL")],
    )
    assert HOSTILE not in page and HOSTILE_NETWORK not in page and "<script" not in page
    assert 'href="a&quot;b.html?lang=en&amp;as_of=2025-06-01"' in page
    assert '<a href="/graphql">GraphQL</a>' in page and "As of 2025-06-01" in page
    assert page.count('class="count"') == 1  # counts only for maps drawn
    links = re.findall(r'href="([^"?]+)', page)
    assert sorted(links) == sorted([*(e.file for e in entries), "a&quot;b.html", "/graphql"])
