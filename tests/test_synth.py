"""Synthetic datasets: deterministic, valid, of the promised shape."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from partnermap.synth import synthesize
from partnermap.validation import check_dataset


def test_same_seed_same_dataset() -> None:
    assert synthesize(orgs=200, seed=5) == synthesize(orgs=200, seed=5)
    assert synthesize(orgs=200, seed=5) != synthesize(orgs=200, seed=6)


def test_shape() -> None:
    ds = synthesize(orgs=2000, seed=1)
    assert check_dataset(ds) == []
    kinds = Counter(n.kind for n in ds.nodes)
    assert kinds["organisation"] == 2000
    assert kinds["municipality"] == 79 and kinds["county"] == 15
    orgs = [n for n in ds.nodes if n.kind == "organisation"]
    assert sum(1 for o in orgs if o.org_kind == "municipal_government") == 79
    assert sum(1 for o in orgs if o.scope == "national") >= 50
    partners: dict[str, int] = defaultdict(int)
    for r in ds.relations:
        if r.kind == "partner_in":
            partners[r.target] += 1
        for day in (r.valid_from, r.valid_to):
            assert day is None or date(2015, 1, 1) <= day <= date(2030, 12, 31)
    assert partners and all(2 <= n <= 10 for n in partners.values())
    sizes = Counter(r.target for r in ds.relations if r.kind == "member_of")
    assert max(sizes.values()) >= 5 * (sum(sizes.values()) / len(sizes))  # heavy tail
    # organisations follow population: Tallinn holds more than any other municipality
    located = Counter(
        r.target for r in ds.relations if r.kind == "located_in" and r.source.startswith("org:")
    )
    assert located.most_common(1)[0][0] == "municipality:tallinn"


def test_scale() -> None:
    ds = synthesize(orgs=10000, seed=0)
    assert 25000 < len(ds.relations) < 45000
