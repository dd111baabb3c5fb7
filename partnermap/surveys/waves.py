"""Survey waves and responses in a store: create a wave, submit answers, read them back.

Every writer of survey answers (the XLSX import, the web form, a script) calls
:func:`submit_response`: it checks everything (the wave is open, the respondent is asked,
every partner is a member asked in the wave, every answer is in range; all problems at
once, each named by its field) and writes the response's new revision and the wave's
``survey_tie`` relations in one store transaction (:meth:`Store.load`). Revisions are
never overwritten: each submission is a new ``response:<wave>.<org>.<revision>`` node.

Examples
--------
>>> from datetime import date, datetime, timezone
>>> from partnermap.model import Network, Organisation, Relation, SurveyWave
>>> from partnermap.store import open_store
>>> store = open_store("sqlite:///:memory:")
>>> src = ["example#made up"]
>>> orgs = [Organisation(id=f"org:{s}", name=s.upper(), org_kind="ngo", sector="non_profit",
...                      sources=src) for s in ("a", "b", "c")]
>>> net = Network(id="network:n", name="N", sources=src)
>>> members = [Relation(kind="member_of", source=o.id, target=net.id, sources=src) for o in orgs]
>>> _ = store.load(Dataset(nodes=[*orgs, net], relations=members))
>>> wave = create_wave(store, SurveyWave(id="wave:n-2026", name="N 2026", subject="network:n",
...                                      start=date(2026, 3, 1), sources=src))
>>> wave.respondents  # every member on the day the wave opens, when none are named
['org:a', 'org:b', 'org:c']
>>> at = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
>>> r = submit_response(store, "wave:n-2026", "org:a",
...                     [{"partner": "org:b", "level": "coordination", "reliability": 4}],
...                     channel="web", submitted_at=at)
>>> r.id, r.revision, r.sources[0].document, r.sources[0].section
('response:n-2026.a.1', 1, 'survey:wave:n-2026', 'org:a')
>>> submit_response(store, "wave:n-2026", "org:a", [{"partner": "org:a", "level": "none"},
...                 {"partner": "org:b", "level": "cooperation", "power": 5}], submitted_at=at)
Traceback (most recent call last):
...
partnermap.errors.InputError: 2 problems in the answers of 'org:a' to 'wave:n-2026':
  answers[0].partner: 'org:a' answers about itself
  answers[1].power: Input should be less than or equal to 4
>>> store.close()
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import ValidationError

from partnermap.errors import InputError, NotFoundError, Problem
from partnermap.io.dataset import validation_problems
from partnermap.model import (
    Dataset,
    NodeKind,
    Relation,
    RelationKind,
    SurveyResponse,
    SurveyWave,
    TieAnswer,
    check_node_id,
    response_id,
    survey_source,
)
from partnermap.store.base import Store

__all__ = [
    "create_wave",
    "latest_responses",
    "members_of",
    "new_wave",
    "prepare_response",
    "revisions",
    "submit_response",
    "tie_id",
    "wave_of",
    "wave_partners",
    "write_response",
]

Channel = Literal["xlsx", "web"]


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fail(head: str, problems: list[Problem]) -> InputError:
    n = len(problems)
    lines = "\n".join(f"  {p}" for p in problems)
    return InputError(f"{n} problem{'s' if n != 1 else ''} {head}:\n{lines}", problems)


def members_of(store: Store, subject: str, day: date) -> list[str]:
    """The organisations that are members of a network (``member_of``) or partners in a
    project (``partner_in``) on ``day``, by id."""
    kind = RelationKind.MEMBER_OF if check_node_id(subject) is NodeKind.NETWORK else RelationKind.PARTNER_IN
    rels = store.list_relations(kind, target=subject, as_of=day)
    return sorted({r.source for r in rels})


def wave_of(store: Store, wave_id: str) -> SurveyWave:
    """The survey wave ``wave_id``; NotFoundError if there is none, InputError for another kind."""
    check_node_id(wave_id, NodeKind.SURVEY_WAVE)
    wave = store.get_node(wave_id)
    if not isinstance(wave, SurveyWave):
        raise NotFoundError(f"no survey wave {wave_id!r}")
    return wave


def create_wave(store: Store, wave: SurveyWave) -> SurveyWave:
    """Write a new survey wave, checked against the store; the wave as written.

    Its subject must be a network or project of the store, each respondent one of its
    members on the day the wave opens (no respondents named: every such member is asked),
    and a ``previous`` wave one of the same subject that opened earlier. Every problem is
    reported at once (InputError); an id that exists already is refused.
    """
    problems: list[Problem] = []
    subject = store.get_node(wave.subject)
    if subject is None or subject.kind not in (NodeKind.NETWORK.value, NodeKind.PROJECT.value):
        problems.append(Problem(f"no network or project {wave.subject!r} in the store", path="subject"))
        members: list[str] = []
    else:
        members = members_of(store, wave.subject, wave.start)
    respondents = list(wave.respondents) or members
    if subject is not None and not respondents:
        problems.append(
            Problem(f"{wave.subject!r} has no members on {wave.start.isoformat()} to ask", path="respondents")
        )
    for i, who in enumerate(wave.respondents):
        if who not in members and subject is not None:
            problems.append(
                Problem(
                    f"{who!r} is not a member of {wave.subject!r} on {wave.start.isoformat()}",
                    path=f"respondents[{i}]",
                )
            )
    if wave.previous is not None:
        before = store.get_node(wave.previous)
        if not isinstance(before, SurveyWave):
            problems.append(Problem(f"no survey wave {wave.previous!r}", path="previous"))
        elif before.subject != wave.subject:
            problems.append(
                Problem(
                    f"{wave.previous!r} surveyed {before.subject!r}, not {wave.subject!r}: "
                    "only waves of one subject compare",
                    path="previous",
                )
            )
        elif before.start >= wave.start:
            problems.append(Problem(f"{wave.previous!r} does not open before this wave", path="previous"))
    if problems:
        raise _fail(f"in survey wave {wave.id!r}", problems)
    made = wave.model_copy(update={"respondents": respondents})
    made = SurveyWave.model_validate(made.model_dump())
    if not store.create_node(made):
        raise InputError(f"a node with id {wave.id!r} exists already")
    return made


def new_wave(store: Store, data: Mapping[str, Any]) -> SurveyWave:
    """Create a wave from plain data (command-line options or a YAML file's mapping).

    ``data`` holds :class:`SurveyWave`'s fields; ``name`` defaults to the id's slug and
    ``sources`` to ``survey:WAVE#wave``. The fields' problems (InputError, each by its
    field) come before the store's (:func:`create_wave`).
    """
    fields = {k: v for k, v in data.items() if v not in (None, [], ())}
    wave_id = str(fields.get("id", ""))
    if wave_id:
        fields.setdefault("name", wave_id.split(":", 1)[-1])
        fields.setdefault("sources", [f"survey:{wave_id}#wave"])
    try:
        wave = SurveyWave.model_validate(fields)
    except ValidationError as exc:
        found = [Problem(msg, path=_path(loc)) for loc, msg in validation_problems(exc)]
        raise _fail(f"in survey wave {wave_id or '(no id)'!r}", found) from None
    return create_wave(store, wave)


def revisions(store: Store, wave_id: str, respondent: str | None = None) -> list[SurveyResponse]:
    """Every revision of the responses to a wave (one respondent's, if given), by respondent
    and revision."""
    where: dict[str, str] = {"wave": wave_id}
    if respondent is not None:
        where["respondent"] = respondent
    found = [
        n for n in store.list_nodes(NodeKind.SURVEY_RESPONSE, where=where) if isinstance(n, SurveyResponse)
    ]
    return sorted(found, key=lambda r: (r.respondent, r.revision))


def latest_responses(store: Store, wave_id: str) -> dict[str, SurveyResponse]:
    """Each respondent's latest revision in a wave: respondent id -> response."""
    wave_of(store, wave_id)
    return {r.respondent: r for r in revisions(store, wave_id)}  # sorted: the last revision wins


def wave_partners(wave: SurveyWave, respondent: str) -> list[str]:
    """The organisations a respondent is asked about: the wave's other respondents."""
    return [r for r in wave.respondents if r != respondent]


def tie_id(wave_id: str, respondent: str, partner: str) -> str:
    """The id of the ``survey_tie`` a respondent reported about a partner in a wave.

    Examples
    --------
    >>> tie_id("wave:n-2026", "org:a", "org:b")
    'org:a>survey_tie>org:b@wave:n-2026'
    """
    return f"{respondent}>{RelationKind.SURVEY_TIE.value}>{partner}@{wave_id}"


def _answers(
    raw: Iterable[TieAnswer | Mapping[str, Any]], problems: list[Problem]
) -> list[tuple[int, TieAnswer]]:
    """The valid answers with their places in ``raw``; the others' problems added to ``problems``."""
    out: list[tuple[int, TieAnswer]] = []
    for i, item in enumerate(raw):
        try:
            out.append((i, item if isinstance(item, TieAnswer) else TieAnswer.model_validate(item)))
        except ValidationError as exc:
            problems.extend(
                Problem(msg, path=_path(loc)) for loc, msg in validation_problems(exc, ("answers", i))
            )
    return out


def _order(problem: Problem) -> tuple[int, int]:
    found = re.match(r"answers\[(\d+)\]", problem.path)
    return (1, int(found[1])) if found else (0, 0)


def prepare_response(
    store: Store,
    wave_id: str,
    respondent_id: str,
    answers: Sequence[TieAnswer | Mapping[str, Any]],
    *,
    position: str | None = None,
    outcomes: str | None = None,
    channel: Channel = "web",
    submitted_at: datetime | None = None,
) -> tuple[SurveyResponse, list[Relation]]:
    """Check a respondent's answers as :func:`submit_response` does, writing nothing: the
    response's next revision and the ties it sets, or InputError listing every problem.

    Writers that take several inputs at once (the XLSX import) check them all first.
    """
    wave = wave_of(store, wave_id)
    at = submitted_at or datetime.now(UTC)
    problems: list[Problem] = []
    if wave.status == "closed":
        problems.append(Problem(f"{wave_id!r} is closed: it takes no more answers", path="wave"))
    elif wave.end is not None and at.date() > wave.end:
        problems.append(Problem(f"{wave_id!r} closed on {wave.end.isoformat()}", path="wave"))
    if respondent_id not in wave.respondents:
        problems.append(Problem(f"{respondent_id!r} is not a respondent of {wave_id!r}", path="respondent"))
    placed = _answers(answers, problems)
    checked = [answer for _, answer in placed]
    members = set(members_of(store, wave.subject, wave.start))
    seen: dict[str, int] = {}
    for i, answer in placed:
        where = f"answers[{i}].partner"
        if answer.partner == respondent_id:
            problems.append(Problem(f"{respondent_id!r} answers about itself", path=where))
        elif answer.partner not in members:
            problems.append(Problem(f"{answer.partner!r} is not a member of {wave.subject!r}", path=where))
        elif answer.partner not in wave.respondents:
            problems.append(Problem(f"{answer.partner!r} is not asked about in {wave_id!r}", path=where))
        if answer.partner in seen:
            problems.append(
                Problem(
                    f"{answer.partner!r} is answered about twice (first at answers[{seen[answer.partner]}])",
                    path=where,
                )
            )
        seen.setdefault(answer.partner, i)
    before = revisions(store, wave_id, respondent_id)
    revision = before[-1].revision + 1 if before else 1
    who = store.get_node(respondent_id)
    response: SurveyResponse | None = None
    try:
        response = SurveyResponse(
            id=response_id(wave_id, respondent_id, revision),
            name=f"{who.name if who else respondent_id}: {wave.name} ({revision})",
            wave=wave_id,
            respondent=respondent_id,
            position=position,
            revision=revision,
            submitted_at=at,
            channel=channel,
            answers=checked,
            outcomes=outcomes,
            sources=[survey_source(wave_id, respondent_id)],
        )
    except ValidationError as exc:  # the answers' own problems are reported above
        found = [Problem(msg, path=_path(loc)) for loc, msg in validation_problems(exc)]
        problems.extend(p for p in found if not p.path.startswith("answers"))
    problems.sort(key=_order)  # the response's, then each answer's in the order given
    if problems or response is None:
        raise _fail(f"in the answers of {respondent_id!r} to {wave_id!r}", problems)
    relations = [_tie(wave, respondent_id, a) for a in checked]
    answered = {a.partner for a in checked}
    dropped = sorted({a.partner for a in before[-1].answers} - answered) if before else []
    # A partner answered before but not now: its tie stays, saying nothing (no level), so
    # that the relations always carry the latest revision.
    relations += [_tie(wave, respondent_id, TieAnswer(partner=p, level="none"), blank=True) for p in dropped]
    return response, relations


def write_response(store: Store, prepared: tuple[SurveyResponse, list[Relation]]) -> SurveyResponse:
    """Write what :func:`prepare_response` made: the response, then its ties.

    The response is inserted only if its id is new (:meth:`Store.create_node`, atomic on
    both backends), so a revision is never overwritten: when a concurrent submission of the
    same respondent took the revision number first, this one becomes the next revision. If
    the ties then cannot be written, the response is taken back, so nothing is half-written.
    """
    response, relations = prepared
    while not store.create_node(response):
        revision = response.revision + 1
        response = response.model_copy(
            update={
                "revision": revision,
                "id": response_id(response.wave, response.respondent, revision),
                "name": re.sub(r"\(\d+\)$", f"({revision})", response.name),
            }
        )
    try:
        store.load(Dataset(relations=relations))
    except BaseException:
        store.delete_node(response.id, cascade=True)
        raise
    return response


def submit_response(
    store: Store,
    wave_id: str,
    respondent_id: str,
    answers: Sequence[TieAnswer | Mapping[str, Any]],
    *,
    position: str | None = None,
    outcomes: str | None = None,
    channel: Channel = "web",
    submitted_at: datetime | None = None,
) -> SurveyResponse:
    """Validate a respondent's answers and write them as the response's next revision.

    Parameters
    ----------
    store : Store
    wave_id : str
        The survey wave answered; it must be open (status ``open``, not past its end).
    respondent_id : str
        The organisation answering: one of the wave's respondents.
    answers : sequence of TieAnswer or mapping
        One answer per partner (a partner left out is not answered); each partner one of
        the wave's other respondents, at most once.
    position : str, optional
        The position of whoever answered for the organisation (never a person's name).
    outcomes : str, optional
        Free text: what the cooperation achieved.
    channel : {"xlsx", "web"}
        How the answers came.
    submitted_at : datetime, optional
        When (with a time zone); now by default.

    Returns
    -------
    SurveyResponse
        The revision written: revision 1 for the first answers, then 2, 3...

    Raises
    ------
    InputError
        Every problem at once, each named by its field (``answers[2].reliability``);
        nothing is written.
    NotFoundError
        No such wave.
    """
    prepared = prepare_response(
        store,
        wave_id,
        respondent_id,
        answers,
        position=position,
        outcomes=outcomes,
        channel=channel,
        submitted_at=submitted_at,
    )
    return write_response(store, prepared)


def _tie(wave: SurveyWave, respondent: str, answer: TieAnswer, *, blank: bool = False) -> Relation:
    fields = answer.model_dump(exclude={"partner"})
    if blank:
        fields["level"] = None
    return Relation(
        id=tie_id(wave.id, respondent, answer.partner),
        kind=RelationKind.SURVEY_TIE,
        source=respondent,
        target=answer.partner,
        context=wave.id,
        valid_from=wave.start,
        valid_to=wave.end,
        sources=[survey_source(wave.id, respondent)],
        **fields,
    )
