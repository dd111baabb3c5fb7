"""The HTML page: escaping, embedded JSON, no external resources, CSP, languages, gallery."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from partnermap.maps import (
    Map,
    MapError,
    RenderOptions,
    ecosystem_map,
    ego_map,
    network_map,
    project_map,
    render_map,
)
from partnermap.maps import build as builders
from partnermap.maps.render import safe_json, to_pyvis
from tests.maps_fixtures import (
    AS_OF,
    HOSTILE,
    HOSTILE_DESCRIPTION,
    HOSTILE_NETWORK,
    HOSTILE_PROGRAMME,
    hostile_graph,  # noqa: F401
)

ROOT = Path(__file__).resolve().parents[1]


class _Scripts(HTMLParser):
    """Collects every element with its attributes, and the text of each script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    return parser


def without_libraries(page: str) -> str:
    """The page less the bodies of its stylesheets and code (vis-network holds strings like
    ``"<i>"`` for its own label markup), keeping the embedded data."""
    page = re.sub(r"<style>.*?</style>", "<style></style>", page, flags=re.DOTALL)
    return re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.DOTALL)


def payload(page: str) -> dict[str, Any]:
    scripts = parse(page).scripts
    data = [text for attrs, text in scripts if attrs.get("id") == "pm-data"]
    assert len(data) == 1
    result: dict[str, Any] = json.loads(data[0])
    return result


@pytest.fixture(scope="module")
def hostile_map(hostile_graph: nx.MultiDiGraph) -> Map:  # noqa: F811
    return ecosystem_map(hostile_graph, as_of=AS_OF)


def test_hostile_text_never_appears_raw(hostile_map: Map) -> None:
    page = without_libraries(hostile_map.html)
    for raw in (HOSTILE, HOSTILE_NETWORK, "<script>alert(2)</script>", "<b>bold</b>", "<svg onload", "<i>"):
        assert raw not in page
    assert "\u2028" not in hostile_map.html and "\u2029" not in hostile_map.html
    # only the page's own elements: seven scripts (data, boundaries, vis-network, base map, map,
    # labels, timeline), no img, svg only in the legend
    parsed = parse(page)
    assert [attrs.get("type") for attrs, _ in parsed.scripts] == ["application/json"] * 2 + [None] * 5
    assert not any(tag in ("img", "iframe", "object", "embed") for tag, _ in parsed.tags)
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)


def test_embedded_json_gives_back_the_exact_text(hostile_map: Map) -> None:
    data = payload(hostile_map.html)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["org:hostile"]["label"] == HOSTILE
    assert nodes["network:hostile"]["label"] == HOSTILE_NETWORK
    assert nodes["project:programm"]["label"] == HOSTILE_PROGRAMME
    strings = data["strings"]
    meta = dict(zip([n["id"] for n in data["nodes"]], data["nodeMeta"], strict=True))
    flat = [strings[i] for i in meta["org:hostile"]["f"]]
    facts = dict(zip(flat[::2], flat[1::2], strict=True))
    assert facts["Kirjeldus"] == HOSTILE_DESCRIPTION
    assert "hostile.txt § <img src=z onerror=alert(5)>" in [strings[i] for i in meta["org:hostile"]["s"]]


