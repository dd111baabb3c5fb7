"""The real server: ``partnermap serve`` (uvicorn) on a free port, talked to over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from partnermap.api.settings import hash_key
from partnermap.cli.api import register
from tests.neo4j_server import free_port
from tests.test_api_support import QUERIES, ROOT, WRITE_KEY, sqlite_url_fixture  # noqa: F401

CLI = "from partnermap.cli import app; app()"


@contextmanager
def running(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``partnermap ARGS... serve --port N`` in a subprocess; yields its base URL."""
    port = free_port()
    environment = {
        **os.environ,
        "PARTNERMAP_API_KEYS": f"write:sha256:{hash_key(WRITE_KEY)}",
        **(env or {}),
    }
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, *args, "--port", str(port), "--log-level", "warning"],
        cwd=tmp_path,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError((tmp_path / "server.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        log.close()


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[str]:
    """``partnermap --store URL serve --port N`` in a subprocess; yields its base URL."""
    with running(tmp_path, "--store", sqlite_url, "serve") as base:
        yield base


def test_workers_get_the_settings_serve_resolved(sqlite_url: str, tmp_path: Path) -> None:
    """--store and the environment as `serve` read them reach every worker, whole."""
    elsewhere = f"sqlite:///{tmp_path / 'not-this-one.db'}"
    env = {"PARTNERMAP_STORE": elsewhere, "PARTNERMAP_API_MAX_PAGE_SIZE": "3"}
    serve = ("--store", sqlite_url, "serve", "--workers", "2")
    with running(tmp_path, *serve, env=env) as base, httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(6):  # both workers answer some of them
            health = client.get("/healthz").json()
            assert health["store"]["url"] == sqlite_url
            answer = client.post("/graphql", json={"query": "{ organisations(first: 4) { totalCount } }"})
            assert "first must be between 0 and 3, not 4" in answer.text
    assert not (tmp_path / "not-this-one.db").exists()


def test_a_real_uvicorn_server_serves_graphql_graphiql_health_and_maps(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["store"]["backend"] == "SQLiteStore"
        query = (QUERIES / "participation_councils.graphql").read_text(encoding="utf-8")
        data = client.post("/graphql", json={"query": query}).json()["data"]
        assert data["networks"]["totalCount"] == 5
        graphiql = client.get("/graphql", headers={"Accept": "text/html"})
        assert graphiql.status_code == 200 and "graphiql" in graphiql.text.lower()
        assert client.get("/", follow_redirects=False).headers["location"] == "/graphql"
        gallery = client.get("/maps/")
        assert gallery.status_code == 200 and "network-loimumiskoda.html" in gallery.text
        page = client.get("/maps/network-loimumiskoda.html")
        assert page.status_code == 200 and page.text.startswith("<!DOCTYPE html>")
        refused = client.post("/graphql", json={"query": 'mutation { deleteNode(id: "org:elvl") { id } }'})
        assert refused.status_code == 401
        written = client.post(
            "/graphql",
            json={
                "query": 'mutation { updateNode(id: "org:elvl", '
                'input: {organisation: {nameEn: "ALGU"}}) { nameEn } }'
            },
            headers={"Authorization": f"Bearer {WRITE_KEY}"},
        )
        assert written.json() == {"data": {"updateNode": {"nameEn": "ALGU"}}}


def test_register_is_idempotent_and_adds_the_commands() -> None:
    app = typer.Typer()

    @app.command()
    def other() -> None:
        """A command of the main app."""

    register(app)
    register(app)
    assert sorted(c.name or "" for c in app.registered_commands) == ["", "api-key", "schema", "serve"]
    result = CliRunner().invoke(app, ["api-key", "--role", "write"])
    assert result.exit_code == 0, result.output
    key_line, entry_line = result.output.strip().splitlines()
    key = key_line.rsplit(" ", 1)[1]
    entry = entry_line.rsplit(" ", 1)[1]
    assert entry.startswith("write:sha256:") and key not in entry
    assert entry.endswith(hash_key(key))


def test_serve_refuses_bad_settings_clearly() -> None:
    env = {**os.environ, "PARTNERMAP_API_KEYS": "write:plain-text-key"}
    result = subprocess.run(
        [sys.executable, "-c", CLI, "serve"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1
    assert "PARTNERMAP_API_KEYS" in result.stderr and "Traceback" not in result.stderr
