"""The web survey form: each respondent of a wave answers at their own link, without an
account and without JavaScript.

==========================================  ===============================================
``GET /survey/{wave}/{token}``              the form (``?lang=en`` for English; Estonian by
                                            default), pre-filled with the latest revision
``POST /survey/{wave}/{token}``             save the answers as a new revision, through
                                            :func:`partnermap.surveys.submit_response`
                                            (``channel="web"``), and show what was stored
``/static/survey/``                         the form's stylesheet, from the package
==========================================  ===============================================

``{wave}`` is the wave's id or its slug (``wave:elvl-2026`` or ``elvl-2026``); ``{token}``
is the respondent's secret (:mod:`partnermap.surveys.tokens`): it is what authorises, and
an unknown token gets the same 404 page as an unknown wave. A closed wave gets a 403 page.

Invalid answers bring the form back with every problem next to its field and everything
the user sent kept; nothing is stored. A post must come from the form's own page: a
browser's ``Origin`` (or, without it, ``Sec-Fetch-Site``) naming another site gets a 403,
so a foreign page cannot post answers in a respondent's name. The pages load nothing but
their stylesheet (the Content-Security-Policy allows nothing else, no script at all), and
send no ``Referer`` (the token is in the address).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError

from partnermap.api.deps import get_service
from partnermap.api.survey_words import CHOICES, choice, word
from partnermap.errors import InputError, NotFoundError
from partnermap.lang import Lang, numeric_day
from partnermap.model import SCORE_ITEMS, SurveyResponse, SurveyWave, TieAnswer, check_text
from partnermap.store.base import Store
from partnermap.surveys.tokens import matching_respondent, wave_id_of, wave_slug
from partnermap.surveys.waves import revisions, submit_response, wave_partners

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["FormRow", "SurveyForm", "mount_survey_form", "parse_form"]

STATIC_DIR = Path(__file__).resolve().parent / "static" / "survey"
ASSETS = "/static/survey"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # The token is in the address: never pass it to another site. Not "no-referrer": with
    # it, browsers post the form with "Origin: null", and the origin check needs the real one.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
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


# ----------------------------------------------------------------------------- templates


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined  # noqa: PLC0415 - heavy, once

    env = Environment(
        loader=PackageLoader("partnermap.api", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(CHOICES=CHOICES, SCORE_ITEMS=SCORE_ITEMS, choice=choice, word=word)
    return env


def _page(template: str, lang: Lang, status: int = 200, **values: Any) -> HTMLResponse:
    css = f"{ASSETS}/survey.css"
    other: Lang = "en" if lang == "et" else "et"
    html = _environment().get_template(template).render(lang=lang, other=other, css=css, **values)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _when(lang: Lang, moment: datetime) -> str:
    return f"{numeric_day(lang, moment.date())} {moment.strftime('%H:%M')}"


# ----------------------------------------------------------------------------- reading


def _language(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "et"


def _visit(store: Store, wave_text: str, token: str) -> Visit | None:
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


# ----------------------------------------------------------------------------- checking


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


def _place_problems(form: SurveyForm, answers: list[TieAnswer], exc: InputError) -> None:
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


# ----------------------------------------------------------------------------- routes


def _same_origin(request: Request) -> bool:
    """Whether a post comes from this site's page (a browser says so; other clients send
    neither header and are let through: they must hold the token anyway)."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc == request.headers.get("host", "")
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


def mount_survey_form(app: Any) -> None:
    """Serve the survey form under /survey/ and its stylesheet under /static/survey/."""
    router = APIRouter(prefix="/survey", tags=["survey form"], include_in_schema=False)
    app.mount(ASSETS, StaticFiles(directory=STATIC_DIR), name="survey-assets")

    def not_found(lang: Lang) -> HTMLResponse:
        return _page(
            "survey_message.html.j2",
            lang,
            404,
            title=word(lang, "not_found_title"),
            text=word(lang, "not_found"),
        )

    def closed(lang: Lang) -> HTMLResponse:
        return _page(
            "survey_message.html.j2", lang, 403, title=word(lang, "closed_title"), text=word(lang, "closed")
        )

    def form_page(visit: Visit, form: SurveyForm, lang: Lang, status: int = 200) -> HTMLResponse:
        previous = (
            word(
                lang, "previous", revision=visit.latest.revision, when=_when(lang, visit.latest.submitted_at)
            )
            if visit.latest and not form.problem_count  # with problems, it shows what was sent
            else None
        )
        return _page(
            "survey_form.html.j2",
            lang,
            status,
            visit=visit,
            form=form,
            previous=previous,
            closes=numeric_day(lang, visit.wave.end) if visit.wave.end else word(lang, "no_end"),
            outcomes_limit=OUTCOMES_LIMIT,
            position_limit=POSITION_LIMIT,
        )

    @router.get("/{wave}/{token}")
    async def show(request: Request, wave: str, token: str) -> HTMLResponse:
        lang = _language(request)
        service = get_service(request)
        visit = await service.run(lambda store: _visit(store, wave, token))
        if visit is None:
            return not_found(lang)
        if not is_open(visit.wave):
            return closed(lang)
        return form_page(visit, blank_form(visit), lang)

    @router.post("/{wave}/{token}")
    async def send(request: Request, wave: str, token: str) -> HTMLResponse:
        lang = _language(request)
        if not _same_origin(request):
            return _page(
                "survey_message.html.j2",
                lang,
                403,
                title=word(lang, "foreign_title"),
                text=word(lang, "foreign"),
            )
        service = get_service(request)
        visit = await service.run(lambda store: _visit(store, wave, token))
        if visit is None:
            return not_found(lang)
        if not is_open(visit.wave):
            return closed(lang)
        body = parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
        form, answers = parse_form(body, visit, lang)
        if form.problem_count:
            return form_page(visit, form, lang, 422)

        def save(store: Store) -> SurveyResponse:
            return submit_response(
                store,
                visit.wave.id,
                visit.respondent,
                answers,
                position=form.position or None,
                outcomes=form.outcomes or None,
                channel="web",
            )

        try:
            saved = await service.write(save)
        except InputError as exc:
            fresh = await service.run(lambda store: _visit(store, wave, token))
            if fresh is None:
                return not_found(lang)
            if not is_open(fresh.wave):
                return closed(lang)
            _place_problems(form, answers, exc)
            return form_page(visit, form, lang, 422)
        except NotFoundError:  # the wave was deleted since the form was read
            return not_found(lang)
        return _page(
            "survey_done.html.j2",
            lang,
            visit=visit,
            saved=saved,
            when=_when(lang, saved.submitted_at),
            again=f"/survey/{wave_slug(visit.wave.id)}/{token}" + ("?lang=en" if lang == "en" else ""),
        )

    app.include_router(router)
