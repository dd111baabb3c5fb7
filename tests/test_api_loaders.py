"""DataLoaders: the number of store calls does not grow with the page size.

The store is real (SQLite or the Neo4j dev server) and holds a synthetic dataset with
150 organisations; a counting proxy delegates every call to it and counts them.
"""

from __future__ import annotations

from collections import Counter

import pytest

from partnermap.store import open_store
from partnermap.store.base import Store
from partnermap.synth import synthesize
from tests.test_api_support import (  # noqa: F401
    WRITE_KEY,
    CountingStore,
    anyio_backend_fixture,
    serve,
    settings_for,
    sqlite_url_fixture,
)

pytestmark = pytest.mark.anyio

LISTING = """query($first: Int!) { organisations(first: $first) { edges { node {
    id name sector
    memberships { role validFrom network { id name networkType } }
    municipality { id name county { id name } }
    county { id }
    partnerships { role project { id name } }
} } } }"""


async def _calls(store: Store, store_url: str, first: int) -> tuple[Counter[str], int]:
    counting = CountingStore(store)
    async for api in serve(settings_for(store_url), counting):  # type: ignore[arg-type]
        data = await api.gql(LISTING, {"first": first})
        edges = data["organisations"]["edges"]
        assert len(edges) == first
        with_memberships = sum(1 for e in edges if e["node"]["memberships"])
        with_home = sum(1 for e in edges if e["node"]["municipality"])
        assert with_memberships > 0 and with_home > 0
    return counting.calls, counting.total()


async def test_listing_100_organisations_makes_a_bounded_number_of_store_calls(
    store: Store, store_url: str
) -> None:
    store.load(synthesize(orgs=150, seed=7))
    counts = {first: await _calls(store, store_url, first) for first in (5, 20, 100)}
    # One page of nodes; then per level of the query one batch holding the relations of
    # every kind and direction (memberships, homes, partnerships) with the nodes they reach,
    # and one for the counties of the homes.
    # A store that reads a tree of reads in one round trip (Neo4j) gets the whole request as one.
    for first, (calls, total) in counts.items():
        assert total <= 8, (first, calls)
        if store.reads_trees_at_once:
            assert calls == {"read_tree": 1}, (first, calls)
            continue
        assert calls["read_level"] == 2 and calls["relations_of"] == 0, (first, calls)
        assert calls["get_node"] == 0 and calls["neighbours"] == 0, (first, calls)
    assert counts[5][1] == counts[20][1] == counts[100][1], counts


async def test_the_cache_reuses_reads_until_a_write(sqlite_url: str) -> None:
    with open_store(sqlite_url) as real:
        counting = CountingStore(real)
        async for api in serve(settings_for(sqlite_url, cache_seconds=60.0), counting):  # type: ignore[arg-type]
            query = '{ organisation(id: "org:elvl") { nameEn memberships { network { name } } } }'
            first = await api.gql(query)
            calls = counting.total()
            assert calls > 0
            assert await api.gql(query) == first
            assert counting.total() == calls, "a repeated query is answered without the store"
            other = '{ organisation(id: "org:elvl") { name memberships { role } } }'
            await api.gql(other)
            assert counting.total() == calls, "the store reads behind a new query are reused too"
            changed = await api.gql(
                'mutation { updateNode(id: "org:elvl", input: {organisation: {nameEn: "ALGU"}}) { nameEn } }',
                key=WRITE_KEY,
            )
            assert changed["updateNode"]["nameEn"] == "ALGU"
            after = await api.gql(query)
            assert after["organisation"]["nameEn"] == "ALGU" and counting.total() > calls


async def test_no_cache_reads_the_store_every_time(sqlite_url: str) -> None:
    with open_store(sqlite_url) as real:
        counting = CountingStore(real)
        async for api in serve(settings_for(sqlite_url, cache_seconds=0.0), counting):  # type: ignore[arg-type]
            query = '{ organisation(id: "org:elvl") { name } }'
            await api.gql(query)
            calls = counting.total()
            await api.gql(query)
            assert counting.total() == 2 * calls
