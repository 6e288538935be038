"""Scoring copy groups against a gold file: pairwise precision, recall and F1.

Gold names articles by URL (the key every input kind has); each gold group lists the
URLs of one set of copies, and every article not listed is alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path

from corroborator.eval.gold import read_gold
from corroborator.store import Store
from corroborator.store.copygroups import groups_by_url


@dataclass(frozen=True)
class PairScore:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    exact_groups: int
    gold_groups: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _pairs(groups: list[set[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(sorted(group), 2)}


def score_groups(predicted: list[set[str]], gold: list[set[str]]) -> PairScore:
    """Pairwise scores over the pairs of items put together; 1.0 when both sides have none."""
    got, want = _pairs(predicted), _pairs(gold)
    hit = len(got & want)
    precision = hit / len(got) if got else 1.0
    recall = hit / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(1 for group in gold if group in [set(p) for p in predicted])
    return PairScore(
        round(precision, 4), round(recall, 4), round(f1, 4), hit, len(got), len(want), exact, len(gold)
    )


def stored_groups_by_url(store: Store) -> list[set[str]]:
    """The store's copy groups of two or more current articles, as sets of URLs."""
    with store.reading() as connection:
        return groups_by_url(connection)


def load_gold_groups(path: Path) -> list[set[str]]:
    gold = read_gold(path)
    return [set(group["articles"]) for group in gold.get("copy_groups", []) if len(group["articles"]) > 1]


def score_copy_groups(store: Store, gold_path: Path) -> PairScore:
    return score_groups(stored_groups_by_url(store), load_gold_groups(gold_path))
