"""Claims on pending work, so that two runs on one PostgreSQL store never process the same article.

A run that works on a stage whose articles are independent of one another (parse, extract)
takes the next few pending articles by writing a *lease* for each: (article, stage, owner,
expiry).  Another run passes over an article leased to someone else until the lease expires;
the owner renews its leases while it works and drops each one in the transaction that stores
the article's result, so a run killed mid-chunk leaves leases that expire, and a run still at
that stage, or the next one, does that work again (nothing is stored twice: the result and the
record that the article is done are written together).  The candidates are read ``FOR UPDATE
SKIP LOCKED`` and a live lease is never overwritten, so claims stay apart without the store's
write lock too (``store/locks.py``), which today makes two claims follow one another anyway.

SQLite needs none of this: its writer lock (``store/locks.py``) lets one run write at a time.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Collection, Mapping
from datetime import timedelta

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from corroborator.store.base import Store
from corroborator.store.stages import pending_query
from corroborator.store.tables import articles, stage_claims

log = logging.getLogger(__name__)

POLL = 0.5  # seconds between two looks at other runs' leases


def new_owner() -> str:
    """A name for this run that no other run has: host, process and a random part."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def claim_pending(
    connection: Connection,
    stage: str,
    version: str,
    owner: str,
    *,
    ready: Mapping[str, str],
    limit: int,
    lease: float,
) -> list[str]:
    """Lease up to ``limit`` pending articles of the stage to ``owner``, in id order: the ones
    whose earlier stages (``ready``) have run and that no other run holds a live lease on."""
    held = stage_claims.c
    leased = exists().where(
        held.article_id == articles.c.id, held.stage == stage, held.expires_at > func.now()
    )
    candidates = pending_query(stage, version, ready).where(~leased).limit(limit)
    candidates = candidates.with_for_update(of=articles, skip_locked=True)
    ids = [article_id for article_id, is_ready in connection.execute(candidates) if is_ready]
    if not ids:
        return []
    expires = func.now() + timedelta(seconds=lease)
    statement = insert(stage_claims).values(
        [{"article_id": i, "stage": stage, "owner": owner, "expires_at": expires} for i in ids]
    )
    taken = connection.execute(
        statement.on_conflict_do_update(
            index_elements=[held.article_id, held.stage],
            set_={"owner": statement.excluded.owner, "expires_at": statement.excluded.expires_at},
            where=held.expires_at <= func.now(),  # an expired lease is taken over; a live one is not
        ).returning(held.article_id)
    )
    return sorted(taken.scalars())


def renew(connection: Connection, owner: str, lease: float) -> None:
    """Push back the expiry of every lease ``owner`` holds."""
    connection.execute(
        update(stage_claims)
        .where(stage_claims.c.owner == owner)
        .values(expires_at=func.now() + timedelta(seconds=lease))
    )


def release(
    connection: Connection, owner: str, stage: str | None = None, article_ids: Collection[str] = ()
) -> None:
    """Drop ``owner``'s leases: of these articles in this stage, or all of them."""
    query = delete(stage_claims).where(stage_claims.c.owner == owner)
    if stage is not None:
        query = query.where(stage_claims.c.stage == stage, stage_claims.c.article_id.in_(list(article_ids)))
    connection.execute(query)


def others_working(connection: Connection, stages: Collection[str], owner: str) -> int:
    """How many live leases other runs hold in these stages."""
    held = stage_claims.c
    query = select(func.count()).where(
        and_(held.stage.in_(list(stages)), held.owner != owner, held.expires_at > func.now())
    )
    return int(connection.execute(query).scalar_one())


class Leases:
    """One run's claims on a store's pending work.  On SQLite (one writer at a time) it
    claims nothing: every pending article is the run's."""

    def __init__(self, store: Store, lease: float) -> None:
        self.store = store
        self.lease = lease
        self.owner = new_owner()
        self.active = not store.is_sqlite
        self._renewed = time.monotonic()

    def take(self, stage: str, version: str, ready: Mapping[str, str], limit: int) -> list[str]:
        """The next pending articles of the stage, now leased to this run."""
        with self.store.transaction() as connection:
            return claim_pending(
                connection, stage, version, self.owner, ready=ready, limit=limit, lease=self.lease
            )

    def done(self, connection: Connection, stage: str, article_ids: Collection[str]) -> None:
        """In the transaction that stores these articles' results: their leases end with it."""
        if self.active and article_ids:
            release(connection, self.owner, stage, article_ids)

    def keep_alive(self) -> None:
        """Renew this run's leases when a quarter of their time has passed."""
        if self.active and time.monotonic() - self._renewed >= self.lease / 4:
            with self.store.transaction() as connection:
                renew(connection, self.owner, self.lease)
            self._renewed = time.monotonic()

    def wait_for_others(self, stages: Collection[str]) -> bool:
        """Wait while other runs hold live leases in these stages (work an order-dependent
        stage must see, or that this run takes over once a stopped run's leases run out);
        whether there was anything to wait for."""
        waited = False
        while self.active and stages:
            with self.store.reading() as connection:
                if not others_working(connection, stages, self.owner):
                    break
            waited = True
            self.keep_alive()
            time.sleep(POLL)
        return waited

    def close(self) -> None:
        """Give up every lease this run still holds (an interrupted run's work is left to the next)."""
        if not self.active:
            return
        try:
            with self.store.transaction() as connection:
                release(connection, self.owner)
        except DBAPIError as error:  # the server went away: the leases run out on their own
            log.warning("could not give up the claims of run %s: %s", self.owner, error.orig)
