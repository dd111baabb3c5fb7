"""The map gallery: which maps it holds for a graph, how each is drawn, and its index page.

``scripts/build_visuals.py`` writes the gallery into a folder, one HTML file per map and
``index.html``; the API serves the same files under ``/maps/``, drawn on request. Both take
the list of maps, their file names and the index page from here, so that a link of one
works in the other.

====================================  ================================================
``ecosystem.html``                     everything
``cross-area.html``                    organisations by county, ties across counties
``network-<slug>.html``                one network, for every network
``programme-<slug>.html``              one programme, for every project of kind programme
====================================  ================================================

Examples
--------
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> G = to_multigraph(ds.nodes, ds.relations)
>>> entries = gallery_entries(G, lang="en", as_of=None)
>>> [(e.file, e.title) for e in entries[:2]]
[('ecosystem.html', 'Cooperation ecosystem'), ('cross-area.html', 'Cooperation across counties')]
>>> map_of_file("network-loimumiskoda.html"), map_of_file("programme-x.html"), map_of_file("x.html")
(('network', 'network:loimumiskoda'), ('project', 'project:x'), None)
>>> page = index_page(entries, lang="en", as_of=None)
>>> 'href="network-loimumiskoda.html"' in page and "<script" not in page
True
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

import networkx as nx

from partnermap.errors import NotFoundError
from partnermap.graph import active_on
from partnermap.maps.i18n import Lang, day, label_of, term, text
from partnermap.maps.options import MapError, RenderOptions
from partnermap.model import ID_PREFIX, NodeKind

if TYPE_CHECKING:
    from partnermap.maps.render import Map

__all__ = [
    "MAP_KINDS",
    "SECTIONS",
    "Entry",
    "draw",
    "draw_file",
    "gallery_entries",
    "index_of",
    "index_page",
    "map_html",
    "map_of_file",
    "members",
    "slug",
]

Section = Literal["overviews", "networks", "programmes"]
SECTIONS: tuple[Section, ...] = ("overviews", "networks", "programmes")
"""The index page's sections, in order."""


@dataclass(frozen=True)
class Entry:
    """One map of the gallery: its section, file name, title and a note; the numbers of
    nodes and links once it is drawn (None: not shown)."""

    section: Section
    file: str
    title: str
    note: str
    nodes: int | None = None
    links: int | None = None


def slug(node_id: str) -> str:
    """The file-name part of an id: ``network:loimumiskoda`` -> ``loimumiskoda``.

    Examples
    --------
    >>> slug("network:loimumiskoda")
    'loimumiskoda'
    """
    return node_id.split(":", 1)[1]


# A file's name says what it draws: the overviews by name, the others by prefix and slug.
_OVERVIEWS = ("ecosystem", "cross-area")
_PREFIXES = {"network": NodeKind.NETWORK, "programme": NodeKind.PROJECT, "project": NodeKind.PROJECT}


def map_of_file(name: str) -> tuple[str, str | None] | None:
    """The map a gallery file name stands for: ``(kind, node id or None)``, or None if it
    names no map. ``project-<slug>.html`` is read as ``programme-<slug>.html``."""
    stem = name.removesuffix(".html")
    if stem in _OVERVIEWS:
        return stem, None
    prefix, _, rest = stem.partition("-")
    kind = _PREFIXES.get(prefix)
    if kind is None or not rest:
        return None
    return kind.value, f"{ID_PREFIX[kind]}:{rest}"


def members(G: nx.MultiDiGraph, network: str, as_of: date | None) -> int:
    """The members of a network (``member_of`` relations into it), as of a day if given.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("org:a", "network:n", kind="member_of", valid_to="2024-12-31")
    0
    >>> members(G, "network:n", None), members(G, "network:n", date(2025, 1, 1))
    (1, 0)
    """
    return sum(
        1
        for *_, attrs in G.in_edges(network, data=True)
        if attrs.get("kind") == "member_of" and (as_of is None or active_on(attrs, as_of))
    )


def gallery_entries(G: nx.MultiDiGraph, *, lang: Lang, as_of: date | None) -> list[Entry]:
    """The maps of the gallery of ``G``: the overviews, every network, every programme."""
    entries = [
        Entry("overviews", "ecosystem.html", text(lang, "title_ecosystem"), text(lang, "sub_ecosystem")),
        Entry("overviews", "cross-area.html", text(lang, "title_cross_area"), text(lang, "sub_cross_area")),
    ]
    for network, attrs in sorted(G.nodes(data=True)):
        if attrs.get("kind") != "network":
            continue
        count = members(G, network, as_of)
        size = text(lang, "gallery_member") if count == 1 else text(lang, "gallery_members", n=count)
        note = f"{term(lang, 'network_type', attrs.get('network_type'))} · {size}"
        entries.append(
            Entry("networks", f"network-{slug(network)}.html", label_of(attrs, lang, network), note)
        )
    for programme, attrs in sorted(G.nodes(data=True)):
        if attrs.get("kind") != "project" or attrs.get("project_kind") != "programme":
            continue
        ends = (attrs.get("start"), attrs.get("end"))
        note = " – ".join(day(lang, x) for x in ends if x) or term(lang, "project_kind", "programme")
        title = label_of(attrs, lang, programme)
        entries.append(Entry("programmes", f"programme-{slug(programme)}.html", title, note))
    return entries


MAP_KINDS: dict[str, str] = {
    "ecosystem": "ecosystem_map",
    "cross-area": "cross_area_map",
    "network": "network_map",
    "project": "project_map",
    "ego": "ego_map",
}
"""The maps the gallery (and the API) draw: kind -> function of :mod:`partnermap.maps.api`;
the last three are of one node. Looked up when drawing, so that listing the gallery (and
the API's start) does not load the renderer."""


