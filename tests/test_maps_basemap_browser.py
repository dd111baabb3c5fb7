"""The base map and the coverage shading in a real browser: headless Chromium, offline.

The page draws Estonia's coast, 15 counties and 79 municipalities under the graph (counted
by the page's own base-map script, and seen in the canvas' pixels), shades the coverage in
the colours of its legend, whose counts are the library's, and says where the boundaries
come from; at 1600x1000 and at 1024x768, with no console error and no request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from partnermap.graph import to_multigraph
from partnermap.maps import coverage_map, ecosystem_map
from partnermap.maps.basemap import coverage_layer
from partnermap.model import Dataset
from tests.browser import OpenedPage, browser, open_map  # noqa: F401

Opener = Callable[..., OpenedPage]
DAY = date(2025, 6, 1)
GROUP = "network:elvl-koordinaatorite-vorgustik"
VIEWPORTS = [(1600, 1000), (1024, 768)]

# pixels of one colour on the map's canvas (within 6 of each channel: lines are antialiased)
# pixels of one colour on the map's canvas (within 6 of each channel: lines are antialiased);
# read from a copy, so that the page's own canvas is never read back (Chrome warns then)
COUNT_COLOUR = """([r, g, b]) => {
    const canvas = document.querySelector("#pm-network canvas");
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const pixels = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const near = (i, value) => Math.abs(pixels[i] - value) < 6;
    let n = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        if (near(i, r) && near(i + 1, g) && near(i + 2, b)) n++;
    }
    return n;
}"""
MEMBER = (0x56, 0xB4, 0xE9)
LAND = (0xFB, 0xFA, 0xF6)
SEA = (0xEA, 0xF1, 0xF6)


@pytest.fixture(scope="module")
def bundled(estonia: Dataset) -> nx.MultiDiGraph:
    return to_multigraph(estonia.nodes, estonia.relations)


def redraw(opened: OpenedPage) -> None:
    frames = opened.js("window.partnermapBasemap.frames()")
    opened.js("window.partnermap.network.redraw()")
    opened.page.wait_for_timeout(50)
    assert opened.js("window.partnermapBasemap.frames()") > frames


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_coverage_map_draws_boundaries_and_shading_of_the_library(
    bundled: nx.MultiDiGraph,
    tmp_path: Path,
    open_map: Opener,  # noqa: F811
    viewport: tuple[int, int],
) -> None:
    path = coverage_map(bundled, GROUP, as_of=DAY).write(tmp_path / "coverage.html")
    opened = open_map(path, viewport=viewport)
    redraw(opened)
    opened.assert_clean()
    layer = coverage_layer(bundled, GROUP, DAY)
    # 79 municipalities, 15 counties and the country drawn; the reached ones shaded
    assert opened.js("document.documentElement.dataset.basemapPolygons") == "95"
    assert opened.js("window.partnermapBasemap.shaded()") == layer.reached == 8
    legend = opened.js(
        """() => Object.fromEntries([...document.querySelectorAll("#pm-coverage li")].map(
            (li) => [li.dataset.coverage, Number(li.querySelector(".pm-count").textContent)]))"""
    )
    assert legend == {**layer.counts, "county": len(layer.counties)}
    # the canvas shows land, sea and the members' colour; turning the shading off removes it
    assert opened.js(COUNT_COLOUR, list(LAND)) > 20_000
    assert opened.js(COUNT_COLOUR, list(SEA)) > 5_000
    assert opened.js(COUNT_COLOUR, list(MEMBER)) > 500
    opened.page.locator("#pm-show-coverage").uncheck()
    opened.page.wait_for_timeout(100)
    assert opened.js("window.partnermapBasemap.shaded()") == 0
    assert opened.js(COUNT_COLOUR, list(MEMBER)) < 50
    attribution = opened.page.locator("#pm-attribution")
    assert attribution.is_visible()
    assert attribution.inner_text() == "Piirid: Maa-amet, haldus- ja asustusjaotus 01.09.2018"
    opened.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_ecosystem_map_draws_the_base_map_beneath_every_node(
    bundled: nx.MultiDiGraph,
    tmp_path: Path,
    open_map: Opener,  # noqa: F811
    viewport: tuple[int, int],
) -> None:
    made = ecosystem_map(bundled)
    opened = open_map(made.write(tmp_path / "ecosystem.html"), viewport=viewport)
    redraw(opened)
    opened.assert_clean()
    assert opened.js("window.partnermapBasemap.present") is True
    assert opened.js("document.documentElement.dataset.basemapPolygons") == "95"
    assert opened.js("window.partnermapBasemap.shaded()") == 0
    assert opened.js(COUNT_COLOUR, list(LAND)) > 20_000
    assert opened.js("window.partnermap.drawnCount()") == made.node_count
