"""DataLoaders: the number of store calls does not grow with the page size.

The store is real (SQLite or the Neo4j dev server) and holds a synthetic dataset with
150 organisations; a counting proxy delegates every call to it and counts them.
"""

from __future__ import annotations

from collections import Counter

import pytest

from partnermap.store.base import Store
from partnermap.synth import synthesize
from tests.test_api_support import CountingStore, anyio_backend_fixture, serve, settings_for  # noqa: F401

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
    small, small_total = await _calls(store, store_url, 5)
    large, large_total = await _calls(store, store_url, 100)
    assert large_total == small_total, (small, large)
    # one page, then per level one batch of relations and one of nodes:
    # memberships, networks, located_in, municipalities, counties, partnerships, projects
    assert large_total <= 10, large
    assert large["list_nodes"] <= 5 and large["list_relations"] <= 4, large
    assert large["get_node"] == 0 and large["neighbours"] == 0, large
