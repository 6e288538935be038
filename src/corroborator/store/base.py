"""Opening a store: engine, SQLite pragmas, migrations, transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from corroborator.errors import StoreError
from corroborator.store import migrate
from corroborator.store.locks import WriterLock, held_for_session, lock_in_transaction
from corroborator.store.tables import articles

WAIT = 10.0  # seconds a second writer waits for the writer lock of a SQLite store (store.wait)


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL stays as it is, anything else is a SQLite path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (a web app, Datasette) work while a run writes; with
    # synchronous=NORMAL a killed process loses at most the transaction in flight.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Store:
    """The only shared state of a run: every stage reads and writes through it."""

    def __init__(self, db: str = "corroborator.db", *, create: bool = True, wait: float = WAIT) -> None:
        self.url = database_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        self._writer: WriterLock | None = None
        if self.is_sqlite:
            path = Path(self.url.removeprefix("sqlite:///"))
            if not create and not path.exists():
                raise StoreError(
                    f"database '{path}' does not exist: run `corroborator ingest` first, "
                    "or pass --db with the right path"
                )
            if not path.parent.exists():
                raise StoreError(f"cannot create database '{path}': folder '{path.parent}' is missing")
            self._writer = WriterLock(path, wait)
        self.engine: Engine = create_engine(self.url)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._migrate()
        except (OperationalError, DatabaseError) as error:
            raise StoreError(f"cannot open database '{db}': {error.orig}") from error

    def _migrate(self) -> None:
        # Checked first without a lock: an up-to-date store (the usual case, and every
        # reader's) is opened without waiting for a run that is writing.
        with self.engine.connect() as connection:
            if migrate.is_current(connection):
                return
        with self.writing("migrations"), self.transaction() as connection:
            migrate.upgrade(connection)  # checks again: another process may have done it

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work: all of it is stored, or none of it.  Write transactions
        follow one another, on PostgreSQL as on SQLite (see ``store/locks.py``)."""
        with self.engine.begin() as connection:
            if not self.is_sqlite:
                lock_in_transaction(connection, "write")
            yield connection

    @contextmanager
    def writing(self, task: str) -> Iterator[None]:
        """Hold the store for a run that writes (``task`` names it in a busy message).  On
        SQLite one run at a time: a second waits ``wait`` seconds, then raises StoreBusy; on
        PostgreSQL runs go on side by side (see :meth:`one_at_a_time`)."""
        if self._writer is None:
            yield
            return
        with self._writer.held(task):
            yield

    @contextmanager
    def one_at_a_time(self, name: str) -> Iterator[None]:
        """Work that two runs must not both do (one analysis stage): on PostgreSQL the second
        waits for the first to finish it; on SQLite the writer lock keeps runs apart already."""
        if self.is_sqlite:
            yield
            return
        with held_for_session(self.engine, name):
            yield

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def count_articles(self, current_only: bool = False) -> int:
        query = select(func.count()).select_from(articles)
        if current_only:
            query = query.where(articles.c.is_current.is_(True))
        with self.reading() as connection:
            return int(connection.execute(query).scalar_one())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
