"""Synthetic datasets of realistic shape, for tests and benchmarks.

The shape follows the real web: the 79 municipalities (each with its government),
organisations spread by municipality population, national bodies and a few foreign ones,
networks whose sizes follow a heavy-tailed law and whose reach is local, county-wide or
national, projects with 2-10 partners, partnership agreements, and periods over
2015-2030. The same seed gives the same dataset.

Examples
--------
>>> ds = synthesize(orgs=300, seed=1)
>>> ds == synthesize(orgs=300, seed=1)
True
>>> sum(1 for n in ds.nodes if n.kind == "organisation")
300
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from partnermap.model import (
    Dataset,
    Document,
    Network,
    NetworkType,
    Node,
    Organisation,
    OrgKind,
    Position,
    Project,
    ProjectKind,
    Relation,
    RelationKind,
    Role,
    Scope,
    Sector,
    Source,
    TargetGroup,
)
from partnermap.reference import municipalities, reference_dataset

__all__ = ["synthesize"]

SYNTH_DOCUMENT = "synthetic"

_LOCAL_KINDS: list[tuple[OrgKind, Sector, float]] = [
    (OrgKind.NGO, Sector.NON_PROFIT, 0.46),
    (OrgKind.FOUNDATION, Sector.NON_PROFIT, 0.08),
    (OrgKind.COMPANY, Sector.PRIVATE, 0.18),
    (OrgKind.PUBLIC_INSTITUTION, Sector.PUBLIC, 0.18),
    (OrgKind.INFORMAL_GROUP, Sector.NON_PROFIT, 0.07),
    (OrgKind.UNIVERSITY, Sector.PUBLIC, 0.01),
    (OrgKind.LEADER_ACTION_GROUP, Sector.NON_PROFIT, 0.02),
]
_NATIONAL_KINDS: list[tuple[OrgKind, Sector, float]] = [
    (OrgKind.MINISTRY, Sector.PUBLIC, 0.15),
    (OrgKind.STATE_AGENCY, Sector.PUBLIC, 0.45),
    (OrgKind.UMBRELLA_ASSOCIATION, Sector.NON_PROFIT, 0.25),
    (OrgKind.FOUNDATION, Sector.PUBLIC, 0.15),
]
_TARGET_GROUPS = [
    ("newly-arrived", "uussisserändajad", "newly arrived immigrants", 18),
    ("older-people", "vanemaealised", "older people", 55),
    ("youth", "noored", "young people", 16),
    ("people-with-disabilities", "puuetega inimesed", "people with disabilities", None),
    ("returnees", "tagasipöördujad", "returnees", None),
]


def _pick(rng: random.Random, table: list[tuple[OrgKind, Sector, float]]) -> tuple[OrgKind, Sector]:
    kind, sector, _ = rng.choices(table, weights=[w for *_, w in table])[0]
    return kind, sector


def _period(rng: random.Random) -> tuple[date, date | None]:
    start = date(rng.randint(2015, 2028), rng.randint(1, 12), 1)
    if rng.random() < 0.15:
        return start, None
    end_year = min(2030, start.year + rng.randint(0, 5))
    end = date(end_year, 12, 31)
    return start, end


def synthesize(orgs: int = 1000, seed: int = 0) -> Dataset:
    """A synthetic dataset with ``orgs`` organisations (reference data included).

    Parameters
    ----------
    orgs : int
        Number of organisations, at least 100 (the 79 municipal governments among them).
    seed : int
        Random seed; the same seed gives the same dataset.

    Returns
    -------
    Dataset
        Roughly 3.3 relations per organisation for the default mix.
    """
    if orgs < 100:
        raise ValueError("a synthetic dataset needs at least 100 organisations")
    rng = random.Random(seed)
    src = [Source(document=SYNTH_DOCUMENT, section=f"seed {seed}")]
    munis = list(municipalities())
    weights = [m.population or (20000 if m.municipality_type == "linn" else 6000) for m in munis]
    nodes: list[Node] = []
    relations: list[Relation] = []
    home: dict[str, str | None] = {}  # org id -> municipality id
    county_of = {m.id: m.county for m in munis}

    def add_org(i: int, kind: OrgKind, sector: Sector, *, scope: Scope, where: str | None, name: str) -> str:
        org_id = f"org:synth-{i:06d}"
        nodes.append(
            Organisation(id=org_id, name=name, org_kind=kind, sector=sector, scope=scope, sources=src)
        )
        home[org_id] = where
        if where is not None:
            relations.append(Relation(kind=RelationKind.LOCATED_IN, source=org_id, target=where, sources=src))
        return org_id

    n = 0
    governments: dict[str, str] = {}
    for m in munis:
        suffix = "Linnavalitsus" if m.municipality_type == "linn" else "Vallavalitsus"
        stem = m.name.rsplit(" ", 1)[0] if " " in m.name else m.name
        governments[m.id] = add_org(
            n,
            OrgKind.MUNICIPAL_GOVERNMENT,
            Sector.PUBLIC,
            scope=Scope.LOCAL,
            where=m.id,
            name=f"{stem} {suffix}",
        )
        n += 1
    national_count = max(5, orgs // 30)
    international_count = max(1, orgs // 200)
    national = []
    for _ in range(min(national_count, orgs - n)):
        kind, sector = _pick(rng, _NATIONAL_KINDS)
        national.append(
            add_org(n, kind, sector, scope=Scope.NATIONAL, where=None, name=f"Riiklik asutus {n}")
        )
        n += 1
    for _ in range(min(international_count, orgs - n)):
        add_org(
            n,
            OrgKind.INTERNATIONAL_ORGANISATION,
            Sector.NON_PROFIT,
            scope=Scope.INTERNATIONAL,
            where=None,
            name=f"International body {n}",
        )
        n += 1
    by_muni: dict[str, list[str]] = defaultdict(list)
    for org_id, where in home.items():
        if where is not None:
            by_muni[where].append(org_id)
    while n < orgs:
        m = rng.choices(munis, weights=weights)[0]
        kind, sector = _pick(rng, _LOCAL_KINDS)
        scope = Scope.COUNTY if kind is OrgKind.LEADER_ACTION_GROUP else Scope.LOCAL
        org_id = add_org(
            n,
            kind,
            sector,
            scope=scope,
            where=m.id,
            name=f"{kind.value.replace('_', ' ').title()} {n} ({m.name})",
        )
        by_muni[m.id].append(org_id)
        n += 1

    all_orgs = [node.id for node in nodes]
    by_county: dict[str, list[str]] = defaultdict(list)
    for org_id, where in home.items():
        if where is not None:
            by_county[county_of[where]].append(org_id)

    for slug, name, name_en, age in _TARGET_GROUPS:
        nodes.append(TargetGroup(id=f"target:{slug}", name=name, name_en=name_en, age_min=age, sources=src))

    def members_for(reach: Scope, size: int) -> list[str]:
        if reach is Scope.LOCAL:
            m = rng.choices(munis, weights=weights)[0]
            pool = by_muni[m.id] or all_orgs
        elif reach is Scope.COUNTY:
            pool = by_county[rng.choice(sorted(by_county))]
        else:
            pool = all_orgs
        return rng.sample(pool, min(size, len(pool)))

    network_count = max(3, orgs // 12)
    network_types = list(NetworkType)
    for i in range(network_count):
        reach = rng.choices([Scope.LOCAL, Scope.COUNTY, Scope.NATIONAL], weights=[0.55, 0.3, 0.15])[0]
        size = min(200, max(3, int(rng.paretovariate(1.6) * 4)))
        members = members_for(reach, size)
        net_id = f"network:synth-{i:05d}"
        nodes.append(
            Network(
                id=net_id,
                name=f"Võrgustik {i}",
                network_type=rng.choice(network_types),
                scope=reach,
                meetings_per_year=float(rng.choice([2, 4, 12])),
                sources=src,
            )
        )
        if reach is Scope.LOCAL and home.get(members[0]):
            relations.append(
                Relation(
                    kind=RelationKind.LOCATED_IN, source=net_id, target=home[members[0]] or "", sources=src
                )
            )
        start, end = _period(rng)
        for j, org_id in enumerate(members):
            role = (
                Role.CONVENER
                if j == 0
                else (Role.COORDINATOR if j == 1 and rng.random() < 0.3 else Role.MEMBER)
            )
            joined = (
                start
                if rng.random() < 0.6
                else date(min(2030, start.year + rng.randint(0, 3)), rng.randint(1, 12), 1)
            )
            left = end if end is None or end >= joined else None
            relations.append(
                Relation(
                    kind=RelationKind.MEMBER_OF,
                    source=org_id,
                    target=net_id,
                    role=role,
                    valid_from=joined,
                    valid_to=left,
                    sources=src,
                )
            )
        if rng.random() < 0.4:
            relations.append(
                Relation(
                    kind=RelationKind.TARGETS,
                    source=net_id,
                    target=f"target:{rng.choice(_TARGET_GROUPS)[0]}",
                    sources=src,
                )
            )

    project_count = max(3, orgs // 5)
    for i in range(project_count):
        start, end = _period(rng)
        if end is None:
            end = date(min(2030, start.year + 2), 12, 31)
        k = rng.randint(2, 10)
        reach = rng.choices([Scope.LOCAL, Scope.COUNTY, Scope.NATIONAL], weights=[0.3, 0.4, 0.3])[0]
        partners = members_for(reach, k)
        if len(partners) < 2:
            partners = rng.sample(all_orgs, 2)
        proj_id = f"project:synth-{i:05d}"
        total = 0.0
        shares = []
        for _ in partners:
            share = round(rng.uniform(2_000, 80_000), 2)
            shares.append(share)
            total += share
        nodes.append(
            Project(
                id=proj_id,
                name=f"Koostööprojekt {i}",
                project_kind=rng.choice(
                    [ProjectKind.PROJECT, ProjectKind.PROJECT, ProjectKind.PROGRAMME, ProjectKind.ACTIVITY]
                ),
                start=start,
                end=end,
                budget=round(total, 2),
                sources=src,
            )
        )
        for j, (org_id, share) in enumerate(zip(partners, shares, strict=True)):
            support = round(share * rng.choice([0.7, 0.8, 0.9]), 2)
            positions = (
                [Position(title="projektijuht", title_en="project manager", fte=rng.choice([0.25, 0.5, 1.0]))]
                if j == 0 and rng.random() < 0.5
                else []
            )
            relations.append(
                Relation(
                    kind=RelationKind.PARTNER_IN,
                    source=org_id,
                    target=proj_id,
                    role=Role.LEAD if j == 0 else Role.PARTNER,
                    valid_from=start,
                    valid_to=end,
                    budget=share,
                    support=support,
                    own_contribution=round(share - support, 2),
                    positions=positions,
                    sources=src,
                )
            )
        if national and rng.random() < 0.5:
            relations.append(
                Relation(
                    kind=RelationKind.FUNDS,
                    source=rng.choice(national),
                    target=proj_id,
                    amount=round(total * 0.8, 2),
                    valid_from=start,
                    valid_to=end,
                    sources=src,
                )
            )
        if rng.random() < 0.5:
            relations.append(
                Relation(
                    kind=RelationKind.TARGETS,
                    source=proj_id,
                    target=f"target:{rng.choice(_TARGET_GROUPS)[0]}",
                    sources=src,
                )
            )

    if national:
        for m in munis:
            if rng.random() < 0.3:
                start, end = _period(rng)
                relations.append(
                    Relation(
                        kind=RelationKind.PARTY_TO,
                        source=governments[m.id],
                        target=rng.choice(national),
                        agreement="partnerlusleping",
                        valid_from=start,
                        valid_to=end,
                        sources=src,
                    )
                )

    ref = reference_dataset()
    return Dataset(
        title=f"Synthetic partnership network ({orgs} organisations, seed {seed})",
        documents=[*ref.documents, Document(id=SYNTH_DOCUMENT, title="partnermap synth")],
        nodes=[*ref.nodes, *nodes],
        relations=[*ref.relations, *relations],
    )
