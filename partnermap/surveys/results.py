"""What a survey wave says about its network, and how two waves of one network differ.

Every result is computed from each respondent's latest revision
(:func:`partnermap.surveys.waves.latest_responses`) on the wave's bounded network: the
organisations asked (:attr:`SurveyWave.respondents`), whether they answered or not.

Definitions
-----------
reported tie
    A respondent reports a tie with a partner when it answers a level above ``none``
    (awareness, cooperation, coordination or integration). Two organisations are tied in
    the *reported network* when either reports a tie with the other (an undirected graph on
    the organisations asked).
response rate
    Respondents with at least one revision / organisations asked.
density
    Ties / possible ties, ``t / (n (n - 1) / 2)`` for ``n`` organisations asked (None when
    fewer than two).
degree centralization
    Freeman's degree centralization of the reported network,
    ``sum(d_max - d_i) / ((n - 1) (n - 2))``: 1 for a star (one organisation holds every tie),
    0 when every organisation has as many ties (None when fewer than three are asked).
reciprocity
    Among tied pairs whose two organisations both answered: *mutual* when both report the
    tie, *one-sided* when only one does; the rate is mutual / (mutual + one-sided). A tied pair
    one of whose organisations did not answer is *unconfirmed* and not counted in the rate.
trust and value scores
    PARTNER's (Varda et al. 2008; Visible Network Labs, "PARTNER Trust and Value Metrics")
    trust score is built from three items, the partner's *reliability*, its *support of the
    shared mission* and its *openness to discussion*; its value score from three more, the
    partner's *power and influence*, its *level of involvement* and its *resource
    contribution*; each item is answered on a 1..4 scale. Here a score is **the mean of the
    items answered, as a share of the maximum (4)**: ``mean(items) / 4``, from 0.25 (every
    item 1) to 1.0 (every item 4). An organisation's score pools every item its partners
    answered about it; a pair's, the items each answered about the other; the network's,
    every item of every latest revision. None when no item was answered.

References
----------
.. [1] Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
   connectivity in public health collaboratives. *Journal of Public Health Management and
   Practice* 14(5), E1-E7.
.. [2] Visible Network Labs, "PARTNER Trust and Value Metrics: A Brief" (2021) and "Analyze
   trust and value" (PARTNER CPRM knowledge base): trust = openness to communication,
   partner reliability, shared mission; value = power and influence, resource
   contribution, level of involvement.
.. [3] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
   *Social Networks* 1(3), 215-239.

Examples
--------
Three organisations asked, two answered: ``a`` reports coordination with ``b`` (trust items
4, 4, 3), ``b`` reports cooperation with ``a`` (trust items 3, 3, 3) and nothing with ``c``.

>>> from datetime import date, datetime, timezone
>>> from partnermap.model import SurveyResponse, SurveyWave
>>> wave = SurveyWave(id="wave:w", name="W", subject="network:n", start=date(2026, 3, 1),
...                   respondents=["org:a", "org:b", "org:c"], sources=["x#y"])
>>> def answer(who, *answers):
...     return SurveyResponse(id=f"response:w.{who}.1", name=who, wave="wave:w",
...         respondent=f"org:{who}", revision=1, channel="web", answers=list(answers),
...         submitted_at=datetime(2026, 3, 2, tzinfo=timezone.utc), sources=["x#y"])
>>> latest = {
...     "org:a": answer("a", {"partner": "org:b", "level": "coordination",
...                           "reliability": 4, "mission": 4, "openness": 3}),
...     "org:b": answer("b", {"partner": "org:a", "level": "cooperation",
...                           "reliability": 3, "mission": 3, "openness": 3},
...                          {"partner": "org:c", "level": "none"}),
... }
>>> r = results_of(wave, latest)
>>> round(r.response_rate, 3), round(r.density, 3), r.centralization
(0.667, 0.333, 0.5)
>>> r.reciprocity.mutual, r.reciprocity.one_sided, r.reciprocity.rate
(1, 0, 1.0)
>>> r.trust  # (4 + 4 + 3 + 3 + 3 + 3) / 6 / 4
0.833...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from partnermap.errors import InputError
from partnermap.model import (
    SCORE_MAX,
    TRUST_ITEMS,
    VALUE_ITEMS,
    NodeKind,
    SurveyResponse,
    SurveyWave,
    TieAnswer,
    TieLevel,
)
from partnermap.store.base import Store
from partnermap.surveys.waves import latest_responses, wave_of

__all__ = [
    "LatestWave",
    "OrganisationScores",
    "PairScores",
    "Reciprocity",
    "ScoreChange",
    "TieChange",
    "WaveComparison",
    "WaveResults",
    "compare",
    "compare_waves",
    "latest_waves",
    "results_of",
    "score",
    "wave_report",
    "wave_results",
    "waves_in_graph",
]


def score(values: Iterable[int]) -> float | None:
    """The mean of item answers as a share of the maximum (4); None for no answers.

    Examples
    --------
    >>> score([4, 4, 2]), score([1]), score([])
    (0.8333333333333334, 0.25, None)
    """
    found = list(values)
    return sum(found) / len(found) / SCORE_MAX if found else None


@dataclass(frozen=True)
class Reciprocity:
    """Whether the two sides of tied pairs both report the tie.

    Attributes
    ----------
    mutual : int
        Tied pairs that both organisations report (both answered).
    one_sided : int
        Tied pairs that only one of them reports although both answered.
    unconfirmed : int
        Tied pairs one of whose organisations did not answer.
    rate : float | None
        mutual / (mutual + one_sided); None when no pair counts.
    """

    mutual: int
    one_sided: int
    unconfirmed: int
    rate: float | None


@dataclass(frozen=True)
class OrganisationScores:
    """One organisation asked in a wave: its ties and how its partners rate it.

    Attributes
    ----------
    organisation : str
        The organisation's id.
    name : str
        Its name.
    responded : bool
        Whether it answered.
    degree : int
        Organisations it is tied with in the reported network (either side reporting).
    named_by : int
        Respondents that report a tie with it.
    trust : float | None
        Its trust score: the mean of the trust items its partners answered about it, as a share of 4.
    value : float | None
        Its value score: the mean of the value items its partners answered about it, as a share of 4.
    ratings : int
        Answers about it that hold at least one trust or value item.
    """

    organisation: str
    name: str
    responded: bool
    degree: int
    named_by: int
    trust: float | None
    value: float | None
    ratings: int


@dataclass(frozen=True)
class PairScores:
    """A tied pair of organisations: what each reports about the other, and their scores.

    Attributes
    ----------
    a : str
        The id of one organisation (the smaller id).
    b : str
        The id of the other.
    level_ab : str | None
        The level ``a`` reports with ``b`` (None if ``a`` did not answer about ``b``).
    level_ba : str | None
        The level ``b`` reports with ``a``.
    reciprocal : bool | None
        Whether both report a tie; None when one of them did not answer.
    trust : float | None
        The mean of the trust items each answered about the other, as a share of 4.
    value : float | None
        The mean of the value items each answered about the other, as a share of 4.
    """

    a: str
    b: str
    level_ab: str | None
    level_ba: str | None
    reciprocal: bool | None
    trust: float | None
    value: float | None


@dataclass(frozen=True)
class WaveResults:
    """What a survey wave's latest answers say about the network.

    Attributes
    ----------
    wave : str
        The wave's id.
    subject : str
        The id of the network or project surveyed.
    start : date
        The day the wave opened.
    asked : int
        Organisations asked.
    responded : int
        Organisations that answered.
    response_rate : float | None
        responded / asked.
    ties : int
        Tied pairs in the reported network (either side reporting a level above none).
    density : float | None
        Ties / possible ties among the organisations asked.
    centralization : float | None
        Freeman's degree centralization of the reported network (0 even .. 1 a star).
    reciprocity : Reciprocity
        Whether the two sides of tied pairs both report the tie.
    trust : float | None
        The network's trust score: the mean of every trust item answered, as a share of 4.
    value : float | None
        The network's value score: the mean of every value item answered, as a share of 4.
    organisations : list[OrganisationScores]
        Every organisation asked, by id.
    pairs : list[PairScores]
        Every tied pair, by ids.
    """

    wave: str
    subject: str
    start: date
    asked: int
    responded: int
    response_rate: float | None
    ties: int
    density: float | None
    centralization: float | None
    reciprocity: Reciprocity
    trust: float | None
    value: float | None
    organisations: list[OrganisationScores]
    pairs: list[PairScores]


def _tied(answer: TieAnswer | None) -> bool:
    return answer is not None and answer.level is not TieLevel.NONE


def results_of(
    wave: SurveyWave, latest: Mapping[str, SurveyResponse], names: Mapping[str, str] | None = None
) -> WaveResults:
    """The results of a wave from each respondent's latest response (respondent -> response).

    ``names`` maps organisation ids to names (the id stands in for a missing one). See the
    module's docstring for every definition.
    """
    asked = list(wave.respondents)
    said: dict[tuple[str, str], TieAnswer] = {
        (who, a.partner): a for who, response in latest.items() for a in response.answers
    }
    pairs: list[PairScores] = []
    degree = dict.fromkeys(asked, 0)
    mutual = one_sided = unconfirmed = 0
    for a, b in combinations(sorted(asked), 2):
        ab, ba = said.get((a, b)), said.get((b, a))
        if not (_tied(ab) or _tied(ba)):
            continue
        degree[a] += 1
        degree[b] += 1
        both_answered = a in latest and b in latest
        reciprocal = (_tied(ab) and _tied(ba)) if both_answered else None
        if reciprocal is None:
            unconfirmed += 1
        elif reciprocal:
            mutual += 1
        else:
            one_sided += 1
        given = [x for x in (ab, ba) if x is not None]
        pairs.append(
            PairScores(
                a=a,
                b=b,
                level_ab=None if ab is None else ab.level.value,
                level_ba=None if ba is None else ba.level.value,
                reciprocal=reciprocal,
                trust=score(v for x in given for v in x.scores(TRUST_ITEMS)),
                value=score(v for x in given for v in x.scores(VALUE_ITEMS)),
            )
        )
    n = len(asked)
    ties = len(pairs)
    top = max(degree.values(), default=0)
    organisations = []
    for org in sorted(asked):
        about = [x for (_, partner), x in said.items() if partner == org]
        organisations.append(
            OrganisationScores(
                organisation=org,
                name=(names or {}).get(org, org),
                responded=org in latest,
                degree=degree[org],
                named_by=sum(1 for x in about if _tied(x)),
                trust=score(v for x in about for v in x.scores(TRUST_ITEMS)),
                value=score(v for x in about for v in x.scores(VALUE_ITEMS)),
                ratings=sum(1 for x in about if x.scores()),
            )
        )
    every = list(said.values())
    counted = mutual + one_sided
    return WaveResults(
        wave=wave.id,
        subject=wave.subject,
        start=wave.start,
        asked=n,
        responded=len([r for r in latest if r in degree]),
        response_rate=len([r for r in latest if r in degree]) / n if n else None,
        ties=ties,
        density=ties / (n * (n - 1) / 2) if n >= 2 else None,
        centralization=sum(top - d for d in degree.values()) / ((n - 1) * (n - 2)) if n >= 3 else None,
        reciprocity=Reciprocity(mutual, one_sided, unconfirmed, mutual / counted if counted else None),
        trust=score(v for x in every for v in x.scores(TRUST_ITEMS)),
        value=score(v for x in every for v in x.scores(VALUE_ITEMS)),
        organisations=organisations,
        pairs=pairs,
    )


def _names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    return {n.id: n.name for n in store.list_nodes(ids=list(ids))}


def wave_results(store: Store, wave_id: str) -> WaveResults:
    """The results of a wave in a store (:func:`results_of` of its latest responses)."""
    wave = wave_of(store, wave_id)
    return results_of(wave, latest_responses(store, wave_id), _names(store, wave.respondents))


@dataclass(frozen=True)
class TieChange:
    """A tie one respondent reported in both waves compared, or in one of them.

    Attributes
    ----------
    respondent : str
        The id of the organisation that reported it.
    partner : str
        The id of the partner.
    level_before : str | None
        The level reported in the earlier wave (None: not answered).
    level_after : str | None
        The level reported in the later wave.
    trust_before : float | None
        The trust score of the earlier answer (its trust items' mean as a share of 4).
    trust_after : float | None
        The trust score of the later answer.
    value_before : float | None
        The value score of the earlier answer.
    value_after : float | None
        The value score of the later answer.
    """

    respondent: str
    partner: str
    level_before: str | None
    level_after: str | None
    trust_before: float | None
    trust_after: float | None
    value_before: float | None
    value_after: float | None


@dataclass(frozen=True)
class ScoreChange:
    """How an organisation's trust and value scores changed from one wave to the next.

    Attributes
    ----------
    organisation : str
        The organisation's id.
    name : str
        Its name.
    trust_before : float | None
        Its trust score in the earlier wave.
    trust_after : float | None
        Its trust score in the later wave.
    value_before : float | None
        Its value score in the earlier wave.
    value_after : float | None
        Its value score in the later wave.
    trust_change : float | None
        trust_after - trust_before (None unless both exist).
    value_change : float | None
        value_after - value_before (None unless both exist).
    """

    organisation: str
    name: str
    trust_before: float | None
    trust_after: float | None
    value_before: float | None
    value_after: float | None
    trust_change: float | None
    value_change: float | None


@dataclass(frozen=True)
class WaveComparison:
    """Two waves of one network compared: ties added, ended, changed, and scores up or down.

    Ties are compared for the respondents that answered in both waves (of the others, no
    tie can be said to have begun or ended).

    Attributes
    ----------
    before : WaveResults
        The earlier wave's results.
    after : WaveResults
        The later wave's results.
    compared : list[str]
        The ids of the respondents that answered in both waves.
    ties_added : list[TieChange]
        Ties reported in the later wave but not the earlier.
    ties_ended : list[TieChange]
        Ties reported in the earlier wave but not the later.
    level_changed : list[TieChange]
        Ties reported in both at different levels.
    organisations : list[ScoreChange]
        The trust and value scores of every organisation asked in both waves.
    trust_up : int
        Organisations whose trust score rose.
    trust_down : int
        Organisations whose trust score fell.
    value_up : int
        Organisations whose value score rose.
    value_down : int
        Organisations whose value score fell.
    """

    before: WaveResults
    after: WaveResults
    compared: list[str]
    ties_added: list[TieChange]
    ties_ended: list[TieChange]
    level_changed: list[TieChange]
    organisations: list[ScoreChange]
    trust_up: int
    trust_down: int
    value_up: int
    value_down: int


def _change(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def compare(
    before: tuple[WaveResults, Mapping[str, SurveyResponse]],
    after: tuple[WaveResults, Mapping[str, SurveyResponse]],
) -> WaveComparison:
    """Compare two waves' results, each with its latest responses (see :class:`WaveComparison`)."""
    (ra, la), (rb, lb) = before, after
    compared = sorted(set(la) & set(lb))
    added: list[TieChange] = []
    ended: list[TieChange] = []
    changed: list[TieChange] = []
    for who in compared:
        old = {a.partner: a for a in la[who].answers}
        new = {a.partner: a for a in lb[who].answers}
        for partner in sorted(set(old) | set(new)):
            x, y = old.get(partner), new.get(partner)
            tie = TieChange(
                respondent=who,
                partner=partner,
                level_before=None if x is None else x.level.value,
                level_after=None if y is None else y.level.value,
                trust_before=None if x is None else score(x.scores(TRUST_ITEMS)),
                trust_after=None if y is None else score(y.scores(TRUST_ITEMS)),
                value_before=None if x is None else score(x.scores(VALUE_ITEMS)),
                value_after=None if y is None else score(y.scores(VALUE_ITEMS)),
            )
            if _tied(y) and not _tied(x):
                added.append(tie)
            elif _tied(x) and not _tied(y):
                ended.append(tie)
            elif _tied(x) and x is not None and y is not None and x.level is not y.level:
                changed.append(tie)
    old_orgs = {o.organisation: o for o in ra.organisations}
    scores: list[ScoreChange] = []
    for o in rb.organisations:
        p = old_orgs.get(o.organisation)
        if p is None:
            continue
        scores.append(
            ScoreChange(
                organisation=o.organisation,
                name=o.name,
                trust_before=p.trust,
                trust_after=o.trust,
                value_before=p.value,
                value_after=o.value,
                trust_change=_change(p.trust, o.trust),
                value_change=_change(p.value, o.value),
            )
        )

    def count(values: Iterable[float | None], up: bool) -> int:
        return sum(1 for v in values if v is not None and (v > 0 if up else v < 0))

    return WaveComparison(
        before=ra,
        after=rb,
        compared=compared,
        ties_added=added,
        ties_ended=ended,
        level_changed=changed,
        organisations=scores,
        trust_up=count((s.trust_change for s in scores), True),
        trust_down=count((s.trust_change for s in scores), False),
        value_up=count((s.value_change for s in scores), True),
        value_down=count((s.value_change for s in scores), False),
    )


def compare_waves(store: Store, a: str, b: str) -> WaveComparison:
    """Compare two waves of one network or project in a store: ``a`` the earlier, ``b`` the later.

    InputError if they survey different subjects or ``a`` does not open before ``b``.
    """
    wa, wb = wave_of(store, a), wave_of(store, b)
    if wa.subject != wb.subject:
        raise InputError(
            f"{a!r} surveyed {wa.subject!r} and {b!r} {wb.subject!r}: only waves of one subject compare"
        )
    if wa.start >= wb.start:
        raise InputError(f"{a!r} (opened {wa.start}) must open before {b!r} (opened {wb.start})")
    la, lb = latest_responses(store, a), latest_responses(store, b)
    names = _names(store, {*wa.respondents, *wb.respondents})
    return compare((results_of(wa, la, names), la), (results_of(wb, lb, names), lb))


def wave_report(store: Store, wave_id: str, compare_with: str | None = None) -> WaveResults | WaveComparison:
    """A wave's results, or (``compare_with``) its comparison with another wave of its
    subject, the earlier of the two first: what ``partnermap survey report`` shows."""
    if compare_with is None:
        return wave_results(store, wave_id)
    first, second = sorted((wave_of(store, wave_id), wave_of(store, compare_with)), key=lambda w: w.start)
    return compare_waves(store, first.id, second.id)


def waves_in_graph(G: Any) -> dict[str, tuple[SurveyWave, dict[str, SurveyResponse]]]:
    """The survey waves of a snapshot (:func:`partnermap.graph.snapshot`), each with its
    respondents' latest responses, by wave id: what the report and the maps draw on."""
    waves: dict[str, SurveyWave] = {}
    found: dict[str, list[SurveyResponse]] = {}
    for node, attrs in G.nodes(data=True):
        kind = attrs.get("kind")
        if kind == NodeKind.SURVEY_WAVE.value:
            waves[node] = SurveyWave.model_validate({**attrs, "id": node})
        elif kind == NodeKind.SURVEY_RESPONSE.value:
            response = SurveyResponse.model_validate({**attrs, "id": node})
            found.setdefault(response.wave, []).append(response)
    out: dict[str, tuple[SurveyWave, dict[str, SurveyResponse]]] = {}
    for wave_id, wave in sorted(waves.items()):
        ordered = sorted(found.get(wave_id, []), key=lambda r: (r.respondent, r.revision))
        out[wave_id] = (wave, {r.respondent: r for r in ordered})
    return out


@dataclass(frozen=True)
class LatestWave:
    """A subject's latest survey wave in a snapshot: its results, and how it compares with its previous wave.

    Attributes
    ----------
    name : str
        The wave's name.
    results : WaveResults
        The wave's results.
    comparison : WaveComparison | None
        Its comparison with its previous wave, if that is in the snapshot too.
    """

    name: str
    results: WaveResults
    comparison: WaveComparison | None


def latest_waves(G: Any, as_of: date | None = None) -> list[LatestWave]:
    """For each network or project surveyed in a snapshot, its latest wave (the last opened
    by ``as_of``, if given), by subject id."""
    waves = waves_in_graph(G)
    names = {str(n): str(d.get("name") or n) for n, d in G.nodes(data=True)}
    latest: dict[str, SurveyWave] = {}
    for wave, _ in waves.values():
        if as_of is not None and wave.start > as_of:
            continue
        if wave.subject not in latest or wave.start > latest[wave.subject].start:
            latest[wave.subject] = wave
    out = []
    for subject in sorted(latest):
        wave = latest[subject]
        answers = waves[wave.id][1]
        result = results_of(wave, answers, names)
        comparison = None
        if wave.previous in waves:
            before, earlier = waves[wave.previous]
            comparison = compare((results_of(before, earlier, names), earlier), (result, answers))
        out.append(LatestWave(wave.name, result, comparison))
    return out
