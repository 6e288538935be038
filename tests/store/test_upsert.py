"""Writes that cannot fail on a row another writer stored first, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.store.helpers import fresh_database

from corroborator.store import Store
from corroborator.store.tables import outlets, story_terms
from corroborator.store.upsert import add_to, insert_new, upsert


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        db = str(tmp_path / "upsert.db")
    else:
        db = fresh_database(request.getfixturevalue("postgres_url"))
    with Store(db) as opened:
        yield opened


def _terms(store: Store) -> dict[str, int]:
    with store.reading() as connection:
        return dict(connection.execute(select(story_terms.c.term, story_terms.c.df)).all())


def test_counters_are_added_to_whether_or_not_they_were_stored(store: Store) -> None:
    with store.transaction() as connection:
        add_to(connection, story_terms, [{"term": "ferry", "df": 1}, {"term": "harbour", "df": 1}], "df")
    with store.transaction() as connection:
        add_to(connection, story_terms, [{"term": "ferry", "df": 1}, {"term": "storm", "df": 2}], "df")
    assert _terms(store) == {"ferry": 2, "harbour": 1, "storm": 2}


def test_a_row_stored_first_by_another_writer_is_kept_or_replaced_as_asked(store: Store) -> None:
    with store.transaction() as connection:
        insert_new(connection, outlets, [{"id": "coast.example", "name": "Coast News"}])
        insert_new(connection, outlets, [{"id": "coast.example", "name": "coast.example"}])
    with store.transaction() as connection:
        upsert(connection, outlets, {"id": "valley.example", "name": "Valley"})
        upsert(
            connection, outlets, {"id": "valley.example", "name": "Valley Times", "host": "valley.example"}
        )
    with store.reading() as connection:
        rows = connection.execute(select(outlets.c.id, outlets.c.name, outlets.c.host).order_by(outlets.c.id))
        assert rows.all() == [
            ("coast.example", "Coast News", None),
            ("valley.example", "Valley Times", "valley.example"),
        ]
