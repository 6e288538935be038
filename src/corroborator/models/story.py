"""Stories (articles about one event) and claim groups (one proposition across articles)."""

from __future__ import annotations

from datetime import datetime
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


class CorrectionKind(StrEnum):
    MERGE = "merge"  # two groups are one proposition
    SPLIT = "split"  # these claims are a proposition of their own
    MOVE = "move"  # this claim belongs to another group
    SAME_SOURCE = "same-source"  # two origins are one source
    VERDICT = "verdict"  # the verdict, set by hand
    REVIEWED = "reviewed"  # a person has checked the group


class GroupCorrection(Model):
    """A person's correction of a story's claim groups, with who, when and why.

    It is anchored to claims, whose ids are stable across runs (a group's id changes with
    its members): ``claims`` names the group acted on (for ``split`` and ``move``, the
    claims that leave it), ``targets`` the group they join (``merge``, ``move``). The
    align stage applies it after grouping on every run, and records where it now holds
    (``group_ids``) or why it no longer can (``note``)."""

    id: int
    story_id: str = Field(description="the story it was last applied to")
    kind: CorrectionKind
    claims: list[str]
    targets: list[str] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list, description="same-source: the origins that are one")
    verdict: Verdict | None = Field(default=None, description="verdict: the verdict set")
    reason: str = ""
    by: str
    at: datetime
    group_ids: list[str] = Field(default_factory=list, description="the groups it holds for now")
    note: str | None = Field(default=None, description="why it no longer applies, when it does not")


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
    corrections: list[GroupCorrection] = Field(
        default_factory=list, description="people's corrections that hold for it, oldest first"
    )
