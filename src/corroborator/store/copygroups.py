"""Copy groups in the store: LSH buckets, signatures, group membership and merges."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.engine import Connection

from corroborator.models import CopyGroup, CopyMember
from corroborator.store.tables import (
    articles,
    copy_group_members,
    copy_groups,
    minhash_bands,
    minhash_signatures,
)


def forget_article(connection: Connection, article_id: str) -> None:
    """Remove an article's sketch and membership (before its dedupe stage runs again)."""
    connection.execute(delete(minhash_bands).where(minhash_bands.c.article_id == article_id))
    connection.execute(delete(minhash_signatures).where(minhash_signatures.c.article_id == article_id))
    group_id = connection.execute(
        select(copy_group_members.c.copy_group_id).where(copy_group_members.c.article_id == article_id)
    ).scalar()
    if group_id is None:
        return
    connection.execute(
        update(copy_group_members)
        .where(copy_group_members.c.matched_with == article_id)
        .values(matched_with=None)
    )
    connection.execute(delete(copy_group_members).where(copy_group_members.c.article_id == article_id))
    _refresh_group(connection, group_id)


def exact_copies(connection: Connection, content_hash: str, article_id: str) -> list[tuple[str, str]]:
    """Current grouped articles with the same text: ``(article id, copy group id)``."""
    query = (
        select(articles.c.id, copy_group_members.c.copy_group_id)
        .join(copy_group_members, copy_group_members.c.article_id == articles.c.id)
        .where(
            articles.c.content_hash == content_hash,
            articles.c.id != article_id,
            articles.c.is_current.is_(True),
        )
    )
    return [(row[0], row[1]) for row in connection.execute(query)]


def candidates(
    connection: Connection, buckets: Sequence[tuple[int, str]], article_id: str
) -> Iterator[tuple[str, str, np.ndarray]]:
    """Current grouped articles sharing an LSH bucket: ``(id, copy group, signature)``."""
    if not buckets:
        return
    shared = (
        select(minhash_bands.c.article_id)
        .where(tuple_(minhash_bands.c.band, minhash_bands.c.bucket).in_(list(buckets)))
        .where(minhash_bands.c.article_id != article_id)
        .distinct()
        .subquery()
    )
    query = (
        select(articles.c.id, copy_group_members.c.copy_group_id, minhash_signatures.c.signature)
        .join(shared, shared.c.article_id == articles.c.id)
        .join(minhash_signatures, minhash_signatures.c.article_id == articles.c.id)
        .join(copy_group_members, copy_group_members.c.article_id == articles.c.id)
        .where(articles.c.is_current.is_(True))
    )
    for other_id, group_id, blob in connection.execute(query):
        yield other_id, group_id, np.frombuffer(blob, dtype=np.uint64)


def save_sketch(
    connection: Connection,
    article_id: str,
    signature: bytes,
    num_perm: int,
    buckets: Sequence[tuple[int, str]],
) -> None:
    connection.execute(
        minhash_signatures.insert().values(article_id=article_id, num_perm=num_perm, signature=signature)
    )
    if buckets:
        connection.execute(
            minhash_bands.insert(),
            [{"band": band, "bucket": bucket, "article_id": article_id} for band, bucket in buckets],
        )


def join_group(
    connection: Connection,
    article_id: str,
    group_id: str | None,
    *,
    similarity: float,
    matched_with: str | None,
    method: str,
    absorb: Sequence[str] = (),
) -> str:
    """Put the article in ``group_id`` (a new group named after it when None), first
    moving the members of the ``absorb`` groups into that group."""
    if group_id is None:
        group_id = _free_group_id(connection, article_id)
        connection.execute(copy_groups.insert().values(id=group_id, representative_id=article_id, size=0))
    for other in absorb:
        if other != group_id:
            connection.execute(
                update(copy_group_members)
                .where(copy_group_members.c.copy_group_id == other)
                .values(copy_group_id=group_id)
            )
            connection.execute(delete(copy_groups).where(copy_groups.c.id == other))
    connection.execute(
        copy_group_members.insert().values(
            article_id=article_id,
            copy_group_id=group_id,
            similarity=round(similarity, 4),
            matched_with=matched_with,
            method=method,
        )
    )
    _refresh_group(connection, group_id)
    return group_id


def _free_group_id(connection: Connection, article_id: str) -> str:
    """``cg-<article id>``; on a re-run the old group of that name may still hold others."""
    base = f"cg-{article_id}"
    taken = set(
        connection.execute(select(copy_groups.c.id).where(copy_groups.c.id.startswith(base))).scalars()
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _refresh_group(connection: Connection, group_id: str) -> None:
    """Keep size and representative (the earliest-ingested member) right after a change."""
    members = (
        connection.execute(
            select(copy_group_members.c.article_id)
            .join(articles, articles.c.id == copy_group_members.c.article_id)
            .where(copy_group_members.c.copy_group_id == group_id)
            .order_by(articles.c.ingested_at, articles.c.id)
        )
        .scalars()
        .all()
    )
    if not members:
        connection.execute(delete(copy_groups).where(copy_groups.c.id == group_id))
        return
    connection.execute(
        update(copy_groups)
        .where(copy_groups.c.id == group_id)
        .values(size=len(members), representative_id=members[0])
    )


def iter_copy_groups(connection: Connection, *, min_size: int = 1) -> Iterator[CopyGroup]:
    """Copy groups of current articles, largest first."""
    groups = (
        connection.execute(
            select(copy_groups)
            .where(copy_groups.c.size >= min_size)
            .order_by(copy_groups.c.size.desc(), copy_groups.c.id)
        )
        .mappings()
        .all()
    )
    for group in groups:
        rows = connection.execute(
            select(copy_group_members)
            .where(copy_group_members.c.copy_group_id == group["id"])
            .order_by(copy_group_members.c.article_id)
        ).mappings()
        members = [
            CopyMember(
                article_id=row["article_id"],
                similarity=row["similarity"],
                matched_with=row["matched_with"],
                method=row["method"],
            )
            for row in rows
        ]
        yield CopyGroup(id=group["id"], representative=group["representative_id"], members=members)


def group_of(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    rows = connection.execute(
        select(copy_group_members.c.article_id, copy_group_members.c.copy_group_id).where(
            copy_group_members.c.article_id.in_(list(article_ids))
        )
    )
    return {str(a): str(g) for a, g in rows}


def groups_by_url(connection: Connection, *, min_size: int = 2) -> list[set[str]]:
    """Copy groups of current articles as sets of URLs (for scoring against gold)."""
    query = (
        select(copy_group_members.c.copy_group_id, articles.c.url)
        .join(articles, articles.c.id == copy_group_members.c.article_id)
        .where(articles.c.is_current.is_(True))
    )
    groups: dict[str, set[str]] = {}
    for group_id, url in connection.execute(query):
        groups.setdefault(group_id, set()).add(url or "")
    return [group for group in groups.values() if len(group) >= min_size]


def member_facts(connection: Connection, article_ids: Sequence[str]) -> dict[str, dict[str, str | None]]:
    """external_id, url and outlet of the given articles, by id."""
    rows = connection.execute(
        select(articles.c.id, articles.c.external_id, articles.c.url, articles.c.outlet_id).where(
            articles.c.id.in_(list(article_ids))
        )
    ).mappings()
    return {row["id"]: dict(row) for row in rows}
