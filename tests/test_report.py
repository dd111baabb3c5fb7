"""The metrics report: sections that cannot be computed become notes, not failures."""

from __future__ import annotations

import gc

from partnermap.datasets import with_reference
from partnermap.graph import to_multigraph
from partnermap.model import Dataset
from partnermap.report import CROSS_AREA_BY, build_report, render_html


def test_a_snapshot_without_organisations_still_makes_a_report() -> None:
    # only the reference data: counties and municipalities, no organisation to tie
    ds = with_reference(Dataset(nodes=[], relations=[]))
    data = build_report(to_multigraph(ds.nodes, ds.relations))
    assert data["counts"]["organisations"] == 0
    for by in CROSS_AREA_BY:
        assert "no organisations" in data["cross_area"][by]["unavailable"]
    assert "no organisations" in data["centrality"]["unavailable"]
    assert "Not available" in render_html(data)
    assert gc.isenabled()  # the collector paused while the report was built runs again
