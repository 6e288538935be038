"""The web app's ingest jobs in the store, so that a job's outcome outlives the server."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from corroborator.store.tables import ingest_jobs
from corroborator.store.upsert import upsert

UNFINISHED = ("queued", "ingesting", "analysing")
INTERRUPTED = (
    "the server stopped before this job finished; the articles it had stored are kept: "
    "add the sources again to finish them"
)


def save_job(connection: Connection, job: dict[str, Any]) -> None:
    """Insert or replace one job (``id, state, stage, done, summary, failures, error, stories``)."""
    now = datetime.now(UTC)
    upsert(connection, ingest_jobs, {**job, "updated_at": now, "started_at": now}, keep=["started_at"])


def load_job(connection: Connection, job_id: str) -> dict[str, Any] | None:
    row = connection.execute(select(ingest_jobs).where(ingest_jobs.c.id == job_id)).mappings().first()
    return dict(row) if row is not None else None


def interrupt_unfinished(connection: Connection) -> int:
    """Mark the jobs a stopped server left unfinished as interrupted, with the reason; how many."""
    result = connection.execute(
        update(ingest_jobs)
        .where(ingest_jobs.c.state.in_(UNFINISHED))
        .values(state="interrupted", error=INTERRUPTED, updated_at=datetime.now(UTC))
    )
    return int(result.rowcount or 0)
