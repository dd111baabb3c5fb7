"""The model's own validation: ids, periods, roles, money, dates."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from partnermap.model import (
    Organisation,
    Position,
    Project,
    Relation,
    Role,
    Source,
    node_adapter,
    parse_date,
    slugify,
)

SRC = ["seed.txt#1.1"]


def test_source_from_string_and_mapping() -> None:
    assert Source.model_validate("003.txt#Tabel 17") == Source(document="003.txt", section="Tabel 17")
    with pytest.raises(ValidationError, match="document#section"):
        Source.model_validate("no section")


def test_estonian_and_iso_dates() -> None:
    assert parse_date("01.03.2023") == date(2023, 3, 1)
    assert parse_date("2023-03-01") == date(2023, 3, 1)
    rel = Relation(kind="member_of", source="org:a", target="network:b", valid_from="31.12.2025", sources=SRC)
    assert rel.valid_from == date(2025, 12, 31)
    with pytest.raises(ValidationError):
        Relation(kind="member_of", source="org:a", target="network:b", valid_from="31.13.2025", sources=SRC)


def test_period_must_not_run_backwards() -> None:
    with pytest.raises(ValidationError, match="valid_to 2024-01-01 is before valid_from 2025-01-01"):
        Relation(
            kind="party_to",
            source="org:a",
            target="org:b",
            valid_from=date(2025, 1, 1),
            valid_to=date(2024, 1, 1),
            sources=SRC,
        )
    same_day = Relation(
        kind="party_to",
        source="org:a",
        target="org:b",
        valid_from=date(2025, 1, 1),
        valid_to=date(2025, 1, 1),
        sources=SRC,
    )
    assert same_day.active_on(date(2025, 1, 1))
    with pytest.raises(ValidationError, match="before start"):
        Project(
            id="project:p",
            name="p",
            project_kind="project",
            start=date(2025, 1, 1),
            end=date(2024, 1, 1),
            sources=SRC,
        )


def test_open_ends() -> None:
    rel = Relation(kind="party_to", source="org:a", target="org:b", valid_to=date(2025, 1, 1), sources=SRC)
    assert rel.active_on(date(1900, 1, 1)) and not rel.active_on(date(2025, 1, 2))


def test_roles_default_and_are_checked() -> None:
    assert Relation(kind="member_of", source="org:a", target="network:b", sources=SRC).role is Role.MEMBER
    assert Relation(kind="partner_in", source="org:a", target="project:b", sources=SRC).role is Role.PARTNER
    with pytest.raises(ValidationError, match="not one of a member_of's roles"):
        Relation(kind="member_of", source="org:a", target="network:b", role="lead", sources=SRC)
    with pytest.raises(ValidationError, match="takes no role"):
        Relation(kind="located_in", source="org:a", target="municipality:b", role="member", sources=SRC)
    with pytest.raises(ValidationError):
        Relation(kind="member_of", source="org:a", target="network:b", role="boss", sources=SRC)


def test_money_and_fte_are_not_negative_and_belong_to_the_right_kind() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Relation(kind="partner_in", source="org:a", target="project:b", budget=-1, sources=SRC)
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Position(title="koordinaator", fte=-0.5)
    with pytest.raises(ValidationError, match="partner_in relations only"):
        Relation(kind="member_of", source="org:a", target="network:b", budget=10, sources=SRC)


def test_ids_are_readable_and_match_their_kind() -> None:
    with pytest.raises(ValidationError, match="must start with 'org:'"):
        Organisation(id="network:x", name="x", org_kind="ngo", sector="non_profit", sources=SRC)
    with pytest.raises(ValidationError, match="not a node id"):
        Organisation(id="org:Võru Kogu", name="x", org_kind="ngo", sector="non_profit", sources=SRC)
    with pytest.raises(ValidationError, match="unknown id prefix"):
        Relation(kind="member_of", source="person:x", target="network:b", sources=SRC)


def test_unknown_kind_and_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        node_adapter.validate_python({"id": "org:a", "kind": "person", "name": "x", "sources": SRC})
    with pytest.raises(ValidationError, match="Extra inputs"):
        Organisation(id="org:a", name="x", org_kind="ngo", sector="non_profit", sources=SRC, secret=1)
    with pytest.raises(ValidationError):
        Organisation(id="org:a", name="x", org_kind="club", sector="non_profit", sources=SRC)


def test_every_record_needs_a_source() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        Organisation(id="org:a", name="x", org_kind="ngo", sector="non_profit", sources=[])


def test_slugs() -> None:
    assert slugify("Lõimumiskoda") == "loimumiskoda"
    assert slugify("Tartumaa Arendusselts") == "tartumaa-arendusselts"


def test_node_ids_are_checked_with_clear_messages() -> None:
    from partnermap.errors import InputError
    from partnermap.model import NodeKind, check_node_id, default_node_id

    assert check_node_id("target:older-people") is NodeKind.TARGET_GROUP
    with pytest.raises(InputError, match=r"'Org:X' is not a node id: expected '<prefix>:<slug>'"):
        check_node_id("Org:X")
    with pytest.raises(InputError, match="is the id of an organisation, not of a target group"):
        check_node_id("org:elvl", NodeKind.TARGET_GROUP)
    with pytest.raises(InputError, match="'org:elvl' is not a county or municipality id"):
        check_node_id("org:elvl", (NodeKind.COUNTY, NodeKind.MUNICIPALITY))
    assert check_node_id("county:harju", (NodeKind.COUNTY, NodeKind.MUNICIPALITY)) is NodeKind.COUNTY
    assert default_node_id(NodeKind.NETWORK, "Võru Lõimumiskoda") == "network:voru-loimumiskoda"
    assert default_node_id(NodeKind.NETWORK, "!!") is None


def test_nodes_match_search_text_without_case_or_diacritics() -> None:
    org = Organisation(id="org:elvl", name="Eesti Linnade ja Valdade Liit", name_en="Association of "
                       "Estonian Cities and Rural Municipalities", abbreviation="ELVL", org_kind="ngo",
                       sector="non_profit", sources=["a#b"])  # fmt: skip
    assert org.matches("linnade ja") and org.matches("RURAL munic") and org.matches("elvl")
    assert org.matches("Valdade  Liit") and org.matches("") and not org.matches("Tallinn")
    assert Organisation(id="org:v", name="Võru", org_kind="ngo", sector="public", sources=["a#b"]).matches(
        "voru"
    )
