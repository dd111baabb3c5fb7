"""Maps that read like an atlas, in headless Chromium, offline (issue 13).

For every gallery map at 1600x1000 and 1024x768: no two labels the page draws overlap in the
first view (measured from the boxes it drew), node labels and the county names and band titles
the base map draws included, every node and every label is inside the first
view, no console error. The timeline at three dates shows the counts the library computes.
A hostile dataset renders as text and keeps the layout. Below 1000 px the sidebar folds
behind a button. One browser for the module; pages are reused where they can be.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from partnermap.datasets import bundled_dataset
from partnermap.graph import to_multigraph
from partnermap.maps import Map, coverage_map, ecosystem_map, network_map
from partnermap.maps.gallery import draw_file, gallery_entries
from partnermap.maps.i18n import text
from partnermap.maps.labels import MAX_CHARS
from partnermap.maps.options import RenderOptions
from partnermap.maps.timeline import counts_on
from partnermap.model import MAX_NAME_LENGTH, Dataset, Network, Organisation, Relation
from partnermap.store.sqlite import SQLiteStore
from tests.browser import browser, wait_until  # noqa: F401
from tests.maps_fixtures import SRC, hostile_dataset

AS_OF = date(2025, 6, 1)
VIEWPORTS = [(1600, 1000), (1024, 768)]
LABELS_READY = (
    "() => Boolean(window.partnermap && window.partnermap.labels && window.partnermap.labels.ready)"
)
LONGEST = ("Väga pikk <b>nimi</b> & " * 300)[:5000]
LONG = LONGEST[: MAX_NAME_LENGTH - 1] + "x"  # as long as the model allows (no trailing space)
RLO = "\u202eSelts <img src=x onerror=alert(9)> lõpp\u202c"


@dataclass
class Tab:
    """One offline page, navigated from map to map; what it said since the last ``clear``."""

    page: Page
    context: BrowserContext
    problems: list[str] = field(default_factory=list)

    def open(self, path: Path, fragment: str = "") -> None:
        self.problems.clear()
        self.page.goto(path.resolve().as_uri() + fragment)
        wait_until(self.page, LABELS_READY)
        self.page.wait_for_timeout(50)  # the first frame after the fit has been drawn

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


def _tab(browser: Browser, width: int, height: int) -> Tab:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    tab = Tab(page, context)

    def route(r: Route) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            tab.problems.append("request " + r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: tab.problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: tab.problems.append(str(exc)))
    page.on("dialog", lambda d: (tab.problems.append("dialog " + d.message), d.dismiss()))
    return tab


@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[dict[tuple[int, int], Tab]]:  # noqa: F811
    opened = {size: _tab(browser, *size) for size in [*VIEWPORTS, (800, 600), (390, 844)]}
    yield opened
    for tab in opened.values():
        tab.context.close()


@pytest.fixture(scope="module")
def bundled() -> nx.MultiDiGraph:
    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)


@pytest.fixture(scope="module")
def gallery(
    bundled: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, Map]]:
    """The gallery as scripts/build_visuals.py writes it (as of 2025-06-01, in Estonian)."""
    folder = tmp_path_factory.mktemp("gallery")
    out = {}
    for entry in gallery_entries(bundled, lang="et", as_of=AS_OF):
        made = draw_file(bundled, entry.file, as_of=AS_OF, options=RenderOptions())
        out[entry.file] = (made.write(folder / entry.file), made)
    return out


def _inside(box: list[float], width: float, height: float) -> bool:
    return box[0] >= -0.5 and box[1] >= -0.5 and box[2] <= width + 0.5 and box[3] <= height + 0.5


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01


def drawn_names(tab: Tab) -> list[dict[str, Any]]:
    """The county names and band titles the base map drew in the last frame (screen boxes)."""
    basemap = "window.partnermapBasemap"
    return list(tab.js(f"{basemap} && {basemap}.present ? {basemap}.names() : []"))


def check_first_view(tab: Tab, made: Map) -> list[dict[str, Any]]:
    """The first view's labels: none overlap, each other or the texts behind; nodes and
    labels all in view. Returns the labels drawn."""
    size = tab.js("window.partnermap.labels.size()")
    width, height = size["width"], size["height"]
    shown = tab.js("window.partnermap.labels.shown()")
    backdrop = tab.js("window.partnermap.labels.backdrop()")
    names = drawn_names(tab)
    clashes = [(a["id"], b["id"]) for a, b in combinations(shown, 2) if _overlap(a["box"], b["box"])]
    assert clashes == []
    assert [a["id"] for a in shown for b in backdrop if _overlap(a["box"], b)] == []
    # the county names and band titles the base map draws: clear of every label and each other
    assert [(a["id"], n["text"]) for a in shown for n in names if _overlap(a["box"], n["box"])] == []
    assert [(m["text"], n["text"]) for m, n in combinations(names, 2) if _overlap(m["box"], n["box"])] == []
    if made.layout.name == "geo":
        assert names, "a geographic map names its counties or bands"
    assert [a["id"] for a in shown if not _inside(a["box"], width, height)] == []
    nodes = tab.js("window.partnermap.labels.nodeBoxes()")
    assert len(nodes) == made.node_count
    assert [n["id"] for n in nodes if not _inside(n["box"], width, height)] == []
    assert all(len(a["text"]) <= MAX_CHARS for a in shown)
    return list(shown)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_every_gallery_map_opens_with_readable_labels_and_every_node_in_view(
    tabs: dict[tuple[int, int], Tab], gallery: dict[str, tuple[Path, Map]], viewport: tuple[int, int]
) -> None:
    tab = tabs[viewport]
    labelled = 0
    for name, (path, made) in gallery.items():
        tab.open(path)
        shown = check_first_view(tab, made)
        assert tab.problems == [], name
        assert shown, name  # at least one name to read on every map
        if made.data.focus is not None:
            assert made.data.focus in {a["id"] for a in shown}, name  # the subject's name shows
        labelled += len(shown)
    assert labelled > len(gallery) * 3


def test_more_labels_show_on_zoom_and_on_hover(
    tabs: dict[tuple[int, int], Tab], gallery: dict[str, tuple[Path, Map]]
) -> None:
    tab = tabs[(1024, 768)]
    path, made = gallery["ecosystem.html"]
    tab.open(path)
    first = tab.js("window.partnermap.labels.shown().length")
    assert first < made.node_count  # a crowded map: not every name fits at first
    hidden = sorted(set(made.data.nodes) - {a["id"] for a in tab.js("window.partnermap.labels.shown()")})
    tab.js(
        "(id) => { window.partnermap.network.moveTo({scale: window.partnermap.network.getScale() * 4}); }",
        None,
    )
    tab.page.wait_for_timeout(100)
    zoomed = tab.js("window.partnermap.labels.shown()")
    clashes = [(a["id"], b["id"]) for a, b in combinations(zoomed, 2) if _overlap(a["box"], b["box"])]
    assert clashes == []
    names = drawn_names(tab)
    assert [(a["id"], n["text"]) for a in zoomed for n in names if _overlap(a["box"], n["box"])] == []
    tab.js("window.partnermap.labels.fit()")
    # hover a node without a label: its name appears on top (a rural municipality, whose name
    # holds "vald": the search below lists it too; the first hidden node may be an event)
    target = next(h for h in hidden if h.startswith("municipality:") and h.endswith("-vald"))
    point = tab.js(
        """(id) => {
            const net = window.partnermap.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById("pm-network").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        target,
    )
    tab.page.mouse.move(point[0], point[1])
    tab.page.wait_for_timeout(300)
    hovered = tab.js("window.partnermap.labels.extras().map(x => x.id)")
    assert len(hovered) == 1
    # search hits get their names too
    tab.page.mouse.move(1, 1)
    tab.page.fill("#pm-search", "vald")
    tab.page.wait_for_timeout(100)
    hits = tab.js("window.partnermap.labels.extras().map(x => x.id)")
    results = tab.js(
        "Array.from(document.querySelectorAll('#pm-results button[data-node]'), b => b.dataset.node)"
    )
    assert len(hits) >= 5 and sorted(hits) == sorted(results)
    tab.page.fill("#pm-search", "")
    assert tab.problems == []


