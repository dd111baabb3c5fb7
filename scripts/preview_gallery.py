"""Make the PNG previews of the gallery maps that ``visuals/`` holds in the repository.

Builds the gallery (``scripts/build_visuals.py``: the bundled dataset as of 2025-06-01, in
Estonian) into ``visuals/``, opens every map in headless Chromium (Debian's
``/usr/bin/chromium``, offline: every request that is not for a file is aborted, and a
map that asks for one fails the run), waits until its labels are drawn and saves
``visuals/previews/<map>.png``: the whole page at 1600x1000, stored at ``--scale`` of that
size. Then writes ``visuals/index.html`` again, with the previews in its cards.

The same data and code give the same pictures, so the previews only change when a map
does. Usage::

    .venv/bin/python scripts/preview_gallery.py            # -> visuals/previews/*.png
    .venv/bin/python scripts/preview_gallery.py -o /tmp/v --scale 1
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from build_visuals import DEFAULT_AS_OF, build, opened_store, previews_in  # noqa: E402
from playwright.sync_api import Route, sync_playwright  # noqa: E402

from partnermap.graph import snapshot  # noqa: E402
from partnermap.maps.gallery import index_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
DRAWN = "Boolean(window.partnermap && window.partnermap.labels && window.partnermap.labels.ready)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "visuals", help="folder of the gallery")
    parser.add_argument("--width", type=int, default=1600, help="viewport width (CSS pixels)")
    parser.add_argument("--height", type=int, default=1000, help="viewport height (CSS pixels)")
    parser.add_argument("--scale", type=float, default=0.6, help="image pixels per CSS pixel")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with opened_store(None) as store:
        G = snapshot(store)
    entries = build(G, args.output, lang="et", as_of=DEFAULT_AS_OF, layout="geo", log=lambda _: None)
    (args.output / "previews").mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": args.width, "height": args.height}, device_scale_factor=args.scale
        )

        def route(r: Route) -> None:
            if r.request.url.startswith(("file:", "data:", "about:")):
                r.continue_()
            else:
                problems.append(f"request {r.request.url}")
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        for entry in entries:
            page.goto((args.output / entry.file).resolve().as_uri())
            deadline = time.monotonic() + 60
            while not page.evaluate(DRAWN):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{entry.file}: never drawn")
                page.wait_for_timeout(25)
            page.wait_for_timeout(100)
            target = args.output / "previews" / (Path(entry.file).stem + ".png")
            page.screenshot(path=str(target))
            print(f"  {target.relative_to(args.output)}")
            if problems:
                raise SystemExit(f"{entry.file}: {problems}")
        browser.close()
    page_html = index_page(
        entries, lang="et", as_of=DEFAULT_AS_OF, previews=previews_in(args.output, entries)
    )
    (args.output / "index.html").write_text(page_html, encoding="utf-8")
    print(f"{len(entries)} previews and index.html in {args.output}/ ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
