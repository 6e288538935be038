"""Which kinds can be exported, and the records of each, streamed from the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from corroborator.errors import NotYetAvailable
from corroborator.export.claim_reviews import JUDGEMENTS, claim_reviews
from corroborator.models import GroupCorrection
from corroborator.models.claim_review import ClaimReview
from corroborator.models.records import (
    EXPORTED_KINDS,
    ArticleRecord,
    AttributionRecord,
    ClaimGroupMemberRecord,
    ClaimGroupRecord,
    ClaimRecord,
    CopyGroupMemberRecord,
    CopyGroupRecord,
    EntityRecord,
    QuantityRecord,
    QuoteRecord,
    SpanRecord,
    StoryMemberRecord,
    StoryRecord,
)
from corroborator.registry import Registry
from corroborator.store import Store
from corroborator.store.articles import iter_article_rows, outlet_names
from corroborator.store.claim_group_corrections import iter_corrections
from corroborator.store.claim_groups import claim_facts, iter_claim_groups
from corroborator.store.copygroups import iter_copy_groups, member_facts
from corroborator.store.entities import iter_entity_rows
from corroborator.store.extraction import (
    claim_from_row,
    iter_attribution_rows,
    iter_claim_rows,
    iter_quantity_rows,
)
from corroborator.store.presentation import article_titles
from corroborator.store.quotes import iter_quote_rows
from corroborator.store.stories import iter_story_rows

Exporter = Callable[[Store], Iterator[BaseModel]]
exporters: Registry[Exporter] = Registry("export kind")

# Kinds whose stage is not part of this version, and the stage that will fill them.
LATER: dict[str, str] = {}


@exporters.register("articles")
def article_records(store: Store) -> Iterator[ArticleRecord]:
    with store.reading() as connection:
        names = outlet_names(connection)
        for row in iter_article_rows(connection):
            yield ArticleRecord(
                **{
                    key: row[key]
                    for key in ArticleRecord.model_fields
                    if key in row and key not in ("outlet",)
                },
                outlet=row["outlet_id"],
                extraction=row["parse_note"] or row["parse_status"],
                outlet_name=names.get(row["outlet_id"], row["outlet_id"]),
            )


@exporters.register("copy-groups")
def copy_group_records(store: Store) -> Iterator[CopyGroupRecord]:
    with store.reading() as connection:
        for group in iter_copy_groups(connection):
            facts = member_facts(connection, [member.article_id for member in group.members])
            yield CopyGroupRecord(
                id=group.id,
                representative=group.representative,
                size=group.size,
                members=[
                    CopyGroupMemberRecord(
                        article_id=m.article_id,
                        external_id=facts[m.article_id]["external_id"],
                        url=facts[m.article_id]["url"],
                        outlet=facts[m.article_id]["outlet_id"] or "",
                        similarity=m.similarity,
                        matched_with=m.matched_with,
                        method=m.method,
                    )
                    for m in group.members
                ],
            )


@exporters.register("stories")
def story_records(store: Store) -> Iterator[StoryRecord]:
    with store.reading() as connection:
        for row in iter_story_rows(connection):
            members = [StoryMemberRecord(**{**m, "pinned": bool(m["pinned"])}) for m in row["members"]]
            yield StoryRecord(**{**row, "members": members})


@exporters.register("entities")
def entity_records(store: Store) -> Iterator[EntityRecord]:
    with store.reading() as connection:
        for row in iter_entity_rows(connection):
            yield EntityRecord(**{key: row[key] for key in EntityRecord.model_fields})


@exporters.register("attributions")
def attribution_records(store: Store) -> Iterator[AttributionRecord]:
    with store.reading() as connection:
        yield from (attribution_record(row) for row in iter_attribution_rows(connection))


@exporters.register("quotes")
def quote_records(store: Store) -> Iterator[QuoteRecord]:
    with store.reading() as connection:
        yield from (quote_record(row) for row in iter_quote_rows(connection))


def quote_record(row: dict[str, Any]) -> QuoteRecord:
    """A stored quote row (with its article's external_id, url and outlet_id) as a record."""
    return QuoteRecord(
        **_common(row),
        quote=SpanRecord(start=row["start_char"], end=row["end_char"], text=row["text"]),
        pieces=[SpanRecord(**piece) for piece in row["pieces"]],
        kind=row["kind"],
        speaker=_span(row, "speaker"),
        speaker_name=row["speaker_name"],
        speaker_entity_id=row["speaker_entity_id"],
        speaker_reason=row["speaker_reason"],
        verb=_span(row, "verb"),
        floating=bool(row["floating"]),
        attribution_id=row["attribution_id"],
    )


@exporters.register("claims")
def claim_records(store: Store) -> Iterator[ClaimRecord]:
    with store.reading() as connection:
        yield from (claim_record(row) for row in iter_claim_rows(connection))


@exporters.register("quantities")
def quantity_records(store: Store) -> Iterator[QuantityRecord]:
    with store.reading() as connection:
        yield from (quantity_record(row) for row in iter_quantity_rows(connection))


def attribution_record(row: dict[str, Any]) -> AttributionRecord:
    """A stored attribution row (with its article's external_id, url and outlet_id) as a record."""
    return AttributionRecord(
        **_common(row),
        source=_span(row, "source"),
        source_resolved=row["source_resolved"],
        cue=_span(row, "cue") or SpanRecord(start=0, end=0, text=""),
        content=_span(row, "content") or SpanRecord(start=0, end=0, text=""),
        content_pieces=[SpanRecord(**piece) for piece in row["content_spans"]],
        kind=row["kind"],
        parent_id=row["parent_id"],
    )


def claim_record(row: dict[str, Any]) -> ClaimRecord:
    """A stored claim row (with its article's external_id, url and outlet_id) as a record."""
    claim = claim_from_row(row)
    return ClaimRecord(
        **_common(row),
        span=SpanRecord(**claim.span.model_dump()),
        **claim.model_dump(mode="json", exclude={"id", "article_id", "span"}),
    )


def quantity_record(row: dict[str, Any]) -> QuantityRecord:
    """A stored quantity row (with its article's external_id, url and outlet_id) as a record."""
    return QuantityRecord(
        **_common(row),
        claim_id=row["claim_id"],
        span=SpanRecord(start=row["start_char"], end=row["end_char"], text=row["text"]),
        **{key: row[key] for key in _QUANTITY_FIELDS},
    )


def claim_group_records(store: Store) -> Iterator[ClaimGroupRecord]:
    with store.reading() as connection:
        for group in iter_claim_groups(connection):
            facts = claim_facts(connection, group.claim_ids)
            members = []
            for member in group.members:
                row = facts.get(member.claim_id, {})
                members.append(
                    ClaimGroupMemberRecord(
                        claim_id=member.claim_id,
                        article_id=member.article_id,
                        external_id=row.get("external_id"),
                        url=row.get("url"),
                        outlet=row.get("outlet_id", ""),
                        span=SpanRecord(
                            start=row.get("start_char") or 0,
                            end=row.get("end_char") or 0,
                            text=row.get("text") or "",
                        ),
                        status=member.status.value,
                        claimant=member.claimant,
                        origin=member.origin,
                        party=member.party,
                    )
                )
            yield ClaimGroupRecord(
                **group.model_dump(
                    include=set(ClaimGroupRecord.model_fields)
                    - {"members", "verdict", "relations", "corrections"}
                ),
                verdict=group.verdict.value if group.verdict else None,
                relations=group.relations,
                members=members,
                corrections=group.corrections,
            )


exporters.register("claim-groups")(claim_group_records)


def claim_review_records(store: Store, link_base: str | None = None) -> Iterator[ClaimReview]:
    """schema.org ClaimReview records of the claim groups a person reviewed or gave a verdict;
    with ``link_base`` (a web app's URL) each review's ``url`` is its group's page there."""
    groups = [g for g in claim_group_records(store) if any(c.kind in JUDGEMENTS for c in g.corrections)]
    with store.reading() as connection:
        titles = article_titles(connection, [m.article_id for g in groups for m in g.members])
        names = outlet_names(connection)
    named = [
        g.model_copy(
            update={
                "members": [m.model_copy(update={"outlet": names.get(m.outlet, m.outlet)}) for m in g.members]
            }
        )
        for g in groups
    ]
    yield from claim_reviews(named, titles, link_base)


exporters.register("claim-reviews")(claim_review_records)


@exporters.register("corrections")
def correction_records(store: Store) -> Iterator[GroupCorrection]:
    """People's corrections of claim groups, oldest first, each with where it holds now."""
    with store.reading() as connection:
        yield from iter_corrections(connection)


_QUANTITY_FIELDS = (
    "value low high bound vague vague_word counted_thing action claimant place window_text window_start "
    "window_end parts"
).split()


def _common(row: dict[str, Any]) -> dict[str, Any]:
    """The fields every per-article record carries, so results join back to the user's data."""
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        "external_id": row["external_id"],
        "url": row["url"],
        "outlet": row["outlet_id"],
    }


def _span(row: dict[str, object], role: str) -> SpanRecord | None:
    start, end, text = row[f"{role}_start_char"], row[f"{role}_end_char"], row[f"{role}_text"]
    if start is None or end is None:
        return None
    return SpanRecord(start=int(str(start)), end=int(str(end)), text=str(text))


def export_records(kind: str, store: Store) -> Iterator[BaseModel]:
    """The records of ``kind``; NotYetAvailable for kinds a later stage will fill."""
    if kind in LATER and kind not in exporters:
        raise NotYetAvailable(
            f"export of {kind} is not available yet: the {LATER[kind]} stage is not part of this version"
        )
    return exporters.get(kind)(store)


def record_type(kind: str) -> type[BaseModel] | None:
    """The record type of ``kind``'s export (for a CSV header even when nothing is exported)."""
    return EXPORTED_KINDS.get(kind)
