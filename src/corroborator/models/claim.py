"""Attributions, claims with their epistemic status, and quantity claims."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from corroborator.models.common import Model, PartialTime, Span


class AttributionKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class Attribution(Model):
    """Who (source), how (cue), what (content); nested attributions point to their parent.

    In "According to Astra, Dashkin claimed X" the Dashkin attribution has the Astra one
    as ``parent_id``: X <- Dashkin <- Astra <- the outlet.
    """

    id: str
    article_id: str
    source: Span | None = Field(default=None, description="None when the text names no source")
    source_resolved: str | None = Field(
        default=None, description="what a pronoun or description refers to, as text"
    )
    source_entity_id: str | None = None
    cue: Span
    content: list[Span] = Field(min_length=1, description="one or more content pieces")
    kind: AttributionKind
    parent_id: str | None = None


UNNAMED = "(unnamed)"
"""The claimant of a nested attribution with no source span ("the firm rejected claims that X")."""


class EpistemicStatus(StrEnum):
    ASSERTED = "asserted"
    ATTRIBUTED = "attributed"
    HEDGED = "hedged"
    DENIED = "denied"
    OPINION = "opinion"


class Claim(Model):
    """A proposition an article puts forward, and how sure the article is of it."""

    id: str
    article_id: str
    span: Span
    status: EpistemicStatus
    hedges: list[str] = Field(default_factory=list, description="hedge words found")
    denials: list[str] = Field(default_factory=list, description="denial words found")
    attribution_id: str | None = None
    chain: list[str] = Field(
        default_factory=list, description="claimants, innermost first, ending with the outlet"
    )
    claimant: str = Field(description="the innermost claimant, else the outlet")
    subjective: bool | None = None


class Bound(StrEnum):
    EXACT = "exact"
    LOWER = "lower"
    UPPER = "upper"
    RANGE = "range"
    APPROXIMATE = "approximate"


class TimeWindow(Model):
    text: str | None = None
    start: PartialTime | None = None
    end: PartialTime | None = None


class QuantityClaim(Model):
    """A claim with a number: "more than 400 drones shot down overnight", said by someone."""

    id: str
    article_id: str
    claim_id: str | None = None
    span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    bound: Bound = Bound.EXACT
    vague: bool = False
    vague_word: str | None = None
    counted_thing: str | None = None
    action: str | None = None
    claimant: str
    place: str | None = None
    window: TimeWindow | None = None
    parts: list[str] = Field(default_factory=list, description="ids of the parts of a stated sum")
