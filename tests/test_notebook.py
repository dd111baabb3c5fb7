"""partnermap.show: a map inline in Jupyter, in a sandboxed iframe."""

from __future__ import annotations

import html

import pytest

import partnermap
from partnermap.model import Dataset, Organisation


def test_show_network_map(estonia: Dataset) -> None:
    shown = partnermap.show(estonia, "network", "network:loimumiskoda", lang="en")
    page = shown._repr_html_()
    assert page.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in page
    assert html.unescape(page.split('srcdoc="', 1)[1].split('" title=', 1)[0]) == shown.map.html
    assert "Lõimumiskoda" in shown.map.html


def test_show_escapes_hostile_names_twice(estonia: Dataset) -> None:
    hostile = '"><script>alert(1)</script>'
    ds = estonia.model_copy(deep=True)
    ds.nodes.append(
        Organisation(id="org:hostile", name=hostile, org_kind="ngo", sector="non_profit", sources=["t#1"])
    )
    page = partnermap.show(ds, "ecosystem", layout="force")._repr_html_()
    assert "<script>alert(1)</script>" not in page
    assert page.count("<iframe") == 1 and page.count("</iframe>") == 1


def test_show_needs_an_id_for_a_network_map(estonia: Dataset) -> None:
    with pytest.raises(ValueError, match="needs the id"):
        partnermap.show(estonia, "network")


def test_show_from_a_store(loaded) -> None:
    shown = partnermap.show(loaded, "ego", "org:elvl", hops=1)
    assert shown.map.node_count > 5
