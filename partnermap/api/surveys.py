"""GraphQL types of survey waves: waves, responses (every revision), answers and reported ties.

Derived from :mod:`partnermap.model` like every other type (:mod:`partnermap.api.derive`);
a wave's form-token hashes are never shown. Importing this module registers the
``survey_tie`` relation type (:class:`SurveyTie`) with :data:`partnermap.api.schema.RELATION_TYPES`.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from partnermap import model
from partnermap.api import derive
from partnermap.api.context import Info
from partnermap.api.fields import resolver
from partnermap.api.schema import Node, Organisation, Relation, linked, relation_of
from partnermap.model import RelationKind
from partnermap.surveys import results

__all__ = [
    "SurveyResponse",
    "SurveyTie",
    "SurveyWave",
    "TieAnswer",
    "WaveComparison",
    "WaveResults",
    "WaveStatus",
]

derive.register(datetime, output=(datetime, lambda v: v))


@strawberry.enum(description="Whether a survey wave takes answers (OPEN) or not (CLOSED).")
class WaveStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


@derive.output(model.TieAnswer)
class TieAnswer:
    partner: Organisation | None = linked("partner", "The partner organisation answered about.")


@relation_of(
    RelationKind.SURVEY_TIE,
    "A tie an organisation reported about a partner in a survey wave (survey_tie): the latest revision's "
    "level, frequency, resources, trust and value items.",
)
class SurveyTie(Relation):
    respondent: Organisation = linked("source", "The organisation that reported the tie.")
    partner: Organisation = linked("target", "The partner it reported about.")
    context: Node | None = linked("context", "The survey wave.")


# --------------------------------------------------------------------------- results
# Derived from partnermap.surveys.results' dataclasses, described by their docstrings.


# The results with no field beyond their dataclass's, each type named after its dataclass.
for _source, _ids in [
    (results.Reciprocity, ()),
    (results.PairScores, ("a", "b")),
    (results.TieChange, ("respondent", "partner")),
    (results.ScoreChange, ("organisation",)),
]:
    derive.output(_source, ids=_ids, enums=False)(type(_source.__name__, (), {"__module__": __name__}))


@derive.output(results.OrganisationScores, ids=("organisation",), enums=False)
class OrganisationScores:
    organisation: Organisation | None = linked("organisation", "The organisation.")


@derive.output(results.WaveResults, ids=("wave", "subject"), enums=False)
class WaveResults:
    """Derived from :class:`partnermap.surveys.results.WaveResults`."""


@derive.output(results.WaveComparison, ids=("compared",), enums=False)
class WaveComparison:
    """Derived from :class:`partnermap.surveys.results.WaveComparison`."""


@derive.output(model.SurveyResponse)
class SurveyResponse(Node):
    wave: SurveyWave | None = linked("wave", "The survey wave answered.")
    respondent: Organisation | None = linked("respondent", "The organisation that answered.")


@derive.output(
    model.SurveyWave,
    skip={"token_hashes"},
    types={"status": (WaveStatus, WaveStatus)},
)
class SurveyWave(Node):
    subject: Node | None = linked("subject", "The network or project surveyed.")
    respondents: list[Organisation] = linked("respondents", "The member organisations asked.")
    previous: SurveyWave | None = linked("previous", "The wave it is compared with, if any.")

    @resolver(description="Every revision of every response to the wave, by respondent and revision.")
    async def responses(self, info: Info) -> list[SurveyResponse]:
        found = await info.context.service.survey_responses(self.obj.id)
        return [derive.graphql_of(r) for r in found]

    @resolver(
        description="Its results from each respondent's latest answers: response rate, density, degree "
        "centralization, reciprocity, trust and value per organisation, pair and network."
    )
    async def results(self, info: Info) -> WaveResults:
        found = await info.context.service.survey_results(self.obj.id)
        return derive.to_graphql(WaveResults, found)

    @resolver(description="Its comparison with another wave of its subject (by default its previous wave).")
    async def comparison(
        self,
        info: Info,
        other: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The other wave (default: this wave's previous one)."),
        ] = None,
    ) -> WaveComparison | None:
        against = str(other) if other is not None else self.obj.previous
        if against is None:
            return None
        found = await info.context.service.survey_comparison(self.obj.id, against)
        return derive.to_graphql(WaveComparison, found)

    @resolver(description="The ties its respondents reported (each respondent's latest revision), by id.")
    async def ties(self, info: Info) -> list[SurveyTie]:
        found = await info.context.service.survey_ties(self.obj.id)
        return [derive.to_graphql(SurveyTie, r) for r in found]
