"""What each stage has done to each article, so that a run can resume and a new
stage version re-runs only that stage and what depends on it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import and_, delete, select
from sqlalchemy.engine import Connection

from corroborator.store.tables import articles, stage_runs
from corroborator.store.upsert import upsert


def pending_article_ids(
    connection: Connection, stage: str, version: str, *, after: str = "", limit: int = 500
) -> list[str]:
    """Current articles that this version of the stage has not processed, in id order."""
    done = stage_runs.c
    query = (
        select(articles.c.id)
        .select_from(
            articles.outerjoin(
                stage_runs,
                and_(done.article_id == articles.c.id, done.stage == stage, done.version == version),
            )
        )
        .where(articles.c.is_current.is_(True), done.article_id.is_(None), articles.c.id > after)
        .order_by(articles.c.id)
        .limit(limit)
    )
    return list(connection.execute(query).scalars())


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
