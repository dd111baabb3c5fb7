"""``partnermap map ...``: every map kind from a store, options, errors without tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.cli.maps import register
from partnermap.store.sqlite import SQLiteStore
from tests.maps_fixtures import hostile_dataset

register(app)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("maps-cli") / "maps.db"
    with SQLiteStore(path) as store:
        store.load(hostile_dataset())
    return f"sqlite:///{path}"


def run(runner: CliRunner, store_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--store", store_url, "map", *args])
    return result.exit_code, result.output


def test_register_is_idempotent() -> None:
    fresh = typer.Typer()
    register(fresh)
    register(fresh)
    register(app)
    assert [g.name for g in fresh.registered_groups] == ["map"]
    assert [g.name for g in app.registered_groups].count("map") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["ecosystem"],
        ["ecosystem", "--area", "county:harju", "--cooperation", "--layout", "force"],
        ["network", "network:hostile", "--as-of", "01.06.2025", "--hide-ended"],
        ["network", "network:hostile", "--no-context", "--layout", "force"],
        ["project", "project:programm", "--lang", "en", "--color-by", "sector"],
        ["ego", "org:hostile", "--hops", "1", "--size-by", "betweenness"],
        ["cross-area", "--as-of", "2025-06-01", "--min-weight", "0.1"],
    ],
)
def test_every_map_kind(runner: CliRunner, store_url: str, tmp_path: Path, args: list[str]) -> None:
    output = tmp_path / "out" / "map.html"
    code, text = run(runner, store_url, *args, "-o", str(output))
    assert code == 0, text
    assert text.startswith(f"wrote {output}")
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="pm-data"' in page


def test_options_reach_the_page(runner: CliRunner, store_url: str, tmp_path: Path) -> None:
    output = tmp_path / "ego.html"
    code, text = run(
        runner,
        store_url,
        "ego",
        "org:hostile",
        "-k",
        "1",
        "--lang",
        "en",
        "--title",
        "My map",
        "-o",
        str(output),
    )
    assert code == 0, text
    page = output.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<title>My map</title>" in page
    assert "(6 nodes, 7 links)" in text  # the organisation, 3 neighbours, 2 home municipalities


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["network", "network:nothing"], "there is no network 'network:nothing'"),
        (["project", "org:hostile"], "'org:hostile' is a organisation, not a project"),
        (["ecosystem", "--as-of", "yesterday"], "--as-of: 'yesterday' is not a date"),
        (["ecosystem", "--area", "county:atlantis"], "'county:atlantis' is not a county or municipality"),
    ],
)
def test_errors_are_one_line_without_traceback(
    runner: CliRunner, store_url: str, tmp_path: Path, args: list[str], message: str
) -> None:
    output = tmp_path / "never.html"
    code, text = run(runner, store_url, *args, "-o", str(output))
    assert code == 1
    assert message in text and "Traceback" not in text
    assert not output.exists()


def test_unwritable_output(runner: CliRunner, store_url: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, text = run(runner, store_url, "ecosystem", "-o", str(blocker / "map.html"))
    assert code == 1 and "cannot write" in text


def test_bad_choice_is_refused(runner: CliRunner, store_url: str, tmp_path: Path) -> None:
    code, _ = run(runner, store_url, "ecosystem", "--layout", "circle", "-o", str(tmp_path / "x.html"))
    assert code == 2
