"""Benchmark the metrics: cross-area scaling, the full report, betweenness against igraph.

Prints markdown tables (paste them into BENCHMARKS.md):

1. cross-area measures (E-I whole / per group / per node, matrix, assortativity, and one
   permutation) at several synthetic sizes, with time per tie to show linear scaling;
2. the full report (:func:`partnermap.report.build_report` and HTML) on the largest size,
   section by section;
3. with ``--baseline-tree PATH`` (a checkout of older code, e.g. a ``git worktree``), the
   full report of that code and of this one side by side on the same graph: each run in a
   fresh interpreter (``PYTHONPATH`` = the tree, string hash seed 0), the two alternating,
   best of ``--rounds``, with the ratio, the sections, and whether the data are the same;
4. betweenness on the same cooperation graph: igraph exact (the baseline), ours (``auto``:
   igraph exact or pivot-sampled by cost), networkx with the same number of pivots, and,
   with ``--networkx-exact``, networkx exact.

``--graph FILE`` reads the largest graph from a dataset file (``partnermap synth -o FILE``)
instead of synthesising it; ``--skip-scaling`` leaves out table 1.

Usage::

    .venv/bin/python scripts/bench/bench_metrics.py --orgs 30000 --seed 1
    .venv/bin/partnermap synth --orgs 30000 --seed 1 -o /tmp/synth30k.json
    git worktree add /tmp/base 5607db4
    .venv/bin/python scripts/bench/bench_metrics.py --graph /tmp/synth30k.json \\
        --baseline-tree /tmp/base --skip-scaling
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
from partnermap.io.dataset import read_dataset
from partnermap.metrics.centrality import betweenness, to_igraph
from partnermap.metrics.mixing import (
    assortativity,
    ei_index,
    group_mixing,
    mixing_matrix,
    node_ei,
    permutation_test,
)
from partnermap.metrics.temporal import at
from partnermap.report import build_report, render_html
from partnermap.synth import synthesize


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result


def synth_graph(orgs: int, seed: int, day: date) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph, nx.Graph, int]:
    dataset = synthesize(orgs=orgs, seed=seed)
    G = to_multigraph(dataset.nodes, dataset.relations)
    C = cooperation_graph(at(G, day, strict=False))
    return G, at(G, day, strict=False), C, len(dataset.relations)


def cross_area_all(C: nx.Graph, by: str) -> None:
    ei_index(C, by)
    group_mixing(C, by)
    mixing_matrix(C, by)
    assortativity(C, by)
    node_ei(C, by)


def bench_scaling(sizes: list[int], seed: int, day: date) -> nx.MultiDiGraph:
    print("### Cross-area measures: linear in the number of ties\n")
    print(
        "| organisations | relations | ties (cooperation edges) | E-I + groups + nodes + matrix + r (s) "
        "| µs per tie | one permutation (s) | µs per tie |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    G = None
    for orgs in sizes:
        G, _, C, relations = synth_graph(orgs, seed, day)
        m = C.number_of_edges()
        t_all, _ = timed(lambda C=C: cross_area_all(C, "county"), repeat=3)
        t_perm, _ = timed(lambda C=C: permutation_test(C, "county", permutations=20, seed=0), repeat=2)
        t_one = t_perm / 20
        print(
            f"| {orgs:,} | {relations:,} | {m:,} | {t_all:.3f} | {t_all / m * 1e6:.2f} | {t_one:.4f} "
            f"| {t_one / m * 1e6:.3f} |"
        )
    print()
    assert G is not None
    return G


def bench_report(G: nx.MultiDiGraph, day: date, permutations: int) -> None:
    print(f"### Full report on the largest graph (as of {day}, {permutations} permutations)\n")
    started = time.perf_counter()
    data = build_report(G, as_of=day, permutations=permutations, seed=0)
    built = time.perf_counter() - started
    t_html, page = timed(lambda: render_html(data))
    print("| section | seconds |")
    print("|---|---:|")
    for name, seconds in sorted(data["timings"].items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {seconds:.2f} |")
    print(f"| HTML ({len(page) / 1024:.0f} KiB) | {t_html:.2f} |")
    print(f"| **total** | **{built + t_html:.2f}** |")
    print()


#: Run in a fresh interpreter by :func:`report_run`: the full report of whichever partnermap
#: is first on PYTHONPATH, on a pickled snapshot; prints its time and sections as JSON and
#: writes its data (without the timings and the generation time) for comparison.
_REPORT_CHILD = """
import json, pickle, sys, time
from datetime import date
import partnermap
from partnermap.report import build_report, render_html
graph, day, permutations, data_out = sys.argv[1:]
with open(graph, "rb") as f:
    G = pickle.load(f)
