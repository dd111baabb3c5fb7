"""Property-based fuzzing of the dataset loader and every importer.

Each generated input either loads or is refused with a DatasetError (PartnermapError); no
other exception escapes, and after every refusal the store is byte-for-byte what it was:
its SQLite file has the same digest and it holds the same records. Over 2,000 inputs run
in every `make test` (the counts are in the settings below).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnermap.datasets import read_with_reference
from partnermap.errors import PartnermapError
from partnermap.io.importer import COLUMNS, import_table
from partnermap.reference import reference_dataset
from partnermap.store.sqlite import SQLiteStore

DATA = Path(__file__).parent / "data"
BASE = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
#: How many inputs each test tries; together more than 2,000.
EXAMPLES = {"dataset_mutations": 900, "dataset_bytes": 300, "csv": 700, "xlsx": 150}


def fuzz(name: str) -> settings:
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


class Guarded:
    """A real SQLite store (with the reference data and a small dataset) and its fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "guarded.db"
        self.store = SQLiteStore(self.path)
        self.store.load(read_with_reference(DATA / "small.yaml"))
        self.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.digest = self.fingerprint()
        self.records = self.store.dump()

    def fingerprint(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def assert_unchanged(self) -> None:
        assert self.store.dump() == self.records
        assert self.fingerprint() == self.digest


OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module")
def guarded() -> Iterator[Guarded]:
    with tempfile.TemporaryDirectory() as tmp:
        g = Guarded(Path(tmp))
        yield g
        g.store.close()
    # The fuzzers must have exercised both paths, or they proved nothing.
    print(f"fuzzing outcomes: {dict(OUTCOMES)}")
    if sum(OUTCOMES.values()) >= 100:
        assert OUTCOMES["refused"] >= 0.2 * sum(OUTCOMES.values()), OUTCOMES
        assert OUTCOMES["loaded"] > 0, OUTCOMES


# ------------------------------------------------------------------ dataset files

weird = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["31.02.2025", "2025-13-01", "-1", "org:elvl", "network:ghost", "municipality:atlantis",
                     "<img src=x onerror=alert(1)>", "'); DROP TABLE nodes; --", "Võru", "1e309", ""]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)  # fmt: skip


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


@st.composite
def mutated_datasets(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(weird)
    return data


def _attempt(guarded: Guarded, load: Any) -> None:
    try:
        load()
    except PartnermapError:
        OUTCOMES["refused"] += 1
        guarded.assert_unchanged()
    else:
        OUTCOMES["loaded"] += 1
        # An input that loads is undone, so the next one starts from the same store.
        guarded.store.clear()
        guarded.store.load(guarded.records)
        guarded.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        guarded.digest = guarded.fingerprint()


@fuzz("dataset_mutations")
@given(data=mutated_datasets(), fmt=st.sampled_from(["yaml", "json"]))
def test_mutated_dataset_files(guarded: Guarded, data: Any, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz.{fmt}"
        if fmt == "yaml":
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        else:
            path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
        _attempt(guarded, lambda: guarded.store.load(read_with_reference(path, guarded.store.node_kinds)))


@fuzz("dataset_bytes")
@given(blob=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_dataset(guarded: Guarded, blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_bytes(blob)
        _attempt(guarded, lambda: guarded.store.load(read_with_reference(path)))


# ------------------------------------------------------------------ importers

cells = st.one_of(
    st.text(max_size=20).filter(lambda s: "\x00" not in s),
    st.sampled_from(["ELVL", "Lõimumiskoda", "Tallinna linn", "Võru", "0784", "31.12.2025", "2025-02-30",
                     "12 743,68", "-5", "MTÜ", "liige", "kokkukutsuja", "boss", "=SUM(A1)", "", "Pärnu"]),
)  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    kind = draw(st.sampled_from(sorted(COLUMNS)))
    known = [headers[0] for headers in COLUMNS[kind].values()]
    header = draw(st.lists(st.sampled_from([*known, "Muu", "", "nimi"]), min_size=1, max_size=7))
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=6))
    return kind, [header, *rows]


@fuzz("csv")
@given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1257"]),
       delimiter=st.sampled_from([";", ",", "\t"]), dry_run=st.booleans())  # fmt: skip
def test_csv_importers(
    guarded: Guarded, table: tuple[str, list[list[str]]], encoding: str, delimiter: str, dry_run: bool
) -> None:
    kind, rows = table
    text = "\r\n".join(
        delimiter.join(
            cell.replace(delimiter, " ").replace('"', "'").replace("\n", " ").replace("\r", " ")
            for cell in row
        )
        for row in rows
    )
    try:
        blob = text.encode(encoding)
    except UnicodeEncodeError:
        blob = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_bytes(blob)
        if dry_run:  # a dry run never writes, whatever the input
            with contextlib.suppress(PartnermapError):
                import_table(guarded.store, kind, path, dry_run=True)  # type: ignore[arg-type]
            guarded.assert_unchanged()
        else:
            _attempt(guarded, lambda: import_table(guarded.store, kind, path))  # type: ignore[arg-type]


@fuzz("xlsx")
@given(table=tables())
def test_xlsx_importers(guarded: Guarded, table: tuple[str, list[list[str]]]) -> None:
    kind, rows = table
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            try:
                sheet.append(row)
            except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
                sheet.append(["?" for _ in row])
        book.save(path)
        _attempt(guarded, lambda: import_table(guarded.store, kind, path))  # type: ignore[arg-type]


def test_reference_data_is_in_the_guarded_store(guarded: Guarded) -> None:
    assert guarded.store.count_nodes("municipality") == len(
        [n for n in reference_dataset().nodes if n.kind == "municipality"]
    )
