"""Scoring stories against the demo corpus's gold stories (articles named by URL).

Prints BCubed precision / recall / F1 over the gold articles, the number of stories
found beside the gold number, and how many gold stories were found exactly (the same
articles, no more, no fewer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from corroborator.config import Settings
from corroborator.eval.ecbplus import bcubed
from corroborator.eval.gold import read_gold
from corroborator.store import Store
from corroborator.store.stories import iter_story_rows


@dataclass(frozen=True)
class StoryScore:
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    found: int
    gold: int
    exact_stories: int
    misplaced: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        flat = asdict(self)
        flat["misplaced"] = list(self.misplaced)
        return flat


def load_gold_stories(path: Path) -> dict[str, str]:
    gold = read_gold(path)
    return {url: story["id"] for story in gold.get("stories", []) for url in story["articles"]}


def score_stories(store: Store, gold_path: Path) -> StoryScore:
    gold = load_gold_stories(gold_path)
    predicted: dict[str, str] = {}
    with store.reading() as connection:
        for row in iter_story_rows(connection):
            for member in row["members"]:
                if member["url"]:
                    predicted[member["url"]] = row["id"]
    for url in gold:
        predicted.setdefault(url, f"none:{url}")
    precision, recall, f1 = bcubed(predicted, gold)
    gold_sets: dict[str, set[str]] = {}
    found_sets: dict[str, set[str]] = {}
    for url, story in gold.items():
        gold_sets.setdefault(story, set()).add(url)
        found_sets.setdefault(predicted[url], set()).add(url)
    exact = sum(1 for members in gold_sets.values() if members in found_sets.values())
    # An article is misplaced when its found story's majority gold story is not its own.
    misplaced = []
    for found_members in found_sets.values():
        counts: dict[str, int] = {}
        for url in found_members:
            counts[gold[url]] = counts.get(gold[url], 0) + 1
        majority = max(sorted(counts), key=lambda s: counts[s])
        misplaced += [f"{url} (gold: {gold[url]})" for url in sorted(found_members) if gold[url] != majority]
    return StoryScore(
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        len({predicted[url] for url in gold}),
        len(gold_sets),
        exact,
        tuple(misplaced),
    )


def score_demo_stories(settings: Settings) -> StoryScore:
    """Run the demo job into a temporary folder and score its stories."""
    from corroborator.demo import demo_store, gold_path

    with demo_store(settings) as store:
        return score_stories(store, gold_path())
