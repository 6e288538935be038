"""How two corroborator runs share one store.

SQLite takes one writer at a time, and the stages were written for that: a run reads what
is pending, computes for a while, then writes.  So on SQLite a run that writes (``ingest``,
``analyze``) holds the store's *writer lock*, an OS file lock on ``<db>-lock`` beside the
database, for the whole run.  A second writer waits for it up to ``store.wait`` seconds, then
stops with one line that says who holds it (and a write of a process that does not take the
lock, a script or a correction, stops the same way after SQLite's own wait).  Readers (the
web app, exports, Datasette) never take it, and WAL mode means they are never blocked.  The
OS drops the lock when its process ends, even on ``kill -9``, so a lock is never left stale.

PostgreSQL takes many writers, so there runs go on side by side, kept apart by advisory locks:

* ``write``: held by every write transaction (``Store.transaction``), so that writes follow one
  another as they do on SQLite, while reads and the slow computing between writes go on in
  parallel (two ingests parse at once; the second finds the first's articles stored).  The
  migrations (``corroborator db upgrade``) run in such a transaction too, so two upgrades at
  once do not race: the second finds the schema made;
* ``stage <name>``: held by a run for the whole of an analysis stage whose output depends on
  the order articles come in (copy groups, stories, entities) or that works per story (align),
  so that a second ``analyze`` waits for that stage, then finds nothing left to do in it. The
  stages whose articles are independent (parse, extract) are shared out by claims instead
  (``store/claims.py``).

No lock is taken while another is waited for inside a transaction, so they cannot deadlock.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from corroborator.errors import StoreBusy

POLL = 0.2  # seconds between two tries of a held file lock
LEAST_WAIT = 1.0  # seconds one SQLite write waits for another process's at least (store.wait 0 too)


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a name (the same in every process)."""
    digest = hashlib.blake2b(f"corroborator {name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_in_transaction(connection: Connection, name: str) -> None:
    """Hold the PostgreSQL advisory lock ``name`` until this transaction ends (waits for it)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})


@contextmanager
def held_for_session(engine: Engine, name: str) -> Iterator[None]:
    """Hold the PostgreSQL advisory lock ``name`` on a connection of its own while the block
    runs (waits for it); it is released at the end, or when the process dies."""
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(name)})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})
            connection.commit()


class WriterLock:
    """The SQLite store's writer lock: ``<db>-lock``, held for a whole run.

    Re-entrant within one Store, so that ``run`` can hold it over its ingest and its analysis.
    """

    def __init__(self, database: Path, wait: float) -> None:
        self.database = database
        self.path = database.with_name(database.name + "-lock")
        self.wait = wait
        self._file: IO[str] | None = None
        self._depth = 0

    @contextmanager
    def held(self, task: str) -> Iterator[None]:
        if self._depth == 0:
            self._acquire(task)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._release()

    def _acquire(self, task: str) -> None:
        stream = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    stream.seek(0)
                    holder = stream.read().strip() or "at a time not recorded"
                    stream.close()
                    raise self.busy(
                        f"another corroborator run is writing to it ({holder})", self.wait
                    ) from None
                time.sleep(POLL)
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        stream.seek(0)
        stream.truncate()
        stream.write(f"{task}, process {os.getpid()}, started {started}\n")
        stream.flush()
        self._file = stream

    def busy(self, who: str, waited: float) -> StoreBusy:
        """The one line that says the store is busy, ``who`` being what holds it."""
        return StoreBusy(
            f"the store '{self.database}' is busy: {who}; try again when it ends, or use PostgreSQL "
            f"for runs side by side (waited {waited:g} s; store.wait sets how long)"
        )

    def holder(self) -> str | None:
        """The run that holds the lock now, as it wrote itself down (None: no run holds it)."""
        if self._file is not None or not self.path.exists():
            return None
        with self.path.open("r", encoding="utf-8") as stream:
            try:
                fcntl.flock(stream, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return stream.read().strip() or "at a time not recorded"
            fcntl.flock(stream, fcntl.LOCK_UN)
        return None

    def contended(self, error: OperationalError) -> StoreBusy | None:
        """StoreBusy for SQLite's "database is locked" (a second process kept writing longer
        than ``wait``), else None."""
        if "locked" not in str(error.orig) and "busy" not in str(error.orig):
            return None
        holder = self.holder()
        who = (
            f"another corroborator run is writing to it ({holder})"
            if holder
            else "another process is writing to it"
        )
        return self.busy(who, max(self.wait, LEAST_WAIT))

    def _release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
