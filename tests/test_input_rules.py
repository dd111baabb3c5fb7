"""Input always understood: every problem in one pass, the closest ids for unknown ones, API
messages in the API's field names, one set of text rules, and spreadsheets in any encoding
Excel writes.

Each writer is exercised for real: dataset files through the library and the CLI, a real
SQLite store for loads and imports, the real app over HTTP for mutations. After every
refusal the store holds what it held before.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import bundled_dataset, bundled_path, read_with_reference
from partnermap.errors import DatasetError
from partnermap.io.importer import import_table
from partnermap.io.tabular import read_table
from partnermap.model import MAX_NAME_LENGTH, Organisation, Relation, check_text
from partnermap.store.sqlite import SQLiteStore
from partnermap.validation import closest
from tests.sync_api import SyncApi

DATA = Path(__file__).parent / "data"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")

#: Characters no name may hold: C0 and C1 controls, DEL, and every bidirectional control.
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\t", "\n"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def org(**fields: Any) -> dict[str, Any]:
    return {
        "id": "org:x",
        "name": "X",
        "org_kind": "ngo",
        "sector": "non_profit",
        "sources": ["d#1"],
        **fields,
    }


# ------------------------------------------------------------------ the text rules


@pytest.mark.parametrize("char", CONTROLS + BIDI, ids=[f"U+{ord(c):04X}" for c in CONTROLS + BIDI])
def test_names_refuse_control_and_bidi_characters(char: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Organisation.model_validate(org(name=f"ha{char}ram"))
    (error,) = caught.value.errors()
    assert error["loc"] == ("name",)
    assert "name holds the" in error["msg"] and f"U+{ord(char):04X} at position 3" in error["msg"]


@pytest.mark.parametrize("field", ["name_en", "abbreviation", "description"])
def test_every_text_field_refuses_a_nul(field: str) -> None:
    with pytest.raises(ValidationError, match=f"{field} holds the control character U\\+0000"):
        Organisation.model_validate(org(**{field: "a\x00b"}))


def test_ids_and_sources_refuse_controls_with_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="id holds the control character U\\+0000"):
        Organisation.model_validate(org(id="org:x\x00"))
    with pytest.raises(ValidationError, match="target holds the bidirectional control U\\+202E"):
        Relation(kind="member_of", source="org:x", target="network:\u202ey", sources=["d#1"])
    with pytest.raises(ValidationError, match="section holds the control character U\\+0007"):
        Organisation.model_validate(org(sources=["d#1\x07"]))


def test_free_text_keeps_line_breaks_and_tabs_but_no_other_controls() -> None:
    node = Organisation.model_validate(org(description="one\n\ttwo"))
    assert node.description == "one\n\ttwo"
    with pytest.raises(ValidationError, match="description holds the control character U\\+000C"):
        Organisation.model_validate(org(description="page\x0cbreak"))


def test_names_have_a_maximum_length() -> None:
    assert len(Organisation.model_validate(org(name="x" * MAX_NAME_LENGTH)).name) == MAX_NAME_LENGTH
    with pytest.raises(ValidationError, match="name is 5000 characters long; at most 300 are allowed"):
        Organisation.model_validate(org(name="x" * 5000))


def test_text_is_nfc_normalised() -> None:
    decomposed = "Vo\u0303rumaa Partnerluskogu"  # o + combining tilde, as some Mac tools write
    node = Organisation.model_validate(org(name=decomposed, description=decomposed))
    assert node.name == node.description == "Võrumaa Partnerluskogu"
    assert unicodedata.is_normalized("NFC", node.name) and node.name != decomposed


def test_the_bundled_dataset_loads_unchanged() -> None:
    """Every text of the bundled file is read as written: the rules refuse and change nothing."""
    raw = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    loaded = {n.id: n for n in bundled_dataset().nodes}
    for item in raw["nodes"]:
        node = loaded[item["id"]]
        for field in ("name", "name_en", "description", "abbreviation"):
            assert getattr(node, field, None) == item.get(field), (item["id"], field)
    texts = [check_text(str(item.get("description") or ""), multiline=True) for item in raw["nodes"]]
    assert len(texts) == len(raw["nodes"])


# ------------------------------------------------------------------ every problem at once

#: small.yaml with a period the wrong way round, an unknown network and an unknown municipality.
THREE_PROBLEMS = (
    SMALL.replace("valid_to: 31.12.2025", "valid_to: 31.12.2022", 1)
    .replace(
        "target: network:koordinaatorid\n    role: convener",
        "target: network:koordinaator\n    role: convener",
    )
    .replace("target: municipality:tallinn", "target: municipality:tartu")
)


def test_a_file_reports_every_problem_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_PROBLEMS, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    found = {p.path: p.message for p in caught.value.problems}
    assert found == {
        "relations[0].target": "unknown municipality 'municipality:tartu'; did you mean "
        "'municipality:tartu-linn' or 'municipality:tartu-vald'?",
        "relations[1].target": "unknown network 'network:koordinaator';"
        " did you mean 'network:koordinaatorid'?",
        "relations[4].valid_to": "valid_to 2022-12-31 is before valid_from 2023-03-01",
    }
    assert all(p.file == str(path) and p.line for p in caught.value.problems)


def test_a_key_with_brackets_is_named_not_a_crash(tmp_path: Path) -> None:
    raw = yaml.safe_load(THREE_PROBLEMS)
    raw["nodes"][0]["notes[]"] = "x"  # a key that looks like a path: found by the fuzz suite
    path = tmp_path / "brackets.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    paths = [p.path for p in caught.value.problems]
    assert "nodes[0].notes[]" in paths and len(paths) == 4, paths


def test_an_invalid_relation_still_has_its_ends_checked(tmp_path: Path) -> None:
    text = SMALL.replace(
        "    target: org:elvl\n    agreement: partnerlusleping\n    valid_from: 01.03.2023\n"
        "    valid_to: 31.12.2025",
        "    target: org:elv\n    agreement: partnerlusleping\n    valid_from: 01.03.2023\n"
        "    valid_to: 31.12.2022",
    )
    path = tmp_path / "ends.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("relations[4].valid_to", "valid_to 2022-12-31 is before valid_from 2023-03-01"),
        ("relations[4].target", "unknown organisation 'org:elv'; did you mean 'org:elvl'?"),
    ]


def test_an_unknown_context_gets_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "context.yaml"
    path.write_text(
        SMALL.replace(
            "agreement: partnerlusleping", "agreement: partnerlusleping\n    context: project:tat-202"
        ),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("relations[4].context", "unknown context 'project:tat-202'; did you mean 'project:tat-2025'?")
    ]


def test_a_refused_node_is_not_reported_again_as_unknown(tmp_path: Path) -> None:
    path = tmp_path / "node.yaml"
    path.write_text(
        SMALL.replace("scope: national\n    meetings_per_year: 4", "scope: galactic"), encoding="utf-8"
    )
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    assert [p.path for p in caught.value.problems] == ["nodes[2].scope"]


def test_cli_validate_and_load_list_every_problem(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_PROBLEMS, encoding="utf-8")
    db = tmp_path / "s.db"
    url = f"sqlite:///{db}"
    assert runner.invoke(app, ["--store", url, "load", str(DATA / "small.yaml")]).exit_code == 0
    with SQLiteStore(db) as store:
        before = store.dump()
    for command in (["validate", str(path)], ["--store", url, "load", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "3 problems" in result.output
        for fragment in ("'municipality:tartu-linn'", "did you mean 'network:koordinaatorid'", "2022-12-31"):
            assert fragment in result.output, result.output
    with SQLiteStore(db) as store:
        assert store.dump() == before


def test_load_suggests_the_stores_nodes(tmp_path: Path) -> None:
    """A file that points at a node only the store holds gets that node as the suggestion."""
    with SQLiteStore(tmp_path / "s.db") as store:
        store.load(read_with_reference(DATA / "small.yaml"))
        before = store.dump()
        path = tmp_path / "more.yaml"
        path.write_text(
            "nodes: []\nrelations:\n  - kind: member_of\n    source: org:elvl\n"
            "    target: network:koordinaatorite\n    sources: ['x#1']\n",
            encoding="utf-8",
        )
        from partnermap.store.base import node_candidates

        with pytest.raises(DatasetError) as caught:
            read_with_reference(path, store.node_kinds, candidates=node_candidates(store))
        assert caught.value.problems[0].message == (
            "unknown network 'network:koordinaatorite'; did you mean 'network:koordinaatorid'?"
        )
        assert store.dump() == before


def test_closest_is_one_rule_for_ids_and_names() -> None:
    towns = {"municipality:voru-linn": ["Võru linn"], "municipality:voru-vald": ["Võru vald"]}
    assert closest("Voru", towns) == closest("municipality:voru", towns) == list(towns)
    assert closest("VÕRU LINN", towns) == ["municipality:voru-linn"]
    assert closest("Vöru linnn", towns)[0] == "municipality:voru-linn"
    assert closest("Haapsalu", towns) == []


# ------------------------------------------------------------------ spreadsheets


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "s.db") as store:
        store.load(bundled_dataset())
        yield store


def test_a_row_reports_all_its_problems(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "Organisatsioon;Võrgustik;Roll;Algus;Lõpp\n"
        "ELVL;Lõimumiskodaa;boss;01.01.2025;01.01.2024\n"
        "Tartu Linnavalitsus;Lõimumiskoda;liige;01.01.2025;01.01.2024\n",
        encoding="utf-8",
    )
    before = sqlite_store.dump()
    report = import_table(sqlite_store, "memberships", path, dry_run=True)
    rows = {r.row: r.problems for r in report.rejected}
    assert rows[2] == [
        "column 'Võrgustik': unknown network 'Lõimumiskodaa'; closest: Lõimumiskoda",
        "column 'Roll': unknown role 'boss' (e.g. liige, kokkukutsuja, koordinaator, juhtpartner, partner)",
        "column 'Lõpp': valid_to 2024-01-01 is before valid_from 2025-01-01",
    ]
    assert rows[3] == ["column 'Lõpp': valid_to 2024-01-01 is before valid_from 2025-01-01"]
    with pytest.raises(DatasetError) as caught:
        import_table(sqlite_store, "memberships", path)
    assert [p.line for p in caught.value.problems] == [2, 2, 2, 3]  # one problem each
    assert sqlite_store.dump() == before


def test_unknown_municipality_in_a_sheet_gets_suggestions(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = tmp_path / "o.csv"
    path.write_text("Nimi;Liik;Omavalitsus\nTartu Noorte MTÜ;MTÜ;municipality:tartu\n", encoding="utf-8")
    report = import_table(sqlite_store, "organisations", path, dry_run=True)
    assert report.rejected[0].problems == [
        "column 'Omavalitsus': unknown municipality 'municipality:tartu'; closest: Tartu linn, Tartu vald"
    ]


def test_cells_with_control_characters_are_refused(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = tmp_path / "o.csv"
    path.write_text(
        "Nimi;Liik;Kirjeldus\nhar\u202eam MTÜ;MTÜ;ok\nHea MTÜ;MTÜ;a\x00b\n" + "x" * 400 + " MTÜ;MTÜ;\n",
        encoding="utf-8",
    )
    before = sqlite_store.dump()
    report = import_table(sqlite_store, "organisations", path, dry_run=True)
    assert {r.row: r.problems for r in report.rejected} == {
        2: [
            "column 'Nimi': Nimi holds the bidirectional control U+202E at position 4: it reorders text"
            " on screen; remove it"
        ],
        3: ["column 'Kirjeldus': Kirjeldus holds the control character U+0000 at position 2; remove it"],
        4: ["column 'Nimi': name is 404 characters long; at most 300 are allowed"],
    }
    assert sqlite_store.dump() == before


SHEET = "Nimi\tLiik\tOmavalitsus\r\nVõru Noorte MTÜ\tMTÜ\tVõru linn\r\nPärnu Kunstide SA\tSA\tPärnu\r\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_excel_unicode_text_is_read(tmp_path: Path, sqlite_store: SQLiteStore, encoding: str) -> None:
    """Excel's "Unicode text" is UTF-16 (little-endian, with a BOM), tab-separated."""
    path = tmp_path / "unicode.txt.csv"
    path.write_bytes(SHEET.encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes()[:2] in {b"\xff\xfe", b"\xfe\xff"}
    table = read_table(path)
    assert table.header == ["Nimi", "Liik", "Omavalitsus"]
    assert [values[0] for _, values in table.rows] == ["Võru Noorte MTÜ", "Pärnu Kunstide SA"]
    report = import_table(sqlite_store, "organisations", path)
    assert report.counts()["new"] == 2
    node = sqlite_store.get_node("org:voru-noorte-mtu")
    assert node is not None and node.name == "Võru Noorte MTÜ"


def test_undecodable_bytes_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b"Nimi;Liik\n\x81\x83;MT\n")
    with pytest.raises(DatasetError) as caught:
        read_table(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.message == (
        "cannot read the file as UTF-8, UTF-16 or Windows-1257 text (byte 0x81 at offset 10);"
        " save it as CSV UTF-8"
    )


def test_a_dataset_file_in_utf16_is_read(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_bytes(SMALL.encode("utf-16"))
    assert read_with_reference(path) == read_with_reference(DATA / "small.yaml")


# ------------------------------------------------------------------ the API

CREATE_NODE = "mutation($input: NodeInput!) { createNode(input: $input) { id name } }"
CREATE_REL = "mutation($input: RelationInput!) { createRelation(input: $input) { id } }"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[SyncApi]:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    with SQLiteStore(tmp_path / "api.db") as store:
        store.load(bundled_dataset())
    api = SyncApi(url)
    try:
        yield api
    finally:
        api.close()


def post(client: SyncApi, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return client.post(query, variables)


def problems(body: dict[str, Any]) -> dict[str, str]:
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return {p["path"]: p["message"] for p in error["extensions"]["problems"]}


def test_a_mutation_reports_every_problem_in_api_words(client: SyncApi) -> None:
    body = post(
        client,
        CREATE_REL,
        {
            "input": {
                "kind": "MEMBER_OF",
                "source": "org:elv",
                "target": "network:loimumiskod",
                "validFrom": "2025-12-31",
                "validTo": "2025-01-01",
                "budget": 5.0,
                "sources": ["api#1"],
            }
        },
    )
    assert problems(body) == {
        "input.validTo": "validTo 2025-01-01 is before validFrom 2025-12-31",
        "input.budget": "budget belongs to partner_in relations only",
        "input.source": "unknown organisation 'org:elv'; did you mean 'org:elvl'?",
        "input.target": "unknown network 'network:loimumiskod'; did you mean 'network:loimumiskoda'?",
    }
    assert "input.validTo: validTo 2025-01-01 is before validFrom 2025-12-31" in body["errors"][0]["message"]


def test_an_unknown_municipality_in_the_api_gets_suggestions(client: SyncApi) -> None:
    body = post(
        client,
        CREATE_REL,
        {
            "input": {
                "kind": "LOCATED_IN",
                "source": "org:elvl",
                "target": "municipality:tartu",
                "sources": ["a#1"],
            }
        },
    )
    assert problems(body) == {
        "input.target": "unknown municipality 'municipality:tartu';"
        " did you mean 'municipality:tartu-linn' or 'municipality:tartu-vald'?"
    }


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_the_names_problem(client: SyncApi, name: str) -> None:
    body = post(
        client,
        CREATE_NODE,
        {
            "input": {
                "organisation": {"name": name, "orgKind": "NGO", "sector": "NON_PROFIT", "sources": ["a#1"]}
            }
        },
    )
    assert problems(body) == {"input.name": "String should have at least 1 character"}


def test_a_name_without_letters_asks_for_an_id(client: SyncApi) -> None:
    body = post(
        client,
        CREATE_NODE,
        {
            "input": {
                "organisation": {"name": "!!!", "orgKind": "NGO", "sector": "NON_PROFIT", "sources": ["a#1"]}
            }
        },
    )
    assert problems(body) == {"input.name": "the name has no letters or digits to make an id of: give an id"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "ha\u202eram",
            "name holds the bidirectional control U+202E at position 3:"
            " it reorders text on screen; remove it",
        ),
        ("NUL\x00MTÜ", "name holds the control character U+0000 at position 4; remove it"),
        ("x" * 5000, "name is 5000 characters long; at most 300 are allowed"),
    ],
)
def test_the_api_refuses_hostile_names_and_writes_nothing(client: SyncApi, name: str, message: str) -> None:
    before = client.post("{ organisations { totalCount } }")
    body = post(
        client,
        CREATE_NODE,
        {
            "input": {
                "organisation": {
                    "id": "org:hostile",
                    "name": name,
                    "orgKind": "NGO",
                    "sector": "NON_PROFIT",
                    "sources": ["a#1"],
                }
            }
        },
    )
    assert problems(body) == {"input.name": message}
    after = client.post("{ organisations { totalCount } }")
    assert after == before
    missing = client.post('{ organisation(id: "org:hostile") { id } }')
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_an_unknown_id_in_a_query_gets_suggestions(client: SyncApi) -> None:
    body = client.post('{ organisation(id: "org:elv") { id } }')
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"] == "there is no organisation with id 'org:elv'; did you mean 'org:elvl'?"
