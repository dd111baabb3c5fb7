"""A map as one self-contained HTML page: pyvis network data in partnermap's own template.

The nodes and edges go into a :class:`pyvis.network.Network` (positions fixed, physics
off), whose data and options are then written into ``templates/map.html.j2``. That page
inlines vis-network's JavaScript and CSS from pyvis' bundled copy and needs nothing from
the network: no CDN, no fonts, no Bootstrap (pyvis' own template links those from CDNs).
Search, filters, neighbourhood highlighting, tooltips and the legend are plain JS/CSS.

Safety: the graph data go into the page as JSON inside a ``<script type="application/json">``
element, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's script puts
every text from the data into the DOM with ``textContent``; labels are drawn on the
canvas. Page text rendered by the template is autoescaped. A Content-Security-Policy
allows only the page's own two scripts (by hash) and no connections at all.

Examples
--------
>>> safe_json({"name": "</script><img src=x onerror=alert(1)>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pyvis.network import Network

from partnermap import reference
from partnermap.maps.basemap import (
    COUNTY_OUTLINE,
    COVERAGE_CLASSES,
    CoverageLayer,
    area_shape,
    page_basemap,
    place_county_names,
)
from partnermap.maps.build import MapData, MapNode
from partnermap.maps.facts import edge_facts, node_facts, sources_of
from partnermap.maps.i18n import Lang, check_lang, day, label_of, term, text
from partnermap.maps.labels import FONT as LABEL_FONT
from partnermap.maps.labels import label_plan
from partnermap.maps.layout import Label, Layout, compute_layout, zoom_factor
from partnermap.maps.options import RenderOptions
from partnermap.maps.overlap import separate
from partnermap.maps.theme import (
    darker,
    edge_legend,
    edge_style,
    legend_colours,
    metric,
    node_styles,
    shape_of,
)
from partnermap.maps.timeline import TIMELINE_TEXT, timeline

__all__ = ["VIS_VERSION", "Map", "event_icon", "known_documents", "render_map", "safe_json", "to_pyvis"]

VIS_VERSION = "9.1.2"
"""The vis-network release inlined into every page (pyvis' bundled copy)."""

_LARGE_NODES = 1500
_LARGE_EDGES = 4000
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_ORG_KINDS = frozenset(
    {
        "municipal_government", "ministry", "state_agency", "ngo", "foundation", "company",
        "university", "leader_action_group", "umbrella_association", "international_organisation",
        "public_institution", "informal_group",
    }
)  # fmt: skip


def event_icon(colour: str) -> str:
    """An event's node picture: a calendar page in ``colour`` (``#rrggbb``), as a data URI.

    vis-network has no shape of its own left for events whose label sits outside it, so
    events are drawn as this image (the page's Content-Security-Policy allows ``data:``
    images); the legend draws the same page (``templates/map.html.j2``).

    Examples
    --------
    >>> event_icon("#d4a017").startswith("data:image/svg+xml;charset=utf-8,%3Csvg")
    True
    """
    if not (len(colour) == 7 and colour.startswith("#")):
        raise ValueError(f"{colour!r} is not a #rrggbb colour")
    edge = darker(colour, 0.55)
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32' width='64' height='64'>"
        f"<rect x='2' y='5' width='28' height='25' rx='3' fill='{colour}' stroke='{edge}'"
        " stroke-width='1.5'/>"
        f"<rect x='2' y='5' width='28' height='8' rx='3' fill='{edge}'/>"
        f"<rect x='8' y='1.5' width='3.5' height='8' rx='1.5' fill='{edge}'/>"
        f"<rect x='20.5' y='1.5' width='3.5' height='8' rx='1.5' fill='{edge}'/>"
        "<rect x='7' y='17' width='6' height='4.5' fill='#ffffff'/>"
        "<rect x='19' y='17' width='6' height='4.5' fill='#ffffff'/>"
        "<rect x='7' y='23.5' width='6' height='4' fill='#ffffff' opacity='0.7'/>"
        "</svg>"
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")


@dataclass(frozen=True)
class Map:
    """A rendered map: the HTML page and what it was made from.

    Examples
    --------
    >>> from partnermap.maps import ecosystem_map
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> m = ecosystem_map(G, area="county:voru", options=RenderOptions(lang="en"))
    >>> m.html.startswith("<!DOCTYPE html>"), "https://" in m.html.split("<script")[0]
    (True, False)
    """

    html: str
    title: str
    data: MapData
    layout: Layout
    lang: Lang

    @property
    def node_count(self) -> int:
        return len(self.data.nodes)

    @property
    def edge_count(self) -> int:
        return len(self.data.edges)

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8; parent folders are made) and return the path."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.html, encoding="utf-8")
        return target

    def _repr_html_(self) -> str:
        """Show the map in a notebook (in an iframe, so its script and styles stay apart)."""
        return (
            f'<iframe srcdoc="{html_lib.escape(self.html, quote=True)}" '
            'style="width:100%;height:640px;border:1px solid #ddd" '
            'sandbox="allow-scripts"></iframe>'
        )


