"""Precision, recall and F1 from true-positive, false-positive and false-negative counts,
shared by the scorers that count matches one to one."""

from __future__ import annotations


class Rates:
    """Mixed into a counts dataclass that has ``tp``, ``fp`` and ``fn`` fields."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
