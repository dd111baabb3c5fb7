"""The web survey form's content: what a respondent's link shows, and what a post of the
form says, checked field by field (the HTTP face is :mod:`partnermap.api.survey_form`).

:func:`read_visit` finds a link's wave and respondent (None for an unknown wave or token),
:func:`blank_form` fills the form with the latest revision, :func:`parse_form` reads a
post into the form as sent, every problem in the form's words next to its field
(:mod:`partnermap.surveys.words`), and the answers it gives; :func:`place_problems` puts
what :func:`~partnermap.surveys.waves.submit_response` refused next to the fields it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from partnermap.errors import InputError
from partnermap.lang import Lang
from partnermap.model import SCORE_ITEMS, SurveyResponse, SurveyWave, TieAnswer, check_text
from partnermap.store.base import Store
from partnermap.surveys.tokens import matching_respondent, wave_id_of
from partnermap.surveys.waves import revisions, wave_partners
from partnermap.surveys.words import CHOICES, word

__all__ = [
    "OUTCOMES_LIMIT",
    "POSITION_LIMIT",
    "FormRow",
    "SurveyForm",
    "Visit",
    "blank_form",
    "is_open",
    "parse_form",
    "place_problems",
    "read_visit",
]

#: The longest position (one line, as the model's :data:`~partnermap.model.Line`).
POSITION_LIMIT = 300
#: The longest outcomes text the form takes.
OUTCOMES_LIMIT = 4000
#: At most this many partner rows in one post (a hand-made post cannot make us parse more).
MAX_ROWS = 500
ROW_FIELDS = ("level", "frequency", *SCORE_ITEMS)
_INDEXED = re.compile(r"^(partner|level|frequency|resources|" + "|".join(SCORE_ITEMS) + r")-(\d{1,4})$")
_ANSWER_PATH = re.compile(r"^answers\[(\d+)\](?:\.(\w+))?")


@dataclass
class FormRow:
    """One partner's row of the form: what it shows or what was sent, and its problems."""

    partner: str
    name: str
    level: str = ""
    frequency: str = ""
    resources: list[str] = field(default_factory=list)
    scores: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Nothing chosen in the row: no answer about this partner."""
        return not (self.level or self.frequency or self.resources or any(self.scores.values()))


@dataclass
class SurveyForm:
    """The form's state: the rows, the respondent's texts, and every problem."""

    rows: list[FormRow]
    position: str = ""
    outcomes: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return len(self.errors) + len(self.general) + sum(len(r.errors) for r in self.rows)


@dataclass(frozen=True)
class Visit:
    """A valid link's wave, respondent, the names of the organisations, the latest revision."""

    wave: SurveyWave
    respondent: str
    partners: list[str]
    names: dict[str, str]
    subject_name: str
    latest: SurveyResponse | None


def read_visit(store: Store, wave_text: str, token: str) -> Visit | None:
    """The link's wave and respondent; None for an unknown wave or token."""
    node = store.get_node(wave_id_of(wave_text))
    if not isinstance(node, SurveyWave):
        return None
    respondent = matching_respondent(node.token_hashes, token)
    if respondent is None:
        return None
    partners = wave_partners(node, respondent)
    ids = [respondent, node.subject, *partners]
    names = {n.id: n.name for n in store.list_nodes(ids=ids)}
    earlier = revisions(store, node.id, respondent)
    latest = earlier[-1] if earlier else None
    return Visit(node, respondent, partners, names, names.get(node.subject, node.subject), latest)


def is_open(wave: SurveyWave, today: date | None = None) -> bool:
    """Whether a wave takes answers: open, and not past its end."""
    today = today or date.today()
    return wave.status == "open" and (wave.end is None or today <= wave.end)


def blank_form(visit: Visit) -> SurveyForm:
    """The form of a visit: one row per partner, filled with the latest revision if any."""
    given: dict[str, TieAnswer] = {a.partner: a for a in visit.latest.answers} if visit.latest else {}
    rows = []
    for partner in visit.partners:
        row = FormRow(partner, visit.names.get(partner, partner))
        answer = given.get(partner)
        if answer is not None:
            row.level = answer.level.value
            row.frequency = answer.frequency.value if answer.frequency else ""
            row.resources = [r.value for r in answer.resources]
            row.scores = {k: str(v) for k in SCORE_ITEMS if (v := getattr(answer, k)) is not None}
        rows.append(row)
    latest = visit.latest
    return SurveyForm(
        rows,
        position=(latest.position or "") if latest else "",
        outcomes=(latest.outcomes or "") if latest else "",
    )


