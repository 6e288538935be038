"""Outlets, articles (with revisions) and copy groups: what ingestion and dedupe produce."""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from corroborator.models.common import Model, PartialTime, content_id


class SourceKind(StrEnum):
    """Which reader turned the input into an article."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    URL = "url"
    FEED = "feed"
    WARC = "warc"
    CSV = "csv"
    SITEMAP = "sitemap"


class Genre(StrEnum):
    NEWS = "news"
    OPINION = "opinion"
    ANALYSIS = "analysis"
    PRESS_RELEASE = "press_release"
    OTHER = "other"
    UNKNOWN = "unknown"


class Provenance(Model):
    """Where an article came from: the input as the user named it, and the place inside it."""

    kind: SourceKind
    source: str = Field(description="path or URL as given (a feed's URL, a dump's path)")
    location: str | None = Field(
        default=None, description="place inside the source: JSONL line, WARC offset, feed entry"
    )


class Outlet(Model):
    """A publisher, with the facts a user may supply about it."""

    id: str = Field(description="stable slug: the host without 'www.', else the name")
    name: str
    host: str | None = None
    country: str | None = None
    state_affiliated: bool | None = None
    wire_service: bool | None = None
    language: str | None = None


class ArticleDraft(Model):
    """What a reader produces, before the store gives it an id and a revision number."""

    text: str
    title: str | None = None
    url: str | None = None
    external_id: str | None = None
    outlet: str | None = Field(default=None, description="outlet display name")
    outlet_host: str | None = None
    author: str | None = None
    published: PartialTime | None = None
    language: str | None = None
    language_confidence: float | None = None
    provenance: Provenance
    extra: dict[str, Any] = Field(default_factory=dict, description="record fields kept as given")

    @property
    def locator(self) -> str:
        """What makes two versions 'the same article': its URL, else its outlet + record id.

        Empty when neither is known; such an article is identified by content alone.
        """
        if self.url:
            return self.url
        if self.external_id:
            return f"{self.outlet or ''}#{self.external_id}"
        return ""

    @property
    def revision_key(self) -> str:
        """What makes a later version a revision of this one: the locator, else the file
        the draft was read from (an edited local file is a revision, not a new article).

        Unlike the locator it is not part of the id, so the same file moved elsewhere is
        recognised as already stored.
        """
        if self.locator:
            return self.locator
        if self.provenance.kind in (SourceKind.TEXT, SourceKind.HTML):
            return f"file:{os.path.abspath(self.provenance.source)}"
        return ""

    @property
    def content_hash(self) -> str:
        """Hash of the text alone: equal for exact copies at different URLs."""
        return content_id(self.text)

    @property
    def article_id(self) -> str:
        """The content-hash id: the same input twice gives the same id."""
        return content_id(self.locator, self.title or "", self.text)


class Article(Model):
    """One stored document.  Its ``text`` is kept exactly; every offset refers to it."""

    id: str
    external_id: str | None = None
    url: str | None = None
    outlet: str = Field(description="outlet id")
    title: str | None = None
    author: str | None = None
    published: PartialTime | None = None
    language: str | None = None
    language_confidence: float | None = None
    text: str
    genre: Genre = Genre.UNKNOWN
    provenance: Provenance
    content_hash: str
    revision: int = Field(default=1, ge=1)
    revision_of: str | None = Field(default=None, description="id of the previous revision")
    is_current: bool = True
    ingested_at: datetime
    extra: dict[str, Any] = Field(default_factory=dict)


class CopyMember(Model):
    article_id: str
    similarity: float = Field(ge=0.0, le=1.0, description="estimated Jaccard to matched_with")
    matched_with: str | None = Field(default=None, description="the member it was matched to")
    method: str = Field(description="'first', 'exact' or 'minhash'")


class CopyGroup(Model):
    """Near-duplicate articles (wire copy, syndication, light rewrites): one origin."""

    id: str
    representative: str = Field(description="article id of the group's first member")
    members: list[CopyMember]

    @property
    def size(self) -> int:
        return len(self.members)
