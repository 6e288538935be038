"""Writes that cannot fail on a row another writer stored first (SQL's ``ON CONFLICT``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def _insert(connection: Connection, table: Table) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def insert_new(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows whose primary key is not stored yet; the others are left as they are."""
    if rows:
        connection.execute(_insert(connection, table).on_conflict_do_nothing(), list(rows))


def upsert(connection: Connection, table: Table, row: Mapping[str, Any], *, keep: Sequence[str] = ()) -> None:
    """Insert the row, or update the stored row with its primary key (except the ``keep`` columns)."""
    key = [column.name for column in table.primary_key.columns]
    statement = _insert(connection, table).values(dict(row))
    changes = {name: statement.excluded[name] for name in row if name not in key and name not in keep}
    connection.execute(statement.on_conflict_do_update(index_elements=key, set_=changes))


def upsert_many(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows, or update the stored rows with their primary keys (every other column)."""
    if rows:
        key = [column.name for column in table.primary_key.columns]
        statement = _insert(connection, table)
        changes = {name: statement.excluded[name] for name in rows[0] if name not in key}
        connection.execute(statement.on_conflict_do_update(index_elements=key, set_=changes), list(rows))


def add_to(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], column: str) -> None:
    """Insert the rows, or add each one's ``column`` to the stored row's (a counter two writers
    may both step)."""
    if rows:
        key = [c.name for c in table.primary_key.columns]
        statement = _insert(connection, table)
        summed = {column: table.c[column] + statement.excluded[column]}
        connection.execute(statement.on_conflict_do_update(index_elements=key, set_=summed), list(rows))
