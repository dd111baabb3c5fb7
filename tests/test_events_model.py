"""Events and inferred marks in the model and the shared checks: what a good record holds,
what a bad one is told (every problem at once, named by field and line), and that the CLI
refuses a bad file without a traceback and without writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import read_with_reference
from partnermap.errors import DatasetError
from partnermap.model import (
    ENDPOINT_KINDS,
    Event,
    EventType,
    Network,
    NodeKind,
    Relation,
    RelationKind,
    Role,
    node_adapter,
    period_fields,
)
from partnermap.store.sqlite import SQLiteStore

DATA = Path(__file__).parent / "data"
EVENTS = (DATA / "events.yaml").read_text(encoding="utf-8")
SRC = ["test.txt#4"]


def _replace(old: str, new: str) -> str:
    assert old in EVENTS, old
    return EVENTS.replace(old, new, 1)


def test_the_events_file_is_valid() -> None:
    ds = read_with_reference(DATA / "events.yaml")
    events = [n for n in ds.nodes if isinstance(n, Event)]
    assert sorted(e.id for e in events) == [
        "event:infopaev-louna",
        "event:koordinaatorite-kohtumised",
        "event:lvp-2025",
        "event:veebiseminar",
    ]
    lvp = next(e for e in events if e.id == "event:lvp-2025")
    assert (lvp.start, lvp.end, lvp.event_type) == (date(2025, 4, 9), date(2025, 4, 10), EventType.CONFERENCE)
    inferred = [r for r in ds.relations if r.inferred]
    assert [r.source for r in inferred] == ["org:rakvere-linnavalitsus"]
    network = next(n for n in ds.nodes if isinstance(n, Network))
    assert set(network.inferred_fields) == {"open"}


def test_event_period_and_endpoints() -> None:
    assert period_fields("event") == ("start", "end")
    sources, targets = ENDPOINT_KINDS[RelationKind.TAKES_PART_IN]
    assert sources == {NodeKind.ORGANISATION} and targets == {NodeKind.EVENT}
    assert NodeKind.EVENT in ENDPOINT_KINDS[RelationKind.LOCATED_IN][0]
    assert NodeKind.EVENT in ENDPOINT_KINDS[RelationKind.PART_OF][0]
    day = Event(
        id="event:x", name="X", event_type="seminar", start="2025-05-20", end="2025-05-20", sources=SRC
    )
    assert day.active_on(date(2025, 5, 20)) and not day.active_on(date(2025, 5, 21))


def test_takes_part_in_roles() -> None:
    rel = Relation(kind="takes_part_in", source="org:a", target="event:b", sources=SRC)
    assert rel.role is Role.PARTICIPANT and rel.id == "org:a>takes_part_in>event:b"
    speaker = Relation(kind="takes_part_in", source="org:a", target="event:b", role="speaker", sources=SRC)
    assert speaker.role is Role.SPEAKER
    with pytest.raises(ValidationError, match="role 'lead' is not one of a takes_part_in's roles"):
        Relation(kind="takes_part_in", source="org:a", target="event:b", role="lead", sources=SRC)
    with pytest.raises(ValidationError, match="role 'organiser' is not one of a member_of's roles"):
        Relation(kind="member_of", source="org:a", target="network:b", role="organiser", sources=SRC)


def test_every_problem_of_an_event_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        node_adapter.validate_python(
            {
                "id": "event:x",
                "kind": "event",
                "name": "X",
                "event_type": "party",
                "start": "2025-05-20",
                "end": "2025-05-01",
                "format": "by post",
                "occurrences_per_year": -1,
                "inferred_fields": {"budget": "a guess"},
                "sources": SRC,
            }
        )
    fields = {e["loc"][-1] for e in caught.value.errors()}
    assert fields == {"event_type", "end", "format", "occurrences_per_year", "inferred_fields"}
    assert "inferred_fields names 'budget', not a field of an event" in str(caught.value)


def test_inferred_relation_needs_its_note() -> None:
    with pytest.raises(ValidationError, match="needs an inferred_note saying what it rests on"):
        Relation(kind="member_of", source="org:a", target="network:b", inferred=True, sources=SRC)
    with pytest.raises(ValidationError, match="needs an inferred_note"):
        Relation(
            kind="member_of",
            source="org:a",
            target="network:b",
            inferred=True,
            inferred_note=" ",
            sources=SRC,
        )
    with pytest.raises(ValidationError, match="inferred_note belongs to inferred relations only"):
        Relation(kind="member_of", source="org:a", target="network:b", inferred_note="why", sources=SRC)
    ok = Relation(
        kind="member_of", source="org:a", target="network:b", inferred=True, inferred_note="why", sources=SRC
    )
    assert ok.inferred and ok.inferred_note == "why"


def test_inferred_fields_name_fields_of_the_kind_and_say_why() -> None:
    with pytest.raises(ValidationError, match="not a field of a network"):
        Network(id="network:a", name="A", inferred_fields={"org_kind": "x"}, sources=SRC)
    with pytest.raises(ValidationError, match="not a field of a network"):
        Network(id="network:a", name="A", inferred_fields={"id": "x"}, sources=SRC)
    with pytest.raises(ValidationError, match=r"inferred_fields\['open'\] must say what the value rests on"):
        Network(id="network:a", name="A", open=True, inferred_fields={"open": " "}, sources=SRC)
    with pytest.raises(ValidationError, match="control character"):
        Network(id="network:a", name="A", open=True, inferred_fields={"open": "a\x00b"}, sources=SRC)


BAD_FILES = [
    (
        "event located in a network",
        _replace(
            "source: event:lvp-2025\n    target: municipality:tallinn",
            "source: event:lvp-2025\n    target: network:koordinaatorid",
        ),
        ["relations[8].target", "located_in relation ends at a county, municipality, not a network"],
    ),
    (
        "network taking part in an event",
        _replace(
            "source: org:ounapuu\n    target: event:veebiseminar",
            "source: network:koordinaatorid\n    target: event:veebiseminar",
        ),
        ["relations[23].source", "takes_part_in relation starts at an organisation, not a network"],
    ),
    (
        "unknown event",
        _replace("target: event:veebiseminar", "target: event:veebiseminaar"),
        ["relations[23].target", "event:veebiseminaar", "did you mean 'event:veebiseminar'"],
    ),
    (
        "inferred without a note, event ending before it starts, bad role",
        _replace("end: 10.04.2025", "end: 01.04.2025")
        .replace(
            "    inferred_note: the programme invites every partner municipality; Rakvere is not named\n", ""
        )
        .replace("role: speaker", "role: partner"),
        ["inferred_note", "end 2025-04-01 is before start 2025-04-09", "role 'partner'"],
    ),
]


@pytest.mark.parametrize(("case", "text", "fragments"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_event_files_are_refused_with_every_problem(
    tmp_path: Path, runner: CliRunner, case: str, text: str, fragments: list[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_with_reference(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    assert all(p.line is not None for p in caught.value.problems), message

    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    assert runner.invoke(app, ["--store", url, "load", str(DATA / "events.yaml")]).exit_code == 0
    with SQLiteStore(db) as store:
        before = store.dump()
    result = runner.invoke(app, ["--store", url, "load", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert fragments[0] in result.output
    with SQLiteStore(db) as store:
        assert store.dump() == before


def test_events_round_trip_through_a_dataset_file(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "store.db"
    url = f"sqlite:///{db}"
    assert runner.invoke(app, ["--store", url, "load", str(DATA / "events.yaml")]).exit_code == 0
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["--store", url, "export", "--format", "yaml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = read_with_reference(out)
    original = read_with_reference(DATA / "events.yaml")
    assert sorted(again.relations, key=lambda r: r.id) == sorted(original.relations, key=lambda r: r.id)
    assert {n.id: n for n in again.nodes if n.id.startswith(("event:", "network:"))} == {
        n.id: n for n in original.nodes if n.id.startswith(("event:", "network:"))
    }
