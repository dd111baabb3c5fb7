"""The metrics report for people: Estonian by default or English, names not ids, dates as
people write them, counts that agree, the mixing matrix's diagonal counted once, a default
day that suits the data, readable at 800 px; sections that cannot be computed become notes."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.cli.metrics import register
from partnermap.datasets import with_reference
from partnermap.graph import active_on, to_multigraph
from partnermap.metrics.mixing import group_mixing
from partnermap.metrics.temporal import busiest_day, cooperation_at, shape
from partnermap.model import Dataset, Network, Organisation, Relation
from partnermap.report import CROSS_AREA_BY, build_report, render_html
from partnermap.report.words import WORDS
from partnermap.store.sqlite import SQLiteStore
from tests.browser import OpenedPage

register(app)

AS_OF = date(2025, 6, 30)
#: An id as the data write it: a kind's prefix, a colon and a slug.
RAW_ID = re.compile(r"\b(county|municipality|org|network|project|indicator|target):[a-z0-9]")


class _Visible(HTMLParser):
    """The text a reader sees: the page's text outside tags and attributes, titles and styles
    (tooltips may hold ids)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def bundled(estonia: Dataset) -> nx.MultiDiGraph:
    return to_multigraph(estonia.nodes, estonia.relations)


@pytest.fixture(scope="module")
def data(bundled: nx.MultiDiGraph) -> dict:
    return build_report(bundled, as_of=AS_OF, permutations=19)


def test_a_snapshot_without_organisations_still_makes_a_report() -> None:
    # only the reference data: counties and municipalities, no organisation to tie
    ds = with_reference(Dataset(nodes=[], relations=[]))
    data = build_report(to_multigraph(ds.nodes, ds.relations))
    assert data["counts"]["organisations"] == 0
    for by in CROSS_AREA_BY:
        assert "no organisations" in data["cross_area"][by]["unavailable"]
    assert "no organisations" in data["centrality"]["unavailable"]
    assert "Ei saa arvutada" in render_html(data)
    assert "Not available" in render_html(data, lang="en")
    assert gc.isenabled()  # the collector paused while the report was built runs again


def test_both_languages_have_every_word() -> None:
    assert set(WORDS["et"]) == set(WORDS["en"])
    assert all(WORDS["et"][k] != WORDS["en"][k] for k in WORDS["et"] if k not in {"t_pagerank"})


def test_estonian_by_default_english_on_request(data: dict) -> None:
    et, en = render_html(data), render_html(data, lang="en")
    assert '<html lang="et">' in et and '<html lang="en">' in en
    shown_et, shown_en = visible(et), visible(en)
    assert "Seisuga 30. juuni 2025" in shown_et and "As of 30 June 2025" in shown_en
    for heading in ("Kuidas võrgustik muutus", "Nõrgad kohad", "Kesksed organisatsioonid", "Indikaatorid"):
        assert heading in shown_et and heading not in shown_en
    for heading in ("How the network changed", "Weak points", "Central organisations", "Indicators"):
        assert heading in shown_en and heading not in shown_et
    # the years of the table of change, as each language writes dates
    assert "31.12.2026" in shown_et and "31 Dec 2026" in shown_en
    # the heading of the gaps, in proper language
    assert re.search(r"Omavalitsused, kuhu ükski võrgustik ega projekt ei ulatu \(\d+\)", shown_et)
    assert re.search(r"Municipalities not reached by any network or project \(\d+\)", shown_en)
    # names with their diacritics; the English report uses English names where the data have them
    assert "Lõimumiskoda" in shown_et and "Lääne-Viru maakond" in shown_et
    translated = [i for i, name in data["names_en"].items() if i.startswith("org:") and name in shown_en]
    assert translated, "no organisation's English name is shown in the English report"
    assert all(data["names"][i] in shown_et for i in translated)
    with pytest.raises(ValueError, match="unknown language 'fi'"):
        render_html(data, lang="fi")