def safe_json(value: Any) -> str:
    """JSON that can sit inside an HTML ``<script>`` element: no ``<``, ``>``, ``&``,
    U+2028 or U+2029 left as they are, so no text can end the element or start markup."""
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        encoded.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("partnermap.maps", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _asset(package: str, *parts: str) -> str:
    return resources.files(package).joinpath(*parts).read_text("utf-8")


def _vis_js() -> str:
    return _asset("pyvis", "templates", "lib", f"vis-{VIS_VERSION}", "vis-network.min.js")


def _vis_css() -> str:
    return _asset("pyvis", "templates", "lib", f"vis-{VIS_VERSION}", "vis-network.css")


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def known_documents() -> dict[str, str]:
    """Titles of the documents the bundled dataset and the reference data cite, by id."""
    from partnermap.datasets import bundled_dataset  # noqa: PLC0415 - read only when needed

    return {d.id: d.title for d in bundled_dataset().documents}


def _search_key(*parts: object) -> str:
    joined = " ".join(str(p) for p in parts if p)
    stripped = "".join(c for c in unicodedata.normalize("NFD", joined) if not unicodedata.combining(c))
    return stripped.lower()


# --------------------------------------------------------------------------- words


def _kind_word(lang: Lang, key: str) -> str:
    return term(lang, "org_kind" if key in _ORG_KINDS else "kind", key)


def _area_word(lang: Lang, key: str, data: MapData) -> str:
    if key.startswith("county:"):
        if lang == "en" and key in data.english:
            return data.english[key]
        if key in data.names:
            return data.names[key]
        try:
            county = reference.county(key)
        except KeyError:
            return key
        return (county.name_en or county.name) if lang == "en" else county.name
    return text(lang, key) if key in ("national", "international", "unknown", "several") else key


def _colour_word(lang: Lang, color_by: str, key: str, data: MapData) -> str:
    if color_by == "county":
        return _area_word(lang, key, data)
    if color_by == "sector" and key in ("public", "non_profit", "private"):
        return term(lang, "sector", key)
    return _kind_word(lang, key)


def _title(data: MapData, lang: Lang) -> tuple[str, str]:
    focus = data.nodes.get(data.focus) if data.focus else None
    if data.kind == "ecosystem":
        title = (
            text(lang, "title_ecosystem_area", area=_place_name(data, lang, data.area))
            if data.area
            else text(lang, "title_ecosystem")
        )
        return title, text(lang, "sub_ecosystem")
    if data.kind == "cross_area":
        title = (
            text(lang, "title_cross_area_area", area=_place_name(data, lang, data.area))
            if data.area
            else text(lang, "title_cross_area")
        )
        return title, text(lang, "sub_cross_area")
    assert focus is not None
    name = label_of(focus.attrs, lang, focus.id)
    if data.kind == "network":
        return name, text(lang, "sub_network")
    if data.kind == "project":
        kind = term(lang, "project_kind", focus.attrs.get("project_kind")).capitalize()
        return name, text(lang, "sub_project", kind=kind)
    return name, text(lang, "sub_ego", hops=data.hops)


def _place_name(data: MapData, lang: Lang, area: str | None) -> str:
    if area is None:
        return ""
    if area.startswith("county:"):
        return _area_word(lang, area, data)
    try:
        return reference.municipality(area).name
    except KeyError:
        return area


# --------------------------------------------------------------------------- pyvis


class _Index(list[Any]):
    """pyvis keeps node ids in a list and looks them up for every edge; a set makes
    building a map of tens of thousands of nodes take a second rather than minutes."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def to_pyvis(
    data: MapData,
    layout: Layout,
    *,
    color_by: str = "kind",
    values: Mapping[str, float] | None = None,
    lang: Lang = "et",
    title: str = "",
    location_edges: bool = True,
) -> Network:
    """The map as a pyvis :class:`~pyvis.network.Network`: fixed positions, physics off.

    ``values`` are the size metric's values by node id (default: all equal). Edge ids are
    ``e<i>``, ``i`` the edge's index in ``data.edges``. With ``location_edges=False`` the
    location links are left out (:func:`render_map` draws them with the base map). The
    result renders with pyvis' own template too (``net.generate_html()``), though that page
    fetches Bootstrap from a CDN; :func:`render_map` uses partnermap's template instead.
    """
    values = values if values is not None else dict.fromkeys(data.nodes, 0.0)
    large = len(data.nodes) > _LARGE_NODES or len(data.edges) > _LARGE_EDGES
    net = Network(height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line")
    net.node_ids = _Index()
    zoom = zoom_factor(len(data.nodes), layout.name)
    styles = node_styles(data, color_by, values, zoom)
    common_font = Counter(style.font_size for style in styles.values()).most_common(1)
    font_size = common_font[0][0] if common_font else 14
    for node_id in sorted(data.nodes):
        node = data.nodes[node_id]
        style = styles[node_id]
        x, y = layout.positions.get(node_id, (0.0, 0.0))
        # a colour string: vis-network derives a darker border and a lighter highlight from it
        colour: str | dict[str, Any] = _lighter(style.colour) if style.dashed else style.colour
        extra: dict[str, Any] = {}
        if style.dashed:
            extra["shapeProperties"] = {"borderDashes": [round(4 * zoom, 1), round(3 * zoom, 1)]}
        if node.focus:
            both = {"background": colour, "border": style.border}
            colour = {**both, "highlight": dict(both), "hover": dict(both)}
            extra["borderWidth"] = style.border_width
        if style.font_size != font_size:
            extra["font"] = {"size": style.font_size}
        shape = style.shape
        if shape == "event":
            shape = "image"
            extra["image"] = event_icon(colour if isinstance(colour, str) else style.colour)
            extra.pop("shapeProperties", None)
        net.add_node(
            node_id,
            label=label_of(node.attrs, lang, node_id),
            shape=shape,
            color=colour,
            x=round(x, 1),
            y=round(y, 1),
            size=round(style.size, 1),
            **extra,
        )
    weights = [e.weight for e in data.edges if e.weight is not None]
    top = max(weights, default=0.0)
    for index, edge in enumerate(data.edges):
        if edge.location and not location_edges:
            continue
        line = edge_style(edge, top, arrows=not large, zoom=zoom)
        options: dict[str, Any] = {
            "id": f"e{index}",
            "width": round(line.width, 1),
            "color": line.colour if line.opacity >= 1 else {"color": line.colour, "opacity": line.opacity},
            "arrows": "to" if line.arrow else "",
        }
        if line.dashed:
            options["dashes"] = [round(6 * zoom, 1), round(5 * zoom, 1)]
        net.add_edge(edge.source, edge.target, **options)
    net.options = _vis_options(large, font_size=font_size, wrap=round(230 * zoom))
    return net


def _without_vis_labels(options: dict[str, Any]) -> dict[str, Any]:
    nodes = dict(options.get("nodes", {}))
    nodes["scaling"] = {"label": {"enabled": False, "drawThreshold": 1e9}}
    nodes["widthConstraint"] = False
    return {**options, "nodes": nodes}


def _lighter(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * 0.55) for c in (r, g, b)))


def _vis_options(large: bool, *, font_size: int = 14, wrap: int = 230) -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "face": _FONT,
                "size": font_size,
                "color": "#222222",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            # wrapping long labels measures every word of every label: small maps only
            "widthConstraint": False if large else {"maximum": wrap},
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
            "color": {"inherit": False},
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.5}},
        },
    }


# --------------------------------------------------------------------------- page


def render_map(
    data: MapData,
    options: RenderOptions | None = None,
    *,
    coverage: CoverageLayer | None = None,
    subtitle: str | None = None,
) -> Map:
    """Lay out, style and render a map as a self-contained, offline HTML page.

    Parameters
    ----------
    data : MapData
        From one of the builders in :mod:`partnermap.maps.build`.
    options : RenderOptions, optional
        Layout, colouring, sizes, language, title, documents and seed (default: all defaults).
    coverage : CoverageLayer, optional
        Shade the municipalities by this coverage (:func:`partnermap.maps.basemap.coverage_layer`)
        and show its legend; geographic layout only (a force layout has no base map).
    subtitle : str, optional
        The line under the title (default: what the map kind shows).

    Returns
    -------
    Map
    """
    options = options or RenderOptions()
    language = check_lang(options.lang)
    layout, size_by, seed = options.layout, options.size_by, options.seed
    color_by = options.color_for(data.kind)
    values = metric(data, size_by)
    zoom = zoom_factor(len(data.nodes), layout)
    radii = {k: s.size for k, s in node_styles(data, color_by, values, zoom).items()}
    placed = untangle(compute_layout(data, layout, seed=seed, radii=radii), data, radii, zoom)
    heading, default_subtitle = _title(data, language)
    heading = options.title or heading
    subtitle = subtitle or default_subtitle
    net = to_pyvis(
        data, placed, color_by=color_by, values=values, lang=language, title=heading, location_edges=False
    )
    titles = dict(known_documents()) if options.documents is None else dict(options.documents)
    payload, cited = _payload(net, data=data, placed=placed, lang=language, values=values, size_by=size_by)
    geo = page_basemap(language, coverage) if placed.name == "geo" else None
    if geo is not None:
        payload["basemap"] = []  # the boundaries replace the centroid dots
        geo |= {"font": LABEL_FONT, "caps": {"county": _COUNTY_CAP, "band": _BAND_CAP}}
        if coverage is not None and coverage.counties:
            geo["view"] = _reached_box(coverage)
        _county_names(geo, payload, net, data=data, placed=placed, lang=language)
    # node labels last: they avoid the texts behind the graph wherever those are drawn
    view = geo.get("view") if geo is not None else None
    payload |= _time_and_labels(net, data, placed, language, _backdrop(payload, geo), view=view)
    # the page draws the node labels itself (static/labels.js): vis-network draws none
    payload["options"] = _without_vis_labels(net.options)
    page = _page(
        net=net,
        data=data,
        payload=payload,
        lang=language,
        heading=heading,
        subtitle=subtitle,
        layout=layout,
        color_by=color_by,
        size_by=size_by,
        documents=[{"id": d, "title": titles.get(d, ""), "count": n} for d, n in cited],
        geo=geo,
        coverage=_coverage_legend(coverage, language) if geo is not None and coverage is not None else None,
    )
    return Map(html=page, title=heading, data=data, layout=placed, lang=language)


def _payload(
    net: Network,
    *,
    data: MapData,
    placed: Layout,
    lang: Lang,
    values: Mapping[str, float],
    size_by: str,
) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    strings: dict[str, int] = {}
    documents: Counter[str] = Counter()

    def intern(value: str) -> int:
        return strings.setdefault(value, len(strings))

    def refs(attrs: Mapping[str, Any]) -> list[int]:
        for source in attrs.get("sources") or ():
            if isinstance(source, Mapping):
                documents[str(source.get("document", ""))] += 1
        return [intern(source) for source in sources_of(attrs)]

    def flat(facts: list[tuple[str, str]]) -> list[int]:
        return [intern(part) for fact in facts for part in fact]

    node_meta = []
    for item in net.nodes:
        node: MapNode = data.nodes[item["id"]]
        shown = {} if node.anchor or size_by == "none" else {size_by: values.get(node.id, 0.0)}
        extra = {str(v) for k in ("name", "name_en", "abbreviation") if (v := node.attrs.get(k))} - {
            item["label"]
        }
        meta: dict[str, Any] = {
            "k": node.category,
            "t": intern(_kind_word(lang, node.category)),
            "c": sorted(node.counties),
            "f": flat(node_facts(node, data.names, lang, english=data.english, metrics=shown)),
            "s": refs(node.attrs),
        }
        if node.networks:
            meta["w"] = sorted(node.networks)
        if node.anchor:
            meta["a"] = 1
        if node.municipality:
            meta["m"] = node.municipality
        if extra:
            meta["x"] = " ".join(sorted(extra))
        node_meta.append(meta)
    edge_meta = []
    for item in net.edges:
        edge = data.edges[int(item["id"][1:])]
        meta = {
            "f": flat(edge_facts(edge, data.names, lang, english=data.english)),
            "s": refs(edge.attrs),
        }
        if edge.ended:
            meta["e"] = 1
        if edge.tie:
            meta["t"] = edge.tie
        edge_meta.append(meta)
    payload = {
        "lang": lang,
        "text": {
            key: text(lang, key)
            for key in ("sources", "no_results", "details_hint", "neighbours", "ended", "f_kind")
        }
        | {"visible": text(lang, "visible", nodes="{nodes}")},
        "nodes": net.nodes,
        "edges": net.edges,
        "nodeMeta": node_meta,
        "edgeMeta": edge_meta,
        "strings": list(strings),
        "labels": [_label(label, data, lang) for label in placed.labels],
        "basemap": [[round(x, 1), round(y, 1)] for x, y in placed.basemap],
        "spokes": _spokes(net, data),
        "spokeWidth": round(0.6 * zoom_factor(len(data.nodes), placed.name), 2),
        "options": net.options,
        "focus": data.focus,
    }
    return payload, sorted(documents.items(), key=lambda kv: (-kv[1], kv[0]))


def untangle(placed: Layout, data: MapData, radii: Mapping[str, float], zoom: float) -> Layout:
    """The layout with overlapping nodes pushed apart (:func:`partnermap.maps.overlap.separate`).

    In the geographic layout municipalities keep their real places, nothing moves more
    than two node spacings from where the layout put it, and no push takes a node out of
    its municipality (its county on a map grouped by county, or when it has no
    municipality): :func:`partnermap.maps.basemap.area_shape` must still contain it. The
    force layout has no places to keep.
    """
    geo = placed.name == "geo"
    fixed = [n for n, node in data.nodes.items() if node.kind == "municipality"] if geo else []
    positions = separate(
        placed.positions,
        radii,
        pad=2.0 * zoom,
        fixed=fixed,
        max_shift=28.0 * zoom if geo else None,
        rounds=30 if len(data.nodes) <= 1500 else 8,  # big maps: a bounded cost (BENCHMARKS.md)
        inside=_keeps_home(data, placed) if geo else None,
    )
    return replace(placed, positions=positions)


def _keeps_home(data: MapData, placed: Layout) -> Callable[[str, tuple[float, float]], bool]:
    """Whether a node may stand at a point: inside the area it was laid out in, if that is
    where the layout put it (a node in a band of the sea, or the rare one the layout could
    not fit inside, has no area to keep)."""
    by_county = data.anchor == "county"
    homes: dict[str, str] = {}
    for node_id, node in data.nodes.items():
        home: str | None
        if node.kind == "county":
            home = node.id
        else:
            home = node.county if by_county else (node.municipality or node.county)
        if home and node_id in placed.positions and area_shape(home).contains(placed.positions[node_id]):
            homes[node_id] = home

    def inside(node_id: str, point: tuple[float, float]) -> bool:
        home = homes.get(node_id)
        return home is None or area_shape(home).contains(point)

    return inside


def _reached_box(coverage: CoverageLayer) -> list[float]:
    """The box of the counties a coverage layer reaches: the page's first view takes them in
    whole, so that the shading is seen, not only the nodes (a network in one town)."""
    boxes = [area_shape(county).box for county in coverage.counties]
    return [
        round(min(b[0] for b in boxes), 1),
        round(min(b[1] for b in boxes), 1),
        round(max(b[2] for b in boxes), 1),
        round(max(b[3] for b in boxes), 1),
    ]


_COUNTY_CAP = 18.0
"""The largest county name on the screen, in pixels (``static/basemap.js`` draws the same)."""
_BAND_CAP = 17.0
"""The largest band title on the screen, in pixels (``static/basemap.js`` draws the same)."""


def _backdrop(payload: Mapping[str, Any], geo: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Every text drawn behind the graph, for the label plan to keep clear of: the labels
    labels.js draws at a constant screen size and, on a geographic map, the county names and
    band titles the base map draws in the map's units (their screen size capped)."""
    out = [dict(row) for row in payload["labels"]]
    if geo is not None:
        for key, align, cap in (("countyNames", "center", _COUNTY_CAP), ("bandNames", "left", _BAND_CAP)):
            out += [{**row, "align": align, "units": "map", "cap": cap} for row in geo.get(key, ())]
    return out


def _time_and_labels(
    net: Network,
    data: MapData,
    placed: Layout,
    lang: Lang,
    backdrop: list[dict[str, Any]],
    *,
    view: list[float] | None = None,
) -> dict[str, Any]:
    """The page's label plan (:mod:`partnermap.maps.labels`), timeline
    (:mod:`partnermap.maps.timeline`) and the node options that hand labels to the page."""
    radii = {item["id"]: float(item.get("size", 8.0)) for item in net.nodes}
    degree: Counter[str] = Counter()
    for edge in data.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    plan = label_plan(
        [(item["id"], str(item["label"])) for item in net.nodes],
        {item["id"]: (float(item["x"]), float(item["y"])) for item in net.nodes},
        radii,
        degree=degree,
        focus=data.focus,
        anchors=[n for n, node in data.nodes.items() if node.anchor],
        backdrop=backdrop,
        limit=2000,
        view=view,
    )
    return {"placed": plan, "time": timeline(data, lang)}


def _spokes(net: Network, data: MapData) -> list[list[int]]:
    """The location links as ``[node index, municipality index, ended]``: the page draws
    them as one path with the base map, far cheaper than as thousands of vis edges."""
    index = {node["id"]: i for i, node in enumerate(net.nodes)}
    return [
        [index[edge.source], index[edge.target], 1 if edge.ended else 0]
        for edge in data.edges
        if edge.location and edge.source in index and edge.target in index
    ]


def _label(label: Label, data: MapData, lang: Lang) -> dict[str, Any]:
    words = _area_word(lang, label.ref, data) if label.kind == "county" else text(lang, f"band_{label.ref}")
    return {
        "text": words,
        "x": round(label.x, 1),
        "y": round(label.y, 1),
        "size": label.size,
        "align": label.align,
    }


def _options(counter: Counter[str], word: Any) -> list[dict[str, Any]]:
    rows = [{"value": key, "label": word(key), "count": n} for key, n in counter.items()]
    return sorted(rows, key=lambda r: (str(r["label"]).casefold(), r["value"]))


def _filters(data: MapData, lang: Lang) -> dict[str, list[dict[str, Any]]]:
    kinds = Counter(n.category for n in data.nodes.values())
    counties: Counter[str] = Counter(c for n in data.nodes.values() if not n.anchor for c in n.counties)
    networks: Counter[str] = Counter(w for n in data.nodes.values() for w in n.networks)

    def network_word(key: str) -> str:
        return (data.english.get(key) if lang == "en" else None) or data.names.get(key, key)

    county_rows = _options(counties, lambda k: _area_word(lang, k, data))
    county_rows.sort(key=lambda r: (not str(r["value"]).startswith("county:"),))
    return {
        "kind": _options(kinds, lambda k: _kind_word(lang, k)),
        "county": county_rows,
        "network": _options(networks, network_word),
    }


def _legend(data: MapData, lang: Lang, color_by: str, size_by: str) -> dict[str, Any]:
    colours = [
        {"label": _colour_word(lang, color_by, key, data), "colour": colour, "count": count}
        for key, colour, count in legend_colours(data, color_by)
    ]
    shapes: dict[str, str] = {}
    for node in sorted(data.nodes.values(), key=lambda n: n.kind):
        shape = shape_of(node)
        kind = "programme" if shape == "star" else node.kind
        word = term(lang, "project_kind", "programme") if kind == "programme" else term(lang, "kind", kind)
        shapes.setdefault(shape, word)
    lines = [
        {"label": text(lang, "line_" + key.split(":", 1)[1]) if key.startswith("tie:")
         else term(lang, "relation", key), "colour": colour, "dashed": False}
        for key, colour in edge_legend(data)
    ]  # fmt: skip
    if any(e.ended for e in data.edges):
        lines.append({"label": text(lang, "line_ended"), "colour": "#777777", "dashed": True})
    if any(e.inferred for e in data.edges):
        lines.append({"label": text(lang, "line_inferred"), "colour": "#777777", "dashed": True})
    if any(e.location for e in data.edges):
        lines.append({"label": text(lang, "line_location"), "colour": "#c9c9c9", "dashed": False})
    return {
        "colour_title": f"{text(lang, 'colour_by')}: {term(lang, 'colour', color_by)}",
        "colours": colours,
        "shapes": [{"shape": s, "label": w} for s, w in shapes.items()],
        "lines": lines,
        "width_note": text(lang, "line_width") if any(e.weight is not None for e in data.edges) else "",
        "size_note": f"{text(lang, 'size_by')}: {term(lang, 'metric', size_by)}",
    }


def _page(
    *,
    net: Network,
    data: MapData,
    payload: dict[str, Any],
    lang: Lang,
    heading: str,
    subtitle: str,
    layout: str,
    color_by: str,
    size_by: str,
    documents: list[dict[str, Any]],
    geo: dict[str, Any] | None = None,
    coverage: dict[str, Any] | None = None,
) -> str:
    vis_js = _vis_js()
    page_js = _asset("partnermap.maps", "static", "map.js")
    basemap_js = _asset("partnermap.maps", "static", "basemap.js")
    extra_js = [_asset("partnermap.maps", "static", name) for name in ("labels.js", "timeline.js")]
    csp = (
        "default-src 'none'; "
        f"script-src {' '.join(_hash(js) for js in (vis_js, basemap_js, page_js, *extra_js))}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    as_of = data.as_of
    template = _environment().get_template("map.html.j2")
    return template.render(
        lang=lang,
        csp=csp,
        title=heading,
        subtitle=subtitle,
        date_text=text(lang, "as_of", date=day(lang, as_of)) if isinstance(as_of, date) else "",
        all_periods=text(lang, "all_periods"),
        counts=text(lang, "counts", nodes=len(data.nodes), edges=len(data.edges)),
        layout_text=text(lang, f"layout_{layout}"),
        t=lambda key, **kw: text(lang, key, **kw),
        filters=_filters(data, lang),
        legend=_legend(data, lang, color_by, size_by),
        has_location=any(e.location for e in data.edges),
        has_ended=any(e.ended for e in data.edges),
        has_within=any(e.tie == "within" and e.kind == "cooperation" for e in data.edges),
        documents=documents,
        payload=Markup(safe_json(payload)),  # noqa: S704 - escaped by safe_json for a script element
        vis_css=Markup(_vis_css()),  # noqa: S704 - pyvis' bundled vis-network stylesheet
        page_css=Markup(_asset("partnermap.maps", "static", "map.css")),  # noqa: S704 - our stylesheet
        vis_js=Markup(vis_js),  # noqa: S704 - pyvis' bundled vis-network
        page_js=Markup(page_js),  # noqa: S704 - our script
        basemap_js=Markup(basemap_js),  # noqa: S704 - our script
        basemap_css=Markup(_asset("partnermap.maps", "static", "basemap.css")),  # noqa: S704 - ours
        geo=Markup(safe_json(geo)) if geo is not None else "",  # noqa: S704 - escaped by safe_json
        coverage=coverage,
        attribution=text(lang, "boundaries"),
        extra_js=[Markup(js) for js in extra_js],  # noqa: S704 - our scripts (labels, timeline)
        extra_css=Markup(_asset("partnermap.maps", "static", "atlas.css")),  # noqa: S704 - our stylesheet
        time=payload["time"],
        tt=TIMELINE_TEXT,
        generator=f"partnermap, vis-network {VIS_VERSION} (via pyvis)",
    )


def _coverage_legend(layer: CoverageLayer, lang: Lang) -> dict[str, Any]:
    """The coverage legend: a row per class with its colour and count, and the totals."""
    fills = page_basemap(lang, layer)["fills"]
    return {
        "title": text(lang, "coverage_as_of", date=day(lang, layer.as_of))
        if layer.as_of
        else text(lang, "coverage"),
        "rows": [
            {"key": key, "label": text(lang, f"coverage_{key}"), "colour": fill, "count": layer.counts[key]}
            for key, fill in zip(COVERAGE_CLASSES, fills, strict=True)
        ],
        "county_outline": COUNTY_OUTLINE,
        "county_label": text(lang, "coverage_county"),
        "county_count": len(layer.counties),
        "reached": text(
            lang,
            "coverage_reached",
            reached=layer.reached,
            total=layer.total,
            counties=layer.counties_reached,
            county_total=layer.county_total,
        ),
        "national": text(
            lang,
            "coverage_national",
            national=layer.national_members,
            international=layer.international_members,
        )
        if layer.national_members or layer.international_members
        else "",
    }


def _county_names(
    geo: dict[str, Any], payload: dict[str, Any], net: Network, *, data: MapData, placed: Layout, lang: Lang
) -> None:
    """Move the county names and the bands' titles from the labels map.js draws at a fixed
    screen size to the base map, drawn in the map's units (so that where they are placed
    holds at every zoom); county names are placed clear of the nodes, with room left for a
    label by each. The node labels are planned after this (:func:`_backdrop`) and keep clear
    of the names and titles at every zoom. Maps grouped by county keep their cluster titles
    as they are."""
    font_options = net.options["nodes"]
    node_font = float(font_options["font"]["size"])
    wrap = font_options["widthConstraint"]["maximum"] if font_options["widthConstraint"] else None
    font = max(1.3 * node_font, 40.0)
    moved = {"band"} if data.anchor == "county" else {"band", "county"}
    counties = {label.ref for label in placed.labels if label.kind == "county"}
    if "county" in moved:
        geo["countyNames"] = place_county_names(
            {c: _area_word(lang, c, data) for c in sorted(counties)},
            net.nodes,
            font=font,
            node_font=node_font,
            wrap=wrap,
        )
    geo["bandNames"] = [
        {"text": row["text"], "x": row["x"], "y": row["y"], "size": round(font, 1)}
        for row, label in zip(payload["labels"], placed.labels, strict=True)
        if label.kind == "band"
    ]
    payload["labels"] = [
        row for row, label in zip(payload["labels"], placed.labels, strict=True) if label.kind not in moved
    ]
