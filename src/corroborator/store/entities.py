"""Entities in the store: the name-key index that finds candidates, links from mentions,
the evidence of each merge, and a user's merges and splits (overrides)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.engine import Connection

from corroborator.store.tables import (
    articles,
    entities,
    entity_keys,
    entity_merge_evidence,
    entity_overrides,
    mentions,
    story_members,
)
from corroborator.store.upsert import insert_new

CHUNK = 500


@dataclass
class EntityRow:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)


def mention_inputs(connection: Connection, article_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Each article's mentions (id, start_char, end_char, text, label), in text order."""
    found: dict[str, list[dict[str, Any]]] = {article_id: [] for article_id in article_ids}
    query = (
        select(mentions.c.id, mentions.c.article_id, mentions.c.start_char, mentions.c.end_char)
        .add_columns(mentions.c.text, mentions.c.label)
        .where(mentions.c.article_id.in_(list(article_ids)))
        .order_by(mentions.c.article_id, mentions.c.start_char)
    )
    for row in connection.execute(query).mappings():
        found[row["article_id"]].append(dict(row))
    return found


def clear_article(connection: Connection, article_id: str) -> None:
    """Undo what resolving the article did (a user's decisions stay); entities left with no
    mention and no user decision are removed."""
    touched = [
        row[0]
        for row in connection.execute(
            select(mentions.c.entity_id)
            .where(mentions.c.article_id == article_id, mentions.c.entity_id.is_not(None))
            .distinct()
        )
    ]
    connection.execute(update(mentions).where(mentions.c.article_id == article_id).values(entity_id=None))
    connection.execute(
        delete(entity_merge_evidence).where(
            entity_merge_evidence.c.article_id == article_id, entity_merge_evidence.c.by_user.is_(False)
        )
    )
    for entity_id in touched:
        used = connection.execute(
            select(mentions.c.id).where(mentions.c.entity_id == entity_id).limit(1)
        ).first()
        pinned = connection.execute(
            select(entity_overrides.c.id).where(entity_overrides.c.entity_id == entity_id).limit(1)
        ).first()
        if used is None and pinned is None:
            delete_entity(connection, entity_id)


def delete_entity(connection: Connection, entity_id: str) -> None:
    connection.execute(delete(entity_keys).where(entity_keys.c.entity_id == entity_id))
    connection.execute(delete(entity_merge_evidence).where(entity_merge_evidence.c.entity_id == entity_id))
    connection.execute(update(mentions).where(mentions.c.entity_id == entity_id).values(entity_id=None))
    connection.execute(delete(entities).where(entities.c.id == entity_id))


def entities_with_key(connection: Connection, key: str) -> list[str]:
    query = select(entity_keys.c.entity_id).where(entity_keys.c.key == key).order_by(entity_keys.c.entity_id)
    return [row[0] for row in connection.execute(query)]


def get_entities(connection: Connection, ids: Iterable[str]) -> dict[str, EntityRow]:
    wanted = list(dict.fromkeys(ids))
    found: dict[str, EntityRow] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(entities).where(entities.c.id.in_(wanted[start : start + CHUNK]))
        for row in connection.execute(query).mappings():
            found[row["id"]] = EntityRow(
                row["id"], row["name"], row["kind"], list(row["aliases"]), list(row["descriptions"] or [])
            )
    return found


def save_entity(connection: Connection, entity: EntityRow, *, new: bool) -> None:
    values = {
        "name": entity.name,
        "kind": entity.kind,
        "aliases": entity.aliases,
        "descriptions": entity.descriptions,
    }
    if new:
        connection.execute(entities.insert().values(id=entity.id, **values))
    else:
        connection.execute(update(entities).where(entities.c.id == entity.id).values(**values))


def add_keys(connection: Connection, entity_id: str, keys: Iterable[str]) -> list[str]:
    """Index the entity under these keys; returns the keys that were new."""
    wanted = sorted(set(keys))
    have = {
        row[0]
        for row in connection.execute(
            select(entity_keys.c.key).where(
                entity_keys.c.entity_id == entity_id, entity_keys.c.key.in_(wanted)
            )
        )
    }
    new = [key for key in wanted if key not in have]
    if new:
        insert_new(connection, entity_keys, [{"key": key, "entity_id": entity_id} for key in new])
    return new


def add_evidence(
    connection: Connection,
    entity_id: str,
    found: Sequence[tuple[str, str, str, float | None]],
    *,
    article_id: str | None = None,
    by_user: bool = False,
) -> None:
    rows = [
        {
            "entity_id": entity_id,
            "a": a,
            "b": b,
            "reason": reason,
            "score": score,
            "by_user": by_user,
            "article_id": article_id,
        }
        for a, b, reason, score in found
    ]
    if rows:
        connection.execute(entity_merge_evidence.insert(), rows)


def link_mentions(connection: Connection, mention_ids: Sequence[str], entity_id: str) -> None:
    for start in range(0, len(mention_ids), CHUNK):
        chunk = list(mention_ids[start : start + CHUNK])
        connection.execute(update(mentions).where(mentions.c.id.in_(chunk)).values(entity_id=entity_id))


def entities_in_story(connection: Connection, story_id: str, candidates: Sequence[str]) -> set[str]:
    """Which of the candidate entities are mentioned in an article of the story."""
    if not candidates:
        return set()
    query = (
        select(mentions.c.entity_id)
        .join(story_members, story_members.c.article_id == mentions.c.article_id)
        .where(story_members.c.story_id == story_id, mentions.c.entity_id.in_(list(candidates)))
        .distinct()
    )
    return {row[0] for row in connection.execute(query)}


