"""The API under pressure and under faults, against a real uvicorn server.

* 32 clients each making 50 mutations at once, on SQLite and on Neo4j: no lost update, no
  duplicate node, no "database is locked" (or any other store error) reaching a client.
* The Neo4j server stopped while the API serves: /healthz says so, GraphQL answers with a
  clear error and HTTP 503, and service resumes by itself when the server is back.
* Keys and passwords never appear in what the server logs or answers.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from partnermap.api.settings import hash_key
from partnermap.datasets import bundled_dataset
from partnermap.store import open_store
from tests.neo4j_server import DevServer, free_port
from tests.test_api_support import WRITE_KEY

CLIENTS = 32
MUTATIONS_PER_CLIENT = 50
CREATE = """mutation($input: NodeInput!) { createNode(input: $input) { id } }"""
UPDATE = """mutation($id: ID!, $input: NodeInput!) { updateNode(id: $id, input: $input) { id } }"""
JOIN = """mutation($input: RelationInput!) { createRelation(input: $input) { id } }"""
END = """mutation($id: ID!, $on: Date!) { endMembership(id: $id, on: $on) { id validTo } }"""


class Server:
    """``partnermap --store URL serve`` in a subprocess, with its log captured."""

    def __init__(self, store_url: str, folder: Path, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"server-{self.port}.log"
        log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "partnermap", "--store", store_url, "serve", "--port", str(self.port),
             "--log-level", "info"],
            cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PARTNERMAP_API_KEYS": f"write:sha256:{hash_key(WRITE_KEY)}",
                 "PARTNERMAP_API_CACHE_SECONDS": "0", **env},
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code in (200, 503):
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(self.log_path.read_text())
            time.sleep(0.2)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


@pytest.fixture
def server(loaded, store_url: str, tmp_path: Path) -> Iterator[Server]:
    running = Server(store_url, tmp_path)
    try:
        yield running
    finally:
        running.stop()


async def _client(base: str, c: int, outcomes: Counter[str], problems: list[str]) -> None:
    """One coordinator's 50 mutations: 10 new organisations, their 10 memberships, 25
    renames, 4 ended memberships, and one race for a node every client wants to create."""
    headers = {"X-API-Key": WRITE_KEY}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as http:

        async def call(query: str, variables: dict[str, object], *, race: bool = False) -> None:
            response = await http.post("/graphql", json={"query": query, "variables": variables})
            body = response.json()
            errors = body.get("errors") or []
            if response.status_code != 200 or (errors and not race):
                problems.append(f"client {c}: {response.status_code} {errors or body}")
            for error in errors:
                text = error.get("message", "")
                if race and "exists already" in text:
                    outcomes["race lost"] += 1
                else:
                    problems.append(f"client {c}: {text}")
            if not errors:
                outcomes["race won" if race else "ok"] += 1

        sources = [f"load-test#client {c}"]
        for i in range(10):
            org = {"organisation": {"id": f"org:load-{c}-{i}", "name": f"Koormus {c}.{i}", "orgKind": "NGO",
                                    "sector": "NON_PROFIT", "sources": sources}}  # fmt: skip
            await call(CREATE, {"input": org})
            member = {"kind": "MEMBER_OF", "source": f"org:load-{c}-{i}", "target": "network:loimumiskoda",
                      "validFrom": "2025-01-01", "sources": sources}  # fmt: skip
            await call(JOIN, {"input": member})
        for k in range(25):
            await call(
                UPDATE, {"id": f"org:load-{c}-{k % 10}", "input": {"organisation": {"nameEn": f"v{k}"}}}
            )
        for i in range(4):
            await call(END, {"id": f"org:load-{c}-{i}>member_of>network:loimumiskoda", "on": "2026-06-30"})
        shared = {"organisation": {"id": "org:load-shared", "name": "Ühine", "orgKind": "NGO",
                                   "sector": "NON_PROFIT", "sources": sources}}  # fmt: skip
        await call(CREATE, {"input": shared}, race=True)


def test_32_clients_50_mutations_each(server: Server, store_url: str) -> None:
    outcomes: Counter[str] = Counter()
    problems: list[str] = []

    async def everyone() -> None:
        await asyncio.gather(*(_client(server.base, c, outcomes, problems) for c in range(CLIENTS)))

    asyncio.run(everyone())
    assert not problems, problems[:5]
    assert outcomes["ok"] == CLIENTS * (MUTATIONS_PER_CLIENT - 1)
    assert (outcomes["race won"], outcomes["race lost"]) == (1, CLIENTS - 1)
    with open_store(store_url) as store:
        orgs = {n.id: n for n in store.list_nodes("organisation") if n.id.startswith("org:load-")}
        assert len(orgs) == CLIENTS * 10 + 1  # nothing lost, nothing twice
        for c in range(CLIENTS):
            for i in range(10):
                # the last rename of each organisation is the one that stayed
                last = max(k for k in range(25) if k % 10 == i)
                assert orgs[f"org:load-{c}-{i}"].name_en == f"v{last}"
        members = [r for r in store.list_relations("member_of", target="network:loimumiskoda")
                   if r.source.startswith("org:load-")]  # fmt: skip
        assert len(members) == CLIENTS * 10
        assert sum(1 for r in members if r.valid_to is not None) == CLIENTS * 4
    log = server.log()
    assert "locked" not in log.lower() and "Traceback" not in log
    assert WRITE_KEY not in log


@pytest.fixture
def neo4j_behind_api(tmp_path: Path) -> Iterator[tuple[DevServer, Server]]:
    db = DevServer(tmp_path / "neo4j", password="pa55-Word-xyz")
    db.start()
    with open_store(db.uri) as store:
        store.load(bundled_dataset())
    api = Server(db.uri, tmp_path, PARTNERMAP_NEO4J_RETRY_SECONDS="1")
    try:
        yield db, api
    finally:
        api.stop()
        db.stop()


def test_neo4j_down_and_back(neo4j_behind_api: tuple[DevServer, Server]) -> None:
    db, api = neo4j_behind_api
    query = {"query": '{ organisation(id: "org:elvl") { name } }'}
    with httpx.Client(base_url=api.base, timeout=60) as http:
        assert http.get("/healthz").json()["store"]["reachable"] is True
        assert http.post("/graphql", json=query).json()["data"]["organisation"]["name"].startswith("Eesti")
        db.stop()
        health = http.get("/healthz")
        assert health.status_code == 503 and health.json()["store"]["reachable"] is False
        down = http.post("/graphql", json=query)
        assert down.status_code == 503
        error = down.json()["errors"][0]
        assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
        assert "Neo4j" in error["message"] and "pa55-Word-xyz" not in down.text
        db.start()  # the same port and data directory
        deadline = time.monotonic() + 60
        while http.get("/healthz").status_code != 200:
            assert time.monotonic() < deadline, "the API did not recover"
            time.sleep(0.5)
        back = http.post("/graphql", json=query)
        assert back.status_code == 200 and back.json()["data"]["organisation"]["name"].startswith("Eesti")
    assert "pa55-Word-xyz" not in api.log()
