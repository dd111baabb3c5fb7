"""Benchmark: what one read costs on Neo4j, through the driver and through the store.

Where the Neo4j API's time per request goes, piece by piece, on the bundled dataset:

* the Python driver alone, one small query (``MATCH (n:PMNode {id: $id}) RETURN
  properties(n)``) four ways: a managed read transaction (``session.execute_read``: BEGIN,
  RUN, PULL, COMMIT) and an auto-commit one (``session.run``: RUN, PULL), each with the
  session naming its database or not (a session without one asks for the home database);
* the store's reads the three coordinator questions of ``bench_api.py`` make
  (``get_node``, ``list_nodes``, and ``read_level`` for their levels), for this tree and,
  with ``--baseline``, for an older tree in its own process against the same server.

For each: the median wall time, and the CPU time per read of the Python process and, when
the benchmark started the server itself, of the Neo4j server's JVM (read from /proc).
Not a test: the numbers depend on the machine.

Usage::

    .venv/bin/python scripts/bench/bench_neo4j_reads.py
    git archive 2f22f6f | (mkdir -p /tmp/base-neo && tar -x -C /tmp/base-neo)
    .venv/bin/python scripts/bench/bench_neo4j_reads.py --baseline /tmp/base-neo
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.neo4j_server import DevServer  # noqa: E402

#: The store's reads of the three questions, timed in the process of a source tree (this
#: one or ``--baseline``): prints one JSON line per read.
STORE_READS = """
import json, os, statistics, sys, time
from datetime import date
from partnermap.model import NodeKind, RelationKind
from partnermap.store.base import RelationGroup
from partnermap.store.neo4j import Neo4jStore

url, runs, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tick = os.sysconf("SC_CLK_TCK")


def server_cpu():
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


org = "org:tallinna-linnavalitsus"
window = (date(2025, 1, 1), date(2025, 12, 31))
kinds = (RelationKind.LOCATED_IN, RelationKind.MEMBER_OF, RelationKind.PARTNER_IN, RelationKind.PARTY_TO)
with Neo4jStore(url) as store:
    reads = {
        "get_node (profile, level 0)": lambda: store.get_node(org),
        "list_nodes (councils, level 0)": lambda: store.list_nodes(
            NodeKind.NETWORK, where={"network_type": "participation_council"}, limit=101
        ),
        "read_level: an organisation's relations of 4 kinds (profile, level 1)": lambda: store.read_level(
            (), {RelationGroup(kind, "out", None): (org,) for kind in kinds}
        ),
        "read_level: relations ending in 2025 (ending, level 0)": lambda: store.read_level(
            (),
            {
                RelationGroup(RelationKind.PARTY_TO, "both", None, window): None,
                RelationGroup(RelationKind.MEMBER_OF, "both", None, window): None,
            },
        ),
        "read_level: 3 nodes (level 2)": lambda: store.read_level(
            ("county:harju", "org:elvl", "network:loimumiskoda"), {}
        ),
    }
    for name, read in reads.items():
        for _ in range(max(runs // 10, 20)):
            read()
        walls = []
        cpu, server = time.process_time(), server_cpu()
        for _ in range(runs):
            start = time.perf_counter()
            read()
            walls.append(time.perf_counter() - start)
        print(json.dumps({
            "read": name,
            "p50_ms": statistics.median(walls) * 1000,
            "python_cpu_ms": (time.process_time() - cpu) / runs * 1000,
            "server_cpu_ms": (server_cpu() - server) / runs * 1000 if pid else None,
        }))
"""


def _server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def driver_reads(uri: str, runs: int, pid: int) -> list[dict[str, Any]]:
    """The driver alone: managed and auto-commit transactions, database named or not."""
    import neo4j  # noqa: PLC0415

    query = "MATCH (n:PMNode {id: $id}) RETURN properties(n)"
    params = {"id": "org:tallinna-linnavalitsus"}
    out = []
    with neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF", telemetry_disabled=True) as driver:
        home = driver.execute_query("RETURN 1").summary.database

        def managed(database: str | None) -> Callable[[], Any]:
            def read() -> Any:
                with driver.session(database=database) as session:
                    return session.execute_read(lambda tx: tx.run(query, params).values())

            return read

        def auto_commit(database: str | None) -> Callable[[], Any]:
            def read() -> Any:
                with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
                    return session.run(query, params).values()

            return read

        ways = {
            "managed transaction (execute_read), no database named": managed(None),
            "managed transaction (execute_read), database named": managed(home),
            "auto-commit (session.run), no database named": auto_commit(None),
            "auto-commit (session.run), database named": auto_commit(home),
        }
        for name, read in ways.items():
            for _ in range(max(runs // 10, 20)):
                read()
            walls = []
            cpu, server = time.process_time(), _server_cpu(pid) if pid else 0.0
            for _ in range(runs):
                start = time.perf_counter()
                read()
                walls.append(time.perf_counter() - start)
            out.append(
                {
                    "read": name,
                    "p50_ms": statistics.median(walls) * 1000,
                    "python_cpu_ms": (time.process_time() - cpu) / runs * 1000,
                    "server_cpu_ms": (_server_cpu(pid) - server) / runs * 1000 if pid else None,
                }
            )
    return out


def store_reads(tree: Path, uri: str, runs: int, pid: int) -> list[dict[str, Any]]:
    """The store's reads, timed in a process of the source tree ``tree``."""
    out = subprocess.run(
        [sys.executable, "-c", STORE_READS, uri, str(runs), str(pid)],
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _row(code: str, r: dict[str, Any]) -> str:
    server = "" if r["server_cpu_ms"] is None else f"{r['server_cpu_ms']:.2f}"
    return f"| {code} | {r['read']} | {r['p50_ms']:.2f} | {r['python_cpu_ms']:.2f} | {server} |"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1000, help="reads per measurement")
    parser.add_argument("--baseline", type=Path, help="a source tree of older code (git archive)")
    parser.add_argument("--neo4j", help="URI of an existing Neo4j to fill with the bundled dataset")
    args = parser.parse_args()
    before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="partnermap-bench-reads-") as tmp:
        server = None
        uri = args.neo4j
        pid = 0
        if uri is None:
            server = DevServer(Path(tmp) / "neo4j")
            server.start()
            uri = server.uri
            assert server.proc is not None
            pid = server.proc.pid  # run.sh execs the JVM: the same process
        try:
            from partnermap.datasets import bundled_dataset  # noqa: PLC0415
            from partnermap.store.neo4j import Neo4jStore  # noqa: PLC0415

            with Neo4jStore(uri) as store:
                store.clear()
                store.load(bundled_dataset())
            rows += [_row("driver", r) for r in driver_reads(uri, args.runs, pid)]
            trees = [("new", ROOT)] + ([("old", args.baseline.resolve())] if args.baseline else [])
            for code, tree in trees:
                rows += [_row(code, r) for r in store_reads(tree, uri, args.runs, pid)]
        finally:
            if server is not None:
                server.stop()
    after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Load average (1/5/15 min): before {before}, after {after}; nproc {os.cpu_count()}.\n")
    print("| code | read | p50 ms | Python CPU ms/read | Neo4j CPU ms/read |")
    print("|---|---|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
