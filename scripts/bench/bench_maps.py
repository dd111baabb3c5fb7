"""Benchmark: how fast a 10,000-node / 30,000-edge map becomes interactive in Chromium.

Compares, in one run on one machine, in headless Chromium (Debian's /usr/bin/chromium,
offline: every request that is not for a file is aborted):

* partnermap's map (:func:`partnermap.maps.ecosystem_map`, positions precomputed, physics
  off): time from navigation start to the first drawing with every node placed, when
  search, filters and zoom work ("interactive"), and to the drawing with every edge
  ("complete"; a big map gets its edges in batches right after the first drawing);
* pyvis' defaults for the same nodes and edges (``Network()``, physics on, its own
  template with vis-network inlined): time from navigation start to the end of its
  stabilisation, when pyvis hides its loading bar - or the cap, if it takes longer.

The map is the ecosystem of ``partnermap synth`` data (organisations, networks, projects,
municipalities, their relations, and the cooperation ties of weight >= ``--min-weight``).

Usage::

    .venv/bin/python scripts/bench/bench_maps.py --orgs 7700 --seed 1 --min-weight 0.25

Prints a markdown report. Not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Route, sync_playwright  # noqa: E402
from pyvis.network import Network  # noqa: E402

from partnermap.graph import to_multigraph  # noqa: E402
from partnermap.maps import Map, build, render_map  # noqa: E402
from partnermap.maps.render import to_pyvis  # noqa: E402
from partnermap.synth import synthesize  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PYVIS_HOOK = """
<script>
(function () {
  function hook() {
    if (typeof network === "undefined" || !network) { setTimeout(hook, 1); return; }
    network.once("afterDrawing", function () { window.__firstDraw = performance.now(); });
    network.once("stabilizationIterationsDone", function () { window.__stabilized = performance.now(); });
  }
  hook();
})();
</script>
</body>"""


class _Index(list[Any]):
    """Set-backed membership for pyvis' node id list (its lookups are linear)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def machine() -> dict[str, str]:
    """CPU count, model, RAM, load and the browser's version."""
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line), ""
        )
    except OSError:
        pass
    ram = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("\n", 1)[0].split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "ram": ram,
        "load": load,
        "chromium": version.strip(),
        "python": platform.python_version(),
    }


def pyvis_defaults(result: Map) -> str:
    """The same nodes and edges through pyvis' defaults: physics on, no positions, its template."""
    ours = to_pyvis(result.data, result.layout)
    net = Network(cdn_resources="in_line")  # "local" would fetch vis-network itself from a CDN
    net.node_ids = _Index()
    for node in ours.nodes:
        net.add_node(
            node["id"], label=node["label"], shape=node["shape"], color=node["color"], size=node["size"]
        )
    for edge in ours.edges:
        net.add_edge(edge["from"], edge["to"], width=edge["width"], color=edge["color"])
    html: str = net.generate_html()
    return html.replace("</body>", PYVIS_HOOK, 1)


def _offline(page: Page) -> list[str]:
    blocked: list[str] = []

    def route(r: Route) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


