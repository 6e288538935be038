"""Helpers of the store tests that run real commands on real stores (SQLite files and
PostgreSQL databases)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import create_engine, text

from corroborator.demo import data_dir
from corroborator.export import export_records
from corroborator.store import Store

KINDS = (
    "articles",
    "copy-groups",
    "stories",
    "entities",
    "attributions",
    "claims",
    "quantities",
    "claim-groups",
)


def demo_sources() -> list[str]:
    folder = data_dir()
    return [str(folder / "articles.jsonl"), str(folder / "feeds"), str(folder / "pages")]


def fresh_database(server_url: str, *, upgraded: bool = True) -> str:
    """A new database on the server, by its URL: with the newest schema (as `corroborator db
    upgrade` leaves it), or empty."""
    name = f"store_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = server_url.replace("/postgres?", f"/{name}?")
    if upgraded:
        with Store(url, check=False) as store:
            store.upgrade()
    return url


def exports(db: str) -> dict[str, list[dict[str, Any]]]:
    """Every exported kind of the store, without the times of ingestion."""
    with Store(db, create=False) as store:
        return {
            kind: [r.model_dump(exclude={"ingested_at"}) for r in export_records(kind, store)]
            for kind in KINDS
        }


def count_rows(db: str, table: str) -> int:
    """Rows in a table of a store another process is writing; 0 before the schema exists."""
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"select count(*) from {table}")).scalar_one())
    except Exception:  # noqa: BLE001 - no database or no table yet
        return 0
    finally:
        engine.dispose()
