"""SQLite under adverse conditions: a file we may not write, a database that is full."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from partnermap.datasets import read_with_reference
from partnermap.errors import StoreUnavailableError
from partnermap.store.sqlite import SQLiteStore
from partnermap.synth import synthesize

DATA = Path(__file__).parent / "data"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _as_other_user(args: list[str]) -> list[str]:
    """Run as an unprivileged user, so that file permissions apply (root ignores them)."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "util-linux setpriv is needed to drop root in this test"
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *args]
    return args


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory another user can reach (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="partnermap-ro-"))
    try:
        yield folder
    finally:
        for path in (folder, *folder.iterdir()):
            os.chmod(path, 0o755)
        shutil.rmtree(folder)


def test_read_only_store_reads_and_refuses_writes(shared_dir: Path) -> None:
    db = shared_dir / "partnermap.db"
    with SQLiteStore(db) as store:
        store.load(read_with_reference(DATA / "small.yaml"))
    os.chmod(shared_dir, 0o755)
    os.chmod(db, 0o644)
    if os.geteuid() != 0:
        os.chmod(db, 0o444)
        os.chmod(shared_dir, 0o555)
    before = _digest(db)
    cli = [sys.executable, "-m", "partnermap", "--store", f"sqlite:///{db}"]
    read = subprocess.run(
        _as_other_user([*cli, "summary", "--as-of", "2025-06-01", "--json"]),
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["nodes_by_kind"]["organisation"] == 2
    write = subprocess.run(
        _as_other_user([*cli, "load", str(DATA / "small.yaml")]),
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert write.returncode == 1
    assert "is read-only" in write.stderr and "Traceback" not in write.stderr
    assert _digest(db) == before


def test_unreachable_directory_is_a_clear_error(shared_dir: Path) -> None:
    private = shared_dir / "private"
    private.mkdir(mode=0o700 if os.geteuid() == 0 else 0o000)
    args = [sys.executable, "-m", "partnermap", "--store", f"sqlite:///{private / 'x' / 'p.db'}", "summary"]
    result = subprocess.run(_as_other_user(args), capture_output=True, text=True, check=False, cwd="/")
    assert result.returncode == 1
    assert "cannot open the SQLite store" in result.stderr and "Traceback" not in result.stderr


def test_full_database_fails_cleanly_and_keeps_its_data(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "full.db") as store:
        store.load(read_with_reference(DATA / "small.yaml"))
        before = store.dump()
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        # SQLite's own quota: writes beyond it fail exactly as on a full disk (SQLITE_FULL).
        store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StoreUnavailableError, match="is full"):
            store.load(synthesize(orgs=2000, seed=2))
        assert store.dump() == before
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # and it still takes writes that fit
        store._conn.execute("PRAGMA max_page_count = 1073741823")
        assert store.load(synthesize(orgs=100, seed=2)).nodes_created > 100
