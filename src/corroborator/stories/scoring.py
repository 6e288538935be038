"""How well a new article fits a family (a kind of event): meaning of its lead against the
family's mean embedding, and TF-IDF cosines of its lead and full terms against the family's
centroids, within the family's time window.  Pure functions over the stage's state."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from corroborator.config import StoriesSettings
from corroborator.store import story_signals as signals
from corroborator.stories.cluster import cosine
from corroborator.stories.signals import Signal, spelling_key


@dataclass(frozen=True)
class TermWeights:
    """Document frequencies of terms, and the number of articles, as IDF weights."""

    df: dict[str, int]
    total: int

    def weight(self, term: str, log_total: float) -> float:
        return log_total - math.log(self.df.get(term, 0) + 1) + 1.0


def tfidf_cosine(
    terms: dict[str, float],
    centroid: dict[str, float],
    weights: TermWeights,
    norms: dict[str, float],
    kind: str,
) -> float:
    """TF-IDF cosine of an article's terms with a family centroid.  The centroid's weighted
    norm is kept in ``norms`` until the family changes (document frequencies drift a little
    meanwhile), so only the article's terms are weighed."""
    log_total = math.log(weights.total + 1)
    dot = mine = 0.0
    for term, value in terms.items():
        weight = weights.weight(term, log_total) ** 2
        mine += value * value * weight
        theirs = centroid.get(term)
        if theirs is not None:
            dot += value * theirs * weight
    if dot == 0.0:
        return 0.0
    norm = norms.get(kind)
    if norm is None:
        norm = norms[kind] = math.sqrt(
            sum((v * weights.weight(t, log_total)) ** 2 for t, v in centroid.items())
        )
    return dot / (math.sqrt(mine) * norm) if norm else 0.0


FOREIGN_SHARE = 0.3  # an article whose language is this rare in a family is compared across languages
NEAREST = 3  # members an article in another language is compared with
NAMES_AMONG = 10  # the nearest members whose names it is compared with


def family_score(
    family: signals.Family,
    language: str,
    signal: Signal,
    embedding: np.ndarray,
    weights: TermWeights,
    norms: dict[str, float],
    settings: StoriesSettings,
    members: Callable[[], Sequence[signals.Member]] | None = None,
) -> float:
    """The article's score with the family; ``settings.join`` or more joins it.

    In a family where the article's language is rare (under ``FOREIGN_SHARE`` of its
    articles) words do not meet, or meet only the few articles of that language; meaning
    and names do.  The article is then scored against the family's ``members`` nearest to
    it, not against the family's mean, which a family of several events of one kind blurs:
    the mean lead cosine of its ``NEAREST`` nearest members (or with the family's mean, if
    higher) plus that of their bags of names, numbers and dates, which transliteration
    lets meet across scripts, less ``settings.cross_language``."""
    mean = family.embedding_sum / max(family.size, 1)
    norm = float(np.linalg.norm(mean))
    meaning = float(mean @ embedding) / norm if norm else 0.0
    if foreign(family, language):
        across = meaning
        if members is not None:
            across = max(meaning, nearest_members(signal.bag, embedding, members(), weights))
        return across - settings.cross_language + settings.join
    lead = tfidf_cosine(signal.lead_terms, family.lead_sum, weights, norms, "lead")
    full = tfidf_cosine(signal.terms, family.terms_sum, weights, norms, "full")
    return 0.231 * meaning + 0.368 * lead + 0.402 * full


def foreign(family: signals.Family, language: str) -> bool:
    """Whether ``language`` is rare in the family (under ``FOREIGN_SHARE`` of its articles)."""
    return family.languages.get(language, 0) < FOREIGN_SHARE * max(family.size, 1)


def nearest_members(
    bag: dict[str, float], embedding: np.ndarray, members: Sequence[signals.Member], weights: TermWeights
) -> float:
    """How near an article is to its nearest members: the mean lead cosine of the
    ``NEAREST`` nearest plus the mean bag cosine of the ``NEAREST`` highest among the
    ``NAMES_AMONG`` nearest (comparing bags costs more than comparing leads)."""
    if not members:
        return 0.0
    leads = np.vstack([m.embedding for m in members]) @ embedding
    order = np.argsort(-leads)
    log_total = math.log(weights.total + 1)

    def weighted(vector: dict[str, float]) -> dict[str, float]:
        folded: dict[str, float] = {}
        for key, value in vector.items():
            name = spelling_key(key)
            folded[name] = folded.get(name, 0.0) + value * weights.weight(key, log_total)
        return folded

    mine = weighted(bag)
    names = sorted((cosine(mine, weighted(members[i].bag)) for i in order[:NAMES_AMONG]), reverse=True)
    return float(leads[order[:NEAREST]].mean()) + sum(names[:NEAREST]) / len(names[:NEAREST])


def outside_window(day: float | None, family: signals.Family, window: float) -> bool:
    """Whether a dated article falls more than ``window`` days outside a dated family's span."""
    if day is None or family.first_day is None or family.last_day is None:
        return False
    return not family.first_day - window <= day <= family.last_day + window


def earliest(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def latest(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)
