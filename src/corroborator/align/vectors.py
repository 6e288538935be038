"""Each claim's meaning vector, encoded once and kept in the store.

Grouping compares claims on a vector mixing the claim's words with its sentence's
(``grouping.meaning_vectors``).  Encoding is most of a large story's alignment, and a story
is aligned again whenever an article joins it, so the vectors are kept per claim: the
align stage reads the story's stored vectors, encodes only the claims that lack one (or
whose text changed since), and stores those.  A vector is only reused for the same text,
sentence and weighting it was made from (its digest), so a stale one is never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from corroborator.align.units import Unit

# Bump when the way a claim's vector is made changes (its texts, weights or mixing): stored
# vectors of another version are not read.
VERSION = "1"


@dataclass(frozen=True)
class StoredVector:
    digest: str  # of what the vector was made from (``digest``)
    vector: np.ndarray  # float32, L2-normalised


def digest(unit: Unit) -> str:
    """What a claim's vector is made from: its text, its sentence and whether it is short."""
    made_of = "\x00".join((str(unit.short), unit.text, unit.context or unit.text))
    return hashlib.sha256(made_of.encode("utf-8")).hexdigest()[:32]


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


class ClaimVectors:
    """The vectors known for a story's claims (claim id -> stored vector), and the ones
    encoded here because none was known (``added``: what to store)."""

    def __init__(self, known: Mapping[str, StoredVector] | None = None) -> None:
        self.known: dict[str, StoredVector] = dict(known or {})
        self.added: dict[str, StoredVector] = {}

    def lookup(self, units: Sequence[Unit], compute: Callable[[Sequence[Unit]], np.ndarray]) -> np.ndarray:
        """One vector per unit: the known one when it was made from the same text, else
        computed (all missing ones in one call) and remembered."""
        digests = [digest(unit) for unit in units]
        found: list[np.ndarray | None] = []
        for unit, made_of in zip(units, digests, strict=True):
            stored = self.known.get(unit.claim_id)
            found.append(stored.vector if stored is not None and stored.digest == made_of else None)
        missing = [index for index, vector in enumerate(found) if vector is None]
        if missing:
            computed = compute([units[index] for index in missing])
            for index, vector in zip(missing, computed, strict=True):
                vector = np.asarray(vector, dtype=np.float32)
                found[index] = vector
                kept = StoredVector(digests[index], vector)
                self.known[units[index].claim_id] = kept
                self.added[units[index].claim_id] = kept
        if not found:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([vector for vector in found if vector is not None]).astype(np.float32)
