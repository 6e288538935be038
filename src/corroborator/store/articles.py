"""Articles and outlets: idempotent inserts, revisions, reading back as models."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, RowMapping

from corroborator.models import Article, ArticleDraft, Genre, PartialTime, Precision, Provenance
from corroborator.models.article import SourceKind
from corroborator.store.copygroups import forget_article
from corroborator.store.stories import leave_stories
from corroborator.store.tables import articles, copy_group_members, outlets, parses, story_members
from corroborator.store.upsert import insert_new


class AddStatus(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    REVISED = "revised"


@dataclass(frozen=True)
class AddResult:
    status: AddStatus
    article_id: str
    revision_of: str | None = None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def outlet_id_for(name: str | None, host: str | None) -> str:
    """The outlet's slug: its host when known (stable across spellings of its name)."""
    if host:
        return host
    if name:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        if slug:
            return slug[:255]
    return "unknown"


def _ensure_outlets(connection: Connection, drafts: list[ArticleDraft]) -> list[str]:
    """The outlet id of each draft, creating the outlets not yet stored."""
    wanted: dict[str, tuple[str, str | None]] = {}
    ids = []
    for draft in drafts:
        host = draft.outlet_host or host_of(draft.url)
        outlet_id = outlet_id_for(draft.outlet, host)
        ids.append(outlet_id)
        name = draft.outlet or host or outlet_id
        if outlet_id not in wanted or (draft.outlet and wanted[outlet_id][0] == outlet_id):
            wanted[outlet_id] = (name, host)
    known = {
        row["id"]: row
        for row in connection.execute(select(outlets).where(outlets.c.id.in_(list(wanted)))).mappings()
    }
    # Another writer may store the same outlet at the same time: the first one stays.
    insert_new(
        connection,
        outlets,
        [{"id": i, "name": n, "host": h} for i, (n, h) in wanted.items() if i not in known],
    )
    for outlet_id, (name, _host) in wanted.items():
        row = known.get(outlet_id)
        # A record that names the outlet improves a name that was only its host.
        if (
            row is not None
            and row["name"] in (row["host"], outlet_id)
            and name not in (row["name"], outlet_id)
        ):
            connection.execute(update(outlets).where(outlets.c.id == outlet_id).values(name=name))
    return ids


def existing_ids(connection: Connection, ids: Iterable[str]) -> set[str]:
    """Which of these article ids are stored."""
    return set(connection.execute(select(articles.c.id).where(articles.c.id.in_(list(ids)))).scalars())


def add_articles(connection: Connection, drafts: list[ArticleDraft]) -> list[AddResult]:
    """Store drafts in one go.  The same content again is a no-op; new content at a
    known locator (or file) becomes the next revision of the article there, which is kept.

    Lookups are made once for the whole batch, and drafts within the batch see each
    other (a batch may hold two versions of one URL).
    """
    if not drafts:
        return []
    ids = [draft.article_id for draft in drafts]
    stored = existing_ids(connection, ids)
    locators = {draft.revision_key for draft in drafts if draft.revision_key}
    current: dict[str, tuple[str, int]] = {}
    if locators:
        query = select(articles.c.locator, articles.c.id, articles.c.revision).where(
            articles.c.locator.in_(list(locators)), articles.c.is_current.is_(True)
        )
        current = {
            locator: (article_id, revision) for locator, article_id, revision in connection.execute(query)
        }
    outlet_ids = _ensure_outlets(connection, drafts)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    superseded: list[str] = []
    results = []
    for draft, article_id, outlet_id in zip(drafts, ids, outlet_ids, strict=True):
        if article_id in stored:
            results.append(AddResult(AddStatus.UNCHANGED, article_id))
            continue
        stored.add(article_id)
        key = draft.revision_key
        previous = current.get(key) if key else None
        rows.append(_row(draft, article_id, outlet_id, previous, now))
        if key:
            current[key] = (article_id, previous[1] + 1 if previous else 1)
        if previous is None:
            results.append(AddResult(AddStatus.NEW, article_id))
        else:
            superseded.append(previous[0])
            results.append(AddResult(AddStatus.REVISED, article_id, revision_of=previous[0]))
    # An id is a content hash: a row another writer stored first is this one.
    insert_new(connection, articles, rows)
    if superseded:
        connection.execute(update(articles).where(articles.c.id.in_(superseded)).values(is_current=False))
        # Copy groups and stories hold current articles only: a superseded revision leaves
        # both (its text stays stored; its successor is placed when the stages run).
        for old_id in superseded:
            forget_article(connection, old_id)
            leave_stories(connection, old_id)
    return results


