"""The README's survey walkthrough runs as written, and its example answers say they are made up."""

from __future__ import annotations

import glob
import json
import shlex
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from partnermap.cli import app
from partnermap.datasets import bundled_dataset

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def walkthrough() -> list[list[str]]:
    """The commands of the README's survey walkthrough, comments dropped, globs expanded."""
    block = README.split("<!-- survey walkthrough -->", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "partnermap"
        args: list[str] = []
        for word in words[1:]:
            if word.startswith("docs/"):
                found = sorted(glob.glob(str(ROOT / word)))
                assert found, word
                args.extend(found)
            else:
                args.append(word)
        commands.append(args)
    return commands


def test_the_walkthrough_runs(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    base = ["--store", f"sqlite:///{tmp_path / 'readme.db'}"]
    outputs = []
    for args in walkthrough():
        result = runner.invoke(app, [*base, *args])
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)
    assert len(list((tmp_path / "forms").glob("*.xlsx"))) == 9
    report = outputs[-2]
    shown = README.split("<!-- survey walkthrough -->", 1)[1].split("```\n", 2)[1].split("```", 1)[0]
    for line in shown.splitlines():
        if line.strip() != "...":
            assert line in report, f"the README shows {line!r}, the command prints:\n{report}"
    data = json.loads(outputs[-1])
    assert data["asked"] == 9 and data["responded"] == 8


def test_the_example_answers_are_marked_made_up_and_not_in_the_dataset() -> None:
    files = sorted((ROOT / "docs" / "examples" / "survey" / "filled").glob("*.xlsx"))
    assert len(files) == 8
    for path in files:
        outcomes = openpyxl.load_workbook(path)["Vastaja"]["B6"].value
        assert "EXAMPLE: made-up answers" in outcomes and "NÄIDE" in outcomes
    kinds = {n.kind for n in bundled_dataset().nodes}
    assert "survey_wave" not in kinds and "survey_response" not in kinds
