"""MinHash signatures over word shingles, and the LSH banding that finds candidates."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int) -> set[bytes]:
    """Lower-cased word ``size``-grams; a text shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, *, size: int, num_perm: int, seed: int) -> np.ndarray:
    minhash = MinHash(num_perm=num_perm, seed=seed)
    minhash.update_batch(list(shingles(text, size)))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(a == b))


@lru_cache(maxsize=32)
def band_layout(num_perm: int, threshold: float) -> tuple[int, int]:
    """``(bands, rows)`` whose S-curve rises just below ``threshold``.

    Candidates are checked against the threshold afterwards, so the layout leans to
    recall: its midpoint (1/b)^(1/r) sits about 0.1 under the threshold.
    """
    target = max(threshold - 0.1, 0.05)
    best = (num_perm, 1)
    best_gap = float("inf")
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        gap = abs((1 / bands) ** (1 / rows) - target)
        if gap < best_gap:
            best, best_gap = (bands, rows), gap
    return best


@dataclass(frozen=True)
class Sketch:
    """What the dedupe stage computes for one article (cheap to pickle)."""

    signature: bytes
    buckets: tuple[tuple[int, str], ...]


def sketch(text: str, *, size: int, num_perm: int, seed: int, threshold: float) -> Sketch:
    values = signature(text, size=size, num_perm=num_perm, seed=seed)
    bands, rows = band_layout(num_perm, threshold)
    buckets = tuple(
        (band, hashlib.sha1(values[band * rows : (band + 1) * rows].tobytes()).hexdigest()[:16])
        for band in range(bands)
    )
    return Sketch(values.tobytes(), buckets)
