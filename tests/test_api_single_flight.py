"""Single flight in the result cache: concurrent requests for a missing entry execute once.

The real app runs under uvicorn on a free port (in a thread of this process, so that the
test can read its store's round-trip counter) and gets many identical requests over real
HTTP connections at once; the store sees the round trips of one execution, not of many.
On Neo4j, whose reads run in worker threads while the event loop takes more requests,
the requests overlap the execution (without single flight each would read the store too);
on SQLite the test holds as well.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn

from partnermap.api.app import create_app
from partnermap.store.base import Store
from tests.neo4j_server import free_port
from tests.test_api_support import serve, settings_for

PROFILE = """query Profile($id: ID!) { organisation(id: $id) {
  id name municipality { name county { name } }
  memberships { role network { id name } } agreements { agreement parties { name } }
} }"""
CLIENTS = 24


@contextmanager
def uvicorn_serving(store: Store, cache_seconds: float) -> Iterator[str]:
    """The app over ``store`` under uvicorn in a thread; yields its base URL."""
    app = create_app(settings_for(store.url, cache_seconds=cache_seconds), store=store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


async def _one_execution(store: Store, body: dict[str, object]) -> tuple[int, object]:
    """The round trips and the answer of one execution (the app without a cache)."""
    async for api in serve(settings_for(store.url), store):  # cache 0: every read reaches the store
        before = store.round_trips
        data = await api.gql(str(body["query"]), body["variables"])  # type: ignore[arg-type]
        return store.round_trips - before, data
    raise AssertionError("unreachable")


async def _burst(base: str, body: dict[str, object]) -> list[httpx.Response]:
    """``CLIENTS`` identical requests, each on its own connection, sent at once."""
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(CLIENTS)]
    try:
        return await asyncio.gather(*(c.post("/graphql", json=body) for c in clients))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


@pytest.mark.parametrize("org", ["org:tallinna-linnavalitsus", "org:elvl"])
def test_concurrent_requests_for_a_missing_entry_execute_once(loaded: Store, org: str) -> None:
    body: dict[str, object] = {"query": PROFILE, "variables": {"id": org}}
    trips, expected = asyncio.run(_one_execution(loaded, body))
    assert trips > 0
    with uvicorn_serving(loaded, cache_seconds=60.0) as base:
        before = loaded.round_trips
        responses = asyncio.run(_burst(base, body))
        spent = loaded.round_trips - before
        assert all(r.status_code == 200 for r in responses)
        assert all(r.json() == {"data": expected} for r in responses)
        assert spent == trips, f"{spent} round trips for {CLIENTS} requests; one execution takes {trips}"
        # Once filled, the entry answers without the store.
        again = asyncio.run(_burst(base, body))
        assert all(r.json() == {"data": expected} for r in again)
        assert loaded.round_trips - before == trips
