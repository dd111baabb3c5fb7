"""Maps in a real browser: headless Chromium (Debian's package), offline.

Every page is opened with all network requests blocked; the tests check that it draws
the expected nodes with no console errors, shows hostile names as text without running
anything, and that search, filters, highlighting and tooltips work.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from partnermap.graph import to_multigraph
from partnermap.maps import Map, RenderOptions, cross_area_map, ecosystem_map, network_map
from partnermap.synth import synthesize
from tests.browser import READY, OpenedPage, browser, open_map, wait_until  # noqa: F401
from tests.maps_fixtures import AS_OF, HOSTILE, HOSTILE_NETWORK, hostile_graph  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
Opener = Callable[..., OpenedPage]


@pytest.fixture(scope="module")
def hostile_map(hostile_graph: nx.MultiDiGraph) -> Map:  # noqa: F811
    return ecosystem_map(hostile_graph, as_of=AS_OF)


@pytest.fixture
def hostile_page(hostile_map: Map, tmp_path: Path, open_map: Opener) -> OpenedPage:  # noqa: F811
    return open_map(hostile_map.write(tmp_path / "hostile.html"))


def node_point(opened: OpenedPage, node_id: str) -> tuple[float, float]:
    """Where a node is on the page, in CSS pixels."""
    point = opened.js(
        """(id) => {
            const net = window.partnermap.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById("pm-network").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    )
    return float(point[0]), float(point[1])


def test_map_draws_every_node_offline_without_errors(hostile_page: OpenedPage, hostile_map: Map) -> None:
    hostile_page.assert_clean()
    assert hostile_page.visible_count() == hostile_map.node_count == 79 + 7 + 1 + 3
    assert hostile_page.js("window.partnermap.drawnCount()") == hostile_map.node_count
    assert hostile_page.js("window.partnermap.visibleEdgeCount()") == hostile_map.edge_count
    assert hostile_page.js("document.documentElement.dataset.ready") == "true"
    assert hostile_page.js("window.partnermap.network.physics.options.enabled") is False
    # positions are the precomputed ones: the browser moved nothing
    x, y = hostile_map.layout.positions["municipality:tallinn"]
    drawn = hostile_page.js(
        "window.partnermap.network.getPositions(['municipality:tallinn'])['municipality:tallinn']"
    )
    assert drawn["x"] == pytest.approx(x, abs=1) and drawn["y"] == pytest.approx(y, abs=1)


def test_hostile_name_is_text_and_nothing_runs(hostile_page: OpenedPage) -> None:
    page = hostile_page.page
    assert hostile_page.js("window.partnermap.nodes.get('org:hostile').label") == HOSTILE
    # tooltip on hover: the name as text, no element made from it
    x, y = node_point(hostile_page, "org:hostile")
    page.mouse.move(x, y)
    page.wait_for_selector("#pm-tooltip:not([hidden])")
    tooltip = page.locator("#pm-tooltip")
    assert tooltip.locator(".pm-card-title").inner_text() == HOSTILE
    assert "alert('d')" in tooltip.inner_text()  # the description, as text
    assert "<img src=z onerror=alert(5)>" in tooltip.inner_text()  # the source, as text
    assert page.locator("#pm-tooltip img, #pm-tooltip script, #pm-tooltip svg, #pm-tooltip b").count() == 0
    # the network's name in the filter menu, as text
    option = page.locator("#pm-filter-network option[value='network:hostile']")
    assert option.inner_text().startswith(HOSTILE_NETWORK)
    assert page.locator("img").count() == 0
    # data, boundaries, vis-network, base map, map.js, labels.js, timeline.js
    assert page.locator("script").count() == 7
    hostile_page.assert_clean()


def test_search_selects_and_highlights_the_neighbourhood(hostile_page: OpenedPage) -> None:
    page = hostile_page.page
    search = page.locator("#pm-search")
    search.fill("img src")
    results = page.locator("#pm-results button")
    assert results.count() == 1
    assert results.first.inner_text().startswith(HOSTILE)
    search.press("Enter")
    assert hostile_page.js("window.partnermap.selected()") == ["org:hostile"]
    assert hostile_page.js("window.partnermap.highlighted()") is True
    # the neighbourhood is drawn on top of a veil over the rest
    assert hostile_page.js("window.partnermap.highlightedIds()") == sorted(
        ["org:hostile", "network:hostile", "project:tegevus", "org:tartu-selts", "municipality:tallinn"]
    )
    details = page.locator("#pm-details-body")
    assert details.locator(".pm-card-title").inner_text() == HOSTILE
    assert details.locator(".pm-neighbours button").count() == 3  # network, activity, agreement partner
    # diacritics do not matter: "uhendus" finds "Tartu Ühendus"
    search.fill("uhendus")
    assert page.locator("#pm-results button").first.inner_text().startswith("Tartu Ühendus")
    page.locator("#pm-results button").first.click()
    assert hostile_page.js("window.partnermap.selected()") == ["org:tartu-selts"]
    search.fill("zzzz")
    assert page.locator("#pm-results .pm-empty").count() == 1
    page.locator("#pm-reset").click()
    assert hostile_page.js("window.partnermap.highlighted()") is False
    assert hostile_page.js("window.partnermap.selected()") == []
    hostile_page.assert_clean()


