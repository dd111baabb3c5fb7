"""Backups: `export` then `load` into an empty store reproduces everything, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.io.importer import import_table
from partnermap.store import open_store

SHEETS = Path(__file__).parent / "data" / "spreadsheets"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_load_into_an_empty_store(
    store_url: str, tmp_path: Path, runner: CliRunner, fmt: str
) -> None:
    assert runner.invoke(app, ["--store", store_url, "load"]).exit_code == 0
    with open_store(store_url) as store:
        import_table(store, "organisations", SHEETS / "ida-viru-koostoo.xlsx")
        import_table(store, "memberships", SHEETS / "ida-viru-koostoo.xlsx", sheet="Liikmed")
        before = store.dump()
    backup = tmp_path / f"backup.{fmt}"
    result = runner.invoke(app, ["--store", store_url, "export", "--format", fmt, "-o", str(backup)])
    assert result.exit_code == 0, result.output
    with open_store(store_url) as store:
        store.clear()
        assert store.count_nodes() == 0
    assert runner.invoke(app, ["--store", store_url, "load", str(backup)]).exit_code == 0
    with open_store(store_url) as store:
        after = store.dump()
    assert len(after.nodes) == len(before.nodes) and len(after.relations) == len(before.relations)
    by_id = {n.id: n for n in after.nodes}
    for node in before.nodes:
        assert by_id[node.id].model_dump() == node.model_dump(), node.id  # every field, period, source
    rels = {r.id: r for r in after.relations}
    for rel in before.relations:
        assert rels[rel.id].model_dump() == rel.model_dump(), rel.id
