"""Stores: the Store protocol, SQLiteStore (embedded default) and Neo4jStore (server).

:func:`open_store` picks the backend from a URL: ``sqlite:///PATH`` (or a plain path),
``neo4j://``, ``neo4j+s://`` or ``bolt://USER:PASS@HOST:PORT[/DATABASE]``.
"""

from __future__ import annotations

import importlib

from partnermap.errors import StoreError
from partnermap.settings import Settings
from partnermap.store.base import LoadResult, Neighbour, Store
from partnermap.store.sqlite import SQLiteStore

__all__ = ["LoadResult", "Neighbour", "SQLiteStore", "Store", "open_store"]

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(url: str | None = None, *, settings: Settings | None = None) -> Store:
    """Open the store a URL names (default: the settings' store, else ./partnermap.db).

    Parameters
    ----------
    url : str, optional
        ``sqlite:///PATH`` (or a plain path), ``neo4j://USER:PASS@HOST:7687/DB``...
    settings : Settings, optional
        How to use the store (e.g. how long Neo4j writes retry); default: the defaults.
    """
    settings = settings or Settings()
    url = url or settings.store_url
    if url.startswith(NEO4J_SCHEMES):
        try:
            neo4j_backend = importlib.import_module("partnermap.store.neo4j")
        except ImportError as exc:
            raise StoreError(f"the Neo4j backend is not available: {exc}") from None
        store: Store = neo4j_backend.Neo4jStore(url, retry_seconds=settings.neo4j_retry_seconds)
        return store
    if "://" in url and not url.startswith("sqlite:"):
        scheme = url.split("://", 1)[0]
        raise StoreError(f"unknown store URL scheme {scheme!r}: use sqlite:///PATH or neo4j://HOST")
    return SQLiteStore(url)