@pytest.mark.parametrize("lang", ["et", "en"])
def test_no_raw_ids_in_what_a_reader_sees(data: dict, lang: str) -> None:
    page = render_html(data, lang=lang)
    shown = visible(page)
    assert not RAW_ID.search(shown), RAW_ID.search(shown)
    # nor slugs of ids standing alone ("laane-viru", "kohtla-jarve-linn")
    slugs = {i.split(":", 1)[1] for i in data["names"] if "-" in i.split(":", 1)[1]}
    words = set(re.findall(r"[\w-]+", shown))
    assert not slugs & words, sorted(slugs & words)[:5]
    # ids are still there for who looks: in tooltips
    assert 'title="county:laane-viru"' in page


def test_counts_agree(bundled: nx.MultiDiGraph, data: dict) -> None:
    form = shape(cooperation_at(bundled, AS_OF))
    assert data["shape"] == {
        "organisations": form.organisations,
        "organisations_active": form.organisations_active,
        "ties": form.ties,
        "components": form.components,
        "largest_component": form.largest_component,
    }
    assert data["counts"]["organisations_with_ties"] == form.organisations_active
    assert data["counts"]["ties"] == form.ties
    [row] = [p for p in data["series"] if p["date"] == AS_OF.isoformat()]
    assert (row["organisations_active"], row["ties"], row["components"], row["largest_component"]) == (
        form.organisations_active,
        form.ties,
        form.components,
        form.largest_component,
    )
    # new and ended ties add up from one row to the next
    for before, after in zip(data["series"], data["series"][1:], strict=False):
        assert after["ties"] - before["ties"] == after["ties_added"] - after["ties_ended"]
    shown = visible(render_html(data, lang="en"))
    summary = (
        f"{form.organisations_active} of {form.organisations} organisations cooperate with at least one "
        f"other. They form {form.components} connected groups; the largest holds {form.largest_component}"
    )
    weak = (
        f"{form.organisations_active} organisations cooperate, in {form.components} groups (the largest of "
    )
    assert summary in shown and weak + f"{form.largest_component})" in shown


def _hand() -> Dataset:
    """Four organisations: a, b, c in Tallinn (Harju), d in Tartu. Network h holds a, b, c
    (3 ties within Harju); network x holds c and d (1 tie across)."""
    src = ["t#1"]
    orgs = {"a": "tallinn", "b": "tallinn", "c": "tallinn", "d": "tartu-linn"}
    nodes: list = [
        Organisation(id=f"org:{o}", name=o.upper(), org_kind="ngo", sector="non_profit", sources=src)
        for o in orgs
    ]
    nodes += [Network(id="network:h", name="H", sources=src), Network(id="network:x", name="X", sources=src)]
    rels = [
        Relation(kind="located_in", source=f"org:{o}", target=f"municipality:{m}", sources=src)
        for o, m in orgs.items()
    ]
    rels += [Relation(kind="member_of", source=f"org:{o}", target="network:h", sources=src) for o in "abc"]
    rels += [Relation(kind="member_of", source=f"org:{o}", target="network:x", sources=src) for o in "cd"]
    return with_reference(Dataset(nodes=nodes, relations=rels))


def test_mixing_matrix_counts_each_tie_once() -> None:
    ds = _hand()
    G = to_multigraph(ds.nodes, ds.relations)
    data = build_report(G, permutations=0)
    matrix = data["cross_area"]["county"]["matrix"]
    assert matrix["groups"] == ["county:harju", "county:tartu"]
    assert matrix["ties"] == [[3, 1], [1, 0]]  # 3 ties inside Harju, once each; 1 across
    internal = {g["group"]: g["internal"] for g in data["cross_area"]["county"]["groups"]}
    assert [matrix["ties"][i][i] for i in range(2)] == [internal["county:harju"], internal["county:tartu"]]
    assert data["counts"]["ties"] == 4 == sum(matrix["ties"][i][j] for i in range(2) for j in range(i, 2))
    # the page shows the same cells, and says how it counts as the API does
    page = render_html(data, lang="en")
    assert "<title>Ties Harju County × Harju County: 3</title>" in page
    assert "Each tie between two organisations is counted once" in page
    from partnermap.api.sdl import schema_sdl

    assert "each tie counted once" in schema_sdl()
    assert group_mixing(cooperation_at(G, None), "county")[0].internal == 3