def _text_problem(lang: Lang, value: str, *, multiline: bool, limit: int) -> str | None:
    """What is wrong with a text, in the form's words (the model's rule: check_text)."""
    if not multiline and ("\n" in value or "\r" in value):
        return word(lang, "err_newline")
    try:
        check_text(value, "text", multiline=multiline, max_length=limit)
    except ValueError as exc:
        message = str(exc)
        char = re.search(r"U\+[0-9A-F]{4}", message)
        at = re.search(r"position (\d+)", message)
        if "bidirectional" in message and char and at:
            return word(lang, "err_bidi", char=char[0], at=at[1])
        if "control character" in message and char and at:
            return word(lang, "err_control", char=char[0], at=at[1])
        return word(lang, "err_too_long", length=len(value), limit=limit)
    return None


def parse_form(
    body: Sequence[tuple[str, str]], visit: Visit, lang: Lang
) -> tuple[SurveyForm, list[TieAnswer]]:
    """The form as sent, every problem marked on its field, and the answers it gives.

    Rows are those the post names (``partner-N`` and its fields), so a hand-made post
    about a stranger or the respondent itself is refused by name, not silently dropped.
    An empty row is no answer about that partner.
    """
    fields: dict[int, dict[str, list[str]]] = {}
    position = outcomes = ""
    for key, value in body:
        if key == "position":
            position = value
        elif key == "outcomes":
            outcomes = value
        elif match := _INDEXED.match(key):
            fields.setdefault(int(match[2]), {}).setdefault(match[1], []).append(value)
    # browsers send a textarea's line breaks as CRLF: stored as plain line breaks
    outcomes = outcomes.replace("\r\n", "\n")
    form = SurveyForm([], position=position.strip(), outcomes=outcomes.strip())
    if len(fields) > MAX_ROWS:
        form.general.append(word(lang, "err_too_many"))
        fields = dict(sorted(fields.items())[:MAX_ROWS])
    members = set(visit.partners)
    seen: set[str] = set()
    answers: list[TieAnswer] = []
    for index in sorted(fields):
        got = fields[index]
        partner = (got.get("partner") or [""])[0]
        row = FormRow(
            partner,
            visit.names.get(partner, partner),
            level=(got.get("level") or [""])[0],
            frequency=(got.get("frequency") or [""])[0],
            resources=[r for r in got.get("resources", []) if r],
            scores={k: (got.get(k) or [""])[0] for k in SCORE_ITEMS},
        )
        form.rows.append(row)
        if partner == visit.respondent:
            row.errors["partner"] = word(lang, "err_self")
        elif partner not in members:
            row.errors["partner"] = word(lang, "err_stranger")
        elif partner in seen:
            row.errors["partner"] = word(lang, "err_twice")
        seen.add(partner)
        if row.empty:
            continue
        _check_row(row, lang)
        if not row.errors:
            try:
                answer = TieAnswer(
                    partner=partner,
                    level=row.level,
                    frequency=row.frequency or None,
                    resources=row.resources,
                    **{k: int(v) for k, v in row.scores.items() if v},
                )
            except ValidationError as exc:  # a rule of the model's the checks above do not know
                row.errors["partner"] = "; ".join(e["msg"] for e in exc.errors())
            else:
                answers.append(answer)
    if problem := _text_problem(lang, form.position, multiline=False, limit=POSITION_LIMIT):
        form.errors["position"] = problem
    if problem := _text_problem(lang, form.outcomes, multiline=True, limit=OUTCOMES_LIMIT):
        form.errors["outcomes"] = problem
    return form, answers


def _check_row(row: FormRow, lang: Lang) -> None:
    """Mark each field of a row that is not one of the values offered."""
    if not row.level:
        row.errors["level"] = word(lang, "err_choose_level")
    elif row.level not in CHOICES["level"]:
        row.errors["level"] = word(lang, "err_choice")
    if row.frequency and row.frequency not in CHOICES["frequency"]:
        row.errors["frequency"] = word(lang, "err_choice")
    if any(r not in CHOICES["resources"] for r in row.resources) or len(set(row.resources)) != len(
        row.resources
    ):
        row.errors["resources"] = word(lang, "err_choice")
    for item, value in row.scores.items():
        if value and value not in ("1", "2", "3", "4"):
            row.errors[item] = word(lang, "err_score")
    if row.level == "none" and (row.frequency or row.resources or any(row.scores.values())):
        row.errors["level"] = word(lang, "err_none_level")


def place_problems(form: SurveyForm, answers: list[TieAnswer], exc: InputError) -> None:
    """Put what :func:`submit_response` refused next to the fields it names."""
    answered = [r for r in form.rows if not r.empty]
    problems = exc.problems or []
    if not problems:
        form.general.append(str(exc))
    for problem in problems:
        match = _ANSWER_PATH.match(problem.path)
        if match and int(match[1]) < len(answers):
            row = answered[int(match[1])]
            name = match[2] if match[2] in (*ROW_FIELDS, "resources") else "partner"
            row.errors.setdefault(name, problem.message)
        elif problem.path in ("position", "outcomes"):
            form.errors.setdefault(problem.path, problem.message)
        else:
            form.general.append(str(problem))
