"""`partnermap metrics ...` and `partnermap report` on the bundled dataset in a real SQLite store."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.cli.metrics import register
from partnermap.datasets import with_reference
from partnermap.model import Dataset, Network, Organisation, Relation
from partnermap.store.sqlite import SQLiteStore

register(app)
register(app)  # idempotent: registering twice adds nothing twice

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory, estonia: Dataset) -> str:
    db = tmp_path_factory.mktemp("metrics") / "estonia.db"
    with SQLiteStore(db) as store:
        store.load(estonia)
    return f"sqlite:///{db}"


def run(runner: CliRunner, url: str, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["--store", url, *args])
    assert result.exit_code == code, result.output
    return result.output


def run_json(runner: CliRunner, url: str, *args: str) -> dict:
    text = run(runner, url, *args, "--format", "json")
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))


def test_registration_is_idempotent() -> None:
    assert sum(1 for g in app.registered_groups if g.name == "metrics") == 1
    assert sum(1 for c in app.registered_commands if c.name == "report") == 1


def test_cross_area_by_county(runner: CliRunner, url: str) -> None:
    data = run_json(
        runner,
        url,
        "metrics",
        "cross-area",
        "--by",
        "county",
        "--as-of",
        "2025-06-30",
        "--permutations",
        "99",
    )
    assert data["as_of"] == "2025-06-30"
    ei = data["cross_area"]["ei"]
    assert ei["attribute"] == "home_county" and -1 <= ei["ei"] <= 1 and ei["groups"] >= 2
    assert data["cross_area"]["permutation"]["permutations"] == 99
    spans = {s["project"]: s for s in data["projects_across_counties"]}
    assert spans["project:koosloomest-koostooni"]["counties"] == ["county:tartu", "county:voru"]
    table = run(runner, url, "metrics", "cross-area", "--by", "sector", "--as-of", "2025-06-30")
    assert "E-I index" in table


def test_span_names_koosloomest_counties(runner: CliRunner, url: str) -> None:
    data = run_json(runner, url, "metrics", "span", "project:koosloomest-koostooni", "--as-of", "2025-01-01")
    [span] = data["projects"]
    assert span["counties"] == ["county:tartu", "county:voru"] and span["crosses_leader_areas"] is True


def test_coverage(runner: CliRunner, url: str) -> None:
    data = run_json(
        runner, url, "metrics", "coverage", "network:elvl-koordinaatorite-vorgustik", "--as-of", "2025-06-30"
    )
    c = data["coverage"]
    assert len(c["municipalities_reached"]) == 8 and c["municipality_total"] == 79
    everything = run_json(runner, url, "metrics", "coverage", "--as-of", "2025-06-30")
    gaps = {m["municipality"] for m in everything["municipalities_not_reached"]}
    assert "municipality:ruhnu-vald" in gaps and "municipality:kohtla-jarve-linn" not in gaps
    assert "Municipalities reached 8 of 79" in run(
        runner, url, "metrics", "coverage", "network:elvl-koordinaatorite-vorgustik", "--as-of", "2025-06-30"
    )


def test_coverage_areas_reached_and_not_agree_with_the_library(
    runner: CliRunner, url: str, estonia: Dataset
) -> None:
    import csv
    import io

    from partnermap.graph import to_multigraph
    from partnermap.metrics.coverage import area_reach
    from partnermap.metrics.temporal import at

    H = at(to_multigraph(estonia.nodes, estonia.relations), date(2025, 6, 1))
    data = run_json(runner, url, "metrics", "coverage", "--not-reached", "--as-of", "2025-06-01")
    expected = [a.id for a in area_reach(H, reached=False)]
    assert [a["id"] for a in data["areas"]] == expected and "municipality:ruhnu-vald" in expected
    assert data["level"] == "municipality" and not any(a["reached"] for a in data["areas"])
    group = "network:elvl-koordinaatorite-vorgustik"
    text = run(
        runner,
        url,
        "metrics",
        "coverage",
        group,
        "--level",
        "county",
        "--reached",
        "-f",
        "csv",
        "--as-of",
        "2025-06-01",
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [a.id for a in area_reach(H, "county", by=group, reached=True)]
    assert rows[0]["name"] == "Harju maakond" and rows[0]["reached"] == "True"
    table = run(
        runner, url, "metrics", "coverage", "--level", "county", "--not-reached", "--as-of", "2025-06-01"
    )
    assert "not reached by any network" in table and "Hiiu maakond" in table and "Harju maakond" not in table
    err = run(runner, url, "metrics", "coverage", "org:elvl", "--reached", code=1)
    assert "not a network or project" in err


def test_brokerage_weak_points_centrality_communities(runner: CliRunner, url: str) -> None:
    b = run_json(runner, url, "metrics", "brokerage", "--by", "sector", "--as-of", "2025-06-30")
    assert b["brokers"] and all(r["representative"] == r["gatekeeper"] for r in b["brokers"])
    w = run_json(runner, url, "metrics", "weak-points", "--as-of", "2025-06-30")
    assert w["weak_points"]["components"] >= 1
    leaves = run_json(runner, url, "metrics", "weak-points", "--leaves", "org:elvl", "--as-of", "2025-06-30")
    assert leaves["what_if"]["node"] == "org:elvl"
    # Top 4 by betweenness: since issue 16 the shared events tie Rakvere to the agencies of its
    # info sessions, and ELVL shares its bridging with Tartu, Rakvere and the Teenuskeskus.
    c = run_json(runner, url, "metrics", "centrality", "--as-of", "2025-06-30", "--top", "4")
    assert len(c["organisations"]) == 4 and "org:elvl" in {r["node"] for r in c["organisations"]}
    k = run_json(runner, url, "metrics", "communities", "--as-of", "2025-06-30")
    assert 0 <= k["communities"]["agreement"]["nmi"] <= 1


def test_indicators(runner: CliRunner, url: str) -> None:
    data = run_json(runner, url, "metrics", "indicators", "--as-of", "2030-01-01")
    rows = {(r["indicator"], r["year"]): r for r in data["indicators"]}
    assert rows["indicator:participation-councils", 2025]["status"] == "met"
    assert rows["indicator:participation-councils", 2029]["status"] == "behind"
    assert rows["indicator:kov-coordinators", 2025]["value"] == 8
    early = run_json(runner, url, "metrics", "indicators", "--as-of", "2024-06-01")
    assert all(r["year"] <= 2024 for r in early["indicators"])


def test_diff_and_series(runner: CliRunner, url: str) -> None:
    d = run_json(runner, url, "metrics", "diff", "2025-06-30", "2027-06-30")
    ended = {(t["u"], t["v"]) for t in d["ties_ended"]}
    assert ("org:elvl", "org:tallinna-linnavalitsus") in ended
    assert ("org:elvl", "org:kohtla-jarve-linnavalitsus") not in ended
    assert "org:tallinna-linnavalitsus>party_to>org:elvl" in {r["id"] for r in d["relations_ended"]}
    s = run_json(runner, url, "metrics", "series", "--start", "2024", "--end", "2026")
    assert [p["date"] for p in s["series"]] == ["2024-12-31", "2025-12-31", "2026-12-31"]


def test_user_errors_exit_1_without_traceback(runner: CliRunner, url: str, tmp_path: Path) -> None:
    for args, message in [
        (("metrics", "cross-area", "--by", "colour"), "unknown attribute 'colour'"),
        (("metrics", "cross-area", "--as-of", "1990-01-01"), "before the data begin"),
        (("metrics", "centrality", "--as-of", "yesterday"), "is not a date"),
        (("metrics", "coverage", "org:elvl"), "not a network or project"),
        (("metrics", "diff", "2027-01-01", "2025-01-01"), "before the first"),
        (("report", "-o", str(tmp_path / "r.html"), "--as-of", "2200-01-01"), "after the last date"),
    ]:
        output = run(runner, url, *args, code=1)
        assert message in output and "Traceback" not in output
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert "store is empty" in run(runner, empty, "metrics", "weak-points", code=1)


def test_report_is_self_contained(runner: CliRunner, url: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert "wrote the report" in run(runner, url, "report", "-o", str(out), "--as-of", "2025-06-30")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 2
    assert "Sidemed piirkondade vahel" in page and "omavalitsusi, kuhu ulatub" in page  # Estonian by default
    # nothing is fetched: no script, stylesheet link, image or URL other than the SVG namespace
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert set(re.findall(r"https?://[^\"' )]+", page)) <= {"http://www.w3.org/2000/svg"}
    assert "Koosloomest koostööni" in page and "NaN" not in page and "inf" not in page.replace("info", "")


def test_report_escapes_hostile_names(runner: CliRunner, tmp_path: Path) -> None:
    src = ["t#1"]
    nodes = [
        Organisation(id="org:evil", name=HOSTILE, org_kind="ngo", sector="non_profit", sources=src),
        Organisation(id="org:good", name="Good & <b>bold</b>", org_kind="ngo", sector="public", sources=src),
        Network(id="network:evil", name=HOSTILE, sources=src),
    ]
    rels = [
        Relation(kind="located_in", source="org:evil", target="municipality:tallinn", sources=src),
        Relation(kind="located_in", source="org:good", target="municipality:tartu-linn", sources=src),
        Relation(kind="member_of", source="org:evil", target="network:evil", sources=src),
        Relation(kind="member_of", source="org:good", target="network:evil", sources=src),
    ]
    db = tmp_path / "evil.db"
    with SQLiteStore(db) as store:
        store.load(with_reference(Dataset(nodes=nodes, relations=rels)))
    out = tmp_path / "evil.html"
    run(runner, f"sqlite:///{db}", "report", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert HOSTILE not in page and "<b>bold</b>" not in page
    assert html.escape(HOSTILE) in page
    table = run(runner, f"sqlite:///{db}", "metrics", "coverage", "network:evil")
    assert HOSTILE in table  # the terminal shows data text as it is (no markup interpretation)


def test_path_and_bridges_are_the_library_s(runner: CliRunner, url: str, estonia: Dataset) -> None:
    from partnermap.graph import to_multigraph
    from partnermap.metrics.paths import area_bridges, cooperation_path
    from partnermap.metrics.temporal import at, cooperation_at

    G = to_multigraph(estonia.nodes, estonia.relations)
    H, C = at(G, date(2025, 6, 1)), cooperation_at(G, date(2025, 6, 1))
    a, b = "org:tartu-ulikool", "org:tallinna-linnavalitsus"

    path = run_json(runner, url, "metrics", "path", a, b, "--as-of", "2025-06-01")["path"]
    expected = cooperation_path(H, C, a, b)
    assert expected is not None and path["organisations"] == expected.organisations
    assert path["organisations"][0] == a and path["organisations"][-1] == b and len(path["steps"]) == 2
    table = run(runner, url, "metrics", "path", a, b, "--as-of", "2025-06-01")
    assert "2 steps" in table and "Tartu Ülikool" in table

    bridges = run_json(
        runner, url, "metrics", "bridges", "county:ida-viru", "municipality:tallinn", "--as-of", "2025-06-01"
    )
    want = area_bridges(H, C, "county:ida-viru", "municipality:tallinn")
    assert [b["organisation"] for b in bridges["bridges"]["brokers"]] == [
        b.organisation for b in want.brokers
    ]
    assert bridges["bridges"]["brokers"][0]["organisation"] == "org:elvl"
    assert {(t["u"], t["v"]) for t in bridges["bridges"]["ties"]} == {(t.u, t.v) for t in want.ties} != set()
    text = run(
        runner, url, "metrics", "bridges", "county:ida-viru", "municipality:tallinn", "--as-of", "2025-06-01"
    )
    assert "Eesti Linnade ja" in text  # ELVL, the first broker (the table may wrap its name)


def test_path_and_bridges_refuse_what_is_not_there(runner: CliRunner, url: str) -> None:
    refused = run(runner, url, "metrics", "path", "org:tartu-ulikool", "org:nowhere", code=1)
    assert "'org:nowhere' is not an organisation" in refused
    refused = run(runner, url, "metrics", "bridges", "county:harju", "county:harju", code=1)
    assert "two different areas" in refused
