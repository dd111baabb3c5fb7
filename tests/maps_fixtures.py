"""A small dataset for the map tests, with hostile text wherever the data can hold text.

Import the fixtures into a test module to use them::

    from tests.maps_fixtures import hostile_graph  # noqa: F401
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from partnermap.datasets import with_reference
from partnermap.graph import to_multigraph
from partnermap.model import Dataset, Network, Organisation, Project, Relation

AS_OF = date(2025, 6, 1)
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_NETWORK = '<script>alert("net")</script>'
HOSTILE_PROGRAMME = "Programm </script><script>alert(2)</script> & <b>bold</b>"
HOSTILE_SOURCE = "hostile.txt#<img src=z onerror=alert(5)>"
HOSTILE_DESCRIPTION = "</script><script>alert('d')</script> & \u2028 a line separator \u2029 and more"
SRC = [HOSTILE_SOURCE]


def _org(slug: str, name: str, **extra: object) -> Organisation:
    fields: dict[str, object] = {"org_kind": "ngo", "sector": "non_profit", "sources": SRC}
    fields.update(extra)
    return Organisation(id=f"org:{slug}", name=name, **fields)


def _located(slug: str, municipality: str) -> Relation:
    return Relation(
        kind="located_in", source=f"org:{slug}", target=f"municipality:{municipality}", sources=SRC
    )


def hostile_dataset() -> Dataset:
    """Organisations in Tallinn, Tartu and Saaremaa, a national and a foreign body, a network
    with an ended and a future membership, a programme with an activity, an agreement."""
    nodes = [
        _org("hostile", HOSTILE, abbreviation='"><svg onload=alert(3)>', description=HOSTILE_DESCRIPTION),
        _org("tartu-selts", "Tartu Ühendus"),
        _org("tartu-tulevik", "Tuleviku Selts"),
        _org("saare-selts", "Saare Selts"),
        _org("riigi-amet", "Riigi Amet", org_kind="state_agency", sector="public", scope="national"),
        _org("valis", "Foreign Body", org_kind="international_organisation", scope="international"),
        _org("kodutu", "Kodutu Selts"),
        Network(id="network:hostile", name=HOSTILE_NETWORK, sources=SRC),
        Project(
            id="project:programm",
            name=HOSTILE_PROGRAMME,
            project_kind="programme",
            start=date(2024, 1, 1),
            end=date(2026, 12, 31),
            budget=120000,
            sources=SRC,
        ),
        Project(id="project:tegevus", name="Tegevus", project_kind="activity", sources=SRC),
        Project(
            id="project:vana",
            name="Vana projekt",
            project_kind="project",
            start=date(2019, 1, 1),
            end=date(2020, 12, 31),
            sources=SRC,
        ),
    ]
    relations = [
        _located("hostile", "tallinn"),
        _located("tartu-selts", "tartu-linn"),
        _located("tartu-tulevik", "tartu-linn"),
        _located("saare-selts", "saaremaa-vald"),
        Relation(kind="located_in", source="network:hostile", target="municipality:tallinn", sources=SRC),
        Relation(
            kind="member_of", source="org:hostile", target="network:hostile", role="convener", sources=SRC
        ),
        Relation(kind="member_of", source="org:tartu-selts", target="network:hostile", sources=SRC),
        Relation(
            kind="member_of",
            source="org:saare-selts",
            target="network:hostile",
            valid_from=date(2020, 1, 1),
            valid_to=date(2023, 12, 31),
            note=HOSTILE,
            sources=SRC,
        ),
        Relation(
            kind="member_of",
            source="org:tartu-tulevik",
            target="network:hostile",
            valid_from=date(2030, 1, 1),
            sources=SRC,
        ),
        Relation(kind="part_of", source="project:tegevus", target="project:programm", sources=SRC),
        Relation(
            kind="partner_in", source="org:riigi-amet", target="project:programm", role="lead", sources=SRC
        ),
        Relation(
            kind="partner_in", source="org:hostile", target="project:tegevus", budget=5000.5, sources=SRC
        ),
        Relation(kind="partner_in", source="org:saare-selts", target="project:tegevus", sources=SRC),
        Relation(kind="partner_in", source="org:valis", target="project:vana", sources=SRC),
        Relation(kind="partner_in", source="org:tartu-selts", target="project:vana", sources=SRC),
        Relation(kind="funds", source="org:riigi-amet", target="project:tegevus", amount=10000, sources=SRC),
        Relation(
            kind="party_to",
            source="org:hostile",
            target="org:tartu-selts",
            agreement='leping "x" <i>kursiiv</i>',
            valid_from=date(2024, 1, 1),
            valid_to=date(2026, 12, 31),
            sources=SRC,
        ),
    ]
    return with_reference(Dataset(nodes=nodes, relations=relations))


@pytest.fixture(scope="session")
def hostile_graph() -> nx.MultiDiGraph:
    """The hostile dataset as a snapshot without a date."""
    ds = hostile_dataset()
    return to_multigraph(ds.nodes, ds.relations)
