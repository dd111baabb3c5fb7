"""The library's async access for servers (partnermap.service), called directly on a real
SQLite file: look-ups and their errors, pages, the read cache and how a write drops it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from partnermap.datasets import read_with_reference
from partnermap.errors import InputError, NotFoundError
from partnermap.memo import Memo
from partnermap.model import NodeKind, RelationKind
from partnermap.service import GraphService
from partnermap.settings import Settings
from partnermap.store import open_store
from partnermap.store.provider import StoreProvider

DATA = Path(__file__).parent / "data"
HOUR = 3600.0  # long enough that only a write can make a cached read stale during a test


def run(check: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run an async check on an event loop of its own, in a thread of its own: the session's
    headless browser (playwright's sync API) may hold this thread's loop."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, check()).result()


@pytest.fixture
def service(tmp_path: Path) -> Iterator[GraphService]:
    url = f"sqlite:///{tmp_path / 'service.db'}"
    with open_store(url) as store:
        store.load(read_with_reference(DATA / "small.yaml"))
    service = GraphService(StoreProvider(Settings(store_url=url)), cache_seconds=HOUR)
    yield service
    service.provider.close()


def test_look_ups_name_what_is_missing_or_of_another_kind(service: GraphService) -> None:
    async def check() -> None:
        assert (await service.node("org:elvl")).name == "Eesti Linnade ja Valdade Liit"
        with pytest.raises(NotFoundError, match="there is no organisation with id 'org:gone'"):
            await service.node("org:gone")
        with pytest.raises(InputError):
            await service.node("org:elvl", NodeKind.NETWORK)
        membership = next(iter(await service.ending(RelationKind.MEMBER_OF, date(2000, 1, 1), 36600)), None)
        assert membership is None, "the small dataset's memberships have no end"
        rel_id = "org:tallinna-linnavalitsus>partner_in>project:tat-2025"
        assert (await service.relation(rel_id)).budget == 150000
        with pytest.raises(InputError, match="is a partner_in, not a member_of relation"):
            await service.relation(rel_id, RelationKind.MEMBER_OF)

    run(check)


def test_a_page_says_whether_more_follow_and_counts_on_demand(service: GraphService) -> None:
    async def check() -> None:
        first = await service.page_nodes(NodeKind.ORGANISATION, first=1, offset=0)
        second = await service.page_nodes(NodeKind.ORGANISATION, first=1, offset=1)
        assert first.has_next and not second.has_next
        assert [n.id for n in first.items + second.items] == ["org:elvl", "org:tallinna-linnavalitsus"]
        assert await first.total() == 2
        found = await service.page_nodes(NodeKind.ORGANISATION, search="linnade", first=10, offset=0)
        assert [n.id for n in found.items] == ["org:elvl"] and await found.total() == 1

    run(check)


def test_reads_are_reused_until_a_write_through_the_service(service: GraphService) -> None:
    async def check() -> None:
        before = await service.node("org:elvl")
        service.provider.get().update_node(
            "org:elvl", lambda n: n.model_copy(update={"name_en": "Behind its back"})
        )
        assert (await service.node("org:elvl")).name_en == before.name_en, "the cached read is reused"
        generation = service.generation
        updated = await service.update_node("org:elvl", NodeKind.ORGANISATION, {"abbreviation": "EL"})
        assert service.generation == generation + 1
        assert (updated.abbreviation, updated.name_en) == ("EL", "Behind its back")
        assert (await service.node("org:elvl")).name_en == "Behind its back", "the write dropped the cache"

    run(check)


def test_writes_go_by_the_library_rules(service: GraphService) -> None:
    async def check() -> None:
        created = await service.create_node(
            NodeKind.TARGET_GROUP, {"name": "Uussisserändajad", "sources": ["service-test#1"]}
        )
        assert (await service.node(created.id)).name == "Uussisserändajad"
        await service.delete_node(created.id, cascade=False)
        with pytest.raises(NotFoundError):
            await service.node(created.id)

    run(check)


def test_a_memo_forgets_the_least_recently_used_and_what_a_write_made_stale() -> None:
    memo = Memo(size=2)
    for key in "abc":
        memo.put(key, key.upper(), generation=0)
    assert memo.get("a", 0, HOUR) is None and memo.get("c", 0, HOUR) is not None
    assert memo.get("b", 1, HOUR) is None, "kept at an older generation"
    assert memo.get("c", 0, 0.0) is None, "older than the seconds allowed"
