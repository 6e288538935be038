"""Attributions (and later claims and quantities) in the store, replaced per article."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from corroborator.models import content_id
from corroborator.store.tables import articles, attributions, parses

Span = tuple[int, int]


def parse_inputs(connection: Connection, article_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored parse of each article (status, note, piece offsets, DocBin bytes)."""
    query = select(parses.c.article_id, parses.c.status, parses.c.note, parses.c.offsets, parses.c.doc).where(
        parses.c.article_id.in_(list(article_ids))
    )
    return {row["article_id"]: dict(row) for row in connection.execute(query).mappings()}


def save_attributions(
    connection: Connection,
    article_id: str,
    text: str,
    found: Sequence[tuple[tuple[Span, ...], tuple[Span, ...], tuple[Span, ...], str]],
) -> None:
    """Replace the article's attributions: (source pieces, cue pieces, content pieces, kind)."""
    connection.execute(delete(attributions).where(attributions.c.article_id == article_id))
    rows = []
    for source, cue, content, kind in found:
        row: dict[str, Any] = {
            "id": content_id(article_id, "attribution", str(cue[0][0]), str(cue[-1][1])),
            "article_id": article_id,
            "kind": kind,
            "content_spans": [{"start": s, "end": e, "text": text[s:e]} for s, e in content],
        }
        for role, pieces in (("source", source), ("cue", cue), ("content", content)):
            start, end = (pieces[0][0], pieces[-1][1]) if pieces else (None, None)
            row[f"{role}_start_char"] = start
            row[f"{role}_end_char"] = end
            row[f"{role}_text"] = text[start:end] if start is not None else None
        rows.append(row)
    if rows:
        connection.execute(attributions.insert(), rows)


def iter_attribution_rows(connection: Connection, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every attribution of a current article with the article's external id, url and outlet."""
    query = (
        select(attributions, articles.c.external_id, articles.c.url, articles.c.outlet_id)
        .join(articles, articles.c.id == attributions.c.article_id)
        .where(articles.c.is_current.is_(True))
        .order_by(attributions.c.article_id, attributions.c.cue_start_char, attributions.c.id)
    )
    offset = 0
    while rows := connection.execute(query.limit(chunk).offset(offset)).mappings().all():
        yield from (dict(row) for row in rows)
        offset += len(rows)
