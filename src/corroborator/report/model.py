"""The dossier's shape: what ``corroborator report --format json`` writes (its JSON Schema
is ``schemas/dossier.schema.json``) and what the HTML and Markdown renderers lay out.

Every finding carries :class:`Evidence`: the article and the character offsets of the
sentence behind it, so that every cell can link to that sentence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from corroborator.models import GroupCorrection
from corroborator.provenance import SCHEMA_VERSION, Provenance


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Record):
    """The sentence behind a finding: characters ``start:end`` of the article's text."""

    article_id: str
    outlet: str = Field(description="outlet id")
    start: int
    end: int
    text: str
    claim_id: str | None = None
    sentence: str | None = Field(default=None, description="the whole sentence that holds the span")
    sentence_start: int | None = Field(default=None, description="where the sentence begins in the article")
    paragraph: str | None = Field(
        default=None, description="the paragraph around the sentence; None when it is the sentence alone"
    )
    hedges: list[str] = Field(default_factory=list, description="the words that hedge the claim")
    denials: list[str] = Field(default_factory=list, description="the words that deny or negate it")


class Origin(_Record):
    name: str = Field(description="the independent origin (a primary claimant, or an outlet's own voice)")
    party: str | None = Field(description="the side it belongs to; None when unknown")


class Headline(_Record):
    story_id: str
    label: str
    first_published: str | None
    last_published: str | None
    n_articles: int
    n_outlets: int
    n_copy_groups: int
    n_origins: int | None = Field(
        description="independent origins across the claim groups; None before alignment"
    )
    aligned: bool = Field(description="whether claim groups were built for the story")


class MainClaim(_Record):
    """The claim group with the most independent origins: the first thing a reader sees."""

    group_id: str
    label: str
    verdict: str | None
    n_articles: int
    n_origins: int
    origins: list[Origin]
    parties: list[str]
    evidence: Evidence | None


class Outlet(_Record):
    id: str
    name: str


class Statement(_Record):
    status: str
    evidence: Evidence


class Cell(_Record):
    """What one outlet says of one claim group: stated, attributed, hedged, denied,
    opinion or absent, with the sentences behind it."""

    outlet: str
    status: str
    statements: list[Statement] = Field(default_factory=list)


class MatrixRow(_Record):
    group_id: str
    label: str
    verdict: str | None
    reasons: list[str]
    n_articles: int
    n_copy_groups: int
    n_origins: int
    origins: list[Origin]
    cells: list[Cell] = Field(description="one per outlet, in the order of Dossier.outlets")


class ConflictSide(_Record):
    group_id: str
    label: str
    quotes: list[Evidence]


class Conflict(_Record):
    kind: str | None = Field(description="numeric, denial or status; None when not said")
    reason: str
    a: ConflictSide
    b: ConflictSide


class Number(_Record):
    """One quantity claim: the figure, who gives it, for which window."""

    id: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    counted_thing: str | None
    action: str | None
    claimant: str
    place: str | None
    window: str | None
    evidence: Evidence


class FigureSide(_Record):
    """One figure of a disagreement, with everyone who gives it."""

    figure: str = Field(description="the figure as the first article writes it")
    low: float | None
    high: float | None
    claimants: list[str]
    windows: list[str]
    numbers: list[Number]


class FigureConflict(_Record):
    """Figures for one counted thing and action that disagree."""

    counted_thing: str
    action: str | None
    sides: list[FigureSide] = Field(description="one per distinct figure, most often given first")


class Speaker(_Record):
    """One person or group and what they are quoted as saying (``statements``: status is the
    quote's kind, direct, indirect or mixed)."""

    name: str = Field(description="the resolved entity's name, else the fullest name the articles give")
    entity_id: str | None
    outlets: list[str]
    statements: list[Statement]


class TimelineEntry(_Record):
    article_id: str
    outlet: str
    outlet_name: str
    title: str | None
    url: str | None
    published: str | None
    language: str | None
    genre: str
    copy_group: str | None
    copy_of: str | None = Field(
        description="the article it copies (its copy group's first), None for an original"
    )


class Gap(_Record):
    """A claim group that some outlets carry and others leave out."""

    group_id: str
    label: str
    carried_by: list[str]
    omitted_by: list[str]


class Dossier(_Record):
    """Everything known about one story, each finding linked to its sentence."""

    schema_version: str = Field(SCHEMA_VERSION, description="the version of this shape")
    provenance: Provenance | None = Field(
        None, description="when, by which version, with which settings and from which corpus it was made"
    )
    headline: Headline
    main_claim: MainClaim | None
    figures_in_conflict: list[FigureConflict]
    outlets: list[Outlet]
    matrix: list[MatrixRow]
    conflicts: list[Conflict]
    numbers: list[Number]
    speakers: list[Speaker]
    timeline: list[TimelineEntry]
    gaps: list[Gap]
    opinion: list[TimelineEntry] = Field(description="opinion pieces, kept apart from the reporting")
    corrections: list[GroupCorrection] = Field(
        default_factory=list,
        description="people's corrections of the story's claim groups, oldest first: who, when, why, "
        "and the groups each holds for (or why it no longer applies)",
    )


def dossier_schema() -> dict[str, Any]:
    schema = Dossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "corroborator/dossier.schema.json"
    return schema


def write_schema(folder: Path) -> Path:
    """Write ``dossier.schema.json`` into ``folder``."""
    path = folder / "dossier.schema.json"
    path.write_text(json.dumps(dossier_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
