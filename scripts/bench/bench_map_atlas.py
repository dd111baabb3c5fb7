"""Benchmark: the 10,000-node map with label placement, overlap removal and the timeline,
against the page before them (a checkout of an earlier commit) and pyvis' defaults.

One run, one machine, one headless Chromium (Debian's /usr/bin/chromium, offline), the
two partnermap pages opened in turn (``--runs`` times each, after a warm-up of each):

* **now**: this checkout's :func:`partnermap.maps.render_map` of the ecosystem of
  ``synthesize(orgs, seed)`` with cooperation ties of weight >= ``--min-weight``;
* **before**: the same map rendered by the checkout at ``--baseline`` (e.g. a
  ``git worktree add --detach /tmp/base ce9d6ed``), in a subprocess;
* **pyvis defaults**: the same nodes and edges through ``pyvis.network.Network()``
  (physics on), timed to the end of its stabilisation or ``--cap`` seconds.

"Interactive" is the page's first drawing with every node placed (``timings.drawn``); for
"now" the node labels are drawn in that same frame (``labels.readyAt`` is reported too).
Also reported: the time Python takes to place the labels (:func:`partnermap.maps.labels.label_plan`),
to push nodes apart (:func:`partnermap.maps.overlap.separate`) and to write the timeline,
the pages' sizes, and how many node pairs still overlap after the capped push-apart.

Usage::

    git worktree add --detach /tmp/labels-base ce9d6ed
    .venv/bin/python scripts/bench/bench_map_atlas.py --baseline /tmp/labels-base

Prints a markdown report. Not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_maps import ARGS, CHROMIUM, machine, pyvis_defaults, time_ours, time_pyvis  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

import partnermap.maps.render as render_module  # noqa: E402
from partnermap.graph import to_multigraph  # noqa: E402
from partnermap.maps import build, render_map  # noqa: E402
from partnermap.maps.overlap import overlapping_pairs  # noqa: E402
from partnermap.synth import synthesize  # noqa: E402

BASELINE_SCRIPT = """
import sys
from pathlib import Path
from partnermap.graph import to_multigraph
from partnermap.maps import build, render_map
from partnermap.synth import synthesize
ds = synthesize(orgs={orgs}, seed={seed})
G = to_multigraph(ds.nodes, ds.relations)
render_map(build.ecosystem(G, cooperation=True, min_weight={weight})).write(Path(sys.argv[1]))
"""


def timed(store: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        store[name] = store.get(name, 0.0) + time.perf_counter() - started
        return result

    return wrapper


def labels_ready(browser: Browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri())
    deadline = time.monotonic() + 120
    while not page.evaluate(
        "Boolean(window.partnermap && window.partnermap.labels && window.partnermap.labels.ready)"
    ):
        if time.monotonic() > deadline:
            raise TimeoutError("labels never drawn")
        page.wait_for_timeout(20)
    ready = float(page.evaluate("window.partnermap.labels.readyAt")) / 1000
    page.close()
    return ready


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--baseline", type=Path, required=True, help="checkout of the earlier commit")
    parser.add_argument("--orgs", type=int, default=7700)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-weight", type=float, default=0.25)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cap", type=float, default=120.0, help="longest wait for pyvis, seconds")
    args = parser.parse_args(argv)
    info = machine()
    folder = Path(tempfile.mkdtemp(prefix="partnermap-bench-atlas-"))

    spent: dict[str, float] = {}
    render_module.label_plan = timed(spent, "labels", render_module.label_plan)  # type: ignore[attr-defined]
    render_module.separate = timed(spent, "separate", render_module.separate)  # type: ignore[attr-defined]
    render_module.timeline = timed(spent, "timeline", render_module.timeline)  # type: ignore[attr-defined]
    dataset = synthesize(orgs=args.orgs, seed=args.seed)
    G = to_multigraph(dataset.nodes, dataset.relations)
    started = time.perf_counter()
    data = build.ecosystem(G, cooperation=True, min_weight=args.min_weight)
    result = render_map(data)
    render_s = time.perf_counter() - started
    now_path = result.write(folder / "now.html")
    payload = json.loads(re.search(r'id="pm-data">(.*?)</script>', result.html, re.S).group(1))  # type: ignore[union-attr]
    radii = {n["id"]: n["size"] for n in payload["nodes"]}
    places = {n["id"]: (n["x"], n["y"]) for n in payload["nodes"]}
    overlaps_left = overlapping_pairs(places, radii)
    placed = sum(1 for row in payload["placed"]["labels"] if row[4] >= 0)

    started = time.perf_counter()
    before_path = folder / "before.html"
    script = BASELINE_SCRIPT.format(orgs=args.orgs, seed=args.seed, weight=args.min_weight)
    subprocess.run(
        [sys.executable, "-c", script, str(before_path)],
        cwd=args.baseline,
        env={"PYTHONPATH": str(args.baseline.resolve()), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    before_s = time.perf_counter() - started
    pyvis_path = folder / "pyvis.html"
    pyvis_path.write_text(pyvis_defaults(result), encoding="utf-8")

    now_runs: list[dict[str, float]] = []
    before_runs: list[dict[str, float]] = []
    ready: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            time_ours(browser, now_path)
            time_ours(browser, before_path)
            for _ in range(args.runs):  # in turn, so that load changes hit both alike
                before_runs.append(time_ours(browser, before_path))
                now_runs.append(time_ours(browser, now_path))
                ready.append(labels_ready(browser, now_path))
            base = time_pyvis(browser, pyvis_path, args.cap)
        finally:
            browser.close()

    def median(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    now_i, before_i = median(now_runs, "interactive"), median(before_runs, "interactive")
    now_c, before_c = median(now_runs, "complete"), median(before_runs, "complete")
    if base["stabilized"] is not None:
        pyvis_text = f"{base['stabilized']:.1f} s (end of stabilisation)"
        ratio = f"{base['stabilized'] / now_i:.0f}x"
    else:
        pyvis_text = f"not stabilised after {args.cap:.0f} s (progress bar at {base['progress'] or '?'})"
        ratio = f"> {args.cap / now_i:.0f}x"
    command = "scripts/bench/bench_map_atlas.py " + " ".join(argv if argv is not None else sys.argv[1:])
    size = now_path.stat().st_size / 1e6
    size_before = before_path.stat().st_size / 1e6
    ms = 1000
    table = [
        ("interactive: navigation start to first drawing", f"**{now_i:.2f} s**", f"{before_i:.2f} s",
         f"{now_i / before_i:.2f}"),
        ("first drawing with node labels (own loads)", f"{statistics.median(ready):.2f} s", "-", ""),
        ("every edge drawn", f"{now_c:.2f} s", f"{before_c:.2f} s", f"{now_c / before_c:.2f}"),
        ("filter by kind (ngo)", f"{median(now_runs, 'filter') * ms:.0f} ms",
         f"{median(before_runs, 'filter') * ms:.0f} ms", ""),
        ("click a node (focus, highlight)", f"{median(now_runs, 'select') * ms:.0f} ms",
         f"{median(before_runs, 'select') * ms:.0f} ms", ""),
        ("HTML size", f"{size:.1f} MB", f"{size_before:.1f} MB", f"{size / size_before:.2f}"),
        ("Python: build, lay out, render", f"{render_s:.1f} s",
         f"{before_s:.1f} s (subprocess, with synthesis)", ""),
    ]  # fmt: skip
    lines = [
        "## Maps: labels, overlap removal, timeline (issue 13)",
        "",
        f"Command: `.venv/bin/python {command.strip()}` (the baseline: `git worktree add --detach",
        f"{args.baseline} ce9d6ed`, the commit before this work).",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, load average {info['load']}"
        " at the start;",
        f"{info['chromium']}, headless, `--disable-gpu`, offline; Python {info['python']}. The two pages",
        f"were opened in turn, {args.runs} times each after a warm-up, in one browser.",
        "",
        f"Map: the ecosystem of `synthesize(orgs={args.orgs}, seed={args.seed})`, cooperation ties of",
        f"weight >= {args.min_weight}: **{now_runs[0]['nodes']} nodes, {now_runs[0]['edges']} edges**,"
        " geographic layout.",
        "",
        "| | now (labels, overlap removal, timeline) | before (ce9d6ed) | ratio now / before |",
        "|---|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in table),
        "",
        f"pyvis defaults (physics on), same nodes and edges: {pyvis_text}; pyvis / now: {ratio}.",
        "",
        f'Python, within "build, lay out, render" above: label placement {spent.get("labels", 0):.2f} s',
        f"({placed} labels placed at some zoom, of the first 2000 by priority, the only ones tried;",
        f"{len(payload['nodes'])} nodes), overlap removal {spent.get('separate', 0):.2f} s (at most 8",
        "rounds on a map this big, ending when a round hardly thins the crowd; each node moved at most",
        "28 canvas units from its place and never out of its municipality:",
        f"{overlaps_left} pairs still touch in this dense synthetic layout; a gallery map has none",
        "but in a municipality too small for its nodes), timeline",
        f"{spent.get('timeline', 0):.2f} s.",
    ]
    print("\n".join(lines))
    for path in (now_path, before_path, pyvis_path):
        path.unlink()
    folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
