"""Benchmark the metrics: cross-area scaling, the full report, betweenness against igraph.

Prints markdown tables (paste them into BENCHMARKS.md):

1. cross-area measures (E-I whole / per group / per node, matrix, assortativity, and one
   permutation) at several synthetic sizes, with time per tie to show linear scaling;
2. the full report (:func:`partnermap.report.build_report` and HTML) on the largest size,
   section by section;
3. betweenness on the same cooperation graph: igraph exact (the baseline), ours (``auto``:
   igraph exact or pivot-sampled by cost), networkx with the same number of pivots, and,
   with ``--networkx-exact``, networkx exact.

Usage::

    .venv/bin/python scripts/bench/bench_metrics.py --orgs 30000 --seed 1
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import networkx as nx

from partnermap.cooperation import cooperation_graph
from partnermap.graph import to_multigraph
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
    args = parser.parse_args()
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else [args.orgs // 9, args.orgs // 3, args.orgs]
    )
    print(f"Machine: {machine()}\n")
    G = bench_scaling(sizes, args.seed, args.as_of)
    bench_report(G, args.as_of, args.permutations)
    bench_betweenness(cooperation_graph(at(G, args.as_of, strict=False)), args.pivots, args.networkx_exact)


if __name__ == "__main__":
    main()
