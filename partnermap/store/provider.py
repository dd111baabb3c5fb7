"""A store opened on first use, shared by the threads of a server.

A server starts even while its store (a Neo4j server) is still down: the
:class:`StoreProvider` opens it at the first request that needs it, once, however many
threads ask at the same moment.

Examples
--------
>>> from partnermap.settings import Settings
>>> provider = StoreProvider(Settings(store_url="sqlite:///:memory:"))
>>> provider.peek() is None, provider.get() is provider.get()
(True, True)
>>> provider.close(); provider.peek() is None
True
"""

from __future__ import annotations

import threading
from typing import TypeVar

from partnermap.settings import Settings
from partnermap.store import open_store
from partnermap.store.base import Store

__all__ = ["StoreProvider"]

S = TypeVar("S", bound=Store | None)


class StoreProvider:
    """Opens the store the settings name on first use (or serves one given)."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.url = settings.store_url
        self._store = _serving(store)
        self._owned = store is None
        self._lock = threading.Lock()

    def peek(self) -> Store | None:
        """The store if it is open already, else None (never opens it)."""
        return self._store

    def get(self) -> Store:
        """The store, opened if need be (StoreUnavailableError if it cannot be)."""
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                self._store = _serving(open_store(self.url, settings=self.settings))
            return self._store

    def close(self) -> None:
        """Close the store if this provider opened it."""
        with self._lock:
            if self._store is not None and self._owned:
                self._store.close()
                self._store = None


def _serving(store: S) -> S:
    """The store, its reads sharing records where the backend can (a server's requests treat
    records as read-only: ``SQLiteStore.share_records``)."""
    share = getattr(store, "share_records", None)
    if callable(share):
        share()
    return store
