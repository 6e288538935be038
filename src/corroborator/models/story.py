"""Stories (articles about one event) and claim groups (one proposition across articles)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from corroborator.models.claim import EpistemicStatus
from corroborator.models.common import Model, PartialTime


class Story(Model):
    id: str
    label: str
    article_ids: list[str]
    first_published: PartialTime | None = None
    last_published: PartialTime | None = None
    key_entities: list[str] = Field(default_factory=list)
    n_articles: int = 0
    n_outlets: int = 0
    n_copy_groups: int = 0
    pinned: bool = Field(default=False, description="shaped by a user's merge, split or move")


class Verdict(StrEnum):
    CORROBORATED = "corroborated"
    SINGLE_SOURCE = "single-source"
    SINGLE_PARTY = "single-party"
    DISPUTED = "disputed"
    OPINION_ONLY = "opinion-only"


class RelationKind(StrEnum):
    SAME = "same"
    MORE_SPECIFIC = "more_specific"
    CONFLICTS = "conflicts"
    REVISES = "revises"  # a later figure of a running tally ("the toll has risen to 13")


class ConflictKind(StrEnum):
    NUMERIC = "numeric"
    DENIAL = "denial"
    STATUS = "status"
    BLAME = "blame"  # two accounts hold different doers responsible for one event


class ClaimGroupMember(Model):
    """One claim of a group, with who stands behind it and the origin it counts under."""

    claim_id: str
    article_id: str
    status: EpistemicStatus
    claimant: str = Field(description="the innermost claimant, resolved, else the outlet")
    origin: str = Field(
        description="the independent origin it counts under: the primary claimant, "
        "or the copy group / outlet for the article's own voice"
    )
    party: str | None = Field(
        default=None, description="the claimant's side, e.g. 'russia-state'; None when unknown"
    )


class ClaimGroupRelation(Model):
    source: str
    target: str
    kind: RelationKind
    reason: str
    conflict: ConflictKind | None = Field(default=None, description="set when kind is conflicts")


class ClaimGroup(Model):
    id: str
    story_id: str
    label: str
    claim_ids: list[str]
    verdict: Verdict | None = None
    reasons: list[str] = Field(default_factory=list)
    n_articles: int = 0
    n_copy_groups: int = 0
    n_origins: int = 0
    n_claimants: int = 0
    relations: list[ClaimGroupRelation] = Field(default_factory=list)
    members: list[ClaimGroupMember] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list)
    parties: list[str] = Field(default_factory=list)