def add_article(connection: Connection, draft: ArticleDraft) -> AddResult:
    """Store one draft (see :func:`add_articles`)."""
    return add_articles(connection, [draft])[0]


def _row(
    draft: ArticleDraft, article_id: str, outlet_id: str, previous: tuple[str, int] | None, now: datetime
) -> dict[str, Any]:
    published = draft.published
    return {
        "id": article_id,
        "external_id": draft.external_id,
        "url": draft.url,
        "outlet_id": outlet_id,
        "title": draft.title,
        "author": draft.author,
        "published": published.value if published else None,
        "published_precision": published.precision.value if published else None,
        "published_start": published.start() if published else None,
        "language": draft.language,
        "language_confidence": draft.language_confidence,
        "text": draft.text,
        "genre": Genre.UNKNOWN.value,
        "source_kind": draft.provenance.kind.value,
        "source": draft.provenance.source,
        "source_location": draft.provenance.location,
        "locator": draft.revision_key,
        "content_hash": draft.content_hash,
        "revision": previous[1] + 1 if previous else 1,
        "revision_of": previous[0] if previous else None,
        "is_current": True,
        "ingested_at": now,
        "extra": draft.extra or None,
    }


def article_from_row(row: RowMapping) -> Article:
    published = None
    if row["published"]:
        published = PartialTime(value=row["published"], precision=Precision(row["published_precision"]))
    ingested = row["ingested_at"]
    if ingested.tzinfo is None:
        ingested = ingested.replace(tzinfo=UTC)
    return Article(
        id=row["id"],
        external_id=row["external_id"],
        url=row["url"],
        outlet=row["outlet_id"],
        title=row["title"],
        author=row["author"],
        published=published,
        language=row["language"],
        language_confidence=row["language_confidence"],
        text=row["text"],
        genre=Genre(row["genre"]),
        provenance=Provenance(
            kind=SourceKind(row["source_kind"]),
            source=row["source"],
            location=row["source_location"],
        ),
        content_hash=row["content_hash"],
        revision=row["revision"],
        revision_of=row["revision_of"],
        is_current=bool(row["is_current"]),
        ingested_at=ingested,
        extra=row["extra"] or {},
    )


def get_articles(connection: Connection, ids: Iterable[str]) -> list[Article]:
    """The articles with these ids, in the order given (missing ids are left out)."""
    wanted = list(ids)
    rows = connection.execute(select(articles).where(articles.c.id.in_(wanted))).mappings()
    by_id = {row["id"]: article_from_row(row) for row in rows}
    return [by_id[i] for i in wanted if i in by_id]


def iter_article_rows(
    connection: Connection, *, current_only: bool = True, chunk: int = 500
) -> Iterator[dict[str, Any]]:
    """Every article as an export row (with its copy group and story), streamed in id order."""
    query = (
        select(
            articles,
            copy_group_members.c.copy_group_id.label("copy_group"),
            copy_group_members.c.similarity.label("copy_similarity"),
            parses.c.status.label("parse_status"),
            parses.c.note.label("parse_note"),
            story_members.c.story_id.label("story"),
        )
        .select_from(
            articles.outerjoin(copy_group_members, copy_group_members.c.article_id == articles.c.id)
            .outerjoin(parses, parses.c.article_id == articles.c.id)
            .outerjoin(story_members, story_members.c.article_id == articles.c.id)
        )
        .order_by(articles.c.id)
    )
    if current_only:
        query = query.where(articles.c.is_current.is_(True))
    last = ""
    while True:
        rows = connection.execute(query.where(articles.c.id > last).limit(chunk)).mappings().all()
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last = rows[-1]["id"]


def outlet_names(connection: Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in connection.execute(select(outlets.c.id, outlets.c.name))}
