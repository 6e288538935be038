"""Parses and the mentions found in them: written by the parse stage, read by later ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from corroborator.models import content_id
from corroborator.store.tables import mentions, parses
from corroborator.store.upsert import upsert


def save_parse(
    connection: Connection,
    article_id: str,
    *,
    status: str,
    note: str | None,
    pipeline: str,
    n_sentences: int,
    n_tokens: int,
    offsets: Sequence[int],
    warnings: Sequence[str],
    doc: bytes,
    found: Sequence[tuple[int, int, str, str]],
) -> None:
    """Replace the article's parse and its mentions (start, end, text, label)."""
    connection.execute(delete(mentions).where(mentions.c.article_id == article_id))
    row = {
        "article_id": article_id,
        "status": status,
        "note": note,
        "pipeline": pipeline,
        "n_sentences": n_sentences,
        "n_tokens": n_tokens,
        "offsets": list(offsets),
        "warnings": list(warnings),
        "doc": doc,
    }
    upsert(connection, parses, row)
    rows = [
        {
            "id": content_id(article_id, str(start), str(end), label),
            "article_id": article_id,
            "start_char": start,
            "end_char": end,
            "text": text,
            "label": label,
        }
        for start, end, text, label in dict.fromkeys(found)
    ]
    if rows:
        connection.execute(mentions.insert(), rows)


def load_parse(connection: Connection, article_id: str) -> dict[str, Any] | None:
    row = connection.execute(select(parses).where(parses.c.article_id == article_id)).mappings().first()
    return dict(row) if row else None


def article_mentions(connection: Connection, article_id: str) -> list[dict[str, Any]]:
    query = select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.start_char)
    return [dict(row) for row in connection.execute(query).mappings()]


def parse_summary(connection: Connection) -> list[dict[str, Any]]:
    """Per status and note: articles, sentences, tokens and entity mentions."""
    from sqlalchemy import func

    counts = (
        select(
            parses.c.status,
            parses.c.note,
            func.count().label("articles"),
            func.sum(parses.c.n_sentences).label("sentences"),
            func.sum(parses.c.n_tokens).label("tokens"),
        )
        .group_by(parses.c.status, parses.c.note)
        .order_by(parses.c.status.desc(), parses.c.note)
    )
    rows = [dict(row) for row in connection.execute(counts).mappings()]
    found = connection.execute(select(func.count()).select_from(mentions)).scalar_one()
    for row in rows:
        row["mentions"] = found if row["status"] == "parsed" else 0
    return rows
