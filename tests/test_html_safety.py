"""Every page partnermap writes escapes its data: hostile names fed into the maps, the
metrics report and the gallery are shown as text in headless Chromium, and no script of
the data's runs (no dialog opens, no console error, nothing fetched)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.store.sqlite import SQLiteStore
from tests.browser import READY, OpenedPage
from tests.maps_fixtures import HOSTILE, HOSTILE_NETWORK, hostile_dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report, the gallery and its maps, all made from the hostile dataset."""
    folder = tmp_path_factory.mktemp("hostile-pages")
    db = folder / "hostile.db"
    with SQLiteStore(db) as store:
        store.load(hostile_dataset())
    url = f"sqlite:///{db}"
    report = folder / "report.html"
    result = CliRunner().invoke(
        app, ["--store", url, "report", "-o", str(report), "--as-of", "2025-06-01", "--permutations", "19"]
    )
    assert result.exit_code == 0, result.output
    gallery = folder / "visuals"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_visuals.py"), "--store", url, "-o", str(gallery)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    out = {"report": report, "index": gallery / "index.html"}
    out.update({f"map:{p.name}": p for p in sorted(gallery.glob("*.html")) if p.name != "index.html"})
    assert len(out) >= 4, out
    return out


def _check(opened: OpenedPage, *texts: str) -> None:
    opened.assert_clean()
    shown = opened.js("document.body.innerText")
    for text in texts:
        assert text in shown, (text, shown[:500])
    injected = opened.js(
        "Array.from(document.querySelectorAll('img[src=x], svg[onload], script:not([src]):not([type])'))"
        ".filter(e => e.outerHTML.includes('alert(')).length"
    )
    assert injected == 0


def test_report_shows_hostile_names_as_text(
    pages: dict[str, Path], open_map: Callable[..., OpenedPage]
) -> None:
    _check(open_map(pages["report"], wait=None), HOSTILE)


def test_gallery_index_shows_hostile_names_as_text(
    pages: dict[str, Path], open_map: Callable[..., OpenedPage]
) -> None:
    _check(open_map(pages["index"], wait=None), HOSTILE_NETWORK)


def test_every_gallery_map_is_safe(pages: dict[str, Path], open_map: Callable[..., OpenedPage]) -> None:
    maps = [path for name, path in pages.items() if name.startswith("map:")]
    assert any("hostile" in p.name for p in maps)
    for path in maps:
        opened = open_map(path, wait=READY)
        opened.assert_clean()
        assert opened.visible_count() > 0, path.name