def draw(
    G: nx.MultiDiGraph,
    kind: str,
    node_id: str | None = None,
    *,
    as_of: date | None,
    options: RenderOptions,
    hops: int = 2,
) -> Map:
    """Draw the map of a kind of :data:`MAP_KINDS` (of ``node_id`` for a network, project
    or ego map; ``hops`` for an ego map only).

    Examples
    --------
    >>> from partnermap.datasets import bundled_dataset
    >>> from partnermap.graph import to_multigraph
    >>> ds = bundled_dataset()
    >>> G = to_multigraph(ds.nodes, ds.relations)
    >>> draw(G, "network", "network:loimumiskoda", as_of=None, options=RenderOptions()).title
    'Lõimumiskoda'
    """
    extra: dict[str, Any] = {"hops": hops} if kind == "ego" else {}
    ids = () if node_id is None else (node_id,)
    made: Map = getattr(importlib.import_module("partnermap.maps.api"), MAP_KINDS[kind])(
        G, *ids, as_of=as_of, options=options, **extra
    )
    return made


def map_html(
    G: nx.MultiDiGraph,
    kind: str,
    node_id: str | None = None,
    *,
    as_of: date | None,
    options: RenderOptions,
    hops: int = 2,
) -> str:
    """The page of :func:`draw`'s map; NotFoundError when ``G`` has no node ``node_id`` (the
    API's 404 for an address naming an id the graph lacks)."""
    if node_id is not None and node_id not in G:
        raise NotFoundError(f"there is no {node_id.split(':', 1)[0]} with id {node_id!r} to draw")
    return draw(G, kind, node_id, as_of=as_of, options=options, hops=hops).html


def draw_file(G: nx.MultiDiGraph, name: str, *, as_of: date | None, options: RenderOptions) -> Map:
    """Draw the map a gallery file name stands for (MapError if it names none)."""
    found = map_of_file(name)
    if found is None:
        raise MapError(f"there is no map {name!r}")
    return draw(G, *found, as_of=as_of, options=options)


_INDEX_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_INDEX_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d1d1f;
       background: #f6f6f4; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 15px; text-transform: uppercase; letter-spacing: .05em; color: #666; margin: 28px 0 10px; }
p.lead { color: #444; margin: 0 0 6px; }
ul.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px;
           grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); }
ul.cards li { background: #fff; border: 1px solid #dcdcd8; border-radius: 8px; padding: 10px 14px; }
ul.cards a { font-weight: 600; color: #1f4f8f; text-decoration: none; overflow-wrap: anywhere; }
ul.cards a:hover { text-decoration: underline; }
.note, .count { display: block; color: #666; font-size: 13px; }
footer { color: #777; font-size: 13px; margin-top: 32px; }
a.preview img { display: block; width: 100%; height: auto; border: 1px solid #e2e2de; border-radius: 4px;
                margin-bottom: 8px; background: #fff; }
"""


def index_of(
    G: nx.MultiDiGraph, *, lang: Lang, as_of: date | None, links: Sequence[tuple[str, str]] = ()
) -> str:
    """The index of the maps of ``G`` (:func:`gallery_entries`), whose links keep ``lang`` and
    ``as_of``."""
    query = {"lang": lang, **({"as_of": as_of.isoformat()} if as_of else {})}
    entries = gallery_entries(G, lang=lang, as_of=as_of)
    return index_page(entries, lang=lang, as_of=as_of, query=query, links=links)


def index_page(
    entries: Sequence[Entry],
    *,
    lang: Lang,
    as_of: date | None,
    query: Mapping[str, str] | None = None,
    links: Sequence[tuple[str, str]] = (),
    previews: Mapping[str, str] | None = None,
) -> str:
    """The gallery's index: every map linked, every text escaped, no script at all.

    ``query`` is added to every map's link (the API passes on ``lang`` and ``as_of``);
    ``links`` are further (address, text) links for the footer; ``previews`` maps a map's
    file name to the address of its preview image (``visuals/previews/``), shown in its card.
    """
    e = html.escape
    title = text(lang, "gallery_title")
    when = text(lang, "as_of", date=day(lang, as_of)) if as_of else text(lang, "all_periods")
    suffix = "?" + urlencode(query) if query else ""
    previews = previews or {}
    csp = _INDEX_CSP + ("; img-src 'self'" if previews else "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_INDEX_CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="lead">{e(when)} · {e(text(lang, "gallery_intro"))}</p>',
    ]
    for section in SECTIONS:
        rows = [entry for entry in entries if entry.section == section]
        if not rows:
            continue
        parts.append(f"<h2>{e(text(lang, 'gallery_' + section))}</h2>")
        parts.append('<ul class="cards">')
        for entry in rows:
            counts = "" if entry.nodes is None else text(lang, "counts", nodes=entry.nodes, edges=entry.links)
            image = previews.get(entry.file)
            picture = (
                f'<a class="preview" href="{e(entry.file + suffix, quote=True)}" tabindex="-1">'
                f'<img src="{e(image, quote=True)}" alt="{e(entry.title, quote=True)}" loading="lazy"></a>'
                if image
                else ""
            )
            parts.append(
                f"<li>{picture}"
                f'<a href="{e(entry.file + suffix, quote=True)}">{e(entry.title)}</a>'
                f'<span class="note">{e(entry.note)}</span>'
                + (f'<span class="count">{e(counts)}</span>' if counts else "")
                + "</li>"
            )
        parts.append("</ul>")
    footer = [f'<a href="{e(href, quote=True)}">{e(name)}</a>' for href, name in links]
    parts.append(f"<footer>{' · '.join([*footer, e(text(lang, 'made_with'))])}</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
