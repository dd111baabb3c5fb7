"""Benchmark: loading a synthetic dataset into SQLite and Neo4j.

Compares, in one run on one machine:

* ``SQLiteStore.load`` (one transaction, executemany batches);
* ``Neo4jStore.load`` (one managed transaction of UNWIND batches);
* a naive Neo4j load: one ``MERGE`` per node and per relation, each its own auto-commit
  transaction - the baseline the batched load is measured against.

Usage::

    .venv/bin/python scripts/bench/bench_load.py --orgs 30000 --seed 1
    # with the batched load of older code in the same run, on the same server:
    git archive 2f22f6f | (mkdir -p /tmp/base-load && tar -x -C /tmp/base-load)
    NEO4J_DEV_XMX=4g .venv/bin/python scripts/bench/bench_load.py --orgs 10000 --baseline /tmp/base-load

Starts its own Neo4j dev server (scripts/neo4j-dev-server) unless ``--neo4j URI`` is given.
Before timing, both Neo4j loads run once on a small dataset (``--warmup-orgs``), so that
neither pays for planning its queries or for the JVM's first compilation. The batched load
then runs ``--batched-runs`` times, each into an emptied store, and the ratio to the naive
load (which runs once, last, on the warmest server) uses their median: the first large
transaction on a fresh server also pays for growing the heap and the store files. Prints a
markdown table, with the load average before and after. Not a test: the numbers depend on
the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from partnermap.store.neo4j import (  # noqa: E402
    Neo4jStore,
    _node_row,
    _parse_url,
    _relation_row,
    label_of,
    rel_type_of,
)
from partnermap.store.sqlite import SQLiteStore  # noqa: E402
from partnermap.synth import synthesize  # noqa: E402
from tests.neo4j_server import DevServer  # noqa: E402

BATCHED = "Neo4j batched load (UNWIND, one transaction)"
OLD_BATCHED = "Neo4j batched load, baseline tree"
#: The batched load of another source tree (``--baseline``), run in its own process from
#: that tree into the emptied store after the same warm-up; prints the seconds it took.
OLD_LOAD = """
import sys, time
from partnermap.store.neo4j import Neo4jStore
from partnermap.synth import synthesize
url, orgs, seed, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
dataset = synthesize(orgs=orgs, seed=seed)
with Neo4jStore(url) as store:
    store.clear()
    if warmup:
        store.load(synthesize(orgs=warmup, seed=seed + 1))
        store.clear()
    start = time.perf_counter()
    store.load(dataset)
    print(time.perf_counter() - start)
    store.clear()
