"""Build the map gallery: ``visuals/`` with a map of every network and programme.

Loads the bundled Estonia dataset into a temporary SQLite store (or reads the store given
with ``--store``), takes a snapshot and writes:

* ``visuals/ecosystem.html`` and ``visuals/cross-area.html`` (overviews);
* ``visuals/network-<slug>.html`` for every network;
* ``visuals/programme-<slug>.html`` for every project of kind ``programme``;
* ``visuals/index.html`` linking them all (plain HTML, names escaped, works offline), with
  the preview images of ``visuals/previews/`` where there are some
  (``scripts/preview_gallery.py`` makes them; they are committed, the maps are not).

Usage::

    .venv/bin/python scripts/build_visuals.py                      # -> visuals/
    .venv/bin/python scripts/build_visuals.py -o out --lang en --as-of 2025-06-01
    .venv/bin/python scripts/build_visuals.py --store sqlite:///partnermap.db
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from partnermap.datasets import bundled_dataset  # noqa: E402
from partnermap.graph import snapshot  # noqa: E402
from partnermap.maps.gallery import Entry, draw_file, gallery_entries, index_page  # noqa: E402
from partnermap.maps.i18n import LANGS, Lang, check_lang  # noqa: E402
from partnermap.maps.options import RenderOptions  # noqa: E402
from partnermap.model import parse_date  # noqa: E402
from partnermap.store import open_store  # noqa: E402
from partnermap.store.base import Store  # noqa: E402
from partnermap.store.sqlite import SQLiteStore  # noqa: E402

DEFAULT_AS_OF = date(2025, 6, 1)


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
    options = RenderOptions(lang=lang, layout=layout)
    entries: list[Entry] = []
    for entry in gallery_entries(G, lang=lang, as_of=as_of):
        result = draw_file(G, entry.file, as_of=as_of, options=options)
        result.write(output / entry.file)
        entries.append(replace(entry, title=result.title, nodes=result.node_count, links=result.edge_count))
        log(f"  {entry.file}: {result.node_count} nodes, {result.edge_count} links")
    page = index_page(entries, lang=lang, as_of=as_of, previews=previews_in(output, entries))
    (output / "index.html").write_text(page, encoding="utf-8")
    return entries


def previews_in(output: Path, entries: list[Entry]) -> dict[str, str]:
    """The preview images of ``entries`` in ``output/previews/`` (scripts/preview_gallery.py
    makes them), by map file name, as addresses relative to ``output``."""
    found = {}
    for entry in entries:
        image = Path("previews") / (Path(entry.file).stem + ".png")
        if (output / image).exists():
            found[entry.file] = image.as_posix()
    return found


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
