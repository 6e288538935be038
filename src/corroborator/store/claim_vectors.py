"""Each claim's alignment vector, kept so that a story re-aligned after an article joins it
encodes only the new claims (``align.vectors``).

Vectors are stored as bytes (float32) keyed by claim and embedder, the same on SQLite and
PostgreSQL; what they were made from is kept as a digest, so the reader can tell a stale one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection

from corroborator.store.tables import claim_vectors
from corroborator.store.upsert import upsert_many

CHUNK = 500


def stored_vectors(
    connection: Connection, embedder: str, claim_ids: Iterable[str]
) -> dict[str, tuple[str, bytes]]:
    """Claim id -> (digest, vector bytes) of the claims that have one for this embedder."""
    wanted = sorted(set(claim_ids))
    found: dict[str, tuple[str, bytes]] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(claim_vectors.c.claim_id, claim_vectors.c.digest, claim_vectors.c.vector).where(
            claim_vectors.c.embedder == embedder,
            claim_vectors.c.claim_id.in_(wanted[start : start + CHUNK]),
        )
        for claim_id, digest, vector in connection.execute(query):
            found[claim_id] = (digest, bytes(vector))
    return found


def store_vectors(connection: Connection, embedder: str, vectors: Mapping[str, tuple[str, bytes]]) -> None:
    """Keep these claims' vectors (claim id -> (digest, bytes)), replacing stale ones."""
    rows: Sequence[dict[str, object]] = [
        {"claim_id": claim_id, "embedder": embedder, "digest": digest, "vector": vector}
        for claim_id, (digest, vector) in sorted(vectors.items())
    ]
    for start in range(0, len(rows), CHUNK):
        upsert_many(connection, claim_vectors, rows[start : start + CHUNK])
