from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from corroborator.models import (
    Attribution,
    AttributionKind,
    Bound,
    Claim,
    ClaimGroup,
    ClaimGroupRelation,
    CopyGroup,
    CopyMember,
    CorrectionKind,
    Entity,
    EpistemicStatus,
    GroupCorrection,
    Mention,
    MergeEvidence,
    Outlet,
    PartialTime,
    Precision,
    QuantityClaim,
    RelationKind,
    Span,
    Story,
    TimeWindow,
    Verdict,
)
from corroborator.models.records import EXPORTED_KINDS, json_schema

ROOT = Path(__file__).resolve().parents[1]


def _examples() -> list[object]:
    span = Span(start=10, end=19, text="46 drones")
    return [
        GroupCorrection(
            id=1,
            story_id="s1",
            kind=CorrectionKind.VERDICT,
            claims=["c1"],
            verdict=Verdict.DISPUTED,
            reason="a rival count",
            by="Ana",
            at=datetime(2031, 3, 4, 12, 0, tzinfo=UTC),
            group_ids=["g1"],
        ),
        Outlet(id="wire.example", name="Wire", host="wire.example", wire_service=True),
        CopyGroup(
            id="cg-1",
            representative="a1",
            members=[CopyMember(article_id="a1", similarity=1.0, method="first")],
        ),
        Mention(id="m1", article_id="a1", span=span, label="PERSON", entity_id="e1"),
        Entity(
            id="e1",
            name="Yuriy Dashkin",
            kind="PERSON",
            aliases=["Yuri Dashkin"],
            evidence=[
                MergeEvidence(a="Yuriy Dashkin", b="Yuri Dashkin", reason="transliteration", score=0.93)
            ],
        ),
        Attribution(
            id="t1",
            article_id="a1",
            source=Span(start=0, end=7, text="Dashkin"),
            cue=Span(start=8, end=12, text="said"),
            content=[span],
            kind=AttributionKind.INDIRECT,
        ),
        Claim(
            id="c1",
            article_id="a1",
            span=span,
            status=EpistemicStatus.HEDGED,
            hedges=["reportedly"],
            chain=["Dashkin", "Astra", "wire.example"],
            claimant="Dashkin",
        ),
        QuantityClaim(
            id="q1",
            article_id="a1",
            span=span,
            value=46,
            bound=Bound.EXACT,
            counted_thing="drones",
            action="shot down",
            claimant="Dashkin",
            window=TimeWindow(text="during the visit", start=PartialTime.from_date(date(2025, 5, 20))),
        ),
        Story(id="s1", label="Helicopter claim", article_ids=["a1", "a2"], n_articles=2),
        ClaimGroup(
            id="g1",
            story_id="s1",
            label="46 drones shot down",
            claim_ids=["c1"],
            verdict=Verdict.SINGLE_PARTY,
            relations=[
                ClaimGroupRelation(source="g1", target="g2", kind=RelationKind.CONFLICTS, reason="46 vs 20")
            ],
        ),
    ]


@pytest.mark.parametrize("example", _examples(), ids=lambda e: type(e).__name__)
def test_every_model_round_trips_through_json(example: object) -> None:
    model = type(example)
    text = example.model_dump_json()  # type: ignore[attr-defined]
    assert model.model_validate_json(text) == example  # type: ignore[attr-defined]


def test_models_are_frozen() -> None:
    span = Span(start=0, end=3, text="abc")
    with pytest.raises(ValidationError):
        span.start = 1  # type: ignore[misc]


def test_span_rejects_end_before_start() -> None:
    with pytest.raises(ValidationError, match="before its start"):
        Span(start=5, end=2, text="")


def test_partial_time_keeps_day_precision_and_normalises_times_to_utc() -> None:
    day = PartialTime.from_date(date(2025, 5, 24))
    assert (day.value, day.precision) == ("2025-05-24", Precision.DAY)
    assert day.start() == datetime(2025, 5, 24, tzinfo=UTC)
    assert day.end() - day.start() == timedelta(days=1)
    kyiv = timezone(timedelta(hours=3))
    minute = PartialTime.from_datetime(datetime(2025, 5, 25, 1, 30, tzinfo=kyiv), Precision.MINUTE)
    assert minute.value == "2025-05-24T22:30Z"
    assert PartialTime(value="2025-05", precision=Precision.MONTH).end() == datetime(2025, 6, 1, tzinfo=UTC)


def test_partial_time_refuses_a_time_without_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        PartialTime.from_datetime(datetime(2025, 5, 25, 1, 30), Precision.MINUTE)


@pytest.mark.parametrize("kind", list(EXPORTED_KINDS))
def test_published_schemas_are_current(kind: str) -> None:
    """schemas/ in the repository is what the models say (regenerate: make schemas)."""
    published = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(kind)


EXPORTED_EXAMPLES = [e for e in _examples() if type(e) in EXPORTED_KINDS.values()]


@pytest.mark.parametrize("example", EXPORTED_EXAMPLES, ids=lambda e: type(e).__name__)
def test_examples_validate_against_their_published_schema(example: object) -> None:
    kind = next(k for k, model in EXPORTED_KINDS.items() if model is type(example))
    data = json.loads(example.model_dump_json())  # type: ignore[attr-defined]
    jsonschema.validate(data, json_schema(kind))
