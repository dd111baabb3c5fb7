"""A small dataset holding every shape a stored record takes: nested budget lines and
positions, targets by year, a definition, lists of enums, dates at both ends, sources that
the ``document#section`` form cannot carry, multi-line text, diacritics and markup."""

from __future__ import annotations

from datetime import date

from partnermap.model import (
    BudgetLine,
    Dataset,
    Indicator,
    IndicatorDefinition,
    Network,
    Organisation,
    Position,
    Project,
    Relation,
    Source,
    TargetGroup,
)
from partnermap.reference import reference_dataset

SRC = [Source(document="003_2ea249a01a33f26d.txt", section="2.1 Partnerid #3")]
ODD_SRC = [
    Source(document="kiri#2025", section="lk 4"),  # a '#' in the document: kept as JSON
    Source(document="Võru", section="tabel 1"),
]


def shapes_dataset() -> Dataset:
    ref = reference_dataset()
    keep = {"county:voru", "municipality:voru-linn"}
    nodes = [n for n in ref.nodes if n.id in keep]
    relations = [r for r in ref.relations if r.source in keep and r.target in keep]
    nodes += [
        Organisation(
            id="org:vpk",
            name="Võrumaa Partnerluskogu",
            name_en="Võru County Partnership",
            org_kind="leader_action_group",
            sector="non_profit",
            scope="county",
            abbreviation="VPK",
            description='Rida üks\nrida "kaks"\t<b>paks</b> & \\ tagurpidi',
            sources=SRC,
        ),
        Organisation(
            id="org:tas",
            name="Tartumaa Arendusselts",
            org_kind="leader_action_group",
            sector="non_profit",
            country="EE",
            sources=ODD_SRC,
        ),
        Network(
            id="network:kogu",
            name="Koostöökogu",
            network_type="steering_group",
            meetings_per_year=4,
            open=False,
            status="ended",
            sources=SRC,
        ),
        Project(
            id="project:koosloome",
            name="Koosloomest koostööni",
            project_kind="project",
            code="KK-1",
            start=date(2024, 7, 1),
            end=date(2025, 6, 30),
            budget=60000.0,
            budget_share=5.5,
            fund="LEADER",
            grant_min=1000,
            grant_max=6029.4,
            eligible_applicants=["ngo", "foundation", "municipal_government"],
            budget_lines=[
                BudgetLine(label="Õppereis Rootsi", amount=12743.68, year=2024, code="1.1"),
                BudgetLine(
                    label="Seminarid",
                    amount=0.1,
                    responsible="VPK",
                    period_from=date(2024, 7, 1),
                    period_to=date(2024, 12, 31),
                ),
            ],
            sources=SRC,
        ),
        TargetGroup(id="target:eakad", name="Eakad 55+", age_min=55, sources=SRC),
        Indicator(
            id="indicator:liikmed",
            name="Liikmete arv",
            unit="KOV",
            targets={2025: 10, 2029: 15.5},
            actuals={2024: 8},
            comparison="at_most",
            definition=IndicatorDefinition(metric="network_members", network="network:kogu"),
            sources=SRC,
        ),
    ]
    relations += [
        Relation(kind="located_in", source="org:vpk", target="municipality:voru-linn", sources=SRC),
        Relation(
            kind="partner_in",
            source="org:vpk",
            target="project:koosloome",
            role="lead",
            budget=42000,
            own_contribution=5256.32,
            support=12743.68,
            valid_from=date(2024, 7, 1),
            valid_to=date(2025, 6, 30),
            budget_lines=[BudgetLine(label="Juhtimine", amount=1500.5, year=2025)],
            positions=[
                Position(title="projektijuht", title_en="project manager", fte=0.5, since=date(2024, 7, 1)),
                Position(title="raamatupidaja", fte=0.1, note="osaliselt"),
            ],
            note="Kuupäev on ligikaudne.\nTeine rida.",
            sources=ODD_SRC,
        ),
        Relation(kind="partner_in", source="org:tas", target="project:koosloome", sources=SRC),
        Relation(
            id="org:tas>member_of>network:kogu#2",
            kind="member_of",
            source="org:tas",
            target="network:kogu",
            role="convener",
            valid_to=date(2023, 12, 31),
            sources=SRC,
        ),
        Relation(
            kind="party_to",
            source="org:vpk",
            target="org:tas",
            agreement="koostööleping",
            context="project:koosloome",
            valid_from=date(2024, 1, 1),
            sources=SRC,
        ),
        Relation(kind="funds", source="org:vpk", target="network:kogu", amount=0.0, sources=SRC),
        Relation(kind="targets", source="project:koosloome", target="target:eakad", sources=SRC),
        Relation(kind="part_of", source="indicator:liikmed", target="network:kogu", sources=SRC),
    ]
    return Dataset(nodes=nodes, relations=relations)
