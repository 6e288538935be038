"""Ingest runs and their failures, kept so that a later look (or the web app) can show them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.engine import Connection

from corroborator.store.tables import ingest_failures, ingest_runs


def start_ingest_run(connection: Connection, sources: list[str]) -> int:
    result = connection.execute(ingest_runs.insert().values(started_at=datetime.now(UTC), sources=sources))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def update_ingest_run(
    connection: Connection,
    run_id: int,
    counts: dict[str, int],
    failures: Iterable[tuple[str, str]] = (),
    *,
    finished: bool = False,
) -> None:
    values: dict[str, object] = {
        key: counts.get(key, 0) for key in ("new", "unchanged", "revised", "failed", "skipped")
    }
    if finished:
        values["finished_at"] = datetime.now(UTC)
    connection.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(**values))
    rows = [{"run_id": run_id, "source": source, "reason": reason} for source, reason in failures]
    if rows:
        connection.execute(ingest_failures.insert(), rows)
