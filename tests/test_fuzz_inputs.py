"""Property-based fuzzing of the dataset loader, every importer and the API's mutations.

Each generated input either loads or is refused with a DatasetError (PartnermapError); no
other exception escapes, and after every refusal the store is byte-for-byte what it was:
its SQLite file has the same digest and it holds the same records. Over 2,000 inputs run
in every `make test` (the counts are in the settings below).

The text rules (:func:`partnermap.model.check_text`) are fuzzed on every writer: text with
a control character or a bidirectional control, or a name over 300 characters, is refused
with a message naming the field and the character, and the store is unchanged; any other
text is stored NFC-normalised.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnermap.datasets import read_with_reference, reference_kinds
from partnermap.errors import PartnermapError
from partnermap.io.dataset import read_dataset
from partnermap.io.importer import COLUMNS, import_table
from partnermap.model import MAX_NAME_LENGTH
from partnermap.reference import reference_dataset
from partnermap.store.sqlite import SQLiteStore
from tests.sync_api import SyncApi

DATA = Path(__file__).parent / "data"
BASE = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
#: How many inputs each test tries; together more than 2,000.
EXAMPLES = {
    "dataset_mutations": 900,
    "dataset_bytes": 300,
    "csv": 700,
    "xlsx": 150,
    "text_files": 250,
    "text_sheets": 200,
    "text_api": 150,
}


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


# ------------------------------------------------------------------ text rules, on every writer

#: Characters no text may hold: controls (but the tab and line breaks of free text) and the
#: bidirectional controls.
FORBIDDEN = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"]
FORBIDDEN += [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
#: Letters (with Estonian ones, and combining marks that NFC joins to them) for the rest.
LETTERS = st.sampled_from([*"abcõäöüšžÕÄÖÜŠŽ -.'&<>\"", "o\u0303", "a\u0308", "u\u0308", "\u00e9"])
words = st.lists(LETTERS, min_size=1, max_size=12).map("".join).map(lambda w: f"A{w}Z")


@st.composite
def hostile_text(draw: st.DrawFn, *, long: bool = True) -> tuple[str, str]:
    """Text a writer must refuse, and the fragment its message must hold."""
    if long and draw(st.booleans()):
        n = draw(st.integers(MAX_NAME_LENGTH + 1, 3000))
        return "x" * n, f"is {n} characters long; at most {MAX_NAME_LENGTH} are allowed"
    char = draw(st.sampled_from(FORBIDDEN))
    return draw(words) + char + draw(words), f"U+{ord(char):04X}"


#: Fields of small.yaml that hold text: (path, whether a long text is refused there).
TEXT_FIELDS: list[tuple[tuple[Any, ...], bool]] = [
    (("nodes", 0, "name"), True),
    (("nodes", 1, "abbreviation"), True),
    (("nodes", 2, "name"), True),
    (("nodes", 3, "name"), True),
    (("relations", 3, "positions", 0, "title"), True),
    (("relations", 4, "agreement"), True),
    (("nodes", 1, "description"), False),
    (("relations", 2, "note"), False),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _names_in(problems: list[Any]) -> str:
    return " | ".join(f"{p.path}: {p.message}" for p in problems)


@fuzz("text_files")
@given(data=st.data(), fmt=st.sampled_from(["yaml", "json"]))
def test_text_rules_in_dataset_files(guarded: Guarded, data: st.DataObject, fmt: str) -> None:
    index = data.draw(st.integers(0, len(TEXT_FIELDS) - 1))
    path, long = TEXT_FIELDS[index]
    refused = data.draw(st.booleans())
    dataset = copy.deepcopy(BASE)
    if refused:
        text, fragment = data.draw(hostile_text(long=long))
    else:
        text, fragment = data.draw(words), ""
    _set(dataset, path, text)
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"text.{fmt}"
        if fmt == "yaml":
            # Double quotes where a refusal is expected: in plain or single-quoted YAML a raw
            # U+0085, U+2028 or U+2029 is a line break that the parser folds into a space, so
            # the file would not hold the character at all.
            style = '"' if refused else None
            file.write_text(
                yaml.safe_dump(dataset, allow_unicode=True, default_style=style), encoding="utf-8"
            )
        else:
            file.write_text(json.dumps(dataset, default=str, ensure_ascii=False), encoding="utf-8")
        if refused:
            with pytest.raises(PartnermapError) as caught:
                guarded.store.load(read_with_reference(file, guarded.store.node_kinds))
            OUTCOMES["refused"] += 1
            problems = caught.value.problems  # type: ignore[attr-defined]
            where = f"{path[0]}[{path[1]}]" + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[2:]
            )
            assert [(p.path, fragment in p.message) for p in problems] == [(where, True)], _names_in(problems)
            guarded.assert_unchanged()
        else:
            value: Any = read_dataset(file, known=reference_kinds()).model_dump(mode="json")
            for part in path:
                value = value[part]
            assert value == unicodedata.normalize("NFC", text).strip()
            OUTCOMES["loaded"] += 1


@fuzz("text_sheets")
@given(data=st.data(), fmt=st.sampled_from(["csv-utf-8", "csv-utf-16", "xlsx"]), in_name=st.booleans())
def test_text_rules_in_spreadsheets(guarded: Guarded, data: st.DataObject, fmt: str, in_name: bool) -> None:
    text, fragment = data.draw(hostile_text(long=in_name))  # a description may be long
    rows = [["Nimi", "Liik", "Kirjeldus"], ["Korras MTÜ", "MTÜ", "ok"]]
    rows.append([text, "MTÜ", ""] if in_name else ["Teine MTÜ", "MTÜ", text])
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "xlsx":
            file = Path(tmp) / "text.xlsx"
            book = openpyxl.Workbook()
            try:
                for row in rows:
                    book.active.append(row)
            except openpyxl.utils.exceptions.IllegalCharacterError:
                return  # openpyxl cannot write C0 controls into a workbook at all
            book.save(file)
        else:
            file = Path(tmp) / "text.csv"
            body = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
            file.write_bytes(body.encode(fmt.removeprefix("csv-")))
        with pytest.raises(PartnermapError) as caught:
            import_table(guarded.store, "organisations", file)
        OUTCOMES["refused"] += 1
        (problem,) = caught.value.problems  # type: ignore[attr-defined]
        assert problem.line == 3 and fragment in problem.message, problem
        assert ("'Nimi'" if in_name else "'Kirjeldus'") in problem.message, problem
        guarded.assert_unchanged()


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[SyncApi, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "api.db"
        with SQLiteStore(path) as store:
            store.load(read_with_reference(DATA / "small.yaml"))
        client = SyncApi(f"sqlite:///{path}")
        try:
            yield client, path
        finally:
            client.close()


MUTATIONS = {
    "createNode": (
        "mutation($input: NodeInput!) { createNode(input: $input) { id } }",
        lambda text: {"input": {"organisation": {"id": "org:uus", "name": text, "orgKind": "NGO",
                                                 "sector": "NON_PROFIT", "sources": ["fuzz#1"]}}},
        "input.name",
    ),
    "updateNode": (
        "mutation($input: NodeInput!) { updateNode(id: \"org:elvl\", input: $input) { id } }",
        lambda text: {"input": {"organisation": {"nameEn": text}}},
        "input.nameEn",
    ),
    "createRelation": (
        "mutation($input: RelationInput!) { createRelation(input: $input) { id } }",
        lambda text: {"input": {"kind": "PARTY_TO", "source": "org:elvl",
                                "target": "org:tallinna-linnavalitsus", "agreement": text,
                                "sources": ["fuzz#1"]}},
        "input.agreement",
    ),
    "updateRelation": (
        "mutation($input: RelationInput!) { updateRelation(id: \"org:elvl>member_of>network:koordinaatorid\","
        " input: $input) { id } }",
        lambda text: {"input": {"sources": [f"fuzz#{text}"]}},
        "input.sources[0].section",
    ),
}  # fmt: skip


@fuzz("text_api")
@given(text=hostile_text(), mutation=st.sampled_from(sorted(MUTATIONS)))
def test_text_rules_in_api_mutations(api: tuple[SyncApi, Path], text: tuple[str, str], mutation: str) -> None:
    client, path = api
    with SQLiteStore(path) as store:
        before = store.dump()
    query, variables, field = MUTATIONS[mutation]
    body = client.post(query, variables(text[0]))
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    problems = {p["path"]: p["message"] for p in error["extensions"]["problems"]}
    assert text[1] in problems[field], problems
    OUTCOMES["refused"] += 1
    with SQLiteStore(path) as store:
        assert store.dump() == before  # export before == export after
