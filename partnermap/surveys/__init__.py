"""Partnership surveys: a network reports its own ties, with trust, value and waves.

A survey wave (:class:`partnermap.model.SurveyWave`) asks the member organisations of a
network or project, on a date, about each other: how closely and how often they work
together, what each contributes, and PARTNER's trust and value items (1..4). Every answer
is a dated, sourced record (source ``survey:WAVE#RESPONDENT``); every revision is kept.

- :mod:`partnermap.surveys.waves`: :func:`create_wave`, :func:`submit_response` (validated,
  one transaction), :func:`latest_responses`, :func:`revisions`, :func:`wave_partners`.
- :mod:`partnermap.surveys.results`: :func:`wave_results` and :func:`compare_waves`.
- :mod:`partnermap.surveys.tokens`: the web form's links: :func:`issue_tokens` (a token per
  respondent, kept only as its hash), :func:`respondent_for`, :func:`survey_links`.
"""

from __future__ import annotations

from partnermap.lazy import lazy_exports

__all__ = [
    "compare_waves",
    "create_wave",
    "issue_tokens",
    "latest_responses",
    "respondent_for",
    "revisions",
    "submit_response",
    "survey_links",
    "wave_partners",
    "wave_results",
]

__getattr__, __dir__ = lazy_exports(
    globals(),
    {
        "create_wave": "partnermap.surveys.waves",
        "latest_responses": "partnermap.surveys.waves",
        "revisions": "partnermap.surveys.waves",
        "submit_response": "partnermap.surveys.waves",
        "wave_partners": "partnermap.surveys.waves",
        "wave_results": "partnermap.surveys.results",
        "compare_waves": "partnermap.surveys.results",
        "issue_tokens": "partnermap.surveys.tokens",
        "respondent_for": "partnermap.surveys.tokens",
        "survey_links": "partnermap.surveys.tokens",
    },
)