def overrides_for(connection: Connection, aliases: Iterable[str]) -> list[tuple[str, str, str]]:
    """A user's decisions about these aliases: (action, alias, entity id), oldest first."""
    wanted = sorted(set(aliases))
    if not wanted:
        return []
    query = (
        select(entity_overrides.c.action, entity_overrides.c.alias, entity_overrides.c.entity_id)
        .where(entity_overrides.c.alias.in_(wanted))
        .order_by(entity_overrides.c.id)
    )
    return [(row[0], row[1], row[2]) for row in connection.execute(query)]


def add_override(connection: Connection, action: str, alias: str, entity_id: str) -> None:
    connection.execute(
        delete(entity_overrides).where(
            entity_overrides.c.alias == alias, entity_overrides.c.action == "merge"
        )
        if action == "merge"
        else delete(entity_overrides).where(
            entity_overrides.c.alias == alias,
            entity_overrides.c.entity_id == entity_id,
            entity_overrides.c.action == "merge",
        )
    )
    connection.execute(entity_overrides.insert().values(action=action, alias=alias, entity_id=entity_id))


def forget_split(connection: Connection, alias: str, entity_id: str) -> None:
    connection.execute(
        delete(entity_overrides).where(
            entity_overrides.c.alias == alias,
            entity_overrides.c.entity_id == entity_id,
            entity_overrides.c.action == "split",
        )
    )


def move_entity(connection: Connection, source: str, target: str) -> None:
    """Everything of entity ``source`` (mentions, keys, evidence, overrides) to ``target``."""
    connection.execute(update(mentions).where(mentions.c.entity_id == source).values(entity_id=target))
    keys = [
        row[0]
        for row in connection.execute(select(entity_keys.c.key).where(entity_keys.c.entity_id == source))
    ]
    add_keys(connection, target, keys)
    connection.execute(
        update(entity_merge_evidence)
        .where(entity_merge_evidence.c.entity_id == source)
        .values(entity_id=target)
    )
    connection.execute(
        update(entity_overrides).where(entity_overrides.c.entity_id == source).values(entity_id=target)
    )
    delete_entity(connection, source)


def entity_mentions(connection: Connection, entity_id: str) -> list[dict[str, Any]]:
    query = select(mentions.c.id, mentions.c.text, mentions.c.label).where(mentions.c.entity_id == entity_id)
    return [dict(row) for row in connection.execute(query).mappings()]


def mentions_around(
    connection: Connection,
    *,
    story_id: str | None = None,
    entity_id: str | None = None,
    labels: Collection[str] | None = None,
    window: int = 48,
) -> list[dict[str, Any]]:
    """Mentions of a story or an entity (of these labels, if given), each with the article text
    around it: ``around`` holds up to ``window`` characters either side, and ``start_char``
    and ``end_char`` are offsets into ``around``."""
    begin = case((mentions.c.start_char > window, mentions.c.start_char - window), else_=0)
    query = select(
        mentions.c.id,
        mentions.c.article_id,
        mentions.c.text,
        mentions.c.label,
        (mentions.c.start_char - begin).label("start_char"),
        (mentions.c.end_char - begin).label("end_char"),
        func.substr(articles.c.text, begin + 1, mentions.c.end_char - begin + window).label("around"),
    ).join(articles, articles.c.id == mentions.c.article_id)
    if story_id is not None:
        query = query.join(story_members, story_members.c.article_id == mentions.c.article_id).where(
            story_members.c.story_id == story_id
        )
    if entity_id is not None:
        query = query.where(mentions.c.entity_id == entity_id)
    if labels is not None:
        query = query.where(mentions.c.label.in_(sorted(labels)))
    return [dict(row) for row in connection.execute(query.order_by(mentions.c.id)).mappings()]


def story_article_ids(connection: Connection, story_id: str) -> list[str]:
    query = select(story_members.c.article_id).where(story_members.c.story_id == story_id)
    return sorted(row[0] for row in connection.execute(query))


def iter_entity_rows(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every entity with its mention count and merge evidence, most mentioned first."""
    counts = (
        select(mentions.c.entity_id, func.count().label("n"))
        .where(mentions.c.entity_id.is_not(None))
        .group_by(mentions.c.entity_id)
        .subquery()
    )
    query = (
        select(entities, func.coalesce(counts.c.n, 0).label("n_mentions"))
        .outerjoin(counts, counts.c.entity_id == entities.c.id)
        .order_by(func.coalesce(counts.c.n, 0).desc(), entities.c.name, entities.c.id)
    )
    rows = [dict(row) for row in connection.execute(query).mappings()]
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        evidence: dict[str, list[dict[str, Any]]] = {row["id"]: [] for row in chunk}
        found = select(entity_merge_evidence).where(entity_merge_evidence.c.entity_id.in_(list(evidence)))
        for item in connection.execute(found.order_by(entity_merge_evidence.c.id)).mappings():
            evidence[item["entity_id"]].append(
                {k: item[k] for k in ("a", "b", "reason", "score", "by_user")}
                | {"by_user": bool(item["by_user"])}
            )
        for row in chunk:
            row["descriptions"] = list(row["descriptions"] or [])
            row["evidence"] = evidence[row["id"]]
            yield row


def name_mentions(connection: Connection, labels: Sequence[str]) -> Iterator[tuple[str, str, str | None]]:
    """(text, label, entity id) of every mention with one of these labels."""
    query = select(mentions.c.text, mentions.c.label, mentions.c.entity_id).where(
        mentions.c.label.in_(list(labels))
    )
    for row in connection.execute(query):
        yield row[0], row[1], row[2]
