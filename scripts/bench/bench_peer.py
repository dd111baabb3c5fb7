"""Benchmark: partnermap's API side by side with @neo4j/graphql over the same Neo4j graph.

The peer is scripts/bench/peer/: @neo4j/graphql on Apollo Server (Node.js), its type
definitions over partnermap's labelled Neo4j model (a label per node kind, a relationship
type per relation kind, native properties). Its npm packages are installed by this script
(``npm ci`` into scripts/bench/peer/node_modules); they are never a dependency of partnermap.

The run:

1. ``npm ci`` in scripts/bench/peer (skip with ``--no-npm-ci`` when it is already done);
2. starts the Neo4j dev server (scripts/neo4j-dev-server, tests/neo4j_server.py) and loads
   the bundled dataset into it with partnermap (``open_store(...).load(...)``), and the same
   dataset into a SQLite file;
3. starts, each on loopback: the peer on that Neo4j; ``partnermap serve`` on that Neo4j with
   ``PARTNERMAP_API_CACHE_SECONDS=0`` and ``=2``; ``partnermap serve`` on SQLite with 0 and 2;
4. asks each partnermap server the three ready questions of bench_api.py (councils, ending,
   profile) and checks that its records equal the peer's (ids, names, roles, dates...; the
   peer's questions are scripts/bench/peer/queries/*.graphql); stops with a message naming
   the question and the records that differ if not, before timing anything;
5. drives the servers with bench_api.py's load generator at 32 clients and at 1 client
   (``--clients``), each question for ``--seconds`` after ``--warmup``, interleaved: for each
   client count and question the five servers are measured one after the other (the others
   idle), so that the shared machine's changing load falls on all of them alike;
   ``--rounds N`` repeats it all and reports each figure's median;
6. prints a table (server, query, clients, req/s, p50, p95, p99), the goals of issue 15 with
   their ratios, versions (Neo4j, @neo4j/graphql, @apollo/server, node, python, strawberry),
   the machine (nproc, CPU model) and the load average before and after.

Not a test: the numbers depend on the machine and on what else runs on it.

Usage::

    .venv/bin/python scripts/bench/bench_peer.py --seconds 8
    .venv/bin/python scripts/bench/bench_peer.py --seconds 3 --clients 32 --no-npm-ci
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _path in (ROOT, HERE):  # bench_api beside this file; partnermap and tests from the checkout
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import bench_api  # noqa: E402

from partnermap.datasets import bundled_dataset  # noqa: E402
from partnermap.store import open_store  # noqa: E402
from tests.neo4j_server import DevServer, free_port  # noqa: E402

PEER = HERE / "peer"
PEER_QUERIES = PEER / "queries"
QUESTIONS = ("councils", "ending", "profile")
# Runs ``node`` in place of the Python process bench_api.server starts, so that its start-up
# wait and process-group shutdown serve the peer too.
EXEC = "import os, sys; os.execvp(sys.argv[1], sys.argv[1:])"

Record = tuple[Any, ...]


# --------------------------------------------------------------------------- questions


def peer_questions(partnermap: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The peer's request bodies for the questions, with the same variables as ``partnermap``'s
    (the ending window given as its first and last day: the peer has no day arithmetic)."""
    ending = partnermap["ending"]["variables"]
    start = date.fromisoformat(ending["from"])
    last = start + timedelta(days=int(ending["withinDays"]))
    variables = {
        "councils": {},
        "ending": {"from": start.isoformat(), "to": last.isoformat()},
        "profile": {"id": partnermap["profile"]["variables"]["id"]},
    }
    return {
        name: {
            "query": (PEER_QUERIES / f"{name}.graphql").read_text(encoding="utf-8"),
            "variables": variables[name],
        }
        for name in QUESTIONS
    }


def _low(value: str | None) -> str | None:
    """An enum value as stored: partnermap's API gives ``CONVENER``, the peer the stored ``convener``."""
    return None if value is None else value.lower()


