"""Write the README's survey example: filled XLSX forms of ELVL's coordinator network.

The answers are MADE UP (seeded random choices) and say so in every form; they are not part
of the bundled dataset. Run from the repository root:

    .venv/bin/python scripts/make_survey_example.py

It creates the wave of ``docs/examples/survey/wave.yaml`` in a throwaway store, writes the
blank forms with ``partnermap.surveys.forms.write_forms`` and fills all but one of them
into ``docs/examples/survey/filled/`` (one member does not answer: the response rate is
8 of 9).
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
import yaml

from partnermap.datasets import bundled_dataset
from partnermap.model import SCORE_ITEMS, Frequency, Resource, TieLevel
from partnermap.store import open_store
from partnermap.surveys.forms import COLUMNS, FREQUENCY_WORDS, LEVEL_WORDS, write_forms
from partnermap.surveys.waves import new_wave

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "survey"
MADE_UP = "NÄIDE: välja mõeldud vastused / EXAMPLE: made-up answers, not data from the documents."
SILENT = "org:kohtla-jarve-linnavalitsus"  # the one member that does not answer


def fill(path: Path, rng: random.Random) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Partnerid"]
    col = {code: i for i, code in enumerate(COLUMNS, start=1)}
    for row in range(3, sheet.max_row + 1):
        level = rng.choices(list(TieLevel), weights=[7, 2, 3, 2, 1])[0]
        sheet.cell(row=row, column=col["level"], value=f"{level.value} / {LEVEL_WORDS[level]}")
        if level is TieLevel.NONE:
            continue
        often = rng.choice(list(Frequency))
        sheet.cell(row=row, column=col["frequency"], value=f"{often.value} / {FREQUENCY_WORDS[often]}")
        for item in SCORE_ITEMS:
            sheet.cell(row=row, column=col[item], value=rng.choices([1, 2, 3, 4], weights=[1, 2, 4, 3])[0])
        for resource in rng.sample(list(Resource), rng.randint(0, 2)):
            sheet.cell(row=row, column=col[f"resource:{resource.value}"], value="x")
    info = book["Vastaja"]
    info["B5"] = "integratsioonikoordinaator (näide / example)"
    info["B6"] = MADE_UP
    book.save(path)


def main() -> int:
    wave = yaml.safe_load((EXAMPLE / "wave.yaml").read_text(encoding="utf-8"))
    out = EXAMPLE / "filled"
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/example.db") as store:
        store.load(bundled_dataset())
        made = new_wave(store, wave)
        blank = write_forms(store, made.id, Path(tmp) / "forms")
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        rng = random.Random(2025)
        for path, respondent in zip(blank, made.respondents, strict=True):
            if respondent == SILENT:
                continue
            fill(path, rng)
            shutil.copy(path, out / path.name)
    print(f"wrote {len(list(out.glob('*.xlsx')))} filled forms into {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
