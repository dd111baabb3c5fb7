"""Survey forms as XLSX files: one per respondent out, answers back in.

:func:`write_forms` writes one workbook per respondent of a wave: a sheet of instructions
in Estonian and English (``Juhend``), the respondent's sheet (``Vastaja``: the wave, the
organisation, its position and the outcomes to fill in) and the partners' sheet
(``Partnerid``: one row per partner, pre-filled, with drop-down lists for the level and
frequency, whole numbers 1..4 for the trust and value items and an ``x`` per resource).
Only the answer cells are unlocked.

:func:`import_forms` reads filled forms back. Every file is checked before anything is
written: a file that is not a form, a form of another wave, the same file or respondent
twice, a formula, a level that is not on the list, an item out of range, a control
character in a text... every problem of every file is listed with its sheet, row and
column, and then nothing is written. When all are good, each file is written as its
respondent's next revision, one transaction per file
(:func:`partnermap.surveys.waves.submit_response`'s rules).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from partnermap.errors import DatasetError, InputError, PartnermapError, Problem
from partnermap.lang import TERMS
from partnermap.model import (
    SCORE_ITEMS,
    SCORE_MAX,
    SCORE_MIN,
    Frequency,
    Resource,
    SurveyResponse,
    SurveyWave,
    TieLevel,
)
from partnermap.store.base import Store
from partnermap.surveys.waves import prepare_response, wave_of, wave_partners, write_response

__all__ = ["FORM_SHEETS", "form_name", "import_forms", "write_forms"]

HELP, RESPONDENT, PARTNERS = "Juhend", "Vastaja", "Partnerid"
FORM_SHEETS = (HELP, RESPONDENT, PARTNERS)

#: The Estonian words of each level and frequency on the form (:data:`partnermap.lang.TERMS`).
LEVEL_WORDS = {level: TERMS["tie_level"][level.value]["et"] for level in TieLevel}
FREQUENCY_WORDS = {frequency: TERMS["frequency"][frequency.value]["et"] for frequency in Frequency}
ITEM_WORDS = {
    "reliability": ("Usaldus: usaldusväärsus", "Trust: reliability"),
    "mission": ("Usaldus: ühise eesmärgi toetamine", "Trust: support of the shared mission"),
    "openness": ("Usaldus: avatus aruteluks", "Trust: openness to discussion"),
    "power": ("Väärtus: mõjukus", "Value: power and influence"),
    "involvement": ("Väärtus: kaasatus", "Value: level of involvement"),
    "contribution": ("Väärtus: ressursside panus", "Value: resource contribution"),
}
RESOURCE_WORDS = {resource: TERMS["resource"][resource.value]["et"] for resource in Resource}
#: The partners' sheet, column by column: the code in row 1 (what the import reads).
COLUMNS = (
    "partner",
    "partner_name",
    "level",
    "frequency",
    *SCORE_ITEMS,
    *(f"resource:{r.value}" for r in Resource),
)
_FIRST_ROW = 3  # row 1: codes, row 2: words, then one row per partner
#: The respondent's sheet: field -> row of its value in column B.
INFO_ROWS = {"wave": 2, "respondent": 3, "respondent_name": 4, "position": 5, "outcomes": 6}

INSTRUCTIONS_ET = [
    "Partnerluse küsitlus",
    "Iga rida lehel 'Partnerid' on üks võrgustiku liige. Vastake organisatsiooni nimel (mitte isiklikult).",
    "Koostöö tase: puudub, teadlikkus (teame teineteisest), koostöö (vahetame infot), "
    "koordineerimine (ühised plaanid ja tegevused), integratsioon (ühised ressursid ja süsteem).",
    "Usalduse ja väärtuse küsimused: 1 = üldse mitte, 2 = vähesel määral, 3 = piisavalt, 4 = väga.",
    "Ressursid: märkige 'x' iga ressursi alla, mida partner ühisesse töösse panustab.",
    "Kui koostöö tase on 'puudub', jätke rea ülejäänud lahtrid tühjaks. Tühi rida = vastamata.",
    "Lehel 'Vastaja' kirjutage oma ametikoht (mitte nimi) ja koostöö tulemused.",
    "Ärge muutke partnerite tunnuseid ega lehtede nimesid; valemid ei ole lubatud.",
]
INSTRUCTIONS_EN = [
    "Partnership survey",
    "Each row of the sheet 'Partnerid' is one member of the network. Answer for your organisation.",
    "Level of cooperation: none, awareness (we know of each other), cooperation (we exchange "
    "information), coordination (joint plans and activities), integration (shared resources, one system).",
    "Trust and value items: 1 = not at all, 2 = a small amount, 3 = a fair amount, 4 = very much.",
    "Resources: put an 'x' under each resource the partner contributes to the shared work.",
    "If the level is 'none', leave the rest of the row empty. An empty row is not answered.",
    "On the sheet 'Vastaja' write your position (not your name) and the outcomes of the cooperation.",
    "Do not change the partners' ids or the sheet names; formulas are not accepted.",
]


def _label(code: str, words: str) -> str:
    return f"{code} / {words}"


def form_name(wave: SurveyWave, respondent: str) -> str:
    """The file name of a respondent's form: ``<wave-slug>.<org-slug>.xlsx``.

    Examples
    --------
    >>> from datetime import date
    >>> w = SurveyWave(id="wave:elvl-2026", name="W", subject="network:n", start=date(2026, 3, 1),
    ...                sources=["x#y"])
    >>> form_name(w, "org:tartu-lv")
    'elvl-2026.tartu-lv.xlsx'
    """
    return f"{wave.id.split(':', 1)[1]}.{respondent.split(':', 1)[1]}.xlsx"


def _set_text(cell: Any, value: str) -> None:
    """Put text in a cell as text: never a formula, control characters shown as U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if cell.data_type == "f":  # a name beginning with "=" stays text
        cell.data_type = "s"