def _names(items: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(sorted(item["name"] for item in items))


def _one(item: dict[str, Any] | None) -> list[dict[str, Any]]:
    """partnermap's single related object as the peer's list of them (empty or one)."""
    return [] if item is None else [item]


def _records(*groups: tuple[str, list[Record]]) -> dict[str, list[Record]]:
    return {name: sorted(rows, key=repr) for name, rows in groups}


def _councils(data: dict[str, Any], peer: bool) -> dict[str, list[Record]]:
    if peer:
        page = data["networksConnection"]
        nodes = [edge["node"] for edge in page["edges"]]
    else:
        page = data["networks"]
        nodes = page["nodes"]
    rows = []
    for n in nodes:
        homes = n["municipality"] if peer else _one(n["municipality"])
        home = tuple(
            sorted((m["id"], m["name"], _names(m["county"] if peer else _one(m["county"]))) for m in homes)
        )
        if peer:
            conveners = _names([e["node"] for e in n["membersConnection"]["edges"]])
            sources = tuple(sorted(n["sources"]))
        else:
            conveners = _names([m["organisation"] for m in n["members"]])
            sources = tuple(sorted(s["text"] for s in n["sources"]))
        rows.append((n["id"], n["name"], _low(n["status"]), home, conveners, sources))
    return _records(("total", [(page["totalCount"],)]), ("networks", rows))


def _party(org: dict[str, Any], peer: bool) -> Record:
    return (org["id"], org["name"], _names(org["municipality"] if peer else _one(org["municipality"])))


def _ending(data: dict[str, Any], peer: bool) -> dict[str, list[Record]]:
    agreements: list[Record] = []
    memberships: list[Record] = []
    if peer:
        for org in data["endingAgreements"]:
            for edge in org["partyToConnection"]["edges"]:
                p, context = edge["properties"], edge["properties"]["context"]
                agreements.append(
                    (
                        p["id"], p["agreement"], p["validFrom"], p["validTo"],
                        (_party(org, peer), _party(edge["node"], peer)),
                        None if context is None else (context["id"], context["name"]),
                    )
                )  # fmt: skip
        for org in data["endingMemberships"]:
            for edge in org["membershipsConnection"]["edges"]:
                p = edge["properties"]
                memberships.append((p["validTo"], _low(p["role"]), org["name"], edge["node"]["name"]))
    else:
        for a in data["endingAgreements"]:
            context = a["context"]
            agreements.append(
                (
                    a["id"], a["agreement"], a["validFrom"], a["validTo"],
                    tuple(_party(o, peer) for o in a["parties"]),
                    None if context is None else (context["id"], context["name"]),
                )
            )  # fmt: skip
        for m in data["endingMemberships"]:
            memberships.append(
                (m["validTo"], _low(m["role"]), m["organisation"]["name"], m["network"]["name"])
            )
    return _records(("agreements", agreements), ("memberships", memberships))


def _profile(data: dict[str, Any], peer: bool) -> dict[str, list[Record]]:
    orgs = data["organisations"] if peer else _one(data["organisation"])
    rows: list[Record] = []
    for o in orgs:
        homes = o["municipality"] if peer else _one(o["municipality"])
        home = tuple(sorted((m["name"], _names(m["county"] if peer else _one(m["county"]))) for m in homes))
        if peer:
            memberships = [
                (_low(e["properties"]["role"]), e["properties"]["validFrom"], e["properties"]["validTo"],
                 e["node"]["id"], e["node"]["name"], _low(e["node"]["networkType"]))
                for e in o["membershipsConnection"]["edges"]
            ]  # fmt: skip
            partnerships = [
                (_low(e["properties"]["role"]), e["properties"]["budget"], e["node"]["id"], e["node"]["name"])
                for e in o["partnershipsConnection"]["edges"]
            ]
            agreements = [
                (
                    e["properties"]["agreement"],
                    e["properties"]["validTo"],
                    tuple(sorted((o["name"], e["node"]["name"]))),
                )
                for e in o["agreementsConnection"]["edges"]
            ]
        else:
            memberships = [
                (_low(m["role"]), m["validFrom"], m["validTo"],
                 m["network"]["id"], m["network"]["name"], _low(m["network"]["networkType"]))
                for m in o["memberships"]
            ]  # fmt: skip
            partnerships = [
                (_low(p["role"]), p["budget"], p["project"]["id"], p["project"]["name"])
                for p in o["partnerships"]
            ]
            agreements = [(a["agreement"], a["validTo"], _names(a["parties"])) for a in o["agreements"]]
        rows.append(
            (o["id"], o["name"], _low(o["orgKind"]), _low(o["sector"]), home,
             tuple(sorted(memberships, key=repr)), tuple(sorted(partnerships, key=repr)),
             tuple(sorted(agreements, key=repr)))
        )  # fmt: skip
    return _records(("organisations", rows))


NORMALISE: dict[str, Callable[[dict[str, Any], bool], dict[str, list[Record]]]] = {
    "councils": _councils,
    "ending": _ending,
    "profile": _profile,
}


def ask(address: str, body: dict[str, Any]) -> dict[str, Any]:
    """One request; the response's data (RuntimeError on GraphQL errors)."""
    import httpx  # noqa: PLC0415

    response = httpx.post(f"http://{address}/graphql", json=body, timeout=60)
    answer = response.json()
    if response.status_code != 200 or answer.get("errors") or not answer.get("data"):
        raise RuntimeError(f"HTTP {response.status_code}: {json.dumps(answer, ensure_ascii=False)[:800]}")
    data: dict[str, Any] = answer["data"]
    return data


def records(
    address: str, bodies: dict[str, dict[str, Any]], peer: bool
) -> dict[str, dict[str, list[Record]]]:
    """Each question's records as the server at ``address`` answers it, comparable across schemas."""
    return {name: NORMALISE[name](ask(address, bodies[name]), peer) for name in QUESTIONS}


def differences(
    mine: dict[str, dict[str, list[Record]]], peers: dict[str, dict[str, list[Record]]]
) -> list[str]:
    """What differs between partnermap's records and the peer's, question by question (empty: none)."""
    problems = []
    for question in QUESTIONS:
        for group in sorted(set(mine[question]) | set(peers[question])):
            a, b = mine[question].get(group, []), peers[question].get(group, [])
            if a != b:
                only_a = [r for r in a if r not in b]
                only_b = [r for r in b if r not in a]
                problems.append(
                    f"{question} / {group}: {len(a)} records from partnermap, {len(b)} from the peer\n"
                    f"    only partnermap: {only_a[:5]}\n    only the peer:   {only_b[:5]}"
                )
    if problems and not any(rows for groups in peers.values() for rows in groups.values()):
        problems.append(
            "the peer found nothing at all: does this Neo4j hold partnermap's labelled model "
            "(:Organisation, :MEMBER_OF, ...)?"
        )
    return problems


# --------------------------------------------------------------------------- servers


def npm_ci() -> None:
    """Install the peer's npm packages, exactly as package-lock.json pins them."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise SystemExit(
            "bench_peer: node and npm are needed for the peer (@neo4j/graphql); install Node.js 20+"
        )
    print("npm ci in scripts/bench/peer", file=sys.stderr)
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER, check=True, stdout=sys.stderr
    )


def split_auth(uri: str) -> tuple[str, tuple[str, str] | None]:
    """A Neo4j URI as partnermap takes it (``neo4j://USER:PASS@HOST:PORT``) as a driver's:
    the URI without user information, and the user and password if given."""
    parts = urlsplit(uri)
    if parts.username is None:
        return uri, None
    host = parts.netloc.rsplit("@", 1)[1]
    return f"{parts.scheme}://{host}", (unquote(parts.username), unquote(parts.password or ""))


def serve_peer(neo4j_uri: str, port: int, log: Path) -> Any:
    """The peer (``node scripts/bench/peer/server.mjs``) through bench_api.server."""
    node = shutil.which("node") or "node"
    uri, auth = split_auth(neo4j_uri)
    args = ["-c", EXEC, node, str(PEER / "server.mjs"), "--neo4j", uri, "--port", str(port)]
    env = {"NODE_ENV": "production"}
    if auth:
        env |= {"NEO4J_USER": auth[0], "NEO4J_PASSWORD": auth[1]}
    return bench_api.server(args, port, log, env)


@contextmanager
def neo4j_database(folder: Path, uri: str | None) -> Iterator[str]:
    """The URI of a Neo4j: ``uri`` if given, else a dev server started for the run."""
    if uri:
        yield uri
        return
    server = DevServer(folder / "neo4j-data")
    print("starting the Neo4j dev server", file=sys.stderr)
    server.start()
    try:
        yield server.uri
    finally:
        server.stop()


def load(url: str) -> None:
    """The bundled dataset into the store at ``url``, written by partnermap."""
    with open_store(url) as store:
        store.clear()
        store.load(bundled_dataset())


# --------------------------------------------------------------------------- report


@dataclass
class Row:
    server: str
    clients: int
    result: bench_api.Result


def _package_version(name: str) -> str:
    try:
        manifest = json.loads((PEER / "node_modules" / name / "package.json").read_text(encoding="utf-8"))
        return str(manifest["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def versions(neo4j_uri: str) -> dict[str, str]:
    import neo4j  # noqa: PLC0415

    uri, auth = split_auth(neo4j_uri)
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        records_, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition")
        server = ", ".join(f"{r['name']} {r['versions'][0]} {r['edition']}" for r in records_)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "Neo4j": server,
        "@neo4j/graphql": _package_version("@neo4j/graphql"),
        "@apollo/server": _package_version("@apollo/server"),
        "neo4j-driver (JS)": _package_version("neo4j-driver"),
        "node": node,
        "python": platform.python_version(),
        "strawberry-graphql": importlib.metadata.version("strawberry-graphql"),
        "fastapi": importlib.metadata.version("fastapi"),
        "uvicorn": importlib.metadata.version("uvicorn"),
        "neo4j (Python driver)": importlib.metadata.version("neo4j"),
    }


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


PEER_NAME = "@neo4j/graphql"
OLD_NAME = "partnermap neo4j, cache 0, old code"


def goals(rows: list[Row], clients: list[int]) -> list[str]:
    """Issue 15's goals as table rows: goal, question, partnermap's value, the peer's (or p50),
    the ratio, and whether this run meets it."""
    by = {(r.server, r.result.query, r.clients): r.result for r in rows}
    many, one = max(clients), min(clients)
    lines = [
        "| goal | query | partnermap | against | ratio | met |",
        "|---|---|---:|---:|---:|:---:|",
    ]

    def add(goal: str, question: str, mine: float, theirs: float, unit: str, *, ok: bool) -> None:
        ratio = mine / theirs if theirs else float("inf")
        met = "yes" if ok else "**no**"
        lines.append(
            f"| {goal} | {question} | {mine:.1f} {unit} | {theirs:.1f} {unit} | {ratio:.2f}x | {met} |"
        )

    for question in QUESTIONS:
        peer = by.get((PEER_NAME, question, many))
        peer_one = by.get((PEER_NAME, question, one))
        neo = by.get(("partnermap neo4j, cache 0", question, many))
        neo_one = by.get(("partnermap neo4j, cache 0", question, one))
        sqlite = by.get(("partnermap sqlite, cache 0", question, many))
        if peer and neo:
            add(
                f"Neo4j, no cache, {many} clients: req/s >= peer",
                question,
                neo.rps,
                peer.rps,
                "req/s",
                ok=neo.rps >= peer.rps,
            )
        if peer_one and neo_one and one != many:
            add(
                f"Neo4j, no cache, {one} client: p50 <= peer",
                question,
                neo_one.p50_ms,
                peer_one.p50_ms,
                "ms",
                ok=neo_one.p50_ms <= peer_one.p50_ms,
            )
        if peer and sqlite:
            add(
                f"SQLite, no cache, {many} clients: req/s >= 1.5x peer",
                question,
                sqlite.rps,
                peer.rps,
                "req/s",
                ok=sqlite.rps >= 1.5 * peer.rps,
            )
        for backend in ("neo4j", "sqlite"):
            cached = by.get((f"partnermap {backend}, cache 2", question, many))
            if cached:
                add(
                    f"{backend}, cache 2 s, {many} clients: p99 <= 3x p50 (against: p50)",
                    question,
                    cached.p99_ms,
                    cached.p50_ms,
                    "ms",
                    ok=cached.p99_ms <= 3 * cached.p50_ms,
                )
    return lines


def report(rows: list[Row], args: argparse.Namespace, meta: dict[str, Any]) -> str:
    lines = [
        f"{' and '.join(str(c) for c in args.clients)} keep-alive clients on loopback, {args.seconds:g} s "
        f"per query after {args.warmup:g} s warm-up; for each client count and query the servers in "
        f"turn (the others idle); {args.rounds} round(s), medians. One uvicorn worker per partnermap "
        "server, one Node.js process for the peer; the Neo4j dev server's default JVM flags.",
        f"Machine: {meta['machine']}.",
        f"Load average (1/5/15 min): before {meta['load_before']}, after {meta['load_after']}.",
        "Versions: " + "; ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".",
        "",
        "| server | query | clients | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        res = r.result
        lines.append(
            f"| {r.server} | {res.query} | {r.clients} | {res.rps:.0f} | {res.p50_ms:.1f} | "
            f"{res.p95_ms:.1f} | {res.p99_ms:.1f} |"
        )
    lines += ["", "Goals of issue 15 in this run:", "", *goals(rows, args.clients)]
    if getattr(args, "baseline", None) is not None:
        lines += ["", "This code against the old (--baseline), on Neo4j without the cache, in this run:", ""]
        lines += against_old(rows, args.clients)
    return "\n".join(lines)


def against_old(rows: list[Row], clients: list[int]) -> list[str]:
    """Rows of req/s and p50 of this code and the baseline's, per question and client count."""
    by = {(r.server, r.result.query, r.clients): r.result for r in rows}
    lines = ["| query | clients | req/s new | req/s old | ratio | p50 new ms | p50 old ms | ratio |"]
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for question in QUESTIONS:
        for n in clients:
            new, old = by.get(("partnermap neo4j, cache 0", question, n)), by.get((OLD_NAME, question, n))
            if new and old:
                lines.append(
                    f"| {question} | {n} | {new.rps:.0f} | {old.rps:.0f} | {new.rps / old.rps:.2f}x | "
                    f"{new.p50_ms:.1f} | {old.p50_ms:.1f} | {old.p50_ms / new.p50_ms:.2f}x |"
                )
    return lines


# --------------------------------------------------------------------------- run


def median_result(results: list[bench_api.Result]) -> bench_api.Result:
    """One result standing for several rounds: each figure the median of the rounds'."""
    first = results[0]
    return bench_api.Result(
        first.target,
        first.query,
        round(statistics.median(r.rps for r in results) * first.seconds),
        first.seconds,
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p95_ms for r in results),
        statistics.median(r.p99_ms for r in results),
    )


def drive(servers: dict[str, tuple[str, dict[str, dict[str, Any]]]], args: argparse.Namespace) -> list[Row]:
    """Each server's timings, interleaved: for every round, client count and question the
    servers are measured one after the other, so that a change in the machine's load (it is
    shared) falls on all of them alike rather than on whichever ran last."""
    measured: dict[tuple[str, int, str], list[bench_api.Result]] = {}
    for round_ in range(1, args.rounds + 1):
        for clients in args.clients:
            for question in QUESTIONS:
                for server, (address, bodies) in servers.items():
                    label = f"{server} ({clients}, round {round_})"
                    result = bench_api.measure(
                        label, address, question, bodies[question], args, clients=clients
                    )
                    measured.setdefault((server, clients, question), []).append(result)
    return [
        Row(server, clients, median_result(results)) for (server, clients, _), results in measured.items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=8.0, help="measured seconds per query and client count"
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before each measurement")
    parser.add_argument(
        "--clients",
        type=lambda s: [int(c) for c in s.split(",")],
        default=[32, 1],
        help="client counts, e.g. 32,1",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure everything this often; report each figure's median"
    )
    parser.add_argument(
        "--neo4j", help="URI of an existing Neo4j to use (it is cleared); default: the dev server"
    )
    parser.add_argument(
        "--no-npm-ci", action="store_true", help="use scripts/bench/peer/node_modules as it is"
    )
    parser.add_argument(
        "--check-only", action="store_true", help="check that the records agree, time nothing"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a source tree of older code (git worktree or archive): also served on Neo4j without "
        "the cache, and compared with this code in the same run",
    )
    args = parser.parse_args()

    load_before = _load()
    if not args.no_npm_ci:
        npm_ci()
    mine = bench_api.coordinator_queries()
    theirs = peer_questions(mine)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="partnermap-bench-peer-") as tmp, ExitStack() as running:
        folder = Path(tmp)
        sqlite_url = f"sqlite:///{folder / 'bench.db'}"
        neo4j_uri = running.enter_context(neo4j_database(folder, args.neo4j))
        print("loading the bundled dataset into Neo4j and SQLite with partnermap", file=sys.stderr)
        load(neo4j_uri)
        load(sqlite_url)
        meta: dict[str, Any] = {"versions": versions(neo4j_uri)}
        print(f"{PEER_NAME} on Neo4j", file=sys.stderr)
        address = running.enter_context(serve_peer(neo4j_uri, free_port(), folder / "peer.log"))
        expected = records(address, theirs, peer=True)
        servers = {PEER_NAME: (address, theirs)}
        for backend, url in (("neo4j", neo4j_uri), ("sqlite", sqlite_url)):
            for cache in (0.0, 2.0):
                name = f"partnermap {backend}, cache {cache:g}"
                print(name, file=sys.stderr)
                log = folder / f"{backend}-{cache:g}.log"
                address = running.enter_context(bench_api.serve_api(url, free_port(), log, cache))
                problems = differences(records(address, mine, peer=False), expected)
                if problems:
                    print(
                        f"bench_peer: {name} and {PEER_NAME} do not return the same records, so "
                        "their timings would not compare the same work:\n  " + "\n  ".join(problems),
                        file=sys.stderr,
                    )
                    return 1
                print(f"  same records as {PEER_NAME}: {', '.join(QUESTIONS)}", file=sys.stderr)
                servers[name] = (address, mine)
        if args.baseline is not None:
            name = OLD_NAME
            print(f"{name}: {args.baseline}", file=sys.stderr)
            log = folder / "neo4j-0-old.log"
            tree = args.baseline.resolve()
            address = running.enter_context(bench_api.serve_api(neo4j_uri, free_port(), log, 0.0, tree))
            problems = differences(records(address, mine, peer=False), expected)
            if problems:
                shown = "\n  ".join(problems)
                print(f"bench_peer: {name} differs from {PEER_NAME}:\n  {shown}", file=sys.stderr)
                return 1
            servers[name] = (address, mine)
        if not args.check_only:
            rows = drive(servers, args)
    meta |= {"machine": bench_api.machine(), "load_before": load_before, "load_after": _load()}
    if args.check_only:
        print("the records agree on every question; versions: " + json.dumps(meta["versions"]))
        return 0
    print(report(rows, args, meta))
    if args.json:
        data = {
            "meta": meta,
            "rows": [{"server": r.server, "clients": r.clients, **r.result.__dict__} for r in rows],
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
