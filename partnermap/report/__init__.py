"""The metrics report: one self-contained HTML file, in Estonian or English, that opens offline.

:func:`build_report` (:mod:`partnermap.report.build`) computes the metrics of
:mod:`partnermap.metrics` on a snapshot and returns plain, language-free data;
:func:`render_html` (:mod:`partnermap.report.page`) writes them as one HTML page in the
language asked (:mod:`partnermap.report.words` holds every word of it, one dictionary per
language), with no external file, script, font or CDN; :func:`write_report` does both.
Every text that comes from the data is escaped; ids appear only in tooltips.

Examples
--------
>>> from datetime import date
>>> from partnermap.datasets import bundled_dataset
>>> from partnermap.graph import to_multigraph
>>> ds = bundled_dataset()
>>> data = build_report(to_multigraph(ds.nodes, ds.relations), as_of=date(2025, 6, 30))
>>> data["cross_area"]["county"]["ei"]["groups"] > 1
True
>>> page = render_html(data)
>>> page.startswith("<!DOCTYPE html>") and '<html lang="et">' in page and "30. juuni 2025" in page
True
>>> "http" not in page.split("<body")[0] and "As of 30 June 2025" in render_html(data, lang="en")
True
"""

from __future__ import annotations

from partnermap.report.build import (
    CROSS_AREA_BY,
    PERMUTATION_BUDGET,
    SERIES_LIMIT,
    build_report,
    write_report,
)
from partnermap.report.page import render_html

__all__ = [
    "CROSS_AREA_BY",
    "PERMUTATION_BUDGET",
    "SERIES_LIMIT",
    "build_report",
    "render_html",
    "write_report",
]