def write_forms(store: Store, wave_id: str, directory: str | Path) -> list[Path]:
    """Write one XLSX form per respondent of a wave into ``directory`` (created if missing).

    Returns the files written, by respondent id.
    """
    from openpyxl import Workbook  # noqa: PLC0415 - heavy; only for forms
    from openpyxl.styles import Alignment, Font, PatternFill, Protection  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    wave = wave_of(store, wave_id)
    names = {n.id: n.name for n in store.list_nodes(ids=wave.respondents)}
    out_dir = Path(directory)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PartnermapError(f"cannot create {out_dir}: {exc.strerror}") from None
    bold, open_cell = Font(bold=True), Protection(locked=False)
    fill = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
    written: list[Path] = []
    for respondent in wave.respondents:
        book = Workbook()
        help_sheet = book.active
        assert help_sheet is not None
        help_sheet.title = HELP
        for i, (et, en) in enumerate(zip(INSTRUCTIONS_ET, INSTRUCTIONS_EN, strict=True), start=1):
            help_sheet.cell(row=i, column=1, value=et).font = bold if i == 1 else Font()
            help_sheet.cell(row=i, column=2, value=en).font = bold if i == 1 else Font()
        help_sheet.column_dimensions["A"].width = help_sheet.column_dimensions["B"].width = 90
        for cells in help_sheet.iter_rows():
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

        info = book.create_sheet(RESPONDENT)
        info["A1"], info["B1"] = "Küsitlus / Survey", None
        _set_text(info["B1"], wave.name)
        labels = {
            "wave": "Küsitluslaine / Survey wave (id)",
            "respondent": "Vastaja / Respondent (id)",
            "respondent_name": "Organisatsioon / Organisation",
            "position": "Ametikoht (mitte nimi) / Position (not a name)",
            "outcomes": "Koostöö tulemused / Outcomes of the cooperation",
        }
        for key, row in INFO_ROWS.items():
            info.cell(row=row, column=1, value=labels[key]).font = bold
        _set_text(info.cell(row=INFO_ROWS["wave"], column=2), wave.id)
        _set_text(info.cell(row=INFO_ROWS["respondent"], column=2), respondent)
        _set_text(info.cell(row=INFO_ROWS["respondent_name"], column=2), names.get(respondent, respondent))
        for key in ("position", "outcomes"):
            cell = info.cell(row=INFO_ROWS[key], column=2)
            cell.protection, cell.fill = open_cell, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        info.column_dimensions["A"].width, info.column_dimensions["B"].width = 48, 80
        info.row_dimensions[INFO_ROWS["outcomes"]].height = 90
        info.protection.sheet = True

        sheet = book.create_sheet(PARTNERS)
        words = {
            "partner": "Partneri id / Partner id",
            "partner_name": "Partner",
            "level": "Koostöö tase / Level",
            "frequency": "Sagedus / Frequency",
            **{k: f"{et} / {en}" for k, (et, en) in ITEM_WORDS.items()},
            **{
                f"resource:{r.value}": f"{w} / {r.value.replace('_', ' ')}" for r, w in RESOURCE_WORDS.items()
            },
        }
        for col, code in enumerate(COLUMNS, start=1):
            sheet.cell(row=1, column=col, value=code).font = Font(color="808080", size=8)
            head = sheet.cell(row=2, column=col, value=words[code])
            head.font, head.alignment = bold, Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[2].height = 60
        partners = wave_partners(wave, respondent)
        last = _FIRST_ROW + max(len(partners), 1) - 1
        for row, partner in enumerate(partners, start=_FIRST_ROW):
            _set_text(sheet.cell(row=row, column=1), partner)
            _set_text(sheet.cell(row=row, column=2), names.get(partner, partner))
            for col in range(3, len(COLUMNS) + 1):
                cell = sheet.cell(row=row, column=col)
                cell.protection, cell.fill = open_cell, fill

        def column(code: str) -> str:
            from openpyxl.utils import get_column_letter  # noqa: PLC0415

            return get_column_letter(COLUMNS.index(code) + 1)

        def listed(options: list[str], title: str) -> DataValidation:
            rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            rule.error, rule.errorTitle, rule.showErrorMessage = (
                "Valige loendist / choose from the list",
                title,
                True,
            )
            return rule

        levels = listed([_label(k.value, w) for k, w in LEVEL_WORDS.items()], "Koostöö tase / Level")
        levels.add(f"{column('level')}{_FIRST_ROW}:{column('level')}{last}")
        often = listed([_label(k.value, w) for k, w in FREQUENCY_WORDS.items()], "Sagedus / Frequency")
        often.add(f"{column('frequency')}{_FIRST_ROW}:{column('frequency')}{last}")
        scores = DataValidation(
            type="whole",
            operator="between",
            formula1=str(SCORE_MIN),
            formula2=str(SCORE_MAX),
            allow_blank=True,
        )
        scores.error, scores.errorTitle, scores.showErrorMessage = (
            f"Täisarv {SCORE_MIN}-{SCORE_MAX} / a whole number {SCORE_MIN} to {SCORE_MAX}",
            "1-4",
            True,
        )
        scores.add(f"{column(SCORE_ITEMS[0])}{_FIRST_ROW}:{column(SCORE_ITEMS[-1])}{last}")
        marks = listed(["x"], "x")
        marks.add(f"{column('resource:' + Resource.FUNDING.value)}{_FIRST_ROW}:{column(COLUMNS[-1])}{last}")
        for rule in (levels, often, scores, marks):
            sheet.add_data_validation(rule)
        widths = {"partner": 22, "partner_name": 36, "level": 26, "frequency": 30}
        for code in COLUMNS:
            sheet.column_dimensions[column(code)].width = widths.get(code, 14)
        sheet.freeze_panes = f"C{_FIRST_ROW}"
        sheet.protection.sheet = True
        book.active = book.index(sheet)

        path = out_dir / form_name(wave, respondent)
        try:
            book.save(path)
        except OSError as exc:
            raise PartnermapError(f"cannot write {path}: {exc.strerror}") from None
        written.append(path)
    return written


