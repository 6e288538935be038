"""schema.org's ClaimReview, the shape fact-checkers publish their verdicts in (and search
engines read): one per claim group a person reviewed or gave a verdict, as
``corroborator export claim-reviews`` writes it.  Each record is a whole JSON-LD object
(``@context`` included), ready for a page's ``<script type="application/ld+json">``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CONTEXT: Literal["https://schema.org"] = "https://schema.org"


class _LinkedData(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Person(_LinkedData):
    type: Literal["Person"] = Field("Person", alias="@type")
    name: str


class Appearance(_LinkedData):
    """An article that carries the claim."""

    type: Literal["CreativeWork"] = Field("CreativeWork", alias="@type")
    url: str | None = Field(description="the article's address, when it has one")
    headline: str | None = Field(default=None, description="the article's title")
    publisher: str = Field(description="the outlet")


class Claim(_LinkedData):
    type: Literal["Claim"] = Field("Claim", alias="@type")
    text: str = Field(description="the claim as the group's label states it")
    author: list[Person] = Field(description="the independent origins that make it")
    appearance: list[Appearance]


class Rating(_LinkedData):
    type: Literal["Rating"] = Field("Rating", alias="@type")
    alternateName: str = Field(
        description="the verdict: corroborated, single-source, single-party, disputed or opinion-only"
    )
    ratingExplanation: str | None = Field(
        description="why, in the reviewer's words, else the aligner's reasons"
    )


class ClaimReview(_LinkedData):
    context: Literal["https://schema.org"] = Field(CONTEXT, alias="@context")
    type: Literal["ClaimReview"] = Field("ClaimReview", alias="@type")
    identifier: str = Field(description="the claim group's id")
    url: str | None = Field(description="the group's page in the web app, when a base URL is given")
    datePublished: str = Field(description="the day of the latest review or verdict, UTC")
    author: Person = Field(description="who reviewed it or set its verdict last")
    claimReviewed: str
    itemReviewed: Claim
    reviewRating: Rating
    reviewBody: str | None = Field(description="the reviewer's notes, oldest first")


__all__ = ["CONTEXT", "Appearance", "Claim", "ClaimReview", "Person", "Rating"]
