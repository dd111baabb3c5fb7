"""The report's data do not change when its computation gets faster.

``tests/data/report_golden.json.gz`` holds the report's data for each input, as JSON.
Everything must match exactly except floats, which may differ by rounding (relative 1e-9).

It was first written by the report code of commit 5607db4 (before the cross-area tables
shared one tie extraction and the sections shared the snapshot's home areas and igraph
conversions), and rewritten on purpose, from the new code, when the report was made for
people (issue 14; ``git log -1 -- tests/data/report_golden.json.gz`` names the commit).
What that rewrite changed, and nothing else: the mixing matrices count an internal tie once
on the diagonal (was twice); the yearly series became the table of change (each point also
holds ``ties_added`` and ``ties_ended``, and the report's own day is a point); the data gained
``shape``, ``names``, ``names_en`` and ``as_of_default`` and lost ``title`` (the page's words
are the page's). Every other section was compared with the old golden before the rewrite.

Some sums run over Python sets, whose order follows the string hash seed, so not even the
old code gives the same last bit in every process; Burt's constraint (networkx's, on small
graphs) then breaks ties between equally constrained organisations differently, and the
structural-holes table lists other organisations of the same constraint. So the reports
are computed in a subprocess with ``PYTHONHASHSEED=0``, as the golden file was.

The inputs cover both sides of every size threshold the report has: the bundled dataset and
a 300-organisation synthetic graph take the networkx paths (and the yearly series); a
5,000-organisation one takes igraph (exact betweenness, closeness, eigenvector, PageRank,
Burt's constraint, Louvain, modularity) and Burt's effective size of the top organisations
alone. The 30,000-organisation graph of the benchmark (sampled paths) is compared by
``scripts/bench/bench_metrics.py --baseline-tree``, which checks old and new data are equal.

The goldens follow the inputs: if the bundled dataset or :mod:`partnermap.synth` changes on
purpose, write them again from the code that last wrote them (a checkout of that commit,
run from the repository root)::

    git worktree add /tmp/report-base $(git log -1 --format=%h -- tests/data/report_golden.json.gz)
    PYTHONPATH=/tmp/report-base .venv/bin/python -P tests/test_report_golden.py --write
"""

from __future__ import annotations

import gzip
import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from partnermap.datasets import bundled_dataset
from partnermap.graph import to_multigraph
from partnermap.report import build_report, render_html
from partnermap.synth import synthesize

GOLDEN = Path(__file__).parent / "data" / "report_golden.json.gz"
AS_OF = date(2025, 6, 30)
#: A fixed stamp in place of the report's generation time.
STAMP = "2000-01-01 00:00 UTC"
#: Floats agree when they differ by less than this share (summation order, see above).
REL_TOL = 1e-9


def _bundled() -> nx.MultiDiGraph:
    ds = bundled_dataset()
    return to_multigraph(ds.nodes, ds.relations)


def _synthetic(orgs: int) -> Callable[[], nx.MultiDiGraph]:
    def make() -> nx.MultiDiGraph:
        ds = synthesize(orgs=orgs, seed=1)
        return to_multigraph(ds.nodes, ds.relations)

    return make


#: name: (graph, as_of)
CASES: dict[str, tuple[Callable[[], nx.MultiDiGraph], date | None]] = {
    "bundled": (_bundled, AS_OF),
    "bundled-every-date": (_bundled, None),
    "synth-300": (_synthetic(300), AS_OF),
    "synth-5000": (_synthetic(5000), AS_OF),
}


def report_data(G: nx.MultiDiGraph, as_of: date | None) -> dict[str, Any]:
    """The report's data as plain JSON values, without its timings and generation time."""
    data = build_report(G, as_of=as_of, permutations=199, seed=0)
    data.pop("timings")
    data["generated"] = STAMP
    render_html(data)  # the page must still render from these data
    plain: dict[str, Any] = json.loads(json.dumps(data, allow_nan=False))
    return plain


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    """Where two JSON values differ: exactly, except floats (relative ``REL_TOL``)."""
    if isinstance(old, float) and isinstance(new, float):
        return (
            [] if math.isclose(old, new, rel_tol=REL_TOL, abs_tol=1e-12) else [f"{where}: {old!r} != {new!r}"]
        )
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return [f"{where}: keys {list(old)} != {list(new)}"]
        return [d for k in old for d in differences(old[k], new[k], f"{where}/{k}")]
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{where}: {len(old)} items != {len(new)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    return [] if type(old) is type(new) and old == new else [f"{where}: {old!r} != {new!r}"]


def _golden() -> dict[str, Any]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as f:
        loaded: dict[str, Any] = json.load(f)
    return loaded


def test_differences_are_exact_but_for_float_rounding() -> None:
    assert differences({"a": [1, 0.1 + 0.2]}, {"a": [1, 0.3]}) == []
    assert differences({"a": 1}, {"a": 1.0}) == ["/a: 1 != 1.0"]
    assert differences({"a": True}, {"a": 1}) == ["/a: True != 1"]
    assert differences([0.5], [0.5000001]) == ["[0]: 0.5 != 0.5000001"]
    assert differences({"a": 1, "b": 2}, {"b": 2, "a": 1}) == [": keys ['a', 'b'] != ['b', 'a']"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_data_unchanged(case: str) -> None:
    found = differences(_golden()[case], _in_subprocess(case), case)
    assert not found, "\n".join(found[:20])


def _in_subprocess(case: str) -> dict[str, Any]:
    """``report_data`` of one case, computed in a fresh interpreter with string hash seed 0.

    The interpreter imports the same partnermap as this one (the old tree when writing).
    """
    import partnermap

    tree = str(Path(partnermap.__file__).parent.parent)
    path = os.pathsep.join(p for p in (tree, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, __file__, "--print", case], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    plain: dict[str, Any] = json.loads(done.stdout)
    return plain


def write_golden() -> None:
    """Write the golden file from the partnermap that is imported (run it on the old code)."""
    import partnermap

    out: dict[str, Any] = {"written_by": str(Path(partnermap.__file__).parent)}
    for case in sorted(CASES):
        out[case] = _in_subprocess(case)
        print(f"{case}: {len(out[case])} sections", file=sys.stderr)
    text = json.dumps(out, indent=1, ensure_ascii=False) + "\n"
    # mtime=0: the same data give the same bytes, so a rewrite from the same code is no change.
    with GOLDEN.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(text.encode("utf-8"))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_golden()
    elif len(sys.argv) == 3 and sys.argv[1] == "--print" and sys.argv[2] in CASES:
        make, as_of = CASES[sys.argv[2]]
        json.dump(report_data(make(), as_of), sys.stdout)
    else:
        sys.exit("usage: test_report_golden.py --write | --print CASE   (see the module docstring)")
