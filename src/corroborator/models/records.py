"""The shapes of exported records (one JSON Schema each, published in ``schemas/``).

Exports flatten what users join by hand: every record carries the article's ``id``
and the ``external_id`` it came with, so that results go back to the user's own data.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from corroborator.models.article import Outlet
from corroborator.models.claim_review import ClaimReview
from corroborator.models.entity import MergeEvidence
from corroborator.models.story import ClaimGroupRelation, GroupCorrection


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleRecord(_Record):
    """One article as ``corroborator export articles`` writes it."""

    id: str = Field(description="content-hash id")
    external_id: str | None = Field(description="the input record's own id, kept as given")
    url: str | None
    outlet: str = Field(description="outlet id (its host, else a slug of its name)")
    outlet_name: str
    title: str | None
    author: str | None
    published: str | None = Field(description="ISO text at its precision; UTC when a time is known")
    published_precision: str | None = Field(description="year, month, day, minute or second")
    language: str | None
    language_confidence: float | None = Field(description="None when the record gave the language")
    genre: str
    copy_group: str | None = Field(description="None until the dedupe stage has run")
    copy_similarity: float | None
    story: str | None = Field(default=None, description="None until stories are built")
    extraction: str | None = Field(
        default=None,
        description="'parsed', or why not ('not extracted: language ru'); None until the parse stage ran",
    )
    revision: int
    revision_of: str | None
    source_kind: str
    source: str
    source_location: str | None
    ingested_at: datetime
    text: str = Field(description="the stored text; every offset in every export refers to it")


class CopyGroupMemberRecord(_Record):
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    similarity: float = Field(description="estimated Jaccard similarity to matched_with")
    matched_with: str | None
    method: str = Field(description="first (founded the group), exact or minhash")


class CopyGroupRecord(_Record):
    """One copy group as ``corroborator export copy-groups`` writes it."""

    id: str
    representative: str
    size: int
    members: list[CopyGroupMemberRecord]


class SpanRecord(_Record):
    start: int = Field(description="character offset into the article's stored text")
    end: int
    text: str


class AttributionRecord(_Record):
    """One attribution as ``corroborator export attributions`` writes it."""

    id: str
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    source: SpanRecord | None = Field(description="None when the text names no source")
    source_resolved: str | None = Field(default=None, description="what a pronoun refers to (later)")
    cue: SpanRecord
    content: SpanRecord = Field(description="from the first content piece to the last")
    content_pieces: list[SpanRecord] = Field(description="the content without the words around a split cue")
    kind: str = Field(description="direct, indirect or mixed")
    parent_id: str | None = Field(default=None, description="the attribution this one is nested in (later)")


class QuoteRecord(_Record):
    """One quote as ``corroborator export quotes`` writes it: who said what, in what words."""

    id: str
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    quote: SpanRecord = Field(description="from the first quoted piece to the last, quotation marks included")
    pieces: list[SpanRecord] = Field(description="the quote without the words around a split cue")
    kind: str = Field(description="direct, indirect or mixed")
    speaker: SpanRecord | None = Field(description="the speaker as written at the quote; None when none is")
    speaker_name: str = Field(
        description="the fullest name the article gives the speaker; empty when unknown"
    )
    speaker_entity_id: str | None = Field(description="the speaker's entity, once entities are resolved")
    speaker_reason: str | None = Field(description="why the speaker is empty or uncertain; None otherwise")
    verb: SpanRecord | None = Field(
        description="the verb of saying; None for a floating or 'according to' quote"
    )
    floating: bool = Field(description="no verb of its own: the speaker is named in an earlier sentence")
    attribution_id: str | None = Field(
        description="the attribution it comes from (for a floating quote, its speaker's)"
    )


class ClaimRecord(_Record):
    """One claim as ``corroborator export claims`` writes it."""

    id: str
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    span: SpanRecord
    status: str = Field(description="asserted, attributed, hedged, denied or opinion")
    hedges: list[str] = Field(description="hedge words found")
    denials: list[str] = Field(description="denial words found")
    attribution_id: str | None
    chain: list[str] = Field(description="claimants, innermost first, ending with the outlet")
    claimant: str
    subjective: bool | None


class QuantityRecord(_Record):
    """One quantity claim as ``corroborator export quantities`` writes it."""

    id: str
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    claim_id: str | None
    span: SpanRecord
    value: float | None
    low: float | None
    high: float | None
    bound: str = Field(description="exact, lower, upper, range or approximate")
    vague: bool
    vague_word: str | None
    counted_thing: str | None
    action: str | None
    claimant: str = Field(description="the innermost attribution's source, else the outlet")
    place: str | None
    window_text: str | None
    window_start: str | None = Field(description="first day of the window (ISO date)")
    window_end: str | None = Field(description="last day of the window (ISO date)")
    parts: list[str] = Field(description="ids of the parts of a stated total")


class StoryMemberRecord(_Record):
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    title: str | None
    published: str | None
    copy_group: str | None
    pinned: bool = Field(description="placed here by a user (stories merge, split or move)")


class StoryRecord(_Record):
    """One story as ``corroborator export stories`` writes it."""

    id: str
    label: str = Field(description="the member title nearest the story's mean meaning")
    first_published: str | None
    last_published: str | None
    key_entities: list[str]
    n_articles: int
    n_outlets: int
    n_copy_groups: int
    pinned: bool = Field(description="shaped by a user's merge, split or move")
    members: list[StoryMemberRecord]


class EntityRecord(_Record):
    """One entity as ``corroborator export entities`` writes it."""

    id: str
    name: str = Field(description="the name shown to users (the fullest name seen)")
    kind: str = Field(description="PERSON, ORG, GPE or NORP")
    aliases: list[str] = Field(description="the names it goes by in the articles, titles taken off")
    descriptions: list[str] = Field(description="titles and roles seen beside its names")
    n_mentions: int
    evidence: list[MergeEvidence] = Field(description="why its names were taken as one, for review")


class ClaimGroupMemberRecord(_Record):
    claim_id: str
    article_id: str
    external_id: str | None
    url: str | None
    outlet: str
    span: SpanRecord = Field(description="the claim's characters in the article's stored text")
    status: str = Field(description="asserted, attributed, hedged, denied or opinion")
    claimant: str = Field(description="the innermost claimant, resolved, else the outlet")
    origin: str = Field(
        description="the independent origin it counts under ('none' when it counts under none)"
    )
    party: str | None = Field(description="the claimant's side; None when unknown")


class ClaimGroupRecord(_Record):
    """One claim group as ``corroborator export claim-groups`` writes it."""

    id: str
    story_id: str
    label: str = Field(description="the member claim nearest the group's mean meaning")
    verdict: str | None = Field(
        description="corroborated, single-source, single-party, disputed or opinion-only"
    )
    reasons: list[str] = Field(description="why: the support level first, then conflicts and notes")
    n_articles: int
    n_copy_groups: int
    n_origins: int = Field(description="independent origins (copy groups and primary claimants collapsed)")
    n_claimants: int
    origins: list[str]
    parties: list[str]
    relations: list[ClaimGroupRelation] = Field(description="same, more_specific and conflicts, with reasons")
    members: list[ClaimGroupMemberRecord]
    corrections: list[GroupCorrection] = Field(
        default_factory=list, description="people's corrections that hold for it, with who, when and why"
    )


EXPORTED_KINDS: dict[str, type[BaseModel]] = {
    "articles": ArticleRecord,
    "copy-groups": CopyGroupRecord,
    "outlets": Outlet,
    "attributions": AttributionRecord,
    "claims": ClaimRecord,
    "quotes": QuoteRecord,
    "quantities": QuantityRecord,
    "entities": EntityRecord,
    "stories": StoryRecord,
    "claim-groups": ClaimGroupRecord,
    "corrections": GroupCorrection,
    "claim-reviews": ClaimReview,
}


def json_schema(kind: str) -> dict[str, Any]:
    model = EXPORTED_KINDS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"corroborator/{kind}.schema.json"
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write one ``KIND.schema.json`` per exported kind into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in EXPORTED_KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    for written_path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(written_path)
