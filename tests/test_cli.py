"""The CLI: load, validate, export, summary, synth; --store and PARTNERMAP_STORE."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import read_with_reference
from partnermap.store.sqlite import SQLiteStore

DATA = Path(__file__).parent / "data"


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def synth_file(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "synth.yaml"
    invoke(runner, "synth", "--orgs", "150", "--seed", "7", "-o", str(path))
    return path


def test_load_twice_changes_nothing(tmp_path: Path, runner: CliRunner, synth_file: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    first = invoke(runner, "--store", url, "load", str(synth_file))
    assert "0 unchanged" in first
    with SQLiteStore(tmp_path / "s.db") as store:
        before = store.dump()
    second = invoke(runner, "--store", url, "load", str(synth_file))
    assert "nodes 0 new, 0 updated" in second and "relations 0 new, 0 updated" in second
    with SQLiteStore(tmp_path / "s.db") as store:
        assert store.dump() == before


def test_store_from_environment(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "env.db"
    invoke(runner, "load", str(DATA / "small.yaml"), env={"PARTNERMAP_STORE": f"sqlite:///{db}"})
    with SQLiteStore(db) as store:
        assert store.get_node("org:elvl") is not None


def test_default_store_is_partnermap_db_in_working_dir(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARTNERMAP_STORE", raising=False)
    invoke(runner, "load", str(DATA / "small.yaml"))
    assert (tmp_path / "partnermap.db").exists()


def test_option_wins_over_environment(tmp_path: Path, runner: CliRunner) -> None:
    env = {"PARTNERMAP_STORE": f"sqlite:///{tmp_path / 'env.db'}"}
    invoke(runner, "--store", f"sqlite:///{tmp_path / 'opt.db'}", "load", str(DATA / "small.yaml"), env=env)
    assert (tmp_path / "opt.db").exists()
    assert not (tmp_path / "env.db").exists()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_load_reproduces_the_store(
    tmp_path: Path, runner: CliRunner, synth_file: Path, fmt: str
) -> None:
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    invoke(runner, "--store", a, "load", str(synth_file))
    out = tmp_path / f"export.{fmt}"
    invoke(runner, "--store", a, "export", "--format", fmt, "-o", str(out))
    invoke(runner, "--store", b, "load", str(out))
    with SQLiteStore(tmp_path / "a.db") as sa, SQLiteStore(tmp_path / "b.db") as sb:
        da, db = sa.dump(), sb.dump()
    assert len(da.nodes) > 250 and len(da.relations) > 250
    assert da.nodes == db.nodes
    assert da.relations == db.relations
    # the file, exported again from the copy, is byte for byte the same
    again = tmp_path / f"again.{fmt}"
    invoke(runner, "--store", b, "export", "--format", fmt, "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_json_export_is_networkx_node_link(tmp_path: Path, runner: CliRunner) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    invoke(runner, "--store", url, "load", str(DATA / "small.yaml"))
    out = tmp_path / "g.json"
    invoke(runner, "--store", url, "export", "--format", "json", "-o", str(out))
    G = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert isinstance(G, nx.MultiDiGraph)
    edge = G.edges[
        "org:tallinna-linnavalitsus",
        "project:tat-2025",
        "org:tallinna-linnavalitsus>partner_in>project:tat-2025",
    ]
    assert edge["budget"] == 150000 and edge["positions"][0] == {
        "title": "lõimumisjuht",
        "title_en": None,
        "fte": 0.9,
        "since": None,
        "note": None,
    }
    assert G.nodes["municipality:tallinn"]["name"] == "Tallinn"


def test_export_as_of_keeps_what_is_active(tmp_path: Path, runner: CliRunner) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    invoke(runner, "--store", url, "load", str(DATA / "small.yaml"))
    out = tmp_path / "2026.yaml"
    invoke(runner, "--store", url, "export", "--as-of", "2026-01-01", "-o", str(out))
    ds = read_with_reference(out)
    assert "project:tat-2025" not in ds.node_ids()
    assert not any(r.kind == "party_to" for r in ds.relations)
    assert any(r.kind == "member_of" for r in ds.relations)


def test_summary_counts_networks_and_ending_agreements(tmp_path: Path, runner: CliRunner) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    invoke(runner, "--store", url, "load", str(DATA / "small.yaml"))
    data = json.loads(invoke(runner, "--store", url, "summary", "--as-of", "2025-06-01", "--json"))
    assert data["nodes_by_kind"]["municipality"] == 79
    assert data["nodes_by_kind"]["organisation"] == 2
    assert data["networks"][0]["members"] == 2
    assert data["networks"][0]["conveners"] == ["Eesti Linnade ja Valdade Liit"]
    assert [a["valid_to"] for a in data["ending"]] == ["2025-12-31"]
    later = json.loads(
        invoke(runner, "--store", url, "summary", "--as-of", "2024-06-01", "--months", "6", "--json")
    )
    assert later["ending"] == []
    table = invoke(runner, "--store", url, "summary", "--as-of", "2025-06-01", env={"COLUMNS": "200"})
    assert "Koordinaatorite võrgustik" in table and "2025-12-31" in table


def test_bad_date_is_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["--store", f"sqlite:///{tmp_path / 'a.db'}", "summary", "--as-of", "2025-13-40"]
    )
    assert result.exit_code == 1
    assert "--as-of: '2025-13-40' is not a date" in result.output


def test_synth_is_deterministic(tmp_path: Path, runner: CliRunner) -> None:
    a, b, c = (tmp_path / f"{n}.yaml" for n in "abc")
    invoke(runner, "synth", "--orgs", "120", "--seed", "3", "-o", str(a))
    invoke(runner, "synth", "--orgs", "120", "--seed", "3", "-o", str(b))
    invoke(runner, "synth", "--orgs", "120", "--seed", "4", "-o", str(c))
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_unwritable_store_is_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["--store", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}", "load"])
    assert result.exit_code == 1
    assert "no directory" in result.output


def test_unknown_store_scheme(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--store", "postgres://localhost/x", "summary"])
    assert result.exit_code == 1
    assert "unknown store URL scheme 'postgres'" in result.output