started = time.perf_counter()
data = build_report(G, as_of=date.fromisoformat(day), permutations=int(permutations), seed=0)
page = render_html(data)
seconds = time.perf_counter() - started
timings = data.pop("timings")
data.pop("generated")
with open(data_out, "w", encoding="utf-8") as f:
    json.dump(data, f, allow_nan=False)
print(json.dumps({"seconds": seconds, "timings": timings, "tree": partnermap.__file__}))
"""


def report_run(tree: Path, graph: Path, day: date, permutations: int, data_out: Path) -> dict[str, Any]:
    """One full report (build and HTML) by the code in ``tree``, in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    # -P: the working directory must not shadow the tree with another partnermap.
    command = [sys.executable, "-P", "-c", _REPORT_CHILD, str(graph), day.isoformat(), str(permutations)]
    done = subprocess.run([*command, str(data_out)], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the report of {tree} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(result["tree"]).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"asked for {tree}, but the child imported {result['tree']}")
    return result


def bench_against_baseline(
    G: nx.MultiDiGraph, baseline: Path, day: date, permutations: int, rounds: int
) -> None:
    """The full report of ``baseline`` and of this tree, alternating, on the same graph."""
    current = Path(__file__).resolve().parents[2]
    print(f"### Full report: {baseline} against this tree ({current}), same graph, same run\n")
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.pickle"
        with graph.open("wb") as f:
            pickle.dump(G, f, protocol=pickle.HIGHEST_PROTOCOL)
        runs: dict[str, list[dict[str, Any]]] = {"old": [], "new": []}
        trees = {"old": baseline, "new": current}
        for r in range(rounds):
            # Alternate which goes first, so that a burst of load hits both alike.
            for which in ("old", "new") if r % 2 == 0 else ("new", "old"):
                run = report_run(trees[which], graph, day, permutations, Path(tmp) / f"{which}.json")
                runs[which].append(run)
                print(f"round {r + 1}: {which} {run['seconds']:.2f} s", file=sys.stderr)
        old_data = json.loads((Path(tmp) / "old.json").read_text(encoding="utf-8"))
        new_data = json.loads((Path(tmp) / "new.json").read_text(encoding="utf-8"))
    best = {which: min(runs[which], key=lambda run: run["seconds"]) for which in runs}
    old_s, new_s = best["old"]["seconds"], best["new"]["seconds"]
    print(f"Best of {rounds} alternating runs each (build_report + render_html, as of {day}):\n")
    print("| code | seconds (best) | all runs (s) |")
    print("|---|---:|---|")
    for which, label in (("old", f"baseline `{baseline}`"), ("new", "this tree")):
        every = ", ".join(f"{run['seconds']:.2f}" for run in runs[which])
        print(f"| {label} | {best[which]['seconds']:.2f} | {every} |")
    print(f"\n**new / old = {new_s / old_s:.2f}** (old / new = {old_s / new_s:.2f}x faster)\n")
    names = sorted(set(best["old"]["timings"]) | set(best["new"]["timings"]))
    names.sort(key=lambda n: -best["old"]["timings"].get(n, 0.0))
    print("| section | old (s) | new (s) |")
    print("|---|---:|---:|")
    for name in names:
        old_t, new_t = best["old"]["timings"].get(name), best["new"]["timings"].get(name)
        print(f"| {name} | {_seconds(old_t)} | {_seconds(new_t)} |")
    rounding: list[int] = [0]
    found = differences(old_data, new_data, rounding)
    same = (
        f"yes ({rounding[0]} floats differ in the last digits, within {REL_TOL:g} relative)"
        if not found
        else "NO: " + "; ".join(found[:10])
    )
    print(f"\nSame report data (timings and generation time aside): {same}\n")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


#: Floats of two reports agree within this share: igraph's eigenvector and PageRank (ARPACK's
#: random start, python-igraph drawing from the random module) differ in the last digits from
#: run to run of the same code.
REL_TOL = 1e-9


