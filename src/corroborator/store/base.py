"""Opening a store: engine, SQLite pragmas, the migration check, transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from corroborator.errors import StoreError
from corroborator.store import migrate
from corroborator.store.locks import LEAST_WAIT, WriterLock, held_for_session, lock_in_transaction
from corroborator.store.tables import articles

WAIT = 10.0  # seconds a second writer waits for the writer lock of a SQLite store (store.wait)


def database_url(db: str) -> str:
    """A SQLAlchemy URL from ``--db``: a URL stays as it is, anything else is a SQLite path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(wait: float) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers (a web app, Datasette) work while a run writes; with
        # synchronous=NORMAL a killed process loses at most the transaction in flight.
        # A write waits for another process's write up to store.wait (at least LEAST_WAIT).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(max(wait, LEAST_WAIT) * 1000)}")
        cursor.close()

    return on_connect


def _shown(db: str, url: str) -> str:
    """The store as messages name it: as given, with a password in a URL hidden."""
    parsed = make_url(url)
    return db if parsed.password is None else parsed.render_as_string(hide_password=True)


class Store:
    """The only shared state of a run: every stage reads and writes through it."""

    def __init__(
        self, db: str = "corroborator.db", *, create: bool = True, wait: float = WAIT, check: bool = True
    ) -> None:
        """Open the store ``db`` (a SQLite path or a URL).  A SQLite file is made and brought
        to the newest migration; a PostgreSQL database must be there already (``db upgrade``),
        else StoreBehind says what to run.  ``check=False`` skips that (for ``db`` commands)."""
        self.url = database_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        self.shown = _shown(db, self.url)
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
            event.listen(self.engine, "connect", _sqlite_pragmas(wait))
        if not check:
            return
        if self.is_sqlite:
            self.upgrade()
        else:
            with self._opening(), self.engine.connect() as connection:
                migrate.check(connection, self.shown)

    @contextmanager
    def _opening(self) -> Iterator[None]:
        try:
            yield
        except (OperationalError, DatabaseError) as error:
            reason = " ".join(str(error.orig).split())  # the driver's reason may run over lines
            raise StoreError(f"cannot open database '{self.shown}': {reason}") from error

    def revision(self) -> tuple[str | None, str | None]:
        """The migration the store is at (None: no tables yet) and the newest the code knows."""
        with self._opening(), self.engine.connect() as connection:
            return migrate.current_revision(connection), migrate.head_revision()

    def upgrade(self) -> str | None:
        """Bring the store to the newest migration; the revision it was at before.  Two at
        once are safe: the second finds the work done."""
        # Checked first without a lock: an up-to-date store (the usual case, and every
        # reader's) is opened without waiting for a run that is writing.
        before, head = self.revision()
        if before == head:
            return before
        with self._opening(), self.writing("migrations"), self.transaction() as connection:
            return migrate.upgrade(connection, self.shown)  # checks again: another process may have done it

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit of work: all of it is stored, or none of it.  Write transactions
        follow one another, on PostgreSQL as on SQLite (see ``store/locks.py``)."""
        try:
            with self.engine.begin() as connection:
                if not self.is_sqlite:
                    lock_in_transaction(connection, "write")
                yield connection
        except OperationalError as error:
            busy = self._writer.contended(error) if self._writer is not None else None
            if busy is None:
                raise
            raise busy from error

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
