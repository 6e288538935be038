"""The run's in-memory index of family centroids, for the nearest families of a new article."""

from __future__ import annotations

import numpy as np


class CentroidIndex:
    """The run's in-memory view of family centroids (mean lead embeddings)."""

    def __init__(self, dimensions: int) -> None:
        self.ids: list[str] = []
        self.rows: dict[str, int] = {}
        self.vectors = np.zeros((0, dimensions), dtype=np.float32)
        self.spans = np.zeros((0, 2), dtype=np.float64)

    def put(self, family_id: str, vector: np.ndarray, first: float | None, last: float | None) -> None:
        span = [np.nan if first is None else first, np.nan if last is None else last]
        if family_id in self.rows:
            row = self.rows[family_id]
        else:
            row = len(self.ids)
            self.ids.append(family_id)
            self.rows[family_id] = row
            if row >= len(self.vectors):
                grow = max(64, len(self.vectors))
                self.vectors = np.vstack([self.vectors, np.zeros((grow, self.vectors.shape[1]), np.float32)])
                self.spans = np.vstack([self.spans, np.full((grow, 2), np.nan)])
        norm = float(np.linalg.norm(vector))
        self.vectors[row] = vector / norm if norm else vector
        self.spans[row] = span

    def drop(self, family_id: str) -> None:
        row = self.rows.pop(family_id, None)
        if row is not None:
            self.vectors[row] = 0.0
            self.ids[row] = ""

    def nearest(self, vector: np.ndarray, day: float | None, window: float, k: int) -> list[str]:
        count = len(self.ids)
        if count == 0:
            return []
        scores = self.vectors[:count] @ vector
        if day is not None:
            first, last = self.spans[:count, 0], self.spans[:count, 1]
            outside = (day < first - window) | (day > last + window)
            scores = np.where(outside, -np.inf, scores)
        if count > k:
            top = np.argpartition(-scores, k)[:k]
            top = top[np.argsort(-scores[top])]
        else:
            top = np.argsort(-scores)
        return [self.ids[i] for i in top if np.isfinite(scores[i]) and self.ids[i]]