def test_default_day_is_the_busiest_and_said(
    bundled: nx.MultiDiGraph, estonia: Dataset, tmp_path: Path, runner: CliRunner
) -> None:
    day = busiest_day(bundled)
    assert day is not None and day < date.today()  # today would describe a programme mostly ended
    ended = sum(1 for *_, e in bundled.edges(data=True) if active_on(e, date.today()))
    most = sum(1 for *_, e in bundled.edges(data=True) if active_on(e, day))
    assert most > ended
    db = tmp_path / "estonia.db"
    with SQLiteStore(db) as store:
        store.load(estonia)
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["--store", f"sqlite:///{db}", "report", "-o", str(out), "--permutations", "0"]
    )
    assert result.exit_code == 0, result.output
    assert f"as of {day.isoformat()} (the latest day on which the most relations are active)" in result.output
    shown = visible(out.read_text(encoding="utf-8"))
    assert f"Seisuga {day.day}. " in shown and "Kuupäeva ei antud" in shown
    out_en = tmp_path / "report-en.html"
    args = [
        "--store",
        f"sqlite:///{db}",
        "report",
        "-o",
        str(out_en),
        "--lang",
        "en",
        "--as-of",
        "01.06.2025",
    ]
    result = runner.invoke(app, [*args, "--permutations", "0"])
    assert result.exit_code == 0, result.output
    shown_en = visible(out_en.read_text(encoding="utf-8"))
    assert "As of 1 June 2025" in shown_en and "No date was given" not in shown_en
    bad = runner.invoke(app, ["--store", f"sqlite:///{db}", "report", "-o", str(out), "--lang", "fi"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


@pytest.mark.parametrize("width", [800, 1024])
def test_readable_at_narrow_widths(
    data: dict, tmp_path: Path, open_map: Callable[..., OpenedPage], width: int
) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_html(data), encoding="utf-8")
    opened = open_map(path, wait=None, viewport=(width, 700))
    opened.assert_clean()
    # the page itself never scrolls sideways: wide tables scroll inside their own box
    assert opened.js("document.documentElement.scrollWidth") <= width
    assert (
        opened.js(
            "Math.max(...Array.from(document.querySelectorAll('svg'))"
            ".map(s => s.getBoundingClientRect().right))"
        )
        <= width
    )
    assert "Kuidas võrgustik muutus" in opened.js("document.body.innerText")


def test_stated_only_leaves_inferred_relations_out_and_says_so(
    bundled: nx.MultiDiGraph, data: dict, estonia: Dataset, tmp_path: Path, runner: CliRunner
) -> None:
    inferred = sum(1 for *_, e in bundled.edges(data=True) if e.get("inferred") and active_on(e, AS_OF))
    assert inferred > 0  # the bundled dataset marks some relations inferred
    stated = build_report(bundled, as_of=AS_OF, permutations=0, stated_only=True)
    assert stated["stated_only"] and "stated_only" not in data
    assert stated["counts"]["relations"] == data["counts"]["relations"] - inferred
    assert stated["counts"]["ties"] <= data["counts"]["ties"]
    db = tmp_path / "estonia.db"
    with SQLiteStore(db) as store:
        store.load(estonia)
    for lang, words in (
        ("et", "Ainult dokumentides sõnaselgelt öeldud seosed"),
        ("en", "Only the relations"),
    ):
        out = tmp_path / f"stated-{lang}.html"
        args = ["--store", f"sqlite:///{db}", "report", "-o", str(out), "--as-of", AS_OF.isoformat()]
        result = runner.invoke(app, [*args, "--lang", lang, "--stated-only", "--permutations", "0"])
        assert result.exit_code == 0, result.output
        assert words in visible(out.read_text(encoding="utf-8"))
    plain = tmp_path / "plain.html"
    result = runner.invoke(
        app, ["--store", f"sqlite:///{db}", "report", "-o", str(plain), "--permutations", "0"]
    )
    assert result.exit_code == 0 and "Ainult dokumentides" not in plain.read_text(encoding="utf-8")