def test_safe_json_escapes_what_could_end_a_script() -> None:
    text = safe_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_page_fetches_nothing(hostile_map: Map) -> None:
    page = hostile_map.html
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        assert not (tag == "script" and "src" in attrs), attrs
        assert not (tag == "link" and "href" in attrs), attrs
        for name in ("src", "href", "srcset", "poster", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, attrs)
    assert not re.search(r"<script[^>]+src\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?https?:", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert not re.search(r"@import", page, re.IGNORECASE)
    assert "cdn" not in without_libraries(page).lower()


def test_content_security_policy_allows_only_the_pages_own_scripts(hostile_map: Map) -> None:
    parsed = parse(hostile_map.html)
    csp = next(
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    for attrs, text in parsed.scripts:
        if attrs.get("type") == "application/json":
            continue
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_title_date_sources_and_language() -> None:
    ds_graph = _estonia()
    et = network_map(ds_graph, "network:loimumiskoda", as_of=AS_OF)
    en = network_map(ds_graph, "network:loimumiskoda", as_of=AS_OF, options=RenderOptions(lang="en"))
    assert '<html lang="et">' in et.html and '<html lang="en">' in en.html
    assert "<title>Lõimumiskoda</title>" in et.html
    assert "Seisuga 01.06.2025" in et.html and "As of 2025-06-01" in en.html
    assert "Otsi nime järgi" in et.html and "Search by name" in en.html
    # the data sources: the documents the map's facts cite, with their titles
    assert "003_2ea249a01a33f26d.txt" in et.html and "tegevuskava perioodil 01.01.2025" in et.html
    everything = ecosystem_map(ds_graph)
    assert "Kõik perioodid" in everything.html


def test_custom_title_is_escaped(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    page = project_map(
        hostile_graph, "project:programm", as_of=AS_OF, options=RenderOptions(title=HOSTILE)
    ).html
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_options_and_errors(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = builders.ego(hostile_graph, "org:hostile", hops=1, as_of=AS_OF)
    for layout in ("geo", "force"):
        for color_by in ("kind", "sector", "county"):
            for size_by in (
                "degree",
                "betweenness",
                "strength",
                "closeness",
                "pagerank",
                "eigenvector",
                "none",
            ):
                m = render_map(
                    data, RenderOptions(layout=layout, color_by=color_by, size_by=size_by, lang="en")
                )
                assert len(payload(m.html)["nodes"]) == len(data.nodes)
    with pytest.raises(MapError, match="unknown layout"):
        render_map(data, RenderOptions(layout="circle"))
    with pytest.raises(MapError, match="unknown colouring"):
        render_map(data, RenderOptions(color_by="mood"))
    with pytest.raises(MapError, match="unknown size metric"):
        render_map(data, RenderOptions(size_by="mass"))
    with pytest.raises(ValueError, match="unknown language"):
        render_map(data, RenderOptions(lang="fi"))


def test_maps_are_deterministic(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    first = ego_map(
        hostile_graph, "org:hostile", hops=2, as_of=AS_OF, options=RenderOptions(layout="force", seed=4)
    )
    second = ego_map(
        hostile_graph, "org:hostile", hops=2, as_of=AS_OF, options=RenderOptions(layout="force", seed=4)
    )
    assert first.html == second.html


def test_pyvis_network_holds_positions_and_physics_off(hostile_graph: nx.MultiDiGraph) -> None:  # noqa: F811
    data = builders.ecosystem(hostile_graph, as_of=AS_OF)
    from partnermap.maps.layout import geo_layout

    net = to_pyvis(data, geo_layout(data))
    assert len(net.nodes) == len(data.nodes) and len(net.edges) == len(data.edges)
    assert all("x" in n and "y" in n for n in net.nodes)
    assert net.options["physics"] == {"enabled": False}
    index = next(i for i, e in enumerate(data.edges) if e.id == "org:saare-selts>member_of>network:hostile")
    assert net.edges[index]["dashes"] and net.edges[index]["id"] == f"e{index}"


def test_write_and_notebook(hostile_map: Map, tmp_path: Path) -> None:
    path = hostile_map.write(tmp_path / "deep" / "map.html")
    assert path.read_text(encoding="utf-8") == hostile_map.html
    frame = hostile_map._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and HOSTILE not in frame


def test_gallery_builds_a_map_of_every_network_and_programme(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_visuals
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    G = _estonia()
    entries = build_visuals.build(G, tmp_path, lang="et", as_of=AS_OF, layout="geo", log=lambda _: None)
    networks = {n for n, d in G.nodes(data=True) if d["kind"] == "network"}
    programmes = {n for n, d in G.nodes(data=True) if d.get("project_kind") == "programme"}
    files = {e.file for e in entries}
    assert {f"network-{n.split(':')[1]}.html" for n in networks} <= files
    assert {f"programme-{p.split(':')[1]}.html" for p in programmes} <= files
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert sorted(links) == sorted(files)
    assert all((tmp_path / link).exists() for link in links)
    assert "<script" not in index and "http:" not in index and "https:" not in index
    assert "TAT „Kohalike omavalitsuste toetamine" in index
    again = tmp_path / "again"
    build_visuals.build(G, again, lang="et", as_of=AS_OF, layout="geo", log=lambda _: None)
    for name in [*files, "index.html"]:  # the same data give the same files, byte for byte
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_gallery_index_escapes_names() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_visuals
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    entry = build_visuals.Entry("networks", 'a"b.html', HOSTILE, HOSTILE_NETWORK, 1, 0)
    page = build_visuals.index_page([entry], lang="en", as_of=None)
    assert HOSTILE not in page and HOSTILE_NETWORK not in page
    assert 'href="a&quot;b.html"' in page


def _estonia() -> nx.MultiDiGraph:
    from partnermap.datasets import bundled_dataset
    from partnermap.graph import to_multigraph

    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)
