"""XLSX survey forms, written and read back for real: a simulated wave of 12 through the forms,
bad and hostile files refused with sheet, row and column, and the ``partnermap survey`` commands."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.errors import DatasetError
from partnermap.model import SCORE_ITEMS, NodeKind, SurveyWave
from partnermap.store import open_store
from partnermap.store.base import Store
from partnermap.surveys.forms import COLUMNS, FREQUENCY_WORDS, LEVEL_WORDS, import_forms, write_forms
from partnermap.surveys.results import wave_results
from partnermap.surveys.waves import create_wave, latest_responses, submit_response
from tests import survey_sim as sim


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'survey.db'}"


@pytest.fixture
def db(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as store:
        sim.build_network(store)
        sim.create_waves(store)
        yield store


def fill(path: Path, answers: list[dict[str, Any]], *, position: str | None, outcomes: str | None) -> None:
    """Fill a form as a person would in a spreadsheet program: labels from the drop-downs,
    Estonian words now and then, numbers as numbers or text."""
    book = openpyxl.load_workbook(path)
    sheet = book["Partnerid"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(3, sheet.max_row + 1)}
    col = {code: i for i, code in enumerate(COLUMNS, start=1)}
    for n, answer in enumerate(answers):
        r = rows[answer["partner"]]
        level = answer["level"]
        words = next(w for k, w in LEVEL_WORDS.items() if k.value == level)
        sheet.cell(row=r, column=col["level"], value=f"{level} / {words}" if n % 3 else words)
        if "frequency" in answer:
            words = next(w for k, w in FREQUENCY_WORDS.items() if k.value == answer["frequency"])
            sheet.cell(row=r, column=col["frequency"], value=f"{answer['frequency']} / {words}")
        for item in SCORE_ITEMS:
            if item in answer:
                sheet.cell(row=r, column=col[item], value=answer[item] if n % 2 else str(answer[item]))
        for resource in answer.get("resources", []):
            sheet.cell(row=r, column=col[f"resource:{resource}"], value="x")
    info = book["Vastaja"]
    info["B5"] = position
    info["B6"] = outcomes
    book.save(path)


def test_forms_are_prefilled_validated_and_bilingual(db: Store, tmp_path: Path) -> None:
    files = write_forms(db, sim.WAVE1, tmp_path / "forms")
    assert len(files) == 12 and files[0].name == "sim-2026.sim-01.xlsx"
    book = openpyxl.load_workbook(files[9])  # org:sim-10's own form
    assert book.sheetnames == ["Juhend", "Vastaja", "Partnerid"]
    help_text = " ".join(str(c.value) for row in book["Juhend"].iter_rows() for c in row if c.value)
    assert "Koostöö tase" in help_text and "Level of cooperation" in help_text
    assert book["Vastaja"]["B2"].value == sim.WAVE1 and book["Vastaja"]["B3"].value == "org:sim-10"
    sheet = book["Partnerid"]
    partners = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    assert partners == [o for o in sim.ORGS if o != "org:sim-10"]  # never itself
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert rules["C3:C13"].type == "list" and "cooperation / koostöö" in rules["C3:C13"].formula1
    assert rules["E3:J13"].type == "whole" and (rules["E3:J13"].formula1, rules["E3:J13"].formula2) == (
        "1",
        "4",
    )
    assert sheet.protection.sheet and not sheet["C3"].protection.locked and sheet["A3"].protection.locked
    # a hostile organisation name is written as text, never as markup or a formula
    other = openpyxl.load_workbook(files[0])["Partnerid"]
    names = [other.cell(row=r, column=2).value for r in range(3, other.max_row + 1)]
    assert "MTÜ Lõimumiskoda <b>" in names


def test_a_simulated_wave_through_the_forms_gives_the_same_results(db: Store, tmp_path: Path) -> None:
    files = {f.name.split(".")[1]: f for f in write_forms(db, sim.WAVE1, tmp_path / "forms")}
    chosen = []
    for i, who in enumerate(sim.responders(1)):
        path = files[who.split(":")[1]]
        fill(
            path,
            sim.simulated_answers(1, who),
            position="integratsioonikoordinaator",
            outcomes=sim.outcomes(i),
        )
        chosen.append(path)
    written = import_forms(db, sim.WAVE1, chosen)
    assert [r.channel for r in written] == ["xlsx"] * len(chosen) and all(r.revision == 1 for r in written)
    via_forms = wave_results(db, sim.WAVE1)
    # the same answers straight through the library, into a second store
    with open_store(f"sqlite:///{tmp_path / 'direct.db'}") as direct:
        sim.build_network(direct)
        sim.create_waves(direct)
        for i, who in enumerate(sim.responders(1)):
            submit_response(direct, sim.WAVE1, who, sim.simulated_answers(1, who), outcomes=sim.outcomes(i))
        assert wave_results(direct, sim.WAVE1) == via_forms
    latest = latest_responses(db, sim.WAVE1)
    assert latest[sim.responders(1)[1]].outcomes == sim.outcomes(1)  # hostile text kept exactly, as text
    # a form imported again is a new revision: nothing is overwritten
    again = import_forms(db, sim.WAVE1, [chosen[0]])
    assert again[0].revision == 2 and len(latest_responses(db, sim.WAVE1)) == len(chosen)


def _bad_forms(db: Store, tmp_path: Path) -> list[Path]:
    files = {f.name.split(".")[1]: f for f in write_forms(db, sim.WAVE1, tmp_path / "forms")}
    out_of_range = files["sim-01"]
    fill(
        out_of_range,
        [
            {"partner": "org:sim-02", "level": "cooperation", "reliability": 5},
            {"partner": "org:sim-03", "level": "none", "power": 2},
        ],
        position="koordinaator",
        outcomes="Tulemused" + "\u202e" + "tagurpidi",
    )
    book = openpyxl.load_workbook(out_of_range)
    book["Partnerid"]["C5"] = "best friends"
    book["Partnerid"]["E6"] = '=HYPERLINK("http://example.invalid")'
    book["Partnerid"]["A7"] = "org:sim-01"  # answering about itself
    book["Partnerid"]["C7"] = "awareness"
    book.save(out_of_range)
    duplicate = tmp_path / "copy-of-sim-01.xlsx"
    shutil.copy(out_of_range, duplicate)
    other_wave = tmp_path / "other-wave.xlsx"
    write_forms(db, sim.WAVE2, tmp_path / "forms2")
    shutil.copy(tmp_path / "forms2" / "sim-2027.sim-04.xlsx", other_wave)
    garbage = tmp_path / "not-a-form.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not a workbook <script>")
    twice = files["sim-05"]
    fill(twice, [{"partner": "org:sim-06", "level": "awareness"}], position=None, outcomes=None)
    twice_again = tmp_path / "sim-05-again.xlsx"
    fill(twice_again, [], position=None, outcomes=None) if twice_again.exists() else shutil.copy(
        twice, twice_again
    )
    book = openpyxl.load_workbook(twice_again)
    book["Vastaja"]["B5"] = "another position"  # another file, same respondent
    book.save(twice_again)
    return [out_of_range, duplicate, other_wave, garbage, twice, twice_again]


def test_bad_and_hostile_forms_are_refused_and_nothing_is_written(db: Store, tmp_path: Path) -> None:
    files = _bad_forms(db, tmp_path)
    before = db.dump()
    with pytest.raises(DatasetError) as caught:
        import_forms(db, sim.WAVE1, files)
    text = str(caught.value)
    first = str(files[0])
    expected = [
        f"{first}: sheet 'Partnerid', row 3, column E (reliability): 5 is out of range: answer 1 to 4",
        f"{first}: sheet 'Partnerid', row 5, column C (level): 'best friends' is not a level",
        f"{first}: sheet 'Partnerid', row 6, column E (reliability): a formula: type the value itself",
        f"copy-of-sim-01.xlsx: the same file as {first}: given twice",
        "other-wave.xlsx: sheet 'Vastaja', row 2, column B: a form of another wave ('wave:sim-2027')",
        "not-a-form.xlsx: cannot read it as an XLSX workbook",
        "sim-05-again.xlsx: sheet 'Vastaja', row 3, column B: a second form of 'org:sim-05'",
    ]
    for line in expected:
        assert line in text, f"{line!r} not in\n{text}"
    assert db.dump() == before  # nothing written, not even the good file
    # the first form's problems once its parse errors are fixed: the model's rules, placed
    book = openpyxl.load_workbook(files[0])
    book["Partnerid"]["C5"] = None
    book["Partnerid"]["E6"] = None
    book["Partnerid"]["E3"] = 4
    book.save(files[0])
    with pytest.raises(DatasetError) as caught:
        import_forms(db, sim.WAVE1, [files[0]])
    text = str(caught.value)
    assert (
        f"{first}: sheet 'Vastaja', row 6, column B: outcomes holds the bidirectional control U+202E" in text
    )
    assert (
        f"{first}: sheet 'Partnerid', row 4: level is none (no work together), so power cannot be answered"
        in text
    )
    assert f"{first}: sheet 'Partnerid', row 7, column A (partner): 'org:sim-01' answers about itself" in text
    assert db.count_nodes(NodeKind.SURVEY_RESPONSE) == 0


def test_survey_commands(db: Store, db_url: str, tmp_path: Path, runner: CliRunner) -> None:
    base = ["--store", db_url]
    yaml_file = tmp_path / "wave.yaml"
    yaml_file.write_text(
        "id: wave:sim-2028\nname: Küsitlus 2028\nsubject: network:sim-coordinators\nstart: 2028-03-01\n"
        "previous: wave:sim-2027\n",
        encoding="utf-8",
    )
    made = runner.invoke(app, [*base, "survey", "create", "--from", str(yaml_file), "--end", "31.03.2028"])
    assert made.exit_code == 0, made.output
    assert "created wave:sim-2028 of network:sim-coordinators: 12 respondents" in made.output
    wave = db.get_node("wave:sim-2028")
    assert isinstance(wave, SurveyWave) and wave.end == date(2028, 3, 31) and wave.previous == "wave:sim-2027"
    bad = runner.invoke(
        app, [*base, "survey", "create", "wave:x", "--subject", "network:nothing", "--start", "2026-13-01"]
    )
    assert bad.exit_code == 1 and "Traceback" not in bad.output and "--start" in bad.output
    formed = runner.invoke(app, [*base, "survey", "form", sim.WAVE1, "-o", str(tmp_path / "f")])
    assert formed.exit_code == 0 and "wrote 12 forms" in formed.output
    form = tmp_path / "f" / "sim-2026.sim-02.xlsx"
    fill(form, sim.simulated_answers(1, "org:sim-02"), position="nõunik", outcomes=None)
    imported = runner.invoke(app, [*base, "survey", "import", sim.WAVE1, str(form)])
    assert imported.exit_code == 0, imported.output
    assert "org:sim-02: revision 1" in imported.output
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    refused = runner.invoke(app, [*base, "survey", "import", sim.WAVE1, str(broken), str(form)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "broken.xlsx: cannot read it as an XLSX workbook" in refused.output
    report = runner.invoke(app, [*base, "survey", "report", sim.WAVE1, "--format", "json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.output)
    assert data["asked"] == 12 and data["responded"] == 1 and data["response_rate"] == pytest.approx(1 / 12)
    table = runner.invoke(app, [*base, "survey", "report", sim.WAVE1])
    assert "response rate   8% (1 of 12)" in table.output
    submit_response(db, sim.WAVE2, "org:sim-02", sim.simulated_answers(2, "org:sim-02"))
    compared = runner.invoke(
        app, [*base, "survey", "report", sim.WAVE2, "--compare", sim.WAVE1, "-f", "json"]
    )
    assert compared.exit_code == 0, compared.output
    assert json.loads(compared.output)["compared"] == ["org:sim-02"]
    # waves are ordered by their start, whichever is named first
    assert json.loads(compared.output)["before"]["wave"] == sim.WAVE1
    unknown = runner.invoke(app, [*base, "survey", "report", "wave:nothing"])
    assert unknown.exit_code == 1 and "no survey wave 'wave:nothing'" in unknown.output


def test_create_wave_is_checked(db: Store) -> None:
    with pytest.raises(Exception, match="exists already"):
        create_wave(db, db.get_node(sim.WAVE1))  # type: ignore[arg-type]


def test_survey_ties_are_not_edited_one_by_one(db: Store) -> None:
    from partnermap import edits
    from partnermap.errors import InputError

    submit_response(db, sim.WAVE1, "org:sim-01", [{"partner": "org:sim-02", "level": "awareness"}])
    tie = db.list_relations("survey_tie")[0]
    data = {"kind": "survey_tie", "source": "org:sim-03", "target": "org:sim-04", "sources": ["x#y"]}
    with pytest.raises(InputError, match="written by survey answers"):
        edits.create_relation(db, data)
    with pytest.raises(InputError, match="written by survey answers"):
        edits.update_relation(db, tie.id, {"level": "integration"})
    assert db.get_relation(tie.id) == tie
