"""Benchmark: what the base map costs the 10,000-node / 30,000-edge map.

Builds the ecosystem map of ``partnermap synth`` data twice, in one run on one machine:

* with this checkout (boundaries of 79 municipalities and 15 counties drawn beneath the
  graph, nodes placed inside their municipality, county names placed clear of the nodes);
* with a baseline checkout given by ``--baseline-src`` (e.g. the commit before the base
  map: ``git archive ce9d6ed | tar -x -C /tmp/base``), in a subprocess with that source
  first on ``sys.path``;

then loads both pages in headless Chromium (offline), alternating, and reports the page
sizes, the time to render each in Python, the time the base map's own Python steps take
(layout inside the boundaries, county-name placement) and the medians of "interactive"
(navigation start to the first drawing) and "complete" (every edge drawn).

Usage::

    .venv/bin/python scripts/bench/bench_basemap.py --baseline-src /tmp/base --runs 5

Prints a markdown report. Not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_maps import ARGS, CHROMIUM, machine, time_ours  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from partnermap.graph import to_multigraph  # noqa: E402
from partnermap.maps import build, render_map  # noqa: E402
from partnermap.maps.basemap import place_county_names  # noqa: E402
from partnermap.maps.layout import geo_layout  # noqa: E402
from partnermap.synth import synthesize  # noqa: E402

_BASELINE = """
import sys, time
from partnermap.graph import to_multigraph
from partnermap.maps import build, render_map
from partnermap.synth import synthesize
ds = synthesize(orgs={orgs}, seed={seed})
G = to_multigraph(ds.nodes, ds.relations)
t = time.perf_counter()
m = render_map(build.ecosystem(G, cooperation=True, min_weight={weight}))
print(time.perf_counter() - t)
import partnermap
assert partnermap.__file__.startswith({src!r}), partnermap.__file__
m.write(sys.argv[1])
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--baseline-src", type=Path, required=True, help="source tree of the baseline")
    parser.add_argument("--orgs", type=int, default=7700)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-weight", type=float, default=0.25, help="cooperation ties drawn")
    parser.add_argument("--runs", type=int, default=5, help="page loads of each map")
    parser.add_argument("--keep", type=Path, help="folder to keep the two pages in")
    args = parser.parse_args(argv)

    info = machine()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="partnermap-bench-basemap-"))
    folder.mkdir(parents=True, exist_ok=True)
    base_path, ours_path = folder / "baseline.html", folder / "basemap.html"

    script = _BASELINE.format(
        orgs=args.orgs, seed=args.seed, weight=args.min_weight, src=str(args.baseline_src.resolve())
    )
    # -S: no site processing, so the editable install of this checkout (a .pth import hook)
    # cannot win over the baseline; the venv's packages come on the path after the baseline
    path = os.pathsep.join([str(args.baseline_src.resolve()), sysconfig.get_paths()["purelib"]])
    done = subprocess.run(
        [sys.executable, "-S", "-c", script, str(base_path)],
        env={**os.environ, "PYTHONPATH": path},
        cwd=folder,  # not this checkout: python -c puts the working directory first on the path
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the baseline failed:\n{done.stderr}")
    base_render = float(done.stdout.strip().splitlines()[-1])

    dataset = synthesize(orgs=args.orgs, seed=args.seed)
    G = to_multigraph(dataset.nodes, dataset.relations)
    data = build.ecosystem(G, cooperation=True, min_weight=args.min_weight)
    started = time.perf_counter()
    result = render_map(data)
    ours_render = time.perf_counter() - started
    result.write(ours_path)
    started = time.perf_counter()
    geo_layout(data)
    layout_s = time.perf_counter() - started
    nodes = [{"x": x, "y": y, "size": 6.0, "label": data.nodes[n].name, "shape": "dot"} for n, (x, y) in
             result.layout.positions.items()]  # fmt: skip
    names = {label.ref: label.ref for label in result.layout.labels if label.kind == "county"}
    started = time.perf_counter()
    place_county_names(names, nodes, font=40.0, node_font=10.0, wrap=None)
    names_s = time.perf_counter() - started

    runs: dict[str, list[dict[str, float]]] = {"baseline": [], "basemap": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            time_ours(browser, base_path)  # warm-up
            time_ours(browser, ours_path)
            for _ in range(args.runs):  # alternating, so that load drifts hit both alike
                runs["baseline"].append(time_ours(browser, base_path))
                runs["basemap"].append(time_ours(browser, ours_path))
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(ours_path.as_uri())
            page.wait_for_timeout(3000)
            basemap_ms = page.evaluate("window.partnermapBasemap.timings()")
            page.close()
        finally:
            browser.close()

    def median(which: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[which])

    def spread(which: str, key: str) -> str:
        values = [run[key] for run in runs[which]]
        return f"min {min(values):.2f}, max {max(values):.2f}"

    size_base, size_ours = base_path.stat().st_size / 1e6, ours_path.stat().st_size / 1e6
    command = (
        f".venv/bin/python scripts/bench/bench_basemap.py --baseline-src {args.baseline_src} "
        f"--orgs {args.orgs} --seed {args.seed} --min-weight {args.min_weight} --runs {args.runs}"
    )
    interactive = (
        f"{median('baseline', 'interactive'):.2f} s ({spread('baseline', 'interactive')}) | "
        f"{median('basemap', 'interactive'):.2f} s ({spread('basemap', 'interactive')}) | "
        f"{median('basemap', 'interactive') / median('baseline', 'interactive'):.2f}"
    )
    print(f"""## Base map on the 10,000-node map (`scripts/bench/bench_basemap.py`)

Command: `{command}`

Machine: `nproc` {info["nproc"]}, {info["cpu"]}, {info["ram"]} RAM, load average {info["load"]} at the start;
{info["chromium"]}, headless, software rendering, offline; Python {info["python"]}.

Map: the ecosystem of `synthesize(orgs={args.orgs}, seed={args.seed})` with cooperation ties of weight >= \
{args.min_weight}: **{result.node_count} nodes, {result.edge_count} edges**, geographic layout.

| | baseline ({args.baseline_src}) | with the base map | ratio |
|---|---|---|---|
| interactive (median of {args.runs}) | {interactive} |
| every edge drawn | {median("baseline", "complete"):.2f} s | {median("basemap", "complete"):.2f} s \
| {median("basemap", "complete") / median("baseline", "complete"):.2f} |
| HTML size | {size_base:.2f} MB | {size_ours:.2f} MB | +{(size_ours - size_base) * 1000:.0f} KB |
| render in Python (layout, styles, page) | {base_render:.2f} s | {ours_render:.2f} s | |

Base map steps in Python alone: geographic layout with every node inside its area {layout_s:.2f} s;
county-name placement against {len(nodes)} nodes and their labels {names_s:.2f} s.
In the page (after the runs): decoding the boundaries into paths {basemap_ms["build"]:.1f} ms once, \
drawing the base map {basemap_ms["draw"]:.1f} ms per frame.
""")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
