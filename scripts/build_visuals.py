"""Build the map gallery: ``visuals/`` with a map of every network and programme.

Loads the bundled Estonia dataset into a temporary SQLite store (or reads the store given
with ``--store``), takes a snapshot and writes:

* ``visuals/ecosystem.html`` and ``visuals/cross-area.html`` (overviews);
* ``visuals/network-<slug>.html`` for every network;
* ``visuals/programme-<slug>.html`` for every project of kind ``programme``;
* ``visuals/index.html`` linking them all (plain HTML, names escaped, works offline).

Usage::

    .venv/bin/python scripts/build_visuals.py                      # -> visuals/
    .venv/bin/python scripts/build_visuals.py -o out --lang en --as-of 2025-06-01
    .venv/bin/python scripts/build_visuals.py --store sqlite:///partnermap.db
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from partnermap.datasets import bundled_dataset  # noqa: E402
from partnermap.graph import snapshot  # noqa: E402
from partnermap.maps import Map, cross_area_map, ecosystem_map, network_map, project_map  # noqa: E402
from partnermap.maps.i18n import LANGS, Lang, check_lang, day, term, text  # noqa: E402
from partnermap.maps.options import RenderOptions  # noqa: E402
from partnermap.model import parse_date  # noqa: E402
from partnermap.store import open_store  # noqa: E402
from partnermap.store.base import Store  # noqa: E402
from partnermap.store.sqlite import SQLiteStore  # noqa: E402

DEFAULT_AS_OF = date(2025, 6, 1)


@dataclass(frozen=True)
class Entry:
    """One map of the gallery."""

    section: str
    file: str
    title: str
    note: str
    nodes: int
    links: int


@contextmanager
def opened_store(url: str | None) -> Iterator[Store]:
    """The store at ``url``, or a temporary SQLite store holding the bundled dataset."""
    if url:
        store = open_store(url)
        try:
            yield store
        finally:
            store.close()
        return
    with tempfile.TemporaryDirectory(prefix="partnermap-visuals-") as folder:
        temporary = SQLiteStore(Path(folder) / "partnermap.db")
        try:
            temporary.load(bundled_dataset())
            yield temporary
        finally:
            temporary.close()


def slug(node_id: str) -> str:
    """The file-name part of an id: ``network:loimumiskoda`` -> ``loimumiskoda``."""
    return node_id.split(":", 1)[1]


def members(G: nx.MultiDiGraph, network: str, as_of: date | None) -> int:
    count = 0
    for _, _, attrs in G.in_edges(network, data=True):
        if attrs.get("kind") != "member_of":
            continue
        start, end = attrs.get("valid_from"), attrs.get("valid_to")
        if as_of is None or (
            (not start or start <= as_of.isoformat()) and (not end or end >= as_of.isoformat())
        ):
            count += 1
    return count


def build(
    G: nx.MultiDiGraph,
    output: Path,
    *,
    lang: Lang,
    as_of: date | None,
    layout: str,
    log: Callable[[str], None] = print,
) -> list[Entry]:
    """Write every map of the gallery into ``output``; return what was written."""
    output.mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []

    def write(section: str, name: str, result: Map, note: str) -> None:
        result.write(output / name)
        entries.append(Entry(section, name, result.title, note, result.node_count, result.edge_count))
        log(f"  {name}: {result.node_count} nodes, {result.edge_count} links")

    common: dict[str, Any] = {"as_of": as_of, "options": RenderOptions(lang=lang, layout=layout)}
    write("overviews", "ecosystem.html", ecosystem_map(G, **common), text(lang, "sub_ecosystem"))
    write("overviews", "cross-area.html", cross_area_map(G, **common), text(lang, "sub_cross_area"))
    networks = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "network")
    for network in networks:
        kind = term(lang, "network_type", G.nodes[network].get("network_type"))
        count = members(G, network, as_of)
        size = text(lang, "gallery_member") if count == 1 else text(lang, "gallery_members", n=count)
        note = f"{kind} · {size}"
        write("networks", f"network-{slug(network)}.html", network_map(G, network, **common), note)
    programmes = sorted(
        n
        for n, d in G.nodes(data=True)
        if d.get("kind") == "project" and d.get("project_kind") == "programme"
    )
    for programme in programmes:
        attrs = G.nodes[programme]
        start, end = attrs.get("start"), attrs.get("end")
        note = " – ".join(day(lang, x) for x in (start, end) if x) or term(lang, "project_kind", "programme")
        write("programmes", f"programme-{slug(programme)}.html", project_map(G, programme, **common), note)
    (output / "index.html").write_text(index_page(entries, lang=lang, as_of=as_of), encoding="utf-8")
    return entries


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
"""


def index_page(entries: list[Entry], *, lang: Lang, as_of: date | None) -> str:
    """The gallery's index: every map linked, every text escaped, no script at all."""
    e = html.escape
    title = text(lang, "gallery_title")
    when = text(lang, "as_of", date=day(lang, as_of)) if as_of else text(lang, "all_periods")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_INDEX_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_INDEX_CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="lead">{e(when)} · {e(text(lang, "gallery_intro"))}</p>',
    ]
    for section in ("overviews", "networks", "programmes"):
        rows = [entry for entry in entries if entry.section == section]
        if not rows:
            continue
        parts.append(f"<h2>{e(text(lang, 'gallery_' + section))}</h2>")
        parts.append('<ul class="cards">')
        for entry in rows:
            counts = text(lang, "counts", nodes=entry.nodes, edges=entry.links)
            parts.append(
                f'<li><a href="{e(entry.file, quote=True)}">{e(entry.title)}</a>'
                f'<span class="note">{e(entry.note)}</span><span class="count">{e(counts)}</span></li>'
            )
        parts.append("</ul>")
    parts.append(f"<footer>{e(text(lang, 'made_with'))}</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "visuals", help="folder to write")
    parser.add_argument("--store", help="store URL (default: a temporary store with the bundled dataset)")
    parser.add_argument(
        "--as-of",
        default=DEFAULT_AS_OF.isoformat(),
        help="date the maps show (default %(default)s); 'all' for every period",
    )
    parser.add_argument("--lang", default="et", choices=LANGS)
    parser.add_argument("--layout", default="geo", choices=("geo", "force"))
    args = parser.parse_args(argv)
    as_of: date | None = None
    if args.as_of != "all":
        parsed = parse_date(args.as_of)
        if not isinstance(parsed, date):
            parser.error(f"--as-of: {args.as_of!r} is not a date")
        as_of = parsed
    started = time.perf_counter()
    with opened_store(args.store) as store:
        G = snapshot(store)
    print(f"building maps into {args.output}/")
    entries = build(G, args.output, lang=check_lang(args.lang), as_of=as_of, layout=args.layout)
    print(f"wrote {len(entries)} maps and index.html in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