# --------------------------------------------------------------------------- timeline


@pytest.fixture(scope="module")
def every_date(bundled: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Map]:
    made = ecosystem_map(bundled)  # every period: the timeline shows the network grow and end
    return made.write(tmp_path_factory.mktemp("timeline") / "ecosystem.html"), made


def _header(tab: Tab) -> str:
    return str(tab.js("document.getElementById('pm-counts').textContent"))


def test_timeline_shows_the_counts_the_library_computes(
    tabs: dict[tuple[int, int], Tab], every_date: tuple[Path, Map]
) -> None:
    path, made = every_date
    tab = tabs[(1600, 1000)]
    tab.open(path)
    dates = tab.js("window.partnermap.timeline.dates")
    assert len(dates) > 3
    assert _header(tab) == text("et", "counts", nodes=made.node_count, edges=made.edge_count)
    seen = set()
    for day in (dates[0], "2025-06-01", dates[-1]):
        nodes, edges = counts_on(made.data, date.fromisoformat(day))
        seen.add((nodes, edges))
        tab.js("(d) => window.partnermap.timeline.show(d)", day)
        assert _header(tab) == text("et", "counts", nodes=nodes, edges=edges), day
        assert tab.js("window.partnermap.visibleCount()") == nodes
        assert tab.js("window.partnermap.visibleEdgeCount()") == edges
        assert tab.js("location.hash") == f"#date={day}"
        check_first_view_labels_only(tab)
    assert len(seen) == 3  # three different pictures
    # a shared link opens on its day
    tab.open(path, "#date=2025-06-01")
    nodes, edges = counts_on(made.data, AS_OF)
    assert _header(tab) == text("et", "counts", nodes=nodes, edges=edges)
    assert "01.06.2025" in tab.js("document.getElementById('pm-date').textContent")
    # the slider, then back to the map as drawn
    slide(tab, "0")
    assert tab.js("window.partnermap.timeline.current()") == dates[0]
    slide(tab, "max")
    assert tab.js("window.partnermap.timeline.current()") is None
    assert _header(tab) == text("et", "counts", nodes=made.node_count, edges=made.edge_count)
    # play steps through the dates
    tab.page.click("#pm-play")
    wait_until(tab.page, "() => window.partnermap.timeline.current() !== null", timeout=10)
    first = tab.js("window.partnermap.timeline.current()")
    wait_until(tab.page, f"() => window.partnermap.timeline.current() !== {first!r}", timeout=10)
    tab.page.click("#pm-play")
    assert tab.problems == []