def differences(old: Any, new: Any, rounding: list[int], where: str = "") -> list[str]:
    """Where two JSON values differ: exactly, but floats within ``REL_TOL`` (counted in ``rounding``)."""
    if isinstance(old, float) and isinstance(new, float):
        if old == new:
            return []
        if math.isclose(old, new, rel_tol=REL_TOL, abs_tol=1e-12):
            rounding[0] += 1
            return []
    elif isinstance(old, dict) and isinstance(new, dict) and list(old) == list(new):
        return [d for k in old for d in differences(old[k], new[k], rounding, f"{where}/{k}")]
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in differences(a, b, rounding, f"{where}[{i}]")
        ]
    elif type(old) is type(new) and old == new:
        return []
    return [f"{where}: {str(old)[:80]} != {str(new)[:80]}"]


def bench_betweenness(C: nx.Graph, pivots: int, networkx_exact: bool) -> None:
    n, m = C.number_of_nodes(), C.number_of_edges()
    print(f"### Betweenness on the same graph ({n:,} organisations, {m:,} ties)\n")
    t_convert, (g, nodes) = timed(lambda: to_igraph(C))
    t_igraph, exact_raw = timed(lambda: g.betweenness(directed=False))
    baseline = t_convert + t_igraph
    scale = 2 / ((n - 1) * (n - 2))
    exact = {node: exact_raw[i] * scale for i, node in enumerate(nodes)}
    rows: list[tuple[str, float, str]] = [("igraph exact (baseline, incl. conversion)", baseline, "exact")]
    t_ours, ours = timed(lambda: betweenness(C, seed=0))
    rows.append(("partnermap `betweenness` (auto)", t_ours, accuracy(ours, exact)))
    t_nx, nx_est = timed(lambda: nx.betweenness_centrality(C, k=pivots, seed=0))
    rows.append((f"networkx sampled, k={pivots}", t_nx, accuracy(nx_est, exact)))
    if networkx_exact:
        t_nx_exact, _ = timed(lambda: nx.betweenness_centrality(C))
        rows.append(("networkx exact", t_nx_exact, "exact"))
    print("| implementation | seconds | × igraph exact | top-20 overlap with exact |")
    print("|---|---:|---:|---|")
    for label, seconds, note in rows:
        print(f"| {label} | {seconds:.2f} | {seconds / baseline:.2f} | {note} |")
    print()


def accuracy(estimate: dict[Any, float], exact: dict[Any, float]) -> str:
    def leaders(values: dict[Any, float]) -> set[Any]:
        return {v for v, _ in sorted(values.items(), key=lambda kv: -kv[1])[:20]}

    shared = len(leaders(estimate) & leaders(exact))
    return f"{shared}/20"


def machine() -> str:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {model}, {ram:.0f} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=30_000, help="organisations of the largest graph")
    parser.add_argument(
        "--sizes", type=str, default="", help="comma-separated sizes (default: orgs/9, orgs/3, orgs)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 6, 30))
    parser.add_argument("--permutations", type=int, default=199, help="permutation test size in the report")
    parser.add_argument("--pivots", type=int, default=500, help="pivots of networkx's sampled betweenness")
    parser.add_argument(
        "--networkx-exact", action="store_true", help="also time networkx exact betweenness (slow)"
    )
    parser.add_argument("--graph", type=Path, help="dataset file of the largest graph (partnermap synth -o)")
    parser.add_argument("--skip-scaling", action="store_true", help="leave out the cross-area scaling table")
    parser.add_argument(
        "--baseline-tree", type=Path, help="source tree of older code to time the full report against"
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating report runs per tree")
    args = parser.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else [args.orgs // 9, args.orgs // 3, args.orgs]
    )
    print(f"Machine: {machine()}\n")
    if not args.skip_scaling:
        G = bench_scaling(sizes if args.graph is None else sizes[:-1], args.seed, args.as_of)
    if args.graph is not None:
        dataset = read_dataset(args.graph)
        G = to_multigraph(dataset.nodes, dataset.relations)
        print(f"Graph: {args.graph} ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} relations)\n")
    elif args.skip_scaling:
        G = synth_graph(args.orgs, args.seed, args.as_of)[0]
    if args.baseline_tree is not None:
        bench_against_baseline(G, args.baseline_tree, args.as_of, args.permutations, args.rounds)
    else:
        bench_report(G, args.as_of, args.permutations)
    bench_betweenness(cooperation_graph(at(G, args.as_of, strict=False)), args.pivots, args.networkx_exact)


if __name__ == "__main__":
    main()
