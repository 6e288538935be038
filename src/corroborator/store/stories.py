"""Stories in the store: membership, users' placements, labels, and reading stories out.

What clustering keeps to place articles (signals, families, term counts) is in
``store.story_signals``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from corroborator.models import PartialTime, Story
from corroborator.store.claim_groups import delete_claim_groups
from corroborator.store.ids import complete_id
from corroborator.store.story_signals import by_article
from corroborator.store.tables import (
    articles,
    copy_group_members,
    stories,
    story_members,
    story_postings,
    story_signals,
)

# ---- membership ------------------------------------------------------------------------------


def copy_mate_story(connection: Connection, article_id: str) -> tuple[str, str, str] | None:
    """``(article, story, family)`` of another member of the article's copy group already
    in a story, if any."""
    mates = select(copy_group_members.c.copy_group_id).where(copy_group_members.c.article_id == article_id)
    query = (
        select(copy_group_members.c.article_id, story_members.c.story_id, story_signals.c.family_id)
        .join(story_members, story_members.c.article_id == copy_group_members.c.article_id)
        .join(story_signals, story_signals.c.article_id == copy_group_members.c.article_id)
        .where(
            copy_group_members.c.copy_group_id.in_(mates),
            copy_group_members.c.article_id != article_id,
            story_signals.c.family_id.is_not(None),
        )
        .order_by(copy_group_members.c.article_id)
        .limit(1)
    )
    row = connection.execute(query).first()
    return (row[0], row[1], row[2]) if row is not None else None


def resolve_article(connection: Connection, reference: str) -> str | None:
    """A current article named by its id, external id or URL, or the start of its id (None when
    none or several; AmbiguousId when the start of several ids)."""
    for column in (articles.c.id, articles.c.external_id, articles.c.url):
        rows = connection.execute(
            select(articles.c.id).where(column == reference, articles.c.is_current.is_(True)).limit(2)
        ).all()
        if len(rows) == 1:
            return str(rows[0][0])
    completed = complete_id(connection, "article", reference)
    return completed if completed != reference else None


def membership(connection: Connection, article_id: str) -> tuple[str, bool] | None:
    row = connection.execute(
        select(story_members.c.story_id, story_members.c.pinned).where(
            story_members.c.article_id == article_id
        )
    ).first()
    return (row[0], bool(row[1])) if row is not None else None


def set_member(connection: Connection, article_id: str, story_id: str, *, pinned: bool = False) -> None:
    done = connection.execute(
        update(story_members)
        .where(story_members.c.article_id == article_id)
        .values(story_id=story_id, pinned=pinned)
    )
    if done.rowcount == 0:
        connection.execute(
            insert(story_members).values(article_id=article_id, story_id=story_id, pinned=pinned)
        )


def remove_member(connection: Connection, article_id: str) -> None:
    connection.execute(delete(story_members).where(story_members.c.article_id == article_id))


def ensure_story(
    connection: Connection, story_id: str, family_id: str | None, *, pinned: bool = False
) -> None:
    exists = connection.execute(select(stories.c.id).where(stories.c.id == story_id)).first()
    if exists is None:
        connection.execute(
            insert(stories).values(id=story_id, label="", key_entities=[], pinned=pinned, family_id=family_id)
        )
    else:
        values: dict[str, Any] = {"family_id": family_id}
        if pinned:
            values["pinned"] = True
        connection.execute(update(stories).where(stories.c.id == story_id).values(**values))


def story_exists(connection: Connection, story_id: str) -> bool:
    return connection.execute(select(stories.c.id).where(stories.c.id == story_id)).first() is not None


def story_family(connection: Connection, story_id: str) -> str | None:
    return connection.execute(select(stories.c.family_id).where(stories.c.id == story_id)).scalar()


def drop_empty_stories(connection: Connection, story_ids: Iterable[str]) -> list[str]:
    """Delete the given stories that have no member left; return those deleted."""
    dropped = []
    for story_id in sorted(set(story_ids)):
        size = connection.execute(
            select(func.count()).select_from(story_members).where(story_members.c.story_id == story_id)
        ).scalar()
        if not size:
            delete_claim_groups(connection, [story_id])
            connection.execute(delete(stories).where(stories.c.id == story_id))
            dropped.append(story_id)
    return dropped


def leave_stories(connection: Connection, article_id: str) -> None:
    """A superseded revision leaves its story and its family (its successor is placed when
    the stories stage runs).  Its share of the family centroid and of the term counts
    stays until the family changes again: a small drift, not a wrong placement."""
    placed = membership(connection, article_id)
    connection.execute(delete(story_members).where(story_members.c.article_id == article_id))
    connection.execute(delete(story_postings).where(story_postings.c.article_id == article_id))
    connection.execute(
        update(story_signals)
        .where(story_signals.c.article_id == article_id)
        .values(family_id=None, note="superseded by a later revision")
    )
    if placed is not None:
        drop_empty_stories(connection, [placed[0]])


def save_label(
    connection: Connection,
    story_id: str,
    *,
    label: str,
    first_published: str | None,
    last_published: str | None,
    key_entities: list[str],
) -> None:
    connection.execute(
        update(stories)
        .where(stories.c.id == story_id)
        .values(
            label=label,
            first_published=first_published,
            last_published=last_published,
            key_entities=key_entities,
        )
    )


# ---- reading stories ------------------------------------------------------------------------


def _published(value: str | None) -> PartialTime | None:
    if not value:
        return None
    precision = {4: "year", 7: "month", 10: "day", 17: "minute"}.get(len(value), "second")
    return PartialTime.model_validate({"value": value, "precision": precision})


def iter_story_rows(connection: Connection, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Stories with their members (id order) and counts, largest first."""
    size = func.count(story_members.c.article_id)
    query = (
        select(stories, size.label("size"))
        .outerjoin(story_members, story_members.c.story_id == stories.c.id)
        .group_by(stories.c.id)
        .order_by(size.desc(), stories.c.id)
    )
    if ids is not None:
        query = query.where(stories.c.id.in_(list(ids)))
    for row in connection.execute(query).mappings().all():
        members = [
            dict(member)
            for member in connection.execute(
                select(
                    articles.c.id.label("article_id"),
                    articles.c.external_id,
                    articles.c.url,
                    articles.c.outlet_id.label("outlet"),
                    articles.c.title,
                    articles.c.published,
                    copy_group_members.c.copy_group_id.label("copy_group"),
                    story_members.c.pinned,
                )
                .join(story_members, story_members.c.article_id == articles.c.id)
                .outerjoin(copy_group_members, copy_group_members.c.article_id == articles.c.id)
                .where(story_members.c.story_id == row["id"])
                .order_by(articles.c.id)
            ).mappings()
        ]
        yield {
            **{key: row[key] for key in ("id", "label", "first_published", "last_published", "key_entities")},
            "pinned": bool(row["pinned"]),
            "n_articles": len(members),
            "n_outlets": len({m["outlet"] for m in members}),
            "n_copy_groups": len({m["copy_group"] or m["article_id"] for m in members}),
            "members": members,
        }


def iter_stories(connection: Connection, ids: Sequence[str] | None = None) -> Iterator[Story]:
    for row in iter_story_rows(connection, ids):
        yield Story(
            id=row["id"],
            label=row["label"],
            article_ids=[m["article_id"] for m in row["members"]],
            first_published=_published(row["first_published"]),
            last_published=_published(row["last_published"]),
            key_entities=list(row["key_entities"]),
            n_articles=row["n_articles"],
            n_outlets=row["n_outlets"],
            n_copy_groups=row["n_copy_groups"],
            pinned=row["pinned"],
        )


def story_of(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    return by_article(connection, story_members.c.story_id, article_ids)
