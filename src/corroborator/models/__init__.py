"""The typed data model: every stage reads and writes these frozen objects."""

from corroborator.models.article import (
    Article,
    ArticleDraft,
    CopyGroup,
    CopyMember,
    Genre,
    Outlet,
    Provenance,
    SourceKind,
)
from corroborator.models.claim import (
    UNNAMED,
    Attribution,
    AttributionKind,
    Bound,
    Claim,
    EpistemicStatus,
    QuantityClaim,
    TimeWindow,
)
from corroborator.models.common import Model, PartialTime, Precision, Span, content_id
from corroborator.models.entity import Entity, Mention, MergeEvidence
from corroborator.models.story import (
    ClaimGroup,
    ClaimGroupMember,
    ClaimGroupRelation,
    ConflictKind,
    RelationKind,
    Story,
    Verdict,
)

__all__ = [
    "UNNAMED",
    "Article",
    "ArticleDraft",
    "Attribution",
    "AttributionKind",
    "Bound",
    "Claim",
    "ClaimGroup",
    "ClaimGroupMember",
    "ClaimGroupRelation",
    "ConflictKind",
    "CopyGroup",
    "CopyMember",
    "Entity",
    "EpistemicStatus",
    "Genre",
    "Mention",
    "MergeEvidence",
    "Model",
    "Outlet",
    "PartialTime",
    "Precision",
    "Provenance",
    "QuantityClaim",
    "RelationKind",
    "SourceKind",
    "Span",
    "Story",
    "TimeWindow",
    "Verdict",
    "content_id",
]
