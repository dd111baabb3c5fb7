"""GraphQL types of survey waves: waves, responses (every revision), answers and reported ties.

Derived from :mod:`partnermap.model` like every other type (:mod:`partnermap.api.derive`);
a wave's form-token hashes are never shown. Importing this module registers the
``survey_tie`` relation type (:class:`SurveyTie`) with :data:`partnermap.api.schema.RELATION_TYPES`.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from partnermap import model
from partnermap.api import derive
from partnermap.api.context import Info
from partnermap.api.fields import resolver
from partnermap.api.schema import KIND_FIELDS, RELATION_TYPES, Node, Organisation, Relation, linked
from partnermap.model import RelationKind

__all__ = ["SurveyResponse", "SurveyTie", "SurveyWave", "TieAnswer", "WaveStatus"]

derive.register(datetime, output=(datetime, lambda v: v))


@strawberry.enum(description="Whether a survey wave takes answers (OPEN) or not (CLOSED).")
class WaveStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


@derive.output(model.TieAnswer)
class TieAnswer:
    partner: Organisation | None = linked("partner", "The partner organisation answered about.")


@derive.output(
    model.Relation,
    only=KIND_FIELDS[RelationKind.SURVEY_TIE],
    description="A tie an organisation reported about a partner in a survey wave (survey_tie): "
    "the latest revision's level, frequency, resources, trust and value items.",
)
class SurveyTie(Relation):
    respondent: Organisation = linked("source", "The organisation that reported the tie.")
    partner: Organisation = linked("target", "The partner it reported about.")
    context: Node | None = linked("context", "The survey wave.")


RELATION_TYPES[RelationKind.SURVEY_TIE] = SurveyTie


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

    @resolver(description="The ties its respondents reported (each respondent's latest revision), by id.")
    async def ties(self, info: Info) -> list[SurveyTie]:
        found = await info.context.service.survey_ties(self.obj.id)
        return [derive.to_graphql(SurveyTie, r) for r in found]
