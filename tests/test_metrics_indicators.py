"""Indicators: targets against values from the graph; met, behind, no data; comparisons."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from partnermap.datasets import with_reference
from partnermap.graph import to_multigraph
from partnermap.metrics import MetricsError, to_jsonable
from partnermap.metrics.indicators import indicator_status, indicator_value
from partnermap.metrics.temporal import at
from partnermap.model import Dataset, Indicator, Network, Organisation, Position, Project, Relation

SRC = ["t#1"]


@pytest.fixture(scope="module")
def bundled(estonia: Dataset) -> nx.MultiDiGraph:
    return to_multigraph(estonia.nodes, estonia.relations)


def status(rows: list, indicator: str) -> dict[int, tuple]:
    return {r.year: (r.target, r.value, r.status) for r in rows if r.indicator == indicator}


def test_bundled_indicator_statuses(bundled: nx.MultiDiGraph) -> None:
    rows = indicator_status(bundled)
    json.dumps(to_jsonable(rows), allow_nan=False)
    # End of 2025: Lõimumiskoda and Haapsalu (2024) + Tartu, Rakvere, Kohtla-Järve (2025) = 5 of 5;
    # end of 2029 the same 5 against 7.
    assert status(rows, "indicator:participation-councils") == {2025: (5, 5, "met"), 2029: (7, 5, "behind")}
    # one local network per partner KOV at the end of 2025; all agreements have ended by 2029
    assert status(rows, "indicator:local-cooperation-networks") == {
        2025: (8, 8, "met"),
        2029: (7, 0, "behind"),
    }
    # 8 partner KOVs staff positions in the 2025 action plan; it does not run in 2029
    assert status(rows, "indicator:kov-coordinators") == {2025: (8, 8, "met"), 2029: (7, None, "no data")}
    # Silab's network members are not named in the source: no data rather than "behind"
    assert {s for _, _, s in status(rows, "indicator:silab-kov-network-members").values()} == {"no data"}
    # without a definition and without a reported value: no data
    assert status(rows, "indicator:info-days")[2025][2] == "no data"
    councils_2024 = indicator_value(bundled, {"metric": "participation_councils"}, date(2024, 12, 31))
    assert councils_2024[0] == 2  # matches the 2 the document reports for 2024


def hand_made() -> nx.MultiDiGraph:
    """Two municipal partners of a project (one staffing a post), a network with 3 members.

    Indicators: members of net (at_least 3 in 2025, met; at_most 2 in 2026, behind since 3 > 2),
    exactly 2 partner municipalities in 2025 (met), coordinators at_least 2 (1: behind),
    a reported-only indicator (value 4 against at_most 5: met).
    """
    gov = {"org_kind": "municipal_government", "sector": "public"}
    nodes = [
        Organisation(id="org:tallinn", name="T", sources=SRC, **gov),
        Organisation(id="org:tartu", name="U", sources=SRC, **gov),
        Organisation(id="org:ngo", name="N", org_kind="ngo", sector="non_profit", sources=SRC),
        Project(
            id="project:p",
            name="P",
            project_kind="project",
            start="2025-01-01",
            end="2026-12-31",
            sources=SRC,
        ),
        Network(id="network:n", name="Net", sources=SRC),
        Indicator(
            id="indicator:members",
            name="m",
            unit="n",
            targets={2025: 3},
            sources=SRC,
            definition={"metric": "network_members", "network": "network:n"},
        ),
        Indicator(
            id="indicator:members-cap",
            name="m",
            unit="n",
            targets={2026: 2},
            comparison="at_most",
            sources=SRC,
            definition={"metric": "network_members", "network": "network:n"},
        ),
        Indicator(
            id="indicator:munis",
            name="k",
            unit="n",
            targets={2025: 2},
            comparison="exactly",
            sources=SRC,
            definition={"metric": "partner_municipalities", "project": "project:p"},
        ),
        Indicator(
            id="indicator:coords",
            name="c",
            unit="n",
            targets={2025: 2},
            sources=SRC,
            definition={"metric": "coordinators", "project": "project:p"},
        ),
        Indicator(
            id="indicator:reported",
            name="r",
            unit="n",
            targets={2025: 5},
            actuals={2025: 4},
            comparison="at_most",
            sources=SRC,
        ),
    ]
    rels = [
        Relation(kind="located_in", source="org:tallinn", target="municipality:tallinn", sources=SRC),
        Relation(kind="located_in", source="org:tartu", target="municipality:tartu-linn", sources=SRC),
        Relation(
            kind="partner_in",
            source="org:tallinn",
            target="project:p",
            sources=SRC,
            positions=[Position(title="koordinaator", fte=1.0)],
        ),
        Relation(kind="partner_in", source="org:tartu", target="project:p", sources=SRC),
        Relation(kind="partner_in", source="org:ngo", target="project:p", sources=SRC),
    ]
    rels += [
        Relation(kind="member_of", source=o, target="network:n", valid_from="2025-01-01", sources=SRC)
        for o in ("org:tallinn", "org:tartu", "org:ngo")
    ]
    ds = with_reference(Dataset(nodes=nodes, relations=rels))
    return to_multigraph(ds.nodes, ds.relations)


def test_comparisons_are_honoured() -> None:
    rows = indicator_status(hand_made())
    assert status(rows, "indicator:members") == {2025: (3, 3, "met")}
    assert status(rows, "indicator:members-cap") == {2026: (2, 3, "behind")}
    assert status(rows, "indicator:munis") == {2025: (2, 2, "met")}
    assert status(rows, "indicator:coords") == {2025: (2, 1, "behind")}
    reported = next(r for r in rows if r.indicator == "indicator:reported")
    assert (reported.value, reported.reported, reported.basis, reported.status) == (
        None,
        4,
        "reported",
        "met",
    )
    assert [r.year for r in indicator_status(hand_made(), year=2026)] == [2026]


def test_bad_input(bundled: nx.MultiDiGraph) -> None:
    with pytest.raises(MetricsError, match="not an indicator"):
        indicator_status(bundled, indicator="indicator:world-peace")
    with pytest.raises(MetricsError, match="every date"):
        indicator_status(at(bundled, date(2025, 6, 30)))
    with pytest.raises(MetricsError, match="unknown indicator metric"):
        indicator_value(bundled, {"metric": "happiness"}, date(2025, 12, 31))
    with pytest.raises(MetricsError, match="empty"):
        indicator_status(nx.MultiDiGraph())