def _poll(page: Page, expression: str, timeout: float, every: int = 20) -> bool:
    """Wait for ``expression`` (not ``wait_for_function``: the maps' CSP forbids its eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(every)
    return True


def time_ours(browser: Browser, path: Path) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked = _offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    assert _poll(page, "() => Boolean(window.partnermap && window.partnermap.complete)", 120), (
        "never completed"
    )
    timings = page.evaluate("window.partnermap.timings")
    counts = page.evaluate("[window.partnermap.visibleCount(), window.partnermap.visibleEdgeCount()]")
    filtering = page.evaluate(
        "() => { const t = performance.now(); window.partnermap.setFilter('kind', 'ngo');"
        " const d = performance.now() - t; window.partnermap.setFilter('kind', ''); return d; }"
    )
    first = page.evaluate("window.partnermap.nodes.getIds()[0]")
    selecting = page.evaluate(
        "(id) => { const t = performance.now(); window.partnermap.select(id);"
        " return performance.now() - t; }",
        first,
    )
    page.close()
    assert not blocked and not errors, (blocked, errors)
    return {
        "interactive": timings["drawn"] / 1000,
        "complete": timings["complete"] / 1000,
        "script": timings["start"] / 1000,
        "nodes": counts[0],
        "edges": counts[1],
        "filter": filtering / 1000,
        "select": selecting / 1000,
    }


def time_pyvis(browser: Browser, path: Path, cap: float) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _offline(page)
    started = time.monotonic()
    page.goto(path.as_uri(), wait_until="commit")
    done = _poll(page, "() => window.__stabilized !== undefined", cap, every=500)
    progress = page.evaluate("(document.getElementById('text') || {}).innerHTML || ''")
    stabilized = page.evaluate("window.__stabilized") if done else None
    page.close()
    return {
        "stabilized": stabilized / 1000 if stabilized is not None else None,
        "waited": time.monotonic() - started,
        "progress": progress,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--orgs", type=int, default=7700)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-weight", type=float, default=0.25, help="cooperation ties drawn")
    parser.add_argument("--runs", type=int, default=5, help="page loads of partnermap's map")
    parser.add_argument("--cap", type=float, default=300.0, help="longest wait for pyvis, seconds")
    parser.add_argument("--keep", type=Path, help="folder to keep the two pages in")
    args = parser.parse_args(argv)

    info = machine()
    started = time.perf_counter()
    dataset = synthesize(orgs=args.orgs, seed=args.seed)
    G = to_multigraph(dataset.nodes, dataset.relations)
    synth_s = time.perf_counter() - started
    started = time.perf_counter()
    data = build.ecosystem(G, cooperation=True, min_weight=args.min_weight)
    result = render_map(data)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    baseline = pyvis_defaults(result)
    pyvis_s = time.perf_counter() - started

    folder = args.keep or Path(tempfile.mkdtemp(prefix="partnermap-bench-maps-"))
    folder.mkdir(parents=True, exist_ok=True)
    ours_path = result.write(folder / "partnermap.html")
    pyvis_path = folder / "pyvis-defaults.html"
    pyvis_path.write_text(baseline, encoding="utf-8")

    runs: list[dict[str, float]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            time_ours(browser, ours_path)  # warm-up: disk cache, browser start
            runs = [time_ours(browser, ours_path) for _ in range(args.runs)]
            base = time_pyvis(browser, pyvis_path, args.cap)
        finally:
            browser.close()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    def spread(key: str) -> str:
        return f"min {min(r[key] for r in runs):.2f}, max {max(r[key] for r in runs):.2f}"

    interactive, complete = median("interactive"), median("complete")
    size_ours = ours_path.stat().st_size / 1e6
    size_pyvis = pyvis_path.stat().st_size / 1e6
    if base["stabilized"] is not None:
        pyvis_text = f"{base['stabilized']:.1f} s (end of stabilisation)"
        ratio = f"{base['stabilized'] / interactive:.0f}x (to complete: {base['stabilized'] / complete:.0f}x)"
    else:
        pyvis_text = f"not stabilised after {args.cap:.0f} s (progress bar at {base['progress'] or '?'})"
        share = (
            float(str(base["progress"]).rstrip("%") or 0) / 100 if str(base["progress"]).endswith("%") else 0
        )
        if share > 0:
            pyvis_text += f"; at that pace about {args.cap / share / 60:.0f} min in all"
        ratio = f"> {args.cap / interactive:.0f}x (to complete: > {args.cap / complete:.0f}x)"
    command = "scripts/bench/bench_maps.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"""## Maps

Command: `.venv/bin/python {command.strip()}`

Machine: {info["nproc"]} CPUs ({info["cpu"]}), {info["ram"]} RAM, load average {info["load"]} at the start;
{info["chromium"]}, headless, software rendering (`--disable-gpu`), offline; Python {info["python"]}.

Map: the ecosystem of `synthesize(orgs={args.orgs}, seed={args.seed})` with cooperation ties of
weight >= {args.min_weight}: **{runs[0]["nodes"]} nodes, {runs[0]["edges"]} edges**, geographic layout.

| | partnermap map | pyvis defaults (physics on) |
|---|---|---|
| interactive: navigation start to first drawing | **{interactive:.2f} s** \
(median of {len(runs)}; {spread("interactive")}) | {pyvis_text} |
| every edge drawn too | {complete:.2f} s ({spread("complete")}) | - |
| ratio pyvis / partnermap | {ratio} | |
| HTML size | {size_ours:.1f} MB (vis-network 0.7 MB inlined) | {size_pyvis:.1f} MB |
| Python: build, lay out, render | {ours_s:.1f} s | {pyvis_s:.1f} s (from the same data) |
| filter by kind (ngo), in the page | {median("filter") * 1000:.0f} ms | |
| select a node: focus, highlight its neighbourhood | {median("select") * 1000:.0f} ms | |

Synthetic data took {synth_s:.1f} s. "Interactive": the page's script has run
(it starts {median("script"):.2f} s after navigation, once the HTML is parsed), vis-network
has drawn every node at its precomputed place, and search, filters, zoom and tooltips
work; the edges follow in batches of 4000 (drawn once all are in, or whenever the user
pans, zooms or clicks before that). pyvis' page shows a loading bar until its physics
has stabilised (up to 1000 iterations of Barnes-Hut).
""")
    if not args.keep:
        for path in (ours_path, pyvis_path):
            path.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
