"""The web survey form's content without HTTP (:mod:`partnermap.surveys.webform`): what a
link shows and how a post is read and checked, over a real SQLite file holding a simulated
wave. The same rules over HTTP are tests/test_survey_form.py's.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.errors import InputError, Problem
from partnermap.lang import TERMS, Lang
from partnermap.model import Frequency, Resource, TieLevel
from partnermap.surveys import submit_response
from partnermap.surveys.webform import (
    OUTCOMES_LIMIT,
    Visit,
    blank_form,
    is_open,
    parse_form,
    place_problems,
    read_visit,
)
from partnermap.surveys.words import CHOICES, WORDS, choice, word
from tests.survey_web_support import (
    MEMBERS,
    NEIGHBOURS,
    OTHER_WAVE,
    WAVE,
    Survey,
    form_body,
    survey_fixture,  # noqa: F401
)

ME = "org:tartu-lv"
PARTNER = "org:rakvere-lv"


def visit_of(survey: Survey, token: str | None = None, wave: str = WAVE) -> Visit | None:
    with survey.store() as store:
        return read_visit(store, wave, token if token is not None else survey.tokens[ME])


def test_a_link_names_its_wave_respondent_and_partners(survey: Survey) -> None:
    visit = visit_of(survey)
    assert visit is not None
    assert (visit.wave.id, visit.respondent, visit.latest) == (WAVE, ME, None)
    assert visit.partners == [m for m in MEMBERS if m != ME]  # the wave's other respondents, in order
    assert visit.names[PARTNER] == "Rakvere Linnavalitsus"
    # the slug names the wave too; an unknown token, another wave's token, an unknown wave: None
    assert visit_of(survey, wave=WAVE.removeprefix("wave:")) == visit
    assert visit_of(survey, token="not-a-token") is None
    assert visit_of(survey, token=survey.other_tokens[next(iter(NEIGHBOURS))]) is None
    assert visit_of(survey, wave="wave:no-such-wave") is None
    assert visit_of(survey, token=survey.other_tokens[next(iter(NEIGHBOURS))], wave=OTHER_WAVE) is not None


def test_a_wave_is_open_until_it_is_closed_or_ends(survey: Survey) -> None:
    visit = visit_of(survey)
    assert visit is not None
    wave = visit.wave
    assert is_open(wave, date(2026, 6, 1))
    assert not is_open(wave.model_copy(update={"status": "closed"}), date(2026, 6, 1))
    ended = wave.model_copy(update={"end": date(2026, 3, 31)})
    assert is_open(ended, date(2026, 3, 31))
    assert not is_open(ended, date(2026, 4, 1))


def test_the_blank_form_holds_the_latest_revision(survey: Survey) -> None:
    visit = visit_of(survey)
    assert visit is not None
    form = blank_form(visit)
    assert [r.partner for r in form.rows] == visit.partners
    assert all(r.empty for r in form.rows) and (form.position, form.outcomes) == ("", "")
    body = form_body(
        ME,
        {
            PARTNER: {
                "level": "coordination",
                "frequency": "monthly",
                "reliability": 4,
                "resources": ["staff"],
            }
        },
        position="koordinaator",
    )
    _, answers = parse_form(body, visit, "et")
    with survey.store() as store:
        submit_response(store, WAVE, ME, answers, position="koordinaator", channel="web")
    again = visit_of(survey)
    assert again is not None and again.latest is not None and again.latest.revision == 1
    filled = blank_form(again)
    row = next(r for r in filled.rows if r.partner == PARTNER)
    assert (row.level, row.frequency, row.resources, row.scores) == (
        "coordination",
        "monthly",
        ["staff"],
        {"reliability": "4"},
    )
    assert filled.position == "koordinaator"


def test_a_good_post_gives_its_answers_and_no_problem(survey: Survey) -> None:
    visit = visit_of(survey)
    assert visit is not None
    body = form_body(
        ME,
        {PARTNER: {"level": "integration", "power": 3}, "org:elvl": {"level": "none"}},
        outcomes="Ühised infopäevad\r\nja seminarid",
    )
    form, answers = parse_form(body, visit, "en")
    assert form.problem_count == 0
    assert [(a.partner, a.level.value, a.power) for a in answers] == [
        (PARTNER, "integration", 3),
        ("org:elvl", "none", None),
    ]
    assert form.outcomes == "Ühised infopäevad\nja seminarid"  # CRLF stored as a plain line break
    assert len(form.rows) == len(MEMBERS) - 1  # empty rows are kept, as no answer


@pytest.mark.parametrize("lang", ["et", "en"])
def test_every_problem_is_marked_on_its_field_in_the_form_language(survey: Survey, lang: Lang) -> None:
    visit = visit_of(survey)
    assert visit is not None
    stranger = next(iter(NEIGHBOURS))
    body = form_body(
        ME,
        {
            PARTNER: {"frequency": "weekly"},  # no level
            "org:elvl": {"level": "none", "mission": 2},  # scores on a "none" tie
            "org:voru-vv": {"level": "awareness", "openness": 7, "resources": ["gold"]},
            stranger: {"level": "awareness"},
        },
        position="line one\nline two",
        outcomes="x" * (OUTCOMES_LIMIT + 1),
    )
    body.append(("partner-99", ME))
    body.append(("level-99", "awareness"))
    form, answers = parse_form(body, visit, lang)
    assert answers == []
    errors = {r.partner: r.errors for r in form.rows if r.errors}
    assert errors[PARTNER] == {"level": word(lang, "err_choose_level")}
    assert errors["org:elvl"] == {"level": word(lang, "err_none_level")}
    assert errors["org:voru-vv"] == {
        "resources": word(lang, "err_choice"),
        "openness": word(lang, "err_score"),
    }
    assert errors[stranger] == {"partner": word(lang, "err_stranger")}
    assert errors[ME] == {"partner": word(lang, "err_self")}
    assert form.errors == {
        "position": word(lang, "err_newline"),
        "outcomes": word(lang, "err_too_long", length=OUTCOMES_LIMIT + 1, limit=OUTCOMES_LIMIT),
    }
    assert form.problem_count == 8


def test_what_the_library_refuses_is_placed_next_to_its_field(survey: Survey) -> None:
    visit = visit_of(survey)
    assert visit is not None
    body = form_body(ME, {PARTNER: {"level": "awareness"}, "org:elvl": {"level": "cooperation"}})
    form, answers = parse_form(body, visit, "et")
    refused = InputError(
        "invalid answers",
        [
            Problem("too late for this partner", path="answers[1].level"),
            Problem("too long", path="position"),
            Problem("the wave changed", path="wave"),
        ],
    )
    place_problems(form, answers, refused)
    answered = [r for r in form.rows if not r.empty]
    assert answered[1].errors == {"level": "too late for this partner"}
    assert form.errors == {"position": "too long"}
    assert form.general == ["wave: the wave changed"]
    place_problems(form, answers, InputError("the store refused"))
    assert form.general[-1] == "the store refused"


def test_the_words_of_the_values_offered_are_the_shared_ones() -> None:
    assert set(CHOICES["level"]) == {v.value for v in TieLevel}
    assert set(CHOICES["frequency"]) == {v.value for v in Frequency}
    assert set(CHOICES["resources"]) == {v.value for v in Resource}
    assert CHOICES["level"] is TERMS["tie_level"]
    assert choice("et", "level", "integration") == "integratsioon"
    assert all(set(texts) == {"et", "en"} for texts in WORDS.values())
