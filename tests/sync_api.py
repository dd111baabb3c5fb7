"""The real app over HTTP for synchronous tests (hypothesis): httpx on the app's ASGI
transport, its lifespan included, with the event loop in a portal thread."""

from __future__ import annotations

import contextlib
from typing import Any

from anyio.from_thread import start_blocking_portal

from tests.test_api_support import WRITE_KEY, Api, serve, settings_for


class SyncApi:
    """The real app over HTTP (httpx on its ASGI transport, lifespan included), driven from
    synchronous code such as hypothesis tests: an event loop runs in a portal thread."""

    def __init__(self, url: str) -> None:
        self._stack = contextlib.ExitStack()
        self._portal = self._stack.enter_context(start_blocking_portal())
        self.api: Api = self._stack.enter_context(
            self._portal.wrap_async_context_manager(contextlib.asynccontextmanager(serve)(settings_for(url)))
        )

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self._portal.call(lambda: self.api.post(query, variables, key=WRITE_KEY))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def close(self) -> None:
        self._stack.close()