"""


def naive_load(store: Neo4jStore, dataset: Any) -> None:
    """One MERGE per row, each in its own transaction: what a first attempt looks like.

    It writes the same labelled graph as the batched load (labels, types, properties), in
    sessions that name the database as the store's URL does (none: the server's default),
    as a first attempt would."""
    with store._driver.session(database=_parse_url(store.url)[2]) as session:
        for node in dataset.nodes:
            row = _node_row(node)
            session.run(
                f"MERGE (n:PMNode {{id: $id}}) SET n = $props, n:{label_of(node.kind)}",
                id=row["id"],
                props=row["props"],
            ).consume()
        for rel in dataset.relations:
            row = _relation_row(rel)
            session.run(
                "MATCH (s:PMNode {id: $source}) MATCH (t:PMNode {id: $target}) "
                f"MERGE (s)-[r:{rel_type_of(rel.kind)} {{id: $id}}]->(t) SET r = $props",
                id=row["id"],
                source=row["source"],
                target=row["target"],
                props=row["props"],
            ).consume()


def old_load(tree: Path, uri: str, args: argparse.Namespace) -> float:
    """Seconds the batched load of the source tree ``tree`` takes (:data:`OLD_LOAD`)."""
    out = subprocess.run(
        [sys.executable, "-c", OLD_LOAD, uri, str(args.orgs), str(args.seed), str(args.warmup_orgs)],
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.split()[-1])


def timed(label: str, func: Any, results: list[tuple[str, float]]) -> None:
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    results.append((label, elapsed))
    print(f"  {label}: {elapsed:.2f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--neo4j", help="URI of an existing (empty) Neo4j; default: start the dev server")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the slow baseline")
    parser.add_argument("--warmup-orgs", type=int, default=300, help="size of the warm-up dataset (0: none)")
    parser.add_argument(
        "--baseline", type=Path, help="a source tree of older code (git archive) whose batched load runs too"
    )
    parser.add_argument(
        "--batched-runs",
        type=int,
        default=3,
        help="batched loads in a row (each into an emptied store); the ratio uses their median",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()

    dataset = synthesize(orgs=args.orgs, seed=args.seed)
    records = len(dataset.nodes) + len(dataset.relations)
    print(f"dataset: {len(dataset.nodes)} nodes, {len(dataset.relations)} relations", file=sys.stderr)
    results: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        with SQLiteStore(Path(tmp) / "bench.db") as sqlite:
            timed("SQLite load (one transaction)", lambda: sqlite.load(dataset), results)
            timed("SQLite reload (nothing changes)", lambda: sqlite.load(dataset), results)
        server = None
        uri = args.neo4j
        if uri is None:
            server = DevServer(Path(tmp) / "neo4j")
            server.start()
            uri = server.uri
        try:
            with Neo4jStore(uri) as neo:
                neo.clear()
                if args.warmup_orgs:
                    warm = synthesize(orgs=args.warmup_orgs, seed=args.seed + 1)
                    neo.load(warm)
                    neo.clear()
                    if not args.skip_naive:
                        naive_load(neo, warm)
                        neo.clear()
                for run in range(1, args.batched_runs + 1):
                    if run > 1:
                        neo.clear()
                    timed(f"{BATCHED} #{run}", lambda: neo.load(dataset), results)
                    if run == 1:
                        # Right after the first load, into the store it filled, as before
                        # --batched-runs existed.
                        timed("Neo4j reload (nothing changes)", lambda: neo.load(dataset), results)
                if args.baseline is not None:
                    for run in range(1, args.batched_runs + 1):
                        seconds = old_load(args.baseline, uri, args)
                        results.append((f"{OLD_BATCHED} #{run}", seconds))
                        print(f"  {OLD_BATCHED} #{run}: {seconds:.2f} s", file=sys.stderr)
                if not args.skip_naive:
                    neo.clear()
                    timed("Neo4j naive load (one MERGE per row)", lambda: naive_load(neo, dataset), results)
                    assert neo.count_relations() == len(dataset.relations)
        finally:
            if server is not None:
                server.stop()

    times = dict(results)
    batched = statistics.median(t for label, t in results if label.startswith(BATCHED))
    sqlite_time = times["SQLite load (one transaction)"]
    print(
        f"\nDataset: `partnermap synth --orgs {args.orgs} --seed {args.seed}`: "
        f"{len(dataset.nodes):,} nodes, {len(dataset.relations):,} relations.\n"
    )
    print(f"Batched Neo4j below: the median of the {args.batched_runs} batched loads.\n")
    print("| load | seconds | records/s | vs batched Neo4j |")
    print("|---|---:|---:|---:|")
    for label, seconds in results:
        print(f"| {label} | {seconds:.2f} | {records / seconds:,.0f} | {seconds / batched:.2f}x |")
    naive = times.get("Neo4j naive load (one MERGE per row)")
    summary: dict[str, Any] = {"sqlite_vs_batched_neo4j": round(batched / sqlite_time, 2)}
    old = [t for label, t in results if label.startswith(OLD_BATCHED)]
    if old:
        summary["baseline_batched_over_batched"] = round(statistics.median(old) / batched, 2)
        if naive:
            summary["baseline_batched_speedup_over_naive"] = round(naive / statistics.median(old), 1)
    if naive:
        summary["batched_speedup_over_naive"] = round(naive / batched, 1)
    print(
        f"\nBatched Neo4j is {summary.get('batched_speedup_over_naive', '?')}x faster than the naive load; "
        f"it takes {summary['sqlite_vs_batched_neo4j']}x SQLite's time."
    )
    if old:
        print(
            f"The baseline tree's batched load (median of {len(old)}) takes "
            f"{summary['baseline_batched_over_batched']}x this one's time"
            + (f"; it is {summary['baseline_batched_speedup_over_naive']}x the naive load." if naive else ".")
        )
    after = os.getloadavg()
    print(
        f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.1f}' for x in after)}. "
        f"NEO4J_DEV_JIT_OPTS={os.environ.get('NEO4J_DEV_JIT_OPTS', '(default)')!r}, "
        f"NEO4J_DEV_XMX={os.environ.get('NEO4J_DEV_XMX', '(default)')!r}."
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak RSS of the benchmark process: {peak:.0f} MiB. Python {platform.python_version()}.")
    print(json.dumps(summary), file=sys.stderr)


if __name__ == "__main__":
    main()
