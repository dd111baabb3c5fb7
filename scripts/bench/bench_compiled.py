"""Benchmark: CPU time per request of compiled reads against strawberry's executor, in-process.

Builds the app twice over one SQLite file holding the bundled dataset, without the result
cache: with compiled reads (``PARTNERMAP_API_COMPILED_READS`` on, the default) and without
(every request through strawberry and graphql-core). Each request is a raw ASGI call (no
HTTP, no sockets), so the time is the app's own CPU per request; the benchmark's three
coordinator queries (scripts/bench/bench_api.py). Not a test: the numbers depend on the
machine. ``--profile NAME`` prints a cProfile of the compiled path for one query.

Usage::

    .venv/bin/python scripts/bench/bench_compiled.py --requests 500
    .venv/bin/python scripts/bench/bench_compiled.py --profile profile
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench.bench_api import coordinator_queries, machine  # noqa: E402


async def call(app: Any, body: dict[str, Any]) -> bytes:
    """One POST /graphql through the app's ASGI interface; the response body."""
    payload = json.dumps(body).encode()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("bench", 80),
        "client": ("bench", 1),
        "root_path": "",
    }
    messages = [{"type": "http.request", "body": payload, "more_body": False}]
    out: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)  # pragma: no cover - the app never waits for a disconnect
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        out.append(message)

    await app(scope, receive, send)
    if out[0]["status"] != 200:
        raise RuntimeError(f"HTTP {out[0]['status']}")
    body_out: bytes = out[1]["body"]
    return body_out


async def per_request(app: Any, body: dict[str, Any], requests: int) -> float:
    """Milliseconds per request, after a warm-up."""
    for _ in range(20):
        await call(app, body)
    start = time.perf_counter()
    for _ in range(requests):
        await call(app, body)
    return (time.perf_counter() - start) / requests * 1000


async def run(args: argparse.Namespace, url: str) -> None:
    from partnermap.api.app import create_app  # noqa: PLC0415
    from partnermap.api.settings import ApiSettings  # noqa: PLC0415

    apps = {
        on: create_app(ApiSettings(store_url=url, cache_seconds=0.0, compiled_reads=on))
        for on in (True, False)
    }
    queries = coordinator_queries()
    for name, body in queries.items():
        assert await call(apps[True], body) == await call(apps[False], body), name
    print(f"{machine()}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n| query | compiled ms/request | strawberry ms/request | strawberry / compiled |")
    print("|---|---:|---:|---:|")
    for name, body in queries.items():
        fast = await per_request(apps[True], body, args.requests)
        slow = await per_request(apps[False], body, args.requests)
        print(f"| {name} | {fast:.2f} | {slow:.2f} | {slow / fast:.1f}x |")
    ceiling = await per_request(apps[True], {"query": "{ __typename }"}, args.requests)
    print(
        f"\n`{{ __typename }}` (no plan: strawberry's path, whose routing, dependencies, view and "
        f"executor a hook inside the router would still pay): {ceiling:.2f} ms/request"
    )
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            await call(apps[True], queries[args.profile])
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=500, help="timed requests per query and path")
    parser.add_argument("--profile", choices=sorted(coordinator_queries()), help="cProfile this query")
    args = parser.parse_args()
    from partnermap.datasets import bundled_dataset  # noqa: PLC0415
    from partnermap.store import open_store  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="partnermap-bench-compiled-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        with open_store(url) as store:
            store.load(bundled_dataset())
        asyncio.run(run(args, url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
