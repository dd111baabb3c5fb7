"""Spreadsheets in: realistic files, name matching, Estonian dates and amounts, bad input.

The library and the CLI are exercised on the same files; the main flow runs on every
store backend.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.errors import DatasetError
from partnermap.io.importer import import_table, read_mapping
from partnermap.io.tabular import parse_amount
from partnermap.store.base import Store
from partnermap.store.sqlite import SQLiteStore

SHEETS = Path(__file__).parent / "data" / "spreadsheets"
XLSX = SHEETS / "ida-viru-koostoo.xlsx"


@pytest.fixture
def sqlite_store(tmp_path: Path, estonia) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db")
    store.load(estonia)
    return store


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ";") -> Path:
    path.write_bytes("\r\n".join(delimiter.join(r) for r in rows).encode(encoding) + b"\r\n")
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Leht1") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_coordinators_spreadsheet_dry_run_then_import(loaded: Store) -> None:
    before = loaded.dump()
    dry = import_table(loaded, "organisations", XLSX, dry_run=True)
    assert dry.counts() == {"new": 6, "updated": 0, "unchanged": 0, "rejected": 0}
    assert loaded.dump() == before  # a dry run writes nothing
    real = import_table(loaded, "organisations", XLSX)
    assert real.counts()["new"] == 6
    narva = loaded.get_node("org:mtu-ukraina-pered-ida-virumaal")
    assert narva is not None and narva.org_kind == "ngo" and narva.sector == "non_profit"
    assert narva.sources[0].document == "ida-viru-koostoo.xlsx"
    assert narva.sources[0].section == "Organisatsioonid row 5"
    homes = {
        r.target for r in loaded.list_relations("located_in", source="org:mtu-ukraina-pered-ida-virumaal")
    }
    assert homes == {"municipality:narva-linn"}  # matched by EHAK code 0511
    group = {r.target for r in loaded.list_relations("located_in", source="org:ida-viru-noorte-algatusruhm")}
    assert group == {"county:ida-viru"}  # "Ida-Virumaa"
    again = import_table(loaded, "organisations", XLSX)
    assert again.counts()["unchanged"] == 6

    members = import_table(loaded, "memberships", XLSX, sheet="Liikmed", dry_run=True)
    assert members.counts() == {"new": 5, "updated": 0, "unchanged": 0, "rejected": 0}
    import_table(loaded, "memberships", XLSX, sheet="Liikmed")
    joined = {
        r.source for r in loaded.list_relations("member_of", target="network:kohtla-jarve-tugivorgustik")
    }
    assert {"org:mtu-ida-viru-kogukonnakook", "org:sillamae-eakate-paevakeskus"} <= joined
    period = loaded.get_relation("org:ou-tolkeburoo-sonasild>member_of>network:johvi-koostoovorgustik")
    assert period is not None and (str(period.valid_from), str(period.valid_to)) == (
        "2025-02-01",
        "2026-12-31",
    )


def test_windows_1257_semicolon_csv(sqlite_store: SQLiteStore) -> None:
    assert b"\xf5" in (SHEETS / "organisatsioonid.csv").read_bytes()  # õ in Windows-1257
    report = import_table(sqlite_store, "organisations", SHEETS / "organisatsioonid.csv")
    assert report.counts()["new"] == 6
    assert sqlite_store.get_node("org:ou-tolkeburoo-sonasild").name == "OÜ Tõlkebüroo Sõnasild"  # type: ignore[union-attr]


def test_bom_and_comma_csv(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "bom.csv",
        [["name", "kind", "municipality"], ["Võru Küla Selts MTÜ", "ngo", "Võru linn"]],
        encoding="utf-8-sig",
        delimiter=",",
    )
    import_table(sqlite_store, "organisations", path)
    assert sqlite_store.get_node("org:voru-kula-selts-mtu").name == "Võru Küla Selts MTÜ"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Parnu linn", "municipality:parnu-linn"),
        ("pärnu", "municipality:parnu-linn"),
        ("Kohtla-Jarve", "municipality:kohtla-jarve-linn"),
        ("Tallinna linn", "municipality:tallinn"),
        ("TARTU LINN", "municipality:tartu-linn"),
        ("0784", "municipality:tallinn"),
    ],
)
def test_municipality_names_as_people_write_them(
    tmp_path: Path, sqlite_store: SQLiteStore, typed: str, expected: str
) -> None:
    path = write_csv(tmp_path / "m.csv", [["Nimi", "Liik", "Omavalitsus"], ["MTÜ Test", "MTÜ", typed]])
    import_table(sqlite_store, "organisations", path)
    assert [r.target for r in sqlite_store.list_relations("located_in", source="org:mtu-test")] == [expected]


def test_ambiguous_and_unknown_names_are_never_guessed(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "m.csv",
        [["Nimi", "Liik", "Omavalitsus"], ["MTÜ Üks", "MTÜ", "Võru"], ["MTÜ Kaks", "MTÜ", "Parnuu linn"]],
    )
    before = sqlite_store.dump()
    report = import_table(sqlite_store, "organisations", path, dry_run=True)
    reasons = {r.row: r.problems[0] for r in report.rejected}
    assert reasons[2] == "column 'Omavalitsus': 'Võru' is ambiguous: Võru linn, Võru vald"
    assert reasons[3].startswith(
        "column 'Omavalitsus': unknown municipality 'Parnuu linn'; closest: Pärnu linn"
    )
    with pytest.raises(DatasetError, match=r"m\.csv:2: column 'Omavalitsus': 'Võru' is ambiguous"):
        import_table(sqlite_store, "organisations", path)
    assert sqlite_store.dump() == before


def test_partnerships_with_estonian_amounts_and_dates(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Organisatsioon", "Projekt", "Roll", "Eelarve", "Toetus", "Omafinantseering", "Algus", "Lõpp"],
            [
                "Tartumaa Arendusselts",
                "Koosloomest koostööni",
                "partner",
                "18 000",
                "12 743,68",
                "5 256,32",
                "01.07.2024",
                "30.06.2025",
            ],
        ],
    )
    report = import_table(sqlite_store, "partnerships", path, dry_run=True)
    assert report.counts()["updated"] == 1  # the sources differ from the dataset's; the money does not
    import_table(sqlite_store, "partnerships", path)
    rel = sqlite_store.get_relation("org:tartumaa-arendusselts>partner_in>project:koosloomest-koostooni")
    assert rel is not None and (rel.budget, rel.support, rel.own_contribution) == (18000, 12743.68, 5256.32)
    assert parse_amount("12 743,68 €") == 12743.68


def test_agreements(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["Osapool", "Teine osapool", "Leping", "Algus", "Lõpp"],
            ["Narva-Jõesuu Linnaraamatukogu", "ELVL", "koostööleping", "01.01.2026", "31.12.2026"],
        ],
    )
    with pytest.raises(
        DatasetError, match="column 'Osapool': unknown organisation 'Narva-Jõesuu Linnaraamatukogu'"
    ):
        import_table(sqlite_store, "agreements", path)
    import_table(sqlite_store, "organisations", XLSX)
    import_table(sqlite_store, "agreements", path)
    rel = sqlite_store.get_relation("org:narva-joesuu-linnaraamatukogu>party_to>org:elvl")
    assert rel is not None and rel.agreement == "koostööleping"


def test_bad_rows_name_their_row_and_column(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["Organisatsioon", "Võrgustik", "Roll", "Algus", "Lõpp"],
            ["ELVL", "Lõimumiskoda", "liige", "01.01.2025", ""],
            [None, None, None, None, None],  # empty rows are skipped
            ["ELVL", "Lõimumiskoda", "liige", "01.01.2025", ""],  # duplicate of row 2
            ["Tallinna Linnavalitsus", "Lõimumiskoda", "liige", "31.02.2025", ""],  # no such day
            ["Tartu Linnavalitsus", "Lõimumiskoda", "boss", "01.01.2025", ""],
            ["Pärnu Linnavalitsus", "=A2", "liige", "01.01.2025", ""],  # a formula
            ["Pärnu Linnavalitsus", "Lõimumiskoda", "liige", "01.01.2025", "01.01.2024"],
        ],
    )
    before = sqlite_store.dump()
    report = import_table(sqlite_store, "memberships", path, dry_run=True)
    reasons = {r.row: r.problems[0] for r in report.rejected}
    assert reasons[4].startswith("duplicate of row 2")
    assert reasons[5] == "column 'Algus': '31.02.2025' is not a date (write 31.12.2025 or 2025-12-31)"
    assert reasons[6].startswith("column 'Roll': unknown role 'boss'")
    assert reasons[7] == "column 'Võrgustik': a formula (=A2); paste its value instead"
    assert "valid_to 2024-01-01 is before valid_from 2025-01-01" in reasons[8]
    assert [r.row for r in report.rows if r.status != "rejected"] == [2]
    with pytest.raises(DatasetError) as caught:
        import_table(sqlite_store, "memberships", path)
    assert {p.line for p in caught.value.problems} == {4, 5, 6, 7, 8}
    assert sqlite_store.dump() == before


def test_a_source_that_names_nothing_is_a_row_problem(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    # found by test_fuzz_inputs: a source cell of "#" escaped the row report as a traceback
    path = write_csv(
        tmp_path / "m.csv",
        [
            ["Organisatsioon", "Võrgustik", "Allikas"],
            ["ELVL", "Lõimumiskoda", "#"],
            ["ELVL", "Lõimumiskoda", ""],
        ],
    )
    report = import_table(sqlite_store, "memberships", path, dry_run=True)
    assert [(r.row, r.problems) for r in report.rejected] == [
        (2, ["column 'Allikas': '#' is not a source: write 'document#section'"])
    ]


def test_missing_required_columns(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_csv(tmp_path / "x.csv", [["Organisatsioon", "Roll"], ["ELVL", "liige"]])
    with pytest.raises(DatasetError, match="missing required column\\(s\\): network"):
        import_table(sqlite_store, "memberships", path)


def test_mapping_file_and_columns(tmp_path: Path, sqlite_store: SQLiteStore) -> None:
    path = write_csv(tmp_path / "x.csv", [["Asutus", "Koht"], ["Kambja Külade Selts", "Kambja vald"]])
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  name: Asutus\n  municipality: Koht\ndefaults:\n  org_kind: MTÜ\n")
    import_table(sqlite_store, "organisations", path, mapping=read_mapping(mapping))
    node = sqlite_store.get_node("org:kambja-kulade-selts")
    assert node is not None and node.org_kind == "ngo"
    with pytest.raises(DatasetError, match="mapped column 'Nimi' for name is not in the header"):
        import_table(sqlite_store, "organisations", path, mapping=read_mapping(None, {"name": "Nimi"}))


def test_cli_import_dry_run_and_real(tmp_path: Path, runner: CliRunner) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert runner.invoke(app, ["--store", url, "load"]).exit_code == 0
    dry = runner.invoke(app, ["--store", url, "import", "organisations", str(XLSX), "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    data = json.loads(dry.output)
    assert data["counts"]["new"] == 6 and data["dry_run"] is True
    real = runner.invoke(app, ["--store", url, "import", "organisations", str(XLSX)])
    assert real.exit_code == 0 and "6 new" in real.output
    bad = write_csv(tmp_path / "bad.csv", [["Nimi", "Liik", "Omavalitsus"], ["MTÜ X", "MTÜ", "Atlantis"]])
    refused = runner.invoke(app, ["--store", url, "import", "organisations", str(bad)])
    assert refused.exit_code == 1
    assert "bad.csv:2: column 'Omavalitsus': unknown municipality 'Atlantis'" in refused.output
    assert "Traceback" not in refused.output
    mapped = runner.invoke(app, ["--store", url, "import", "organisations", str(bad), "-c", "nope"])
    assert mapped.exit_code == 1 and "write FIELD=HEADER" in mapped.output
