"""What the align stage reads of one story, and which stories it has aligned from what.

A story's fingerprint covers its current members and when each was last extracted and
resolved: a new article, a revision, a user's merge, split or move, or a re-run of an
earlier stage changes it, and only then is the story aligned again.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from corroborator.models.common import LIST_ITEM
from corroborator.store.tables import (
    articles,
    attributions,
    claim_group_corrections,
    claims,
    copy_group_members,
    entities,
    mentions,
    outlets,
    parses,
    quantity_claims,
    stage_runs,
    stories,
    story_alignments,
    story_members,
)
from corroborator.store.upsert import upsert

UPSTREAM = ("extract", "entities")
CHUNK = 500


def story_fingerprints(connection: Connection, salt: str) -> dict[str, str]:
    """Every story's fingerprint: its members with the time each upstream stage last ran on
    them, their outlets' facts, and people's corrections of its claim groups."""
    runs: dict[str, list[str]] = defaultdict(list)
    query = (
        select(story_members.c.article_id, stage_runs.c.stage, stage_runs.c.finished_at)
        .join(stage_runs, stage_runs.c.article_id == story_members.c.article_id)
        .where(stage_runs.c.stage.in_(UPSTREAM))
    )
    for article_id, stage, finished in connection.execute(query):
        runs[article_id].append(f"{stage}@{finished}")
    members: dict[str, list[str]] = defaultdict(list)
    for story_id in connection.execute(select(stories.c.id)).scalars():
        members[story_id] = []
    # The outlet facts a user supplies decide parties too: a change re-aligns the story.
    query = (
        select(
            story_members.c.article_id,
            story_members.c.story_id,
            outlets.c.country,
            outlets.c.state_affiliated,
            outlets.c.wire_service,
        )
        .join(articles, articles.c.id == story_members.c.article_id)
        .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
    )
    for row in connection.execute(query):
        article_id, story_id, *facts = row
        members[story_id].append(f"{article_id}:{','.join(sorted(runs[article_id]))}:{facts}")
    query = select(claim_group_corrections.c.story_id, claim_group_corrections.c.id)
    for row in connection.execute(query):
        if row[0] in members:
            members[row[0]].append(f"correction:{row[1]}")
    return {
        story_id: hashlib.sha256("\n".join([salt, *sorted(rows)]).encode()).hexdigest()
        for story_id, rows in members.items()
    }


def aligned_fingerprints(connection: Connection) -> dict[str, str]:
    query = select(story_alignments.c.story_id, story_alignments.c.fingerprint)
    return {row[0]: row[1] for row in connection.execute(query)}


def mark_aligned(connection: Connection, story_id: str, fingerprint: str, note: str | None) -> None:
    row = {"story_id": story_id, "fingerprint": fingerprint, "aligned_at": datetime.now(UTC), "note": note}
    upsert(connection, story_alignments, row)


def forget_alignments(connection: Connection, story_ids: Sequence[str]) -> None:
    """Stories that are gone: their alignment records go too (their groups went with them)."""
    for start in range(0, len(story_ids), CHUNK):
        connection.execute(
            delete(story_alignments).where(story_alignments.c.story_id.in_(story_ids[start : start + CHUNK]))
        )


def members_without_claims(connection: Connection, story_id: str) -> list[dict[str, Any]]:
    """The story's current members that gave no claim: id, external id, url, title,
    outlet, and the parse's status and note (why it was not extracted, if so)."""
    has_claims = select(claims.c.article_id).where(claims.c.article_id == articles.c.id).exists()
    query = (
        select(
            articles.c.id,
            articles.c.external_id,
            articles.c.url,
            articles.c.title,
            articles.c.outlet_id.label("outlet"),
            parses.c.status,
            parses.c.note,
        )
        .join(story_members, story_members.c.article_id == articles.c.id)
        .outerjoin(parses, parses.c.article_id == articles.c.id)
        .where(story_members.c.story_id == story_id, articles.c.is_current.is_(True), ~has_claims)
        .order_by(articles.c.id)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def story_claims(connection: Connection, story_id: str) -> list[dict[str, Any]]:
    """The claims of the story's members with what alignment needs beside each: article,
    outlet facts, copy group, attribution source, the entities named in it, its quantities."""
    query = (
        select(
            claims,
            articles.c.outlet_id.label("outlet"),
            articles.c.genre,
            articles.c.published,
            outlets.c.country.label("outlet_country"),
            outlets.c.state_affiliated.label("outlet_state"),
            copy_group_members.c.copy_group_id.label("copy_group"),
            attributions.c.source_text,
            attributions.c.source_resolved,
            attributions.c.source_entity_id,
            attributions.c.source_start_char,
            attributions.c.source_end_char,
        )
        .join(articles, articles.c.id == claims.c.article_id)
        .join(story_members, story_members.c.article_id == claims.c.article_id)
        .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(copy_group_members, copy_group_members.c.article_id == claims.c.article_id)
        .outerjoin(attributions, attributions.c.id == claims.c.attribution_id)
        .where(story_members.c.story_id == story_id, articles.c.is_current.is_(True))
        .order_by(claims.c.article_id, claims.c.start_char, claims.c.id)
    )
    rows: list[dict[str, Any]] = [dict(row) for row in connection.execute(query).mappings()]
    article_ids = sorted({row["article_id"] for row in rows})
    found_mentions: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)
    found_quantities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    texts: dict[str, str] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        text_query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))
        texts.update((row[0], row[1]) for row in connection.execute(text_query))
        mention_query = select(
            mentions.c.article_id,
            mentions.c.start_char,
            mentions.c.end_char,
            mentions.c.entity_id,
            mentions.c.text,
            mentions.c.label,
        ).where(mentions.c.article_id.in_(chunk), mentions.c.entity_id.is_not(None))
        for article_id, begin, end, entity_id, text, label in connection.execute(mention_query):
            found_mentions[article_id].append((begin, end, entity_id, text, label))
        quantity_query = (
            select(quantity_claims)
            .where(quantity_claims.c.article_id.in_(chunk), quantity_claims.c.claim_id.is_not(None))
            .order_by(quantity_claims.c.start_char)
        )
        for quantity in connection.execute(quantity_query).mappings():
            found_quantities[quantity["claim_id"]].append(dict(quantity))
    people = {
        article_id: sorted({entity for _, _, entity, _, label in spans if label == "PERSON"})
        for article_id, spans in found_mentions.items()
    }
    for row in rows:
        spans = found_mentions[row["article_id"]]
        row["article_people"] = people.get(row["article_id"], [])
        row["entity_ids"] = sorted(
            {
                entity
                for begin, end, entity, _, _ in spans
                if begin >= row["start_char"] and end <= row["end_char"]
            }
        )
        source = (row["source_start_char"], row["source_end_char"])
        # (entity, label, text) of the names inside the attribution's source, in text order
        row["source_mentions"] = (
            [
                (entity, label, text)
                for begin, end, entity, text, label in sorted(spans)
                if begin >= source[0] and end <= source[1]
            ]
            if source[0] is not None and source[1] is not None
            else []
        )
        row["quantities"] = found_quantities[row["id"]]
        row["context"] = sentence_around(texts.get(row["article_id"], ""), row["start_char"], row["end_char"])
    return rows


