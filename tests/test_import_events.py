"""Spreadsheets of events and participations: Estonian headers and words, the event's place,
network and organiser, inferred marks, and bad rows (every problem named by row and column,
nothing written) - through the library and the CLI on a real SQLite store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import read_with_reference
from partnermap.errors import DatasetError
from partnermap.io.importer import import_table
from partnermap.model import Event, Role
from partnermap.store.sqlite import SQLiteStore
from tests.test_import import write_csv, write_xlsx

EVENTS = Path(__file__).parent / "data" / "events.yaml"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "s.db")
    store.load(read_with_reference(EVENTS))
    return store


def test_events_with_place_network_and_organiser(tmp_path: Path, store: SQLiteStore) -> None:
    path = write_xlsx(
        tmp_path / "sundmused.xlsx",
        [
            [
                "Sündmus",
                "Liik",
                "Algus",
                "Lõpp",
                "Vorm",
                "Sagedus",
                "Kordi aastas",
                "Omavalitsus",
                "Võrgustik",
                "Korraldaja",
            ],
            [
                "Lõimumisaken 2025",
                "seminar",
                "01.09.2025",
                "02.09.2025",
                "kohapeal",
                None,
                None,
                "Tallinn",
                None,
                "Tallinna Linnavalitsus",
            ],
            [
                "Integratsioonikohvik",
                "Kohtumine",
                date(2025, 3, 1),
                None,
                "Hübriid",
                "kord kuus",
                12,
                "Rakvere linn",
                "Koordinaatorite võrgustik",
                "Rakvere Linnavalitsus",
            ],
            ["Veebiinfotund", "Infopäev", "2025-10-10", None, "veebis", None, None, None, None, None],
        ],
    )
    report = import_table(store, "events", path, dry_run=True)
    assert report.counts() == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert store.get_node("event:loimumisaken-2025") is None  # a dry run writes nothing
    import_table(store, "events", path)
    seminar = store.get_node("event:loimumisaken-2025")
    assert isinstance(seminar, Event)
    assert (seminar.event_type, seminar.start, seminar.end, seminar.format) == (
        "seminar",
        date(2025, 9, 1),
        date(2025, 9, 2),
        "in_person",
    )
    assert [r.target for r in store.list_relations("located_in", source=seminar.id)] == [
        "municipality:tallinn"
    ]
    (organiser,) = store.list_relations("takes_part_in", target=seminar.id)
    assert (organiser.source, organiser.role) == ("org:tallinna-linnavalitsus", Role.ORGANISER)
    assert (organiser.valid_from, organiser.valid_to) == (date(2025, 9, 1), date(2025, 9, 2))
    cafe = store.get_node("event:integratsioonikohvik")
    assert isinstance(cafe, Event)
    assert (cafe.frequency, cafe.occurrences_per_year, cafe.format) == ("kord kuus", 12.0, "hybrid")
    assert [r.target for r in store.list_relations("part_of", source=cafe.id)] == ["network:koordinaatorid"]
    online = store.get_node("event:veebiinfotund")
    assert isinstance(online, Event) and online.format == "online" and online.event_type == "info_day"
    assert store.list_relations(source="event:veebiinfotund") == []


def test_participations_with_roles_and_inferred_marks(tmp_path: Path, store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "osalejad.csv",
        [
            ["Osaleja", "Sündmus", "Roll", "Järeldatud", "Järelduse alus", "Allikas"],
            ["Tartu Linnavalitsus", "Veebiseminar <kohanemine>", "esineja", "", "", "kava.pdf#lk 2"],
            [
                'MTÜ <Õunapuu> & "Sõbrad"',
                "Linnade ja Valdade Päevad 2025",
                "osaleja",
                "jah",
                "fotol nende plakat",
                "",
            ],
            ["ELVL", "event:veebiseminar", "", "ei", "", ""],
        ],
    )
    report = import_table(store, "participations", path)
    assert report.counts()["new"] == 3
    speaker = store.get_relation("org:tartu-linnavalitsus>takes_part_in>event:veebiseminar")
    assert speaker is not None and speaker.role is Role.SPEAKER and not speaker.inferred
    assert [(s.document, s.section) for s in speaker.sources] == [("kava.pdf", "lk 2")]
    guessed = store.get_relation("org:ounapuu>takes_part_in>event:lvp-2025")
    assert guessed is not None and guessed.inferred and guessed.inferred_note == "fotol nende plakat"
    plain = store.get_relation("org:elvl>takes_part_in>event:veebiseminar")
    assert plain is not None and plain.role is Role.PARTICIPANT and plain.inferred is False


def test_bad_event_rows_report_every_problem_and_write_nothing(tmp_path: Path, store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            [
                "Nimi",
                "Liik",
                "Algus",
                "Lõpp",
                "Vorm",
                "Kordi aastas",
                "Omavalitsus",
                "Võrgustik",
                "Korraldaja",
            ],
            ["Hea seminar", "seminar", "01.09.2025", "", "", "", "", "", ""],
            ["Pidu", "pidu", "31.02.2025", "", "posti teel", "palju", "Atlantis", "Salaselts", "Keegi"],
            ["Tagurpidi", "koolitus", "10.10.2025", "01.10.2025", "", "", "", "", ""],
            ["Hea seminar", "seminar", "01.09.2025", "", "", "", "", "", ""],
        ],
    )
    before = store.dump()
    report = import_table(store, "events", path, dry_run=True)
    problems = {r.row: r.problems for r in report.rejected}
    assert set(problems) == {3, 4, 5}
    bad = " | ".join(problems[3])
    for fragment in (
        "column 'Liik': unknown event type 'pidu' (e.g. koosolek",
        "column 'Algus': '31.02.2025' is not a date",
        "column 'Vorm': unknown format 'posti teel'",
        "column 'Kordi aastas':",
        "column 'Omavalitsus': unknown municipality 'Atlantis'",
        "column 'Võrgustik': unknown network 'Salaselts'",
        "column 'Korraldaja': unknown organisation 'Keegi'",
    ):
        assert fragment in bad, bad
    assert len(problems[3]) == 7
    assert "end 2025-10-01 is before start 2025-10-10" in problems[4][0]
    assert problems[5][0].startswith("duplicate of row 2")
    with pytest.raises(DatasetError) as caught:
        import_table(store, "events", path)
    assert {p.line for p in caught.value.problems} == {3, 4, 5}
    assert store.dump() == before


def test_bad_participation_rows(tmp_path: Path, store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["Organisatsioon", "Sündmus", "Roll", "Järeldatud", "Järelduse alus"],
            ["ELVL", "Lõuna-Eesti infopäev", "juhtpartner", "", ""],
            ["ELVL", "Tundmatu üritus", "osaleja", "võib-olla", ""],
            ["Tartu Linnavalitsus", "Veebiseminar <kohanemine>", "osaleja", "jah", ""],
            ["Tartu Linnavalitsus", "Koordinaatorite võrgustiku kohtumised", "", "", "keegi arvas"],
        ],
    )
    before = store.dump()
    report = import_table(store, "participations", path, dry_run=True)
    problems = {r.row: " | ".join(r.problems) for r in report.rejected}
    assert "role 'lead' is not one of a takes_part_in's roles" in problems[2]
    assert "column 'Sündmus': unknown event 'Tundmatu üritus'" in problems[3]
    assert "column 'Järeldatud': 'võib-olla' is not yes or no" in problems[3]
    assert "inferred_note" in problems[4] and "needs an inferred_note" in problems[4]
    assert "inferred_note belongs to inferred relations only" in problems[5]
    with pytest.raises(DatasetError):
        import_table(store, "participations", path)
    assert store.dump() == before


def test_cli_imports_events_and_participations(tmp_path: Path, runner: CliRunner) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert runner.invoke(app, ["--store", url, "load", str(EVENTS)]).exit_code == 0
    events = write_csv(
        tmp_path / "e.csv",
        [["Nimi", "Liik", "Kuupäev", "Maakond"], ["Õppereis Rootsi", "õppereis", "12.05.2025", "Võrumaa"]],
    )
    dry = runner.invoke(app, ["--store", url, "import", "events", str(events), "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["counts"]["new"] == 1
    real = runner.invoke(app, ["--store", url, "import", "events", str(events)])
    assert real.exit_code == 0 and "1 new" in real.output, real.output
    people = write_csv(
        tmp_path / "p.csv", [["Organisatsioon", "Sündmus", "Roll"], ["ELVL", "Õppereis Rootsi", "korraldaja"]]
    )
    assert runner.invoke(app, ["--store", url, "import", "participations", str(people)]).exit_code == 0
    bad = write_csv(tmp_path / "bad.csv", [["Nimi", "Liik"], ["Miski", "pidu"]])
    refused = runner.invoke(app, ["--store", url, "import", "events", str(bad)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "bad.csv:2: column 'Liik': unknown event type 'pidu'" in refused.output
    with SQLiteStore(tmp_path / "cli.db") as store:
        trip = store.get_node("event:oppereis-rootsi")
        assert isinstance(trip, Event) and trip.event_type == "study_trip"
        assert [r.target for r in store.list_relations("located_in", source=trip.id)] == ["county:voru"]
        assert [r.role for r in store.list_relations("takes_part_in", target=trip.id)] == [Role.ORGANISER]


def test_an_unknown_role_lists_the_roles_at_an_event(tmp_path: Path, store: SQLiteStore) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [["Organisatsioon", "Sündmus", "Roll"], ["ELVL", "Veebiseminar <kohanemine>", "boss"]],
    )
    report = import_table(store, "participations", path, dry_run=True)
    assert [r.problems for r in report.rejected] == [
        ["column 'Roll': unknown role 'boss' (e.g. korraldaja, osaleja, esineja)"]
    ]
