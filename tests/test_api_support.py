"""What the API tests share: the real app over a real store, an HTTP client, a counting store.

Import the fixtures a module uses (their functions are named ``*_fixture``, the fixtures
themselves ``api``, ``sqlite_api``, ``sqlite_url``, ``anyio_backend``)::

    from tests.test_api_support import anyio_backend_fixture, api_fixture  # noqa: F401

``api`` is the app over the bundled dataset in the backend under test (``store_url`` is
parametrised over SQLite and the Neo4j dev server); ``sqlite_api`` the same over SQLite
only, for tests of the HTTP layer that do not depend on the backend.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from partnermap.api import ApiSettings, create_app
from partnermap.model import Dataset
from partnermap.store import open_store
from partnermap.store.base import Store

WRITE_KEY = "test-write-key-0123456789"
READ_KEY = "test-read-key-0123456789"
ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "graphql" / "queries"


def settings_for(store_url: str, **changes: Any) -> ApiSettings:
    """Settings for tests: the store, a write key and a read key, nothing reused between requests."""
    settings = ApiSettings(store_url=store_url, cache_seconds=0.0).with_keys(
        **{WRITE_KEY: "write", READ_KEY: "read"}
    )
    return settings.replace(**changes) if changes else settings


class CountingStore:
    """A real store that counts the calls made to it (it delegates every one)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if name.startswith("_") or name == "share_records" or not callable(attr):
            return attr  # share_records configures the store once, it reads nothing

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attr(*args, **kwargs)

        return counted

    def total(self) -> int:
        return sum(self.calls.values())


class Api:
    """An HTTP client of the real app, with GraphQL helpers."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = None, **extra: Any
    ) -> httpx.Response:
        headers = {"X-API-Key": key} if key else {}
        body: dict[str, Any] = {"query": query, **extra}
        if variables is not None:
            body["variables"] = variables
        return await self.client.post("/graphql", json=body, headers=headers)

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = None
    ) -> Any:
        """Run an operation that must succeed; return its data."""
        response = await self.post(query, variables, key=key)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, json.dumps(body["errors"], indent=1, ensure_ascii=False)
        return body["data"]

    async def errors(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = None
    ) -> list[dict[str, Any]]:
        """Run an operation that must fail with GraphQL errors (HTTP 200, never 500)."""
        response = await self.post(query, variables, key=key)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body.get("errors"), body
        for error in body["errors"]:
            assert "Traceback" not in error["message"]
            assert error.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR", error
        errors: list[dict[str, Any]] = body["errors"]
        return errors


async def serve(settings: ApiSettings, store: Store | None = None) -> AsyncIterator[Api]:
    """The real app (lifespan included) behind an httpx client on an ASGI transport."""
    app = create_app(settings, store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://partnermap.test") as client:
            yield Api(client)


@pytest.fixture(name="anyio_backend")
def anyio_backend_fixture() -> str:
    return "asyncio"


@pytest.fixture(name="api")
async def api_fixture(loaded: Store, store_url: str) -> AsyncIterator[Api]:
    """The app over the bundled dataset, in the backend under test (SQLite and Neo4j)."""
    async for client in serve(settings_for(store_url), loaded):
        yield client


@pytest.fixture(name="sqlite_url")
def sqlite_url_fixture(tmp_path: Path, estonia: Dataset) -> str:
    """A SQLite store holding the bundled dataset."""
    url = f"sqlite:///{tmp_path / 'api.db'}"
    with open_store(url) as store:
        store.load(estonia)
    return url


@pytest.fixture(name="sqlite_api")
async def sqlite_api_fixture(sqlite_url: str) -> AsyncIterator[Api]:
    """The app over the bundled dataset in SQLite (for tests of the HTTP layer)."""
    async for client in serve(settings_for(sqlite_url)):
        yield client


def query_file(name: str) -> str:
    """The text of graphql/queries/<name>.graphql."""
    return (QUERIES / f"{name}.graphql").read_text(encoding="utf-8")


def names(items: list[dict[str, Any]], key: str = "name") -> list[str]:
    """The ``name`` of each item."""
    return [item[key] for item in items]


Check = Callable[[Any], None]
