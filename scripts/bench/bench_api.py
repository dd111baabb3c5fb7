"""Benchmark: the GraphQL API under 32 concurrent clients, against the framework's ceiling.

Starts, each in its own process on loopback, with the same uvicorn settings (one worker):

* ``partnermap serve`` over SQLite holding the bundled dataset;
* ``partnermap serve`` over Neo4j (the dev server of scripts/neo4j-dev-server, loaded with
  the bundled dataset);
* a minimal strawberry endpoint (``{ hello }`` on FastAPI's GraphQLRouter): the ceiling of
  the framework on this machine.

Then drives each with ``--clients`` keep-alive connections that send POST requests back to
back for ``--seconds`` (after a warm-up), three typical coordinator queries in turn:

* ``councils``: which municipalities have a participation council
  (graphql/queries/participation_councils.graphql);
* ``ending``: whose agreements and memberships end this year
  (graphql/queries/agreements_ending.graphql);
* ``profile``: an organisation with its home, memberships, partnerships and agreements.

Each backend runs twice: with the default ``PARTNERMAP_API_CACHE_SECONDS=2`` (repeated
queries are answered from the result cache while the graph has not changed) and with
``PARTNERMAP_API_CACHE_SECONDS=0`` (every request executed against the store).

and reports p50 / p95 latency and throughput, with the throughput as a share of the
ceiling's. The load generator is a minimal HTTP/1.1 client on asyncio (uvloop) so that it
takes as little of the machine as it can. Not a test: the numbers depend on the machine.

Usage::

    .venv/bin/python scripts/bench/bench_api.py                 # SQLite, Neo4j and the ceiling
    .venv/bin/python scripts/bench/bench_api.py --backends sqlite --seconds 5
    .venv/bin/python scripts/bench/bench_api.py --neo4j neo4j://127.0.0.1:7687   # existing server
    # old code against new in one run, 32 clients and 1 client, without and with the cache:
    git archive 5450fe7 | (mkdir -p /tmp/base15 && tar -x -C /tmp/base15)
    .venv/bin/python scripts/bench/bench_api.py --baseline /tmp/base15 --clients 32,1 --caches 0,2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.neo4j_server import DevServer, free_port  # noqa: E402

QUERIES = ROOT / "graphql" / "queries"
PROFILE = """query Profile($id: ID!) {
  organisation(id: $id) {
    id name orgKind sector
    municipality { name county { name } }
    memberships { role validFrom validTo network { id name networkType } }
    partnerships { role budget project { id name } }
    agreements { agreement validTo parties { name } }
  }
}"""
CEILING_QUERY = "{ hello }"
SERVE = "from partnermap.cli import app; app()"
RELOAD = """
import sys
from partnermap.datasets import bundled_dataset
from partnermap.store import open_store
url = sys.argv[1]
if not url.startswith("sqlite"):  # another tree's model may be there: wipe it, schema version too
    from neo4j import GraphDatabase
    from partnermap.store.neo4j import _parse_url
    uri, auth, database = _parse_url(url)
    with GraphDatabase.driver(uri, auth=auth) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
with open_store(url) as store:
    store.clear()
    store.load(bundled_dataset())
