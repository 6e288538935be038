"""The REST API's shapes (they make its OpenAPI schema); the pages render the same data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from corroborator.models.records import (
    AttributionRecord,
    ClaimRecord,
    EntityRecord,
    QuantityRecord,
    StoryRecord,
)


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True)


class ErrorDetail(_Shape):
    status: int
    message: str = Field(description="what went wrong and what to do")


class ErrorBody(_Shape):
    """The one shape of every API error."""

    error: ErrorDetail


class StoryList(_Shape):
    stories: list[StoryRecord]
    filters: dict[str, list[str]] = Field(description="the outlets, languages and verdicts to filter by")


class MentionRecord(_Shape):
    id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None
    entity_name: str | None


class ArticleView(_Shape):
    """One article with everything found in it; every offset refers to ``text``."""

    id: str
    url: str | None
    outlet: str
    outlet_name: str
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    genre: str
    copy_group: str | None
    story: str | None
    is_current: bool
    text: str
    attributions: list[AttributionRecord]
    claims: list[ClaimRecord]
    quantities: list[QuantityRecord]
    mentions: list[MentionRecord]


class EntityMention(_Shape):
    article_id: str
    outlet: str
    title: str | None
    start: int
    end: int
    text: str


class EntityView(_Shape):
    entity: EntityRecord
    mentions: list[EntityMention]
    quotes: list[EntityMention] = Field(default_factory=list, description="what it is quoted as saying")


class OutletView(_Shape):
    id: str
    name: str
    host: str | None
    country: str | None
    state_affiliated: bool | None
    wire_service: bool | None
    language: str | None
    n_articles: int
    n_stories: int
    languages: list[str]


class MergeRequest(_Shape):
    other: str = Field(description="the entity merged into this one (it disappears)")


class SplitRequest(_Shape):
    aliases: list[str] = Field(min_length=1, description="the aliases that become a new entity")


class GroupCorrectionRequest(_Shape):
    """One correction of a claim group, kept with who made it and why."""

    kind: str = Field(description="merge, split, move, same-source, verdict or reviewed")
    by: str = Field(description="who makes it")
    reason: str = Field("", description="why (required for a verdict)")
    other: str = Field("", description="merge: the group whose claims join this one")
    claims: list[str] = Field(
        default_factory=list,
        description="split: the claims that leave this group; move: the one claim that joins it",
    )
    origins: list[str] = Field(default_factory=list, description="same-source: the two origins that are one")
    verdict: str = Field(
        "", description="verdict: corroborated, single-source, single-party, disputed, opinion-only"
    )


class CorrectionResult(_Shape):
    entity_id: str = Field(description="the entity that remains (merge) or was made (split)")
    message: str


class IngestRequest(_Shape):
    urls: list[str] = Field(min_length=1)


class JobView(_Shape):
    """An ingest job: fetched or uploaded sources stored, then analysed."""

    id: str
    state: str = Field(
        description="queued, ingesting, analysing, done, failed or interrupted (the server stopped first)"
    )
    stage: str | None
    done: int = Field(description="items processed in the current step")
    summary: dict[str, int]
    failures: list[str] = Field(description="one line per input that did not become an article")
    error: str | None
    stories: list[str] = Field(description="stories holding the new articles, when done")


def record_fields(model: type[BaseModel], row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in model.model_fields if key in row}