def slide(tab: Tab, value: str) -> None:
    """Move the timeline's slider as a user does (``"max"``: to its end)."""
    tab.js(
        """(v) => {
            const s = document.getElementById('pm-time');
            s.value = v === 'max' ? s.max : v;
            s.dispatchEvent(new Event('input'));
        }""",
        value,
    )


def check_first_view_labels_only(tab: Tab) -> None:
    shown = tab.js("window.partnermap.labels.shown()")
    assert [(a["id"], b["id"]) for a, b in combinations(shown, 2) if _overlap(a["box"], b["box"])] == []
    names = drawn_names(tab)
    assert [(a["id"], n["text"]) for a in shown for n in names if _overlap(a["box"], n["box"])] == []


# --------------------------------------------------------------------------- hostile data


@pytest.fixture(scope="module")
def hostile_maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Map]]:
    """The hostile dataset with names as long as the model allows (300 characters), through
    a real SQLite store; then, for the map alone, names the model refuses (5,000 characters,
    a right-to-left override), made with ``model_copy`` (no validation): a graph built some
    other way may still hold them, and the map must stay robust."""
    ds = hostile_dataset()
    nodes = [
        Organisation(id="org:pikk", name=LONG, org_kind="ngo", sector="non_profit", sources=SRC),
        Network(id="network:pikk", name=LONG, sources=SRC),
    ]
    relations = [
        Relation(kind="located_in", source="org:pikk", target="municipality:tartu-linn", sources=SRC),
        Relation(kind="member_of", source="org:pikk", target="network:pikk", sources=SRC),
        Relation(
            kind="member_of",
            source="org:hostile",
            target="network:pikk",
            valid_from=date(2024, 1, 1),
            sources=SRC,
        ),
    ]
    full = Dataset(nodes=[*ds.nodes, *nodes], relations=[*ds.relations, *relations], documents=ds.documents)
    folder = tmp_path_factory.mktemp("hostile")
    with SQLiteStore(folder / "store.db") as store:
        store.load(full)
        stored = store.dump()
    assert {n.id: n.name for n in stored.nodes}["org:pikk"] == LONG
    # beyond the model: only a graph built without it can hold these
    unchecked = [
        nodes[0].model_copy(update={"id": "org:pikem", "name": LONGEST}),
        nodes[0].model_copy(update={"id": "org:rlo", "name": RLO}),
    ]
    links = [
        Relation(kind="located_in", source="org:pikem", target="municipality:tartu-linn", sources=SRC),
        Relation(kind="located_in", source="org:rlo", target="municipality:tallinn", sources=SRC),
        Relation(kind="member_of", source="org:pikem", target="network:pikk", sources=SRC),
        Relation(kind="member_of", source="org:rlo", target="network:pikk", sources=SRC),
    ]
    G = to_multigraph([*stored.nodes, *unchecked], [*stored.relations, *links])
    made = {"ecosystem.html": ecosystem_map(G), "network.html": network_map(G, "network:pikk")}
    return {name: (m.write(folder / name), m) for name, m in made.items()}


