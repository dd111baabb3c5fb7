"""Property tests: any valid dataset survives YAML, JSON and the store unchanged; any
malformed input is a DatasetError (never another exception) and writes nothing."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnermap.datasets import read_with_reference, with_reference
from partnermap.errors import DatasetError
from partnermap.io.dataset import read_dataset, write_dataset
from partnermap.model import Dataset, Organisation, Relation, Source
from partnermap.reference import municipalities
from partnermap.store.sqlite import SQLiteStore

MUNI_IDS = [m.id for m in municipalities()]
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s != ""
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    n = draw(st.integers(min_value=1, max_value=8))
    src = [Source(document=draw(text), section=draw(text))]
    orgs = [
        Organisation(
            id=f"org:o{i}",
            name=draw(text),
            org_kind=draw(st.sampled_from(["ngo", "company", "municipal_government", "foundation"])),
            sector=draw(st.sampled_from(["public", "private", "non_profit"])),
            sources=src,
        )
        for i in range(n)
    ]
    relations = []
    for org in orgs:
        if draw(st.booleans()):
            relations.append(
                Relation(
                    kind="located_in", source=org.id, target=draw(st.sampled_from(MUNI_IDS)), sources=src
                )
            )
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10, unique=True))
    for a, b in pairs:
        start = draw(st.none() | days)
        end = (
            None
            if start is None or draw(st.booleans())
            else start + timedelta(days=draw(st.integers(0, 4000)))
        )
        relations.append(
            Relation(
                kind="party_to",
                source=f"org:o{a}",
                target=f"org:o{b}",
                valid_from=start,
                valid_to=end,
                agreement=draw(st.none() | text),
                sources=src,
            )
        )
    return with_reference(Dataset(nodes=orgs, relations=relations))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets())
def test_yaml_json_and_store_round_trips(ds: Dataset) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("d.yaml", "d.json"):
            path = write_dataset(ds, Path(tmp) / name)
            back = read_dataset(path)
            assert back.nodes == ds.nodes
            assert back.relations == ds.relations
        with SQLiteStore(Path(tmp) / "s.db") as store:
            store.load(ds)
            dumped = store.dump()
            assert sorted(dumped.nodes, key=lambda n: n.id) == sorted(ds.nodes, key=lambda n: n.id)
            assert sorted(dumped.relations, key=lambda r: r.id) == sorted(ds.relations, key=lambda r: r.id)


@settings(max_examples=200, deadline=None)
@given(blob=st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_garbage_is_a_dataset_error_and_writes_nothing(blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_bytes(blob)
        with SQLiteStore(Path(tmp) / "s.db") as store:
            before = store.dump()
            try:
                store.load(read_with_reference(path))
            except DatasetError:
                assert store.dump() == before