def test_filters_change_what_is_drawn(hostile_page: OpenedPage, hostile_map: Map) -> None:
    page = hostile_page.page
    total = hostile_map.node_count
    page.select_option("#pm-filter-kind", "ngo")
    ngos = [n for n in hostile_map.data.nodes.values() if n.category == "ngo"]
    homes = {n.municipality for n in ngos if n.municipality}
    assert hostile_page.visible_count() == len(ngos) + len(homes)
    assert hostile_page.js("window.partnermap.drawnCount()") == len(ngos) + len(homes)
    page.select_option("#pm-filter-kind", "")
    assert hostile_page.visible_count() == total
    page.select_option("#pm-filter-county", "county:tartu")
    tartu = hostile_page.visible_count()
    assert 0 < tartu < total
    visible = set(hostile_page.js("window.partnermap.nodeView.getIds()"))
    assert "org:tartu-selts" in visible and "org:hostile" not in visible
    page.select_option("#pm-filter-county", "national")
    assert "org:riigi-amet" in set(hostile_page.js("window.partnermap.nodeView.getIds()"))
    page.select_option("#pm-filter-county", "")
    page.select_option("#pm-filter-network", "network:hostile")
    members = set(hostile_page.js("window.partnermap.nodeView.getIds()"))
    assert {"network:hostile", "org:hostile", "org:tartu-selts"} <= members
    assert "org:valis" not in members and "org:saare-selts" not in members  # ended membership
    page.locator("#pm-reset").click()
    assert hostile_page.visible_count() == total
    # the ended-relations and location toggles hide edges
    edges = hostile_page.js("window.partnermap.visibleEdgeCount()")
    page.uncheck("#pm-show-ended")
    ended = sum(e.ended for e in hostile_map.data.edges)
    assert hostile_page.js("window.partnermap.visibleEdgeCount()") == edges - ended
    page.uncheck("#pm-show-location")
    located = sum(e.location and not e.ended for e in hostile_map.data.edges)
    assert hostile_page.js("window.partnermap.visibleEdgeCount()") == edges - ended - located
    hostile_page.assert_clean()


def test_english_force_layout_and_cross_area_pages(
    hostile_graph: nx.MultiDiGraph,  # noqa: F811
    tmp_path: Path,
    open_map: Opener,  # noqa: F811
) -> None:
    pages = {
        "network.html": network_map(
            hostile_graph, "network:hostile", as_of=AS_OF, options=RenderOptions(lang="en", layout="force")
        ),
        "cross.html": cross_area_map(hostile_graph, as_of=AS_OF, options=RenderOptions(lang="en")),
    }
    for name, result in pages.items():
        opened = open_map(result.write(tmp_path / name))
        opened.assert_clean()
        assert opened.visible_count() == result.node_count
        assert opened.page.locator("#pm-search").get_attribute("placeholder") == "Search by name…"
    cross = opened
    if cross.page.locator("#pm-show-within").count():
        before = cross.js("window.partnermap.visibleEdgeCount()")
        cross.page.uncheck("#pm-show-within")
        assert cross.js("window.partnermap.visibleEdgeCount()") < before


def test_gallery_opens_offline_and_every_map_works(tmp_path: Path, open_map: Opener) -> None:  # noqa: F811
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_visuals
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert build_visuals.main(["-o", str(tmp_path / "visuals")]) == 0
    index = open_map(tmp_path / "visuals" / "index.html", wait=None)
    index.assert_clean()
    links = index.page.locator("a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert "network-loimumiskoda.html" in hrefs and "programme-tat-loimumine-2025.html" in hrefs
    assert len(hrefs) == len(list((tmp_path / "visuals").glob("*.html"))) - 1
    # follow the first link by clicking, then open every other map directly
    links.filter(has_text=re.compile("Lõimumiskoda")).first.click()
    wait_until(index.page, READY)
    assert index.page.title() == "Lõimumiskoda"
    assert index.js("window.partnermap.visibleCount()") > 1
    index.assert_clean()
    index.context.close()
    for href in hrefs:
        opened = open_map(tmp_path / "visuals" / href)
        opened.assert_clean()
        assert opened.visible_count() >= 2, href
        opened.context.close()


def test_big_map_gets_its_edges_in_batches(tmp_path: Path, open_map: Opener) -> None:  # noqa: F811
    ds = synthesize(orgs=2500, seed=3)
    result = ecosystem_map(to_multigraph(ds.nodes, ds.relations), cooperation=True, min_weight=0.25)
    drawn_by_vis = sum(not e.location for e in result.data.edges)
    assert drawn_by_vis > 6000  # above the page's threshold for batches
    opened = open_map(result.write(tmp_path / "big.html"))
    # usable at once: nodes placed, search and filters answer while the edges arrive
    assert opened.visible_count() == result.node_count
    assert opened.js("window.partnermap.setFilter('kind', 'ngo')") < result.node_count
    opened.js("window.partnermap.setFilter('kind', '')")
    wait_until(opened.page, "() => window.partnermap.complete === true")
    assert opened.js("window.partnermap.visibleEdgeCount()") == result.edge_count
    assert opened.js("window.partnermap.network.body.data.edges.length") == drawn_by_vis
    assert opened.js("window.partnermap.select('org:synth-000000')") is True
    opened.assert_clean()
