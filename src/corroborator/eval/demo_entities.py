"""Scoring entity merges against the demo corpus's gold entities.

Pairwise over the gold aliases that the parse stage found as name mentions (PERSON,
ORG, GPE, NORP): two aliases are a gold pair when they belong to one gold entity, a
found pair when their mentions went to one entity (an alias whose mentions went to
several entities counts as its most frequent one).  Precision and recall are over those
pairs; ``wrong_merges`` counts found pairs across gold entities that the gold says must
never be merged.  Pronouns and descriptions ("he", "the general") are not scored yet:
this stage resolves names only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from corroborator.config import Settings
from corroborator.eval.gold import read_gold
from corroborator.resolve.names import KINDS
from corroborator.store import Store
from corroborator.store.entities import name_mentions


@dataclass(frozen=True)
class EntityScore:
    precision: float
    recall: float
    f1: float
    gold_pairs: int
    found_pairs: int
    wrong_merges: int
    aliases_scored: int
    aliases_in_gold: int
    missed: tuple[str, ...]  # gold pairs not merged
    wrong: tuple[str, ...]  # pairs merged across gold entities

    def as_dict(self) -> dict[str, object]:
        flat = asdict(self)
        flat["missed"] = list(self.missed)
        flat["wrong"] = list(self.wrong)
        return flat


def _norm(text: str) -> str:
    text = text.replace("’", "'").strip()
    return text[:-2] if text.endswith("'s") else text


def load_gold_entities(path: Path) -> list[dict[str, Any]]:
    gold = read_gold(path)
    return list(gold.get("entities", []))


def score_entities(store: Store, gold_path: Path) -> EntityScore:
    gold = load_gold_entities(gold_path)
    owner: dict[str, str] = {}
    for entity in gold:
        for alias in entity["aliases"]:
            owner.setdefault(_norm(alias), entity["id"])
    forbidden = {
        frozenset((entity["id"], other)) for entity in gold for other in entity.get("must_not_merge_with", [])
    }
    found: dict[str, Counter[str]] = {}
    with store.reading() as connection:
        for text, _label, entity_id in name_mentions(connection, KINDS):
            alias = _norm(text or "")
            if alias in owner:
                found.setdefault(alias, Counter())[entity_id or f"none:{alias}"] += 1
    predicted = {alias: counts.most_common(1)[0][0] for alias, counts in found.items()}
    aliases = sorted(predicted)
    gold_pairs = found_pairs = both = wrong_merges = 0
    missed, wrong = [], []
    for a, b in combinations(aliases, 2):
        same_gold = owner[a] == owner[b]
        same_found = predicted[a] == predicted[b]
        gold_pairs += same_gold
        found_pairs += same_found
        both += same_gold and same_found
        if same_gold and not same_found:
            missed.append(f"{a} / {b}")
        if same_found and not same_gold:
            wrong.append(f"{a} / {b}")
            wrong_merges += frozenset((owner[a], owner[b])) in forbidden
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return EntityScore(
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        gold_pairs,
        found_pairs,
        wrong_merges,
        len(aliases),
        len(owner),
        tuple(missed),
        tuple(wrong),
    )


def score_demo_entities(settings: Settings) -> EntityScore:
    """Run the demo job into a temporary folder and score its entities."""
    from corroborator.demo import demo_store, gold_path

    with demo_store(settings) as store:
        return score_entities(store, gold_path())
