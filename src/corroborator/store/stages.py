"""What each stage has done to each article, so that a run can resume and a new
stage version re-runs only that stage and what depends on it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, delete, select, true
from sqlalchemy.engine import Connection

from corroborator.store.tables import articles, stage_runs
from corroborator.store.upsert import upsert


def pending_query(stage: str, version: str, ready: Mapping[str, str] = {}) -> Select[Any]:
    """Current articles that this version of the stage has not processed, in id order, each
    with whether the stages in ``ready`` (name: version) have all run on it (another run may
    still be working on them)."""
    done = stage_runs.c
    joined = articles.outerjoin(
        stage_runs, and_(done.article_id == articles.c.id, done.stage == stage, done.version == version)
    )
    flags = []
    for name, needed in sorted(ready.items()):
        before = stage_runs.alias(f"ran_{name}")
        joined = joined.outerjoin(
            before,
            and_(before.c.article_id == articles.c.id, before.c.stage == name, before.c.version == needed),
        )
        flags.append(before.c.article_id.is_not(None))
    is_ready = and_(true(), *flags)
    return (
        select(articles.c.id, is_ready.label("ready"))
        .select_from(joined)
        .where(articles.c.is_current.is_(True), done.article_id.is_(None))
        .order_by(articles.c.id)
    )


def pending_article_ids(
    connection: Connection,
    stage: str,
    version: str,
    *,
    after: str = "",
    limit: int = 500,
    ready: Mapping[str, str] = {},
) -> list[str]:
    """Current articles that this version of the stage has not processed, in id order, up to
    the first one that a stage in ``ready`` (name: version) has not run on yet: a stage whose
    output depends on the order articles come in takes them in id order, never past a gap."""
    query = pending_query(stage, version, ready).where(articles.c.id > after).limit(limit)
    ids = []
    for article_id, is_ready in connection.execute(query):
        if not is_ready:
            break
        ids.append(article_id)
    return ids


def record_run(
    connection: Connection,
    article_id: str,
    stage: str,
    version: str,
    status: str = "ok",
    message: str | None = None,
) -> None:
    row = {
        "article_id": article_id,
        "stage": stage,
        "version": version,
        "status": status,
        "message": message,
        "finished_at": datetime.now(UTC),
    }
    upsert(connection, stage_runs, row)


def forget_runs(connection: Connection, article_id: str, stages: Iterable[str]) -> None:
    """Mark these stages as not done for the article, so that the next run redoes them."""
    names = list(stages)
    if names:
        connection.execute(
            delete(stage_runs).where(stage_runs.c.article_id == article_id, stage_runs.c.stage.in_(names))
        )


def stage_counts(connection: Connection) -> dict[tuple[str, str, str], int]:
    """How many articles each (stage, version, status) covers."""
    from sqlalchemy import func

    query = select(stage_runs.c.stage, stage_runs.c.version, stage_runs.c.status, func.count())
    query = query.group_by(stage_runs.c.stage, stage_runs.c.version, stage_runs.c.status)
    return {(s, v, st): n for s, v, st, n in connection.execute(query)}
