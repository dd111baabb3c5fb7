"""Shared fixtures: real stores (a SQLite file per test), datasets, the CLI runner.

The ``store`` fixture is parametrised over every backend in ``BACKENDS``; the store
conformance suite and every test that takes ``store`` run once per backend.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.datasets import bundled_dataset
from partnermap.model import Dataset
from partnermap.store import open_store
from partnermap.store.base import Store
from tests.neo4j_server import DevServer

#: Headless Chromium fixtures (``browser``, ``open_map``) for every test module.
pytest_plugins = ["tests.browser"]

BACKENDS = ["sqlite", "neo4j"]


@pytest.fixture(scope="session")
def neo4j_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Neo4j: $PARTNERMAP_TEST_NEO4J_URI, or the dev server started for this session."""
    existing = os.environ.get("PARTNERMAP_TEST_NEO4J_URI")
    if existing:
        yield existing
        return
    server = DevServer(tmp_path_factory.mktemp("neo4j-data"))
    server.start()
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A URL of an empty store of the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'partnermap.db'}"
    url = str(request.getfixturevalue("neo4j_url"))
    with open_store(url) as fresh:  # one server serves the session: empty it per test
        fresh.clear()
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def estonia() -> Dataset:
    return bundled_dataset()


@pytest.fixture
def loaded(store: Store, estonia: Dataset) -> Store:
    store.load(estonia)
    return store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
