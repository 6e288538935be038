"""Hand-made units and a small deterministic encoder, so alignment is tested without a model."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from corroborator.align.counts import compare_counts
from corroborator.align.units import Quantity, Unit, content_words

DIMENSIONS = 256


def encode(texts: Sequence[str]) -> np.ndarray:
    """Bag-of-words vectors (hashed content words), L2-normalised: texts that share words are near."""
    rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in content_words(text):
            rows[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


def quantity(value: float | None, thing: str, action: str, **fields: Any) -> Quantity:
    fields.setdefault("bound", "exact")
    return Quantity(
        id=fields.pop("id", f"q-{value}-{thing}-{action}"),
        value=value,
        low=fields.pop("low", None),
        high=fields.pop("high", None),
        thing=thing,
        action=action,
        **fields,
    )


def unit(claim_id: str, text: str, outlet: str = "wire.example", **fields: Any) -> Unit:
    fields.setdefault("status", "attributed")
    fields.setdefault("claimant", "the ministry")
    fields.setdefault("chain", (fields["claimant"], outlet))
    fields.setdefault("article_id", f"article-{claim_id}")
    fields.setdefault("context", text)
    return Unit(claim_id=claim_id, text=text, outlet=outlet, **fields)


def numeric_conflict(*args: Any, **fields: Any) -> str | None:
    """Why two quantities conflict (``compare_counts``'s reason when it finds a conflict), or None."""
    found = compare_counts(*args, **fields)
    return found.reason if found is not None and found.kind == "conflicts" else None
