"""The web survey form over HTTP: the real app (httpx on its ASGI transport) over a real
SQLite file holding a simulated wave of 12 respondents.

Links and tokens, the form in both languages, answers saved as revisions (every one kept),
and hostile posts: each refused with its problem next to its field, the user's input sent
back, and the store left exactly as it was.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from anyio.from_thread import start_blocking_portal
from markupsafe import escape

from partnermap.model import SurveyResponse
from partnermap.surveys import latest_responses
from partnermap.surveys.tokens import issue_tokens, respondent_for, survey_links, token_hash
from tests.survey_web_support import (
    MARKUP_NAME,
    MEMBERS,
    NEIGHBOURS,
    OTHER_WAVE,
    WAVE,
    Survey,
    form_body,
    link,
    survey_fixture,  # noqa: F401
)
from tests.test_api_support import Api, serve, settings_for

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ME = "org:tartu-lv"


class FormClient:
    """The real app (lifespan included) behind httpx on its ASGI transport, driven
    synchronously with its event loop in a portal thread: these tests may run after the
    browser tests, whose Playwright loop holds the main thread."""

    def __init__(self, url: str) -> None:
        self._stack = contextlib.ExitStack()
        self._portal = self._stack.enter_context(start_blocking_portal())
        self._api: Api = self._stack.enter_context(
            self._portal.wrap_async_context_manager(contextlib.asynccontextmanager(serve)(settings_for(url)))
        )

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(lambda: self._api.client.get(path, **kwargs))

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(lambda: self._api.client.post(path, **kwargs))

    def close(self) -> None:
        self._stack.close()


@pytest.fixture(name="client")
def client_fixture(survey: Survey) -> Iterator[FormClient]:
    client = FormClient(survey.url)
    try:
        yield client
    finally:
        client.close()


def post(client: FormClient, path: str, body: list[tuple[str, str]], **headers: str) -> Any:
    return client.post(path, content=urlencode(body), headers={**FORM, **headers})


def dump(survey: Survey) -> str:
    with survey.store() as store:
        return store.dump().model_dump_json()


def responses(survey: Survey, respondent: str) -> list[SurveyResponse]:
    with survey.store() as store:
        found = [n for n in store.list_nodes("survey_response") if isinstance(n, SurveyResponse)]
    return sorted((r for r in found if r.respondent == respondent), key=lambda r: r.revision)


def problems(page: str) -> dict[str, str]:
    """Field id -> the problem marked next to it."""
    return {
        m[1]: html.unescape(m[2])
        for m in re.finditer(r'<span class="problem" id="([\w-]+)-problem">([^<]*)<', page)
    }


GOOD = {
    "org:rakvere-lv": {
        "level": "coordination",
        "frequency": "monthly",
        "resources": ["information", "staff"],
        "reliability": 4,
        "mission": 3,
        "openness": 4,
        "power": 2,
        "involvement": 3,
        "contribution": 2,
    },
    "org:elvl": {"level": "integration", "frequency": "weekly", "resources": ["funding"], "reliability": 4},
    "org:voru-vv": {"level": "none"},
}


# ----------------------------------------------------------------------------- tokens


def test_tokens_are_kept_only_as_hashes_and_reissuing_invalidates(survey: Survey) -> None:
    assert len(survey.tokens) == 12
    assert len(set(survey.tokens.values())) == 12
    stored = dump(survey)
    for token in survey.tokens.values():
        assert token not in stored
        assert token_hash(token) in stored
    with survey.store() as store:
        assert respondent_for(store, WAVE, survey.tokens[ME]) == ME
        assert respondent_for(store, WAVE, survey.other_tokens["org:valga-vv"]) is None  # another wave's
        assert respondent_for(store, OTHER_WAVE, survey.tokens[ME]) is None
        assert respondent_for(store, WAVE, survey.tokens[ME] + "x") is None
        assert respondent_for(store, "wave:missing", survey.tokens[ME]) is None
        again = issue_tokens(store, WAVE, [ME])
        assert list(again) == [ME]
        assert respondent_for(store, WAVE, survey.tokens[ME]) is None  # the old link is dead
        assert respondent_for(store, WAVE, again[ME]) == ME
        assert respondent_for(store, WAVE, survey.tokens["org:elvl"]) == "org:elvl"  # others untouched


def test_survey_links_make_one_link_per_respondent(survey: Survey, tmp_path: Any) -> None:
    out = tmp_path / "links.csv"
    with survey.store() as store:
        links = survey_links(store, WAVE, "https://kysitlus.example.ee/", out=out)
        assert [link.respondent for link in links] == list(MEMBERS)
        for item in links:
            token = item.url.rsplit("/", 1)[1]
            assert item.url == f"https://kysitlus.example.ee/survey/koordinaatorid-2026/{token}"
            assert respondent_for(store, WAVE, token) == item.respondent
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "respondent;name;link"
    assert "Pärnu Linnavalitsus" in text and len(text.splitlines()) == 13


# ----------------------------------------------------------------------------- the form


def test_the_form_lists_every_other_member_in_estonian_and_english(
    client: FormClient, survey: Survey
) -> None:
    page = client.get(link(WAVE, survey.tokens[ME]))
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["referrer-policy"] == "same-origin"
    text = page.text
    assert '<html lang="et">' in text and "Koostöö tase" in text and "Ametikoht, mitte sinu nimi" in text
    assert "<script" not in text
    partners = re.findall(r'name="partner-\d+" value="([^"]+)"', text)
    assert sorted(partners) == sorted(m for m in MEMBERS if m != ME)
    # a name holding markup is shown as text, never as markup
    assert str(escape(MARKUP_NAME)) in text and "<b>Kogukond</b>" not in text
    assert 'href="/static/survey/survey.css"' in text
    css = client.get("/static/survey/survey.css")
    assert css.status_code == 200 and "table" in css.text
    english = client.get(link(WAVE, survey.tokens[ME], "en"))
    assert '<html lang="en">' in english.text and "Your position, not your name" in english.text
    assert 'href="?lang=et"' in english.text and 'href="?lang=en"' in text  # the visible switch


@pytest.mark.parametrize("which", ["unknown token", "unknown wave", "other wave's token", "token as wave"])
def test_unknown_links_get_one_plain_404(client: FormClient, survey: Survey, which: str) -> None:
    path = {
        "unknown token": link(WAVE, "A" * 43),
        "unknown wave": link("wave:olematu", survey.tokens[ME]),
        "other wave's token": link(WAVE, survey.other_tokens["org:valga-vv"]),
        "token as wave": f"/survey/{survey.tokens[ME]}/{survey.tokens[ME]}",
    }[which]
    before = dump(survey)
    for response in (client.get(path), post(client, path, form_body(ME, GOOD))):
        assert response.status_code == 404
        assert "Linki ei leitud" in response.text
        for secret in (*MEMBERS, "koordinaatorid", "Traceback"):
            assert secret not in response.text
    assert dump(survey) == before


def test_a_closed_wave_says_so_and_takes_nothing(client: FormClient, survey: Survey) -> None:
    with survey.store() as store:
        store.update_node(WAVE, lambda n: n.model_copy(update={"status": "closed"}))
    before = dump(survey)
    get = client.get(link(WAVE, survey.tokens[ME], "en"))
    sent = post(client, link(WAVE, survey.tokens[ME]), form_body(ME, GOOD))
    assert get.status_code == 403 and "The survey is closed" in get.text
    assert sent.status_code == 403 and "Küsitlus on suletud" in sent.text
    assert dump(survey) == before


# ----------------------------------------------------------------------------- saving


def test_answers_are_saved_as_revisions_and_shown(client: FormClient, survey: Survey) -> None:
    path = link(WAVE, survey.tokens[ME])
    first = post(
        client, path, form_body(ME, GOOD, position="lõimumiskoordinaator", outcomes="Ühised\r\nseminarid")
    )
    assert first.status_code == 200, problems(first.text)
    assert "Aitäh! Vastused on salvestatud" in first.text and "versioon 1" in first.text
    assert "Rakvere Linnavalitsus" in first.text and "koordineerimine" in first.text
    assert "lõimumiskoordinaator" in first.text
    [one] = responses(survey, ME)
    assert (one.revision, one.channel, one.position) == (1, "web", "lõimumiskoordinaator")
    assert one.outcomes == "Ühised\nseminarid"
    got = {a.partner: a for a in one.answers}
    assert set(got) == set(GOOD)
    assert got["org:rakvere-lv"].model_dump(mode="json") == {
        "partner": "org:rakvere-lv",
        **GOOD["org:rakvere-lv"],
    }
    assert got["org:voru-vv"].level.value == "none" and got["org:voru-vv"].frequency is None

    # the form now shows the latest answers
    page = (client.get(path)).text
    assert "versioon 1" in page
    row = page.split('value="org:rakvere-lv"')[1].split("</tr>")[0]
    assert '<option value="coordination" selected>' in row and '<option value="monthly" selected>' in row
    assert 'value="staff" checked' in row and 'value="funding" checked' not in row
    assert 'value="lõimumiskoordinaator"' in page

    # a revision that changes answers: a new record, the first kept as it was
    changed = {**GOOD, "org:rakvere-lv": {"level": "cooperation", "frequency": "quarterly", "reliability": 2}}
    second = post(client, path + "?lang=en", form_body(ME, changed, position="koordinaator"))
    assert second.status_code == 200 and "revision 2" in second.text
    first_again, two = responses(survey, ME)
    assert first_again == one
    assert two.revision == 2 and {a.partner: a for a in two.answers}["org:rakvere-lv"].reliability == 2
    with survey.store() as store:
        assert latest_responses(store, WAVE)[ME].revision == 2


def test_markup_is_stored_as_text_and_escaped(client: FormClient, survey: Survey) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post(
        client, link(WAVE, survey.tokens[ME]), form_body(ME, GOOD, position=hostile, outcomes=hostile)
    )
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert str(escape(hostile)) in response.text
    [saved] = responses(survey, ME)
    assert saved.position == hostile  # kept as written: escaping is the page's job
    again = (client.get(link(WAVE, survey.tokens[ME]))).text
    assert "<script>alert" not in again and "<img src=x" not in again


HOSTILE: dict[str, tuple[dict[str, Any], dict[str, str], str]] = {
    # case: (changes to the post, the field marked -> words of its problem, a value kept in the page)
    "score out of range": (
        {"answers": {"org:elvl": {"level": "cooperation", "reliability": 7}}},
        {"reliability-10": "1, 2, 3 või 4"},
        '<option value="7" selected>',
    ),
    "score not a number": (
        {"answers": {"org:elvl": {"level": "cooperation", "power": "neli"}}},
        {"power-10": "1, 2, 3 või 4"},
        '<option value="neli" selected>',
    ),
    "unknown level": (
        {"answers": {"org:elvl": {"level": "best-friends"}}},
        {"level-10": "pakutud"},
        '<option value="best-friends" selected>',
    ),
    "unknown resource": (
        {"answers": {"org:elvl": {"level": "cooperation", "resources": ["gold"]}}},
        {"resources-10": "pakutud"},
        'value="gold" checked',
    ),
    "scores without a tie": (
        {"answers": {"org:elvl": {"level": "none", "mission": 3}}},
        {"level-10": "puudub"},
        '<option value="3" selected>',
    ),
    "scores without a level": (
        {"answers": {"org:elvl": {"mission": 3}}},
        {"level-10": "Vali koostöö tase"},
        '<option value="3" selected>',
    ),
    "partner not a member": (
        {"answers": {"org:valga-vv": {"level": "cooperation"}}},
        {"partner-11": "ei ole selle küsitluse partner"},
        'value="org:valga-vv"',
    ),
    "answering about itself": (
        {"answers": {ME: {"level": "integration", "reliability": 4}}},
        {"partner-11": "Oma organisatsiooni"},
        f'value="{ME}"',
    ),
    "unknown organisation": (
        {"answers": {"org:nobody": {"level": "cooperation"}}},
        {"partner-11": "ei ole selle küsitluse partner"},
        'value="org:nobody"',
    ),
    "right-to-left override": (
        {"position": "koordi\u202enaator"},
        {"position": "U+202E"},
        "koordi\u202enaator",
    ),
    "control character": ({"outcomes": "a\x00b"}, {"outcomes": "U+0000"}, "a\x00b"),
    "5,000 characters of position": ({"position": "ü" * 5000}, {"position": "5000"}, "ü" * 5000),
    "5,000 characters of outcomes": ({"outcomes": "õ" * 5000}, {"outcomes": "5000"}, "õ" * 5000),
    "a line break in the position": ({"position": "a\nb"}, {"position": "ühel real"}, "a\nb"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_answers_are_refused_with_the_field_named_and_nothing_stored(
    client: FormClient, survey: Survey, case: str
) -> None:
    change, marked, kept = HOSTILE[case]
    answers = {**GOOD, **change.get("answers", {})}
    body = form_body(
        ME, answers, position=change.get("position", "koordinaator"), outcomes=change.get("outcomes", "")
    )
    before = dump(survey)
    response = post(client, link(WAVE, survey.tokens[ME]), body)
    assert response.status_code == 422
    assert "Vastuseid ei salvestatud" in response.text
    found = problems(response.text)
    for field, words in marked.items():
        assert words in found.get(field, ""), (field, found)
    assert len(found) == len(marked), found
    # everything the user sent is back in the form
    assert (kept if kept.startswith(("<", "value=")) else str(escape(kept))) in response.text
    assert '<option value="coordination" selected>' in response.text  # the good rows too
    assert "<b>Kogukond</b>" not in response.text
    assert dump(survey) == before


def test_all_problems_come_at_once_in_english(client: FormClient, survey: Survey) -> None:
    answers = {
        **GOOD,
        "org:elvl": {"level": "cooperation", "reliability": 0, "openness": 5},
        "org:valga-vv": {"level": "none"},
    }
    body = form_body(ME, answers, position="x\u202e")
    response = post(client, link(WAVE, survey.tokens[ME], "en"), body)
    assert response.status_code == 422
    found = problems(response.text)
    assert set(found) == {"reliability-10", "openness-10", "partner-11", "position"}
    assert "Nothing was saved" in response.text and "(4)" in response.text
    # the summary at the top links to each field
    for anchor in ("#reliability-10", "#openness-10", "#partner-11-problem", "#position"):
        assert f'<a href="{anchor}">' in response.text


def test_a_foreign_page_cannot_post(client: FormClient, survey: Survey) -> None:
    before = dump(survey)
    path = link(WAVE, survey.tokens[ME])
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        response = post(client, path, form_body(ME, GOOD), **headers)
        assert response.status_code == 403, headers
        assert "Vormi ei saa saata" in response.text
    assert dump(survey) == before
    same = post(client, path, form_body(ME, GOOD), Origin="http://partnermap.test")
    assert same.status_code == 200


def test_twelve_respondents_answer_and_all_are_kept(client: FormClient, survey: Survey) -> None:
    members = list(MEMBERS)
    for n, respondent in enumerate(members):
        answers = {
            partner: {
                "level": ["awareness", "cooperation", "coordination", "integration"][(n + k) % 4],
                "reliability": 1 + (n + k) % 4,
                "mission": 1 + (n * k) % 4,
            }
            for k, partner in enumerate(members)
            if partner != respondent and (n + k) % 3
        }
        response = post(
            client,
            link(WAVE, survey.tokens[respondent]),
            form_body(respondent, answers, position="koordinaator"),
        )
        assert response.status_code == 200, (respondent, problems(response.text))
    with survey.store() as store:
        latest = latest_responses(store, WAVE)
    assert set(latest) == set(MEMBERS)
    assert all(r.channel == "web" and r.revision == 1 for r in latest.values())
    assert not set(NEIGHBOURS) & {a.partner for r in latest.values() for a in r.answers}
    assert json.dumps(sorted(latest))  # ids only: no names of people anywhere


def test_the_links_command_prints_or_writes_each_link_once(survey: Survey, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from partnermap.cli import app

    runner = CliRunner()
    printed = runner.invoke(
        app,
        [
            "--store",
            survey.url,
            "survey",
            "links",
            "koordinaatorid-2026",
            "--base-url",
            "http://127.0.0.1:8000",
        ],
    )
    assert printed.exit_code == 0, printed.output
    lines = printed.output.strip().splitlines()
    assert len(lines) == 12 and lines[0].startswith(
        "org:tartu-lv\tTartu Linnavalitsus\thttp://127.0.0.1:8000/survey/koordinaatorid-2026/"
    )
    out = tmp_path / "links.csv"
    written = runner.invoke(
        app, ["--store", survey.url, "survey", "links", WAVE, "--base-url", "https://x.ee", "-o", str(out)]
    )
    assert written.exit_code == 0 and "wrote 12 links" in written.output
    with survey.store() as store:  # the printed links were replaced by the written ones
        assert respondent_for(store, WAVE, lines[0].rsplit("/", 1)[1]) is None
        first = out.read_text(encoding="utf-8-sig").splitlines()[1].split(";")
        assert respondent_for(store, WAVE, first[2].rsplit("/", 1)[1]) == first[0]
    before = dump(survey)
    for args, words in (
        (["wave:olematu", "--base-url", "https://x.ee"], "no survey wave 'wave:olematu'"),
        ([WAVE, "--base-url", "x.ee"], "must start with http"),
    ):
        failed = runner.invoke(app, ["--store", survey.url, "survey", "links", *args])
        assert failed.exit_code == 1 and words in failed.output and "Traceback" not in failed.output
    assert dump(survey) == before