# ------------------------------------------------------------------------- reading


@dataclass
class _Form:
    """What one file says, where each answer came from, and what is wrong with it."""

    file: str
    respondent: str | None = None
    wave: str | None = None
    answers: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # the row of each answer
    position: str | None = None
    outcomes: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, message: str, sheet: str | None = None, row: int | None = None, col: str | None = None
    ) -> None:
        where = ""
        if sheet is not None:
            where = f"sheet {sheet!r}"
            if row is not None:
                where += f", row {row}"
            if col is not None:
                where += f", column {col}"
        self.problems.append(Problem(message, file=self.file, path=where))


def _column_letter(code: str) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    return f"{get_column_letter(COLUMNS.index(code) + 1)} ({code})"


def _choice(value: Any, words: dict[Any, str]) -> Any:
    """The enum member a cell names: by its code, its Estonian words or the form's label."""
    text = str(value).strip()
    key = text.split(" / ", 1)[0].strip().lower()
    for member, et in words.items():
        if key in (member.value, et.lower()) or text.lower() == et.lower():
            return member
    return None


def _score(value: Any) -> int | str | None:
    """A score cell as an int, None if empty, or the message of what is wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float
    if isinstance(value, bool):
        return f"{value!r} is not a whole number"
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            return f"{str(value)[:40]!r} is not a whole number {SCORE_MIN} to {SCORE_MAX}"
    if not number.is_integer():
        return f"{value!r} is not a whole number {SCORE_MIN} to {SCORE_MAX}"
    if not SCORE_MIN <= number <= SCORE_MAX:
        return f"{int(number)} is out of range: answer {SCORE_MIN} to {SCORE_MAX}"
    return int(number)


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _read_form(path: Path) -> _Form:
    import openpyxl  # noqa: PLC0415 - heavy; only for forms

    form = _Form(file=str(path))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        form.problem(f"cannot read it as an XLSX workbook ({type(exc).__name__}): is it a survey form?")
        return form
    try:
        missing = [s for s in (RESPONDENT, PARTNERS) if s not in book.sheetnames]
        if missing:
            sheets = ", ".join(book.sheetnames)
            form.problem(f"not a survey form: no sheet {', '.join(map(repr, missing))} (sheets: {sheets})")
            return form
        info = {
            row: values
            for row, values in enumerate(
                book[RESPONDENT].iter_rows(max_row=8, max_col=2, values_only=True), start=1
            )
        }

        def info_value(key: str) -> Any:
            row = INFO_ROWS[key]
            value = info.get(row, (None, None))[1] if len(info.get(row, ())) > 1 else None
            if _is_formula(value):
                form.problem("a formula: type the value itself", RESPONDENT, row, "B")
                return None
            return value

        wave, respondent = info_value("wave"), info_value("respondent")
        form.wave = str(wave).strip() if wave is not None else None
        form.respondent = str(respondent).strip() if respondent is not None else None
        for key in ("position", "outcomes"):
            value = info_value(key)
            text = None if value is None else str(value).strip() or None
            setattr(form, key, text)
        rows = list(book[PARTNERS].iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
    if tuple(header[: len(COLUMNS)]) != COLUMNS:
        form.problem("the partners' sheet does not have the form's columns (row 1 changed?)", PARTNERS, 1)
        return form
    for number, values in enumerate(rows[_FIRST_ROW - 1 :], start=_FIRST_ROW):
        _read_row(form, number, dict(zip(COLUMNS, values, strict=False)))
    return form


def _read_row(form: _Form, number: int, cells: dict[str, Any]) -> None:
    answers = {k: v for k, v in cells.items() if k not in ("partner", "partner_name")}
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in answers.values()):
        return  # not answered
    bad = False
    for code, value in cells.items():
        if _is_formula(value):
            form.problem("a formula: type the value itself", PARTNERS, number, _column_letter(code))
            bad = True
    if bad:
        return
    answer: dict[str, Any] = {
        "partner": "" if cells.get("partner") is None else str(cells["partner"]).strip()
    }
    level_cell = cells.get("level")
    if level_cell is None or not str(level_cell).strip():
        form.problem(
            "no level: choose one from the list (the row has other answers)",
            PARTNERS,
            number,
            _column_letter("level"),
        )
    else:
        level = _choice(level_cell, LEVEL_WORDS)
        if level is None:
            options = ", ".join(t.value for t in TieLevel)
            form.problem(
                f"{str(level_cell)[:40]!r} is not a level: choose one of {options}",
                PARTNERS,
                number,
                _column_letter("level"),
            )
        answer["level"] = level
    often = cells.get("frequency")
    if often is not None and str(often).strip():
        found = _choice(often, FREQUENCY_WORDS)
        if found is None:
            options = ", ".join(f.value for f in Frequency)
            form.problem(
                f"{str(often)[:40]!r} is not a frequency: choose one of {options}",
                PARTNERS,
                number,
                _column_letter("frequency"),
            )
        answer["frequency"] = found
    for item in SCORE_ITEMS:
        value = _score(cells.get(item))
        if isinstance(value, str):
            form.problem(value, PARTNERS, number, _column_letter(item))
        elif value is not None:
            answer[item] = value
    resources = []
    for resource in Resource:
        code = f"resource:{resource.value}"
        mark = cells.get(code)
        if mark is None or not str(mark).strip():
            continue
        if str(mark).strip().lower() != "x":
            form.problem(
                f"{str(mark)[:40]!r}: mark a resource with 'x' or leave it empty",
                PARTNERS,
                number,
                _column_letter(code),
            )
        resources.append(resource.value)
    answer["resources"] = resources
    form.answers.append(answer)
    form.rows.append(number)


_ANSWER_PATH = re.compile(r"^answers\[(\d+)\](?:\.(\w+))?")


def _placed(form: _Form, problem: Problem) -> Problem:
    """A problem :func:`prepare_response` named by field, named by sheet, row and column."""
    found = _ANSWER_PATH.match(problem.path)
    if found:
        row = form.rows[int(found[1])]
        code = found[2] if found[2] in COLUMNS else None  # a rule of the whole answer: the row
        col = _column_letter(code) if code else None
        where = f"sheet {PARTNERS!r}, row {row}" + (f", column {col}" if col else "")
        return Problem(problem.message, file=form.file, path=where)
    if problem.path in INFO_ROWS:
        return Problem(
            problem.message,
            file=form.file,
            path=f"sheet {RESPONDENT!r}, row {INFO_ROWS[problem.path]}, column B",
        )
    return Problem(problem.message, file=form.file, path=problem.path)


def import_forms(
    store: Store, wave_id: str, files: Sequence[str | Path], *, submitted_at: datetime | None = None
) -> list[SurveyResponse]:
    """Read filled forms of a wave and write each as its respondent's next revision.

    Every file is checked first (see the module's docstring); with any problem in any file
    a :class:`~partnermap.errors.DatasetError` lists them all and nothing is written.
    Otherwise each file is written in a transaction of its own, in the order given.
    """
    wave = wave_of(store, wave_id)
    problems: list[Problem] = []
    seen_bytes: dict[str, str] = {}
    seen_respondent: dict[str, str] = {}
    prepared = []
    for name in files:
        path = Path(name)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(Problem(f"cannot read the file: {exc.strerror}", file=str(path)))
            continue
        if digest in seen_bytes:
            problems.append(Problem(f"the same file as {seen_bytes[digest]}: given twice", file=str(path)))
            continue
        seen_bytes[digest] = str(path)
        form = _read_form(path)
        if form.wave is not None and form.wave != wave_id:
            form.problem(
                f"a form of another wave ({form.wave[:80]!r}), not of {wave_id!r}",
                RESPONDENT,
                INFO_ROWS["wave"],
                "B",
            )
        elif form.wave is None and not form.problems:
            form.problem("no wave id: is it a survey form?", RESPONDENT, INFO_ROWS["wave"], "B")
        if form.respondent is not None and form.respondent in seen_respondent:
            form.problem(
                f"a second form of {form.respondent!r} (the first is {seen_respondent[form.respondent]})",
                RESPONDENT,
                INFO_ROWS["respondent"],
                "B",
            )
        elif form.respondent is not None:
            seen_respondent[form.respondent] = str(path)
        if form.problems or form.respondent is None:
            problems.extend(form.problems)
            continue
        try:
            prepared.append(
                prepare_response(
                    store,
                    wave.id,
                    form.respondent,
                    form.answers,
                    position=form.position,
                    outcomes=form.outcomes,
                    channel="xlsx",
                    submitted_at=submitted_at,
                )
            )
        except InputError as exc:
            problems.extend(_placed(form, p) for p in exc.problems)
    if problems:
        raise DatasetError(problems)
    return [write_response(store, p) for p in prepared]  # one transaction per file