def test_hostile_names_render_as_text_and_keep_the_layout(
    tabs: dict[tuple[int, int], Tab], hostile_maps: dict[str, tuple[Path, Map]]
) -> None:
    tab = tabs[(1600, 1000)]
    for name, (path, made) in hostile_maps.items():
        tab.open(path)
        shown = check_first_view(tab, made)
        texts = {a["id"]: a["text"] for a in shown}
        assert texts.get("network:pikk", "").endswith("…") or name == "ecosystem.html"
        assert all("\u202e" not in t and "\u202c" not in t for t in texts.values())
        assert (
            texts.get("org:rlo", "Selts <img src=x onerror=alert(9)> lõpp")
            == "Selts <img src=x onerror=alert(9)> lõpp"
        )
        # nothing from the data became markup
        assert tab.js("document.querySelectorAll('#pm-app b, #pm-app img, #pm-app i').length") == 0
        # the layout holds: the header stays small, the map keeps its width
        header = tab.js("document.getElementById('pm-header').getBoundingClientRect().height")
        assert header < 170, (name, header)
        box = tab.js(
            "(() => { const r = document.getElementById('pm-network').getBoundingClientRect();"
            " return [r.width, r.height]; })()"
        )
        assert box[0] > 1200 and box[1] > 700, (name, box)
        assert tab.problems == [], name
    # the full name is in the details panel
    path, _ = hostile_maps["network.html"]
    tab.open(path)
    for node, name in (("org:pikk", LONG), ("org:pikem", LONGEST)):
        tab.js("(id) => window.partnermap.select(id)", node)
        assert tab.js("document.querySelector('#pm-details-body .pm-card-title').textContent") == name
    assert tab.problems == []


# --------------------------------------------------------------------------- any screen


@pytest.mark.parametrize("viewport", [(800, 600), (390, 844)], ids=["800x600", "390x844"])
def test_small_screens_fold_the_sidebar_behind_a_button(
    tabs: dict[tuple[int, int], Tab], gallery: dict[str, tuple[Path, Map]], viewport: tuple[int, int]
) -> None:
    tab = tabs[viewport]
    for name in ("ecosystem.html", "network-loimumiskoda.html"):
        path, made = gallery[name]
        tab.open(path)
        page = tab.page
        assert not page.is_visible("#pm-search")
        assert page.is_visible("#pm-menu")
        width = tab.js("document.getElementById('pm-network').getBoundingClientRect().width")
        assert width == viewport[0]
        check_first_view(tab, made)
        page.click("#pm-menu")
        page.wait_for_timeout(250)
        assert page.is_visible("#pm-search")
        assert tab.js("document.getElementById('pm-menu').getAttribute('aria-expanded')") == "true"
        page.fill("#pm-search", "Tallinn")
        assert page.locator("#pm-results button").count() > 0
        page.keyboard.press("Escape")  # clears the search
        page.keyboard.press("Escape")  # closes the sidebar
        page.wait_for_timeout(250)
        assert not page.is_visible("#pm-search")
        assert tab.problems == [], name


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
def test_coverage_maps_open_on_the_counties_they_shade(
    tabs: dict[tuple[int, int], Tab],
    bundled: nx.MultiDiGraph,
    tmp_path_factory: pytest.TempPathFactory,
    viewport: tuple[int, int],
) -> None:
    """A network in one town: the first view takes in its county (the shading is the point
    of the map), and the subject's name still shows; labels and names clear of each other."""
    tab = tabs[viewport]
    folder = tmp_path_factory.mktemp("coverage")
    for group in ("network:loimumiskoda", "network:elvl-koordinaatorite-vorgustik"):
        made = coverage_map(bundled, group, as_of=AS_OF)
        tab.open(made.write(folder / f"{group.split(':')[1]}.html"))
        shown = check_first_view(tab, made)
        assert group in {a["id"] for a in shown}, group
        corners = tab.js(
            """() => {
                const v = window.partnermapBasemap.view, net = window.partnermap.network;
                return [net.canvasToDOM({x: v[0], y: v[1]}), net.canvasToDOM({x: v[2], y: v[3]})];
            }"""
        )
        box = [corners[0]["x"], corners[0]["y"], corners[1]["x"], corners[1]["y"]]
        size = tab.js("window.partnermap.labels.size()")
        assert _inside(box, size["width"], size["height"]), (group, box)
        assert tab.problems == [], group
