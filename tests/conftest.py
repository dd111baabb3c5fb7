"""Shared fixtures: real stores (a SQLite file per test), datasets, the CLI runner.

The ``store`` fixture is parametrised over every backend in ``BACKENDS``; the store
conformance suite and every test that takes ``store`` run once per backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.datasets import bundled_dataset
from partnermap.model import Dataset
from partnermap.store.base import Store
from partnermap.store.sqlite import SQLiteStore

BACKENDS = ["sqlite"]


def make_store(backend: str, tmp_path: Path) -> Store:
    if backend == "sqlite":
        return SQLiteStore(tmp_path / "partnermap.db")
    raise ValueError(backend)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[Store]:
    s = make_store(backend, tmp_path)
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
