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
the user sent kept; nothing is stored. What a link shows and how a post is read and
checked is the library's, :mod:`partnermap.surveys.webform` (words in
:mod:`partnermap.surveys.words`). A post must come from the form's own page: a
browser's ``Origin`` (or, without it, ``Sec-Fetch-Site``) naming another site gets a 403,
so a foreign page cannot post answers in a respondent's name. The pages load nothing but
their stylesheet (the Content-Security-Policy allows nothing else, no script at all), and
send no ``Referer`` (the token is in the address).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from partnermap.api.deps import get_service
from partnermap.api.graphiql import environment
from partnermap.errors import InputError, NotFoundError
from partnermap.lang import Lang, numeric_day
from partnermap.model import SCORE_ITEMS, SurveyResponse
from partnermap.service import GraphService
from partnermap.store.base import Store
from partnermap.surveys.tokens import wave_slug
from partnermap.surveys.waves import submit_response
from partnermap.surveys.webform import (
    OUTCOMES_LIMIT,
    POSITION_LIMIT,
    SurveyForm,
    Visit,
    blank_form,
    is_open,
    parse_form,
    place_problems,
    read_visit,
)
from partnermap.surveys.words import CHOICES, choice, word

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["mount_survey_form"]

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
# ----------------------------------------------------------------------------- templates


@cache
def _environment() -> Environment:
    env = environment(lstrip_blocks=True)
    env.globals.update(CHOICES=CHOICES, SCORE_ITEMS=SCORE_ITEMS, choice=choice, word=word)
    return env


def _page(template: str, lang: Lang, status: int = 200, **values: Any) -> HTMLResponse:
    css = f"{ASSETS}/survey.css"
    other: Lang = "en" if lang == "et" else "et"
    html = _environment().get_template(template).render(lang=lang, other=other, css=css, **values)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _when(lang: Lang, moment: datetime) -> str:
    return f"{numeric_day(lang, moment.date())} {moment.strftime('%H:%M')}"


def _language(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "et"


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

    def message(lang: Lang, status: int, key: str) -> HTMLResponse:
        """A page saying why there is no form: ``key`` names its words (and ``<key>_title``)."""
        title, text = word(lang, f"{key}_title"), word(lang, key)
        return _page("survey_message.html.j2", lang, status, title=title, text=text)

    async def open_visit(service: GraphService, wave: str, token: str, lang: Lang) -> Visit | HTMLResponse:
        """The link's visit while its wave takes answers; else the page that says why not."""
        visit = await service.run(lambda store: read_visit(store, wave, token))
        if visit is None:
            return message(lang, 404, "not_found")
        return visit if is_open(visit.wave) else message(lang, 403, "closed")

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
        visit = await open_visit(get_service(request), wave, token, lang)
        return visit if isinstance(visit, HTMLResponse) else form_page(visit, blank_form(visit), lang)

    @router.post("/{wave}/{token}")
    async def send(request: Request, wave: str, token: str) -> HTMLResponse:
        lang = _language(request)
        if not _same_origin(request):
            return message(lang, 403, "foreign")
        service = get_service(request)
        visit = await open_visit(service, wave, token, lang)
        if isinstance(visit, HTMLResponse):
            return visit
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
            fresh = await open_visit(service, wave, token, lang)  # closed or deleted meanwhile?
            if isinstance(fresh, HTMLResponse):
                return fresh
            place_problems(form, answers, exc)
            return form_page(visit, form, lang, 422)
        except NotFoundError:  # the wave was deleted since the form was read
            return message(lang, 404, "not_found")
        return _page(
            "survey_done.html.j2",
            lang,
            visit=visit,
            saved=saved,
            when=_when(lang, saved.submitted_at),
            again=f"/survey/{wave_slug(visit.wave.id)}/{token}" + ("?lang=en" if lang == "en" else ""),
        )

    app.include_router(router)