"""


def coordinator_queries() -> dict[str, dict[str, Any]]:
    """The three typical coordinator queries as request bodies."""
    return {
        "councils": {"query": (QUERIES / "participation_councils.graphql").read_text(encoding="utf-8")},
        "ending": {
            "query": (QUERIES / "agreements_ending.graphql").read_text(encoding="utf-8"),
            "variables": {"from": "2025-01-01", "withinDays": 364},
        },
        "profile": {"query": PROFILE, "variables": {"id": "org:tallinna-linnavalitsus"}},
    }


# --------------------------------------------------------------------------- servers


def ceiling_app() -> Any:
    """The minimal strawberry endpoint: one field, no extensions, no store."""
    import strawberry  # noqa: PLC0415
    from fastapi import FastAPI  # noqa: PLC0415
    from strawberry.fastapi import GraphQLRouter  # noqa: PLC0415

    @strawberry.type
    class Query:
        @strawberry.field
        def hello(self) -> str:
            return "world"

    app = FastAPI()
    app.include_router(GraphQLRouter(strawberry.Schema(query=Query)), prefix="/graphql")
    return app


def serve_ceiling(port: int) -> None:
    """Run the ceiling app under uvicorn, as ``partnermap serve`` runs the API."""
    import uvicorn  # noqa: PLC0415

    uvicorn.run(ceiling_app(), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def server(
    args: list[str], port: int, log: Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Iterator[str]:
    """A server process; yields its base URL once /graphql answers."""
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    try:
        import httpx  # noqa: PLC0415

        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"}, timeout=2
                )
                if response.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {' '.join(args)}\n{log.read_text()}")
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        out.close()


def serve_api(store_url: str, port: int, log: Path, cache_seconds: float, tree: Path = ROOT) -> Any:
    """``partnermap serve`` of the source tree ``tree`` with ``PARTNERMAP_API_CACHE_SECONDS`` set."""
    return server(
        ["-c", SERVE, "--store", store_url, "serve", "--port", str(port), "--log-level", "warning"],
        port,
        log,
        {"PARTNERMAP_API_CACHE_SECONDS": str(cache_seconds)},
        cwd=tree,
    )


# --------------------------------------------------------------------------- load


@dataclass
class Result:
    target: str
    query: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    clients: int = 32

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def _request(address: str, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode()
    host = address
    return (
        f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bytes:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = head[9:12]
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    body = await reader.readexactly(length)
    if status != b"200":
        raise RuntimeError(f"HTTP {status.decode()}: {body[:300]!r}")
    return body


async def _client(address: str, request: bytes, start: float, stop: float, latencies: list[float]) -> None:
    host, port = address.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        while True:
            t0 = time.perf_counter()
            if t0 >= stop:
                break
            await _exchange(reader, writer, request)
            if t0 >= start:
                latencies.append(time.perf_counter() - t0)
    finally:
        writer.close()


async def _drive(
    address: str, body: dict[str, Any], clients: int, warmup: float, seconds: float
) -> list[float]:
    request = _request(address, body)
    host, port = address.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    first = json.loads(await _exchange(reader, writer, request))
    writer.close()
    if first.get("errors") or not first.get("data"):
        raise RuntimeError(f"the query fails: {first}")
    latencies: list[float] = []
    start = time.perf_counter() + warmup
    stop = start + seconds
    await asyncio.gather(*(_client(address, request, start, stop, latencies) for _ in range(clients)))
    return latencies


def measure(
    target: str, address: str, name: str, body: dict[str, Any], args: argparse.Namespace, *, clients: int
) -> Result:
    try:
        import uvloop  # noqa: PLC0415

        runner: Any = uvloop.run
    except ImportError:  # pragma: no cover
        runner = asyncio.run
    latencies = runner(_drive(address, body, clients, args.warmup, args.seconds))
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    result = Result(
        target, name, len(latencies), args.seconds, q[49] * 1000, q[94] * 1000, q[98] * 1000, clients
    )
    print(
        f"  {target:32} {clients:3} clients {name:9} {result.rps:8.0f} req/s  p50 {result.p50_ms:6.1f} ms  "
        f"p95 {result.p95_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms",
        file=sys.stderr,
    )
    return result


# --------------------------------------------------------------------------- report


def machine() -> str:
    cpus = os.cpu_count()
    model = platform.processor() or "unknown CPU"
    lscpu = shutil.which("lscpu")
    try:
        listing = subprocess.run([lscpu], capture_output=True, text=True, check=False).stdout if lscpu else ""
        for line in listing.splitlines():
            if line.startswith("Model name"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpus} CPUs (nproc), {model}, {ram} RAM, Python {platform.python_version()}, {platform.system()}"


def table(results: list[Result], ceiling: Result | None, args: argparse.Namespace) -> str:
    lines = [
        f"Keep-alive clients on loopback, {args.seconds:g} s per query after {args.warmup:g} s warm-up; "
        f"one uvicorn worker per server; {machine()}; load average before: {args.load_before}, "
        f"after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}.",
        "",
        "| server | clients | query | req/s | p50 ms | p95 ms | p99 ms | p99 / p50 |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    if ceiling is not None:
        lines.append(
            f"| minimal strawberry (ceiling) | {ceiling.clients} | `{{ hello }}` | {ceiling.rps:.0f} | "
            f"{ceiling.p50_ms:.1f} | {ceiling.p95_ms:.1f} | {ceiling.p99_ms:.1f} | "
            f"{ceiling.p99_ms / ceiling.p50_ms:.1f} |"
        )
    for r in results:
        lines.append(
            f"| partnermap / {r.target} | {r.clients} | {r.query} | {r.rps:.0f} | {r.p50_ms:.1f} | "
            f"{r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.p99_ms / r.p50_ms:.1f} |"
        )
    olds = {
        (r.target.replace("old", "new", 1), r.clients, r.query): r
        for r in results
        if r.target.startswith("old")
    }
    pairs = [
        (r, olds[(r.target, r.clients, r.query)]) for r in results if (r.target, r.clients, r.query) in olds
    ]
    if pairs:
        lines += [
            "",
            "New code against the old (the baseline tree), measured in the same run:",
            "",
            "| server | clients | query | req/s new / old | p50 old / new |",
            "|---|---:|---|---:|---:|",
        ]
        for new, old in pairs:
            lines.append(
                f"| {new.target.removeprefix('new, ')} | {new.clients} | {new.query} | "
                f"{new.rps / old.rps:.2f}x | {old.p50_ms / new.p50_ms:.2f}x |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default="32", help="comma-separated client counts, e.g. 32,1")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--backends", default="sqlite,neo4j", help="comma-separated: sqlite, neo4j")
    parser.add_argument("--caches", default="2,0", help="comma-separated PARTNERMAP_API_CACHE_SECONDS values")
    parser.add_argument("--queries", default="councils,ending,profile", help="comma-separated query names")
    parser.add_argument(
        "--baseline", type=Path, help="a source tree of older code (git archive) served beside this one"
    )
    parser.add_argument("--no-ceiling", action="store_true", help="skip the minimal strawberry endpoint")
    parser.add_argument("--neo4j", help="URI of an existing (empty) Neo4j; default: start the dev server")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--serve-ceiling", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_ceiling:
        serve_ceiling(args.serve_ceiling)
        return 0
    args.load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    client_counts = [int(c) for c in args.clients.split(",") if c.strip()]
    caches = [float(c) for c in args.caches.split(",") if c.strip()]
    wanted = {q.strip() for q in args.queries.split(",")}
    queries = {name: body for name, body in coordinator_queries().items() if name in wanted}
    trees = [("new", ROOT)] + ([("old", args.baseline.resolve())] if args.baseline else [])
    results: list[Result] = []
    ceiling: Result | None = None
    with tempfile.TemporaryDirectory(prefix="partnermap-bench-api-") as tmp:
        folder = Path(tmp)
        if not args.no_ceiling:
            port = free_port()
            print("ceiling: minimal strawberry endpoint", file=sys.stderr)
            with server(
                [str(Path(__file__).resolve()), "--serve-ceiling", str(port)], port, folder / "ceiling.log"
            ) as address:
                ceiling = measure(
                    "ceiling", address, "hello", {"query": CEILING_QUERY}, args, clients=client_counts[0]
                )
        for backend in backends:
            print(f"partnermap over {backend}", file=sys.stderr)
            neo4j: DevServer | None = None
            if backend == "sqlite":
                url = f"sqlite:///{folder / 'bench.db'}"
            elif args.neo4j:
                url = args.neo4j
            else:
                neo4j = DevServer(folder / "neo4j-data")
                neo4j.start()
                url = neo4j.uri
            try:
                for cache in caches:
                    for code, tree in trees:  # old and new side by side, so the noise hits both
                        # The store loaded by the tree's own code (the Neo4j model differs).
                        subprocess.run([sys.executable, "-c", RELOAD, url], cwd=tree, check=True)
                        label = f"{code}, {backend}, " + (f"cache {cache:g} s" if cache else "no cache")
                        port = free_port()
                        log = folder / f"{code}-{backend}-{cache:g}.log"
                        with serve_api(url, port, log, cache, tree) as address:
                            for clients in client_counts:
                                for name, body in queries.items():
                                    results.append(measure(label, address, name, body, args, clients=clients))
            finally:
                if neo4j is not None:
                    neo4j.stop()
    report = table(results, ceiling, args)
    print(report)
    if args.json:
        data = {
            "ceiling": ceiling and ceiling.__dict__,
            "results": [r.__dict__ for r in results],
            "machine": machine(),
        }
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