# Where a sentence ends: after its stop, at a blank line, or before a list item's marker.
_BOUNDARY = re.compile(rf"(?<=[.!?])[\"\u201d']?\s+|\n\s*\n|\n{LIST_ITEM}")


def sentence_around(text: str, start: int | None, end: int | None) -> str:
    """The sentence (or sentences) holding characters ``start:end`` of the text."""
    if start is None or end is None or not text:
        return ""
    begin = 0
    for match in _BOUNDARY.finditer(text, 0, start):
        begin = match.end()
    found = _BOUNDARY.search(text, max(end - 1, begin))
    return text[begin : found.start() if found else len(text)].strip()


def entity_facts(connection: Connection, ids: Sequence[str]) -> dict[str, tuple[str, list[str], list[str]]]:
    """(name, aliases, descriptions) of each entity."""
    wanted = sorted(set(ids))
    found = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(entities.c.id, entities.c.name, entities.c.aliases, entities.c.descriptions).where(
            entities.c.id.in_(wanted[start : start + CHUNK])
        )
        for entity_id, name, aliases, descriptions in connection.execute(query):
            found[entity_id] = (name, list(aliases or []), list(descriptions or []))
    return found


def claims_by_url(connection: Connection) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Each current article's url -> its text and its claims (id, start, end, status)."""
    found: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    by_id: dict[str, str] = {}
    query = select(articles.c.id, articles.c.url, articles.c.text).where(
        articles.c.is_current.is_(True), articles.c.url.is_not(None)
    )
    for article_id, url, text in connection.execute(query):
        found[url] = (text, [])
        by_id[article_id] = url
    claim_query = select(
        claims.c.id, claims.c.article_id, claims.c.start_char, claims.c.end_char, claims.c.status
    )
    for claim_id, article_id, start, end, status in connection.execute(claim_query):
        if article_id in by_id:
            found[by_id[article_id]][1].append({"id": claim_id, "start": start, "end": end, "status": status})
    return found


def story_names(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """Each name mention's text in these articles -> the entity most of its mentions went to."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for start in range(0, len(article_ids), CHUNK):
        query = select(mentions.c.text, mentions.c.entity_id).where(
            mentions.c.article_id.in_(list(article_ids[start : start + CHUNK])),
            mentions.c.entity_id.is_not(None),
        )
        for text, entity_id in connection.execute(query):
            counts[text][entity_id] += 1
    return {text: min(found, key=lambda e: (-found[e], e)) for text, found in counts.items()}
