"""Mentions of people, organisations and places, and the entities that gather them."""

from __future__ import annotations

from pydantic import Field

from corroborator.models.common import Model, Span


class Mention(Model):
    """A span naming or describing something ("Yuri Dashkin", "the commander", "he")."""

    id: str
    article_id: str
    span: Span
    label: str = Field(description="PERSON, ORG, GPE, NORP, ... or DESCRIPTION, PRONOUN")
    entity_id: str | None = None


class MergeEvidence(Model):
    """Why two mentions or aliases were taken as one entity, for a person to review."""

    a: str
    b: str
    reason: str = Field(description="e.g. 'transliteration variant', 'apposition', 'user merge'")
    score: float | None = None
    by_user: bool = False


class Entity(Model):
    id: str
    name: str = Field(description="the canonical name shown to users")
    kind: str
    aliases: list[str] = Field(default_factory=list)
    mention_ids: list[str] = Field(default_factory=list)
    evidence: list[MergeEvidence] = Field(default_factory=list)
