"""README's Cypher cookbook runs: each ```cypher block of "Neo4j: the graph in Cypher", with
the parameters its ``// :param`` lines set, on the bundled dataset in the dev server, answers
what the Python library computes for the same question (on a SQLite store of the same data).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from partnermap.cooperation import cooperation_graph
from partnermap.datasets import bundled_dataset
from partnermap.graph import nodes_in_area, snapshot
from partnermap.metrics.paths import area_bridges
from partnermap.store.neo4j import Neo4jStore
from partnermap.store.sqlite import SQLiteStore
from partnermap.summary import summarize

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## Neo4j: the graph in Cypher"
PARAM = re.compile(r"^// :param (\w+) => (.+)$", re.MULTILINE)


def cookbook() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```cypher\n(.*?)```", section, re.DOTALL)


@pytest.fixture(scope="module")
def library() -> Iterator[SQLiteStore]:
    store = SQLiteStore(":memory:")
    store.load(bundled_dataset())
    yield store
    store.close()


@pytest.fixture(scope="module")
def graph(neo4j_url: str) -> Iterator[Neo4jStore]:
    with Neo4jStore(neo4j_url) as store:
        store.clear()
        store.load(bundled_dataset())
        yield store


def run(store: Neo4jStore, block: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The block's parameters (evaluated by the server, as Browser's :param does) and rows."""
    params = {name: store._read(f"RETURN {expr}")[0][0] for name, expr in PARAM.findall(block)}
    assert params, "a cookbook query shows its parameters"
    with store._driver.session(database=store._database) as session:
        rows = [record.data() for record in session.run(block, params)]
    return params, rows


def day_of(value: Any) -> date:
    return value.to_native() if hasattr(value, "to_native") else value  # type: ignore[no-any-return]


def members_on_a_day(lib: SQLiteStore, p: dict[str, Any]) -> list[Any]:
    G = snapshot(lib, as_of=day_of(p["day"]))
    return sorted(
        (source, G.nodes[source]["name"], edge.get("role"))
        for source, _, edge in G.in_edges(p["network"], data=True)
        if edge["kind"] == "member_of"
    )


def agreements_ending(lib: SQLiteStore, p: dict[str, Any]) -> list[Any]:
    summary = summarize(lib, as_of=day_of(p["day"]), months=p["months"])
    return [(e.id, *e.parties, e.agreement, e.valid_to) for e in summary.ending]


def county_brokers(lib: SQLiteStore, p: dict[str, Any]) -> list[Any]:
    G = snapshot(lib)
    bridges = area_bridges(G, cooperation_graph(G), p["first"], p["second"])
    return sorted(
        (b.organisation, G.nodes[b.organisation]["name"], b.first, b.second) for b in bridges.brokers
    )


def networks_missing_a_county(lib: SQLiteStore, p: dict[str, Any]) -> list[Any]:
    G = snapshot(lib, as_of=day_of(p["day"]))
    inside = nodes_in_area(G, p["county"])
    return sorted(
        (n, d["name"])
        for n, d in G.nodes(data=True)
        if d["kind"] == "network"
        and not any(e["kind"] == "member_of" and s in inside for s, _, e in G.in_edges(n, data=True))
    )


def partners(lib: SQLiteStore, p: dict[str, Any]) -> list[Any]:
    C = cooperation_graph(snapshot(lib))
    org = p["organisation"]
    return sorted(
        (
            other,
            C.nodes[other]["name"],
            sorted(t["agreements"] + t["networks"] + t["projects"] + t["funding"]),
        )
        for other, t in C[org].items()
    )


def rows_of(name: str, rows: list[dict[str, Any]]) -> list[Any]:
    """The Cypher rows in the library answer's shape."""
    if name == "members":
        return [(r["id"], r["name"], r["role"]) for r in rows]
    if name == "ending":
        return [(r["id"], r["party"], r["other_party"], r["agreement"], r["ends"].iso_format()) for r in rows]
    if name == "brokers":
        return [(r["id"], r["name"], sorted(r["in_first"]), sorted(r["in_second"])) for r in rows]
    if name == "missing":
        return [(r["id"], r["name"]) for r in rows]
    return [(r["id"], r["name"], sorted(r["via"])) for r in rows]


QUESTIONS: list[tuple[str, Callable[[SQLiteStore, dict[str, Any]], list[Any]]]] = [
    ("members", members_on_a_day),
    ("ending", agreements_ending),
    ("brokers", county_brokers),
    ("missing", networks_missing_a_county),
    ("partners", partners),
]


def test_the_cookbook_has_five_questions() -> None:
    blocks = cookbook()
    assert len(blocks) == len(QUESTIONS) == 5
    for block in blocks:
        # typed patterns, values as parameters
        assert re.search(r"\(\w*:(Organisation|Network)\b", block)
        assert "$" in block and "'" not in block.split("\n", len(PARAM.findall(block)))[-1]


@pytest.mark.parametrize(("index", "name"), [(i, q[0]) for i, q in enumerate(QUESTIONS)])
def test_cookbook_query_answers_as_the_library_does(
    graph: Neo4jStore, library: SQLiteStore, index: int, name: str
) -> None:
    block = cookbook()[index]
    params, rows = run(graph, block)
    expected = QUESTIONS[index][1](library, params)
    assert expected, f"{name}: the library finds nothing for the README's parameters; pick others"
    got = rows_of(name, rows)
    if name in ("members", "missing", "brokers", "partners"):
        assert sorted(got) == got  # ordered by id, as the query says
    assert got == expected
